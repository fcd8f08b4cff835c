/**
 * Whole videos through the execution worker and the poller, against the sandbox: a workflow
 * run written down, sent once, followed to the end, its project cached; an export whose MP4
 * lands in the library as the export's output (request remembered); a remix (music + logo)
 * whose actions are followed together; a lost answer reconciled against the list of runs.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXPORT_JOB, REMIX_JOB, workflowJob } from '../../../main/contract';
import { sampleMedia, startTestSandbox, uploadBytes, type Sandbox } from '../../helpers/sandbox';
import { createExecEnv, sawStatus, until, type ExecEnv } from './executions-env';

let sandbox: Sandbox;
let env: ExecEnv;

beforeAll(async () => {
  // Runs last 2.5 s here: long enough to be cancelled.
  sandbox = await startTestSandbox({ workflowMs: 2_500 });
  env = createExecEnv({ baseUrl: sandbox.url, videogenKey: sandbox.videogenKey, syncKey: sandbox.syncKey, worker: { lane: { settleAnsweredMs: 300, settleSilentMs: 1_500 } } });
});
afterAll(async () => {
  await env?.close();
  await sandbox?.close();
});

const done = (id: string, timeoutMs = 60_000) =>
  until(() => {
    const v = env.view(id);
    return v.status === 'succeeded' || v.status === 'failed' || v.status === 'cancelled' ? v : null;
  }, `${id} to finish`, timeoutMs, 50);
const posts = (path: string) => sandbox.stats().requests[`POST ${path}`] ?? 0;

describe('studio jobs', { timeout: 120_000 }, () => {
  let projectId = '';

  it('a script becomes a project: sent once, followed, cached with its type and title', async () => {
    const before = posts('/v1/workflows/script-to-video');
    const view = env.worker.run({ provider: 'videogen', tool: workflowJob('script-to-video'), params: { script: 'Water is good. Drink it often.', visualStyle: { type: 'STOCK' }, visualPacing: 'FAST' } });
    expect(view.status).toBe('queued');
    const end = await done(view.id);
    expect(end.status, JSON.stringify(end.error)).toBe('succeeded');
    expect(end.remoteId).toMatch(/^vg_work_/);
    expect(posts('/v1/workflows/script-to-video')).toBe(before + 1);
    const [project] = env.store.projects.list();
    expect(project).toMatchObject({ workflowType: 'SCRIPT_TO_VIDEO' });
    expect(project!.title).not.toBe('Untitled video');
    expect(project!.projectUrl).toContain('/project/');
    projectId = project!.projectId;
  });

  it('an export lands in the library as its output, with the request remembered', async () => {
    await until(async () => (await env.videogen.getProject(projectId)).status === 'ready', 'project ready', 30_000);
    const view = env.worker.run({ provider: 'videogen', tool: EXPORT_JOB, params: { projectId, quality: 'STANDARD' } });
    const end = await done(view.id);
    expect(end.status, JSON.stringify(end.error)).toBe('succeeded');
    expect(end.resultFileIds).toHaveLength(1);
    const file = env.store.files.get(end.resultFileIds[0]!)!;
    expect(file).toMatchObject({ type: 'VIDEO', scope: 'EXPORT', executionId: view.id });
    expect(file.request).toEqual({ provider: 'videogen', tool: EXPORT_JOB, params: { projectId, quality: 'STANDARD' } });
    expect(env.store.projects.get(projectId)?.exportFileId).toBe(file.fileId);
  });

  it('a remix with music and a logo: one row following both actions', async () => {
    const media = sampleMedia();
    const logo = await uploadBytes(fetch, sandbox, readFileSync(media.png), 'logo.png');
    const music = await uploadBytes(fetch, sandbox, readFileSync(media.mp3), 'music.mp3');
    const processed = async (id: string) => (await env.videogen.getFile(id)).downloadSource?.status === 'ready';
    await until(async () => (await processed(logo.fileId)) && (await processed(music.fileId)), 'uploads processed', 30_000);
    const view = env.worker.run({
      provider: 'videogen',
      tool: REMIX_JOB,
      params: { projectId, remixActions: [{ type: 'SET_BACKGROUND_MUSIC', fileId: music.fileId }, { type: 'SET_LOGO', fileId: logo.fileId }] },
    });
    const end = await done(view.id);
    expect(end.status, JSON.stringify(end.error)).toBe('succeeded');
    expect(end.remoteId).toMatch(new RegExp(`^${projectId}\\|vg_rmix_\\w+,vg_rmix_\\w+$`));
    expect(end.remoteStatus).toBe('Background music 100% · Logo 100%');
  });

  it('a start whose answer is lost is found in the list of runs, not sent again', async () => {
    const before = posts('/v1/workflows/storyboard-to-video');
    env.network.loseAnswer = (method, url) => method === 'POST' && url.includes('/v1/workflows/storyboard-to-video');
    const view = env.worker.run({ provider: 'videogen', tool: workflowJob('storyboard-to-video'), params: { scenes: [{ prompt: 'A red kite over a hill' }], defaultDurationSeconds: 2 } });
    await sawStatus(env, view.id, 'unknown');
    env.network.loseAnswer = null;
    const end = await done(view.id);
    expect(end.status, JSON.stringify(end.error)).toBe('succeeded');
    expect(posts('/v1/workflows/storyboard-to-video')).toBe(before + 1);
    expect(env.store.projects.list().filter((p) => p.workflowType === 'STORYBOARD_TO_VIDEO')).toHaveLength(1);
  });

  it('a run that carries remix actions is done when they are', async () => {
    const view = env.worker.run({
      provider: 'videogen',
      tool: workflowJob('script-to-video'),
      params: { script: 'Captions come last.', visualStyle: { type: 'STOCK' }, remixActions: [{ type: 'ENABLE_CAPTIONS' }] },
    });
    const end = await done(view.id);
    expect(end.status, JSON.stringify(end.error)).toBe('succeeded');
    expect(end.remoteStatus).toBe('Show captions 100%');
    // (Whether "Applying remix actions" was seen on the way depends on when the poller looked.)
  });

  it('Cancel on a running workflow run asks VideoGen, and the run ends cancelled', async () => {
    const view = env.worker.run({ provider: 'videogen', tool: workflowJob('script-to-video'), params: { script: 'Cancel me soon.', visualStyle: { type: 'STOCK' } } });
    await until(() => env.view(view.id).remoteId !== null, 'accepted');
    await env.worker.cancel(view.id);
    const end = await done(view.id);
    expect(end.status).toBe('cancelled');
    expect(sandbox.stats().requests['POST /v1/workflows/runs/{workflowRunId}/cancel']).toBe(1);
  });

  it('an export cannot be cancelled once it has started, and says so', async () => {
    const view = env.worker.run({ provider: 'videogen', tool: EXPORT_JOB, params: { projectId, quality: 'STANDARD' } });
    await until(() => env.view(view.id).remoteId !== null, 'accepted');
    await expect(env.worker.cancel(view.id)).rejects.toThrow(/can't stop an export once it has started/);
    expect((await done(view.id)).status).toBe('succeeded');
  });

  it('entities: created, renamed, a reference attached, archived (through the client the handlers use)', async () => {
    const media = sampleMedia();
    const face = await uploadBytes(fetch, sandbox, readFileSync(media.png), 'face.png');
    await until(async () => (await env.videogen.getFile(face.fileId)).downloadSource?.status === 'ready', 'face processed', 30_000);
    const made = await env.videogen.createEntity({ entityType: 'ACTOR', name: 'Ada' });
    expect(made.entityId).toMatch(/^vg_enti_/);
    expect((await env.videogen.updateEntity(made.entityId, { name: 'Ada L.' })).name).toBe('Ada L.');
    const withRef = await env.videogen.addEntityReference(made.entityId, { fileId: face.fileId, isDefault: true });
    expect(withRef.references).toEqual([expect.objectContaining({ fileId: face.fileId, isDefault: true })]);
    expect((await env.videogen.listEntities({ entityType: 'ACTOR' })).entities.map((e) => e.name)).toContain('Ada L.');
    await env.videogen.archiveEntity(made.entityId);
    expect((await env.videogen.listEntities({ entityType: 'ACTOR' })).entities.map((e) => e.entityId)).not.toContain(made.entityId);
  });

  it('refuses a storyboard video scene longer than 15 s before anything is written', () => {
    expect(() =>
      env.worker.run({ provider: 'videogen', tool: workflowJob('storyboard-to-video'), params: { scenes: [{ prompt: 'x', generation: { type: 'AI_VIDEO' }, durationSeconds: 20 }] } }),
    ).toThrow(/1 to 15 seconds/);
  });
});
