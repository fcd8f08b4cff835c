/**
 * What the execution worker and the poller are built from. Narrow on purpose: tests and the
 * child-process helper wire exactly these, and nothing here knows about hosts.
 */
import type { Clock } from '../../kernel/clock';
import type { RateBudget } from '../../api/rate-budget';
import type { SyncClient } from '../../api/sync';
import type { VideoGenClient } from '../../api/videogen';
import type { EventBus } from '../../kernel/events';
import type { KeyGate } from '../../kernel/key-gate';
import type { Store } from '../../store';
import type { Connectivity } from '../connectivity';

export interface WorkerDeps {
  store: Store;
  videogen: VideoGenClient;
  sync: SyncClient;
  connectivity: Pick<Connectivity, 'online' | 'waitOnline'>;
  events: Pick<EventBus, 'emit'>;
  clock: Clock;
  budget: Pick<RateBudget, 'check' | 'snapshot'>;
  /** While a provider's key is rejected its lane sends nothing; queued work says it is paused. */
  keyGate?: KeyGate;
}
