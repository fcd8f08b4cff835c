/**
 * Sync's options in the lip-sync form, end to end (web host + sandbox), by accessible names:
 *
 *  - segments (a time range of the video, each with its own audio and optionally the part of it
 *    to use) and the active speaker as a point on one frame: wrong values get an inline error
 *    naming the field; the request Sync received (read back from the sandbox's Sync API) carries
 *    `segments` with refIds and `active_speaker_detection`; the inspector shows them; Reuse
 *    restores them;
 *  - a script with ElevenLabs stability and similarity boost, and a bounding box per frame; then
 *    "Use its synthesized audio": another take whose audio is the speech Sync made for the first.
 *
 * Screenshots: test/artifacts/screens/lipsync-options-<theme>.png (the form) and
 * lipsync-options-request-<theme>.png, lipsync-tts-request-<theme>.png (results' Requests in the inspector).
 */
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expectAccessible } from './axe';
import { shoot } from './themes';
import { expect, nav, tempDir, test } from './fixtures';
import { chooseLocal, input, inspector, lipsyncRun, localChip, moreOptions, openLipsyncForm, openResult, sizeText, submitLipsync, syncGet, type SyncGeneration } from './lipsync-steps';
import { m4a, mp4, unique } from './media';

async function setTheme(page: Page, theme: 'Light' | 'Dark' | 'System'): Promise<void> {
  await nav(page, 'Settings').click();
  await page.getByRole('radiogroup', { name: 'Theme' }).getByRole('radio', { name: theme }).click();
}

const fieldError = (page: Page, text: string) => page.locator('.field-error').filter({ hasText: text });

async function generation(sandboxUrl: string, match: (g: SyncGeneration) => boolean): Promise<SyncGeneration> {
  const all = await syncGet<SyncGeneration[]>(sandboxUrl, '/v2/generations');
  const found = all.filter(match);
  expect(found, JSON.stringify(all.map((g) => ({ id: g.id, options: g.options, segments: g.segments })))).toHaveLength(1);
  return found[0]!;
}

test('segments with their own audio and an active speaker point: checked in the form, sent, shown, reused', async ({ page, atelier }) => {
  test.setTimeout(240_000);
  const dir = tempDir('ls-opts');
  const face = mp4(dir, `${unique('seg-face')}.mp4`, 3);
  const voice = m4a(dir, `${unique('seg-voice')}.m4a`, 3);
  const line = m4a(dir, `${unique('seg-line')}.m4a`, 2);

  await openLipsyncForm(page);
  await chooseLocal(page, 'Face video or image', face);
  await expect(localChip(page, 'Face video or image', face)).toContainText(sizeText(face));
  await chooseLocal(page, 'Audio', voice);
  await expect(localChip(page, 'Audio', voice)).toContainText(sizeText(voice));
  await moreOptions(page);

  // Wrong values: each named in its own words, nothing sent.
  await page.getByLabel('Active speaker').selectOption({ label: 'A point on one frame' });
  await page.getByLabel('Frame number').fill('3');
  await page.getByLabel('Y (pixels)').fill('180');
  await page.getByRole('button', { name: 'Add segment' }).click();
  await page.getByLabel('Segment 1 start (seconds)').fill('1');
  await page.getByLabel('Segment 1 end (seconds)').fill('0.5');
  await page.getByRole('button', { name: 'Generate', exact: true }).click();
  await expect(fieldError(page, 'X (pixels) is required.')).toBeVisible();
  await expect(fieldError(page, 'Segment 1: End must be after start.')).toBeVisible();
  await page.getByLabel('Segment 1 end (seconds)').fill('2');
  await page.getByRole('button', { name: 'Generate', exact: true }).click();
  await expect(fieldError(page, 'Segment 1: Audio is required.')).toBeVisible();
  // A box that isn't one, while we are here.
  await page.getByLabel('Active speaker').selectOption({ label: 'A box on each frame' });
  await page.getByLabel('Bounding boxes').fill('10, 10, 5, 50');
  await page.getByLabel('Bounding boxes').blur();
  await expect(fieldError(page, 'Bounding boxes, line 1: write four pixel numbers x1, y1, x2, y2 with x1 < x2 and y1 < y2, or “none”.')).toBeVisible();
  await page.getByLabel('Active speaker').selectOption({ label: 'A point on one frame' });
  await page.getByLabel('X (pixels)').fill('320');

  // The segment's own audio (a file on this computer) and the part of it to use.
  await chooseLocal(page, 'Segment 1 audio', line);
  await expect(localChip(page, 'Segment 1 audio', line)).toContainText(sizeText(line));
  await page.getByLabel('Segment 1 audio from (seconds)').fill('0.25');
  await page.getByLabel('Segment 1 audio to (seconds)').fill('1.5');
  await expect(page.locator('.field-error')).toHaveCount(0);

  for (const theme of ['Light', 'Dark'] as const) {
    await setTheme(page, theme);
    await nav(page, 'Generate').click();
    await moreOptions(page);
    await expect(localChip(page, 'Segment 1 audio', line)).toContainText(sizeText(line));
    await input(page, 'Segment 1 audio').scrollIntoViewIfNeeded();
    await shoot(page, `lipsync-options-${theme.toLowerCase()}`);
    await expectAccessible(page, 'lipsync-options');
  }
  await setTheme(page, 'System');
  await nav(page, 'Generate').click();
  await moreOptions(page);
  await expect(page.getByLabel('Segment 1 end (seconds)')).toHaveValue('2');

  await submitLipsync(page);
  const run = await lipsyncRun(page, path.basename(face));
  await openResult(page, run);
  const params = inspector(page).getByLabel('Request parameters');
  await expect(params).toContainText('frame 3, at x 320, y 180');
  await expect(params).toContainText('Segment 1');
  await expect(params).toContainText('1–2 s');
  await expect(params).toContainText(path.basename(line));
  await expect(params).toContainText('audio 0.25–1.5 s');

  // What Sync received: the segment with its audio by refId, the speaker point.
  const g = await generation(atelier.sandbox.url, (x) => Array.isArray(x.segments) && x.segments.length > 0);
  expect(g.segments).toEqual([{ startTime: 1, endTime: 2, audioInput: { refId: 'segment-1', startTime: 0.25, endTime: 1.5 } }]);
  expect(g.options?.['active_speaker_detection']).toEqual({ frame_number: 3, coordinates: [320, 180] });
  const segAudio = g.input.find((i) => i.refId === 'segment-1');
  expect(segAudio).toMatchObject({ type: 'audio' });
  expect(segAudio?.assetId).toBeTruthy();
  expect(g.input.filter((i) => i.type === 'audio')).toHaveLength(2);

  for (const theme of ['Light', 'Dark'] as const) {
    await setTheme(page, theme);
    await nav(page, 'Activity').click();
    await (await lipsyncRun(page, path.basename(face))).getByRole('button', { name: /^Open .* in the library$/ }).click();
    await expect(params).toContainText('Segment 1');
    await params.scrollIntoViewIfNeeded();
    await shoot(page, `lipsync-options-request-${theme.toLowerCase()}`);
    await expectAccessible(page, 'lipsync-options-request');
  }
  await setTheme(page, 'System');

  // Reuse: the same options back in the form.
  await nav(page, 'Activity').click();
  await (await lipsyncRun(page, path.basename(face))).getByRole('button', { name: /^Open .* in the library$/ }).click();
  await inspector(page).getByRole('button', { name: 'Reuse' }).click();
  await expect(page.getByRole('heading', { name: 'Lip-sync', exact: true })).toBeVisible();
  await moreOptions(page);
  await expect(page.getByLabel('Active speaker')).toHaveValue('point');
  await expect(page.getByLabel('Frame number')).toHaveValue('3');
  await expect(page.getByLabel('X (pixels)')).toHaveValue('320');
  await expect(page.getByLabel('Y (pixels)')).toHaveValue('180');
  await expect(page.getByLabel('Segment 1 start (seconds)')).toHaveValue('1');
  await expect(page.getByLabel('Segment 1 end (seconds)')).toHaveValue('2');
  await expect(page.getByLabel('Segment 1 audio from (seconds)')).toHaveValue('0.25');
  await expect(localChip(page, 'Segment 1 audio', line)).toContainText(sizeText(line));
});

test('a script with stability and similarity boost, and a box per frame for the speaker', async ({ page, atelier }) => {
  test.setTimeout(180_000);
  const dir = tempDir('ls-tts');
  const face = mp4(dir, `${unique('tts-face')}.mp4`, 2);
  const script = `Steady now, ${unique('take')}.`;

  await openLipsyncForm(page);
  await chooseLocal(page, 'Face video or image', face);
  await expect(localChip(page, 'Face video or image', face)).toContainText(sizeText(face));
  await page.getByLabel('Voice from').selectOption('text');
  await page.getByLabel('Voice id').fill('21m00Tcm4TlvDq8ikWAM');
  await page.getByLabel('Script', { exact: true }).fill(script);
  await page.getByLabel('Stability').fill('1.5');
  await page.getByRole('button', { name: 'Generate', exact: true }).click();
  await expect(fieldError(page, 'Stability must be between 0 and 1.')).toBeVisible();
  await page.getByLabel('Stability').fill('0.4');
  await page.getByLabel('Similarity boost').fill('0.8');
  await moreOptions(page);
  await page.getByLabel('Active speaker').selectOption({ label: 'A box on each frame' });
  await page.getByLabel('Bounding boxes').fill('10, 20, 200, 220\nnone\n12, 20, 202, 220');
  await expect(page.locator('.field-error')).toHaveCount(0);

  await submitLipsync(page);
  const run = await lipsyncRun(page, script);
  await openResult(page, run);
  const params = inspector(page).getByLabel('Request parameters');
  await expect(params.locator('.meta-row', { hasText: 'Stability' })).toContainText('0.4');
  await expect(params.locator('.meta-row', { hasText: 'Similarity boost' })).toContainText('0.8');
  await expect(params).toContainText('3 boxes (first: 10, 20, 200, 220)');

  const g = await generation(atelier.sandbox.url, (x) => x.input.some((i) => i.type === 'text' && i.provider?.['script'] === script));
  expect(g.input.find((i) => i.type === 'text')?.provider).toMatchObject({ name: 'elevenlabs', voiceId: '21m00Tcm4TlvDq8ikWAM', stability: 0.4, similarityBoost: 0.8 });
  expect(g.options?.['active_speaker_detection']).toEqual({ bounding_boxes: [[10, 20, 200, 220], null, [12, 20, 202, 220]] });

  await inspector(page).getByRole('button', { name: 'Reuse' }).click();
  await expect(page.getByLabel('Stability')).toHaveValue('0.4');
  await expect(page.getByLabel('Similarity boost')).toHaveValue('0.8');
  await moreOptions(page);
  await expect(page.getByLabel('Active speaker')).toHaveValue('boxes');
  await expect(page.getByLabel('Bounding boxes')).toHaveValue('10, 20, 200, 220\nnone\n12, 20, 202, 220');

  // Another take with exactly the speech Sync made for this one, as its audio.
  for (const theme of ['Light', 'Dark'] as const) {
    await setTheme(page, theme);
    await (await lipsyncRun(page, script)).getByRole('button', { name: /^Open .* in the library$/ }).click();
    await expect(inspector(page).getByRole('button', { name: 'Use its synthesized audio' })).toBeVisible();
    await inspector(page).getByLabel('Request parameters').scrollIntoViewIfNeeded();
    await shoot(page, `lipsync-tts-request-${theme.toLowerCase()}`);
    await expectAccessible(page, 'lipsync-tts-request');
  }
  await setTheme(page, 'System');
  await (await lipsyncRun(page, script)).getByRole('button', { name: /^Open .* in the library$/ }).click();
  await inspector(page).getByRole('button', { name: 'Use its synthesized audio' }).click();
  await expect(page.getByRole('heading', { name: 'Lip-sync', exact: true })).toBeVisible();
  await expect(page.getByLabel('Voice from')).toHaveValue('audio');
  const speech = input(page, 'Audio').locator('.file-chip', { hasText: /-voice\.\w+/ });
  await expect(speech).toContainText(/\d+(\.\d)? KB · on this computer/);
  const speechName = (await speech.locator('.file-chip-name').textContent())!.trim();
  await expect(localChip(page, 'Face video or image', face)).toContainText(sizeText(face));
  await submitLipsync(page);
  const again = await lipsyncRun(page, speechName);
  await openResult(page, again);
  await expect(inspector(page).getByLabel('Request parameters')).toContainText(speechName);
  const second = await generation(atelier.sandbox.url, (x) => x.input.some((i) => i.type === 'audio' && (i.url ?? '').includes(encodeURIComponent(speechName))));
  expect(second.input.some((i) => i.type === 'text')).toBe(false);
  expect(second.options?.['active_speaker_detection']).toEqual({ bounding_boxes: [[10, 20, 200, 220], null, [12, 20, 202, 220]] });
});
