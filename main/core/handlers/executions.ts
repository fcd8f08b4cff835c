import { AppError } from '../../kernel/errors';
import type { ExecutionView } from '../../contract';
import type { Services } from '../services';
import type { Handlers } from '../types';

export function executionHandlers(s: Services) {
  const get = (id: string): ExecutionView => {
    const v = s.store.executions.get(id);
    if (!v) throw new AppError({ kind: 'not_found', code: 'no_such_execution', message: "That job isn't in the list any more." });
    return v;
  };
  return {
    'executions.list': ({ limit, activeOnly }) => s.store.executions.list({ limit, activeOnly }),
    'executions.get': ({ id }) => get(id),
    'executions.cancel': async ({ id }) => {
      get(id);
      await s.executions.cancel(id);
    },
    'executions.retry': ({ id }) => {
      get(id);
      return { executionId: s.executions.retry(id).id };
    },
  } satisfies Partial<Handlers>;
}
