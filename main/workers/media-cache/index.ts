export { createMediaCache, type MediaCache, type MediaCacheOptions } from './cache';
export type { PrefetchOptions } from './prefetch';
