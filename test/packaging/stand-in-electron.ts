// A stand-in for Electron's Linux distribution folder, for packaging where Electron's
// binary cannot be downloaded. electron-builder copies an unpacked electronDist folder as it
// is into the output, renames `electron` to the app's executable name, then flips the fuses
// in that executable. So the stand-in is a folder with an `electron` file that carries the
// fuse sentinel and a V1 fuse wire set the way a stock Electron ships it; flipping then
// runs for real and the test can read the result back with @electron/fuses.
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** The marker @electron/fuses looks for in the Electron binary (its constants.ts). */
export const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';

const ENABLE = '1';
const DISABLE = '0';
/** Stock Electron's fuse wire, in FuseV1Options order. */
const STOCK_WIRE = [
  ENABLE, // RunAsNode
  DISABLE, // EnableCookieEncryption
  ENABLE, // EnableNodeOptionsEnvironmentVariable
  ENABLE, // EnableNodeCliInspectArguments
  DISABLE, // EnableEmbeddedAsarIntegrityValidation
  DISABLE, // OnlyLoadAppFromAsar
  DISABLE, // LoadBrowserProcessSpecificV8Snapshot
  ENABLE, // GrantFileProtocolExtraPrivileges
];

export async function createStandInElectron(dir: string): Promise<string> {
  await mkdir(join(dir, 'resources'), { recursive: true });
  await mkdir(join(dir, 'locales'), { recursive: true });
  const wire = Buffer.concat([
    Buffer.from('#!/bin/sh\necho "stand-in for Electron, not runnable"\nexit 1\n# '),
    Buffer.from(FUSE_SENTINEL, 'ascii'),
    Buffer.from([1, STOCK_WIRE.length]),
    Buffer.from(STOCK_WIRE.join(''), 'ascii'),
    Buffer.from('\n'),
  ]);
  const executable = join(dir, 'electron');
  await writeFile(executable, wire);
  await chmod(executable, 0o755);
  await writeFile(join(dir, 'locales', 'en-US.pak'), 'stand-in');
  await writeFile(join(dir, 'LICENSE'), 'stand-in');
  await writeFile(join(dir, 'version'), 'stand-in');
  return dir;
}
