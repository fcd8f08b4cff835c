import { AppError } from '../../kernel/errors';
import type { Services } from '../services';
import type { Handlers } from '../types';

export function uploadHandlers(s: Services) {
  const exists = (uploadId: string) => {
    if (!s.store.uploads.get(uploadId)) {
      throw new AppError({ kind: 'not_found', code: 'no_such_upload', message: 'That upload is no longer in the list.' });
    }
  };
  return {
    'uploads.add': async ({ paths, batchId, temporary }) => {
      const { uploadIds, rejected } = await s.uploads.add(paths, batchId, temporary);
      return { uploadIds, rejected: rejected.map((r) => ({ path: r.path, reason: r.reason })) };
    },
    'uploads.reserve': ({ batchId, files, temporary }) => s.uploads.reserve(batchId, files, temporary),
    'uploads.notSent': ({ uploadId, reason }) => {
      exists(uploadId);
      s.uploads.notSent(uploadId, reason);
    },
    'uploads.list': ({ ids }) => (ids ? s.store.uploads.listByIds(ids) : s.store.uploads.list()),
    'uploads.cancel': ({ uploadId }) => {
      exists(uploadId);
      s.uploads.cancel(uploadId);
    },
    'uploads.retry': ({ uploadId }) => {
      exists(uploadId);
      s.uploads.retry(uploadId);
    },
    'uploads.move': ({ uploadId, to }) => {
      exists(uploadId);
      return { moved: s.uploads.move(uploadId, to) };
    },
    'uploads.clearFinished': () => {
      s.store.uploads.clearFinished();
    },
  } satisfies Partial<Handlers>;
}
