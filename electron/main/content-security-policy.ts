// The renderer's Content-Security-Policy, sent as a header by the app:// protocol (and by
// the test harness's static server) and repeated in renderer/index.html's meta tag.
// Scripts and styles only from the app itself, no inline script, no network at all:
// the renderer never talks to Palenca; main does.
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
