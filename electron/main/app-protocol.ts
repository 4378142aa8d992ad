// Serves the built renderer from app://palenca/ instead of an open file:// origin. What each
// request gets (a file inside the renderer folder, its real path checked, or 404, always with
// the CSP header) is decided by rendererAnswer (security/renderer-answer.ts), plain Node.
import { protocol, type Session } from 'electron';
import { APP_SCHEME } from './security/app-origin.ts';
import { rendererAnswer } from './security/renderer-answer.ts';

/** Must run before the app is ready. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: false } },
  ]);
}

/** Answers app:// in `session`, the page's own (see main-window.ts, pageSession). */
export function serveRenderer(session: Session, rendererDir: string): void {
  session.protocol.handle(APP_SCHEME, async (request) => {
    const answer = await rendererAnswer(rendererDir, request.url);
    return new Response(answer.body, { status: answer.status, headers: answer.headers });
  });
}
