/**
 * Which remote execution, if any, an `unknown` VideoGen create became. Pure.
 *
 * The problem: a `POST /v1/tools/<name>` failed after it may have reached the server (timeout,
 * reset, 5xx, unreadable answer), so we don't know its `toolExecutionId`. The executions list
 * is the only witness, and it echoes neither the request body nor a creation time: each item is
 * `{toolExecutionId, toolType, status, …}`, newest *created* first (A9).
 *
 * The rule (positional, because the list has no timestamps):
 * 1. The send lane is serial and reconciles an unknown before sending anything else, so at most
 *    one unknown create per provider is unresolved at a time, and no later create of ours exists
 *    until it is resolved.
 * 2. Its *anchor* is the remote id of the newest local execution that was confirmed before it
 *    was sent. Anything the server created from our request sits above the anchor in the list.
 * 3. Above the anchor, an *orphan* is an execution no local row knows. The orphan with the same
 *    `toolType`, closest to the anchor (the oldest one above it), is ours.
 * 4. The window is *covered* when the list has been read down to the anchor (or to its end).
 *    Covered, settled and still no orphan → the request didn't create anything.
 *
 * Limits, honestly: another client using the same key's user (`selfOnly: true` narrows the list
 * to that) that starts the same tool between our send and the list can be mistaken for ours —
 * the closest-to-anchor choice makes that unlikely but not impossible. A request the server
 * only acts on after we have given up (longer than the settle time) is not adopted. Before the
 * first confirmed execution there is no anchor: just before that first send, the newest listed
 * execution is noted as a *baseline* and stands in for the anchor (kept in the store, so it
 * survives a crash mid-send). Only a row without either (written by an older version) falls back
 * to the newest orphan of its tool.
 */

export interface RemoteListItem {
  toolExecutionId: string;
  toolType: string;
}

export interface MatchInput {
  /** The list as read so far, newest first (pages concatenated). */
  items: RemoteListItem[];
  /** True once the last page (`hasMore: false`) has been read. */
  complete: boolean;
  /** The toolType the unknown request would have created. */
  toolType: string;
  /** Remote id the window starts above; null = no anchor (the whole list is the window). */
  anchorRemoteId: string | null;
  /** Remote ids some local row already owns. */
  isKnown: (remoteId: string) => boolean;
  /**
   * No anchor, but the list was known to be empty before the send (a baseline): every listed
   * execution is newer than the send, so the oldest orphan is the closest. Default: newest.
   */
  oldestFirst?: boolean;
}

export type MatchResult =
  | { kind: 'found'; remoteId: string }
  /** The window is fully read and holds no orphan of this tool. */
  | { kind: 'absent' }
  /** Read further (more pages) before deciding. */
  | { kind: 'need_more' };

export function matchUnknownCreate(input: MatchInput): MatchResult {
  const { items, toolType, anchorRemoteId, isKnown } = input;
  const orphan = (i: RemoteListItem) => i.toolType === toolType && !isKnown(i.toolExecutionId);
  if (anchorRemoteId === null && input.oldestFirst) {
    if (!input.complete) return { kind: 'need_more' };
    const oldest = [...items].reverse().find(orphan);
    return oldest ? { kind: 'found', remoteId: oldest.toolExecutionId } : { kind: 'absent' };
  }
  if (anchorRemoteId === null) {
    // No anchor: our request is the most recent thing we did, so the newest orphan is the best guess.
    const newest = items.find(orphan);
    if (newest) return { kind: 'found', remoteId: newest.toolExecutionId };
    return input.complete ? { kind: 'absent' } : { kind: 'need_more' };
  }
  const at = items.findIndex((i) => i.toolExecutionId === anchorRemoteId);
  if (at < 0 && !input.complete) return { kind: 'need_more' };
  const end = at < 0 ? items.length : at;
  // Oldest first inside the window: the orphan closest to the anchor.
  for (let i = end - 1; i >= 0; i--) {
    const item = items[i]!;
    if (orphan(item)) return { kind: 'found', remoteId: item.toolExecutionId };
  }
  return { kind: 'absent' };
}
