// The follow-up list of a load, filtered and paged from memory: no request to Palenca.
import type { FollowUp, FollowUpFilter, FollowUpPage } from '#common/models.ts';

/** Whether an attempt is in the filter (`platform: ''` selects those without a platform). */
export const inFilter = (item: FollowUp, filter: FollowUpFilter): boolean =>
  (filter.platform === undefined || (item.platform ?? '') === filter.platform) &&
  (filter.group === undefined || item.group === filter.group);

/** The filtered list, newest first (the order it was kept in), without copying it. */
export function* filterFollowUps(
  list: readonly FollowUp[],
  filter: FollowUpFilter,
): Generator<FollowUp> {
  for (const item of list) if (inFilter(item, filter)) yield item;
}

/** One page of the filtered list; a page past the end is empty, with the true totals. */
export function followUpPage(
  list: readonly FollowUp[],
  filter: FollowUpFilter,
  page: number,
  perPage: number,
): FollowUpPage {
  const start = (page - 1) * perPage;
  const items: FollowUp[] = [];
  let total = 0;
  // One pass, counting all and copying only the page: no filtered copy of 200,000 items.
  for (const item of list) {
    if (!inFilter(item, filter)) continue;
    if (total >= start && items.length < perPage) items.push(item);
    total++;
  }
  return {
    items,
    pagination: {
      page,
      items_per_page: perPage,
      total_items: total,
      total_pages: Math.ceil(total / perPage),
    },
  };
}
