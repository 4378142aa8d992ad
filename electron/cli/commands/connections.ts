// STUB (issue 17): replaced by the connections helper.
import type { KeyStore } from '../../backend/keychain/key-store.ts';
import { type CliCommand, EXIT } from '../cli-io.ts';

export function createConnectionsCommand(_deps: { keyStore: KeyStore }): CliCommand {
  return {
    name: 'connections',
    summary: 'not built yet',
    usage: 'not built yet',
    run: async () => EXIT.failure,
  };
}
