// A user's connected accounts, derived from a per-user number: 0–4 accounts, some fields
// left out (the contract says they appear only "when known").
import { epochDayToMs, parseDay } from './days.ts';
import { hash, uuidFromWords } from './hash.ts';

const PLATFORMS = ['uber', 'didi', 'imss', 'rappi', 'cabify', 'indriver', 'ifood', 'beat'];
const COUNTRIES = ['mx', 'co', 'br'];
const STATUSES = ['success', 'pending', 'error', 'incomplete', 'requires_auth'];
const STATUS_DETAILS: Record<string, string | null> = {
  success: null,
  pending: 'Waiting for the platform to answer',
  error: 'The platform returned an unexpected error',
  incomplete: 'Some data could not be retrieved',
  requires_auth: 'The person must log in again',
};

export function accountsFor(seed: number, userHash: number, createdDay: string) {
  const count = hash(seed, userHash, 0) % 5;
  const created = epochDayToMs(parseDay(createdDay) ?? 0);
  return Array.from({ length: count }, (_, k) => {
    const h = (n: number) => hash(seed, userHash, k + 1, n);
    const status = STATUSES[h(3) % STATUSES.length] ?? 'pending';
    const createdAt = new Date(created + (h(4) % 86_400) * 1000);
    const account: Record<string, unknown> = {
      account_id: uuidFromWords(h(10), h(11), h(12), h(13)),
      platform: PLATFORMS[h(1) % PLATFORMS.length],
      country: COUNTRIES[h(2) % COUNTRIES.length],
      identifier: `rider${h(5) % 100_000}@example.invalid`,
      worker_id: `W-${(h(6) % 1_000_000).toString().padStart(6, '0')}`,
      status,
      status_details: STATUS_DETAILS[status] ?? null,
      last_successful_connection:
        status === 'success'
          ? new Date(createdAt.getTime() + (h(7) % 30) * 86_400_000).toISOString()
          : null,
      created_at: createdAt.toISOString(),
    };
    // Optional fields are sometimes absent rather than null, as "when known" allows.
    if (h(8) % 4 === 0) delete account.identifier;
    if (h(9) % 5 === 0) delete account.worker_id;
    if (h(14) % 6 === 0) delete account.status_details;
    return account;
  });
}
