// A key was saved, replaced or removed: what is on screen, and the trends cached, may belong
// to another organisation, so everything loaded with the old key is dropped.
import { accounts } from './accounts.svelte.ts';
import { trend } from './trend.svelte.ts';
import { users } from './users.svelte.ts';

export function forgetLoadedData(): void {
  accounts.close();
  users.clear();
  trend.clearCache();
}
