/**
 * VideoGen's answers for workflows, projects, exports, remix actions, entities and text
 * (`shared/api/videogen-openapi.json`). Enum-like fields the app only shows stay open strings,
 * so a value added by the API later doesn't break reading the rest.
 */
import { z } from 'zod';
import { ApiErrorBodySchema, ExecutionStatusSchema } from './videogen-schemas';
import { nullish } from './schema-helpers';

const percent = z.number().transform((v) => (Number.isFinite(v) ? Math.min(100, Math.max(0, v)) : 0));
const pagination = {
  hasMore: z.boolean(),
  nextCursor: z
    .string()
    .nullable()
    .transform((v) => (v === '' ? null : v)),
};
const ratio = z.object({ width: z.number().int().min(1), height: z.number().int().min(1) });

export const StartWorkflowRunResponseSchema = z.object({
  workflowRunId: z.string().min(1),
  projectId: z.string().min(1),
  projectUrl: z.string(),
  remixActionIds: z.array(z.string()),
});
export type StartWorkflowRunResponse = z.infer<typeof StartWorkflowRunResponseSchema>;

export const WorkflowRunSchema = z.object({
  workflowRunId: z.string().min(1),
  status: ExecutionStatusSchema,
  workflowType: z.string(),
  progressPercentage: percent,
  attemptIndex: z.number().int().nonnegative(),
  projectId: z.string().min(1),
  projectUrl: z.string(),
  error: nullish(ApiErrorBodySchema),
});
export type WorkflowRun = z.infer<typeof WorkflowRunSchema>;
export const WorkflowRunListResponseSchema = z.object({ workflowRuns: z.array(WorkflowRunSchema), ...pagination });
export type WorkflowRunListResponse = z.infer<typeof WorkflowRunListResponseSchema>;

export const ProjectSchema = z.object({
  projectId: z.string().min(1),
  title: z.string(),
  aspectRatio: ratio,
  status: z.enum(['generating', 'ready']),
  createdAt: z.string(),
  updatedAt: z.string(),
  projectUrl: z.string(),
});
export type Project = z.infer<typeof ProjectSchema>;
export const ListProjectsResponseSchema = z.object({ projects: z.array(ProjectSchema), ...pagination });

export const ExportProjectResponseSchema = z.object({ exportId: z.string().min(1) });
export const ProjectExportSchema = z.object({
  exportId: z.string().min(1),
  projectId: z.string().min(1),
  status: z.enum(['pending', 'running', 'succeeded', 'failed']),
  progressPercentage: percent,
  attemptIndex: z.number().int().nonnegative(),
  downloadUrl: nullish(z.string()),
  thumbnailUrl: nullish(z.string()),
  error: nullish(ApiErrorBodySchema),
});
export type ProjectExport = z.infer<typeof ProjectExportSchema>;

export const RemixProjectResponseSchema = z.object({
  projectId: z.string().min(1),
  projectUrl: z.string(),
  remixActionIds: z.array(z.string().min(1)),
});
export const RemixActionRunSchema = z.object({
  remixActionId: z.string().min(1),
  type: z.string(),
  status: ExecutionStatusSchema,
  projectId: z.string().min(1),
  projectUrl: z.string(),
  progressPercentage: percent,
  attemptIndex: z.number().int().nonnegative(),
  error: nullish(ApiErrorBodySchema),
});
export type RemixActionRun = z.infer<typeof RemixActionRunSchema>;
export const ListRemixActionsResponseSchema = z.object({ remixActions: z.array(RemixActionRunSchema) });

export const EntitySchema = z.object({
  entityId: z.string().min(1),
  entityType: z.enum(['ACTOR', 'PRODUCT', 'VISUAL_STYLE']),
  name: z.string(),
  description: z.string(),
  references: z.array(z.object({ fileId: z.string(), description: z.string(), isDefault: z.boolean() })),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Entity = z.infer<typeof EntitySchema>;
export const ListEntitiesResponseSchema = z.object({ entities: z.array(EntitySchema), ...pagination });
export const EntityArchiveResponseSchema = z.object({ entityId: z.string(), archived: z.boolean() });

export const GenerateTextResponseSchema = z.object({ text: z.string() });
