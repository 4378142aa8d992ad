// The export engine on a fake Palenca server, as the engine tests set it up: one fake for the
// describe block, a client on it, a fresh temp folder per test, and `run` with the block's
// filter and CSV options; plus what those tests read back (the CSV, the searches made).
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before } from 'node:test';
import { parse } from 'csv-parse/sync';
import { exportUsers } from '../../electron/backend/export/export-engine.ts';
import type { PalencaClient } from '../../electron/backend/palenca/client.ts';
import {
  type FakePalenca,
  type FakePalencaOptions,
  type FakeUser,
  startFakePalenca,
} from '../fake-palenca/server.ts';
import { clientOn, type FakeClientOptions } from './fake-client.ts';

export type ExportArgs = Parameters<typeof exportUsers>[0];

/** Retries a test does not wait seconds for: a few, milliseconds apart. */
export const QUICK_TUNING = { attempts: 4, backoffBaseMs: 5, backoffMaxMs: 20, timeoutMs: 2000 };
export const QUICK_PAGE_RETRY = { attempts: 3, baseMs: 5, maxMs: 20 };

/** The value a person reads back in a spreadsheet: the documented apostrophe on formulas. */
export const shown = (value: string | null): string =>
  value === null ? '' : /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;

/** The rows a plain export (no extra columns) writes for `users`, in their order. */
export const plainRows = (users: FakeUser[]): string[][] =>
  users.map((u) => [u.user_id, shown(u.external_id), u.widget_id]);

/** The rows of a file the engine saved (CRLF rows, a byte-order mark allowed). */
export const readCsv = async (path: string, delimiter?: string): Promise<string[][]> =>
  parse(await readFile(path), {
    bom: true,
    ...(delimiter === undefined ? {} : { delimiter }),
    record_delimiter: '\r\n',
  }) as string[][];

/** The user searches the fake answered (a refused one asked nothing of Palenca). */
export const searches = (fake: FakePalenca): number =>
  fake.requests.filter((r) => r.path.endsWith('/users/search') && !r.refused).length;

/** `client` with its searches counted while in flight: `peak()` is the most at once. */
export function countingSearches(client: PalencaClient): {
  client: PalencaClient;
  peak: () => number;
} {
  let now = 0;
  let peak = 0;
  return {
    client: {
      ...client,
      searchUsers: async (query, options) => {
        peak = Math.max(peak, ++now);
        try {
          return await client.searchUsers(query, options);
        } finally {
          now--;
        }
      },
    },
    peak: () => peak,
  };
}

export interface EngineFixtureOptions {
  fake: FakePalencaOptions;
  client: FakeClientOptions;
  /** What every `run` passes unless the test says otherwise. */
  defaults: Omit<ExportArgs, 'client' | 'targetPath'>;
  /** The temp folders' name prefix, e.g. 'palenca-with-day-'. */
  tempPrefix: string;
  /** A new client for each `run` (its own governor) instead of one for the block. */
  clientPerRun?: boolean;
  /** What is undone after each test; the fake's own reset unless said. */
  reset?: (fake: FakePalenca) => void;
}

export interface EngineFixture {
  readonly fake: FakePalenca;
  readonly client: PalencaClient;
  /** The folder the last freshDir made. */
  readonly dir: string;
  /** A client of its own on the block's fake. */
  newClient(): PalencaClient;
  /** A new empty folder, removed after the test. */
  freshDir(): Promise<string>;
  run(target: string, extra?: Partial<ExportArgs>): ReturnType<typeof exportUsers>;
}

/** Registers the block's before/after/afterEach hooks: call it inside a `describe`. */
export function engineFixture(options: EngineFixtureOptions): EngineFixture {
  let fake: FakePalenca | undefined;
  let client: PalencaClient | undefined;
  let dir: string | undefined;
  const started = () => {
    if (!fake || !client) throw new Error('the fake Palenca is not started yet');
    return { fake, client };
  };
  before(async () => {
    fake = await startFakePalenca(options.fake);
    client = clientOn(fake, options.client);
  });
  after(() => fake?.close());
  afterEach(async () => {
    const { fake } = started();
    (options.reset ?? ((f) => f.resetBetweenTests()))(fake);
    if (dir) await rm(dir, { recursive: true, force: true });
  });
  const fixture: EngineFixture = {
    get fake() {
      return started().fake;
    },
    get client() {
      return started().client;
    },
    get dir() {
      if (!dir) throw new Error('no freshDir yet');
      return dir;
    },
    newClient: () => clientOn(started().fake, options.client),
    freshDir: async () => {
      dir = await mkdtemp(join(tmpdir(), options.tempPrefix));
      return dir;
    },
    run: (target, extra = {}) =>
      exportUsers({
        client: options.clientPerRun ? fixture.newClient() : started().client,
        targetPath: target,
        ...options.defaults,
        ...extra,
      }),
  };
  return fixture;
}
