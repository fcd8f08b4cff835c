/**
 * Every command's handler, grouped by domain. The `Handlers` type makes a missing or extra
 * command a compile error here.
 */
import type { Services } from '../services';
import type { Handlers } from '../types';
import { appHandlers } from './app';
import { executionHandlers } from './executions';
import { generationHandlers } from './generation';
import { libraryHandlers } from './library';
import { lipsyncHandlers } from './lipsync';
import { organizeHandlers } from './organize';
import { settingsHandlers } from './settings';
import { studioHandlers } from './studio';
import { uploadHandlers } from './uploads';
import { webhookHandlers } from './webhooks';

export function createHandlers(s: Services): Handlers {
  return {
    ...appHandlers(s),
    ...libraryHandlers(s),
    ...lipsyncHandlers(s),
    ...uploadHandlers(s),
    ...generationHandlers(s),
    ...executionHandlers(s),
    ...settingsHandlers(s),
    ...studioHandlers(s),
    ...organizeHandlers(s),
    ...webhookHandlers(s),
  };
}
