// Starts the fake Palenca server for benchmarks and manual runs; prints its base URL first.
// node --import tsx test/fake-palenca/cli.ts --users N --latency MS --port P
import { parseArgs } from 'node:util';
import { startFakePalenca } from './server.ts';

const { values } = parseArgs({
  options: {
    users: { type: 'string' },
    latency: { type: 'string' },
    port: { type: 'string' },
    today: { type: 'string' },
    days: { type: 'string' },
    seed: { type: 'string' },
    key: { type: 'string' },
  },
});

const num = (text: string | undefined): number | undefined =>
  text === undefined ? undefined : Number(text);

const fake = await startFakePalenca({
  ...(values.users ? { users: Number(values.users) } : {}),
  ...(values.latency ? { latencyMs: Number(values.latency) } : {}),
  ...(values.today ? { today: values.today } : {}),
  ...(values.days ? { days: Number(values.days) } : {}),
  ...(values.seed ? { seed: Number(values.seed) } : {}),
  ...(values.key ? { apiKey: values.key } : {}),
  ...(num(values.port) ? { port: num(values.port) } : {}),
});
process.stdout.write(`${fake.baseUrl}\n`);
process.stderr.write(`fake Palenca listening; key ${fake.apiKey}; Ctrl+C to stop\n`);

const stop = () => {
  void fake.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
