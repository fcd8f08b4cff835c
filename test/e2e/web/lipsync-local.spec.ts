/**
 * Lip-sync from files on this computer, in the web host, with only a Sync key configured (no
 * VideoGen key at all): "Choose a file on this computer…" for the face video and the voice, the
 * file shown as a chip with its name and size, a wrong kind of file refused at once in words, a
 * video over 20 MB sent to Sync as an asset (read back from the sandbox's Sync API: the asset, its
 * size, the generation that uses it) and a small voice sent inside the request; a 6 GB file refused
 * before a byte is sent; nothing goes to
 * VideoGen. After the run and a reload, Reuse brings the same local files back (Atelier keeps them).
 * Screenshots: test/artifacts/screens/lipsync-local-<theme>.png.
 */
import { statSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expectAccessible } from './axe';
import { shoot } from './themes';
import { expect, launchChromium, nav, openApp, SANDBOX_KEYS, startSandboxProcess, startWebHostProcess, tempDir, test } from './fixtures';
import { bigVideo, chooseLocal, input, inspector, lipsyncRun, localChip, openLipsyncForm, openResult, runs, sizeText, submitLipsync, syncGet, type SyncGeneration } from './lipsync-steps';
import { m4a, unique } from './media';

const NO_KEYCHAIN = { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/atelier-e2e-no-keychain' };

async function setTheme(page: Page, theme: 'Light' | 'Dark' | 'System'): Promise<void> {
  await nav(page, 'Settings').click();
  await page.getByRole('radiogroup', { name: 'Theme' }).getByRole('radio', { name: theme }).click();
}

test('only a Sync key: local face video over 20 MB goes as a Sync asset, local voice in the request, nothing to VideoGen', async () => {
  test.setTimeout(240_000);
  const root = tempDir('ls-local');
  const sandbox = await startSandboxProcess({ dataDir: path.join(root, 'sandbox') });
  const host = await startWebHostProcess({
    dataDir: path.join(root, 'app'),
    sandbox,
    envKeys: false,
    env: { ...NO_KEYCHAIN, ATELIER_SYNC_KEY: SANDBOX_KEYS.sync },
  });
  const browser = await launchChromium();
  try {
    const page = browser.context.pages()[0] ?? (await browser.context.newPage());
    await openApp(page, host.url);
    // Settings agrees: a Sync key, no VideoGen key.
    await nav(page, 'Settings').click();
    await expect(page.getByLabel('VideoGen API key')).toBeVisible();

    const dir = tempDir('ls-local-media');
    const face = bigVideo(dir, `${unique('big-face')}.mp4`);
    const faceSize = statSync(face).size;
    expect(faceSize).toBeGreaterThan(20 * 1024 * 1024);
    const voice = m4a(dir, `${unique('local-voice')}.m4a`);
    const notes = path.join(dir, `${unique('notes')}.txt`);
    writeFileSync(notes, 'not a sound at all\n');

    await openLipsyncForm(page);
    // The wrong kind of file: refused at once, in words, and nothing is set.
    await chooseLocal(page, 'Audio', notes);
    await expect(page.getByRole('alert').filter({ hasText: `“${path.basename(notes)}” isn't an audio file (WAV, MP3, M4A…), which this input needs.` })).toBeVisible({ timeout: 5_000 });
    await expect(input(page, 'Audio').locator('.file-chip')).toHaveCount(0);
    // Too large for Sync (a 6 GB sparse file): refused before a byte is sent.
    const huge = path.join(dir, `${unique('huge-face')}.mp4`);
    writeFileSync(huge, '');
    truncateSync(huge, 6 * 1024 ** 3);
    const t0 = Date.now();
    await chooseLocal(page, 'Face video or image', huge);
    await expect(page.getByRole('alert').filter({ hasText: `“${path.basename(huge)}” is 6 GB; Atelier sends Sync files of up to 5 GB.` })).toBeVisible({ timeout: 5_000 });
    expect(Date.now() - t0).toBeLessThan(5_000);
    await expect(input(page, 'Face video or image').locator('.file-chip')).toHaveCount(0);

    await chooseLocal(page, 'Face video or image', face);
    await expect(localChip(page, 'Face video or image', face)).toContainText(sizeText(face), { timeout: 30_000 });
    await chooseLocal(page, 'Audio', voice);
    await expect(localChip(page, 'Audio', voice)).toContainText(sizeText(voice));
    await expect(page.getByRole('alert').filter({ hasText: path.basename(notes) })).toHaveCount(0);

    for (const theme of ['Light', 'Dark'] as const) {
      await setTheme(page, theme);
      await nav(page, 'Generate').click();
      await expect(localChip(page, 'Face video or image', face)).toContainText(sizeText(face));
      await shoot(page, `lipsync-local-${theme.toLowerCase()}`);
      await expectAccessible(page, 'lipsync-local');
    }
    await setTheme(page, 'System');
    await nav(page, 'Generate').click();

    await submitLipsync(page);
    const run = await lipsyncRun(page, path.basename(face));
    await openResult(page, run);
    const params = inspector(page).getByLabel('Request parameters');
    await expect(params).toContainText(path.basename(face));
    await expect(params).toContainText(path.basename(voice));

    // What Sync received: the big video as an asset of exactly its size, used by the generation;
    // the voice as a part of the request (a multipart upload, not an asset).
    const assets = await syncGet<{ items: Array<{ id: string; name: string; size: number; type: string }> }>(sandbox.url, '/v2/assets?limit=100');
    const asset = assets.items.find((a) => a.name === path.basename(face));
    expect(asset, JSON.stringify(assets.items)).toMatchObject({ size: faceSize, type: 'VIDEO' });
    expect(assets.items.some((a) => a.name === path.basename(voice))).toBe(false);
    const gens = await syncGet<SyncGeneration[]>(sandbox.url, '/v2/generations');
    const used = gens.filter((g) => g.input.some((i) => i.type === 'video' && i.assetId === asset!.id));
    expect(used).toHaveLength(1);
    expect(used[0]!.status).toBe('COMPLETED');
    const audio = used[0]!.input.find((i) => i.type === 'audio');
    expect(audio?.url).toContain('/sync-storage/uploads/');
    expect(audio?.url).toContain(encodeURIComponent(path.basename(voice)));

    // Nothing went to VideoGen: no upload in Activity.
    await nav(page, 'Activity').click();
    await expect(page.locator('section[aria-labelledby="up-title"] li')).toHaveCount(0);

    // The local files are kept: after a reload, Reuse brings them back with their sizes.
    await openApp(page, host.url);
    await nav(page, 'Activity').click();
    await runs(page).filter({ hasText: path.basename(face) }).first().getByRole('button', { name: /^Open .* in the library$/ }).click();
    await inspector(page).getByRole('button', { name: 'Reuse' }).click();
    await expect(page.getByRole('heading', { name: 'Lip-sync', exact: true })).toBeVisible();
    await expect(localChip(page, 'Face video or image', face)).toContainText(sizeText(face));
    await expect(localChip(page, 'Audio', voice)).toContainText(sizeText(voice));
  } finally {
    await browser.close();
    await host.stop();
    await sandbox.stop();
  }
});
