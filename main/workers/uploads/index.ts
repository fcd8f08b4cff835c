export { createUploadWorker, type UploadWorker, type UploadWorkerOptions } from './worker';
export type { IntakeResult } from './intake';
