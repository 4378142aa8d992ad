// The text "Help → Copy diagnostics" puts on the clipboard, for a message to support or IT:
// which app, which computer, which environment, and the code of the last error. Built only
// from these named facts, so the key (or anything an error message quoted) cannot get in.
// English on purpose: it is read by support, whatever the person's language.
import { isErrorCode } from '#common/error-codes.ts';
import type { Environment } from '#common/models.ts';

export interface DiagnosticsFacts {
  /** Null when the backend could not say (it had not started). */
  environment: Environment | null;
  /** The last failed call's code; null when none failed. Anything not in our list is dropped. */
  lastErrorCode: string | null;
  appVersion: string;
  packaged: boolean;
  /** `process.platform`, `os.release()`, `process.arch`. */
  platform: string;
  osRelease: string;
  arch: string;
  electronVersion: string;
  /** The OS locale, e.g. `es-MX`. */
  systemLocale: string;
  /** When it was copied (ISO 8601). */
  at: string;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it drops.
const CONTROL = /[\x00-\x1f\x7f]+/g;

/** Whatever a fact holds, one line of plain printable text, never long. */
const line = (value: string): string =>
  value.replace(CONTROL, ' ').trim().slice(0, 80) || 'unknown';

export function diagnosticsText(facts: DiagnosticsFacts): string {
  // Only a code from the app's own list: a stray string never reaches the text.
  const lastError =
    facts.lastErrorCode === null
      ? 'none'
      : isErrorCode(facts.lastErrorCode)
        ? facts.lastErrorCode
        : 'unknown';
  return [
    `Palenca Users ${line(facts.appVersion)}${facts.packaged ? '' : ' (development)'}`,
    `Operating system: ${line(facts.platform)} ${line(facts.osRelease)} (${line(facts.arch)})`,
    `Electron: ${line(facts.electronVersion)}`,
    `System language: ${line(facts.systemLocale)}`,
    `Environment: ${facts.environment ?? 'unknown'}`,
    `Last error code: ${lastError}`,
    `Copied at: ${line(facts.at)}`,
  ].join('\n');
}
