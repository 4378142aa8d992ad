// axe-core over the page as it is now (WCAG 2.0/2.1 A and AA), for every e2e file that checks
// a screen or a state: one set of rules, one way of saying what it found.
import assert from 'node:assert/strict';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';

export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** The violations axe finds on the page as it is now, as readable lines tagged with `state`. */
export async function axeViolations(page: Page, state: string): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
  assert.ok(result.passes.length > 10, `axe ran no checks on ${state}`);
  return result.violations.flatMap((v) =>
    v.nodes.map(
      (n) =>
        `[${state}] ${v.id}: ${n.target.join(' ')} — ${n.failureSummary?.split('\n')[1]?.trim()}`,
    ),
  );
}
