import { create } from 'zustand';
import type { ExecutionView } from '../../main/contract';
import { api } from '../transport/client';
import { coalesce } from '../lib/throttle';

interface ExecutionsState {
  byId: Record<string, ExecutionView>;
  /** Newest first. */
  order: string[];
  loaded: boolean;
}

export const useExecutions = create<ExecutionsState>(() => ({ byId: {}, order: [], loaded: false }));

export const ACTIVE_EXECUTION_STATES: ReadonlySet<ExecutionView['status']> = new Set([
  'queued',
  'submitting',
  'unknown',
  'pending',
  'running',
]);

function sortOrder(byId: Record<string, ExecutionView>): string[] {
  return Object.values(byId)
    .sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? 1 : -1))
    .map((e) => e.id);
}

export function setExecutions(list: ExecutionView[]): void {
  const byId: Record<string, ExecutionView> = {};
  for (const e of list) byId[e.id] = e;
  useExecutions.setState({ byId, order: sortOrder(byId), loaded: true });
}

export async function loadExecutions(): Promise<void> {
  setExecutions(await api().invoke('executions.list', { limit: 200 }));
}

export const refreshExecutions = coalesce(() => void loadExecutions().catch(() => {}), 250);

/** `execution.updated` carries the whole row: patch it in place (new rows go on top). */
export function applyExecution(e: ExecutionView): void {
  const s = useExecutions.getState();
  const known = e.id in s.byId;
  const byId = { ...s.byId, [e.id]: e };
  useExecutions.setState({ byId, order: known ? s.order : sortOrder(byId) });
}
