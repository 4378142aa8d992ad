// The renderer's Content-Security-Policy, sent as a header by the app:// protocol (and by
// the test harness's static server) and repeated in renderer/index.html's meta tag.
// Scripts and styles only from the app itself, no inline script, no network at all:
// the renderer never talks to Palenca; main does.
const DIRECTIVES = {
  'default-src': "'none'",
  'script-src': "'self'",
  'style-src': "'self'",
  'img-src': "'self' data:",
  'font-src': "'self'",
  'connect-src': "'none'",
  'object-src': "'none'",
  'base-uri': "'none'",
  'form-action': "'none'",
  'frame-ancestors': "'none'",
};

const policyText = (directives: Record<string, string>): string =>
  Object.entries(directives)
    .map(([name, value]) => `${name} ${value}`)
    .join('; ');

export const CONTENT_SECURITY_POLICY = policyText(DIRECTIVES);

/**
 * The same policy for the page as Vite's dev server shows it (`npm run dev`, scripts/dev.js;
 * the dev server sends it, nothing packaged ever does), with the two things hot reload needs
 * and nothing more: its websocket back to `devOrigin`, and the <style> elements Vite's client
 * inserts for components' CSS, which carry `styleNonce` (Vite's `html.cspNonce`).
 */
export function devServerContentSecurityPolicy(devOrigin: string, styleNonce: string): string {
  return policyText({
    ...DIRECTIVES,
    'style-src': `'self' 'nonce-${styleNonce}'`,
    'connect-src': `ws://${new URL(devOrigin).host}`,
  });
}
