// Two fakes as Palenca's two environments: a fetch that sends each environment's requests,
// addressed to Palenca's real hosts by the app's own code, to a fake server of its own. A
// key of one fake is refused by the other, as a sandbox key is by production.

import type { Environment } from '#common/models.ts';
import { BASE_URLS } from '../../electron/backend/palenca/environments.ts';

export function routeEnvironments(baseUrls: Record<Environment, string>): typeof fetch {
  const routes = (Object.keys(BASE_URLS) as Environment[]).map(
    (env) => [BASE_URLS[env], baseUrls[env]] as const,
  );
  return async (input, init) => {
    const request = new Request(input, init);
    const route = routes.find(([real]) => request.url.startsWith(`${real}/`));
    if (!route) throw new Error(`no route for ${request.url}`);
    return fetch(route[1] + request.url.slice(route[0].length), {
      method: request.method,
      headers: request.headers,
      body: request.body ? await request.arrayBuffer() : null,
      redirect: request.redirect,
      signal: request.signal,
    });
  };
}
