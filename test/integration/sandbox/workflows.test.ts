// Workflow runs and remix action runs on the sandbox clock: states and progress, the "fail" and
// "retry" triggers, cancel, the order remix actions run in, exports waiting for them, listing,
// every workflow path and its legacy alias, reference checks, webhook events, credits, limits.
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import Ajv2020Module from 'ajv/dist/2020';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasShared, manualClock, sampleMedia, specPaths, startTestSandbox, uploadBytes, waitFor, type Sandbox } from '../../helpers/sandbox';
import { clientFor, type ApiClient } from './support/client';
import { contractFetch } from './support/contract';
import { pdfWithPages, pptxWithSlides } from './support/documents';
import { studioClient, type ApiErrorBody, type Run } from './support/studio';

const Ajv2020 = ((Ajv2020Module as unknown as { default?: unknown }).default ?? Ajv2020Module) as typeof Ajv2020Module;

const W = 1000;
const E = 500;
const SCRIPT = 'Water keeps you sharp. Drink a glass every morning.';
const STYLE = { type: 'AI_IMAGE', aiStyle: 'soft watercolor' };

describe('workflow runs and remix actions on the sandbox clock', () => {
  let sb: Sandbox;
  let api: ApiClient;
  let studio: ReturnType<typeof studioClient>;
  const clock = manualClock();
  const files = { png: '', audio: '', pdf: '', pptx: '', video: '' };

  const script = (text = SCRIPT, extra: Record<string, unknown> = {}) => studio.start('script-to-video', { script: text, visualStyle: STYLE, visualPacing: 'FAST', ...extra });
  /** Moves the clock past a run's end and waits for its assets to be made. */
  const finishRun = async (id: string) => {
    clock.advance(2 * W);
    return studio.waitRun(id);
  };

  beforeAll(async () => {
    sb = await startTestSandbox({ clock: clock.now, workflowMs: W, executionMs: E, processingMs: 0, videogenKeys: ['vg_key_a', 'vg_key_b'] });
    api = clientFor(sb);
    studio = studioClient(api);
    const m = sampleMedia();
    files.png = (await uploadBytes(contractFetch, sb, readFileSync(m.png), 'logo.png')).fileId;
    files.audio = (await uploadBytes(contractFetch, sb, readFileSync(m.audio), 'voiceover.m4a')).fileId;
    files.video = (await uploadBytes(contractFetch, sb, readFileSync(m.video), 'broll.mp4')).fileId;
    files.pdf = (await uploadBytes(contractFetch, sb, pdfWithPages(3), 'deck.pdf')).fileId;
    files.pptx = (await uploadBytes(contractFetch, sb, pptxWithSlides(2), 'deck.pptx')).fileId;
    for (const id of Object.values(files)) {
      await waitFor(async () => (await api.vg<{ downloadSource: { status: string } }>('GET', `/v1/files/${id}`)).body.downloadSource.status === 'ready', `upload ${id}`);
    }
  });
  afterAll(() => sb.close());

  it('moves pending → running (rising progress) → succeeded; the project is generating, then ready', async () => {
    const started = await script();
    expect(started.workflowRunId).toMatch(/^vg_work_/);
    expect(started.projectId).toMatch(/^vg_proj_/);
    expect(started.remixActionIds).toEqual([]);
    const pending = await studio.run(started.workflowRunId);
    expect(pending).toMatchObject({ status: 'pending', progressPercentage: 0, attemptIndex: 0, workflowType: 'SCRIPT_TO_VIDEO', projectId: started.projectId, projectUrl: started.projectUrl, error: null });
    expect((await studio.project(started.projectId)).status).toBe('generating');
    clock.advance(0.3 * W);
    const a = await studio.run(started.workflowRunId);
    clock.advance(0.3 * W);
    const b = await studio.run(started.workflowRunId);
    expect(a.status).toBe('running');
    expect(b.progressPercentage).toBeGreaterThan(a.progressPercentage);
    const done = await finishRun(started.workflowRunId);
    expect(done).toMatchObject({ status: 'succeeded', progressPercentage: 100 });
    const project = await studio.project(started.projectId);
    expect(project).toMatchObject({ projectId: started.projectId, title: 'Water keeps you sharp', aspectRatio: { width: 16, height: 9 }, status: 'ready', projectUrl: started.projectUrl });
    expect(Date.parse(project.updatedAt)).toBeGreaterThan(Date.parse(project.createdAt));
    // projectUrl opens a page (the sandbox's stand-in for the editor).
    const page = await fetch(started.projectUrl);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Water keeps you sharp');
  });

  it('fails when the script says "fail" (ApiError, project not exportable), retries on "retry"', async () => {
    const failing = await script('This story will fail at the end.');
    clock.advance(0.5 * W);
    expect((await studio.run(failing.workflowRunId)).status).toBe('running');
    clock.advance(0.2 * W);
    const failed = await studio.run(failing.workflowRunId);
    expect(failed.status).toBe('failed');
    expect(failed.error?.message).toBeTruthy();
    expect(failed.error?.internalErrorCode).toMatch(/^e_/);
    expect((await studio.project(failing.projectId)).status).toBe('ready');
    const exportId = await studio.exportProject(failing.projectId);
    const e = await studio.getExport(failing.projectId, exportId);
    expect(e).toMatchObject({ status: 'failed', downloadUrl: null });
    expect(e.error?.message).toMatch(/no video/);

    const retried = await script('Please retry this one. It works the second time.');
    clock.advance(0.45 * W);
    const first = await studio.run(retried.workflowRunId);
    clock.advance(0.15 * W);
    const second = await studio.run(retried.workflowRunId);
    expect(first).toMatchObject({ status: 'running', attemptIndex: 0 });
    expect(second).toMatchObject({ status: 'running', attemptIndex: 1 });
    expect(second.progressPercentage).toBeLessThan(first.progressPercentage);
    expect(await finishRun(retried.workflowRunId)).toMatchObject({ status: 'succeeded', attemptIndex: 1 });
  });

  it('cancels only unfinished runs (202 either way); their remix actions are cancelled with them', async () => {
    const started = await script(SCRIPT, { remixActions: [{ type: 'DISABLE_CAPTIONS' }] });
    expect(started.remixActionIds).toHaveLength(1);
    expect(started.remixActionIds[0]).toMatch(/^vg_rmix_/);
    clock.advance(0.3 * W);
    const cancel = await api.vg<typeof started>('POST', `/v1/workflows/runs/${started.workflowRunId}/cancel`);
    expect(cancel.status).toBe(202);
    expect(cancel.body).toEqual(started);
    const at = (await studio.run(started.workflowRunId)).progressPercentage;
    clock.advance(3 * W);
    expect(await studio.run(started.workflowRunId)).toMatchObject({ status: 'cancelled', progressPercentage: at });
    expect((await studio.actions(started.projectId)).map((a) => a.status)).toEqual(['cancelled']);
    const late = await studio.remix(started.projectId, [{ type: 'ENABLE_CAPTIONS' }]);
    const [latest] = await studio.actions(started.projectId);
    expect(latest).toMatchObject({ remixActionId: late.remixActionIds[0], status: 'failed' });

    const done = await script();
    await finishRun(done.workflowRunId);
    expect((await api.vg('POST', `/v1/workflows/runs/${done.workflowRunId}/cancel`)).status).toBe(202);
    expect((await studio.run(done.workflowRunId)).status).toBe('succeeded');
  });

  it('runs remix actions one after another after the run; an export waits for the actions asked before it', async () => {
    const started = await script(SCRIPT, { remixActions: [{ type: 'ADD_TRANSITIONS', sectionTransition: 'FADE' }, { type: 'EDIT_WITH_AGENT', prompt: 'make it fail' }] });
    const [transitions, agent] = started.remixActionIds;
    // Until the run ends, every action waits.
    clock.advance(0.5 * W);
    expect((await studio.actions(started.projectId)).map((a) => [a.remixActionId, a.status])).toEqual([[agent, 'pending'], [transitions, 'pending']]);
    await finishRun(started.workflowRunId);
    // The actions start when the run ends; after 2E the first succeeded, the second ("fail") failed.
    expect((await studio.actions(started.projectId)).every((a) => a.status === 'pending' || a.status === 'running')).toBe(true);
    clock.advance(2 * E);
    const settled = await studio.actions(started.projectId);
    expect(settled.map((a) => [a.type, a.status])).toEqual([['EDIT_WITH_AGENT', 'failed'], ['ADD_TRANSITIONS', 'succeeded']]);
    expect(settled[0]!.error?.message).toBeTruthy();
    expect(settled[1]!.progressPercentage).toBe(100);

    const remixed = await studio.remix(started.projectId, [{ type: 'RESIZE_PROJECT', aspectRatio: { width: 9, height: 16 } }, { type: 'DISABLE_CAPTIONS' }]);
    expect(remixed.projectId).toBe(started.projectId);
    const exportId = await studio.exportProject(started.projectId, { quality: 'STANDARD' });
    const [resize] = remixed.remixActionIds;
    const byId = async () => Object.fromEntries((await studio.actions(started.projectId)).map((a) => [a.remixActionId, a]));
    clock.advance(0.3 * E);
    expect((await byId())[resize!]!.status).toBe('running');
    expect((await byId())[remixed.remixActionIds[1]!]!.status).toBe('pending');
    expect((await studio.project(started.projectId)).status).toBe('generating');
    expect((await studio.getExport(started.projectId, exportId)).status).toBe('pending');
    clock.advance(0.8 * E);
    // The resize has ended: the project is 9:16 while the second action still runs.
    expect((await studio.project(started.projectId)).aspectRatio).toEqual({ width: 9, height: 16 });
    expect((await byId())[remixed.remixActionIds[1]!]!.status).toBe('running');
    expect((await studio.getExport(started.projectId, exportId)).status).toBe('pending');
    clock.advance(E);
    expect((await studio.project(started.projectId)).status).toBe('ready');
    const running = await studio.getExport(started.projectId, exportId);
    expect(running.status).toBe('running');
    clock.advance(2 * E);
    const done = await studio.waitExport(started.projectId, exportId);
    expect(done).toMatchObject({ status: 'succeeded', progressPercentage: 100, error: null });
    expect(done.downloadUrl).toBeTruthy();
  }, 90_000);

  it('saves a remix as a new project, leaving the original untouched', async () => {
    const started = await script();
    await finishRun(started.workflowRunId);
    const copy = await studio.remix(started.projectId, [{ type: 'RESIZE_PROJECT', aspectRatio: { width: 1, height: 1 } }], true);
    expect(copy.projectId).not.toBe(started.projectId);
    expect(copy.projectId).toMatch(/^vg_proj_/);
    expect(copy.projectUrl).not.toBe(started.projectUrl);
    clock.advance(2 * E);
    expect((await studio.project(copy.projectId)).aspectRatio).toEqual({ width: 1, height: 1 });
    expect((await studio.project(started.projectId)).aspectRatio).toEqual({ width: 16, height: 9 });
    expect(await studio.actions(started.projectId)).toEqual([]);
    expect((await studio.actions(copy.projectId)).map((a) => a.remixActionId)).toEqual(copy.remixActionIds);
  });

  it('serves all four workflows and their legacy aliases', async () => {
    const bodies: Array<[string, string, unknown]> = [
      ['script-to-video', 'SCRIPT_TO_VIDEO', { script: SCRIPT, visualStyle: { type: 'STOCK' } }],
      ['add-visuals-narrations-and-captions-to-script', 'SCRIPT_TO_VIDEO', { script: SCRIPT, visualStyle: { type: 'STOCK' } }],
      ['voiceover-to-video', 'VOICEOVER_TO_VIDEO', { fileId: files.audio, visualStyle: STYLE, logoFileId: files.png }],
      ['add-visuals-and-captions-to-voiceover', 'VOICEOVER_TO_VIDEO', { fileId: files.audio, visualStyle: STYLE, captionStyle: null }],
      ['slideshow-to-video', 'SLIDESHOW_TO_VIDEO', { fileId: files.pdf, slideScripts: ['First slide.', '', 'Third slide.'] }],
      ['add-narration-transitions-and-captions-to-slideshow', 'SLIDESHOW_TO_VIDEO', { fileId: files.pptx }],
      ['storyboard-to-video', 'STORYBOARD_TO_VIDEO', { scenes: [{ prompt: 'A sunrise over a lake' }, { prompt: 'A hiker on a summit', generation: { type: 'AI_VIDEO' }, durationSeconds: 2 }] }],
      ['generate-scenes-from-storyboard', 'STORYBOARD_TO_VIDEO', { scenes: [{ prompt: 'A quiet harbour', title: 'Harbour' }] }],
    ];
    const runs: Array<[string, string]> = [];
    for (const [path, type, body] of bodies) runs.push([(await studio.start(path, body)).workflowRunId, type]);
    clock.advance(2 * W);
    for (const [id, type] of runs) expect(await studio.waitRun(id), type).toMatchObject({ status: 'succeeded', workflowType: type });
  }, 90_000);

  it('checks every reference and every rule the spec states, naming the field', async () => {
    const entity = await api.vg<{ entityId: string }>('POST', '/v1/entities', { entityType: 'ACTOR', name: 'Maya' });
    const cases: Array<[string, unknown, number, string]> = [
      ['script-to-video', { script: SCRIPT }, 400, 'visualStyle'],
      ['script-to-video', { script: '   ', visualStyle: STYLE }, 400, 'script'],
      ['script-to-video', { script: SCRIPT, visualStyle: { type: 'AI_IMAGE' } }, 400, 'visualStyle.aiStyle'],
      ['script-to-video', { script: SCRIPT, visualStyle: { type: 'ENTITY' } }, 400, 'visualStyle.entityId'],
      ['script-to-video', { script: SCRIPT, visualStyle: { type: 'ENTITY', entityId: entity.body.entityId } }, 400, 'visualStyle.entityId'],
      ['script-to-video', { script: SCRIPT, visualStyle: { type: 'ENTITY', entityId: 'vg_enti_missing0000000' } }, 404, 'visualStyle.entityId'],
      ['script-to-video', { script: SCRIPT, visualStyle: STYLE, voiceId: 'vg_voic_nope' }, 400, 'voiceId'],
      ['script-to-video', { script: SCRIPT, visualStyle: STYLE, avatarPresenterId: 'vg_pres_nope' }, 400, 'avatarPresenterId'],
      ['script-to-video', { script: SCRIPT, visualStyle: STYLE, language: 'klingon' }, 400, 'language'],
      ['script-to-video', { script: SCRIPT, visualStyle: STYLE, visualPacing: 'LUDICROUS' }, 400, 'visualPacing'],
      ['script-to-video', { script: SCRIPT, visualStyle: STYLE, featuredBRollFileIds: [files.audio] }, 400, 'featuredBRollFileIds[0]'],
      ['script-to-video', { script: SCRIPT, visualStyle: STYLE, featuredBRollFileIds: ['vg_file_missing00000000000000'] }, 404, 'featuredBRollFileIds[0]'],
      ['script-to-video', { script: SCRIPT, visualStyle: STYLE, remixActions: [{ type: 'MAKE_IT_POP' }] }, 400, 'remixActions[0].type'],
      ['script-to-video', { script: SCRIPT, visualStyle: STYLE, remixActions: [{ type: 'SET_BACKGROUND_MUSIC', volume: 2 }] }, 400, 'remixActions[0].volume'],
      ['script-to-video', { script: SCRIPT, visualStyle: STYLE, remixActions: [{ type: 'SET_BACKGROUND_MUSIC', fileId: files.png }] }, 400, 'remixActions[0].fileId'],
      ['script-to-video', { script: SCRIPT, visualStyle: STYLE, remixActions: [{ type: 'SET_LOGO', fileId: files.audio }] }, 400, 'remixActions[0].fileId'],
      ['script-to-video', { script: SCRIPT, visualStyle: STYLE, remixActions: [{ type: 'RESIZE_PROJECT' }] }, 400, 'remixActions[0].aspectRatio'],
      ['script-to-video', { script: SCRIPT, visualStyle: STYLE, remixActions: [{ type: 'CHANGE_NARRATOR' }] }, 400, 'remixActions[0].voiceId'],
      ['script-to-video', { script: SCRIPT, visualStyle: STYLE, remixActions: [{ type: 'TRANSLATE_PROJECT', languageCode: 'xx' }] }, 400, 'remixActions[0].languageCode'],
      ['voiceover-to-video', { fileId: files.png, visualStyle: STYLE }, 400, 'fileId'],
      ['voiceover-to-video', { fileId: files.audio, visualStyle: STYLE, logoFileId: files.audio }, 400, 'logoFileId'],
      ['voiceover-to-video', { fileId: 'not-a-file', visualStyle: STYLE }, 400, 'fileId'],
      ['slideshow-to-video', { fileId: files.png }, 400, 'fileId'],
      ['slideshow-to-video', { fileId: files.audio }, 400, 'PDF or SLIDESHOW'],
      ['slideshow-to-video', { fileId: files.pdf, slideScripts: 'all of them' }, 400, 'slideScripts'],
      ['storyboard-to-video', { scenes: [] }, 400, 'scenes'],
      ['storyboard-to-video', { scenes: [{ prompt: '' }] }, 400, 'scenes[0].prompt'],
      ['storyboard-to-video', { scenes: [{ prompt: 'x', durationSeconds: 0 }] }, 400, 'scenes[0].durationSeconds'],
      ['storyboard-to-video', { scenes: [{ prompt: 'x', generation: { type: 'AI_VIDEO' }, durationSeconds: 16 }] }, 400, 'scenes[0].durationSeconds'],
      ['storyboard-to-video', { scenes: [{ prompt: 'x' }], defaultGeneration: { type: 'AI_VIDEO' }, defaultDurationSeconds: 20 }, 400, 'defaultDurationSeconds'],
      ['storyboard-to-video', { scenes: [{ prompt: 'x', generation: { type: 'AI_VIDEO' } }], quality: 'LOW' }, 400, 'quality'],
      ['storyboard-to-video', { scenes: [{ prompt: 'x', actorEntityId: 'vg_enti_missing0000000' }] }, 404, 'scenes[0].actorEntityId'],
      ['storyboard-to-video', { scenes: [{ prompt: 'x', visualStyleEntityId: entity.body.entityId }] }, 400, 'scenes[0].visualStyleEntityId'],
    ];
    for (const [path, body, status, field] of cases) {
      const res = await api.vg<ApiErrorBody>('POST', `/v1/workflows/${path}`, body);
      const label = `${path} ${JSON.stringify(body)} → ${res.status} ${res.body.message}`;
      expect(res.status, label).toBe(status);
      if (status === 400) expect(res.body.code, label).toBe('invalid_parameters');
      expect(res.body.message, label).toContain(field);
    }
    // An archived entity cannot be attached to new workflows.
    await api.vg('POST', `/v1/entities/${entity.body.entityId}/archive`);
    const archived = await api.vg<ApiErrorBody>('POST', '/v1/workflows/storyboard-to-video', { scenes: [{ prompt: 'x', actorEntityId: entity.body.entityId }] });
    expect(archived.status).toBe(400);
    expect(archived.body.message).toContain('archived');
  });

  it('answers 400 invalid_id for other prefixes and 404 for unknown ids', async () => {
    expect((await api.vg<ApiErrorBody>('GET', '/v1/workflows/runs/vg_tool_abc')).body.code).toBe('invalid_id');
    expect((await api.vg('GET', '/v1/workflows/runs/vg_work_doesnotexist000000000')).status).toBe(404);
    expect((await api.vg('POST', '/v1/workflows/runs/vg_work_doesnotexist000000000/cancel')).status).toBe(404);
    expect((await api.vg<ApiErrorBody>('GET', '/v1/projects/proj_1')).body.code).toBe('invalid_id');
    expect((await api.vg('GET', '/v1/projects/vg_proj_doesnotexist000000000')).status).toBe(404);
    expect((await api.vg('POST', '/v1/projects/vg_proj_doesnotexist000000000/export')).status).toBe(404);
    expect((await api.vg('GET', '/v1/projects/vg_proj_doesnotexist000000000/remix-actions')).status).toBe(404);
    const started = await script();
    expect((await api.vg<ApiErrorBody>('GET', `/v1/projects/${started.projectId}/exports/nope`)).body.code).toBe('invalid_id');
    expect((await api.vg('GET', `/v1/projects/${started.projectId}/exports/vg_expo_doesnotexist000000000`)).status).toBe(404);
    // An export is found only under its own project.
    const other = await script();
    const exportId = await studio.exportProject(started.projectId);
    expect((await api.vg('GET', `/v1/projects/${other.projectId}/exports/${exportId}`)).status).toBe(404);
    expect((await api.vg('GET', `/v1/projects/${started.projectId}/exports/${exportId}`)).status).toBe(200);
  });

  it('lists runs newest first with cursors and selfOnly, and projects most recently updated first', async () => {
    const mine = await studio.start('script-to-video', { script: SCRIPT, visualStyle: STYLE }).then(async (r) => r);
    const b = await api.vg<{ workflowRunId: string; projectId: string }>('POST', '/v1/workflows/script-to-video', { script: 'Key b speaks.', visualStyle: STYLE }, { key: 'vg_key_b' });
    expect(b.status).toBe(202);
    const first = await api.vg<{ workflowRuns: Run[]; hasMore: boolean; nextCursor: string | null }>('GET', '/v1/workflows/runs?limit=1');
    expect(first.body.workflowRuns.map((r) => r.workflowRunId)).toEqual([b.body.workflowRunId]);
    expect(first.body.hasMore).toBe(true);
    const second = await api.vg<{ workflowRuns: Run[] }>('GET', `/v1/workflows/runs?limit=1&cursor=${encodeURIComponent(first.body.nextCursor!)}`);
    expect(second.body.workflowRuns.map((r) => r.workflowRunId)).toEqual([mine.workflowRunId]);
    const self = await api.vg<{ workflowRuns: Run[]; hasMore: boolean }>('GET', '/v1/workflows/runs?selfOnly=true&limit=200', undefined, { key: 'vg_key_b' });
    expect(self.body.workflowRuns.map((r) => r.workflowRunId)).toEqual([b.body.workflowRunId]);
    expect((await api.vg('GET', `/v1/projects?cursor=${encodeURIComponent(first.body.nextCursor!)}`)).status).toBe(400);

    const projects = await api.vg<{ projects: Array<{ projectId: string }> }>('GET', '/v1/projects?limit=200&includeUiProjects=true');
    expect(projects.body.projects[0]!.projectId).toBe(b.body.projectId);
    // Finishing a run updates its project: it moves to the front.
    clock.advance(2 * W);
    await studio.waitRun(mine.workflowRunId);
    await studio.remix(mine.projectId, [{ type: 'DISABLE_CAPTIONS' }]);
    const after = await api.vg<{ projects: Array<{ projectId: string }> }>('GET', '/v1/projects?limit=2');
    expect(after.body.projects[0]!.projectId).toBe(mine.projectId);
    const selfProjects = await api.vg<{ projects: Array<{ projectId: string }> }>('GET', '/v1/projects?selfOnly=true', undefined, { key: 'vg_key_b' });
    expect(selfProjects.body.projects.map((p) => p.projectId)).toEqual([b.body.projectId]);
  });

  it('records workflow_run.* webhook deliveries in the spec’s payload shape, signed for each endpoint', async () => {
    const hook = await api.vg<{ endpointId: string; signingSecret: string }>('POST', '/v1/webhooks/endpoints', { url: 'https://example.com/hooks', events: ['workflow_run.succeeded', 'workflow_run.failed', 'workflow_run.cancelled'] });
    await api.vg('POST', '/v1/webhooks/endpoints', { url: 'https://example.com/files-only', events: ['file.upload.completed'] });
    const ok = await script();
    const bad = await script('Watch this fail.');
    const stopped = await script();
    clock.advance(0.3 * W);
    await api.vg('POST', `/v1/workflows/runs/${stopped.workflowRunId}/cancel`);
    await finishRun(ok.workflowRunId);
    await studio.run(bad.workflowRunId);
    const deliveries = sb.webhookDeliveries().filter((d) => [ok, bad, stopped].some((r) => d.body.includes(r.workflowRunId)));
    expect(deliveries.map((d) => d.event).sort()).toEqual(['workflow_run.cancelled', 'workflow_run.failed', 'workflow_run.succeeded']);
    expect(new Set(deliveries.map((d) => d.endpointId))).toEqual(new Set([hook.body.endpointId]));

    const spec = JSON.parse(readFileSync(specPaths.videogen, 'utf8')) as { components: Record<string, unknown> };
    const ajv = new Ajv2020({ strict: false });
    (await import('ajv-formats')).default(ajv as never);
    ajv.addSchema({ $id: 'vg', components: spec.components });
    const validPayload = hasShared ? ajv.getSchema('vg#/components/schemas/WorkflowRunWebhookPayload')! : null;
    for (const d of deliveries) {
      const payload = JSON.parse(d.body) as { event: string; occurredAt: string; workflowRunId: string; projectId: string; error?: unknown };
      if (validPayload) expect(validPayload(payload), JSON.stringify(validPayload.errors)).toBe(true);
      expect(payload.occurredAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/);
      expect('error' in payload).toBe(payload.event === 'workflow_run.failed');
      // Standard Webhooks: v1,<base64 HMAC-SHA256 of "id.timestamp.body"> keyed with the secret's base64 part.
      const key = Buffer.from(hook.body.signingSecret.replace(/^whsec_/, ''), 'base64');
      const expected = createHmac('sha256', key).update(`${d.headers['webhook-id']}.${d.headers['webhook-timestamp']}.${d.body}`).digest('base64');
      expect(d.headers['webhook-signature']).toBe(`v1,${expected}`);
      expect(d.headers['webhook-id']).toMatch(/^msg_/);
    }
    // Each terminal state is recorded once.
    await studio.run(ok.workflowRunId);
    expect(sb.webhookDeliveries().filter((d) => d.body.includes(ok.workflowRunId))).toHaveLength(1);
  });

  it('refuses starts and remixes while the account is out of credits', async () => {
    const done = await script();
    await finishRun(done.workflowRunId);
    sb.setFaults({ insufficientCredits: true });
    try {
      const start = await api.vg<ApiErrorBody>('POST', '/v1/workflows/storyboard-to-video', { scenes: [{ prompt: 'x' }] });
      expect(start.status).toBe(402);
      expect(start.body.code).toBe('insufficient_credits');
      expect((await api.vg<ApiErrorBody>('POST', `/v1/projects/${done.projectId}/remix`, { remixActions: [{ type: 'DISABLE_CAPTIONS' }] })).status).toBe(402);
      expect((await api.vg<ApiErrorBody>('POST', '/v1/text/generate', { prompt: 'a title' })).status).toBe(402);
      // Reads and invalid requests are answered as usual.
      expect((await api.vg('GET', `/v1/projects/${done.projectId}`)).status).toBe(200);
      expect((await api.vg('POST', '/v1/workflows/storyboard-to-video', { scenes: [] })).status).toBe(400);
    } finally {
      sb.setFaults({});
    }
  });
});

describe('workflow rate limits', () => {
  it('counts workflow starts in their own bucket, like tool starts', async () => {
    const sb = await startTestSandbox({ rateLimits: { 'workflows.start': 2 } });
    try {
      const api = clientFor(sb);
      const body = { scenes: [{ prompt: 'a lighthouse' }] };
      const statuses: number[] = [];
      for (const path of ['storyboard-to-video', 'generate-scenes-from-storyboard', 'storyboard-to-video']) statuses.push((await api.vg('POST', `/v1/workflows/${path}`, body)).status);
      expect(statuses).toEqual([202, 202, 429]);
      const limited = await api.vg<ApiErrorBody>('POST', '/v1/workflows/storyboard-to-video', body);
      expect(limited.headers.get('x-ratelimit-limit')).toBe('2');
      expect(limited.body.message).toContain('POST /v1/workflows/*');
      // Tool starts have their own window.
      expect((await api.vg('POST', '/v1/tools/generate-music', { prompt: 'calm' })).status).toBe(202);
    } finally {
      await sb.close();
    }
  });
});
