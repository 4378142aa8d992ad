import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, test } from 'node:test';
import { SeenIds } from '../../electron/backend/export/seen-ids.ts';

describe('SeenIds', () => {
  test('says false for an id it already holds, and only then', () => {
    const ids = Array.from({ length: 5000 }, () => randomUUID());
    const seen = new SeenIds(ids.length);
    for (const id of ids) assert.equal(seen.add(id), true, id);
    for (const id of ids) assert.equal(seen.add(id), false, id);
    assert.equal(seen.size, ids.length);
  });

  test('keeps every id when more arrive than announced', () => {
    const seen = new SeenIds(10);
    const ids = Array.from({ length: 20_000 }, (_, i) => `user-${i}`);
    for (const id of ids) assert.equal(seen.add(id), true);
    assert.ok(seen.capacity >= ids.length, `capacity ${seen.capacity}`);
    for (const id of ids) assert.equal(seen.add(id), false);
    assert.equal(seen.size, ids.length);
  });

  test('sizes its table to the announced count: 8 bytes a slot, 80% in use', () => {
    // A million ids in about 10 MB, not the 16 MB a power-of-two table at half load takes.
    assert.equal(new SeenIds(1_000_000).capacity, 1_250_000);
    assert.equal(new SeenIds(100_000).capacity, 125_000);
    assert.equal(new SeenIds(0).capacity, 16);
  });

  test('a huge announced total does not reserve the memory up front', () => {
    const seen = new SeenIds(2_000_000_000);
    assert.ok(seen.capacity <= 1 << 23, `capacity ${seen.capacity}`);
    assert.equal(seen.add('a'), true);
    assert.equal(seen.add('a'), false);
  });

  test('ids differing in one character are distinct', () => {
    const seen = new SeenIds(4);
    assert.equal(seen.add('00000000-0000-0000-0000-000000000000'), true);
    assert.equal(seen.add('00000000-0000-0000-0000-000000000001'), true);
    assert.equal(seen.add(''), true);
    assert.equal(seen.add(''), false);
  });
});
