/**
 * Issue 11, what a person sees at the edges (by accessible names), in light and dark:
 *
 *  - no system keychain: Settings says so and offers the encrypted file only as a choice; after
 *    choosing it (a passphrase typed twice) a key is saved there;
 *  - that key revoked mid-generation: the row says "Paused: the VideoGen key was rejected", the
 *    status bar and Settings say the key was rejected, and a working key resumes it;
 *  - an empty file: the problem once, under the file's name.
 *
 * (10,000 files dropped at once: drop-10k.spec.ts.)
 *
 * Screenshots go to test/artifacts/screens/ for a person to look at; each state is also checked
 * with axe-core (axe.ts).
 */
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expectAccessible } from './axe';
import { bothThemes, shoot } from './themes';
import { expect, launchChromium, nav, openApp, startSandboxProcess, startWebHostProcess, tempDir, test } from './fixtures';

const NO_KEYCHAIN = { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/atelier-e2e-no-keychain' };

test('no keychain: the encrypted-file choice; then a key revoked mid-generation pauses it and a new key resumes it', async () => {
  test.setTimeout(240_000);
  const root = tempDir('keys');
  const sandboxDir = path.join(root, 'sandbox');
  let sandbox = await startSandboxProcess({ dataDir: sandboxDir, extra: ['--execution-ms', '20000', '--videogen-key', 'vg_first_key_1111'] });
  const host = await startWebHostProcess({ dataDir: path.join(root, 'app'), sandbox, envKeys: false, env: NO_KEYCHAIN });
  const browser = await launchChromium();
  try {
    const page = browser.context.pages()[0] ?? (await browser.context.newPage());
    await openApp(page, host.url);
    await nav(page, 'Settings').click();
    const where = page.getByRole('region', { name: 'Where keys are kept' });
    await expect(where.getByText('No system keychain is available, so Atelier can’t save keys.')).toBeVisible();
    await expect(page.getByText('Get it at app.videogen.io → Developers. Atelier can’t save it until you choose where keys are kept (above).')).toBeVisible();
    await bothThemes(page, 'Settings', 'settings-no-keychain');

    // The choice, explicitly: a passphrase typed twice.
    await where.getByRole('button', { name: 'Keep keys in an encrypted file…' }).click();
    await expect(where.getByText(/Atelier never stores the passphrase: you type it again after each start/)).toBeVisible();
    await shoot(page, 'settings-encrypted-file-choice-dark');
    await expectAccessible(page, 'settings-encrypted-file-choice', { within: '.key-storage' });
    await where.getByLabel('Passphrase', { exact: true }).fill('a long passphrase');
    await where.getByLabel('Type it again').fill('a long passphrase');
    await where.getByRole('button', { name: 'Encrypt and keep keys in a file' }).click();
    await expect(where.getByText('Keys are kept in a file encrypted with your passphrase')).toBeVisible();
    await page.getByLabel('VideoGen API key').fill('vg_first_key_1111');
    await page.getByRole('button', { name: 'Save and check' }).first().click();
    await expect(page.getByText('from the encrypted key file')).toBeVisible();
    await expect(page.getByText('Get it at app.videogen.io → Developers. It is checked against the API, kept in the key file encrypted with your passphrase, and never shown again.')).toBeVisible();

    // A generation, then the key is revoked (the same server now accepts only another key).
    await nav(page, 'Generate').click();
    await page.getByLabel('Prompt', { exact: true }).fill('A red kite over the dunes');
    await page.getByRole('button', { name: 'Generate', exact: true }).click();
    await nav(page, 'Activity').click();
    const row = page.locator('section[aria-labelledby="gen-title"] li', { hasText: 'A red kite over the dunes' });
    await expect(row.getByText(/^(Waiting|Running)$/)).toBeVisible({ timeout: 30_000 });
    const port = sandbox.port;
    await sandbox.stop();
    sandbox = await startSandboxProcess({ port, dataDir: sandboxDir, extra: ['--execution-ms', '20000', '--videogen-key', 'vg_second_key_2222'] });
    await expect(row.getByText('Paused: the VideoGen key was rejected. Save a working key in Settings and this continues by itself.')).toBeVisible({ timeout: 30_000 });
    await expect(row.getByText('Paused', { exact: true })).toBeVisible();
    await expect(page.getByRole('contentinfo', { name: 'Status' }).getByRole('button', { name: 'VideoGen key rejected: work paused' })).toBeVisible();
    await bothThemes(page, 'Activity', 'activity-key-rejected');
    await nav(page, 'Settings').click();
    await expect(page.getByText('Rejected', { exact: true })).toBeVisible();
    await expect(page.getByText(/^Rejected .*: VideoGen rejected this key while Atelier was using it/)).toBeVisible();
    await bothThemes(page, 'Settings', 'settings-key-rejected');

    // A working key: everything goes on by itself.
    await page.getByLabel('VideoGen API key').fill('vg_second_key_2222');
    await page.getByRole('button', { name: 'Save and check' }).first().click();
    await expect(page.getByRole('contentinfo', { name: 'Status' }).getByRole('button', { name: 'VideoGen key rejected: work paused' })).toHaveCount(0);
    await nav(page, 'Activity').click();
    await expect(row.getByText('Done', { exact: true })).toBeVisible({ timeout: 60_000 });
  } finally {
    await browser.close();
    await host.stop();
    await sandbox.stop();
    rmSync(root, { recursive: true, force: true });
  }
});

test('an empty file: the problem once, under its name', async ({ page }) => {
  const dir = tempDir('empty-file');
  const file = path.join(dir, 'empty.png');
  writeFileSync(file, '');
  await page.getByTestId('add-files-input').setInputFiles(file);
  const toast = page.getByRole('status').or(page.getByRole('alert')).filter({ hasText: 'Could not upload empty.png' });
  await expect(toast).toBeVisible();
  await expect(toast).toContainText('Skipped: the file is empty (0 bytes).');
  await expect(toast).not.toContainText('empty.png: ');
  rmSync(dir, { recursive: true, force: true });
});
