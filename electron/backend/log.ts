// A small append-only log. Every line passes through `redact`, so a secret registered with
// the logger can never reach the file, whatever a caller hands it.
import { appendFileSync, mkdirSync } from 'node:fs';
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

export function createLogger(dir: string | null, alsoToConsole = false): Logger {
  const secrets = new Set<string>();
  const file = dir ? join(dir, 'palenca-users.log') : null;
  if (dir) mkdirSync(dir, { recursive: true });
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
        appendFileSync(file, `${line}\n`);
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
