import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { readUsersAnswer } from '../../electron/backend/palenca/users-answer.ts';

const pagination = { page: 1, items_per_page: 150, total_items: 2, total_pages: 1 };
const answer = (users: unknown[], extra: Record<string, unknown> = {}) => ({
  success: true,
  data: { users },
  pagination,
  ...extra,
});

const issuesOf = (json: unknown): string => {
  const read = readUsersAnswer(json);
  assert.ok('issues' in read, `expected issues, got ${JSON.stringify(read)}`);
  return read.issues;
};

describe('readUsersAnswer', () => {
  test('reads users and pagination, keeping only the known fields', () => {
    const read = readUsersAnswer(
      answer([
        { user_id: 'u1', external_id: 'e1', widget_id: 'w1', secret: 'x' },
        { user_id: 'u2', widget_id: 'w2' },
        { user_id: 'u3', external_id: null, widget_id: 'w3' },
      ]),
    );
    assert.deepEqual(read, {
      ok: true,
      value: {
        users: [
          { user_id: 'u1', external_id: 'e1', widget_id: 'w1' },
          { user_id: 'u2', external_id: null, widget_id: 'w2' },
          { user_id: 'u3', external_id: null, widget_id: 'w3' },
        ],
        pagination,
      },
    });
  });

  test('an empty page is a page', () => {
    const read = readUsersAnswer(answer([]));
    assert.ok('ok' in read && read.ok);
    assert.deepEqual(read.value.users, []);
  });

  test('names the field and what it held when a user is malformed', () => {
    assert.equal(
      issuesOf(answer([{ user_id: 7, widget_id: 'w' }])),
      'data.users.0.user_id: expected string, received number',
    );
    assert.equal(
      issuesOf(answer([{ user_id: 'u', external_id: 1, widget_id: 'w' }])),
      'data.users.0.external_id: expected string or null, received number',
    );
    assert.equal(
      issuesOf(answer([{ user_id: 'u' }])),
      'data.users.0.widget_id: expected string, received undefined',
    );
    assert.equal(issuesOf(answer([null])), 'data.users.0: expected object, received null');
  });

  test('rejects a wrong envelope', () => {
    assert.equal(issuesOf(null), '(root): expected object, received null');
    assert.equal(issuesOf([]), '(root): expected object, received array');
    assert.match(issuesOf({ ...answer([]), success: false }), /^success: expected true/);
    assert.match(issuesOf({ ...answer([]), data: { users: {} } }), /^data\.users: expected array/);
    assert.match(issuesOf({ ...answer([]), data: 'x' }), /^data: expected object/);
    assert.match(
      issuesOf({ ...answer([]), pagination: undefined }),
      /^pagination: expected object/,
    );
  });

  test('counts must be whole numbers of zero or more', () => {
    for (const bad of [-1, 1.5, '2', null, Number.NaN, 2 ** 60]) {
      assert.match(
        issuesOf({ ...answer([]), pagination: { ...pagination, total_items: bad } }),
        /^pagination\.total_items: expected a whole number >= 0/,
        String(bad),
      );
    }
  });

  test('reports at most three problems', () => {
    const text = issuesOf(answer(Array.from({ length: 50 }, () => ({}))));
    assert.equal(text.split('; ').length, 3);
  });
});
