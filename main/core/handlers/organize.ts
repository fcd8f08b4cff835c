/**
 * Ratings, tags and collections: this computer's own marks on library files (store/organize.ts).
 * They need no network and no key, so they work offline like browsing does.
 */
import { AppError } from '../../kernel/errors';
import { isStoreError } from '../../store/errors';
import type { Services } from '../services';
import type { Handlers } from '../types';

/** The store's "no such collection" or "not allowed" as the words the person sees. */
function local<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (isStoreError(err, 'not_found')) throw new AppError({ kind: 'not_found', code: 'no_such_collection', message: err.message });
    if (isStoreError(err, 'invalid_value')) throw new AppError({ kind: 'invalid', code: 'invalid_parameters', message: err.message });
    throw err;
  }
}

export function organizeHandlers(s: Services) {
  const o = s.store.organize;
  return {
    'organize.rate': ({ fileIds, rating }) => ({ changed: o.rate(fileIds, rating) }),
    'organize.tag': ({ fileIds, add, remove }) => local(() => ({ changed: o.tag(fileIds, add, remove) })),
    'organize.tags': ({ prefix, limit }) => o.tags(prefix, limit),
    'prompts.history': ({ tool, query, limit }) => s.store.prompts.history(tool, query, limit),
    'prompts.pin': ({ tool, prompt, pinned }) => s.store.prompts.pin(tool, prompt, pinned),
    'collections.list': () => o.collections(),
    'collections.create': ({ name, smart }) => o.createCollection(name, smart ?? null),
    'collections.rename': ({ id, name }) => local(() => o.renameCollection(id, name)),
    'collections.delete': ({ id }) => local(() => o.deleteCollection(id)),
    'collections.add': ({ id, fileIds }) => local(() => ({ added: o.addToCollection(id, fileIds) })),
    'collections.remove': ({ id, fileIds }) => local(() => o.removeFromCollection(id, fileIds)),
  } satisfies Partial<Handlers>;
}
