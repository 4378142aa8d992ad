// A small append-only log. Every line passes through `redact`, so a secret registered with
// the logger can never reach the file, whatever a caller hands it.
import { appendFileSync, chmodSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { join } from 'node:path';

export interface Logger {
  info(message: string, detail?: unknown): void;
  warn(message: string, detail?: unknown): void;
  error(message: string, detail?: unknown): void;
  /** Registers a value (an API key) that must never appear in the log. */
  addSecret(secret: string): void;
  readonly file: string | null;
}

const describe = (detail: unknown): string => {
  if (detail === undefined) return '';
  if (detail instanceof Error) return ` ${detail.name}: ${detail.message}`;
  try {
    return ` ${typeof detail === 'string' ? detail : JSON.stringify(detail)}`;
  } catch {
    return ` ${String(detail)}`;
  }
};

/** Past this size the log is moved aside (one previous file kept) when the app starts. */
export const LOG_ROTATE_BYTES = 5 * 1024 * 1024;

function rotate(file: string, limit: number): void {
  try {
    if (statSync(file).size > limit) renameSync(file, file.replace(/\.log$/, '.previous.log'));
  } catch {
    // No log yet, or it cannot be moved: keep appending.
  }
}

// The log names files and folders and what went wrong: the owner's alone (600 on POSIX). A new
// file gets the mode as it is created; one from an older version is narrowed at start.
const LOG_MODE = 0o600;

function ownerOnly(file: string): void {
  try {
    if (process.platform !== 'win32') chmodSync(file, LOG_MODE);
  } catch {
    // Not there yet: it is created with LOG_MODE.
  }
}

export function createLogger(
  dir: string | null,
  alsoToConsole = false,
  rotateBytes = LOG_ROTATE_BYTES,
): Logger {
  const secrets = new Set<string>();
  const file = dir ? join(dir, 'palenca-users.log') : null;
  if (dir) mkdirSync(dir, { recursive: true });
  if (file) {
    rotate(file, rotateBytes);
    ownerOnly(file);
    ownerOnly(file.replace(/\.log$/, '.previous.log'));
  }
  const redact = (text: string): string => {
    let out = text;
    for (const secret of secrets) out = out.split(secret).join('[redacted]');
    return out;
  };
  const write = (level: string, message: string, detail?: unknown) => {
    const line = redact(`${new Date().toISOString()} ${level} ${message}${describe(detail)}`);
    if (alsoToConsole) console.error(line);
    if (file) {
      try {
        appendFileSync(file, `${line}\n`, { mode: LOG_MODE });
      } catch {
        // Logging must never take the app down.
      }
    }
  };
  return {
    info: (m, d) => write('INFO', m, d),
    warn: (m, d) => write('WARN', m, d),
    error: (m, d) => write('ERROR', m, d),
    addSecret: (s) => {
      if (s.length >= 4) secrets.add(s);
    },
    file,
  };
}
