/** The API layer: VideoGen v1 and Sync v2 clients, typed end to end. (The error type and the clock live in ../kernel.) */
export * from './rate-budget';
export { backoffDelay, serverWaitHint, DEFAULT_BACKOFF, type BackoffOptions } from './retry-policy';
export { createHttpClient, type CallOptions, type HttpClient, type Outcome, type Safety } from './http';
export type { ServiceProfile, ErrorBodyInfo } from './http-errors';
export { putBytes, type PutBytesOptions, type UploadBody } from './upload';
export * from './videogen-schemas';
export * from './videogen';
export * from './sync-schemas';
export * from './sync-multipart';
export * from './sync';
