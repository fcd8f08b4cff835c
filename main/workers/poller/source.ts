/**
 * A kind of work the one poller looks after. Executions and Sync generations are built in;
 * other workers add their own (e.g. uploaded files waiting for processing) with
 * `poller.addSource(source)`, so every check on work in flight goes through one scheduler.
 */
export interface PollSource {
  readonly name: string;
  /** Epoch ms this source next wants to run; `Infinity` when it has nothing in flight. */
  nextRunAt(now: number): number;
  /** Check whatever is due. Errors are logged by the poller and retried at the next due time. */
  run(now: number, signal: AbortSignal): Promise<void>;
  /** Look at this item soon (e.g. after a cancel request). True if the item is this source's. */
  checkSoon?(id: string): boolean;
}
