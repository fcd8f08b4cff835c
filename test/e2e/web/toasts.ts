import { expect, type Page } from '@playwright/test';

/**
 * Close every notification, one at a time from the top. Closing one moves the next under the
 * pointer, and a notification under the pointer waits (it does not time out while hovered), so
 * each is closed by its own button rather than left to expire; the pointer then moves away.
 */
export async function dismissToasts(page: Page): Promise<void> {
  const dismiss = page.getByRole('button', { name: 'Dismiss' });
  await expect(async () => {
    while ((await dismiss.count()) > 0) await dismiss.first().click({ timeout: 2_000 });
    await expect(page.locator('.toast')).toHaveCount(0, { timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
  await page.mouse.move(0, 0);
}
