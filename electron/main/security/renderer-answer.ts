// What app://palenca/… answers: a file of the built renderer folder, or 404. Pure Node (no
// electron import), so it is unit-tested under Node and the e2e harness serves the page
// through it too. The path is checked twice: as written (renderer-path.ts: no ../, no other
// host) and as it really is on disk (fs.realpath), so a symlink inside the folder that points
// outside it is refused. Every answer, 404 included, carries the CSP.
import { readFile, realpath, stat } from 'node:fs/promises';
import { extname, isAbsolute, relative, sep } from 'node:path';
import { CONTENT_SECURITY_POLICY } from './content-security-policy.ts';
import { rendererFileFor } from './renderer-path.ts';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

export interface RendererAnswer {
  status: 200 | 404;
  headers: Record<string, string>;
  body: Uint8Array | string;
}

/** Headers every answer carries, whatever it is. */
const COMMON_HEADERS = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
};

const NOT_FOUND: RendererAnswer = {
  status: 404,
  headers: { ...COMMON_HEADERS, 'content-type': 'text/plain; charset=utf-8' },
  body: 'Not found',
};

/** Whether `path` is below `root` (both real, absolute paths). */
function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);
}

export async function rendererAnswer(
  rendererDir: string,
  requestUrl: string,
): Promise<RendererAnswer> {
  const file = rendererFileFor(rendererDir, requestUrl);
  if (!file) return NOT_FOUND;
  try {
    const [root, real] = await Promise.all([realpath(rendererDir), realpath(file)]);
    if (!isInside(root, real)) return NOT_FOUND;
    if (!(await stat(real)).isFile()) return NOT_FOUND;
    const body = await readFile(real);
    return {
      status: 200,
      headers: {
        ...COMMON_HEADERS,
        'content-type': MIME[extname(real)] ?? 'application/octet-stream',
      },
      body,
    };
  } catch {
    // Missing, unreadable, or a broken link: the same 404.
    return NOT_FOUND;
  }
}
