// /v1/workflows/*, /v1/projects/* and the project page behind projectUrl.
import { requirePrincipal, type RequestContext } from '../../context';
import { insufficientCredits, invalidId, invalidParameters, notFound } from '../../errors';
import { boolParam } from '../../http/query';
import { sendText } from '../../http/respond';
import type { Reply, RouteDef } from '../../router';
import { slotFileName } from '../media-urls';
import { pageParams } from '../pagination';
import type { VideoGenService } from '../service';
import { parseBody } from '../validation';
import { Builder, type Built } from './builders';
import {
  ExportProjectRequest,
  RemixProjectRequest,
  ScriptToVideoRequest,
  SlideshowToVideoRequest,
  StoryboardToVideoRequest,
  VoiceoverToVideoRequest,
  type RemixAction,
} from './schemas';
import type { ActionState, ExportRecord, ProjectRecord, RunRecord, WorkflowType } from './store';

const RUN_PREFIX = 'vg_work_';
const PROJECT_PREFIX = 'vg_proj_';
const EXPORT_PREFIX = 'vg_expo_';

interface WorkflowDef {
  /** The path, then its legacy alias. */
  paths: [string, string];
  type: WorkflowType;
  parse(body: unknown): { remixActions?: RemixAction[] };
  build(b: Builder, body: never): Built | Promise<Built>;
}

const WORKFLOWS: WorkflowDef[] = [
  { paths: ['script-to-video', 'add-visuals-narrations-and-captions-to-script'], type: 'SCRIPT_TO_VIDEO', parse: (b) => parseBody(ScriptToVideoRequest, b), build: (b, body) => b.script(body) },
  { paths: ['voiceover-to-video', 'add-visuals-and-captions-to-voiceover'], type: 'VOICEOVER_TO_VIDEO', parse: (b) => parseBody(VoiceoverToVideoRequest, b), build: (b, body) => b.voiceover(body) },
  {
    paths: ['slideshow-to-video', 'add-narration-transitions-and-captions-to-slideshow'],
    type: 'SLIDESHOW_TO_VIDEO',
    parse: (b) => parseBody(SlideshowToVideoRequest, b),
    build: (b, body) => b.slideshow(body),
  },
  { paths: ['storyboard-to-video', 'generate-scenes-from-storyboard'], type: 'STORYBOARD_TO_VIDEO', parse: (b) => parseBody(StoryboardToVideoRequest, b), build: (b, body) => b.storyboard(body) },
];

export function studioRoutes(vg: VideoGenService): RouteDef[] {
  const studio = vg.studio;

  const findRun = (ctx: RequestContext): RunRecord => {
    const id = ctx.params.workflowRunId!;
    if (!id.startsWith(RUN_PREFIX)) throw invalidId('workflow run', id, RUN_PREFIX);
    const run = studio.run(id);
    if (!run) throw notFound('workflow run', id);
    return run;
  };
  const findProject = (ctx: RequestContext): ProjectRecord => {
    const id = ctx.params.projectId!;
    if (!id.startsWith(PROJECT_PREFIX)) throw invalidId('project', id, PROJECT_PREFIX);
    const p = studio.project(id);
    if (!p) throw notFound('project', id);
    return p;
  };

  const runJson = (r: RunRecord, now: number) => {
    const s = studio.runState(r, now);
    return {
      workflowRunId: r.workflowRunId,
      status: s.status,
      workflowType: r.workflowType,
      progressPercentage: s.progress,
      attemptIndex: s.attemptIndex,
      projectId: r.projectId,
      projectUrl: studio.projectUrl(studio.project(r.projectId)!),
      error: s.error,
    };
  };
  const projectJson = (p: ProjectRecord, now: number) => ({
    projectId: p.projectId,
    title: p.title,
    aspectRatio: studio.content(p, now).aspect,
    status: studio.projectStatus(p, now),
    createdAt: new Date(p.createdAt).toISOString(),
    updatedAt: new Date(studio.updatedAt(p, now)).toISOString(),
    projectUrl: studio.projectUrl(p),
  });
  const actionJson = (p: ProjectRecord, s: ActionState) => ({
    remixActionId: s.record.remixActionId,
    type: s.record.action.type,
    status: s.status,
    projectId: p.projectId,
    projectUrl: studio.projectUrl(p),
    progressPercentage: s.progress,
    attemptIndex: s.attemptIndex,
    error: s.error,
  });
  const exportJson = (e: ExportRecord, now: number) => {
    const s = studio.exportState(e, now);
    let downloadUrl: string | null = null;
    let thumbnailUrl: string | null = null;
    const file = s.status === 'succeeded' && e.fileId ? vg.files.get(e.fileId) : undefined;
    const media = file?.processing.media;
    if (file && media) {
      // Signed like every media URL (README A5), valid for signedUrlTtlS from this answer.
      const exp = Math.floor(now / 1000) + vg.env.options.signedUrlTtlS;
      const download = media.slots.download;
      const thumb = media.slots.thumbnail;
      if (download.status === 'ready') {
        downloadUrl = `${vg.urls.signed(file.fileId, 'download', slotFileName('download', download.blob.path), exp)}?download=${encodeURIComponent(file.displayName)}`;
      }
      if (thumb.status === 'ready') thumbnailUrl = vg.urls.signed(file.fileId, 'thumbnail', slotFileName('thumbnail', thumb.blob.path), exp);
    }
    return {
      exportId: e.exportId,
      projectId: e.projectId,
      status: s.status,
      progressPercentage: s.progress,
      attemptIndex: s.attemptIndex,
      downloadUrl,
      thumbnailUrl,
      error: s.error,
    };
  };

  const start = (def: WorkflowDef) => async (ctx: RequestContext): Promise<Reply> => {
    const body = def.parse(await ctx.json());
    const built = await def.build(new Builder(vg, ctx.now), body as never);
    // A valid request the account cannot pay for (fault profile): refused before anything starts.
    if (vg.env.faults.outOfCredits) throw insufficientCredits();
    const run = studio.startRun(def.type, built.content, built.trigger, body.remixActions ?? [], requirePrincipal(ctx).keyIndex, ctx.now);
    return { status: 202, body: startResponse(run) };
  };
  const startResponse = (run: RunRecord) => ({
    workflowRunId: run.workflowRunId,
    projectId: run.projectId,
    projectUrl: studio.projectUrl(studio.project(run.projectId)!),
    remixActionIds: run.remixActionIds,
  });

  return [
    ...WORKFLOWS.flatMap((def) =>
      def.paths.map((p): RouteDef => ({ method: 'POST', template: `/v1/workflows/${p}`, family: 'videogen', rateBucket: 'workflows.start', handler: start(def) })),
    ),
    {
      method: 'GET',
      template: '/v1/workflows/runs',
      family: 'videogen',
      rateBucket: 'workflows.list',
      handler: (ctx) => {
        const params = pageParams(ctx, vg.env, 'workflow-runs');
        const selfOnly = boolParam(ctx.query, 'selfOnly', false, invalidParameters);
        const after = params.cursor ? { at: Number(params.cursor[0]), seq: Number(params.cursor[1]) } : null;
        const page = studio.runPage(after, params.limit, selfOnly ? requirePrincipal(ctx).keyIndex : null);
        const last = page.items[page.items.length - 1];
        return {
          status: 200,
          body: {
            workflowRuns: page.items.map((r) => runJson(r, ctx.now)),
            hasMore: page.hasMore,
            nextCursor: page.hasMore && last ? vg.env.cursors.encode('workflow-runs', [last.sortKey.at, last.sortKey.seq]) : null,
          },
        };
      },
    },
    { method: 'GET', template: '/v1/workflows/runs/{workflowRunId}', family: 'videogen', rateBucket: 'workflows.get', handler: (ctx) => ({ status: 200, body: runJson(findRun(ctx), ctx.now) }) },
    {
      method: 'POST',
      template: '/v1/workflows/runs/{workflowRunId}/cancel',
      family: 'videogen',
      rateBucket: 'workflows.cancel',
      handler: (ctx) => {
        const run = findRun(ctx);
        studio.cancelRun(run, ctx.now);
        return { status: 202, body: startResponse(run) };
      },
    },
    {
      method: 'GET',
      template: '/v1/projects',
      family: 'videogen',
      rateBucket: 'projects.list',
      handler: (ctx) => {
        const params = pageParams(ctx, vg.env, 'projects');
        const selfOnly = boolParam(ctx.query, 'selfOnly', false, invalidParameters);
        // Every sandbox project is API-created, so includeUiProjects adds none; it is still checked.
        boolParam(ctx.query, 'includeUiProjects', false, invalidParameters);
        const after = params.cursor ? { at: Number(params.cursor[0]), seq: Number(params.cursor[1]) } : null;
        const page = studio.projectPage(after, params.limit, selfOnly ? requirePrincipal(ctx).keyIndex : null, ctx.now);
        const last = page.items[page.items.length - 1];
        return {
          status: 200,
          body: {
            projects: page.items.map(({ project }) => projectJson(project, ctx.now)),
            hasMore: page.hasMore,
            nextCursor: page.hasMore && last ? vg.env.cursors.encode('projects', [last.key.at, last.key.seq]) : null,
          },
        };
      },
    },
    { method: 'GET', template: '/v1/projects/{projectId}', family: 'videogen', rateBucket: 'projects.get', handler: (ctx) => ({ status: 200, body: projectJson(findProject(ctx), ctx.now) }) },
    {
      method: 'POST',
      template: '/v1/projects/{projectId}/export',
      family: 'videogen',
      rateBucket: 'projects.export',
      handler: async (ctx) => {
        const project = findProject(ctx);
        // The request body is optional (requestBody.required: false).
        const raw = await ctx.json();
        const body = raw === undefined ? {} : parseBody(ExportProjectRequest, raw);
        const e = studio.startExport(project, body.quality, requirePrincipal(ctx).keyIndex, ctx.now);
        return { status: 202, body: { exportId: e.exportId } };
      },
    },
    {
      method: 'GET',
      template: '/v1/projects/{projectId}/exports/{exportId}',
      family: 'videogen',
      rateBucket: 'projects.exportGet',
      handler: (ctx) => {
        const project = findProject(ctx);
        const id = ctx.params.exportId!;
        if (!id.startsWith(EXPORT_PREFIX)) throw invalidId('export', id, EXPORT_PREFIX);
        const e = studio.projectExport(id);
        if (!e || e.projectId !== project.projectId) throw notFound('export', id);
        return { status: 200, body: exportJson(e, ctx.now) };
      },
    },
    {
      method: 'POST',
      template: '/v1/projects/{projectId}/remix',
      family: 'videogen',
      rateBucket: 'projects.remix',
      handler: async (ctx) => {
        const project = findProject(ctx);
        const body = parseBody(RemixProjectRequest, await ctx.json());
        new Builder(vg, ctx.now).remixActions('remixActions', body.remixActions);
        if (vg.env.faults.outOfCredits) throw insufficientCredits();
        const { project: target, ids } = studio.remix(project, body.remixActions, body.saveAsNewProject ?? false, requirePrincipal(ctx).keyIndex, ctx.now);
        return { status: 202, body: { projectId: target.projectId, projectUrl: studio.projectUrl(target), remixActionIds: ids } };
      },
    },
    {
      method: 'GET',
      template: '/v1/projects/{projectId}/remix-actions',
      family: 'videogen',
      rateBucket: 'projects.remixActions',
      handler: (ctx) => {
        const project = findProject(ctx);
        const states = studio.actionStates(project, ctx.now);
        // Most recent first.
        return { status: 200, body: { remixActions: states.reverse().map((s) => actionJson(project, s)) } };
      },
    },
    {
      // projectUrl: the VideoGen app's page for the project; here a plain page saying what it is.
      method: 'GET',
      template: '/project/{uuid}',
      family: 'storage',
      handler: (ctx) => {
        const p = studio.projectByUuid(ctx.params.uuid!);
        if (!p) return void sendText(ctx.res, 404, 'Not found');
        const esc = (s: string) => s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
        const json = projectJson(p, ctx.now);
        const html =
          `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(p.title)} · VideoGen sandbox</title></head>` +
          `<body><h1>${esc(p.title)}</h1><p>Project ${esc(p.projectId)} (${esc(p.workflowType)}), ${esc(json.status)}, ` +
          `${json.aspectRatio.width}:${json.aspectRatio.height}.</p><p>This is the sandbox's stand-in for the VideoGen editor.</p></body></html>`;
        sendText(ctx.res, 200, html, 'text/html; charset=utf-8');
        return undefined;
      },
    },
  ];
}
