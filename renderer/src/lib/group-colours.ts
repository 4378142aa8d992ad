// Each status group's colours, written once for the badges, the marks, the chart and its
// legend. The text colours keep 3:1 and more against the surface in both themes, so a segment
// or a swatch is seen as well as its words are read; the soft ones are the badges' grounds.
import type { AccountStatusGroup } from '#common/account-status.ts';

export const GROUP_COLOUR: Record<AccountStatusGroup, string> = {
  connected: 'var(--success)',
  action: 'var(--warning)',
  waiting: 'var(--purple)',
  failed: 'var(--danger)',
  unknown: 'var(--text-muted)',
};

export const GROUP_SOFT_COLOUR: Record<AccountStatusGroup, string> = {
  connected: 'var(--success-soft)',
  action: 'var(--warning-soft)',
  waiting: 'var(--purple-soft)',
  failed: 'var(--danger-soft)',
  unknown: 'var(--neutral-soft)',
};
