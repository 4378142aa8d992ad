// The connections summariser on hand-made pages: groups add up, reasons by code with our
// catalogue's entry, the follow-up list kept compactly up to a cap, repeated attempts across
// adjacent pages counted once.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readAccountStatus } from '#common/account-status.ts';
import type { PalencaLogin } from '#common/models.ts';
import {
  ConnectionsTally,
  type TallyTotals,
} from '../../electron/backend/connections/connections-tally.ts';
import { catalogueReason, reasonCodeOf } from '../../electron/backend/connections/reason-code.ts';
import { StringInterner } from '../../electron/backend/connections/string-interner.ts';

let n = 0;
/** An attempt; fresh strings each time (as JSON.parse makes them), so interning shows. */
function login(
  status: string | null,
  details: string | null = null,
  extra: Partial<PalencaLogin> = {},
): PalencaLogin {
  n++;
  return {
    id: `login-${n}`,
    account_id: `account-${n}`,
    platform: ['u', 'ber'].join(''),
    status: status === null ? null : [status].join(''),
    status_details: details === null ? null : `${details}`.slice(0),
    source: ['wid', 'get'].join(''),
    message: `words ${n}`,
    recommendation: `advice ${n}`,
    created_at: `2025-06-${String(30 - (n % 28)).padStart(2, '0')}T10:00:00Z`,
    updated_at: null,
    ...extra,
  };
}

const sum = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);

describe('reason codes', () => {
  it('files by details, else status; lower case and trimmed', () => {
    assert.equal(reasonCodeOf('error', ' Login_Refused '), 'login_refused');
    assert.equal(reasonCodeOf(' RETRY', null), 'retry');
    assert.equal(reasonCodeOf('retry', '  '), 'retry');
    assert.equal(reasonCodeOf(null, null), '');
  });
  it("takes our catalogue's entry, unknown otherwise (success included)", () => {
    for (const [code, reason] of [
      ['login_refused', 'login_refused'],
      ['retry', 'retry'],
      ['document_expired', 'unknown'],
      ['success', 'unknown'],
      ['', 'unknown'],
    ] as const) {
      assert.equal(catalogueReason(code), reason, code);
    }
  });
});

describe('connections tally', () => {
  it('counts every attempt in its group, per platform; groups add up to the attempts', () => {
    const tally = new ConnectionsTally();
    const page = [
      login('success'),
      login('success', null, { platform: 'didi' }),
      login('error', 'invalid_credentials'),
      login('pending'),
      login('error'),
      login('queued_for_review'),
      login(null, null, { platform: null }),
      login('success', 'platform_unavailable'),
    ];
    tally.addPage(page);
    const summary = tally.summary();
    assert.equal(summary.attempts, page.length);
    assert.equal(tally.seen, page.length);
    assert.deepEqual(summary.groups, {
      connected: 3,
      action: 1,
      waiting: 1,
      failed: 1,
      unknown: 2,
    });
    assert.equal(sum(summary.groups), summary.attempts);
    assert.deepEqual(
      summary.platforms.map((p) => [p.platform, p.total]),
      [
        ['uber', 6],
        ['', 1],
        ['didi', 1],
      ],
    );
    for (const platform of summary.platforms) assert.equal(sum(platform.groups), platform.total);
    assert.deepEqual(summary.platforms[1]?.groups, {
      connected: 0,
      action: 0,
      waiting: 0,
      failed: 0,
      unknown: 1,
    });
    assert.equal(summary.followUps, 5);
    assert.equal(summary.followUpsTooMany, false);
  });

  it('lists reasons of the attempts that did not connect, commonest first, with words', () => {
    const tally = new ConnectionsTally();
    tally.addPage([
      login('error', 'login_refused', { message: 'Uber said no', recommendation: 'Wait 30 min' }),
      login('error', 'LOGIN_REFUSED'),
      login('error', 'login_refused'),
      login('error', 'document_expired', { message: 'Expired', recommendation: null }),
      login('requires_auth', 'document_expired'),
      login('incomplete', 'document_expired'),
      login('retry'),
      login('success', 'login_refused'),
      login(null, null, { message: null, recommendation: null }),
    ]);
    const { reasons } = tally.summary();
    assert.deepEqual(
      reasons.map((r) => [r.code, r.reason, r.group, r.count]),
      [
        // A detail we do not know: explained by its (first) known status, as its rows are.
        ['document_expired', 'error', 'action', 3],
        ['login_refused', 'login_refused', 'action', 3],
        ['', 'unknown', 'unknown', 1],
        ['retry', 'retry', 'waiting', 1],
      ],
    );
    const refused = reasons.find((r) => r.code === 'login_refused');
    assert.equal(refused?.message, 'Uber said no');
    assert.equal(refused?.recommendation, 'Wait 30 min');
    assert.equal(reasons.find((r) => r.code === 'document_expired')?.message, 'Expired');
    assert.equal(reasons.find((r) => r.code === '')?.message, null);
  });

  it("an unknown detail takes its status's explanation; unknown only when neither is known", () => {
    const tally = new ConnectionsTally();
    const locked = login('requires_auth', 'account_locked');
    tally.addPage([
      locked,
      login('requires_auth', 'account_locked'),
      login('queued_for_review', 'whatever_new'),
      login('queued_for_review'),
    ]);
    const { reasons } = tally.summary();
    assert.deepEqual(
      reasons.map((r) => [r.code, r.reason, r.count]),
      [
        ['account_locked', 'requires_auth', 2],
        ['queued_for_review', 'unknown', 1],
        ['whatever_new', 'unknown', 1],
      ],
    );
    // The same explanation as the attempt's follow-up row gives.
    const row = tally.followUpList()?.find((f) => f.loginId === locked.id);
    assert.equal(row?.reason, readAccountStatus('requires_auth', null).reason);
    assert.equal(row?.reason, reasons[0]?.reason);
  });

  it('lists ten reasons at most, and lumps codes past the cap under ""', () => {
    const tally = new ConnectionsTally({ maxReasonCodes: 12 });
    const page: PalencaLogin[] = [];
    for (let code = 0; code < 20; code++) {
      for (let i = 0; i <= code; i++) page.push(login('error', `code_${code}`));
    }
    tally.addPage(page);
    const summary = tally.summary();
    assert.equal(summary.reasons.length, 10);
    // Codes 12–19 came after the table was full: 13 + … + 20 attempts under ''.
    const lumped = summary.reasons.find((r) => r.code === '');
    assert.equal(lumped?.count, 13 + 14 + 15 + 16 + 17 + 18 + 19 + 20);
    assert.equal(summary.reasons[0]?.code, '');
    assert.equal(summary.reasons[1]?.code, 'code_11');
    assert.equal(summary.attempts, page.length);
  });

  it('keeps each follow-up compactly, newest first, with shared strings', () => {
    const tally = new ConnectionsTally();
    const a = login('error', 'login_refused');
    const b = login('success');
    const c = login('pending', null, { source: null, created_at: null });
    tally.addPage([a, b]);
    tally.addPage([c]);
    const list = tally.followUpList();
    assert.ok(list);
    assert.deepEqual(list, [
      {
        loginId: a.id,
        accountId: a.account_id,
        platform: 'uber',
        status: 'error',
        statusDetails: 'login_refused',
        source: 'widget',
        createdAt: a.created_at,
        group: 'action',
        reason: 'login_refused',
      },
      {
        loginId: c.id,
        accountId: c.account_id,
        platform: 'uber',
        status: 'pending',
        statusDetails: null,
        source: null,
        createdAt: null,
        group: 'waiting',
        reason: 'pending',
      },
    ]);
    assert.equal(
      Object.keys(list[0] ?? {}).length,
      9,
      "only the list's fields, not Palenca's words",
    );
  });

  it('interns repeated strings, up to its cap', () => {
    const interner = new StringInterner(2);
    assert.equal(interner.intern(['u', 'ber'].join('')), 'uber');
    assert.equal(interner.intern(['u', 'ber'].join('')), 'uber');
    assert.equal(interner.intern(null), null);
    assert.equal(interner.size, 1);
    interner.intern('didi');
    interner.intern('rappi');
    interner.intern('cabify');
    assert.equal(interner.size, 2, 'past the cap, values are kept as they came');
  });

  it('drops the list past the cap and keeps counting', () => {
    const kept = new ConnectionsTally({ maxFollowUps: 3 });
    kept.addPage([login('error'), login('success'), login('error'), login('retry')]);
    assert.equal(kept.followUpList()?.length, 3);
    assert.equal(kept.summary().followUpsTooMany, false);

    const over = new ConnectionsTally({ maxFollowUps: 3 });
    over.addPage([login('error'), login('error'), login('error')]);
    over.addPage([login('error'), login('success'), login('error')]);
    assert.equal(over.followUpList(), null);
    const summary = over.summary();
    assert.equal(summary.followUpsTooMany, true);
    assert.equal(summary.followUps, 5);
    assert.equal(summary.attempts, 6);
    assert.equal(summary.groups.failed, 5);
  });

  it('counts an attempt repeated on the next page, or within a page, once', () => {
    const tally = new ConnectionsTally();
    const [a, b, c, d] = [login('error'), login('success'), login('retry'), login('error')];
    assert.ok(a && b && c && d);
    tally.addPage([a, b, a]);
    // b slid down a place: an attempt was created meanwhile.
    tally.addPage([b, c]);
    tally.addPage([d]);
    assert.equal(tally.seen, 4);
    assert.equal(tally.summary().attempts, 4);
    assert.deepEqual(
      tally.followUpList()?.map((f) => f.loginId),
      [a.id, c.id, d.id],
    );
  });

  it('only looks back one page: an id two pages back is a new attempt', () => {
    const tally = new ConnectionsTally();
    const a = login('error');
    tally.addPage([a]);
    tally.addPage([login('error')]);
    tally.addPage([a]);
    assert.equal(tally.seen, 3, 'the loader then finds the count does not add up');
  });

  it('with a platform, counts only its attempts but sees them all', () => {
    const tally = new ConnectionsTally({ platform: 'didi' });
    tally.addPage([
      login('error', null, { platform: 'didi' }),
      login('success', null, { platform: 'didi' }),
      login('error'),
      login('error', null, { platform: null }),
    ]);
    const summary = tally.summary();
    assert.equal(tally.seen, 4);
    assert.equal(summary.attempts, 2);
    assert.deepEqual(
      summary.platforms.map((p) => p.platform),
      ['didi'],
    );
    assert.equal(summary.followUps, 1);
    const none = new ConnectionsTally({ platform: '' });
    none.addPage([login('error', null, { platform: null }), login('error')]);
    assert.equal(none.summary().attempts, 1);
  });

  it('matches the platform trimmed and in any case, and tells every platform it saw', () => {
    let totals: TallyTotals | undefined;
    const tally = new ConnectionsTally({ platform: ' DiDi ', onTotals: (t) => (totals = t) });
    tally.addPage([
      login('error', 'a', { platform: 'didi' }),
      login('error', 'b'),
      login('error', 'c'),
      login('error', null, { platform: null }),
    ]);
    assert.equal(tally.summary().attempts, 1);
    assert.deepEqual(totals, { platformsSeen: ['uber', '', 'didi'], reasonCodes: 1 });
    const none = new ConnectionsTally({ platform: 'rappi', onTotals: (t) => (totals = t) });
    none.addPage([login('error', 'a'), login('error', 'b', { platform: 'didi' })]);
    assert.equal(none.summary().attempts, 0);
    assert.deepEqual(totals?.platformsSeen, ['didi', 'uber']);
    assert.equal(totals?.reasonCodes, 0);
  });

  it('agrees with account-status.ts on every group', () => {
    const cases: [string | null, string | null][] = [
      ['success', 'invalid_credentials'],
      ['error', 'invalid_credentials'],
      ['pending', 'max_retries_exceeded'],
      ['validation_pending', null],
      ['profile_unavailable', null],
      ['weird', 'weirder'],
    ];
    const tally = new ConnectionsTally();
    tally.addPage(cases.map(([status, details]) => login(status, details)));
    const expected = { connected: 0, action: 0, waiting: 0, failed: 0, unknown: 0 };
    for (const [status, details] of cases) expected[readAccountStatus(status, details).group]++;
    assert.deepEqual(tally.summary().groups, expected);
  });
});
