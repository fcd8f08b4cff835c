/**
 * Remote ids of studio jobs. A workflow run's is its `workflowRunId`, an export's its
 * `exportId` (the project is in the request). A remix request starts one remix action per
 * entry, possibly on a copy of the project, so its remote id names both:
 * `<projectId>|<remixActionId>,<remixActionId>…` (ids never hold `|` or `,`).
 */
export function formatRemixRemote(projectId: string, remixActionIds: readonly string[]): string {
  return `${projectId}|${remixActionIds.join(',')}`;
}

export function parseRemixRemote(remoteId: string): { projectId: string; remixActionIds: string[] } | null {
  const bar = remoteId.indexOf('|');
  if (bar <= 0) return null;
  const ids = remoteId.slice(bar + 1);
  return { projectId: remoteId.slice(0, bar), remixActionIds: ids === '' ? [] : ids.split(',') };
}

/** A workflow run's own remix actions (the request's `remixActions`): the video is done when they are. */
export const carriedRemixKey = (executionId: string) => `videogen.workflow-remixes.${executionId}`;
export interface CarriedRemixes {
  projectId: string;
  remixActionIds: string[];
}
