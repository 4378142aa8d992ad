// Starts the fake Palenca server for benchmarks and manual runs; prints its base URL first.
// node --import tsx test/fake-palenca/cli.ts --users N --latency MS --port P
//   [--limit N --window SECONDS --others N-PER-WINDOW --skew MS]   (Palenca: --limit 120 --window 60)
//   [--logins-cap N]   (most attempts per logins page; default 100)
// About 10,000 attempts in a 30-day window: --users 2500 --days 30.
import { parseArgs } from 'node:util';
import { PALENCA_ALLOWANCE, startFakePalenca } from './server.ts';

const { values } = parseArgs({
  options: {
    users: { type: 'string' },
    latency: { type: 'string' },
    port: { type: 'string' },
    today: { type: 'string' },
    days: { type: 'string' },
    seed: { type: 'string' },
    key: { type: 'string' },
    limit: { type: 'string' },
    window: { type: 'string' },
    others: { type: 'string' },
    skew: { type: 'string' },
    'logins-cap': { type: 'string' },
  },
});

const num = (text: string | undefined): number | undefined =>
  text === undefined ? undefined : Number(text);

// Any allowance flag switches from the server's generous default; the rest take Palenca's values.
const allowance =
  values.limit || values.window || values.others
    ? {
        limit: num(values.limit) ?? PALENCA_ALLOWANCE.limit,
        windowMs: (num(values.window) ?? PALENCA_ALLOWANCE.windowMs / 1000) * 1000,
        otherTraffic: num(values.others) ?? 0,
      }
    : undefined;

const fake = await startFakePalenca({
  ...(values.users ? { users: Number(values.users) } : {}),
  ...(values.latency ? { latencyMs: Number(values.latency) } : {}),
  ...(values.today ? { today: values.today } : {}),
  ...(values.days ? { days: Number(values.days) } : {}),
  ...(values.seed ? { seed: Number(values.seed) } : {}),
  ...(values.key ? { apiKey: values.key } : {}),
  ...(num(values.port) ? { port: num(values.port) } : {}),
  ...(allowance ? { allowance } : {}),
  ...(values.skew ? { clockSkewMs: Number(values.skew) } : {}),
  ...(values['logins-cap'] ? { loginsPageCap: Number(values['logins-cap']) } : {}),
});
process.stdout.write(`${fake.baseUrl}\n`);
const paced = allowance ? `; ${allowance.limit} requests per ${allowance.windowMs / 1000} s` : '';
process.stderr.write(`fake Palenca listening; key ${fake.apiKey}${paced}; Ctrl+C to stop\n`);

const stop = () => {
  void fake.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
