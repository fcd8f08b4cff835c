/**
 * Settings → About, as a person filing a bug report uses it: which SQLite build the app
 * loaded, where the log is, and "Show logs" opening it (the web host serves it in a new tab).
 */
import { expect, nav, test } from './fixtures';

test('About names the SQLite build and the log file; Show logs opens the log', async ({ page, context, atelier }) => {
  await nav(page, 'Settings').click();
  const about = page.getByRole('region', { name: 'About' });
  await expect(about.getByText(/^SQLite, built for Node: .*better_sqlite3\.node$/)).toBeVisible();
  const logFile = `${atelier.host.dataDir}/logs/atelier.log`;
  await expect(about.getByText(logFile, { exact: true })).toBeVisible();

  const [tab] = await Promise.all([context.waitForEvent('page'), about.getByRole('button', { name: 'Show logs' }).click()]);
  await tab.waitForLoadState();
  expect(new URL(tab.url()).pathname).toBe('/logs');
  // The web host's own lines are there, and no key or token.
  const text = (await tab.locator('body').innerText()).trim();
  expect(text).toMatch(/\[(info|warn|error)\]/);
  expect(text).not.toContain('vg_sandbox_key');
  await tab.close();
});
