/** What a send lane needs from one provider (VideoGen tools, Sync lip-sync). */
import type { ExecutionView, Provider } from '../../contract';

export interface Accepted {
  remoteId: string;
  remoteStatus: string | null;
}

export type ReconcileResult = { kind: 'found'; remoteId: string; remoteStatus: string | null } | { kind: 'absent' };

export interface LaneOps {
  provider: Provider;
  /** "VideoGen" / "Sync", for messages. */
  svc: string;
  /** Budget key of the create call, checked before a request leaves. */
  rateKey: string;
  /**
   * Safe preparation that may be redone after a crash (e.g. Sync asset uploads), returning the
   * one unsafe call that starts paid work.
   */
  prepare(view: ExecutionView, signal: AbortSignal): Promise<() => Promise<Accepted>>;
  /** Where did an `unknown` create go? Throws when the provider can't be asked right now. */
  reconcile(view: ExecutionView, signal: AbortSignal): Promise<ReconcileResult>;
  /** The execution no longer needs what `prepare` noted for reconciliation (accepted, found or failed). */
  settled?(id: string): void;
}
