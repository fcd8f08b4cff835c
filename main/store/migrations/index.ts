/**
 * Every schema version, in order. Add a migration as a new file `NNN-name.ts` and append it
 * here; never edit one that has shipped.
 */
import { initial } from './001-initial';
import { seenIndex } from './002-seen-index';
import { uploadFailedIn } from './003-upload-failed-in';
import { uploadBatches } from './004-upload-batches';
import { projects } from './005-projects';
import { organize } from './006-organize';
import { promptPins } from './007-prompt-pins';
import { executionCost } from './008-execution-cost';
import { temporaryUploads } from './009-temporary-uploads';
import { uploadQueueOrder } from './010-upload-queue-order';
import { addedOrder } from './011-added-order';
import type { Migration } from './types';

export const MIGRATIONS: readonly Migration[] = [initial, seenIndex, uploadFailedIn, uploadBatches, projects, organize, promptPins, executionCost, temporaryUploads, uploadQueueOrder, addedOrder];
