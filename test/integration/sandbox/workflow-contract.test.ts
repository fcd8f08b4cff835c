// The sandbox's validation of workflow, remix, export, entity and text bodies agrees with the
// spec's request schemas (ajv, OpenAPI 3.1): every mutation the schema accepts is accepted and
// every one it rejects is a 400 invalid_parameters. The few rules the spec states only in prose
// are listed and checked the other way (the schema accepts, the sandbox refuses). Every run here
// is told to fail ("fail" in its text), so validation is exercised without rendering anything.
import { readFileSync } from 'node:fs';
import Ajv2020Module from 'ajv/dist/2020';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasShared, noSharedReason, sampleMedia, specPaths, startTestSandbox, uploadBytes, waitFor, type Sandbox } from '../../helpers/sandbox';
import { clientFor, type ApiClient } from './support/client';
import { contract, contractFetch } from './support/contract';
import { pdfWithPages } from './support/documents';

const Ajv2020 = ((Ajv2020Module as unknown as { default?: unknown }).default ?? Ajv2020Module) as typeof Ajv2020Module;
if (!hasShared) console.warn(noSharedReason);

type Body = Record<string, unknown>;
type Mutation = [name: string, mutate: (b: Body) => Body];
const set = (key: string, value: unknown): ((b: Body) => Body) => (b) => ({ ...b, [key]: value });
const without = (key: string): ((b: Body) => Body) => (b) => Object.fromEntries(Object.entries(b).filter(([k]) => k !== key));

describe.skipIf(!hasShared)('contract: workflow, project, entity and text requests', () => {
  let sb: Sandbox;
  let api: ApiClient;
  const ids = { audio: '', pdf: '', png: '', project: '', entity: '', voice: '' };

  beforeAll(async () => {
    sb = await startTestSandbox({ processingMs: 0, workflowMs: 100, executionMs: 100 });
    api = clientFor(sb);
    const m = sampleMedia();
    ids.audio = (await uploadBytes(contractFetch, sb, readFileSync(m.audio), 'fail-voice.m4a')).fileId;
    ids.png = (await uploadBytes(contractFetch, sb, readFileSync(m.png), 'logo.png')).fileId;
    ids.pdf = (await uploadBytes(contractFetch, sb, pdfWithPages(2), 'fail-deck.pdf')).fileId;
    for (const id of [ids.audio, ids.png, ids.pdf]) await waitFor(async () => (await api.vg<{ downloadSource: { status: string } }>('GET', `/v1/files/${id}`)).body.downloadSource.status === 'ready', id);
    ids.project = (await api.vg<{ projectId: string }>('POST', '/v1/workflows/storyboard-to-video', { scenes: [{ prompt: 'a lake that will fail' }] })).body.projectId;
    ids.entity = (await api.vg<{ entityId: string }>('POST', '/v1/entities', { entityType: 'ACTOR', name: 'Maya' })).body.entityId;
    ids.voice = (await api.vg<{ ttsVoices: Array<{ voiceId: string }> }>('GET', '/v1/resources/tts-voices')).body.ttsVoices[1]!.voiceId;
  });
  afterAll(() => sb.close());

  it('accepts exactly the bodies the request schemas accept', async () => {
    const spec = JSON.parse(readFileSync(specPaths.videogen, 'utf8')) as {
      components: Record<string, unknown>;
      paths: Record<string, { post: { requestBody: { content: Record<string, { schema: { $ref: string } }> } } }>;
    };
    const ajv = new Ajv2020({ strict: false });
    ajv.addSchema({ $id: 'vg', components: spec.components });
    const schemaOf = (path: string) => ajv.getSchema(`vg${spec.paths[path]!.post.requestBody.content['application/json']!.schema.$ref}`)!;

    const remix = (action: Body): Mutation => [`remixActions [${JSON.stringify(action)}]`, set('remixActions', [action])];
    const remixMutations: Mutation[] = [
      ['remixActions []', set('remixActions', [])],
      ['remixActions "x"', set('remixActions', 'x')],
      ['remixActions [{}]', set('remixActions', [{}])],
      remix({ type: 'SET_BACKGROUND_MUSIC', fileId: ids.audio, volume: 0.4 }),
      remix({ type: 'SET_BACKGROUND_MUSIC', fileId: null, volume: null }),
      remix({ type: 'SET_BACKGROUND_MUSIC', volume: 1.2 }),
      remix({ type: 'SET_LOGO', fileId: ids.png, position: 'TOP_LEFT', sizePercent: 20 }),
      remix({ type: 'SET_LOGO', position: 'MIDDLE' }),
      remix({ type: 'SET_LOGO', fileId: 7 }),
      remix({ type: 'ENABLE_CAPTIONS' }),
      remix({ type: 'ENABLE_CAPTIONS', captionStyle: null }),
      remix({ type: 'ENABLE_CAPTIONS', captionStyle: { fontWeight: 700, textColor: { red: 255, green: 0, blue: 0 }, verticalAlignment: 'TOP' } }),
      remix({ type: 'ENABLE_CAPTIONS', captionStyle: { fontWeight: 450 } }),
      remix({ type: 'ENABLE_CAPTIONS', captionStyle: { textColor: { red: 256, green: 0, blue: 0 } } }),
      remix({ type: 'ENABLE_CAPTIONS', captionStyle: { backgroundStyle: { type: 'RECT' } } }),
      remix({ type: 'ENABLE_CAPTIONS', captionStyle: { backgroundStyle: { type: 'WRAPPED', backgroundColor: { red: 0, green: 0, blue: 0 }, opacityProportion: 1.5 } } }),
      remix({ type: 'ENABLE_CAPTIONS', captionStyle: { strokeColor: null, spokenTextColor: null, persistSpokenTextColor: true } }),
      remix({ type: 'DISABLE_CAPTIONS' }),
      remix({ type: 'ADD_TRANSITIONS', sectionTransition: 'FADE', assetTransition: null }),
      remix({ type: 'ADD_TRANSITIONS', sectionTransition: 'SPIN' }),
      remix({ type: 'RESIZE_PROJECT', aspectRatio: { width: 9, height: 16 } }),
      remix({ type: 'RESIZE_PROJECT', aspectRatio: { width: 0, height: 16 } }),
      remix({ type: 'RESIZE_PROJECT' }),
      remix({ type: 'CLEAN_UP_TRANSCRIPT', removeFillers: true, removePauses: null, fillerWords: ['um'], minPauseSeconds: 0.5 }),
      remix({ type: 'CLEAN_UP_TRANSCRIPT', minPauseSeconds: -1 }),
      remix({ type: 'CLEAN_UP_TRANSCRIPT', fillerWords: 'um' }),
      remix({ type: 'CONVERT_IMAGES_TO_VIDEOS', motionPrompt: 'push in', muteOutputVideos: true, quality: 'HIGH' }),
      remix({ type: 'CONVERT_IMAGES_TO_VIDEOS', quality: 'LOW' }),
      remix({ type: 'REGENERATE_IMAGES', stylePrompt: 'ink', modelMode: 'HIGH' }),
      remix({ type: 'REGENERATE_IMAGES' }),
      remix({ type: 'REGENERATE_IMAGES', stylePrompt: 'ink', modelMode: 'ULTRA' }),
      remix({ type: 'UPSCALE_ASSETS', includeVideos: false, includeStockContent: null }),
      remix({ type: 'UPSCALE_ASSETS', includeVideos: 'yes' }),
      remix({ type: 'CHANGE_NARRATOR', voiceId: ids.voice, avatarPresenterId: null, voiceSpeed: 1.2 }),
      remix({ type: 'CHANGE_NARRATOR' }),
      remix({ type: 'SHUFFLE_STOCK_VISUALS' }),
      remix({ type: 'GENERATE_MUSIC', prompt: 'lofi beats' }),
      remix({ type: 'GENERATE_MUSIC' }),
      remix({ type: 'TRANSLATE_PROJECT', languageCode: 'es', changeVoice: true, translateImageText: false }),
      remix({ type: 'TRANSLATE_PROJECT' }),
      remix({ type: 'EDIT_WITH_AGENT', prompt: 'tighten the intro', mode: 'RETHINK', targetDurationSeconds: 30 }),
      remix({ type: 'EDIT_WITH_AGENT', prompt: 'x', mode: 'WILD' }),
      remix({ type: 'MAKE_IT_POP' }),
    ];
    const common: Mutation[] = [
      ['aspectRatio 1:1', set('aspectRatio', { width: 1, height: 1 })],
      ['aspectRatio width 0', set('aspectRatio', { width: 0, height: 9 })],
      ['aspectRatio without height', set('aspectRatio', { width: 4 })],
      ['aspectRatio 1.5:1', set('aspectRatio', { width: 1.5, height: 1 })],
      ['language es', set('language', 'es')],
      ['language 5', set('language', 5)],
    ];
    const visual: Mutation[] = [
      ['visualStyle STOCK', set('visualStyle', { type: 'STOCK' })],
      ['visualStyle BOGUS', set('visualStyle', { type: 'BOGUS' })],
      ['visualStyle "STOCK"', set('visualStyle', 'STOCK')],
      ['visualStyle AI_IMAGE with style', set('visualStyle', { type: 'AI_IMAGE', aiStyle: 'ink', restyleFeaturedBRollWithAiStyle: false })],
      ['visualPacing SLOW', set('visualPacing', 'SLOW')],
      ['visualPacing x', set('visualPacing', 'x')],
      ['quality LOW', set('quality', 'LOW')],
      ['quality MAX', set('quality', 'MAX')],
      ['workflowAgentContext 7', set('workflowAgentContext', 7)],
      ['without visualStyle', without('visualStyle')],
    ];
    const narration: Mutation[] = [
      ['voiceId null', set('voiceId', null)],
      ['voiceId 5', set('voiceId', 5)],
      ['voiceSpeed 1.2', set('voiceSpeed', 1.2)],
      ['voiceSpeed "fast"', set('voiceSpeed', 'fast')],
      ['avatarPresenterId null', set('avatarPresenterId', null)],
    ];
    const captions: Mutation[] = [
      ['captionStyle null', set('captionStyle', null)],
      ['captionStyle {}', set('captionStyle', {})],
      ['captionStyle alignment SIDE', set('captionStyle', { verticalAlignment: 'SIDE' })],
      ['logoFileId null', set('logoFileId', null)],
      ['logoFileId png', set('logoFileId', ids.png)],
    ];
    const endpoints: Array<{ path: string; url?: string; base: Body; mutations: Mutation[]; status: number }> = [
      {
        path: '/v1/workflows/script-to-video',
        base: { script: 'Hello there. This one will fail.', visualStyle: { type: 'STOCK' } },
        mutations: [...common, ...visual, ...narration, ...remixMutations, ['without script', without('script')], ['script 5', set('script', 5)], ['featuredBRollFileIds []', set('featuredBRollFileIds', [])], ['featuredBRollFileIds "x"', set('featuredBRollFileIds', 'x')]],
        status: 202,
      },
      {
        path: '/v1/workflows/voiceover-to-video',
        base: { fileId: ids.audio, visualStyle: { type: 'STOCK' } },
        mutations: [...common, ...visual, ...captions, remixMutations[3]!, remixMutations[2]!, ['without fileId', without('fileId')]],
        status: 202,
      },
      {
        path: '/v1/workflows/slideshow-to-video',
        base: { fileId: ids.pdf },
        mutations: [...common, ...narration, ...captions, remixMutations[18]!, ['slideScripts []', set('slideScripts', [])], ['slideScripts [""]', set('slideScripts', [''])], ['slideScripts [1]', set('slideScripts', [1])], ['without fileId', without('fileId')]],
        status: 202,
      },
      {
        path: '/v1/workflows/storyboard-to-video',
        base: { scenes: [{ prompt: 'a quiet lake, set to fail' }] },
        mutations: [
          ...common.slice(0, 4),
          remixMutations[9]!,
          remixMutations[1]!,
          ['scenes []', set('scenes', [])],
          ['scenes [{}]', set('scenes', [{}])],
          ['scene prompt ""', set('scenes', [{ prompt: '' }])],
          ['scene duration 1.5', set('scenes', [{ prompt: 'x', durationSeconds: 1.5 }])],
          ['scene duration 0', set('scenes', [{ prompt: 'x', durationSeconds: 0 }])],
          ['scene duration null', set('scenes', [{ prompt: 'x', durationSeconds: null }])],
          ['scene generation null', set('scenes', [{ prompt: 'x', generation: null, title: 'One', voiceoverScript: null, actorEntityId: null, visualStyleEntityId: null }])],
          ['scene generation CARTOON', set('scenes', [{ prompt: 'x', generation: { type: 'CARTOON' } }])],
          ['scene AI_VIDEO 3 s', set('scenes', [{ prompt: 'x', generation: { type: 'AI_VIDEO', aiStyle: null }, durationSeconds: 3 }])],
          ['defaultDurationSeconds 0', set('defaultDurationSeconds', 0)],
          ['defaultDurationSeconds 2', set('defaultDurationSeconds', 2)],
          ['defaultGeneration AI_VIDEO', set('defaultGeneration', { type: 'AI_VIDEO' })],
          ['defaultGeneration null', set('defaultGeneration', null)],
          ['quality LOW', set('quality', 'LOW')],
          ['quality MAX', set('quality', 'MAX')],
          ['without scenes', without('scenes')],
        ],
        status: 202,
      },
      {
        path: '/v1/projects/{projectId}/remix',
        url: `/v1/projects/${ids.project}/remix`,
        base: { remixActions: [{ type: 'DISABLE_CAPTIONS' }] },
        mutations: [...remixMutations, ['saveAsNewProject true', set('saveAsNewProject', true)], ['saveAsNewProject "yes"', set('saveAsNewProject', 'yes')], ['without remixActions', without('remixActions')]],
        status: 202,
      },
      {
        path: '/v1/projects/{projectId}/export',
        url: `/v1/projects/${ids.project}/export`,
        base: {},
        mutations: [['quality ULTRA_HIGH', set('quality', 'ULTRA_HIGH')], ['quality BEST', set('quality', 'BEST')], ['quality null', set('quality', null)]],
        status: 202,
      },
      {
        path: '/v1/entities',
        base: { entityType: 'PRODUCT', name: 'Mug' },
        mutations: [['entityType PET', set('entityType', 'PET')], ['name ""', set('name', '')], ['description 5', set('description', 5)], ['description ""', set('description', '')], ['without name', without('name')], ['without entityType', without('entityType')]],
        status: 200,
      },
      {
        path: '/v1/entities/{entityId}/references',
        url: `/v1/entities/${ids.entity}/references`,
        base: { fileId: ids.png },
        mutations: [['isDefault true', set('isDefault', true)], ['isDefault "yes"', set('isDefault', 'yes')], ['description 5', set('description', 5)], ['without fileId', without('fileId')]],
        status: 200,
      },
      {
        path: '/v1/text/generate',
        base: { prompt: 'Write a script about tea.' },
        mutations: [
          ['quality MAX', set('quality', 'MAX')],
          ['quality ULTRA', set('quality', 'ULTRA')],
          ['temperature 2', set('temperature', 2)],
          ['temperature 2.1', set('temperature', 2.1)],
          ['maxOutputTokens 2000', set('maxOutputTokens', 2000)],
          ['maxOutputTokens 2001', set('maxOutputTokens', 2001)],
          ['maxOutputTokens 0', set('maxOutputTokens', 0)],
          ['system null', set('system', null)],
          ['system 5', set('system', 5)],
          ['without prompt', without('prompt')],
        ],
        status: 200,
      },
    ];
    let checked = 0;
    for (const { path, url, base, mutations, status } of endpoints) {
      const validate = schemaOf(path);
      for (const [name, mutate] of [['as is', (b: Body) => b] as Mutation, ...mutations]) {
        const body = mutate(base);
        const specAccepts = validate(body) as boolean;
        const res = await api.vg<{ code?: string; message: string }>('POST', url ?? path, body);
        const label = `${path} ${name}: spec ${specAccepts ? 'accepts' : 'rejects'}, sandbox ${res.status} ${res.body.message ?? ''}`;
        if (specAccepts) expect(res.status, label).toBe(status);
        else {
          expect(res.status, label).toBe(400);
          expect(res.body.code, label).toBe('invalid_parameters');
        }
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(150);
  }, 120_000);

  it('refuses what the spec states only in prose, though its schema accepts it', async () => {
    const spec = JSON.parse(readFileSync(specPaths.videogen, 'utf8')) as { components: Record<string, unknown> };
    const ajv = new Ajv2020({ strict: false });
    ajv.addSchema({ $id: 'vg', components: spec.components });
    const prose: Array<[string, string, Body, string]> = [
      ['ScriptToVideoRequest', '/v1/workflows/script-to-video', { script: 'x', visualStyle: { type: 'AI_IMAGE' } }, 'aiStyle is "Required when type is AI_IMAGE"'],
      ['ScriptToVideoRequest', '/v1/workflows/script-to-video', { script: 'x', visualStyle: { type: 'ENTITY' } }, 'entityId is "Required when type is ENTITY"'],
      ['StoryboardToVideoRequest', '/v1/workflows/storyboard-to-video', { scenes: [{ prompt: 'x', generation: { type: 'AI_VIDEO' }, durationSeconds: 20 }] }, 'AI_VIDEO "must be a whole number between 1 and 15"'],
      ['StoryboardToVideoRequest', '/v1/workflows/storyboard-to-video', { scenes: [{ prompt: 'x', generation: { type: 'AI_VIDEO' } }], quality: 'LOW' }, '"LOW is not supported for AI_VIDEO scenes"'],
      ['UpdateEntityRequest', `/v1/entities/${ids.entity}/update`, {}, '"At least one field must be provided"'],
      ['RemixProjectRequest', `/v1/projects/${ids.project}/remix`, { remixActions: [{ type: 'TRANSLATE_PROJECT', languageCode: 'xx' }] }, 'languageCode "Must be one of the codes returned by GET /v1/resources/languages"'],
    ];
    for (const [schema, url, body, rule] of prose) {
      expect(ajv.getSchema(`vg#/components/schemas/${schema}`)!(body), `${schema} schema accepts ${JSON.stringify(body)}`).toBe(true);
      const res = await api.vg<{ code: string }>('POST', url, body);
      expect(res.status, rule).toBe(400);
      expect(res.body.code, rule).toBe('invalid_parameters');
    }
  });

  it('validated every response against the spec', () => {
    const c = contract()!;
    for (const key of ['POST /v1/workflows/script-to-video 202', 'POST /v1/projects/{projectId}/remix 202', 'POST /v1/entities 200', 'POST /v1/text/generate 200']) {
      expect(c.seen.get(key), key).toBeGreaterThan(0);
    }
  });
});
