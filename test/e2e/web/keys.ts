/**
 * Driving the app by keyboard alone, and checking what a keyboard user sees on the way:
 * every stop Tab reaches shows a focus ring in the theme's focus colour, and Tab moves
 * forward through the page in document order (which is also the visual order here).
 */
import { expect, type ElementHandle, type Locator, type Page } from '@playwright/test';
import { settle } from './axe';

/** What has focus, in words, for failure messages. */
function describeFocus(page: Page): Promise<string> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return '(the page itself)';
    const name = el.getAttribute('aria-label') ?? el.textContent?.trim().slice(0, 60) ?? '';
    return `<${el.tagName.toLowerCase()}${el.getAttribute('role') ? ` role=${el.getAttribute('role')}` : ''}> "${name}"`;
  });
}

/**
 * The focused element draws a focus ring one can see: a 2px outline in the focus colour, or a
 * ring (box-shadow) in it. For a listbox that points at its active option, the listbox's own
 * ring counts (the option is outlined too, see app.css).
 */
export async function expectFocusRing(page: Page): Promise<void> {
  await settle(page);
  const result = await page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return 'nothing has focus';
    const probe = document.createElement('span');
    probe.style.color = 'var(--focus)';
    document.body.appendChild(probe);
    const focus = getComputedStyle(probe).color;
    probe.remove();
    const cs = getComputedStyle(el);
    const outlined = cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 2 && cs.outlineColor === focus;
    const ringed = cs.boxShadow.includes(focus);
    const r = el.getBoundingClientRect();
    const onScreen = r.width > 0 && r.height > 0 && r.bottom > 0 && r.right > 0 && r.top < innerHeight && r.left < innerWidth;
    if (!onScreen) return 'the focused element is off screen';
    // Not hidden by something on top of it (a sticky footer, a toast): WCAG 2.4.11.
    const x = Math.min(Math.max(r.left + r.width / 2, 0), innerWidth - 1);
    const y = Math.min(Math.max(r.top + r.height / 2, 0), innerHeight - 1);
    const hit = document.elementFromPoint(x, y);
    if (hit && hit !== el && !el.contains(hit) && !hit.contains(el)) return `the focused element is covered by <${hit.tagName.toLowerCase()} class="${hit.getAttribute('class') ?? ''}">`;
    return outlined || ringed ? 'ok' : `no focus ring (outline ${cs.outlineStyle} ${cs.outlineWidth} ${cs.outlineColor}; box-shadow ${cs.boxShadow}; focus colour ${focus})`;
  });
  expect(result, `focus ring on ${await describeFocus(page)}`).toBe('ok');
}

/** Press a key, then check the focus ring wherever focus is now. */
export async function press(page: Page, key: string): Promise<void> {
  await page.keyboard.press(key);
  await expectFocusRing(page);
}

async function followsInDocument(page: Page, prev: ElementHandle, cur: ElementHandle): Promise<boolean> {
  return page.evaluate(([a, b]) => !!(a!.compareDocumentPosition(b!) & Node.DOCUMENT_POSITION_FOLLOWING), [prev, cur] as const);
}

/**
 * Tab (or Shift+Tab) until `target` has focus: each stop on the way must show a focus ring
 * and come after the last one in the document (before it, going back), wrapping at most once.
 * Fails if the target is not reached within `max` presses.
 */
export async function tabTo(page: Page, target: Locator, opts: { max?: number; back?: boolean } = {}): Promise<number> {
  const { max = 40, back = false } = opts;
  let prev: ElementHandle | null = null;
  let wraps = 0;
  for (let i = 1; i <= max; i++) {
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
    const cur = (await page.evaluateHandle(() => document.activeElement)) as unknown as ElementHandle;
    const onPage = await page.evaluate((el) => !!el && el !== document.body, cur);
    if (onPage) {
      await expectFocusRing(page);
      if (prev) {
        const forward = await followsInDocument(page, prev, cur);
        if (forward === back) wraps++;
        expect(wraps, `Tab order went backwards at ${await describeFocus(page)}`).toBeLessThanOrEqual(1);
      }
      prev = cur;
    } else {
      wraps++; // out of the page and back in, at its end
    }
    if (await target.evaluate((el) => el === document.activeElement).catch(() => false)) return i;
  }
  throw new Error(`Tab did not reach ${target} within ${max} presses (last: ${await describeFocus(page)})`);
}

/** Every text the app's live region said from now on (see renderer/lib/announce.ts). */
export async function recordAnnouncements(page: Page): Promise<void> {
  await page.evaluate(() => {
    const said: string[] = [];
    (window as unknown as { __said: string[] }).__said = said;
    const region = document.querySelector('[data-testid="live-region"]')!;
    new MutationObserver(() => {
      const t = region.textContent?.trim();
      if (t) said.push(t);
    }).observe(region, { childList: true, characterData: true, subtree: true });
  });
}
export const announcements = (page: Page) => page.evaluate(() => (window as unknown as { __said: string[] }).__said);

/**
 * Tab through a whole view from where focus is: every stop shows its ring and comes after the
 * last in document order, until focus leaves the page (its end) or comes back round.
 * Returns how many stops there were.
 */
export async function tabAround(page: Page, max = 150): Promise<number> {
  let prev: ElementHandle | null = null;
  for (let i = 1; i <= max; i++) {
    await page.keyboard.press('Tab');
    const cur = (await page.evaluateHandle(() => document.activeElement)) as unknown as ElementHandle;
    if (!(await page.evaluate((el) => !!el && el !== document.body, cur))) return i - 1;
    await expectFocusRing(page);
    if (prev && !(await followsInDocument(page, prev, cur))) return i - 1; // came back round
    prev = cur;
  }
  throw new Error(`Tab went on for more than ${max} stops`);
}
