// What an export costs, said before it starts: the request bound of each option, and the most
// users the accounts columns allow within an hour at the allowance's share.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AllowanceGovernor } from '../../electron/backend/allowance/allowance-governor.ts';
import {
  accountsLimit,
  exportRequestBound,
  exportRequests,
  SEARCH_AFTER_DAYS,
  walkedDays,
  windowDays,
  worthSearching,
} from '../../electron/backend/export/export-cost.ts';

const bound = (
  users: number,
  days: number,
  withDay: boolean,
  withAccounts = false,
  perPage = 150,
) => exportRequestBound({ users, days, withDay, withAccounts, perPage });

describe('export cost', () => {
  it('a plain export: its pages, and page 1 again when there are several', () => {
    assert.equal(exportRequests(0), 1);
    assert.equal(exportRequests(150), 1);
    assert.equal(exportRequests(151), 3);
    assert.equal(exportRequests(10_000), 67 + 1);
    assert.equal(exportRequests(100, 25), 5);
  });

  it('windowDays counts both ends', () => {
    assert.equal(windowDays('2025-06-30', '2025-06-30'), 1);
    assert.equal(windowDays('2025-06-01', '2025-06-30'), 30);
    assert.equal(windowDays('2024-02-28', '2024-03-01'), 3);
    assert.equal(windowDays('2025-07-01', '2025-06-30'), 0);
  });

  it('an empty window is one request, whatever the options', () => {
    for (const withDay of [false, true]) {
      assert.equal(bound(0, 30, withDay, true), 1);
      assert.equal(bound(0, 1, withDay), 1);
    }
  });

  it('a one-day window is one walk, with or without the day column', () => {
    assert.equal(bound(1000, 1, true), exportRequests(1000));
    assert.equal(bound(1000, 1, false), exportRequests(1000));
  });

  it('several days without the day column: the pages, the newest day, the final check', () => {
    assert.equal(bound(100, 30, false), 1 + 1);
    assert.equal(bound(10_000, 30, false), 67 + 1 + 1);
  });

  it('day by day: every day, the pages beyond, the rechecks, the window twice', () => {
    // 100 users over 30 days: each day one page at most; the window's page 1 and its check.
    assert.equal(bound(100, 30, true), 2 + 30 + 1 + 0);
    // 10,000 users over 30 days: up to 30 days of several pages.
    assert.equal(bound(10_000, 30, true), 2 + 30 + 67 + 30);
    // 10,000 users over 365 days: at most 66 days of more than one page.
    assert.equal(bound(10_000, 365, true), 2 + 365 + 67 + 66);
  });

  it('day by day from the oldest day with users: only the days walked, and the days asked ahead', () => {
    // 600 users in the last 60 days of seven years, 4 days asked ahead at most.
    const walked = walkedDays('2025-05-02', '2025-06-30', 4);
    assert.equal(walked, 60 + 4);
    const input = { users: 600, days: 2557, withDay: true, withAccounts: false };
    assert.equal(exportRequestBound({ ...input, walkedDays: walked }), 2 + 64 + 4 + 3);
    assert.equal(exportRequestBound(input), 2 + 2557 + 4 + 3);
    // Never more days than the window has, never fewer than one.
    assert.equal(
      exportRequestBound({ ...input, days: 30, walkedDays: 64 }),
      exportRequestBound({ ...input, days: 30 }),
    );
    assert.equal(exportRequestBound({ ...input, walkedDays: 0 }), 2 + 1 + 4 + 1);
    // Without the day column the days walked change nothing.
    assert.equal(
      exportRequestBound({ ...input, withDay: false, walkedDays: 5 }),
      exportRequestBound({ ...input, withDay: false }),
    );
  });

  it('the oldest day is searched for only past a quarter, and when the days outnumber the pages', () => {
    assert.equal(worthSearching(SEARCH_AFTER_DAYS, 600), false);
    assert.equal(worthSearching(SEARCH_AFTER_DAYS + 1, 600), true);
    assert.equal(worthSearching(2557, 0), false, 'an empty window costs one request');
    assert.equal(worthSearching(2557, 2557 * 150), false, 'the pages are most of the bound');
    assert.equal(worthSearching(2557, 2556 * 150), true);
  });

  it('the accounts columns add one request per user', () => {
    assert.equal(bound(500, 30, true, true) - bound(500, 30, true), 500);
    assert.equal(bound(500, 1, false, true) - bound(500, 1, false), 500);
  });

  it('accountsLimit: the users whose accounts requests fit in an hour at the share', () => {
    // Palenca's 120 a minute: half of it less the interactive reserve (3) is 57 a minute.
    assert.equal(accountsLimit(new AllowanceGovernor()), 57 * 60);
    assert.equal(accountsLimit(new AllowanceGovernor({ share: 1 })), 117 * 60);
    assert.equal(accountsLimit(new AllowanceGovernor({ share: 0.25 })), 27 * 60);
    const governor = new AllowanceGovernor();
    const limit = accountsLimit(governor);
    assert.ok(governor.estimateMs(limit, 3) <= 3_600_000);
    assert.ok(governor.estimateMs(limit + 1, 3) > 3_600_000);
  });

  it('accountsLimit: none when even one request would take over the hour', () => {
    assert.equal(accountsLimit({ estimateMs: () => 3_600_001 }), 0);
    assert.equal(accountsLimit({ estimateMs: (n) => n * 1000 }), 3600);
  });
});
