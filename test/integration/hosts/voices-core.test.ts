/**
 * `resources.voices` against the sandbox: deprecated voices are left out unless asked for, and
 * asking for them sends `includeDeprecatedVoices=true` (the sandbox lists them only then).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TtsVoiceView } from '../../../main/contract';
import type { Core } from '../../../main/core/types';
import type { Sandbox } from '../../../main/sandbox';
import { startCoreOnSandbox, type CoreOnSandbox } from '../../helpers/core-on-sandbox';

const KEY = 'vg_voices_key_01';
const ctx = { host: 'web' as const };
let env: CoreOnSandbox;
let sandbox: Sandbox;
let core: Core;

beforeAll(async () => {
  env = await startCoreOnSandbox({ name: 'voices', key: KEY, workers: false });
  ({ sandbox, core } = env);
});
afterAll(() => env?.close());

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

  it('finds the voice VideoGen ranks a presenter first for, or none', async () => {
    const presenters = (await core.handlers['resources.presenters']({}, ctx)) as Array<{ avatarPresenterId: string; previewVideoUrl: string | null; imageUrl: string | null }>;
    expect(presenters[0]!.previewVideoUrl).toMatch(/\/preview\.mp4$/);
    expect(presenters[0]!.imageUrl).toMatch(/\/image\.png$/);
    const voiceOf = async (i: number) => ((await core.handlers['resources.presenterVoice']({ avatarPresenterId: presenters[i]!.avatarPresenterId }, ctx)) as TtsVoiceView | null)?.displayName ?? null;
    expect(await voiceOf(0)).toBe('Ava');
    expect(await voiceOf(1)).toBe('Marcus');
    // Each answer agrees with the API: this voice's best presenter is this one.
    const voices = (await core.handlers['resources.voices']({}, ctx)) as TtsVoiceView[];
    const olivia = voices.find((v) => v.displayName === 'Olivia')!;
    const res = await fetch(`${sandbox.url}/v1/resources/avatar-presenters?limit=1&voiceId=${olivia.voiceId}`, { headers: { Authorization: `Bearer ${KEY}` } });
    const best = ((await res.json()) as { avatarPresenters: Array<{ avatarPresenterId: string }> }).avatarPresenters[0]!.avatarPresenterId;
    expect(((await core.handlers['resources.presenterVoice']({ avatarPresenterId: best }, ctx)) as TtsVoiceView).displayName).toBe('Olivia');
    // Presenter 15 (Alex, neutral, en-AU) is no voice's best match in the sandbox's catalogue.
    expect(await voiceOf(14)).toBeNull();
    // Asked again: every ranking comes from the cache.
    const before = sandbox.stats().requests['GET /v1/resources/avatar-presenters'];
    expect(await voiceOf(14)).toBeNull();
    expect(sandbox.stats().requests['GET /v1/resources/avatar-presenters']).toBe(before);
  });
});
