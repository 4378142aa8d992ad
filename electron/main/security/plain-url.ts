// How main's allow-lists read an address: parsed by the URL standard, so a look-alike host or
// an encoded trick reads as what it really is, and refused when anything beside the scheme and
// the host could carry it elsewhere (a port, a user name, a password).

/** `text` as a URL, or null when it is not one. */
export function parseUrl(text: string): URL | null {
  try {
    return new URL(text);
  } catch {
    return null;
  }
}

/** The host of `text` when it is `protocol`//host/… with no port and no credentials; else null. */
export function plainHostOf(text: string, protocol: string): string | null {
  const url = parseUrl(text);
  if (!url || url.protocol !== protocol || url.port !== '') return null;
  return url.username === '' && url.password === '' ? url.hostname : null;
}
