import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';

/**
 * What axe-core finds serious or critical on the page as it is now, and, on a phone-sized page,
 * whether anything makes it scroll sideways: the page itself, or a box inside it (a table that
 * scrolls in its frame is sideways scrolling too; only code blocks may). One readable line per
 * finding (empty when all is well), naming the rule, the elements and how to fix it.
 */
export async function audit(page: Page, what: string): Promise<string[]> {
  const width = page.viewportSize()?.width ?? 0;
  const where = `${what} at ${width} px`;
  const results = await new AxeBuilder({ page })
    // Only violations come back: passes would be serialised for nothing, and that is slow.
    .options({ resultTypes: ['violations'] })
    .analyze();
  const findings = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => {
      const targets = v.nodes.map((n) => `    ${n.target.join(' ')}${n.failureSummary ? ` — ${n.failureSummary.replace(/\s+/g, ' ')}` : ''}`);
      return `${where}: ${v.id} (${v.impact}) ${v.help} ${v.helpUrl}\n${targets.join('\n')}`;
    });
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));
  if (width < 600 && scrollWidth > innerWidth) {
    // The outermost elements that stick out past the right edge, ignoring what a scrolling box clips.
    const wide = await page.evaluate(() => {
      const clipped = (el: Element) => {
        for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) if (getComputedStyle(p).overflowX !== 'visible') return true;
        return false;
      };
      const out = [...document.querySelectorAll('body *')].filter((el) => el.getBoundingClientRect().right > window.innerWidth + 0.5 && !clipped(el));
      return out
        .filter((el) => !out.includes(el.parentElement as Element))
        .slice(0, 5)
        .map(
          (el) =>
            `${el.tagName.toLowerCase()}${typeof el.className === 'string' && el.className.trim() ? `.${el.className.trim().split(/\s+/).join('.')}` : ''} (${Math.round(el.getBoundingClientRect().right)} px)`,
        );
    });
    findings.push(`${where}: the page is ${scrollWidth} px wide, wider than the screen (${innerWidth} px); sticking out: ${wide.join(', ')}`);
  }
  if (width < 600) {
    const boxes = await page.evaluate(() =>
      [...document.querySelectorAll('body *')]
        .filter((el) => !el.closest('pre') && ['auto', 'scroll'].includes(getComputedStyle(el).overflowX) && el.scrollWidth > el.clientWidth + 1)
        .map(
          (el) =>
            `${el.tagName.toLowerCase()}${typeof el.className === 'string' && el.className.trim() ? `.${el.className.trim().split(/\s+/).join('.')}` : ''} (${el.scrollWidth} px in ${el.clientWidth} px)`,
        ),
    );
    if (boxes.length) findings.push(`${where}: boxes that scroll sideways: ${boxes.join(', ')}`);
  }
  return findings;
}
