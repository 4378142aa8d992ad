// One segment of a pass (segments.ts): its page 1, its other pages a few at a time and in
// order (page-scheduler.ts), each held against its page 1 (pass-check.ts) and handed to the
// pass in its turn (pass-state.ts), then its page 1 again when it has several pages.
import type { UsersPage } from '#common/models.ts';
import { linkedAbort } from '../linked-abort.ts';
import { fetchPage, type PageSource } from './page-fetch.ts';
import { PageScheduler } from './page-scheduler.ts';
import { PassCheck } from './pass-check.ts';
import { cancelledPass, type PassOutcome } from './pass-outcome.ts';
import type { Pass } from './pass-state.ts';
import type { Segment } from './segments.ts';

/**
 * Reads one segment into the pass; null when it was read whole. `first` and `check`: its page
 * 1 and the check made of it, when the pass already asked it (the window in one walk).
 */
export async function walkSegment(
  pass: Pass,
  segment: Segment,
  first: UsersPage | null,
  check: PassCheck | null,
): Promise<PassOutcome | null> {
  const { ctx } = pass;
  const source: PageSource = { ...ctx, filter: segment.filter };
  // The segment's own requests stop when it ends early.
  const requests = linkedAbort(pass.signal);
  let pages: PageScheduler | null = null;
  try {
    if (ctx.signal?.aborted) return cancelledPass();
    let pageOne = first;
    if (!pageOne) {
      const answer = await fetchPage(source, 1, ctx.requested, requests.signal);
      if (!answer.ok) return pass.failed(answer.error);
      pageOne = answer.value;
    }
    const segmentCheck = check ?? new PassCheck(pageOne, ctx.requested, pass.seen);
    const started = pass.startSegment(segmentCheck, segment.day);
    if (started) return started;
    const accepted = await acceptPage(pass, segmentCheck, segment, 1, pageOne);
    if (accepted) return accepted;
    pages = new PageScheduler(
      (page) => fetchPage(source, page, segmentCheck.perPage, requests.signal),
      ctx.window,
      segmentCheck.pagesTotal,
      pass.inFlight,
    );
    const others = await acceptOtherPages(pass, segmentCheck, segment, pages);
    if (others) return others;
    return await checkPageOneAgain(pass, segmentCheck, source, requests.signal);
  } finally {
    requests.abort();
    await pages?.settled();
    requests.dispose();
  }
}

/** A page in its turn: held against its segment's page 1, then its rows to the pass. */
async function acceptPage(
  pass: Pass,
  check: PassCheck,
  segment: Segment,
  page: number,
  data: UsersPage,
): Promise<PassOutcome | null> {
  const disagreement = check.page(page, data);
  if (disagreement) return pass.disagreed(disagreement);
  return pass.rows(data.users, segment.day);
}

/**
 * Pages 2 onward, a few at a time (page-scheduler.ts), each accepted in its turn. A failed page
 * or a moved total ends the pass as soon as it arrives, even before its turn: the pass cannot
 * end well any more, so no time goes to the pages before it.
 */
async function acceptOtherPages(
  pass: Pass,
  check: PassCheck,
  segment: Segment,
  pages: PageScheduler,
): Promise<PassOutcome | null> {
  while (!pages.done) {
    if (pass.ctx.signal?.aborted) return cancelledPass();
    pages.fill();
    for (const [page, result] of pages.arrived()) {
      if (!result.ok) return pass.failed(result.error);
      const moved = check.totalMoved(page, result.value);
      if (moved) return pass.changed(moved);
    }
    const next = pages.takeNext();
    if (!next) {
      if (!(await pages.nextArrival())) {
        return pass.failed({ code: 'internal', message: 'The export lost track of a page.' });
      }
      continue;
    }
    if (!next.result.ok) return pass.failed(next.result.error);
    const outcome = await acceptPage(pass, check, segment, next.page, next.result.value);
    if (outcome) return outcome;
  }
  return null;
}

/**
 * The end of a segment: page 1 once more (pass-check.ts says what that catches) and a cancel
 * that came meanwhile still wins over a complete file. One page is one answer, a snapshot by
 * itself: it needs no second look.
 */
async function checkPageOneAgain(
  pass: Pass,
  check: PassCheck,
  source: PageSource,
  signal: AbortSignal,
): Promise<PassOutcome | null> {
  if (pass.ctx.signal?.aborted) return cancelledPass();
  if (check.pagesTotal > 1) {
    const again = await fetchPage(source, 1, pass.ctx.requested, signal);
    if (!again.ok) return pass.failed(again.error);
    pass.segmentChecked();
    const moved = check.changedSince(again.value);
    if (moved) return pass.changed(moved);
  }
  if (pass.ctx.signal?.aborted) return cancelledPass();
  return null;
}
