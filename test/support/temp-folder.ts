// A temporary folder for a describe block, under the usual umask (022) — the one under which
// the old code made world-readable files — so the tests see the modes people's machines make.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';

export interface TempFolder {
  /** The folder, there from the block's `before` to its `after`. */
  readonly path: string;
}

/** Registers the block's before/after hooks: call it inside a `describe`. */
export function tempFolderUnderUsualUmask(prefix: string): TempFolder {
  let path: string | undefined;
  let umask: number | undefined;
  before(async () => {
    path = await mkdtemp(join(tmpdir(), prefix));
    umask = process.umask(0o022);
  });
  after(async () => {
    if (umask !== undefined) process.umask(umask);
    if (path) await rm(path, { recursive: true, force: true });
  });
  return {
    get path() {
      if (!path) throw new Error('the temporary folder is made in the block’s before hook');
      return path;
    },
  };
}
