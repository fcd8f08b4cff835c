/** VideoGen's cursor pages (README A2): `{ hasMore, nextCursor }`, `nextCursor` null on the last page. */
export interface CursorPage {
  hasMore: boolean;
  nextCursor: string | null;
}

/** Every item of a cursor-paged list, reading at most `maxPages` pages. */
export async function readAllPages<P extends CursorPage, T>(
  fetchPage: (cursor: string | null) => Promise<P>,
  itemsOf: (page: P) => readonly T[],
  maxPages = 50,
): Promise<T[]> {
  const all: T[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < maxPages; page++) {
    const res = await fetchPage(cursor);
    all.push(...itemsOf(res));
    if (!res.hasMore || !res.nextCursor) break;
    cursor = res.nextCursor;
  }
  return all;
}
