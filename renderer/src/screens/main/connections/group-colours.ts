// Each status group's colour, written once for the marks, the chart and its legend: the
// theme's text colours of the accounts panel's badges, which keep 3:1 and more against the
// surface in both themes, so a segment or a swatch is seen as well as its words are read.
import type { AccountStatusGroup } from '#common/account-status.ts';

export const GROUP_COLOUR: Record<AccountStatusGroup, string> = {
  connected: 'var(--success)',
  action: 'var(--warning)',
  waiting: 'var(--purple)',
  failed: 'var(--danger)',
  unknown: 'var(--text-muted)',
};
