// Every VideoGen route the sandbox answers. Spec paths Atelier does not use (workflows,
// projects, entities, text generation) answer 501 with an ApiError saying so.
import type { FaultInjector } from '../faults';
import { VideoGenError } from '../errors';
import type { Method, RouteDef } from '../router';
import { fileRoutes } from './files';
import { mediaRoutes } from './media-routes';
import { resourceRoutes } from './resources';
import type { VideoGenService } from './service';
import { toolRoutes } from './tools/routes';
import { uploadRoutes } from './uploads';
import { webhookRoutes } from './webhooks';

const NOT_IMPLEMENTED: Array<[Method, string]> = [
  ...[
    'script-to-video', 'add-visuals-narrations-and-captions-to-script', 'voiceover-to-video', 'add-visuals-and-captions-to-voiceover',
    'slideshow-to-video', 'add-narration-transitions-and-captions-to-slideshow', 'storyboard-to-video', 'generate-scenes-from-storyboard',
  ].map((w): [Method, string] => ['POST', `/v1/workflows/${w}`]),
  ['GET', '/v1/workflows/runs'],
  ['GET', '/v1/workflows/runs/{workflowRunId}'],
  ['POST', '/v1/workflows/runs/{workflowRunId}/cancel'],
  ['GET', '/v1/projects'],
  ['GET', '/v1/projects/{projectId}'],
  ['POST', '/v1/projects/{projectId}/export'],
  ['GET', '/v1/projects/{projectId}/exports/{exportId}'],
  ['POST', '/v1/projects/{projectId}/remix'],
  ['GET', '/v1/projects/{projectId}/remix-actions'],
  ['GET', '/v1/entities'],
  ['POST', '/v1/entities'],
  ['GET', '/v1/entities/{entityId}'],
  ['POST', '/v1/entities/{entityId}/update'],
  ['POST', '/v1/entities/{entityId}/archive'],
  ['POST', '/v1/entities/{entityId}/references'],
  ['POST', '/v1/entities/{entityId}/references/remove'],
  ['POST', '/v1/text/generate'],
];

export function videogenRoutes(vg: VideoGenService, faults: FaultInjector): RouteDef[] {
  return [
    ...uploadRoutes(vg, faults),
    ...fileRoutes(vg),
    ...toolRoutes(vg),
    ...resourceRoutes(vg),
    ...webhookRoutes(vg),
    ...mediaRoutes(vg),
    ...NOT_IMPLEMENTED.map(
      ([method, template]): RouteDef => ({
        method,
        template,
        family: 'videogen',
        handler: () => {
          throw new VideoGenError(501, `${method} ${template} is part of the VideoGen API but outside what the sandbox simulates (Atelier does not use workflows, projects, entities or text generation).`);
        },
      }),
    ),
  ];
}
