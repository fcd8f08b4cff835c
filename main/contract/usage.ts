/**
 * The API budgets a person can see in Activity → Usage: each rate-budget key the app spends
 * from (`<service>:<METHOD> <path>`), with the words for what it pays for. Plain data: the
 * renderer bundles it, main labels its snapshot with it.
 */

export interface UsageView {
  key: string;
  label: string;
  service: 'videogen' | 'sync';
  limit: number;
  used: number;
  remaining: number;
  /** Epoch ms the window ends and the budget is whole again. */
  resetAt: number;
}

export const USAGE_LABELS: Readonly<Record<string, string>> = {
  'videogen:POST /v1/tools/*': 'Start tools (images, clips, voices…)',
  'videogen:GET /v1/tools/executions/{id}': 'Check on tool runs',
  'videogen:GET /v1/tools/executions': 'List tool runs',
  'videogen:POST /v1/tools/executions/{id}/cancel': 'Cancel tool runs',
  'videogen:GET /v1/files': 'Read the library',
  'videogen:GET /v1/files/{id}': 'Read one file',
  'videogen:POST /v1/files/{id}/hydrate': 'Media links (thumbnails, playback, downloads)',
  'videogen:POST /v1/files/upload': 'Start uploads',
  'videogen:POST /v1/files/search': 'Search by meaning',
  'videogen:GET /v1/resources/*': 'Voices, presenters and languages',
  'videogen:POST /v1/workflows/*': 'Start whole videos',
  'videogen:GET /v1/workflows/runs/{id}': 'Check on whole videos',
  'videogen:GET /v1/workflows/runs': 'List whole-video runs',
  'videogen:GET /v1/projects': 'List projects',
  'videogen:GET /v1/projects/{id}': 'Read a project',
  'videogen:POST /v1/projects/{id}/export': 'Start exports',
  'videogen:GET /v1/projects/{id}/exports/{exportId}': 'Check on exports',
  'videogen:POST /v1/projects/{id}/remix': 'Start remixes',
  'videogen:GET /v1/projects/{id}/remix-actions': 'Check on remixes',
  'videogen:POST /v1/entities/*': 'Change actors and styles',
  'videogen:GET /v1/entities/*': 'Read actors and styles',
  'videogen:POST /v1/workflows/runs/{id}/cancel': 'Cancel whole videos',
  'videogen:POST /v1/text/generate': 'Write scripts',
  'videogen:GET /v1/webhooks/endpoints': 'List webhooks',
  'videogen:POST /v1/webhooks/endpoints': 'Create webhooks',
  'videogen:DELETE /v1/webhooks/endpoints/{id}': 'Delete webhooks',
  'videogen:GET /v1/me': 'Check the key',
  'sync:POST /v2/generate': 'Start lip-syncs',
  'sync:*': 'Other Sync requests',
};

/** The label for a budget key; an unlisted one shows its method and path. */
export function usageLabel(key: string): string {
  return USAGE_LABELS[key] ?? key.replace(/^[a-z]+:/, '');
}
