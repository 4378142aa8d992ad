// Maps an app://palenca/… request to a file inside the built renderer folder, refusing
// anything that would escape it (../, encoded separators) or another host.
import { isAbsolute, join, normalize, relative, sep } from 'node:path';
import { APP_HOST } from './app-origin.ts';

export function rendererFileFor(rendererDir: string, requestUrl: string): string | null {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return null;
  }
  if (url.host !== APP_HOST) return null;
  let pathname: string;
  try {
    pathname = decodeURIComponent(url.pathname);
  } catch {
    return null;
  }
  if (pathname.includes('\0')) return null;
  const root = normalize(rendererDir);
  const file = normalize(join(root, pathname === '/' ? '/index.html' : pathname));
  const rel = relative(root, file);
  if (rel === '' || rel.startsWith(`..${sep}`) || rel === '..' || isAbsolute(rel)) return null;
  return file;
}
