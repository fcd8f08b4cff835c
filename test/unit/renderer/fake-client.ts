/** A scriptable Client for renderer tests: handlers per command, events emitted by hand. */
import type { CommandInput, CommandName, CommandOutput, EventName, EventPayload } from '../../../main/contract';
import type { Client, LinkState } from '../../../renderer/transport/client';
import { AtelierError } from '../../../renderer/transport/types';

type Handler<C extends CommandName> = (input: CommandInput<C>) => CommandOutput<C> | Promise<CommandOutput<C>>;

export interface FakeClient extends Client {
  calls: Array<{ cmd: CommandName; input: unknown }>;
  handle<C extends CommandName>(cmd: C, h: Handler<C>): void;
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void;
  setLink(s: LinkState): void;
  callsOf(cmd: CommandName): unknown[];
}

export function fakeClient(kind: 'web' | 'electron' = 'web'): FakeClient {
  const handlers = new Map<string, (input: unknown) => unknown>();
  const listeners = new Map<string, Set<(p: unknown) => void>>();
  const linkListeners = new Set<(s: LinkState) => void>();
  let link: LinkState = 'open';
  const calls: Array<{ cmd: CommandName; input: unknown }> = [];
  const c: FakeClient = {
    kind,
    calls,
    async invoke(cmd, input) {
      calls.push({ cmd, input });
      const h = handlers.get(cmd);
      if (!h) throw new AtelierError('not_implemented_in_fake', `no fake handler for ${cmd}`);
      return (await h(input)) as never;
    },
    subscribe(event, listener) {
      let s = listeners.get(event);
      if (!s) listeners.set(event, (s = new Set()));
      s.add(listener as (p: unknown) => void);
      return () => s.delete(listener as (p: unknown) => void);
    },
    onLinkState(l) {
      linkListeners.add(l);
      return () => linkListeners.delete(l);
    },
    linkState: () => link,
    pathForFile: () => null,
    startDrag: () => false,
    handle(cmd, h) {
      handlers.set(cmd, h as (input: unknown) => unknown);
    },
    emit(event, payload) {
      for (const l of listeners.get(event) ?? []) l(payload);
    },
    setLink(s) {
      link = s;
      for (const l of linkListeners) l(s);
    },
    callsOf(cmd) {
      return calls.filter((x) => x.cmd === cmd).map((x) => x.input);
    },
  };
  return c;
}

/** Let pending promise callbacks run. */
export async function flush(times = 5): Promise<void> {
  for (let i = 0; i < times; i++) await new Promise((r) => setTimeout(r, 0));
}
