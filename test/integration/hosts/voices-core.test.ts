/**
 * `resources.voices` against the sandbox: deprecated voices are left out unless asked for, and
 * asking for them sends `includeDeprecatedVoices=true` (the sandbox lists them only then).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TtsVoiceView } from '../../../main/contract';
import { createCore } from '../../../main/core/create-core';
import type { Core } from '../../../main/core/types';
import { createMemorySecretStore } from '../../../main/host/layered-secrets';
import { startSandbox, type Sandbox } from '../../../main/sandbox';
import { testMediaCacheDir } from '../../helpers/sandbox';

const KEY = 'vg_voices_key_01';
const ctx = { host: 'web' as const };
let root: string;
let sandbox: Sandbox;
let core: Core;

beforeAll(async () => {
  root = mkdtempSync(path.join(tmpdir(), 'atelier-voices-'));
  sandbox = await startSandbox({ dataDir: path.join(root, 'sandbox'), videogenKeys: [KEY], mediaCacheDir: testMediaCacheDir });
  core = await createCore({
    dataDir: path.join(root, 'app'),
    secrets: createMemorySecretStore({ videogen: KEY }),
    host: 'web',
    mediaBase: '/media/',
    videogenBaseUrl: sandbox.url,
    syncBaseUrl: sandbox.url,
    workers: false,
  });
});
afterAll(async () => {
  await core?.close();
  await sandbox?.close();
  rmSync(root, { recursive: true, force: true });
});

describe('resources.voices', { timeout: 30_000 }, () => {
  it('leaves deprecated voices out unless asked, and marks them when asked', async () => {
    const plain = (await core.handlers['resources.voices']({}, ctx)) as TtsVoiceView[];
    expect(plain.length).toBeGreaterThan(20);
    expect(plain.some((v) => v.deprecated)).toBe(false);
    expect(plain.map((v) => v.displayName)).not.toContain('Classic Narrator');

    const all = (await core.handlers['resources.voices']({ includeDeprecated: true }, ctx)) as TtsVoiceView[];
    expect(all.filter((v) => v.deprecated).map((v) => v.displayName).sort()).toEqual(['Classic Host', 'Classic Narrator', 'Retro Radio']);
    expect(all.length).toBe(plain.length + 3);
    // Each list is read once and then cached (the docs ask for caching resource lists).
    await core.handlers['resources.voices']({}, ctx);
    await core.handlers['resources.voices']({ includeDeprecated: true }, ctx);
    expect(sandbox.stats().requests['GET /v1/resources/tts-voices']).toBe(2);
  });
});
