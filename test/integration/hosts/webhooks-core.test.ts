/**
 * Settings → Webhooks through the router, as the renderer calls it, against the sandbox: the
 * URL rule and event names are checked before anything is sent, the signing secret comes back
 * once (create) and never again (list), nothing of it lands in the database or the log, and
 * VideoGen's hourly limit on creating webhooks is reported in words.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InvokeResult, WebhookView } from '../../../main/contract';
import { createRouter, type Router } from '../../../main/core/router';
import type { Core } from '../../../main/core/types';
import type { Sandbox } from '../../../main/sandbox';
import { startCoreOnSandbox, type CoreOnSandbox } from '../../helpers/core-on-sandbox';

const KEY = 'vg_webhook_key_01';
const ctx = { host: 'web' as const };

let env: CoreOnSandbox;
let root: string;
let sandbox: Sandbox;
let core: Core;
let router: Router;
const logLines: string[] = [];

const call = (cmd: string, input: unknown) => router.invoke(cmd, input, ctx);
const ok = <T>(r: InvokeResult): T => {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value as T;
};
const sandboxList = async () => {
  const res = await fetch(`${sandbox.url}/v1/webhooks/endpoints?limit=200`, { headers: { Authorization: `Bearer ${KEY}` } });
  return ((await res.json()) as { endpoints: Array<{ endpointId: string; url: string; events: string[]; description: string | null }> }).endpoints;
};

beforeAll(async () => {
  env = await startCoreOnSandbox({ name: 'webhooks', key: KEY, workers: false });
  ({ root, sandbox, core } = env);
  router = createRouter(core.handlers, { log: (l) => logLines.push(l) });
});
afterAll(() => env?.close());

describe('webhooks.* commands', { timeout: 30_000 }, () => {
  let secret = '';
  let created: WebhookView;

  it('refuses http://, a bad URL, no events and unknown events before sending anything', async () => {
    const before = sandbox.stats().requests['POST /v1/webhooks/endpoints'] ?? 0;
    const http = await call('webhooks.create', { url: 'http://hooks.example.com/vg', events: ['tool_execution.succeeded'] });
    expect(http).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(!http.ok && http.error.message).toContain('VideoGen only sends webhooks over HTTPS: use an https:// URL.');
    const bad = await call('webhooks.create', { url: 'hooks example', events: ['tool_execution.succeeded'] });
    expect(!bad.ok && bad.error.message).toContain('isn’t a valid URL');
    const none = await call('webhooks.create', { url: 'https://hooks.example.com/vg', events: [] });
    expect(!none.ok && none.error.message).toContain('Choose at least one event.');
    const unknown = await call('webhooks.create', { url: 'https://hooks.example.com/vg', events: ['file.deleted'] });
    expect(unknown.ok).toBe(false);
    expect(sandbox.stats().requests['POST /v1/webhooks/endpoints'] ?? 0).toBe(before);
  });

  it('creates one: the secret comes back once, the sandbox stores URL, events and description', async () => {
    const res = ok<{ webhook: WebhookView; signingSecret: string }>(
      await call('webhooks.create', { url: ' https://hooks.example.com/vg ', events: ['tool_execution.succeeded', 'file.upload.failed'], description: 'CI notifier' }),
    );
    created = res.webhook;
    secret = res.signingSecret;
    expect(secret).toMatch(/^whsec_/);
    expect(created).toMatchObject({ url: 'https://hooks.example.com/vg', events: ['tool_execution.succeeded', 'file.upload.failed'], description: 'CI notifier', secretLast4: secret.slice(-4) });
    expect(created.createdAt).toBeGreaterThan(Date.now() - 60_000);
    expect(await sandboxList()).toEqual([
      expect.objectContaining({ endpointId: created.endpointId, url: 'https://hooks.example.com/vg', events: ['tool_execution.succeeded', 'file.upload.failed'], description: 'CI notifier' }),
    ]);
  });

  it('lists without the secret', async () => {
    const list = ok<WebhookView[]>(await call('webhooks.list', {}));
    expect(list).toEqual([created]);
    expect(JSON.stringify(list)).not.toContain(secret);
  });

  it('keeps the secret out of the database and the log', () => {
    const dir = path.join(root, 'app');
    for (const name of readdirSync(dir, { recursive: true }) as string[]) {
      const file = path.join(dir, name);
      let bytes: Buffer;
      try {
        bytes = readFileSync(file);
      } catch {
        continue; // a folder
      }
      expect(bytes.includes(Buffer.from(secret)), name).toBe(false);
    }
    expect(logLines.join('\n')).not.toContain(secret);
  });

  it('deletes it (and a second delete of the same id is not an error)', async () => {
    ok(await call('webhooks.delete', { endpointId: created.endpointId }));
    expect(await sandboxList()).toEqual([]);
    expect(ok<WebhookView[]>(await call('webhooks.list', {}))).toEqual([]);
    expect((await call('webhooks.delete', { endpointId: created.endpointId })).ok).toBe(true);
  });

  it("says so when VideoGen's 10 an hour are used up", async () => {
    // One create so far; nine more are allowed, the eleventh is refused.
    for (let i = 0; i < 9; i++) ok(await call('webhooks.create', { url: `https://hooks.example.com/${i}`, events: ['tool_execution.failed'] }));
    const refused = await call('webhooks.create', { url: 'https://hooks.example.com/11', events: ['tool_execution.failed'] });
    expect(refused).toEqual({
      ok: false,
      error: { code: 'rate_limited', message: 'VideoGen allows creating at most 10 webhooks an hour per key, and this key has reached that. Try again later.' },
    });
    expect((await sandboxList()).length).toBe(9);
  });
});
