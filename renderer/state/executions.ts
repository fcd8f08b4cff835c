import type { ExecutionView } from '../../main/contract';
import { api } from '../transport/client';
import { createRowList } from './row-list';

const executions = createRowList<ExecutionView>({
  id: (e) => e.id,
  createdAt: (e) => e.createdAt,
  fetch: () => api().invoke('executions.list', { limit: 200 }),
});

export const useExecutions = executions.useRows;

export const ACTIVE_EXECUTION_STATES: ReadonlySet<ExecutionView['status']> = new Set([
  'queued',
  'submitting',
  'unknown',
  'pending',
  'running',
]);

export const setExecutions = executions.set;
export const loadExecutions = executions.load;
export const refreshExecutions = executions.refresh;

/** `execution.updated` carries the whole row: patch it in place (new rows go on top). */
export const applyExecution = executions.put;
