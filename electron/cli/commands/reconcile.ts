// STUB (issue 17): replaced by the reconcile helper.
import type { KeyStore } from '../../backend/keychain/key-store.ts';
import { type CliCommand, EXIT } from '../cli-io.ts';

export function createReconcileCommand(_deps: { keyStore: KeyStore }): CliCommand {
  return {
    name: 'reconcile',
    summary: 'not built yet',
    usage: 'not built yet',
    run: async () => EXIT.failure,
  };
}
