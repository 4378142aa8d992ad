// The one way the app, the CLI and the tests get a Palenca client for an environment: its
// address (resolveBaseUrl: PALENCA_API_URL, when set, for a proxy or the fake server), and the
// key registered with the log as a secret before any request or error could carry it.
import type { Environment } from '#common/models.ts';
import type { Result } from '#common/result.ts';
import type { AllowanceGovernor } from '../allowance/allowance-governor.ts';
import type { Logger } from '../log.ts';
import { type ClientTuning, createPalencaClient, type PalencaClient } from './client.ts';
import { resolveBaseUrl } from './environments.ts';

export interface EnvironmentClientOptions {
  environment: Environment;
  apiKey: string;
  /** The process environment, read for `PALENCA_API_URL`. */
  env: Record<string, string | undefined>;
  /** The log that must never show the key; absent where nothing is logged. */
  log?: Pick<Logger, 'addSecret'>;
  /** The environment's pacing governor; without one the client paces itself. */
  governor?: AllowanceGovernor;
  tuning?: Partial<ClientTuning>;
  /** What sends the requests: `net.fetch` in the app, the proxy-aware one in the CLI. */
  fetch?: typeof fetch;
}

export function environmentClient(options: EnvironmentClientOptions): Result<PalencaClient> {
  const { environment, apiKey, env, log, ...rest } = options;
  log?.addSecret(apiKey);
  return createPalencaClient({ baseUrl: resolveBaseUrl(environment, env), apiKey, ...rest });
}
