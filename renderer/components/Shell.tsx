import { useEffect, useRef, type ReactNode } from 'react';
import { Icon, type IconName } from './Icon';
import { showView, useUi, VIEWS, type ViewName, focusSearch } from '../state/ui';
import { useUploads } from '../state/uploads';
import { uploadDigest } from '../state/upload-digest';
import { useExecutions, ACTIVE_EXECUTION_STATES } from '../state/executions';
import { MOD_KEY, MOD_LABEL } from '../lib/platform';
import { useSearch, setQuery } from '../state/search';
import { AddFilesButton } from './AddFiles';
import { ShortcutsButton } from './Shortcuts';
import { CollectionsSection } from './Collections';

const NAV: Array<{ view: ViewName; label: string; icon: IconName }> = [
  { view: 'library', label: 'Library', icon: 'library' },
  { view: 'generate', label: 'Generate', icon: 'generate' },
  { view: 'projects', label: 'Projects', icon: 'video' },
  { view: 'entities', label: 'Actors & styles', icon: 'avatar' },
  { view: 'activity', label: 'Activity', icon: 'activity' },
  { view: 'settings', label: 'Settings', icon: 'settings' },
];

function useActiveCount(): number {
  const uploads = useUploads(() => uploadDigest().active);
  const execs = useExecutions((s) => {
    let n = 0;
    for (const id of s.order) if (ACTIVE_EXECUTION_STATES.has(s.byId.get(id)!.status)) n++;
    return n;
  });
  return uploads + execs;
}

export function Sidebar() {
  const view = useUi((s) => s.view);
  const active = useActiveCount();
  return (
    <nav className="sidebar" aria-label="Main">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true" />
        <span className="brand-name">Atelier</span>
      </div>
      <ul className="nav-list">
        {NAV.map((n) => {
          const i = VIEWS.indexOf(n.view);
          return (
          <li key={n.view} className="nav-entry">
            <a
              href={`#/${n.view}`}
              className={`nav-item${view === n.view ? ' is-active' : ''}`}
              aria-current={view === n.view ? 'page' : undefined}
              aria-keyshortcuts={`${MOD_KEY}+${i + 1}`}
              onClick={(e) => {
                e.preventDefault();
                showView(n.view);
              }}
              title={`${n.label} (${MOD_LABEL}${i + 1})`}
            >
              <Icon name={n.icon} />
              <span className="nav-label">{n.label}</span>
            </a>
            {/* Beside the link, not in it: the link's name stays exactly what it shows. */}
            {n.view === 'activity' && active > 0 ? (
              <span className="nav-badge">
                {active.toLocaleString('en-US')}
                <span className="visually-hidden"> in progress</span>
              </span>
            ) : (
              <kbd className="nav-kbd" aria-hidden="true">
                {MOD_LABEL}
                {i + 1}
              </kbd>
            )}
          </li>
          );
        })}
      </ul>
      <CollectionsSection />
      <ShortcutsButton />
    </nav>
  );
}

export function SearchBox() {
  const query = useSearch((s) => s.query);
  const focusToken = useUi((s) => s.searchFocus);
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (focusToken > 0) {
      ref.current?.focus();
      ref.current?.select();
    }
  }, [focusToken]);
  return (
    <div className="searchbox">
      <Icon name="search" className="searchbox-icon" />
      <input
        ref={ref}
        type="search"
        aria-label="Search library"
        aria-keyshortcuts={`${MOD_KEY}+K`}
        placeholder="Search library"
        value={query}
        spellCheck={false}
        autoComplete="off"
        onChange={(e) => {
          setQuery(e.target.value);
          if (useUi.getState().view !== 'library') showView('library');
        }}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            if (query) {
              e.preventDefault();
              e.stopPropagation();
              setQuery('');
            } else ref.current?.blur();
          }
        }}
      />
      {query ? (
        <button type="button" className="searchbox-clear" aria-label="Clear search" onClick={() => setQuery('')}>
          <Icon name="close" size={14} />
        </button>
      ) : (
        <kbd className="searchbox-kbd" aria-hidden="true" onClick={focusSearch}>
          {MOD_LABEL}K
        </kbd>
      )}
    </div>
  );
}

export function TopBar({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <header className="topbar">
      <h1 className="topbar-title">{title}</h1>
      <SearchBox />
      <div className="topbar-actions">
        {children}
        <button type="button" className="btn btn-ghost" onClick={() => showView('video')}>
          <Icon name="plus" />
          New video
        </button>
        <AddFilesButton />
      </div>
    </header>
  );
}
