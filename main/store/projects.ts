/**
 * VideoGen projects, as last seen (list, get, or the start of a workflow run). A project's
 * fields come from the API; `workflowType` and `exportFileId` are this app's own knowledge and
 * are never cleared by a later API read that lacks them.
 */
import type { ProjectView } from '../contract';
import type { StoreContext } from './context';

export interface ProjectUpdate {
  projectId: string;
  title?: string;
  status?: ProjectView['status'];
  workflowType?: ProjectView['workflowType'];
  aspectRatio?: ProjectView['aspectRatio'];
  projectUrl?: string;
  exportFileId?: string;
  /** Epoch ms (from the API's ISO times when it gave them). */
  createdAt?: number;
  updatedAt?: number;
}

interface Row {
  project_id: string;
  title: string;
  status: ProjectView['status'];
  workflow_type: ProjectView['workflowType'];
  aspect_w: number;
  aspect_h: number;
  project_url: string;
  export_file_id: string | null;
  created_at: number;
  updated_at: number;
}

const toView = (r: Row): ProjectView => ({
  projectId: r.project_id,
  title: r.title,
  status: r.status,
  workflowType: r.workflow_type,
  aspectRatio: { width: r.aspect_w, height: r.aspect_h },
  projectUrl: r.project_url,
  exportFileId: r.export_file_id,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export function createProjectsRepo(ctx: StoreContext) {
  const { db, tx } = ctx;
  const getStmt = db.prepare<[string], Row>('SELECT * FROM projects WHERE project_id = ?');
  const listStmt = db.prepare<[], Row>('SELECT * FROM projects ORDER BY updated_at DESC, project_id LIMIT 1000');

  function get(projectId: string): ProjectView | null {
    const r = getStmt.get(projectId);
    return r ? toView(r) : null;
  }

  return {
    get,
    list: (): ProjectView[] => listStmt.all().map(toView),
    /** Inserts or merges; fields not given keep their value. */
    upsert(u: ProjectUpdate): ProjectView {
      return tx.run(() => {
        const now = ctx.now();
        const old = getStmt.get(u.projectId);
        const row: Row = {
          project_id: u.projectId,
          title: u.title ?? old?.title ?? 'Untitled video',
          status: u.status ?? old?.status ?? 'generating',
          workflow_type: u.workflowType ?? old?.workflow_type ?? null,
          aspect_w: u.aspectRatio?.width ?? old?.aspect_w ?? 16,
          aspect_h: u.aspectRatio?.height ?? old?.aspect_h ?? 9,
          project_url: u.projectUrl ?? old?.project_url ?? '',
          export_file_id: u.exportFileId ?? old?.export_file_id ?? null,
          created_at: u.createdAt ?? old?.created_at ?? now,
          updated_at: u.updatedAt ?? old?.updated_at ?? now,
        };
        ctx.statements
          .get(
            `INSERT INTO projects (project_id, title, status, workflow_type, aspect_w, aspect_h, project_url, export_file_id, created_at, updated_at)
             VALUES (@project_id, @title, @status, @workflow_type, @aspect_w, @aspect_h, @project_url, @export_file_id, @created_at, @updated_at)
             ON CONFLICT (project_id) DO UPDATE SET title = excluded.title, status = excluded.status, workflow_type = excluded.workflow_type,
               aspect_w = excluded.aspect_w, aspect_h = excluded.aspect_h, project_url = excluded.project_url,
               export_file_id = excluded.export_file_id, created_at = excluded.created_at, updated_at = excluded.updated_at`,
          )
          .run(row);
        tx.record('projects', [u.projectId]);
        return toView(row);
      });
    },
  };
}

export type ProjectsRepo = ReturnType<typeof createProjectsRepo>;
