// `npm run bench`: exports under Palenca's request allowance (scaled down) against their floor,
// the export engine against a baseline written the way Palenca's own sample does it, then the
// engine's peak memory at 100,000 and 1,000,000 users, and of a 1,000,000-user Excel workbook
// beside the CSV's (issue 18: under 300 MB). A benchmark, not a test: it prints figures and the
// issues' targets, and never fails a build.
//
// The fake server runs in its own process (so its memory and CPU are not the exporter's). Each
// large export runs the built CLI (`out/cli/palenca-users.js export`, as shipped: plain Node,
// no TypeScript loader) in its own process, so its peak RSS is the exporter's alone. The
// workbook is the same command with `--out users.xlsx`: the same engine, with the workbook sink
// (xlsx-sink.ts) in place of the CSV's.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { PalencaUser } from '#common/models.ts';
import { AllowanceGovernor } from '../../electron/backend/allowance/allowance-governor.ts';
import { csvPreamble, encodeUsers } from '../../electron/backend/export/csv-format.ts';
import { EXPORT_PAGE_SIZE, exportUsers } from '../../electron/backend/export/export-engine.ts';
import { createPalencaClient, type PalencaClient } from '../../electron/backend/palenca/client.ts';
import { DEFAULT_FAKE_KEY, startFakePalenca } from '../fake-palenca/server.ts';
import { startFakeServerProcess, stopFakeServerProcess } from './fake-server-process.ts';

const LATENCY_MS = 50;
/** Peak RSS varies by about ±15 MB between identical runs: each size runs this many times. */
const MEMORY_RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 3));
const TODAY = '2025-06-30';
const DAYS = 400;
// Wide enough to hold every generated user.
const FILTER = { from: '2020-01-01', to: TODAY };
const CSV = { delimiter: ',', bom: false } as const;
const HERE = new URL('.', import.meta.url).pathname;
const ROOT = join(HERE, '..', '..');

const CLI = join(ROOT, 'out/cli/palenca-users.js');
/** The workbook's size: the issue's 1,000,000 users, one sheet (Excel's limit is 1,048,576 rows). */
const WORKBOOK_USERS = 1_000_000;
const PEAK_RSS_HOOK = join(HERE, 'report-peak-rss.mjs');

interface CliReport {
  rows: number;
  ms: number;
  peakRssMb: number;
  bytes: number;
}

/** One engine export to `out`, in this process. */
async function engineExport(
  client: PalencaClient,
  out: string,
): Promise<{ rows: number; ms: number }> {
  const started = performance.now();
  const result = await exportUsers({
    client,
    filter: FILTER,
    targetPath: out,
    csv: CSV,
  });
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return { rows: result.value.rows, ms: performance.now() - started };
}

async function baselinePage(baseUrl: string, page: number) {
  const response = await fetch(`${baseUrl}/users/search`, {
    method: 'POST',
    headers: { 'x-api-key': DEFAULT_FAKE_KEY, 'content-type': 'application/json' },
    body: JSON.stringify({
      start_date: FILTER.to,
      end_date: FILTER.from,
      options: { items_per_page: 50, page },
    }),
  });
  return (await response.json()) as {
    data: { users: PalencaUser[] };
    pagination: { total_pages: number };
  };
}

/** The seed's way: one request at a time, 50 a page, every user collected, then written. */
async function baselineExport(baseUrl: string, out: string): Promise<{ rows: number; ms: number }> {
  const started = performance.now();
  const users: PalencaUser[] = [];
  for (let page = 1; ; page++) {
    const body = await baselinePage(baseUrl, page);
    users.push(...body.data.users);
    if (page >= body.pagination.total_pages) break;
  }
  await writeFile(out, csvPreamble(CSV) + encodeUsers(users, CSV.delimiter));
  return { rows: users.length, ms: performance.now() - started };
}

/** Starts `test/fake-palenca/cli.ts` in a child process; resolves with its base URL. */
const startFakeServer = (users: number) =>
  startFakeServerProcess(
    [
      ...['--users', String(users), '--latency', String(LATENCY_MS), '--port', '0'],
      ...['--today', TODAY, '--days', String(DAYS)],
      // No allowance to speak of: these figures are about latency and memory alone.
      ...['--limit', '1000000', '--window', '60'],
    ],
    'inherit',
  );

/**
 * `palenca-users export` (the built CLI) in a fresh Node process, with its peak RSS. The
 * format follows `out`'s extension (.xlsx: a workbook). Its "since the last export" notes go
 * to `stateDir`, never the machine's own.
 */
function cliExport(
  baseUrl: string,
  out: string,
  rssFile: string,
  stateDir: string,
): Promise<CliReport> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        pathToFileURL(PEAK_RSS_HOOK).href,
        CLI,
        ...['export', '--env', 'sandbox', '--from', FILTER.from, '--to', FILTER.to, '--out', out],
        ...['--share', '100', '--state-dir', stateDir],
      ],
      {
        cwd: ROOT,
        env: {
          ...process.env,
          PALENCA_API_URL: baseUrl,
          PALENCA_API_KEY: DEFAULT_FAKE_KEY,
          BENCH_PEAK_RSS_FILE: rssFile,
        },
        // stderr holds the estimate line and any error: kept for the error, not printed.
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let text = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      text += chunk.toString('utf8');
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      text += chunk.toString('utf8');
    });
    child.once('exit', async (code) => {
      const ms = performance.now() - started;
      const rows = Number(/Exported (\d+) users/.exec(text)?.[1]);
      if (code !== 0 || !Number.isFinite(rows)) {
        reject(new Error(`palenca-users export exited with ${code}: ${text.trim()}`));
        return;
      }
      const peakRssMb = Number(await readFile(rssFile, 'utf8')) / 1024;
      resolve({ rows, ms, peakRssMb, bytes: (await stat(out)).size });
    });
  });
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const mb = (n: number) => `${n.toFixed(0)} MB`;
const mark = (good: boolean) => (good ? 'met' : 'NOT met');
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
};

function machine(): string {
  const cpu = cpus()[0]?.model.trim() ?? 'unknown CPU';
  let os = `${process.platform} ${process.arch}`;
  try {
    os = execFileSync('uname', ['-sr'], { encoding: 'utf8' }).trim();
  } catch {}
  return `${cpu}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GB RAM, ${os}, Node ${process.versions.node}`;
}

/** The paced section's allowance: Palenca's 120 a minute scaled to 40 per 2-second window. */
const PACED = { users: 20_000, limit: 40, windowMs: 2000 };

interface PacedRun {
  share: number;
  ms: number;
  floorMs: number;
  refused: number;
  mostInAWindow: number;
  shareOfWindow: number;
  /** A page of the table asked for while the export runs: how long it took. */
  searchMs: number | null;
}

/**
 * One export of PACED.users under the scaled allowance, with a fresh governor at `share`, in
 * this process against a fake in this process (pacing, not CPU, sets the time here). Part-way,
 * a page search goes through the same governor, as the table would during an export.
 */
async function pacedExport(share: number, dir: string): Promise<PacedRun> {
  const fake = await startFakePalenca({
    users: PACED.users,
    today: TODAY,
    days: DAYS,
    latencyMs: LATENCY_MS,
    allowance: { limit: PACED.limit, windowMs: PACED.windowMs },
  });
  try {
    const governor = new AllowanceGovernor({ share });
    const client = createPalencaClient({ baseUrl: fake.baseUrl, apiKey: fake.apiKey, governor });
    if (!client.ok) throw new Error(client.error.message);
    let searchMs: number | null = null;
    const search = new Promise<void>((resolve) => {
      setTimeout(async () => {
        const asked = performance.now();
        const page = await client.value.searchUsers({ ...FILTER, page: 1, perPage: 50 });
        if (page.ok) searchMs = performance.now() - asked;
        resolve();
      }, 3 * PACED.windowMs);
    });
    const started = performance.now();
    const result = await exportUsers({
      client: client.value,
      filter: FILTER,
      targetPath: join(dir, `paced-${share}.csv`),
      csv: CSV,
      allowance: governor,
    });
    const ms = performance.now() - started;
    await search;
    if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
    if (result.value.rows !== PACED.users) throw new Error(`exported ${result.value.rows} rows`);
    const pages = Math.ceil(PACED.users / EXPORT_PAGE_SIZE);
    const perWindow = Math.floor(share * PACED.limit);
    return {
      share,
      ms,
      floorMs: Math.ceil(pages / perWindow) * PACED.windowMs,
      refused: fake.requests.filter((r) => r.refused).length,
      mostInAWindow: Math.max(...fake.windowUsage().values()),
      shareOfWindow: perWindow,
      searchMs,
    };
  } finally {
    await fake.close();
  }
}

async function pacedSection(dir: string, log: (line: string) => void): Promise<void> {
  const runs = [await pacedExport(0.5, dir), await pacedExport(1, dir)];
  const pages = Math.ceil(PACED.users / EXPORT_PAGE_SIZE);
  log(
    `Paced: ${PACED.users.toLocaleString('en-US')} users (${pages} pages) under ${PACED.limit} requests per ${PACED.windowMs / 1000}-second window, nobody else using it`,
  );
  log('  share     time   floor  time/floor  429s  most in a window (share)  search during');
  for (const run of runs) {
    const ratio = run.ms / run.floorMs;
    log(
      `  ${`${run.share * 100}%`.padEnd(5)}${seconds(run.ms).padStart(8)}${seconds(run.floorMs).padStart(8)}${`${ratio.toFixed(2)}x`.padStart(12)}${String(run.refused).padStart(6)}${`${run.mostInAWindow} (${run.shareOfWindow})`.padStart(26)}${(run.searchMs === null ? 'failed' : seconds(run.searchMs)).padStart(15)}`,
    );
  }
  const worst = Math.max(...runs.map((r) => r.ms / r.floorMs));
  const refused = runs.reduce((n, r) => n + r.refused, 0);
  const within = runs.every((r) => r.mostInAWindow <= r.shareOfWindow);
  const search = Math.max(...runs.map((r) => r.searchMs ?? Number.POSITIVE_INFINITY));
  log(
    `  time / floor, worst            ${`${worst.toFixed(2)}x`.padStart(7)}  target <= 1.15x: ${mark(worst <= 1.15)}`,
  );
  log(
    `  429s drawn                     ${String(refused).padStart(7)}  target 0: ${mark(refused === 0)}`,
  );
  log(
    `  own requests within the share  ${(within ? 'yes' : 'no').padStart(7)}  in every window: ${mark(within)}`,
  );
  log(
    `  page search during the export  ${seconds(search).padStart(7)}  target within one window (${seconds(PACED.windowMs)}): ${mark(search <= PACED.windowMs)}`,
  );
  log('');
}

async function main() {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` first.`);
  const dir = await mkdtemp(join(tmpdir(), 'palenca-bench-'));
  const log = (line: string) => process.stdout.write(`${line}\n`);
  log(`Export benchmark: fake Palenca in a child process, ${LATENCY_MS} ms latency per request`);
  log(`Machine: ${machine()}`);
  log('');
  try {
    // 0. The allowance: paced exports against their floor.
    await pacedSection(dir, log);

    // 1. Speed: engine versus the seed's sample, 20,000 users, both in this process.
    const small = await startFakeServer(20_000);
    let engine: { rows: number; ms: number };
    let baseline: { rows: number; ms: number };
    try {
      const client = createPalencaClient({ baseUrl: small.baseUrl, apiKey: DEFAULT_FAKE_KEY });
      if (!client.ok) throw new Error(client.error.message);
      // Warm both paths (connections, JIT) so neither pays the start-up cost in its figure.
      await client.value.searchUsers({ ...FILTER, page: 1, perPage: 150 });
      await baselinePage(small.baseUrl, 1);
      baseline = await baselineExport(small.baseUrl, join(dir, 'baseline-20k.csv'));
      engine = await engineExport(client.value, join(dir, 'engine-20k.csv'));
    } finally {
      await stopFakeServerProcess(small.child);
    }
    if (engine.rows !== baseline.rows) {
      throw new Error(`row counts differ: engine ${engine.rows}, baseline ${baseline.rows}`);
    }
    const speedup = baseline.ms / engine.ms;
    log('20,000 users                           time   rows');
    log(
      `  baseline (1 at a time, 50 a page) ${seconds(baseline.ms).padStart(8)}  ${baseline.rows}`,
    );
    log(`  engine (150 a page, 4 in flight)  ${seconds(engine.ms).padStart(8)}  ${engine.rows}`);
    log(
      `  speed-up                          ${`${speedup.toFixed(1)}x`.padStart(8)}  target >= 8x: ${mark(speedup >= 8)}`,
    );
    log('');

    // 2. Memory: `palenca-users export` at 100,000 and 1,000,000 users, each run in its own
    // process, several runs a size; the median is compared and the range shown beside it.
    // The 1,000,000 users are exported again as a workbook against the same server.
    const sizes = [100_000, WORKBOOK_USERS];
    const stateDir = join(dir, 'cli-state');
    const runs: CliReport[][] = [];
    const workbookRuns: CliReport[] = [];
    for (const users of sizes) {
      const server = await startFakeServer(users);
      const mine: CliReport[] = [];
      try {
        for (let run = 1; run <= MEMORY_RUNS; run++) {
          const out = join(dir, `export-${users}.csv`);
          const rss = join(dir, `rss-${users}-${run}`);
          mine.push(await cliExport(server.baseUrl, out, rss, stateDir));
          await rm(out, { force: true });
        }
        for (let run = 1; users === WORKBOOK_USERS && run <= MEMORY_RUNS; run++) {
          const out = join(dir, `export-${users}.xlsx`);
          const rss = join(dir, `rss-${users}-xlsx-${run}`);
          workbookRuns.push(await cliExport(server.baseUrl, out, rss, stateDir));
          await rm(out, { force: true });
        }
      } finally {
        await stopFakeServerProcess(server.child);
      }
      runs.push(mine);
    }
    log(`palenca-users export, each in its own process; median of ${MEMORY_RUNS} runs a size`);
    log('                                     time      rows      file  peak RSS  (range)');
    const line = (label: string, mine: CliReport[]): number => {
      const peaks = mine.map((r) => r.peakRssMb);
      const first = mine[0] as CliReport;
      const peak = median(peaks);
      log(
        `  ${label.padEnd(30)}${seconds(median(mine.map((r) => r.ms))).padStart(9)}  ${String(first.rows).padStart(8)}  ${mb(first.bytes / 2 ** 20).padStart(8)}  ${mb(peak).padStart(8)}  (${Math.min(...peaks).toFixed(0)}–${Math.max(...peaks).toFixed(0)})`,
      );
      return peak;
    };
    const medians = runs.map((mine, i) =>
      line(`${(sizes[i] ?? 0).toLocaleString('en-US')} users`, mine),
    );
    const workbook = line(`${WORKBOOK_USERS.toLocaleString('en-US')} users, .xlsx`, workbookRuns);
    const [hundredK, million] = medians;
    if (hundredK && million) {
      const ratio = million / hundredK;
      log(
        `  1M peak RSS                   ${mb(million).padStart(9)}  target < 200 MB: ${mark(million < 200)}`,
      );
      log(
        `  1M / 100k peak RSS            ${`${ratio.toFixed(2)}x`.padStart(9)}  target <= 1.3x: ${mark(ratio <= 1.3)}`,
      );
      log(
        `  1M workbook peak RSS          ${mb(workbook).padStart(9)}  target < 300 MB: ${mark(workbook < 300)}`,
      );
      log(
        `  1M workbook / 1M CSV peak RSS ${`${(workbook / million).toFixed(2)}x`.padStart(9)}  (the same engine; the workbook sink in place of the CSV's)`,
      );
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
