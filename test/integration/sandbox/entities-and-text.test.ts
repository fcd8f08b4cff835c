// Entities (actors, products, visual styles) with reference images, and synchronous text
// generation: deterministic, shaped like a script, within the requested size.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleMedia, startTestSandbox, uploadBytes, waitFor, type Sandbox } from '../../helpers/sandbox';
import { clientFor, type ApiClient } from './support/client';
import { contractFetch } from './support/contract';

interface Entity {
  entityId: string;
  entityType: string;
  name: string;
  description: string;
  actorConfig: { voiceDisplayName: string | null; hasVoice: boolean; hasAvatarPresenter: boolean } | null;
  references: Array<{ fileId: string; description: string; isDefault: boolean }>;
  createdAt: string;
  updatedAt: string;
}
interface Page { entities: Entity[]; hasMore: boolean; nextCursor: string | null }
interface ApiErrorBody { message: string; code?: string }

describe('entities', () => {
  let sb: Sandbox;
  let api: ApiClient;
  const refs = { a: '', b: '', audio: '' };
  const create = async (entityType: string, name: string, description?: string) => {
    const res = await api.vg<Entity>('POST', '/v1/entities', { entityType, name, ...(description === undefined ? {} : { description }) });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body;
  };

  beforeAll(async () => {
    sb = await startTestSandbox({ processingMs: 0 });
    api = clientFor(sb);
    refs.a = (await uploadBytes(contractFetch, sb, readFileSync(sampleMedia().png), 'front.png')).fileId;
    refs.b = (await uploadBytes(contractFetch, sb, readFileSync(sampleMedia().png), 'side.png')).fileId;
    refs.audio = (await uploadBytes(contractFetch, sb, readFileSync(sampleMedia().audio), 'voice.m4a')).fileId;
    for (const id of Object.values(refs)) await waitFor(async () => (await api.vg<{ downloadSource: { status: string } }>('GET', `/v1/files/${id}`)).body.downloadSource.status === 'ready', id);
  });
  afterAll(() => sb.close());

  it('creates actors, products and visual styles', async () => {
    const actor = await create('ACTOR', 'Maya the host', 'Friendly presenter.');
    expect(actor).toMatchObject({ entityType: 'ACTOR', name: 'Maya the host', description: 'Friendly presenter.', references: [], actorConfig: { voiceDisplayName: null, hasVoice: false, hasAvatarPresenter: false } });
    expect(actor.entityId).toMatch(/^vg_enti_/);
    expect(actor.createdAt).toBe(actor.updatedAt);
    expect((await create('VISUAL_STYLE', 'Pastel watercolor')).actorConfig).toBeNull();
    expect(await create('PRODUCT', 'Water bottle')).toMatchObject({ entityType: 'PRODUCT', description: '', actorConfig: null });
    expect((await api.vg<Entity>('GET', `/v1/entities/${actor.entityId}`)).body).toEqual(actor);
    for (const [body, field] of [[{ entityType: 'PET', name: 'Rex' }, 'entityType'], [{ entityType: 'ACTOR', name: '' }, 'name'], [{ entityType: 'ACTOR' }, 'name'], [{ entityType: 'ACTOR', name: '  ' }, 'name']] as const) {
      const res = await api.vg<ApiErrorBody>('POST', '/v1/entities', body);
      expect(res.status).toBe(400);
      expect(res.body.message).toContain(field);
    }
  });

  it('attaches reference images (library images only), keeps one default, and detaches them', async () => {
    const e = await create('ACTOR', 'Sam');
    const first = await api.vg<Entity>('POST', `/v1/entities/${e.entityId}/references`, { fileId: refs.a, description: 'Front' });
    expect(first.body.references).toEqual([{ fileId: refs.a, description: 'Front', isDefault: true }]);
    expect(Date.parse(first.body.updatedAt)).toBeGreaterThanOrEqual(Date.parse(e.updatedAt));
    const second = await api.vg<Entity>('POST', `/v1/entities/${e.entityId}/references`, { fileId: refs.b, isDefault: true });
    expect(second.body.references).toEqual([{ fileId: refs.a, description: 'Front', isDefault: false }, { fileId: refs.b, description: '', isDefault: true }]);
    // The same file again updates it rather than listing it twice.
    const again = await api.vg<Entity>('POST', `/v1/entities/${e.entityId}/references`, { fileId: refs.a, description: 'Front, studio light' });
    expect(again.body.references.map((r) => [r.fileId, r.description, r.isDefault])).toEqual([[refs.a, 'Front, studio light', false], [refs.b, '', true]]);
    const removed = await api.vg<Entity>('POST', `/v1/entities/${e.entityId}/references/remove`, { fileId: refs.b });
    expect(removed.body.references).toEqual([{ fileId: refs.a, description: 'Front, studio light', isDefault: true }]);

    const cases: Array<[string, unknown, number, string]> = [
      ['references', { fileId: refs.audio }, 400, 'fileId'],
      ['references', { fileId: 'vg_file_doesnotexist000000000' }, 404, 'fileId'],
      ['references', { fileId: 'photo.png' }, 400, 'fileId'],
      ['references', { fileId: refs.a, isDefault: 'yes' }, 400, 'isDefault'],
      ['references', {}, 400, 'fileId'],
      ['references/remove', { fileId: refs.b }, 400, 'fileId'],
    ];
    for (const [path, body, status, field] of cases) {
      const res = await api.vg<ApiErrorBody>('POST', `/v1/entities/${e.entityId}/${path}`, body);
      expect(res.status, `${path} ${JSON.stringify(body)}`).toBe(status);
      expect(res.body.message).toContain(field);
    }
  });

  it('updates name and description (at least one), archives, and answers 404 / invalid_id', async () => {
    const e = await create('VISUAL_STYLE', 'Ink');
    const renamed = await api.vg<Entity>('POST', `/v1/entities/${e.entityId}/update`, { name: 'Ink wash', description: null });
    expect(renamed.body).toMatchObject({ name: 'Ink wash', description: '' });
    const described = await api.vg<Entity>('POST', `/v1/entities/${e.entityId}/update`, { description: 'Loose black ink.' });
    expect(described.body).toMatchObject({ name: 'Ink wash', description: 'Loose black ink.' });
    for (const body of [{}, { name: null, description: null }, { name: '' }, { name: 7 }]) {
      expect((await api.vg('POST', `/v1/entities/${e.entityId}/update`, body)).status, JSON.stringify(body)).toBe(400);
    }
    const archived = await api.vg('POST', `/v1/entities/${e.entityId}/archive`);
    expect(archived.body).toEqual({ entityId: e.entityId, archived: true });
    const list = await api.vg<Page>('GET', '/v1/entities?limit=200');
    expect(list.body.entities.map((x) => x.entityId)).not.toContain(e.entityId);
    expect((await api.vg('GET', `/v1/entities/${e.entityId}`)).status).toBe(200);
    expect((await api.vg('POST', `/v1/entities/${e.entityId}/archive`)).status).toBe(200);
    expect((await api.vg('GET', '/v1/entities/vg_enti_doesnotexist00')).status).toBe(404);
    expect((await api.vg<ApiErrorBody>('GET', '/v1/entities/ent_1')).body.code).toBe('invalid_id');
    expect((await api.vg('POST', '/v1/entities/vg_enti_doesnotexist00/update', { name: 'x' })).status).toBe(404);
  });

  it('lists most recently updated first, filtered by type, with cursors bound to the filter', async () => {
    const a = await create('PRODUCT', 'Mug');
    const b = await create('PRODUCT', 'Lamp');
    const c = await create('ACTOR', 'Noor');
    // Touching `a` brings it to the front.
    await api.vg('POST', `/v1/entities/${a.entityId}/update`, { description: 'Blue mug' });
    const all = await api.vg<Page>('GET', '/v1/entities?limit=3');
    expect(all.body.entities.map((x) => x.entityId)).toEqual([a.entityId, c.entityId, b.entityId]);
    const products = await api.vg<Page>('GET', '/v1/entities?entityType=PRODUCT&limit=1');
    expect(products.body).toMatchObject({ hasMore: true });
    expect(products.body.entities.map((x) => x.entityId)).toEqual([a.entityId]);
    const next = await api.vg<Page>('GET', `/v1/entities?entityType=PRODUCT&limit=1&cursor=${encodeURIComponent(products.body.nextCursor!)}`);
    expect(next.body.entities.map((x) => x.entityId)).toEqual([b.entityId]);
    expect(next.body.entities.every((x) => x.entityType === 'PRODUCT')).toBe(true);
    // A cursor of the filtered list does not page the unfiltered one.
    expect((await api.vg('GET', `/v1/entities?cursor=${encodeURIComponent(products.body.nextCursor!)}`)).status).toBe(400);
    const bad = await api.vg<ApiErrorBody>('GET', '/v1/entities?entityType=PET');
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain('entityType');
  });
});

describe('text generation', () => {
  let sb: Sandbox;
  let api: ApiClient;
  const generate = async (body: Record<string, unknown>) => {
    const res = await api.vg<{ text: string }>('POST', '/v1/text/generate', body);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body.text;
  };
  beforeAll(async () => {
    sb = await startTestSandbox();
    api = clientFor(sb);
  });
  afterAll(() => sb.close());

  it('answers the same text for the same prompt, shaped like a script about its topic', async () => {
    const prompt = 'Write a 30-second upbeat video script about why the sky is blue.';
    const a = await generate({ prompt });
    expect(await generate({ prompt })).toBe(a);
    expect(await generate({ prompt: 'Write a short script about coffee.' })).not.toBe(a);
    expect(a).toContain('why the sky is blue');
    const sentences = a.split(/(?<=[.!?])\s+/);
    expect(sentences.length).toBeGreaterThanOrEqual(3);
    for (const s of sentences) expect(s).toMatch(/^[A-Z“"'].*[.!?]$/);
  });

  it('writes titles when asked, longer text for higher quality, and at most maxOutputTokens', async () => {
    const title = await generate({ prompt: 'Write a concise title for a video about staying hydrated.', quality: 'STANDARD', maxOutputTokens: 32 });
    expect(title.split(' ').length).toBeLessThanOrEqual(8);
    expect(title).not.toMatch(/[.!?]$/);
    const prompt = 'Draft a narration about ocean tides.';
    const words = async (quality: string) => (await generate({ prompt, quality })).split(' ').length;
    expect(await words('MAX')).toBeGreaterThan(await words('LOW'));
    const capped = await generate({ prompt, quality: 'MAX', maxOutputTokens: 20 });
    expect(capped.split(' ').length).toBeLessThanOrEqual(15);
    expect(await generate({ prompt, temperature: 1.7 })).toBe(await generate({ prompt, temperature: 0.2 }));
  });

  it('checks the request against the spec', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{}, 'prompt'],
      [{ prompt: '  ' }, 'prompt'],
      [{ prompt: 5 }, 'prompt'],
      [{ prompt: 'x', quality: 'ULTRA' }, 'quality'],
      [{ prompt: 'x', temperature: 2.5 }, 'temperature'],
      [{ prompt: 'x', temperature: -1 }, 'temperature'],
      [{ prompt: 'x', maxOutputTokens: 0 }, 'maxOutputTokens'],
      [{ prompt: 'x', maxOutputTokens: 2001 }, 'maxOutputTokens'],
      [{ prompt: 'x', maxOutputTokens: 10.5 }, 'maxOutputTokens'],
      [{ prompt: 'x', system: 3 }, 'system'],
    ];
    for (const [body, field] of cases) {
      const res = await api.vg<ApiErrorBody>('POST', '/v1/text/generate', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.code).toBe('invalid_parameters');
      expect(res.body.message).toContain(field);
    }
    expect(await generate({ prompt: 'x', system: null, quality: 'MAX', temperature: 2, maxOutputTokens: 2000 })).toBeTruthy();
  });
});
