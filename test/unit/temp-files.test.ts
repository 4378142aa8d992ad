// Issue 15, item 2: leftovers of killed runs are recognised by name and owner, and only they
// are removed; a live process's temporary file is kept.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { writeFileAtomic } from '../../electron/backend/files/atomic-write.ts';
import {
  isRunning,
  probePathFor,
  removeLeftovers,
  TEMP_NAME,
  tempPathFor,
} from '../../electron/backend/files/temp-files.ts';
import { pidOfEndedProcess } from './cli-child.ts';

describe('temporary files', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'palenca-temp-files-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('is running: this process yes, an ended one no', async () => {
    assert.equal(isRunning(process.pid), true);
    assert.equal(isRunning(await pidOfEndedProcess()), false);
  });

  it('removes the leftovers of ended processes and nothing else', async () => {
    const dead = await pidOfEndedProcess();
    const deadFile = `.palenca-${dead}-0a1b2c3d.partial`;
    const live = `.palenca-${process.pid}-0a1b2c3d.partial`;
    const others = [
      'users.csv',
      'notes.partial',
      `.palenca-${dead}-0a1b2c3d.partial.bak`,
      `.palenca-${dead}-0A1B2C3D.partial`,
      `.palenca-${dead}-0a1b2c3.partial`,
      `x.palenca-${dead}-0a1b2c3d.partial`,
      '.users.csv.0a1b2c3d4e5f.partial',
    ];
    for (const name of [deadFile, live, ...others]) await writeFile(join(dir, name), 'x');
    // A folder with a leftover's name is not ours either.
    const folder = `.palenca-${dead}-ffffffff.partial`;
    await mkdir(join(dir, folder));
    assert.deepEqual(await removeLeftovers(dir), [deadFile]);
    assert.deepEqual((await readdir(dir)).sort(), [live, folder, ...others].sort());
  });

  it("a folder check is never taken for an export's data, and an ended run's is swept", async () => {
    const probe = probePathFor(join(dir, 'users.csv'));
    const name = probe.slice(dir.length + 1);
    // Named apart from the temporary files, so nothing waiting for one finds it instead.
    assert.equal(TEMP_NAME.test(name), false, name);
    const folder = join(dir, 'probes');
    await mkdir(folder);
    const dead = await pidOfEndedProcess();
    const deadProbe = `.palenca-${dead}-0a1b2c3d.probe`;
    const liveProbe = `.palenca-${process.pid}-0a1b2c3d.probe`;
    await writeFile(join(folder, deadProbe), '');
    await writeFile(join(folder, liveProbe), '');
    assert.deepEqual(await removeLeftovers(folder), [deadProbe]);
    assert.deepEqual(await readdir(folder), [liveProbe]);
  });

  it('a folder that cannot be read is left alone', async () => {
    assert.deepEqual(await removeLeftovers(join(dir, 'no-such-folder')), []);
  });

  it('settings are written under the same short name, and nothing is left', async () => {
    assert.match(tempPathFor(join(dir, 'settings.json')).slice(dir.length + 1), TEMP_NAME);
    const target = join(dir, 'atomic', 'settings.json');
    await mkdir(join(dir, 'atomic'));
    await writeFileAtomic(target, '{}\n');
    assert.deepEqual(await readdir(join(dir, 'atomic')), ['settings.json']);
  });
});
