// Finds an installed Electron binary, or says why there is none. The Electron suite runs
// wherever one is installed and reports itself skipped (never passed) elsewhere.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export function findElectronBinary(): { path: string } | { skip: string } {
  const require = createRequire(import.meta.url);
  let packageDir: string;
  try {
    packageDir = dirname(require.resolve('electron/package.json'));
  } catch {
    return { skip: 'the electron package is not installed' };
  }
  const pathFile = join(packageDir, 'path.txt');
  if (!existsSync(pathFile)) {
    return {
      skip: "Electron's binary is not installed here (installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1); this suite runs wherever it is",
    };
  }
  const binary = join(packageDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary)
    ? { path: binary }
    : { skip: `Electron's binary is missing at ${binary}` };
}
