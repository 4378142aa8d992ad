// A fake Palenca API on loopback, faithful to Palenca's API reference, with switchable
// faults (rate limits, proxies' HTML pages, dropped connections…) for tests and benchmarks.
//
// Endpoints: POST /v1/users/search; GET /v1/users/{id}/accounts; GET /v1/accounts/{id} (any
// account of the current users); GET /v1/accounts/{id}/user (its owner); POST
// /v1/logins/search (the connection attempts created on the window's UTC days, newest first,
// validated as users/search is). Each account has 1–3 attempts (logins.ts), the last with the
// account's own status: about 2 × 2 attempts per user, so `users: 2500, days: 30` gives some
// 10,000 attempts in a 30-day window. Logins pages hold at most `loginsPageCap` (default 100)
// whatever was asked, and `items_per_page` says the size used: Palenca publishes no largest.
// Every path is counted by the allowance and honours latency and faults alike.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AccountBook } from './account-book.ts';
import { accountDetails } from './accounts.ts';
import { type AllowanceSettings, type AllowanceState, FixedWindowAllowance } from './allowance.ts';
import { parseDay, todayUtc } from './days.ts';
import type { FakeLogin } from './logins.ts';
import { validateSearch } from './search-validation.ts';
import { type FakeUser, UserSet } from './user-set.ts';

export type { AllowanceSettings } from './allowance.ts';
export { PALENCA_ALLOWANCE, QUICK_WINDOWS } from './allowance.ts';
export type { FakeLogin } from './logins.ts';
export type { FakeUser } from './user-set.ts';

export interface FakePalencaOptions {
  apiKey?: string;
  /** Number of generated users; default 250. Cheap at any size. */
  users?: number;
  /** YYYY-MM-DD, the newest day that has users; default the current UTC day. */
  today?: string;
  /** How many days back the users spread over; default 400. */
  days?: number;
  latencyMs?: number;
  seed?: number;
  /** Loopback port to listen on; default 0 (any free port). */
  port?: number;
  /**
   * The request allowance (see allowance.ts); default 10,000 per 60 s with no other traffic:
   * generous on purpose so tests of other things are never paced. Tests of pacing pass
   * Palenca's own 120 per 60_000 (PALENCA_ALLOWANCE) or a scaled one such as 40 per 2_000.
   */
  allowance?: { limit: number; windowMs: number; otherTraffic?: number };
  /** How far the server's clock runs ahead of this machine's (negative: behind); default 0. */
  clockSkewMs?: number;
  /** Every page of two or more users repeats its first user in second place (same count). */
  duplicateUserInPage?: boolean;
  /** Every search answers one user more than it asked for (items_per_page still says as asked). */
  overFullPage?: boolean;
  /** The most attempts a logins page holds, whatever was asked; default 100. */
  loginsPageCap?: number;
}

/** Generous on purpose: the many tests of other things must not be slowed by pacing. */
const DEFAULT_ALLOWANCE: AllowanceSettings = { limit: 10_000, windowMs: 60_000, otherTraffic: 0 };

export type Fault =
  | {
      kind: 'rate_limited';
      retryAfter?: string;
      /** Overrides the answer's headers (X-RateLimit-*…); null removes one, e.g. a proxy's 429. */
      headers?: Record<string, string | null>;
    }
  | { kind: 'unavailable' }
  | { kind: 'gateway_timeout' }
  | { kind: 'html_502' }
  | { kind: 'not_json' }
  | { kind: 'wrong_shape' }
  | { kind: 'drop' }
  | { kind: 'server_error' }
  /**
   * A 200 whose body (the start of a users page that never ends) is `bytes` long, written in
   * 64 KiB chunks as fast as the client reads them, until it stops reading. With
   * `declareLength`, a Content-Length says the size up front. See `streamed`.
   */
  | { kind: 'oversized'; bytes: number; declareLength?: boolean }
  /** Headers and the start of a body, then nothing, ever (until the client hangs up). */
  | { kind: 'stalled_body' }
  /** Any status and body as given: an error body echoing the key, for instance. */
  | { kind: 'raw'; status: number; body: string; contentType?: string };

/** What became of one answer the fake streamed (`oversized`, `stalled_body`). */
export interface StreamedAnswer {
  kind: 'oversized' | 'stalled_body';
  /** Body bytes handed to the socket so far. */
  bytesWritten: number;
  /** Whether the whole body was written. */
  complete: boolean;
  /** Whether the connection has closed (the client hung up, or the body ended). */
  closed: boolean;
}

export interface RecordedRequest {
  method: string;
  path: string;
  /** The parsed JSON body; the raw text when it was not JSON; undefined when empty. */
  body: unknown;
  /** Whether an `x-api-key` header came; the key itself is never recorded. */
  apiKeyPresent: boolean;
  at: number;
  /** Server ms (clock skew applied) of the allowance window it was counted, or refused, in. */
  windowStart: number;
  /** Whether the allowance was spent, so it was answered 429 and not counted. */
  refused: boolean;
}

export interface FakePalenca {
  baseUrl: string;
  apiKey: string;
  /** Makes the next `count` requests (default 1) answer with `fault`. */
  failNext(fault: Fault, count?: number): void;
  /** Every request answers with `fault` until `setFault(null)`. */
  setFault(fault: Fault | null): void;
  setLatency(ms: number): void;
  /** Turns the repeated user of `duplicateUserInPage` on or off. */
  setDuplicateUserInPage(on: boolean): void;
  /** Turns the extra user of `overFullPage` on or off. */
  setOverFullPage(on: boolean): void;
  /** The answers streamed by `oversized` and `stalled_body` faults, oldest first. */
  streamed: StreamedAnswer[];
  /** Called before each request is answered; tests use it to change users between requests. */
  onRequest(hook: ((req: RecordedRequest) => void) | null): void;
  /** New users, the newest of `day` (default today), with `externalId` when given. */
  insertUsers(count: number, day?: string, externalId?: string | null): void;
  /** Deletes `count` users spread through the set. */
  deleteUsers(count: number): void;
  /** Every user currently in the window, newest first. */
  usersInWindow(from: string, to: string, externalId?: string): FakeUser[];
  /**
   * Every connection attempt created from `from` to `to` (UTC days, inclusive), newest
   * first: exactly what `POST /logins/search` pages through. Empty for a reversed window.
   */
  loginsInWindow(from: string, to: string): FakeLogin[];
  /** The most attempts a logins page holds from now on (at least 1). */
  setLoginsPageCap(cap: number): void;
  countInWindow(from: string, to: string): number;
  setAllowance(patch: Partial<AllowanceSettings>): void;
  setClockSkew(ms: number): void;
  /** The other integration spends everything left: every request is 429 until the next window. */
  exhaustWindow(): void;
  /** For each window start, how many recorded requests it accepted (other traffic not counted). */
  windowUsage(): Map<number, number>;
  requests: RecordedRequest[];
  /**
   * Undoes what a test sets for itself, for the next test: no fault (lasting or queued), the
   * latency and logins page cap it started with, no hook, no request recorded. Users and the
   * allowance stay as they are.
   */
  resetBetweenTests(): void;
  close(): Promise<void>;
}

export const DEFAULT_FAKE_KEY = 'sk_test_fake_0123456789abcdef';
const MAX_BODY_BYTES = 1_000_000;

const envelope = (code: string, message: string, location?: string) => ({
  success: false,
  error: { code, message, errors: location ? [{ message, location }] : [] },
  data: null,
});

const TOO_MANY = () => envelope('too_many_requests', 'Too many requests');

function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

const HTML_502 = `<html>
<head><title>502 Bad Gateway</title></head>
<body>
<center><h1>502 Bad Gateway</h1></center>
<hr><center>nginx</center>
</body>
</html>
`;

/** 64 KiB of users-page JSON: the start of the page, then the same user over and over. */
const OVERSIZED_HEAD = '{"success":true,"error":null,"data":{"users":[';
const OVERSIZED_USER =
  '{"user_id":"00000000-0000-4000-8000-000000000000","external_id":null,"widget_id":"00000000-0000-4000-8000-000000000001"},';
const OVERSIZED_CHUNK = Buffer.from(
  OVERSIZED_HEAD + OVERSIZED_USER.repeat(Math.ceil(65_536 / OVERSIZED_USER.length)),
).subarray(0, 65_536);

/** Writes `fault.bytes` of body as fast as the client reads it; stops when it hangs up. */
function streamOversized(
  res: ServerResponse,
  fault: Extract<Fault, { kind: 'oversized' }>,
  record: StreamedAnswer,
): void {
  res.writeHead(200, {
    'content-type': 'application/json',
    ...(fault.declareLength ? { 'content-length': String(fault.bytes) } : {}),
  });
  res.on('close', () => {
    record.closed = true;
  });
  let left = fault.bytes;
  const pump = () => {
    while (left > 0 && !res.destroyed) {
      const size = Math.min(left, OVERSIZED_CHUNK.length);
      left -= size;
      record.bytesWritten += size;
      const more = res.write(OVERSIZED_CHUNK.subarray(0, size));
      if (left === 0) {
        record.complete = true;
        res.end();
        return;
      }
      // Wait for the client to read: a client that stops reading stops the writing too.
      if (!more) {
        res.once('drain', pump);
        return;
      }
    }
  };
  pump();
}

/** The start of a page, then silence until the client gives up (or the fake closes). */
function stallBody(res: ServerResponse, record: StreamedAnswer): void {
  const start = '{"success":true,"error":null,"data":{"users":[{"user_id":"';
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': 4096 });
  res.on('close', () => {
    record.closed = true;
  });
  record.bytesWritten = Buffer.byteLength(start);
  res.write(start);
}

function answerFault(res: ServerResponse, fault: Fault, streamed: StreamedAnswer[]): void {
  switch (fault.kind) {
    case 'oversized':
    case 'stalled_body': {
      const record: StreamedAnswer = {
        kind: fault.kind,
        bytesWritten: 0,
        complete: false,
        closed: false,
      };
      streamed.push(record);
      if (fault.kind === 'oversized') streamOversized(res, fault, record);
      else stallBody(res, record);
      return;
    }
    case 'raw':
      res.writeHead(fault.status, { 'content-type': fault.contentType ?? 'application/json' });
      res.end(fault.body);
      return;
    case 'rate_limited':
      if (fault.retryAfter !== undefined) res.setHeader('retry-after', fault.retryAfter);
      for (const [name, value] of Object.entries(fault.headers ?? {})) {
        if (value === null) res.removeHeader(name);
        else res.setHeader(name, value);
      }
      sendJson(res, 429, TOO_MANY());
      return;
    case 'unavailable':
      sendJson(res, 503, envelope('service_unavailable', 'Service unavailable'));
      return;
    case 'gateway_timeout':
      sendJson(res, 504, envelope('request_timeout', 'Request timeout'));
      return;
    case 'server_error':
      sendJson(res, 500, envelope('internal_server_error', 'Internal server error'));
      return;
    case 'html_502':
      res.writeHead(502, { 'content-type': 'text/html' });
      res.end(HTML_502);
      return;
    case 'not_json':
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end('<html><body>Welcome to the captive portal</body></html>');
      return;
    case 'wrong_shape':
      sendJson(res, 200, { success: true, error: null, data: { items: [{ id: 1 }] } });
      return;
    case 'drop': {
      const partial = '{"success":true,"error":null,"data":{"users":[{"user_id":"';
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': 4096 });
      res.write(partial, () => res.socket?.destroy());
      return;
    }
  }
}

/** Sets the rate-limit headers; writeHead later merges them into whatever the answer is. */
function setAllowanceHeaders(res: ServerResponse, state: AllowanceState): void {
  res.setHeader('x-ratelimit-limit', String(state.limit));
  res.setHeader('x-ratelimit-remaining', String(state.remaining));
  res.setHeader('x-ratelimit-reset', String(state.resetSeconds));
}

/** An explicit Date stops Node adding its own from this machine's (unskewed) clock. */
function setDate(res: ServerResponse, serverNow: number): void {
  res.setHeader('date', new Date(serverNow).toUTCString());
}

/** The same number of users, the second replaced by the first: one user_id twice in a page. */
const withFirstRepeated = <T>(list: T[]): T[] =>
  list.map((user, i) => (i === 1 ? (list[0] as T) : user));

function checkedCap(cap: number): number {
  if (!Number.isInteger(cap) || cap < 1) throw new Error(`loginsPageCap must be ≥ 1, got ${cap}`);
  return cap;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) break;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export async function startFakePalenca(options: FakePalencaOptions = {}): Promise<FakePalenca> {
  const apiKey = options.apiKey ?? DEFAULT_FAKE_KEY;
  const seed = options.seed ?? 1;
  const today = options.today ?? todayUtc();
  const users = new UserSet({
    users: options.users ?? 250,
    today,
    days: options.days ?? 400,
    seed,
  });
  let latencyMs = options.latencyMs ?? 0;
  let persistentFault: Fault | null = null;
  let duplicateUserInPage = options.duplicateUserInPage ?? false;
  let overFullPage = options.overFullPage ?? false;
  let loginsPageCap = checkedCap(options.loginsPageCap ?? 100);
  const book = new AccountBook(seed, users);
  const streamed: StreamedAnswer[] = [];
  const queuedFaults: Fault[] = [];
  let hook: ((req: RecordedRequest) => void) | null = null;
  const requests: RecordedRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const allowance = new FixedWindowAllowance(
    options.allowance
      ? { ...options.allowance, otherTraffic: options.allowance.otherTraffic ?? 0 }
      : DEFAULT_ALLOWANCE,
    options.clockSkewMs ?? 0,
  );

  const wait = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });

  /** A search body's window as epoch days, or the 422 it earns (sent here). */
  const searchWindow = (res: ServerResponse, body: unknown) => {
    const checked = validateSearch(body);
    if (!checked.ok) {
      sendJson(res, 422, { detail: checked.detail });
      return null;
    }
    const { startDate, endDate } = checked.request;
    const latest = parseDay(startDate) ?? 0;
    const earliest = parseDay(endDate) ?? 0;
    // start_date is the LATEST day of the window and end_date the EARLIEST (see the contract).
    if (latest < earliest) {
      sendJson(
        res,
        422,
        envelope('bad_request', 'start_date must be on or after end_date', 'start_date'),
      );
      return null;
    }
    return { ...checked.request, latest, earliest };
  };

  const searchUsers = (res: ServerResponse, body: unknown) => {
    const window = searchWindow(res, body);
    if (!window) return;
    const { startDate, endDate, externalId, itemsPerPage, page } = window;
    const result = users.page(
      endDate,
      startDate,
      externalId,
      (page - 1) * itemsPerPage,
      itemsPerPage,
    );
    // One user more than asked for: the next one in the window, or a made-up one past its end.
    if (overFullPage) {
      const next = users.page(endDate, startDate, externalId, page * itemsPerPage, 1).users[0];
      result.users = [
        ...result.users,
        next ?? {
          user_id: '00000000-0000-4000-8000-0000000f0f0f',
          external_id: null,
          widget_id: '00000000-0000-4000-8000-000000000001',
          created_day: startDate,
          omitExternalId: false,
        },
      ];
    }
    sendJson(res, 200, {
      success: true,
      error: null,
      data: {
        users: (duplicateUserInPage ? withFirstRepeated(result.users) : result.users).map((user) =>
          user.omitExternalId
            ? { user_id: user.user_id, widget_id: user.widget_id }
            : { user_id: user.user_id, external_id: user.external_id, widget_id: user.widget_id },
        ),
      },
      pagination: {
        page,
        items_per_page: itemsPerPage,
        total_items: result.total,
        total_pages: Math.ceil(result.total / itemsPerPage),
      },
    });
  };

  const searchLogins = (res: ServerResponse, body: unknown) => {
    const window = searchWindow(res, body);
    if (!window) return;
    const all = book.loginsInWindow(window.earliest, window.latest);
    // Palenca's largest page is not published: this one answers with fewer than asked.
    const size = Math.min(window.itemsPerPage, loginsPageCap);
    const start = (window.page - 1) * size;
    sendJson(res, 200, {
      success: true,
      error: null,
      data: { logins: all.slice(start, start + size) },
      pagination: {
        page: window.page,
        items_per_page: size,
        total_items: all.length,
        total_pages: Math.ceil(all.length / size),
      },
    });
  };

  const userAccounts = (res: ServerResponse, userId: string) => {
    const user = users.find(userId);
    if (!user) {
      sendJson(res, 404, envelope('not_found', 'User not found'));
      return;
    }
    const list = book.accountsOf(user);
    sendJson(res, 200, {
      success: true,
      error: null,
      data: { user_id: user.user_id, accounts: list },
    });
  };

  const oneAccount = (res: ServerResponse, accountId: string) => {
    const found = book.find(accountId);
    if (!found) {
      sendJson(res, 404, envelope('not_found', 'Account not found'));
      return;
    }
    sendJson(res, 200, { success: true, error: null, data: accountDetails(seed, found.account) });
  };

  const accountOwner = (res: ServerResponse, accountId: string) => {
    const found = book.find(accountId);
    if (!found) {
      sendJson(res, 404, envelope('not_found', 'Account not found'));
      return;
    }
    const { user } = found;
    // As users/search: a user without an external id may have the field left out.
    sendJson(res, 200, {
      success: true,
      error: null,
      data: user.omitExternalId
        ? { user_id: user.user_id, widget_id: user.widget_id }
        : { user_id: user.user_id, external_id: user.external_id, widget_id: user.widget_id },
    });
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    // Counted at arrival, before the body, the latency and any fault, as Palenca's edge would.
    const { accepted, state } = allowance.admit();
    setAllowanceHeaders(res, state);
    setDate(res, state.serverNow);
    const path = new URL(req.url ?? '/', 'http://fake.invalid').pathname;
    const raw = await readBody(req);
    let body: unknown;
    let bodyIsJson = false;
    if (raw.length > 0) {
      try {
        body = JSON.parse(raw);
        bodyIsJson = true;
      } catch {
        body = raw;
      }
    }
    const presented = req.headers['x-api-key'];
    const record: RecordedRequest = {
      method: req.method ?? 'GET',
      path,
      body,
      apiKeyPresent: typeof presented === 'string' && presented.length > 0,
      at: Date.now(),
      windowStart: state.windowStart,
      refused: !accepted,
    };
    requests.push(record);
    hook?.(record);
    if (latencyMs > 0) await wait(latencyMs);
    setDate(res, allowance.serverNow());

    // A refused request leaves queued faults for the requests that do get through.
    if (!accepted) {
      sendJson(res, 429, TOO_MANY());
      return;
    }
    const fault = queuedFaults.shift() ?? persistentFault;
    if (fault) {
      answerFault(res, fault, streamed);
      return;
    }

    const search = path === '/v1/users/search';
    const logins = path === '/v1/logins/search';
    const accounts = /^\/v1\/users\/([^/]+)\/accounts$/.exec(path);
    const account = /^\/v1\/accounts\/([^/]+)$/.exec(path);
    const owner = /^\/v1\/accounts\/([^/]+)\/user$/.exec(path);
    if (!search && !logins && !accounts && !account && !owner) {
      sendJson(res, 404, { detail: 'Not Found' });
      return;
    }
    const wanted = search || logins ? 'POST' : 'GET';
    if (req.method !== wanted) {
      sendJson(res, 405, { detail: 'Method Not Allowed' });
      return;
    }
    if (!record.apiKeyPresent) {
      sendJson(res, 401, envelope('missing_api_key', 'Missing API key'));
      return;
    }
    if (presented !== apiKey) {
      sendJson(res, 401, envelope('invalid_api_key', 'Invalid API key'));
      return;
    }
    if (search || logins) {
      if (raw.length > 0 && !bodyIsJson) {
        sendJson(res, 422, {
          detail: [{ loc: ['body', 0], msg: 'JSON decode error', type: 'json_invalid' }],
        });
        return;
      }
      if (logins) searchLogins(res, body);
      else searchUsers(res, body);
      return;
    }
    if (account) {
      oneAccount(res, decodeURIComponent(account[1] ?? ''));
      return;
    }
    if (owner) {
      accountOwner(res, decodeURIComponent(owner[1] ?? ''));
      return;
    }
    userAccounts(res, decodeURIComponent(accounts?.[1] ?? ''));
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) {
        sendJson(res, 500, envelope('internal_server_error', String(error)));
      } else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    apiKey,
    requests,
    failNext(fault, count = 1) {
      for (let i = 0; i < count; i++) queuedFaults.push(fault);
    },
    setFault(fault) {
      persistentFault = fault;
    },
    streamed,
    setOverFullPage(on) {
      overFullPage = on;
    },
    setDuplicateUserInPage(on) {
      duplicateUserInPage = on;
    },
    setLatency(ms) {
      latencyMs = ms;
    },
    onRequest(next) {
      hook = next;
    },
    insertUsers(count, day, externalId) {
      users.insert(count, day, externalId);
      book.changed();
    },
    deleteUsers(count) {
      users.delete(count);
      book.changed();
    },
    usersInWindow(from, to, externalId) {
      return users.all(from, to, externalId);
    },
    loginsInWindow(from, to) {
      const earliest = parseDay(from);
      const latest = parseDay(to);
      if (earliest === null || latest === null || earliest > latest) return [];
      return [...book.loginsInWindow(earliest, latest)];
    },
    setLoginsPageCap(cap) {
      loginsPageCap = checkedCap(cap);
    },
    resetBetweenTests() {
      persistentFault = null;
      queuedFaults.length = 0;
      latencyMs = options.latencyMs ?? 0;
      loginsPageCap = checkedCap(options.loginsPageCap ?? 100);
      hook = null;
      requests.length = 0;
    },
    countInWindow(from, to) {
      return users.count(from, to);
    },
    setAllowance(patch) {
      allowance.update(patch);
    },
    setClockSkew(ms) {
      allowance.setClockSkew(ms);
    },
    exhaustWindow() {
      allowance.exhaust();
    },
    windowUsage() {
      const usage = new Map<number, number>();
      for (const request of requests) {
        if (!request.refused)
          usage.set(request.windowStart, (usage.get(request.windowStart) ?? 0) + 1);
      }
      return usage;
    },
    close() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
