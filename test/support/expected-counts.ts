// What a Connections summary must say, counted here, independently of the app's tally, from
// the fake's own attempts and common/account-status.ts.
import { readAccountStatus } from '#common/account-status.ts';
import type { GroupCounts } from '#common/models.ts';
import type { FakeLogin } from '../fake-palenca/server.ts';

const noCounts = (): GroupCounts => ({
  connected: 0,
  action: 0,
  waiting: 0,
  failed: 0,
  unknown: 0,
});

/** Attempts per status group, in all and per platform ('' for none). */
export function expectedCounts(logins: FakeLogin[]): {
  groups: GroupCounts;
  platforms: Map<string, GroupCounts>;
} {
  const groups = noCounts();
  const platforms = new Map<string, GroupCounts>();
  for (const login of logins) {
    const { group } = readAccountStatus(login.status, login.status_details ?? null);
    groups[group]++;
    const key = login.platform ?? '';
    const counts = platforms.get(key) ?? noCounts();
    counts[group]++;
    platforms.set(key, counts);
  }
  return { groups, platforms };
}
