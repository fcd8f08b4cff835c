/**
 * Settings → Webhooks, as a person sets one up for their own server: an http:// or malformed
 * URL is refused in words and nothing reaches VideoGen; a valid one is created with the chosen
 * events, its signing secret is shown once with Copy (and is gone after), it is listed from
 * VideoGen, and Delete asks first. What the sandbox stored is read back from its API.
 */
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expectAccessible } from './axe';
import { expect, nav, repoRoot, SANDBOX_KEYS, test } from './fixtures';

const screens = path.join(repoRoot, 'test/artifacts/screens');

interface StoredEndpoint {
  endpointId: string;
  url: string;
  events: string[];
  description: string | null;
  signingSecret?: string;
}

async function stored(sandboxUrl: string): Promise<StoredEndpoint[]> {
  const res = await fetch(`${sandboxUrl}/v1/webhooks/endpoints?limit=200`, { headers: { Authorization: `Bearer ${SANDBOX_KEYS.videogen}` } });
  expect(res.status).toBe(200);
  return ((await res.json()) as { endpoints: StoredEndpoint[] }).endpoints;
}

/** Light and dark screenshots of the Webhooks section as it is, each checked with axe. */
async function shootBoth(page: Page, name: string): Promise<void> {
  for (const theme of ['Light', 'Dark'] as const) {
    await page.getByRole('radiogroup', { name: 'Theme' }).getByRole('radio', { name: theme }).click();
    await expect.poll(() => page.evaluate(() => document.documentElement.getAttribute('data-theme'))).toBe(theme.toLowerCase());
    await page.getByRole('heading', { name: 'Webhooks', exact: true }).scrollIntoViewIfNeeded();
    await page.evaluate(() => document.getElementById('s-webhooks')?.scrollIntoView({ block: 'start' }));
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    await page.screenshot({ path: path.join(screens, `${name}-${theme.toLowerCase()}.png`) });
    await expectAccessible(page, name);
  }
}

test('create (HTTPS only, secret shown once with Copy), list and delete webhooks', async ({ page, context, atelier }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await nav(page, 'Settings').click();
  const section = page.getByRole('region', { name: 'Webhooks' });
  await expect(section.getByText('No webhooks yet.')).toBeVisible();
  const form = section.getByRole('form', { name: 'Add a webhook' });
  const urlField = form.getByRole('textbox', { name: 'Endpoint URL' });
  const create = form.getByRole('button', { name: 'Create webhook' });

  // Refused before anything is sent.
  await urlField.fill('http://hooks.example.com/videogen');
  await create.click();
  await expect(form.getByRole('alert')).toHaveText('VideoGen only sends webhooks over HTTPS: use an https:// URL.');
  await expect(urlField).toHaveAttribute('aria-invalid', 'true');
  await urlField.fill('hooks example');
  await create.click();
  await expect(form.getByRole('alert')).toHaveText('“hooks example” isn’t a valid URL. Write it in full, starting with https://');
  await shootBoth(page, 'settings-webhooks-invalid');
  expect(await stored(atelier.sandbox.url)).toEqual([]);

  // No event chosen: refused too.
  await urlField.fill('https://hooks.example.com/videogen');
  for (const name of ['tool_execution.succeeded', 'tool_execution.failed', 'tool_execution.cancelled']) {
    await form.getByRole('checkbox', { name: new RegExp(name.replace('.', '\\.')) }).uncheck();
  }
  await create.click();
  await expect(form.getByRole('alert')).toHaveText('Choose at least one event.');
  expect(await stored(atelier.sandbox.url)).toEqual([]);

  // A valid one, with two events from different groups and a description.
  await form.getByRole('checkbox', { name: /tool_execution\.succeeded/ }).check();
  await form.getByRole('checkbox', { name: /workflow_run\.failed/ }).check();
  await form.getByRole('textbox', { name: 'Description (optional)' }).fill('Render farm notifier');
  await create.click();

  const secretBox = section.getByRole('region', { name: 'Signing secret of the new webhook' });
  await expect(secretBox).toBeVisible();
  await expect(secretBox).toContainText('Webhook created for https://hooks.example.com/videogen.');
  await expect(secretBox).toContainText('shown only now');
  const secret = await secretBox.getByRole('textbox', { name: 'Signing secret' }).inputValue();
  expect(secret).toMatch(/^whsec_/);
  await secretBox.getByRole('button', { name: 'Copy' }).click();
  await expect(secretBox.getByRole('status')).toHaveText('Copied to the clipboard.');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);

  // The sandbox received exactly what was chosen.
  const [endpoint] = await stored(atelier.sandbox.url);
  expect(await stored(atelier.sandbox.url)).toHaveLength(1);
  expect(endpoint).toMatchObject({ url: 'https://hooks.example.com/videogen', events: ['tool_execution.succeeded', 'workflow_run.failed'], description: 'Render farm notifier' });
  expect(endpoint!.signingSecret).toBeUndefined();

  // Listed from VideoGen, with the secret's last four characters only.
  const list = section.getByRole('list', { name: 'Webhooks' });
  const row = list.getByRole('listitem', { name: 'https://hooks.example.com/videogen' });
  await expect(row).toContainText('Render farm notifier');
  await expect(row).toContainText('tool_execution.succeeded, workflow_run.failed');
  await expect(row).toContainText(`signing secret ends in ${secret.slice(-4)}`);
  await shootBoth(page, 'settings-webhooks-secret');

  // Once dismissed, the secret is nowhere on the page, nor after a reload.
  await secretBox.getByRole('button', { name: 'I’ve saved it' }).click();
  await expect(secretBox).toHaveCount(0);
  expect(await page.locator('body').innerText()).not.toContain(secret);
  await page.reload();
  await nav(page, 'Settings').click();
  await expect(row).toBeVisible();
  expect(await page.locator('body').innerText()).not.toContain(secret);
  await shootBoth(page, 'settings-webhooks-list');

  // Delete asks first; Cancel keeps it.
  await row.getByRole('button', { name: 'Delete webhook https://hooks.example.com/videogen' }).click();
  const confirm = page.getByRole('alertdialog', { name: 'Delete this webhook?' });
  await expect(confirm).toContainText('VideoGen stops sending events to https://hooks.example.com/videogen at once.');
  await expectAccessible(page, 'settings-webhooks-delete');
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await expect(row).toBeVisible();
  expect(await stored(atelier.sandbox.url)).toHaveLength(1);

  await row.getByRole('button', { name: 'Delete webhook https://hooks.example.com/videogen' }).click();
  await confirm.getByRole('button', { name: 'Delete webhook' }).click();
  await expect(section.getByText('No webhooks yet.')).toBeVisible();
  expect(await stored(atelier.sandbox.url)).toEqual([]);
});
