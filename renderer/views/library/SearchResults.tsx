import { memo, useMemo } from 'react';
import type { SearchHit } from '../../../main/contract';
import { Icon } from '../../components/Icon';
import { SEARCH_THUMB_PAUSE_MS, ThumbHoldContext, useQuietFor } from '../../components/Media';
import { mergeHits, useSearch } from '../../state/search';
import { useStatus } from '../../state/status';
import { ItemCollection } from './Grid';
import { arraySource } from './interactions';

/** One source's hits in a virtualized collection (only what is on screen is rendered). */
const Group = memo(function Group({ title, hits, listId, note, mode }: { title: string; hits: SearchHit[]; listId: string; note?: string; mode: 'grid' | 'list' }) {
  const src = useMemo(() => arraySource(hits.map((h) => h.item)), [hits]);
  return (
    <section className={`search-group search-group-${listId}${hits.length ? ' has-hits' : ''}`} aria-label={title} data-source={listId}>
      <header className="search-group-head">
        <h2>{title}</h2>
        <span className="muted">{hits.length ? hits.length : ''}</span>
        {note ? <span className="muted small">{note}</span> : null}
      </header>
      {hits.length ? (
        <ItemCollection src={src} mode={mode} listId={listId} label={title} pages={hits} />
      ) : null}
    </section>
  );
});

export function SearchResults({ mode }: { mode: 'grid' | 'list' }) {
  const query = useSearch((s) => s.query.trim());
  const local = useSearch((s) => s.local);
  const localFor = useSearch((s) => s.localFor);
  const semantic = useSearch((s) => s.semantic);
  const semanticFor = useSearch((s) => s.semanticFor);
  const semanticState = useSearch((s) => s.semanticState);
  const online = useStatus((s) => s.online);
  const merged = useMemo(() => mergeHits(local, semantic), [local, semantic]);
  const paused = useQuietFor(query, SEARCH_THUMB_PAUSE_MS);
  const localReady = localFor === query;
  const semanticNote =
    !online || semanticState === 'offline'
      ? 'Offline — search by meaning returns when you are back online'
      : semanticState === 'loading' || semanticFor !== query
        ? 'Searching…'
        : semanticState === 'error'
          ? 'Search by meaning is unavailable right now'
          : merged.semantic.length === 0
            ? 'Nothing more by meaning'
            : undefined;
  const nothing = localReady && merged.local.length === 0 && semanticFor === query && merged.semantic.length === 0 && semanticState !== 'loading';
  return (
    <ThumbHoldContext.Provider value={!paused}>
      <div className="search-results" data-query={localReady ? query : undefined} aria-busy={!localReady}>
        <Group title="In your library" hits={merged.local} listId="search-local" mode={mode} note={localReady && !merged.local.length ? 'No matches in names, descriptions or transcripts' : undefined} />
        <Group title="By meaning" hits={semanticFor === query ? merged.semantic : []} listId="search-semantic" mode={mode} note={semanticNote} />
        {nothing ? (
          <div className="empty small-empty">
            <Icon name="search" size={20} />
            <p>No results for “{query}”.</p>
          </div>
        ) : null}
      </div>
    </ThumbHoldContext.Provider>
  );
}
