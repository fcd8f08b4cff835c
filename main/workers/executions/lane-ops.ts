/** What a send lane needs from one provider (VideoGen tools, Sync lip-sync). */
import type { ExecutionView, Provider } from '../../contract';

export interface Accepted {
  remoteId: string;
  remoteStatus: string | null;
}

export type ReconcileResult =
  | { kind: 'found'; remoteId: string; remoteStatus: string | null }
  | { kind: 'absent' }
  /** No list can ever show where it went: it fails with "may not have been sent" instead of being resent. */
  | { kind: 'unknowable' };

export interface LaneOps {
  provider: Provider;
  /** Which rows this lane sends (default: every row of `provider`). */
  owns?(view: ExecutionView): boolean;
  /** "VideoGen" / "Sync", for messages. */
  svc: string;
  /** Budget key of the create call, checked before a request leaves. */
  rateKey: string;
  /** When creates of this lane go to different endpoints: the budget key of this one's. */
  rateKeyOf?(view: ExecutionView): string;
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
