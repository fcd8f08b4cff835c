import { Icon } from '../components/Icon';
import { AddFilesButton } from '../components/AddFiles';
import { TopBar } from '../components/Shell';
import { SyncNow } from './library/SyncNow';
import { reloadLibrary, setSort, useLibrary, clearFilter } from '../state/library';
import { useSearch } from '../state/search';
import { useSettings } from '../state/settings';
import { LibraryCollection } from './library/Grid';
import { Inspector } from './library/Inspector';
import { SearchResults } from './library/SearchResults';
import { LibraryToolbar } from './library/Toolbar';
import type { LibrarySort } from '../../main/contract';

/**
 * The list's column titles (a listbox has no column headers: each row's name says its values).
 * The sortable ones are buttons that say how the list is sorted now.
 */
function ListHeader() {
  const sort = useLibrary((s) => s.sort);
  const col = (label: string, field: LibrarySort['field'] | null, cls = 'lrow-col') => (
    <span className={cls}>
      {field ? (
        <button
          type="button"
          className="colhead-btn"
          onClick={() => setSort({ field, dir: sort.field === field && sort.dir === 'desc' ? 'asc' : 'desc' })}
        >
          {label}
          {sort.field === field ? (
            <>
              <Icon name="chevronDown" size={12} className={sort.dir === 'asc' ? 'flip-y' : undefined} />
              <span className="visually-hidden">, sorted {sort.dir === 'asc' ? 'ascending' : 'descending'}</span>
            </>
          ) : null}
        </button>
      ) : (
        label
      )}
    </span>
  );
  return (
    <div className="lrow lrow-head" role="group" aria-label="Columns">
      <span className="lrow-thumb" />
      {col('Name', 'name', 'lrow-name')}
      {col('Type', null)}
      {col('Duration', 'duration', 'lrow-col num')}
      {col('Size', 'size', 'lrow-col num')}
      {col('Made by', null, 'lrow-col lrow-extra')}
      {col('Dimensions', null, 'lrow-col num lrow-extra')}
      {col('Added', 'created', 'lrow-col lrow-extra')}
    </div>
  );
}

function EmptyLibrary() {
  const filtered = useLibrary((s) => Object.keys(s.filter).length > 0);
  if (filtered) {
    return (
      <div className="empty">
        <Icon name="filter" size={28} />
        <h2>No files match these filters</h2>
        <button type="button" className="btn" onClick={clearFilter}>
          Clear filters
        </button>
      </div>
    );
  }
  return (
    <div className="empty empty-drop">
      <div className="empty-art" aria-hidden="true">
        <Icon name="upload" size={28} />
      </div>
      <h2>Drop files here or Add files…</h2>
      <p className="muted">Images, videos and audio — whole folders too. They upload in the background and keep going after a restart.</p>
      <AddFilesButton />
    </div>
  );
}

function LibraryBody({ mode }: { mode: 'grid' | 'list' }) {
  const total = useLibrary((s) => s.total);
  const firstLoaded = useLibrary((s) => s.firstLoaded);
  const error = useLibrary((s) => s.error);
  if (error && total == null) {
    return (
      <div className="empty" role="alert">
        <Icon name="warning" size={28} />
        <h2>The library could not be loaded</h2>
        <p className="muted">
          {error.message} <code>{error.code}</code>
        </p>
        <button type="button" className="btn" onClick={reloadLibrary}>
          Try again
        </button>
      </div>
    );
  }
  if (total == null || !firstLoaded) {
    return (
      <div className={`collection collection-${mode} skeleton-grid`} aria-busy="true" aria-label="Loading library">
        {Array.from({ length: mode === 'list' ? 14 : 12 }, (_, i) =>
          mode === 'list' ? (
            <div key={i} className="lrow lrow-skeleton static">
              <span className="lrow-thumb skeleton" />
              <span className="skeleton skeleton-line" />
            </div>
          ) : (
            <div key={i} className="cell cell-skeleton static">
              <div className="cell-thumb skeleton" />
              <div className="cell-caption">
                <span className="skeleton skeleton-line" />
                <span className="skeleton skeleton-line short" />
              </div>
            </div>
          ),
        )}
      </div>
    );
  }
  if (total === 0) return <EmptyLibrary />;
  return (
    <>
      {mode === 'list' ? <ListHeader /> : null}
      <LibraryCollection mode={mode} />
    </>
  );
}

export function LibraryView() {
  const mode = useSettings((s) => s.settings?.libraryView ?? 'grid');
  const searching = useSearch((s) => s.query.trim().length > 0);
  return (
    <div className="view view-library">
      <TopBar title="Library">
        <SyncNow />
      </TopBar>
      <div className="library-layout">
        <div className="library-main">
          {searching ? null : <LibraryToolbar />}
          <div className="library-content">
            {/* The grid stays mounted (hidden) while searching: the first keystroke and coming back
                from a search cost no rebuild, and the scroll position is kept. */}
            <div className={`library-body${searching ? ' is-covered' : ''}`} inert={searching}>
              <LibraryBody mode={mode} />
            </div>
            {searching ? <SearchResults mode={mode} /> : null}
          </div>
        </div>
        <Inspector />
      </div>
    </div>
  );
}
