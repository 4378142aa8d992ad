// Where each environment lives, and the one override for proxies and tests.
import type { Environment } from '#common/models.ts';

export const BASE_URLS: Record<Environment, string> = {
  production: 'https://api.palenca.com/v1',
  sandbox: 'https://sandbox.palenca.com/v1',
};

/** `PALENCA_API_URL` overrides both environments (a proxy, or the fake server in tests). */
export function resolveBaseUrl(
  environment: Environment,
  env: Record<string, string | undefined>,
): string {
  const override = env.PALENCA_API_URL?.trim();
  return override ? override : BASE_URLS[environment];
}
