// A Palenca client on a test server, built by the factory the app and the CLI use
// (environment-client.ts), with PALENCA_API_URL pointing at the server. Tests of the client's
// own refusals (a bad key, an insecure address) call createPalencaClient instead.

import type { PalencaClient } from '../../electron/backend/palenca/client.ts';
import type { EnvironmentClientOptions } from '../../electron/backend/palenca/environment-client.ts';
import { environmentClient } from '../../electron/backend/palenca/environment-client.ts';

export type FakeClientOptions = Partial<Omit<EnvironmentClientOptions, 'environment' | 'env'>>;

export function clientOn(
  server: { baseUrl: string; apiKey: string },
  options: FakeClientOptions = {},
): PalencaClient {
  const made = environmentClient({
    environment: 'sandbox',
    apiKey: server.apiKey,
    env: { PALENCA_API_URL: server.baseUrl },
    ...options,
  });
  if (!made.ok) throw new Error(`no client: ${made.error.message}`);
  return made.value;
}
