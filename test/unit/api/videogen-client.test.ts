import { describe, expect, it } from 'vitest';
import { createRateBudget } from '../../../main/api/rate-budget';
import { createVideoGenClient } from '../../../main/api/videogen';
import { executionRunning, fakeClock, json, scriptedFetch, storageFile, type Reply, failure } from './helpers';

function setup(replies: Reply[]) {
  const clock = fakeClock();
  const fetch = scriptedFetch(replies);
  const client = createVideoGenClient({ baseUrl: 'http://vg.test/', apiKey: () => ' key ', fetch, clock, budget: createRateBudget({ clock }) });
  return { client, fetch };
}

const page = (key: string, items: unknown[]) => json({ [key]: items, hasMore: false, nextCursor: null });

describe('VideoGen client: paths, queries and parsing', () => {
  it('me()', async () => {
    const { client, fetch } = setup([json({ apiKeyId: 'u', apiKeyNickname: 'dev', email: 'a@b.c', displayName: null, teamId: 't' })]);
    expect((await client.me()).displayName).toBeNull();
    expect(fetch.calls[0]?.url).toBe('http://vg.test/v1/me');
    expect(fetch.calls[0]?.headers.get('authorization')).toBe('Bearer key');
  });

  it('listFiles passes limit and an opaque cursor unmodified', async () => {
    const { client, fetch } = setup([page('files', [storageFile])]);
    const res = await client.listFiles({ limit: 200, cursor: 'eyJ1Ijox+/=' });
    expect(res.files[0]?.fileId).toBe('vg_file_1');
    const url = new URL(fetch.calls[0]?.url ?? '');
    expect(url.pathname).toBe('/v1/files');
    expect(url.searchParams.get('limit')).toBe('200');
    expect(url.searchParams.get('cursor')).toBe('eyJ1Ijox+/=');
  });

  it('rejects a bad page size locally', async () => {
    const { client, fetch } = setup([page('files', [])]);
    const err = await failure(client.listFiles({ limit: 500 }));
    expect(err.kind).toBe('invalid');
    expect(fetch.calls).toHaveLength(0);
  });

  it('hydrate, archive and public preview are POSTs on the file', async () => {
    const { client, fetch } = setup([json(storageFile)]);
    await client.hydrateFile('vg_file_1');
    await client.archiveFile('vg_file_1');
    await client.setPublicPreview('vg_file_1', true);
    await client.setPublicPreview('vg_file_1', false);
    expect(fetch.calls.map((c) => `${c.method} ${new URL(c.url).pathname}`)).toEqual([
      'POST /v1/files/vg_file_1/hydrate',
      'POST /v1/files/vg_file_1/archive',
      'POST /v1/files/vg_file_1/enable-public-preview',
      'POST /v1/files/vg_file_1/disable-public-preview',
    ]);
  });

  it('treats url "" and expiresAt 0 as absent', async () => {
    const { client } = setup([json({ ...storageFile, previewSource: { status: 'ready', url: '', expiresAt: 0 } })]);
    const f = await client.getFile('vg_file_1');
    expect(f.previewSource).toEqual({ status: 'ready', url: null, expiresAt: null, width: null, height: null, fileBytes: null });
  });

  it('searchFiles sends the JSON body and validates numResults', async () => {
    const { client, fetch } = setup([json({ results: [{ similarity: 0.82, file: storageFile }] })]);
    const res = await client.searchFiles({ query: 'koi pond', numResults: 5, selfOnly: true });
    expect(res.results[0]?.similarity).toBe(0.82);
    expect(JSON.parse(fetch.calls[0]?.body ?? '')).toEqual({ query: 'koi pond', numResults: 5, selfOnly: true });
    expect((await failure(client.searchFiles({ query: 'x', numResults: 101 }))).kind).toBe('invalid');
    expect((await failure(client.searchFiles({ query: '' }))).kind).toBe('invalid');
  });

  it('createUpload returns the presigned URL and refuses a non-http one', async () => {
    const { client } = setup([json({ fileId: 'vg_file_9', uploadUrl: 'https://r2.test/put?sig=1' })]);
    expect(await client.createUpload({ displayName: 'clip.mp4', type: 'VIDEO' })).toEqual({ fileId: 'vg_file_9', uploadUrl: 'https://r2.test/put?sig=1' });
    const bad = setup([json({ fileId: 'vg_file_9', uploadUrl: 'file:///etc/passwd' })]);
    expect((await failure(bad.client.createUpload({ displayName: 'x' }))).kind).toBe('bad_response');
  });

  it('executions: get, list (selfOnly), cancel', async () => {
    const { client, fetch } = setup([
      json(executionRunning),
      page('toolExecutions', [executionRunning]),
      json({ toolExecutionId: 'vg_tool_1' }, 202),
    ]);
    expect((await client.getExecution('vg_tool_1')).progressPercentage).toBe(10);
    expect((await client.listExecutions({ limit: 50, selfOnly: false })).toolExecutions).toHaveLength(1);
    expect(await client.cancelExecution('vg_tool_1')).toEqual({ toolExecutionId: 'vg_tool_1' });
    expect(new URL(fetch.calls[1]?.url ?? '').search).toBe('?limit=50&selfOnly=false');
    expect(fetch.calls[2]?.url).toBe('http://vg.test/v1/tools/executions/vg_tool_1/cancel');
  });

  it('keeps unknown toolType values (open string)', async () => {
    const { client } = setup([json({ ...executionRunning, toolType: 'SOMETHING_NEW', status: 'succeeded', results: [{ fileId: 'f', type: 'IMAGE' }] })]);
    const e = await client.getExecution('x');
    expect(e.toolType).toBe('SOMETHING_NEW');
    expect(e.results?.[0]?.file).toBeNull();
    expect(e.error).toBeNull();
  });

  it('resources: voices, presenters, languages', async () => {
    const voice = {
      voiceId: 'vg_voic_1',
      languageCode: 'en-US',
      displayName: 'Ava',
      displayGender: 'FEMALE',
      supportsDirectToolExecution: true,
      supportsAllLanguages: false,
      isDeprecated: false,
    };
    const presenter = {
      avatarPresenterId: 'vg_pres_1',
      displayableGender: 'MALE',
      imageUrl: 'https://cdn.test/i.png',
      thumbnailUrl: 'https://cdn.test/t.png',
      previewVideoUrl: 'https://cdn.test/p.mp4',
    };
    const { client, fetch } = setup([page('ttsVoices', [voice]), page('avatarPresenters', [presenter]), json({ languages: [{ languageCode: 'es', name: 'Spanish' }] })]);
    expect((await client.listVoices({ includeDeprecatedVoices: true })).ttsVoices[0]?.accent).toBeNull();
    expect((await client.listPresenters({ voiceId: 'vg_voic_1' })).avatarPresenters[0]?.thumbnailUrl).toBe('https://cdn.test/t.png');
    expect((await client.listLanguages()).languages[0]?.name).toBe('Spanish');
    expect(fetch.calls.map((c) => new URL(c.url).pathname + new URL(c.url).search)).toEqual([
      '/v1/resources/tts-voices?includeDeprecatedVoices=true',
      '/v1/resources/avatar-presenters?voiceId=vg_voic_1',
      '/v1/resources/languages',
    ]);
  });
});
