// /v1/me, resource catalogues (paged, filtered, sorted by voice), presenter media, webhook
// endpoint CRUD, and the request counters behind `stats()`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSandbox, type Sandbox } from '../../helpers/sandbox';
import { clientFor, type ApiClient } from './support/client';

interface Voice { voiceId: string; languageCode: string; displayGender: string; isDeprecated: boolean }
interface Presenter { avatarPresenterId: string; displayableGender: string; imageUrl: string; thumbnailUrl: string; previewVideoUrl: string }

describe('account, resources and webhooks', () => {
  let sb: Sandbox;
  let api: ApiClient;
  beforeAll(async () => {
    sb = await startTestSandbox({ videogenKeys: ['vg_one', 'vg_two'] });
    api = clientFor(sb);
  });
  afterAll(() => sb.close());

  it('identifies each key on /v1/me within one team', async () => {
    const one = await api.vg<{ apiKeyId: string; teamId: string; email: string }>('GET', '/v1/me', undefined, { key: 'vg_one' });
    const two = await api.vg<{ apiKeyId: string; teamId: string }>('GET', '/v1/me', undefined, { key: 'vg_two' });
    expect(one.body.apiKeyId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(one.body.apiKeyId).not.toBe(two.body.apiKeyId);
    expect(one.body.teamId).toBe(two.body.teamId);
  });

  it('pages TTS voices and hides deprecated ones unless asked', async () => {
    const all: Voice[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { ttsVoices: Voice[]; nextCursor: string | null } } = await api.vg('GET', `/v1/resources/tts-voices?limit=7${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      all.push(...page.body.ttsVoices);
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(all.length).toBeGreaterThan(20);
    expect(all.some((v) => v.isDeprecated)).toBe(false);
    expect(new Set(all.map((v) => v.voiceId)).size).toBe(all.length);
    const withDeprecated = await api.vg<{ ttsVoices: Voice[] }>('GET', '/v1/resources/tts-voices?limit=200&includeDeprecatedVoices=true');
    expect(withDeprecated.body.ttsVoices.some((v) => v.isDeprecated)).toBe(true);
    const first = await api.vg<{ nextCursor: string }>('GET', '/v1/resources/tts-voices?limit=2');
    const switched = await api.vg('GET', `/v1/resources/tts-voices?limit=2&includeDeprecatedVoices=true&cursor=${encodeURIComponent(first.body.nextCursor)}`);
    expect(switched.status).toBe(400);
    expect((await api.vg('GET', '/v1/resources/tts-voices?includeDeprecatedVoices=maybe')).status).toBe(400);
  });

  it('sorts presenters by voice match and serves their media', async () => {
    const voices = (await api.vg<{ ttsVoices: Voice[] }>('GET', '/v1/resources/tts-voices?limit=200')).body.ttsVoices;
    const male = voices.find((v) => v.displayGender === 'MALE')!;
    const sorted = await api.vg<{ avatarPresenters: Presenter[] }>('GET', `/v1/resources/avatar-presenters?limit=200&voiceId=${male.voiceId}`);
    expect(sorted.body.avatarPresenters[0]!.displayableGender).toBe('MALE');
    const p = sorted.body.avatarPresenters[0]!;
    const image = await fetch(p.imageUrl);
    expect(image.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await image.arrayBuffer()).subarray(1, 4).toString('latin1')).toBe('PNG');
    expect((await fetch(p.thumbnailUrl)).headers.get('content-type')).toBe('image/jpeg');
    const preview = await fetch(p.previewVideoUrl);
    expect(preview.headers.get('content-type')).toBe('video/mp4');
    const mp4 = Buffer.from(await preview.arrayBuffer());
    expect(mp4.subarray(4, 8).toString('latin1')).toBe('ftyp');
    expect(mp4.length).toBeGreaterThan(10_000);
    expect((await api.vg('GET', '/v1/resources/avatar-presenters?voiceId=vg_voic_unknown')).status).toBe(400);
    const langs = await api.vg<{ languages: Array<{ languageCode: string; name: string }> }>('GET', '/v1/resources/languages');
    expect(langs.body.languages).toContainEqual({ languageCode: 'es', name: 'Spanish' });
  });

  it('creates, lists and deletes webhook endpoints', async () => {
    const created = await api.vg<{ endpointId: string; signingSecret: string; signingSecretLast4: string; createdAt: number }>('POST', '/v1/webhooks/endpoints', {
      url: 'https://hooks.example.com/videogen',
      events: ['tool_execution.succeeded', 'file.analysis_completed'],
      description: 'atelier',
    });
    expect(created.status).toBe(201);
    expect(created.body.endpointId).toMatch(/^ep_/);
    expect(created.body.signingSecret).toMatch(/^whsec_/);
    expect(created.body.signingSecret.endsWith(created.body.signingSecretLast4)).toBe(true);
    await api.vg('POST', '/v1/webhooks/endpoints', { url: 'https://hooks.example.com/2', events: ['file.upload.completed'] });
    const page = await api.vg<{ endpoints: Array<Record<string, unknown>>; hasMore: boolean; nextCursor: string }>('GET', '/v1/webhooks/endpoints?limit=1');
    expect(page.body.endpoints).toHaveLength(1);
    expect(page.body.endpoints[0]!.signingSecret).toBeUndefined();
    const rest = await api.vg<{ endpoints: Array<{ endpointId: string }> }>('GET', `/v1/webhooks/endpoints?cursor=${encodeURIComponent(page.body.nextCursor)}`);
    expect(rest.body.endpoints.map((e) => e.endpointId)).toEqual([created.body.endpointId]);
    const del = await api.vg('DELETE', `/v1/webhooks/endpoints/${created.body.endpointId}`);
    expect(del.status).toBe(204);
    expect((await api.vg('DELETE', `/v1/webhooks/endpoints/${created.body.endpointId}`)).status).toBe(404);
    expect((await api.vg('POST', '/v1/webhooks/endpoints', { url: 'https://x.example', events: [] })).status).toBe(400);
    expect((await api.vg('POST', '/v1/webhooks/endpoints', { url: 'https://x.example', events: ['file.deleted'] })).status).toBe(400);
  });

  it('takes only HTTPS URLs and at most 10 new webhooks an hour per key', async () => {
    const key = { key: 'vg_two' };
    const http = await api.vg<{ code: string; message: string }>('POST', '/v1/webhooks/endpoints', { url: 'http://hooks.example.com/vg', events: ['tool_execution.failed'] }, key);
    expect(http.status).toBe(400);
    expect(http.body.code).toBe('invalid_parameters');
    expect(http.body.message).toMatch(/HTTPS/);
    expect((await api.vg('POST', '/v1/webhooks/endpoints', { url: 'not a url', events: ['tool_execution.failed'] }, key)).status).toBe(400);
    const before = (await api.vg<{ endpoints: unknown[] }>('GET', '/v1/webhooks/endpoints?limit=200', undefined, key)).body.endpoints.length;
    // The two refusals above count against the hour too (the limit is on requests).
    const statuses: number[] = [];
    for (let i = 0; i < 9; i++) statuses.push((await api.vg('POST', '/v1/webhooks/endpoints', { url: `https://hooks.example.com/${i}`, events: ['tool_execution.failed'] }, key)).status);
    expect(statuses).toEqual([201, 201, 201, 201, 201, 201, 201, 201, 429]);
    const after = (await api.vg<{ endpoints: unknown[] }>('GET', '/v1/webhooks/endpoints?limit=200', undefined, key)).body.endpoints.length;
    expect(after - before).toBe(8);
  });

  it('counts requests by route template', () => {
    const { requests } = sb.stats();
    expect(requests['GET /v1/me']).toBe(2);
    expect(requests['DELETE /v1/webhooks/endpoints/{endpointId}']).toBe(2);
    expect(requests['GET /assets/presenters/{presenterId}/{name}']).toBe(3);
  });
});
