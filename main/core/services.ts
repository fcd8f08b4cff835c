/**
 * Everything the command handlers are built from: the store, the API clients, the workers
 * and a few core-level helpers. Assembled once by createCore; handlers receive it whole.
 */
import type { Clock } from '../kernel/clock';
import type { RateBudget } from '../api/rate-budget';
import type { SyncClient } from '../api/sync';
import type { VideoGenClient } from '../api/videogen';
import type { Store } from '../store';
import type { Connectivity } from '../workers/connectivity';
import type { ExecutionWorker } from '../workers/executions';
import type { LibrarySync } from '../workers/library-sync';
import type { MediaCache } from '../workers/media-cache';
import type { Poller } from '../workers/poller';
import type { UploadWorker } from '../workers/uploads';
import type { KeyRing } from './keys';
import type { CoreOptions } from './types';
import type { EventBus } from '../kernel/events';

export interface Services {
  options: Readonly<CoreOptions>;
  dataDir: string;
  clock: Clock;
  fetch: typeof fetch;
  store: Store;
  events: EventBus;
  budget: RateBudget;
  connectivity: Connectivity;
  keys: KeyRing;
  videogen: VideoGenClient;
  sync: SyncClient;
  uploads: UploadWorker;
  executions: ExecutionWorker;
  poller: Poller;
  librarySync: LibrarySync;
  media: MediaCache;
}
