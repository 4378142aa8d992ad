// The users grid's keys (ARIA grid pattern) and the "Go to page" reading, without a page.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gridAction } from '../../renderer/src/lib/grid-keys.ts';
import { readPageNumber } from '../../renderer/src/lib/page-number.ts';

const SIZE = { rows: 50, cols: 3 };
const moveOf = (key: string, at = { row: 5, col: 1 }, extra = {}) => {
  const action = gridAction({ key, ...extra }, at, SIZE);
  return action.kind === 'move' ? [action.to.row, action.to.col] : action.kind;
};

test('arrows move one cell and stop at the edges', () => {
  assert.deepEqual(moveOf('ArrowDown'), [6, 1]);
  assert.deepEqual(moveOf('ArrowUp'), [4, 1]);
  assert.deepEqual(moveOf('ArrowRight'), [5, 2]);
  assert.deepEqual(moveOf('ArrowLeft'), [5, 0]);
  assert.deepEqual(moveOf('ArrowUp', { row: 0, col: 0 }), [0, 0]);
  assert.deepEqual(moveOf('ArrowDown', { row: 49, col: 2 }), [49, 2]);
  assert.deepEqual(moveOf('ArrowRight', { row: 3, col: 2 }), [3, 2]);
});

test('Home/End go to the row ends, with Ctrl or ⌘ to the table corners; Page keys ten rows', () => {
  assert.deepEqual(moveOf('Home'), [5, 0]);
  assert.deepEqual(moveOf('End'), [5, 2]);
  assert.deepEqual(moveOf('Home', undefined, { ctrlKey: true }), [0, 0]);
  assert.deepEqual(moveOf('End', undefined, { metaKey: true }), [49, 2]);
  assert.deepEqual(moveOf('PageDown'), [15, 1]);
  assert.deepEqual(moveOf('PageUp'), [0, 1]);
});

test('Enter opens, c copies, other keys and Alt combinations do nothing', () => {
  assert.equal(moveOf('Enter'), 'open');
  assert.equal(moveOf('c'), 'copy');
  assert.equal(moveOf('C'), 'copy');
  assert.equal(moveOf('c', undefined, { ctrlKey: true }), 'copy');
  assert.equal(moveOf('x'), 'none');
  assert.equal(moveOf('Tab'), 'none');
  assert.equal(moveOf('ArrowDown', undefined, { altKey: true }), 'none');
  assert.equal(
    gridAction({ key: 'ArrowDown' }, { row: 0, col: 0 }, { rows: 0, cols: 3 }).kind,
    'none',
  );
});

test('"Go to page" takes a whole number within the pages, and says which problem otherwise', () => {
  assert.deepEqual(readPageNumber('3', 7), { ok: true, page: 3 });
  assert.deepEqual(readPageNumber(' 7 ', 7), { ok: true, page: 7 });
  assert.deepEqual(readPageNumber('8', 7), {
    ok: false,
    problem: { kind: 'out_of_range', page: 8 },
  });
  assert.deepEqual(readPageNumber('0', 7), {
    ok: false,
    problem: { kind: 'out_of_range', page: 0 },
  });
  for (const typed of ['', '2.5', '-1', 'abc', '1e3']) {
    assert.deepEqual(
      readPageNumber(typed, 7),
      { ok: false, problem: { kind: 'not_a_page' } },
      typed,
    );
  }
});
