// Reads the real keychain behind keytar's back, with libsecret's own command-line tool.
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';

/** The stored secret, or null when `secret-tool` finds no item for service + account. */
export function secretToolLookup(service: string, account: string): Promise<string | null> {
  return new Promise((resolve, reject) => {
    execFile(
      'secret-tool',
      ['lookup', 'service', service, 'account', account],
      { timeout: 5000 },
      (error, stdout) => {
        // secret-tool exits 1 with no output when nothing matches.
        if (error && (error as { code?: unknown }).code === 1 && stdout === '') resolve(null);
        else if (error) reject(error);
        else resolve(stdout);
      },
    );
  });
}

/** A service name of its own per test, so files can run in parallel. */
export const uniqueService = (): string => `Palenca Users test ${randomUUID()}`;

/** Whether this process runs inside scripts/with-keyring.sh. */
export const insideKeyring = (): boolean => process.env.PALENCA_KEYRING_READY === '1';

/** The item's label as Seahorse shows it, or null when there is no such item. */
export function secretToolLabel(service: string, account: string): Promise<string | null> {
  return new Promise((resolve, reject) => {
    execFile(
      'secret-tool',
      ['search', '--all', 'service', service, 'account', account],
      { timeout: 5000 },
      (error, stdout) => {
        if (error && (error as { code?: unknown }).code !== 1) reject(error);
        else resolve(/^label = (.*)$/m.exec(stdout)?.[1] ?? null);
      },
    );
  });
}
