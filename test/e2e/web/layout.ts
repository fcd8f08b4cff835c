/**
 * Checks for a layout under stress (200% zoom, large text): nothing runs off the side of the
 * window, no text is cut short without its full words at hand (a `title`, as file names in
 * tiles have), and no control on screen is covered by something else.
 */
import { expect, type Page } from '@playwright/test';
import { settle } from './axe';

export async function expectNothingCutOffOrCovered(page: Page, label: string): Promise<void> {
  await settle(page);
  const problems = await page.evaluate(() => {
    const out: string[] = [];
    const describe = (el: Element) => {
      const name = el.getAttribute('aria-label') ?? (el.textContent ?? '').trim().slice(0, 40);
      return `<${el.tagName.toLowerCase()}${el.className && typeof el.className === 'string' ? ` class="${el.className}"` : ''}> "${name}"`;
    };
    if (document.documentElement.scrollWidth > innerWidth + 1) out.push(`the page scrolls sideways (${document.documentElement.scrollWidth} > ${innerWidth})`);
    // A dialog covers the page on purpose: then only what is inside it counts.
    const scope: Element = document.querySelector('[aria-modal="true"]') ?? document.body;
    const shown = (el: Element) => el.checkVisibility({ visibilityProperty: true, opacityProperty: true }) && el.getClientRects().length > 0;

    // Text cut short: wider than its box, with the overflow hidden, and no title to read it in full.
    for (const el of scope.querySelectorAll<HTMLElement>('*')) {
      // Leaves that hold words; not the 1px boxes that keep words for screen readers only.
      if (!shown(el) || (el.children.length > 0 && !el.childNodes[0]?.nodeValue?.trim()) || el.clientWidth <= 1) continue;
      const text = (el.textContent ?? '').trim();
      if (!text) continue;
      const cs = getComputedStyle(el);
      if (cs.overflowX === 'visible' || el.scrollWidth <= el.clientWidth + 1) continue;
      if (['auto', 'scroll'].includes(cs.overflowX)) continue; // it scrolls: nothing is lost
      const title = el.getAttribute('title') ?? el.closest('[title]')?.getAttribute('title') ?? '';
      if (!title.includes(text)) out.push(`cut off: ${describe(el)}`);
    }

    // Controls covered by something else: the point at a control's centre must be the control.
    const controls = scope.querySelectorAll<HTMLElement>('button, a[href], input:not([type="hidden"]), select, textarea, [role="option"], [tabindex="0"]');
    for (const el of controls) {
      if (!shown(el) || el.closest('[inert]')) continue;
      const r = el.getBoundingClientRect();
      const x = r.left + r.width / 2;
      const y = r.top + r.height / 2;
      if (x < 0 || y < 0 || x >= innerWidth || y >= innerHeight) continue;
      // Only where the control is scrolled into view inside every scrolling box around it.
      let inView = true;
      for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
        const o = getComputedStyle(a);
        if (o.overflowX === 'visible' && o.overflowY === 'visible') continue;
        const b = a.getBoundingClientRect();
        if (x < b.left || x > b.right || y < b.top || y > b.bottom) inView = false;
      }
      if (!inView) continue;
      const hit = document.elementFromPoint(x, y);
      if (!hit || hit === el || el.contains(hit) || hit.contains(el)) continue;
      // Content scrolled under a sticky footer or a fixed bar is not a layout fault (focus is
      // kept clear of them: see expectFocusRing); anything else on top of a control is.
      let pinned = false;
      for (let h: Element | null = hit; h && h !== document.body; h = h.parentElement) if (['sticky', 'fixed'].includes(getComputedStyle(h).position)) pinned = true;
      if (!pinned) out.push(`covered: ${describe(el)} under ${describe(hit)}`);
    }
    return out;
  });
  expect.soft(problems, `layout: ${label}`).toEqual([]);
}
