/**
 * A queued execution can carry a note ("waiting for a free slot", "waiting for the connection")
 * in its `error` field, so the queue says why it waits — also after a restart.
 *
 * The store has no call for "stay queued, with this note"; it does allow the transitions
 * queued → submitting → unknown (with a message) → queued. Composed in one transaction they
 * are invisible (one commit, one change event) and leave exactly: status `queued`, the note,
 * and the next time to try. A later successful send clears the note (`setRemote`).
 */
import type { ExecutionView } from '../../contract';
import type { Store } from '../../store';

export interface Note {
  code: string;
  message: string;
}

export function requeueWithNote(store: Store, id: string, note: Note, at: number): ExecutionView {
  return store.transaction(() => {
    const current = store.executions.get(id);
    if (current?.status === 'queued') store.executions.markSubmitting(id);
    store.executions.setUnknown(id, note);
    return store.executions.requeue(id, at);
  });
}

/**
 * Same note, new time: bookkeeping only (no event), so a waiting queue doesn't flood the UI.
 * `changed`: the note was written (a change the UI must hear about).
 */
export function rescheduleQueued(store: Store, view: ExecutionView, note: Note, at: number): { view: ExecutionView; changed: boolean } {
  if (view.error?.code === note.code && view.error.message === note.message) {
    store.executions.setNextCheck(view.id, at);
    return { view: { ...view, nextCheckAt: at }, changed: false };
  }
  return { view: requeueWithNote(store, view.id, note, at), changed: true };
}
