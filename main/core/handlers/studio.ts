/**
 * Whole videos: workflow runs, projects, exports, remixes (all executions: written down first,
 * sent once by the studio lane, followed by the poller), entities and text generation (direct
 * calls: a person waits for their answer).
 */
import { z } from 'zod';
import { toAppError } from '../../kernel/errors';
import type { Entity } from '../../api/studio-schemas';
import { LanguageSchema } from '../../api/videogen-schemas';
import { readAllPages } from '../../api/paging';
import {
  EXPORT_JOB,
  REMIX_JOB,
  exportQualityLabel,
  remixLabel,
  workflowJob,
  workflowLabel,
  workflowTypeOf,
  type EntityView,
  type ProjectView,
  type RemixType,
} from '../../contract';
import type { Services } from '../services';
import type { Handlers } from '../types';
import { cachedList } from './generation';

const short = (s: string, n = 60) => {
  const t = s.trim().replace(/\s+/g, ' ');
  return t.length > n ? t.slice(0, n - 1) + '…' : t;
};

export function studioHandlers(s: Services) {
  const title = (projectId: string) => s.store.projects.get(projectId)?.title ?? 'Video';
  return {
    'resources.languages': async () =>
      cachedList(s, 'videogen:languages', z.array(LanguageSchema), async () => (await s.videogen.listLanguages()).languages),

    'videos.create': ({ workflow, params }) => {
      const about =
        typeof params['script'] === 'string'
          ? short(params['script'])
          : Array.isArray(params['scenes'])
            ? `${params['scenes'].length} scene${params['scenes'].length === 1 ? '' : 's'}: ${short(String((params['scenes'][0] as { prompt?: unknown })?.prompt ?? ''), 40)}`
            : '';
      const label = `${workflowLabel[workflowTypeOf[workflow]]} video${about ? `: ${about}` : ''}`;
      return { executionId: s.executions.run({ provider: 'videogen', tool: workflowJob(workflow), params }, { label }).id };
    },

    'projects.list': () => s.store.projects.list(),

    'projects.refresh': async (): Promise<ProjectView[]> => {
      try {
        const projects = await readAllPages((cursor) => s.videogen.listProjects({ limit: 200, cursor }), (p) => p.projects, 20);
        s.store.transaction(() => {
          for (const p of projects) {
            const created = Date.parse(p.createdAt);
            const updated = Date.parse(p.updatedAt);
            s.store.projects.upsert({
              projectId: p.projectId,
              title: p.title,
              status: p.status,
              aspectRatio: p.aspectRatio,
              projectUrl: p.projectUrl,
              ...(Number.isFinite(created) ? { createdAt: created } : {}),
              ...(Number.isFinite(updated) ? { updatedAt: updated } : {}),
            });
          }
        });
      } catch (e) {
        const err = toAppError(e);
        // Offline is a state: the cached projects are the answer.
        if (err.kind !== 'offline' && err.kind !== 'network') throw err;
      }
      return s.store.projects.list();
    },

    'projects.export': ({ projectId, quality }) => {
      const label = `${title(projectId)} (${quality ? exportQualityLabel[quality] : 'default quality'})`;
      const params = { projectId, ...(quality ? { quality } : {}) };
      return { executionId: s.executions.run({ provider: 'videogen', tool: EXPORT_JOB, params }, { label }).id };
    },

    'projects.remix': ({ projectId, remixActions, saveAsNewProject }) => {
      const what = remixActions.map((a) => remixLabel[a.type as RemixType]).join(', ');
      const label = `${title(projectId)}: ${what}${saveAsNewProject ? ' (as a new project)' : ''}`;
      const params = { projectId, remixActions, ...(saveAsNewProject !== undefined ? { saveAsNewProject } : {}) };
      return { executionId: s.executions.run({ provider: 'videogen', tool: REMIX_JOB, params }, { label }).id };
    },

    'projects.remixActions': async ({ projectId }) =>
      (await s.videogen.listRemixActions(projectId)).remixActions.map((a) => ({
        remixActionId: a.remixActionId,
        type: a.type,
        status: a.status,
        progress: a.status === 'succeeded' ? 100 : a.progressPercentage,
        error: a.error?.message ?? null,
      })),

    'entities.list': async ({ entityType }) =>
      (await readAllPages((cursor) => s.videogen.listEntities({ limit: 200, cursor, ...(entityType ? { entityType } : {}) }), (p) => p.entities, 20)).map(toEntityView),
    'entities.create': async (body) => toEntityView(await s.videogen.createEntity(body)),
    'entities.update': async ({ entityId, ...patch }) => toEntityView(await s.videogen.updateEntity(entityId, patch)),
    'entities.archive': async ({ entityId }) => {
      await s.videogen.archiveEntity(entityId);
    },
    'entities.addReference': async ({ entityId, fileId, isDefault }) =>
      toEntityView(await s.videogen.addEntityReference(entityId, { fileId, ...(isDefault !== undefined ? { isDefault } : {}) })),

    'text.generate': async (body) => ({ text: (await s.videogen.generateText(body)).text }),
  } satisfies Partial<Handlers>;
}

function toEntityView(e: Entity): EntityView {
  const updated = Date.parse(e.updatedAt);
  return {
    entityId: e.entityId,
    entityType: e.entityType,
    name: e.name,
    description: e.description,
    references: e.references.map((r) => ({ fileId: r.fileId, isDefault: r.isDefault })),
    updatedAt: Number.isFinite(updated) ? updated : 0,
  };
}
