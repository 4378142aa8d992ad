// `npm run bench`: what the "connected on" column costs. A plain export and the same export
// read one day at a time (`withDay`), of 10,000 users spread over a year, for a 30-day and a
// 365-day window: the requests each made, the time each took here (a generous allowance, so
// the run is quick), and what those requests would take at Palenca's 120 a minute at the
// default share (the governor's own estimate, as the pre-export step says it), with the
// bound that step says ("up to N requests") and the ratio of the two exports. A benchmark,
// not a test: it prints figures; it exits non-zero only when the two exports' rows differ or
// a request count is over its bound.
//
// The fake server runs in its own process (test/fake-palenca/cli.ts), as the other benches'.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { UserFilter } from '#common/models.ts';
import { AllowanceGovernor } from '../../electron/backend/allowance/allowance-governor.ts';
import { daysNewestFirst } from '../../electron/backend/export/connected-on.ts';
import {
  accountsLimit,
  exportRequestBound,
  windowDays,
} from '../../electron/backend/export/export-cost.ts';
import {
  DEFAULT_EXPORT_CONCURRENCY,
  exportUsers,
} from '../../electron/backend/export/export-engine.ts';
import { createPalencaClient, type PalencaClient } from '../../electron/backend/palenca/client.ts';
import { DEFAULT_FAKE_KEY } from '../fake-palenca/server.ts';
import { startFakeServerProcess, stopFakeServerProcess } from './fake-server-process.ts';

const TODAY = '2025-06-30';
const FAKE = { users: 10_000, days: 365, seed: 18 };
/** A round trip like a real one's from an office: the figures here are latency-bound. */
const LATENCY_MS = 40;
const CSV = { delimiter: ',', bom: false } as const;

const log = (line: string) => process.stdout.write(`${line}\n`);
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const minutes = (ms: number) =>
  ms < 60_000 ? `${Math.round(ms / 1000)} s` : `${(ms / 60_000).toFixed(1)} min`;
const count = (n: number) => n.toLocaleString('en-US');

interface Run {
  rows: number;
  requests: number;
  ms: number;
  bytes: Buffer;
}

async function runExport(
  client: PalencaClient,
  filter: UserFilter,
  withDay: boolean,
  target: string,
): Promise<Run> {
  let requests = 0;
  const counting: PalencaClient = {
    ...client,
    searchUsers: (query, options) => {
      requests++;
      return client.searchUsers(query, options);
    },
  };
  const started = performance.now();
  const result = await exportUsers({
    client: counting,
    filter,
    targetPath: target,
    csv: CSV,
    columns: { withDay, withAccounts: false },
  });
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return {
    rows: result.value.rows,
    requests,
    ms: performance.now() - started,
    bytes: await readFile(target),
  };
}

/** The plain file's rows, from the day file's: its `connected_on` column taken out. */
const withoutDay = (csv: string): string =>
  csv
    .split('\r\n')
    .map((line, i) =>
      i === 0 ? line.replace(',connected_on', '') : line.replace(/,\d{4}-\d{2}-\d{2}$/, ''),
    )
    .join('\r\n');

async function main(): Promise<boolean> {
  const { baseUrl, child } = await startFakeServerProcess(
    [
      ...['--users', String(FAKE.users), '--days', String(FAKE.days), '--seed', String(FAKE.seed)],
      ...['--today', TODAY, '--latency', String(LATENCY_MS), '--port', '0'],
    ],
    'ignore',
  );
  const dir = await mkdtemp(join(tmpdir(), 'connected-on-bench-'));
  let good = true;
  try {
    const made = createPalencaClient({ baseUrl, apiKey: DEFAULT_FAKE_KEY });
    if (!made.ok) throw new Error(made.error.message);
    const client = made.value;
    // Palenca's documented 120 a minute, the default share (half), nothing learnt yet.
    const palenca = new AllowanceGovernor();
    log(
      `"Connected on" cost: ${count(FAKE.users)} users over ${FAKE.days} days, ${LATENCY_MS} ms a request; paced figures at Palenca's 120 requests a minute, default share (${palenca.share}).`,
    );
    for (const days of [30, 365]) {
      const filter = { from: daysNewestFirst('2000-01-01', TODAY)[days - 1] as string, to: TODAY };
      const plain = await runExport(client, filter, false, join(dir, `plain-${days}.csv`));
      const byDay = await runExport(client, filter, true, join(dir, `day-${days}.csv`));
      const same = withoutDay(byDay.bytes.toString('utf8')) === plain.bytes.toString('utf8');
      if (!same || plain.rows !== byDay.rows) good = false;
      const input = {
        users: plain.rows,
        days: windowDays(filter.from, filter.to),
        withAccounts: false,
      };
      const plainBound = exportRequestBound({ ...input, withDay: false });
      const dayBound = exportRequestBound({ ...input, withDay: true });
      if (plain.requests > plainBound || byDay.requests > dayBound) good = false;
      const paced = (requests: number) =>
        minutes(palenca.estimateMs(requests, DEFAULT_EXPORT_CONCURRENCY));
      log(`\n${days}-day window (${filter.from} to ${filter.to}): ${count(plain.rows)} users`);
      log(
        `  plain export:       ${count(plain.requests)} requests (bound ${count(plainBound)}), ${seconds(plain.ms)} here, ${paced(plain.requests)} at Palenca's pace`,
      );
      log(
        `  with connected_on:  ${count(byDay.requests)} requests (bound ${count(dayBound)}), ${seconds(byDay.ms)} here, ${paced(byDay.requests)} at Palenca's pace`,
      );
      log(
        `  ratio:              ${(byDay.requests / plain.requests).toFixed(1)}× the requests, ${(byDay.ms / plain.ms).toFixed(1)}× the time here; rows ${same ? 'identical' : 'DIFFER'}`,
      );
    }
    const limit = accountsLimit(palenca);
    log(
      `\nAccounts columns: one request per user; at most ${count(limit)} users fit in an hour at the default share (the option is disabled above).`,
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
    await stopFakeServerProcess(child);
  }
  return good;
}

main().then(
  (good) => {
    if (!good) {
      process.stderr.write(
        'connected-on bench: rows differ or a request count is over its bound\n',
      );
      process.exitCode = 1;
    }
  },
  (error: unknown) => {
    process.stderr.write(
      `connected-on bench failed: ${error instanceof Error ? error.stack : error}\n`,
    );
    process.exitCode = 1;
  },
);
