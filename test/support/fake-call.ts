// One raw HTTP request to a test server, as Palenca's customers would send it: the key in
// x-api-key (the server's own, another, or none), a JSON body or exact raw text. The answer
// is kept as received, its JSON parsed when it is JSON. Tests of the fake server itself use it.

export interface FakeCall {
  /** Default POST. */
  method?: string;
  /** Sent as JSON; left out when undefined. */
  body?: unknown;
  /** Sent exactly as given, instead of `body`. */
  raw?: string;
  /** Default the server's key; null sends none. */
  key?: string | null;
}

export interface FakeAnswer {
  status: number;
  headers: Headers;
  text: string;
  /** Parsed JSON; undefined when the answer is not JSON. */
  // biome-ignore lint/suspicious/noExplicitAny: raw JSON poked at by the assertions
  json: any;
}

export async function callFake(
  server: { baseUrl: string; apiKey: string },
  path: string,
  init: FakeCall = {},
): Promise<FakeAnswer> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (init.key !== null) headers['x-api-key'] = init.key ?? server.apiKey;
  const res = await fetch(`${server.baseUrl}${path}`, {
    method: init.method ?? 'POST',
    headers,
    ...(init.raw !== undefined
      ? { body: init.raw }
      : init.body === undefined
        ? {}
        : { body: JSON.stringify(init.body) }),
  });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}
