// Every VideoGen route the sandbox answers: every path of the spec, plus the media and project
// pages behind the URLs it hands out.
import type { FaultInjector } from '../faults';
import type { RouteDef } from '../router';
import { entityRoutes } from './entities';
import { fileRoutes } from './files';
import { mediaRoutes } from './media-routes';
import { resourceRoutes } from './resources';
import type { VideoGenService } from './service';
import { studioRoutes } from './studio/routes';
import { textRoutes } from './text';
import { toolRoutes } from './tools/routes';
import { uploadRoutes } from './uploads';
import { webhookRoutes } from './webhooks';

export function videogenRoutes(vg: VideoGenService, faults: FaultInjector): RouteDef[] {
  return [
    ...uploadRoutes(vg, faults),
    ...fileRoutes(vg),
    ...toolRoutes(vg),
    ...resourceRoutes(vg),
    ...webhookRoutes(vg),
    ...mediaRoutes(vg),
    ...studioRoutes(vg),
    ...entityRoutes(vg),
    ...textRoutes(vg),
  ];
}
