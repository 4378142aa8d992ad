// Refuses to send the key in the clear: only https, or plain http to the literal loopback
// names (the fake server, a local proxy). Checked before any connection is made.
import { fail, ok, type Result } from '#common/result.ts';

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** The base URL without a trailing slash, or `insecure_url` saying why it is refused. */
export function checkBaseUrl(baseUrl: string): Result<string> {
  let url: URL;
  try {
    url = new URL(baseUrl.trim());
  } catch {
    return fail(
      'insecure_url',
      'The Palenca address is not a valid web address, so nothing was sent.',
      { detail: 'The base URL could not be parsed.' },
    );
  }
  if (url.username || url.password) {
    return fail(
      'insecure_url',
      'The Palenca address must not contain a user name or password, so nothing was sent.',
    );
  }
  const secure = url.protocol === 'https:';
  const loopback = url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname);
  if (!secure && !loopback) {
    return fail(
      'insecure_url',
      'The Palenca address does not use a secure connection (https), so the API key was not sent.',
      { detail: `Refused ${url.protocol}//${url.host}: only https, or http to localhost.` },
    );
  }
  url.search = '';
  url.hash = '';
  return ok(url.href.replace(/\/+$/, ''));
}
