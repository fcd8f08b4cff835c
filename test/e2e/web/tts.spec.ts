/**
 * Text to speech, as a person picks a voice and a language: the language comes from VideoGen's
 * list through a searchable combobox (typing filters it, arrows and Enter choose), deprecated
 * voices are listed only when asked for, and the run VideoGen receives carries both (the
 * sandbox describes the speech it made by voice and language hint).
 */
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expectAccessible } from './axe';
import { expect, nav, repoRoot, SANDBOX_KEYS, test } from './fixtures';
import { unique } from './media';

const screens = path.join(repoRoot, 'test/artifacts/screens');
const tool = (page: Page, label: string) => page.getByRole('navigation', { name: 'Tools' }).getByRole('button', { name: label, exact: true });
const runRow = (page: Page, text: string) => page.locator('section[aria-labelledby="gen-title"] li', { hasText: text });
const DEPRECATED = 'Classic Narrator · male · american (deprecated)';

async function moreOptions(page: Page): Promise<void> {
  const toggle = page.getByRole('button', { name: 'More options' });
  if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
}

test('text to speech: language from a searchable list, deprecated voices only when asked', async ({ page, atelier }) => {
  const text = `Hola y bienvenidos ${unique('tts')}`;
  await nav(page, 'Generate').click();
  await tool(page, 'Text to speech').click();
  const voice = page.getByLabel('Voice', { exact: true });
  await expect(voice).toBeEnabled();
  await expect(voice.locator('option', { hasText: 'Ava · female' })).toHaveCount(1);
  await expect(voice.locator('option', { hasText: 'Classic Narrator' })).toHaveCount(0);

  // Asked for: deprecated voices appear, marked; those VideoGen won't run directly stay out.
  const showDeprecated = page.getByRole('checkbox', { name: 'Show deprecated voices' });
  await showDeprecated.check();
  await expect(voice.locator('option', { hasText: DEPRECATED })).toHaveCount(1);
  await expect(voice.locator('option', { hasText: 'Retro Radio' })).toHaveCount(0);
  await voice.selectOption({ label: DEPRECATED });
  await expect(page.getByText('This voice is deprecated: it still works, but VideoGen may remove it.')).toBeVisible();
  // Hidden again, a chosen deprecated voice is no longer chosen.
  await showDeprecated.uncheck();
  await expect(voice.locator('option', { hasText: 'Classic Narrator' })).toHaveCount(0);
  await expect(voice).toHaveValue('');
  await showDeprecated.check();
  await voice.selectOption({ label: DEPRECATED });
  await page.getByLabel('Text to speak').fill(text);

  // The language: typed to filter VideoGen's list, chosen by keyboard.
  await moreOptions(page);
  const language = page.getByRole('combobox', { name: 'Language' });
  const list = page.getByRole('listbox', { name: 'Languages' });
  await language.fill('ish');
  await expect(list.getByRole('option')).toHaveText(['Danish da', 'English en', 'Finnish fi', 'Polish pl', 'Spanish es', 'Swedish sv', 'Turkish tr']);
  await language.fill('zzz');
  await expect(page.getByRole('status').filter({ hasText: 'No language matches “zzz”.' })).toBeVisible();
  await expect(list).toBeHidden();
  await language.fill('span');
  await expect(list.getByRole('option')).toHaveText(['Spanish es']);
  await expect(language).toHaveAttribute('aria-expanded', 'true');
  await language.press('Enter');
  await expect(language).toHaveValue('Spanish');
  await expect(list).toBeHidden();
  // Arrow keys move through the whole list; Escape closes it and keeps the choice.
  await language.press('ArrowDown');
  await expect(list.getByRole('option', { name: 'Arabic ar' })).toBeVisible();
  await language.press('ArrowDown');
  await expect(language).toHaveAttribute('aria-activedescendant', /-bg$/);
  await language.press('Escape');
  await expect(language).toHaveValue('Spanish');

  // Light and dark, list open, each checked with axe.
  for (const theme of ['Light', 'Dark'] as const) {
    await nav(page, 'Settings').click();
    await page.getByRole('radiogroup', { name: 'Theme' }).getByRole('radio', { name: theme }).click();
    await nav(page, 'Generate').click();
    await moreOptions(page);
    await language.click();
    await language.fill('i');
    await expect(list).toBeVisible();
    await language.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(screens, `generate-tts-language-${theme.toLowerCase()}.png`) });
    await expectAccessible(page, 'generate-tts-language');
    await language.press('Escape');
    await expect(language).toHaveValue('Spanish');
  }

  await page.getByRole('button', { name: 'Generate', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Text to speech queued' })).toBeVisible();

  // What VideoGen received: the deprecated voice and the language hint.
  await nav(page, 'Activity').click();
  const run = runRow(page, text);
  await expect(run.getByText('Done', { exact: true })).toBeVisible({ timeout: 90_000 });
  await run.getByRole('button', { name: /^Open .* in the library$/ }).first().click();
  const inspector = page.getByRole('complementary', { name: 'Inspector' });
  const fileId = (await inspector.locator('dt:text-is("File id") + dd').innerText()).trim();
  // The description is VideoGen's analysis of the file: it comes a moment after the file is ready.
  const read = async () => {
    const res = await fetch(`${atelier.sandbox.url}/v1/files/${encodeURIComponent(fileId)}`, { headers: { authorization: `Bearer ${SANDBOX_KEYS.videogen}` } });
    return (await res.json()) as { description: string | null; type: string };
  };
  await expect.poll(async () => (await read()).description, { timeout: 30_000 }).toContain(
    'Speech by the voice Classic Narrator (en-US) with the language hint es reading: Hola y bienvenidos',
  );
  expect((await read()).type).toBe('AUDIO');
});
