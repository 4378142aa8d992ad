// Which links may be handed to the person's browser with shell.openExternal (checklist
// item 15): only https pages on Palenca's own sites, matched on the parsed URL, so
// "https://console.palenca.com.evil.example/" or "javascript:" never pass.
import { plainHostOf } from './plain-url.ts';

const ALLOWED_HOSTS = new Set(['console.palenca.com', 'docs.palenca.com', 'www.palenca.com']);

/** Palenca's public documentation, which Help → Palenca Documentation opens. */
export const PALENCA_DOCS_URL = 'https://docs.palenca.com/';

export function isAllowedExternalUrl(url: string): boolean {
  const host = plainHostOf(url, 'https:');
  return host !== null && ALLOWED_HOSTS.has(host);
}
