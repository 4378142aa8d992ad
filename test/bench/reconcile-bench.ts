// `npm run bench`: "Reconcile a list" of 5,000 external IDs under a scaled allowance, against
// the figure: at most ceil(5000 / share-per-window) allowance windows × 1.15. Prints
// both and their ratio; exits non-zero when the windows used are over that bound, when the
// requests are not exactly one search per ID, or when Palenca refused any.
//
// Share-per-window is what the governor really grants background work in one window:
// `backgroundPerWindow`, the share (floor(share × limit)) less the few requests it keeps for
// interactive calls. The bound with the plain floor(share × limit) is printed too.
//
// The fake server runs in its own process (test/fake-palenca/cli.ts), so its work does not
// slow the lookups' own; the windows are counted from its answers' X-RateLimit-Reset. Its
// users are known here from the same pure function of its options (user-set.ts).
import { ALL_TIME_FROM, localDay } from '#common/days.ts';
import { AllowanceGovernor } from '../../electron/backend/allowance/allowance-governor.ts';
import { createPalencaClient } from '../../electron/backend/palenca/client.ts';
import { lookUpAll, RECONCILE_CONCURRENCY } from '../../electron/backend/reconcile/look-up-all.ts';
import { ReconcileState } from '../../electron/backend/reconcile/reconcile-state.ts';
import { DEFAULT_FAKE_KEY } from '../fake-palenca/server.ts';
import { customerIdsOf, UserSet } from '../fake-palenca/user-set.ts';
import { startFakeServerProcess, stopFakeServerProcess } from './fake-server-process.ts';

/** Palenca's 120 a minute scaled to 200 per 2-second window: the run takes under two minutes. */
const PACED = { limit: 200, windowMs: 2000, share: 0.5 };
const FAKE = { users: 2000, days: 400, seed: 21 };
const IDS = 5000;
const KNOWN = 500;
const LATENCY_MS = 5;
const TOLERANCE = 1.15;

const log = (line: string) => process.stdout.write(`${line}\n`);
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

const startFakeServer = (today: string) =>
  startFakeServerProcess(
    [
      ...['--users', String(FAKE.users), '--days', String(FAKE.days), '--seed', String(FAKE.seed)],
      ...['--today', today, '--latency', String(LATENCY_MS), '--port', '0'],
      ...['--limit', String(PACED.limit), '--window', String(PACED.windowMs / 1000)],
    ],
    'ignore',
  );

async function main(): Promise<boolean> {
  const today = localDay(new Date());
  const { baseUrl, child } = await startFakeServer(today);
  try {
    // Some IDs Palenca knows (the fake's customers), most not, interleaved.
    const users = new UserSet({ users: FAKE.users, today, days: FAKE.days, seed: FAKE.seed });
    const known = customerIdsOf(users.all(ALL_TIME_FROM, today), KNOWN);
    const ids: string[] = [];
    for (let i = 0; ids.length < IDS; i++) {
      const next = i % 10 === 0 ? known.shift() : undefined;
      ids.push(next ?? `absent-${i}`);
    }

    // Each answer's window (its reset, Unix seconds) and whether it was refused.
    const answered = new Map<number, number>();
    let refused = 0;
    let sent = 0;
    const counting: typeof fetch = async (input, init) => {
      sent++;
      const response = await fetch(input, init);
      if (response.status === 429) refused++;
      else {
        const reset = Number(response.headers.get('x-ratelimit-reset'));
        answered.set(reset, (answered.get(reset) ?? 0) + 1);
      }
      return response;
    };

    const governor = new AllowanceGovernor({ share: PACED.share });
    const client = createPalencaClient({
      baseUrl,
      apiKey: DEFAULT_FAKE_KEY,
      governor,
      fetch: counting,
    });
    if (!client.ok) throw new Error(client.error.message);
    const state = new ReconcileState({
      environment: 'production',
      withStatus: false,
      ids,
      results: [],
      startedAt: new Date().toISOString(),
    });
    const started = performance.now();
    const result = await lookUpAll({
      client: client.value,
      ids,
      has: (id) => state.has(id),
      record: (row) => state.record(row),
      withStatus: false,
      signal: new AbortController().signal,
    });
    const ms = performance.now() - started;
    if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);

    const resets = [...answered.keys()];
    // Every window from the first request's to the last's: an empty one in between is time too.
    const windows = ((Math.max(...resets) - Math.min(...resets)) * 1000) / PACED.windowMs + 1;
    const granted = governor.backgroundPerWindow;
    const plain = Math.floor(PACED.share * PACED.limit);
    const bound = Math.ceil(IDS / granted);
    const mostInAWindow = Math.max(...answered.values());
    const ratio = windows / bound;
    const good =
      result.value === 'done' &&
      state.done === IDS &&
      sent === IDS &&
      refused === 0 &&
      windows <= bound * TOLERANCE &&
      mostInAWindow <= plain;

    log(
      `Reconcile: ${IDS.toLocaleString('en-US')} IDs (${state.found} found), ${PACED.limit} requests per ${PACED.windowMs / 1000}-second window, ${PACED.share * 100}% share, ${LATENCY_MS} ms latency, ${RECONCILE_CONCURRENCY} in flight`,
    );
    log(
      `  share per window: ${granted} (the governor's background share: floor(${PACED.share} × ${PACED.limit}) = ${plain}, less its interactive reserve)`,
    );
    log(
      `  windows used: ${windows} vs bound ceil(${IDS} / ${granted}) = ${bound}: ratio ${ratio.toFixed(3)} (target ≤ ${TOLERANCE}) — ${windows <= bound * TOLERANCE ? 'met' : 'NOT met'}`,
    );
    log(
      `  (with the plain share of ${plain} a window the bound would be ${Math.ceil(IDS / plain)}: ratio ${(windows / Math.ceil(IDS / plain)).toFixed(3)})`,
    );
    log(
      `  requests: ${sent.toLocaleString('en-US')} sent (one search per ID), ${refused} refused (429), at most ${mostInAWindow} in a window; ${seconds(ms)}`,
    );
    // Where any extra windows went: the first ones, while the governor learns the window's
    // length, and a busy machine's late sends.
    const perWindow = [...answered.entries()].sort((a, b) => a[0] - b[0]);
    log(`  per window: ${perWindow.map(([, count]) => count).join(' ')}`);
    return good;
  } finally {
    await stopFakeServerProcess(child);
  }
}

main().then(
  (good) => {
    if (!good) {
      log('reconcile bench: the figure was NOT met');
      process.exitCode = 1;
    }
  },
  (error) => {
    log(`reconcile bench failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
