/**
 * The app's event bus: typed by the contract's `events`, synchronous, and failure-isolated
 * (a listener that throws is logged and the others still run). Workers emit on it; the
 * hosts forward every event to the renderer.
 */
import type { EventName, EventPayload } from '../contract';
import { redactSecrets } from './redact';

export interface EventBus {
  on<E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void): () => void;
  /** Every event, for transports that forward all of them. */
  onAny(listener: (name: EventName, payload: unknown) => void): () => void;
  emit<E extends EventName>(name: E, payload: EventPayload<E>): void;
}

type AnyListener = (name: EventName, payload: unknown) => void;

export interface EventBusOptions {
  /** Where a failing listener is reported (default: stderr, secrets masked). */
  onListenerError?: (name: EventName, err: unknown) => void;
}

export function createEventBus(options: EventBusOptions = {}): EventBus {
  const byName = new Map<EventName, Set<(payload: unknown) => void>>();
  const any = new Set<AnyListener>();
  const report =
    options.onListenerError ??
    ((name: EventName, err: unknown) => {
      const text = err instanceof Error ? (err.stack ?? err.message) : String(err);
      console.error(`[atelier] a listener for "${name}" failed: ${redactSecrets(text)}`);
    });

  function safely(name: EventName, call: () => void): void {
    try {
      call();
    } catch (err) {
      report(name, err);
    }
  }

  return {
    on<E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void): () => void {
      let set = byName.get(name);
      if (!set) byName.set(name, (set = new Set()));
      // Wrap so the same function subscribed twice gets two independent subscriptions.
      const entry = (payload: unknown) => listener(payload as EventPayload<E>);
      set.add(entry);
      return () => {
        set.delete(entry);
      };
    },
    onAny(listener: AnyListener): () => void {
      const entry: AnyListener = (n, p) => listener(n, p);
      any.add(entry);
      return () => {
        any.delete(entry);
      };
    },
    emit<E extends EventName>(name: E, payload: EventPayload<E>): void {
      // Snapshot: listeners added or removed while emitting take effect from the next emit.
      for (const l of [...(byName.get(name) ?? [])]) safely(name, () => l(payload));
      for (const l of [...any]) safely(name, () => l(name, payload));
    },
  };
}
