/**
 * Errors raised by the local database layer. `code` is what callers branch on; `message`
 * is a sentence a person (or the engineer reading a log) can act on.
 */
export type StoreErrorCode =
  /** The database was written by a newer Atelier (its schema version is unknown here). */
  | 'schema_too_new'
  /** The file is not an Atelier library, or is damaged. */
  | 'not_a_library'
  /** A state change that the state machine forbids (e.g. a finished upload back to uploading). */
  | 'invalid_transition'
  /** The row the call refers to does not exist. */
  | 'not_found'
  /** A value that fails validation (e.g. a setting out of range). */
  | 'invalid_value'
  /** The store was used after `close()`. */
  | 'closed';

export class StoreError extends Error {
  override readonly name = 'StoreError';
  readonly code: StoreErrorCode;

  constructor(code: StoreErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

export function isStoreError(err: unknown, code?: StoreErrorCode): err is StoreError {
  return err instanceof StoreError && (code === undefined || err.code === code);
}
