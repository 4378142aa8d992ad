// The CLI's keychain: each keytar call runs in a short-lived child process (this same program,
// started with KEYCHAIN_CHILD_ARG). A keychain that never answers leaves a threadpool thread
// stuck, and a process with a stuck thread cannot exit normally: Node's exit waits to join it,
// so `process.exit(1)` would hang and only a signal would end it (exit status 143, not 1). With
// the call in a child, the child is the one that gets killed, and the CLI ends with its own
// exit code. The key travels to the child on stdin, never in its arguments, and the child's
// environment holds only what the keychain needs (keychain-child-env.ts): no PALENCA_API_KEY.
// Starting Node is not the keychain being slow: the child says `ready` once it runs, and only
// then does the keychain's own limit start, so a busy machine's slow start is not a timeout.
import { spawn } from 'node:child_process';
import { isErrorCode } from '#common/error-codes.ts';
import { ENVIRONMENTS, type Environment } from '#common/models.ts';
import { fail, type Result } from '#common/result.ts';
import type { KeyStore } from '../backend/keychain/key-store.ts';
import { KEYCHAIN_SERVICE } from '../backend/keychain/key-store.ts';
import { keytarCallsInFlight } from '../backend/keychain/keytar-gate.ts';
import { createKeytarStore, keychainTimeoutError } from '../backend/keychain/keytar-store.ts';
import { keychainChildEnv } from './keychain-child-env.ts';

/** The hidden first argument that makes the program run one keychain call and print it. */
export const KEYCHAIN_CHILD_ARG = '--keychain-child';

type Operation = 'get' | 'set' | 'delete';

interface ChildRequest {
  operation: Operation;
  service: string;
  environment: Environment;
  key?: string;
}

export interface ChildKeyStoreOptions {
  /** The program to start: the CLI's own entry file (process.argv[1]). */
  entry: string;
  /** Node flags of this process (e.g. `--import tsx` when run from source). */
  execArgv?: string[];
  service?: string;
  /** The keychain call's limit, counted from when the child is running. */
  timeoutMs?: number;
  /** How long the child may take to start (a hang guard; Node starts in well under this). */
  startupMs?: number;
  /** The environment the child's is taken from (only the keychain's variables pass). */
  env?: NodeJS.ProcessEnv;
}

export function createChildKeyStore(options: ChildKeyStoreOptions): KeyStore {
  const service = options.service ?? KEYCHAIN_SERVICE;
  const timeoutMs = options.timeoutMs ?? 4000;
  const startupMs = options.startupMs ?? 30_000;

  function call<T>(request: ChildRequest): Promise<Result<T>> {
    return new Promise((resolve) => {
      let settled = false;
      let out = '';
      const child = spawn(
        process.execPath,
        [...(options.execArgv ?? []), options.entry, KEYCHAIN_CHILD_ARG, String(timeoutMs)],
        {
          stdio: ['pipe', 'pipe', 'ignore'],
          env: keychainChildEnv(options.env ?? process.env, process.platform),
        },
      );
      const finish = (result: Result<T>) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        // A child whose keytar call is stuck cannot end by itself; it has answered already.
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
        resolve(result);
      };
      const giveUp = () => finish(keychainTimeoutError(request.operation));
      let timer = setTimeout(giveUp, startupMs);
      let running = false;
      child.on('error', (error) =>
        finish(
          fail('keychain_unavailable', 'The keychain could not be used. Please try again.', {
            detail: error.message,
          }),
        ),
      );
      child.stdout.setEncoding('utf8');
      child.stdout.on('data', (chunk: string) => {
        out += chunk;
        for (let end = out.indexOf('\n'); end >= 0; end = out.indexOf('\n')) {
          const line = out.slice(0, end);
          out = out.slice(end + 1);
          if (!running && line === READY) {
            // The child enforces the limit itself; ours, a second later, covers a stuck child.
            running = true;
            clearTimeout(timer);
            timer = setTimeout(giveUp, timeoutMs + 1000);
          } else {
            finish(parseAnswer<T>(line));
          }
        }
      });
      child.on('close', () =>
        finish(
          fail('keychain_unavailable', 'The keychain could not be used. Please try again.', {
            detail: 'the keychain helper process ended without an answer',
          }),
        ),
      );
      child.stdin.on('error', () => {});
      child.stdin.end(JSON.stringify(request));
    });
  }

  return {
    get: (environment) => call<string | null>({ operation: 'get', service, environment }),
    set: (environment, key) => call<null>({ operation: 'set', service, environment, key }),
    delete: (environment) => call<boolean>({ operation: 'delete', service, environment }),
    has: async (environment) => {
      const value = await call<string | null>({ operation: 'get', service, environment });
      return value.ok ? { ok: true, value: value.value !== null } : value;
    },
  };
}

/** The child's one JSON line, checked: a broken line is an error, never a crash. */
function parseAnswer<T>(line: string): Result<T> {
  try {
    const answer = JSON.parse(line) as Result<T>;
    if (answer.ok === true && 'value' in answer) return answer;
    if (answer.ok === false && isErrorCode(answer.error?.code)) return answer;
  } catch {
    // Falls through.
  }
  return fail('keychain_unavailable', 'The keychain could not be used. Please try again.', {
    detail: 'the keychain helper process gave an unreadable answer',
  });
}

/** The child's first line: it has started, and the keychain's limit may start counting. */
const READY = 'ready';

/**
 * The child's side: says it is running, reads one request on stdin, prints the result as one
 * JSON line, ends.
 */
export async function runKeychainChild(timeoutArg: string | undefined): Promise<void> {
  process.stdout.write(`${READY}\n`);
  let text = '';
  for await (const chunk of process.stdin) text += String(chunk);
  const request = JSON.parse(text) as ChildRequest;
  if (!(ENVIRONMENTS as readonly string[]).includes(request.environment)) {
    throw new Error('bad keychain request');
  }
  const timeoutMs = Number(timeoutArg);
  const store = createKeytarStore({
    service: request.service,
    ...(Number.isFinite(timeoutMs) && timeoutMs > 0 ? { timeoutMs } : {}),
  });
  const result =
    request.operation === 'set'
      ? await store.set(request.environment, request.key ?? '')
      : request.operation === 'delete'
        ? await store.delete(request.environment)
        : await store.get(request.environment);
  process.stdout.write(`${JSON.stringify(result)}\n`, () => {
    // A stuck keytar call keeps this process from ending; the parent has its answer now.
    if (keytarCallsInFlight() > 0) process.kill(process.pid, 'SIGKILL');
  });
}
