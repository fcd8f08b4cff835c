import { useRef, useState } from 'react';
import type { FileOrigin, FileScope, FileType, LibraryFilter, LibrarySort } from '../../../main/contract';
import { Icon } from '../../components/Icon';
import { clearFilter, setFilter, setSort, useLibrary } from '../../state/library';
import { updateSettings, useSettings } from '../../state/settings';
import { toastError } from '../../state/ui';
import { saveSmartCollection, smartCollectionShows, useOrganize } from '../../state/organize';
import { useSearch } from '../../state/search';
import { TOOLS } from '../../generate/tools';
import { useToolbarKeys } from '../../lib/roving';

const TYPES: Array<{ value: FileType; label: string }> = [
  { value: 'IMAGE', label: 'Images' },
  { value: 'VIDEO', label: 'Videos' },
  { value: 'AUDIO', label: 'Audio' },
  { value: 'PDF', label: 'PDF' },
];

const ORIGINS: Array<{ value: FileOrigin | ''; label: string }> = [
  { value: '', label: 'Any origin' },
  { value: 'uploaded', label: 'Uploaded' },
  { value: 'generated', label: 'Generated' },
  { value: 'lipsync', label: 'Lip-sync' },
];

const SCOPES: Array<{ value: FileScope | ''; label: string }> = [
  { value: '', label: 'Any scope' },
  { value: 'GLOBAL', label: 'Kept (global)' },
  { value: 'TEMPORARY', label: 'Temporary' },
  { value: 'PROJECT', label: 'Project' },
  { value: 'EXPORT', label: 'Export' },
  { value: 'ENTITY', label: 'Entity' },
];

const DAY = 86_400_000;
const DATES: Array<{ value: string; label: string; days: number | null }> = [
  { value: '', label: 'Any time', days: null },
  { value: '1', label: 'Last 24 hours', days: 1 },
  { value: '7', label: 'Last 7 days', days: 7 },
  { value: '30', label: 'Last 30 days', days: 30 },
  { value: '365', label: 'Last year', days: 365 },
];

const SORTS: Array<{ value: LibrarySort['field']; label: string }> = [
  { value: 'created', label: 'Date added' },
  { value: 'updated', label: 'Last updated' },
  { value: 'name', label: 'Name' },
  { value: 'size', label: 'Size' },
  { value: 'duration', label: 'Duration' },
];

/** Which "date" preset a filter corresponds to (derived, not stored). */
function datePreset(f: LibraryFilter): string {
  if (f.createdFrom == null) return '';
  const days = Math.round((Date.now() - f.createdFrom) / DAY);
  const hit = DATES.find((d) => d.days != null && Math.abs(d.days - days) <= 1);
  return hit?.value ?? '';
}

export function LibraryToolbar() {
  const ref = useRef<HTMLDivElement>(null);
  const keys = useToolbarKeys(ref);
  const filter = useLibrary((s) => s.filter);
  const sort = useLibrary((s) => s.sort);
  const total = useLibrary((s) => s.total);
  const viewMode = useSettings((s) => s.settings?.libraryView ?? 'grid');
  const types = filter.types ?? [];
  const active = Object.keys(filter).length > 0;
  const tags = useOrganize((st) => st.tags);
  const collection = useOrganize((st) => st.collections.find((c) => c.id === filter.collectionId));
  const query = useSearch((st) => st.query.trim());
  // What a smart collection can keep: any filter but a collection, or a search.
  const chosenTag = filter.tags?.[0];
  const tagOptions = [
    { value: '', label: 'Any tag' },
    ...(chosenTag && !tags.some((t) => t.tag === chosenTag) ? [{ value: chosenTag, label: `Tag: ${chosenTag}` }] : []),
    ...tags.map((t) => ({ value: t.tag, label: `Tag: ${t.tag}` })),
  ];
  // …unless a smart collection already keeps exactly these (it is the one shown).
  const savedAlready = useOrganize((st) => st.collections.some((c) => smartCollectionShows(c, filter, query)));
  const smartable = (Object.keys(filter).some((k) => k !== 'collectionId') || query !== '') && !savedAlready;

  const toggleType = (t: FileType) => {
    const next = types.includes(t) ? types.filter((x) => x !== t) : [...types, t];
    setFilter({ types: next });
  };

  return (
    <div ref={ref} className="toolbar" role="toolbar" aria-label="Library filters" {...keys}>
      <div className="toolbar-row">
        <div className="chips" role="group" aria-label="Type">
          <button type="button" className={`chip${types.length === 0 ? ' is-on' : ''}`} aria-pressed={types.length === 0} onClick={() => setFilter({ types: [] })}>
            All
          </button>
          {TYPES.map((t) => (
            <button
              key={t.value}
              type="button"
              className={`chip${types.includes(t.value) ? ' is-on' : ''}`}
              aria-pressed={types.includes(t.value)}
              onClick={() => toggleType(t.value)}
            >
              {t.label}
            </button>
          ))}
        </div>
        <span className="toolbar-sep" aria-hidden="true" />
        <button
          type="button"
          className={`chip${filter.pinnedOnly ? ' is-on' : ''}`}
          aria-pressed={!!filter.pinnedOnly}
          onClick={() => setFilter({ pinnedOnly: !filter.pinnedOnly })}
          title="Only files pinned for offline"
        >
          <Icon name="pin" size={14} />
          Pinned
        </button>
        <span className="toolbar-spacer" />
        <span className="toolbar-count" aria-live="polite">
          {total == null ? '' : `${total.toLocaleString()} ${total === 1 ? 'file' : 'files'}`}
        </span>
        <label className="select-wrap">
          <span className="visually-hidden">Sort by</span>
          <select
            className="select select-sm"
            value={sort.field}
            onChange={(e) => setSort({ field: e.target.value as LibrarySort['field'], dir: sort.dir })}
          >
            {SORTS.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          className="btn btn-ghost btn-icon btn-sm"
          aria-label={sort.dir === 'asc' ? 'Ascending order' : 'Descending order'}
          title={sort.dir === 'asc' ? 'Ascending' : 'Descending'}
          onClick={() => setSort({ field: sort.field, dir: sort.dir === 'asc' ? 'desc' : 'asc' })}
        >
          <Icon name="sort" className={sort.dir === 'asc' ? 'flip-y' : undefined} />
        </button>
        <div className="segmented" role="group" aria-label="View">
          {(['grid', 'list'] as const).map((m) => (
            <button
              key={m}
              type="button"
              className={`segmented-item${viewMode === m ? ' is-on' : ''}`}
              aria-pressed={viewMode === m}
              aria-label={m === 'grid' ? 'Grid view' : 'List view'}
              title={m === 'grid' ? 'Grid' : 'List'}
              onClick={() => void updateSettings({ libraryView: m }).catch((err) => toastError('View', err))}
            >
              <Icon name={m} />
            </button>
          ))}
        </div>
      </div>
      <div className="toolbar-row toolbar-row-filters">
        <Icon name="filter" size={14} className="toolbar-filter-icon" />
        <FilterSelect
          label="Origin"
          value={filter.origins?.[0] ?? ''}
          options={ORIGINS}
          onChange={(v) => setFilter({ origins: v ? [v as FileOrigin] : [] })}
        />
        <FilterSelect
          label="Made by tool"
          value={filter.toolTypes?.[0] ?? ''}
          options={[{ value: '', label: 'Any tool' }, ...TOOLS.map((t) => ({ value: t.toolType, label: t.label }))]}
          onChange={(v) => setFilter({ toolTypes: v ? [v] : [] })}
        />
        <FilterSelect
          label="Scope"
          value={filter.scopes?.[0] ?? ''}
          options={SCOPES}
          onChange={(v) => setFilter({ scopes: v ? [v as FileScope] : [] })}
        />
        <FilterSelect
          label="Date added"
          value={datePreset(filter)}
          options={DATES}
          onChange={(v) => {
            const d = DATES.find((x) => x.value === v);
            setFilter({ createdFrom: d?.days != null ? Date.now() - d.days * DAY : undefined, createdTo: undefined });
          }}
        />
        <FilterSelect
          label="Rated"
          value={filter.minRating ? String(filter.minRating) : ''}
          options={RATINGS}
          onChange={(v) => setFilter({ minRating: v ? Number(v) : undefined })}
        />
        <FilterSelect
          label="Tag"
          value={filter.tags?.[0] ?? ''}
          options={tagOptions}
          onChange={(v) => setFilter({ tags: v ? [v] : [] })}
        />
        {collection ? (
          <button type="button" className="chip is-on" onClick={() => setFilter({ collectionId: undefined })} title="Show the whole library again">
            <Icon name="collection" size={14} />
            {`Collection: ${collection.name}`}
            <Icon name="close" size={12} />
          </button>
        ) : null}
        <label className="check-row small toolbar-check">
          <input type="checkbox" checked={filter.includeTemporary === true} onChange={(e) => setFilter({ includeTemporary: e.target.checked })} />
          Show temporary files
        </label>
        {active ? (
          <button type="button" className="btn btn-ghost btn-sm" onClick={clearFilter}>
            Clear filters
          </button>
        ) : null}
        {smartable ? <SaveSmart /> : null}
      </div>
    </div>
  );
}

const RATINGS = [
  { value: '', label: 'Any rating' },
  { value: '1', label: 'Rated' },
  { value: '2', label: '2+ stars' },
  { value: '3', label: '3+ stars' },
  { value: '4', label: '4+ stars' },
  { value: '5', label: '5 stars' },
];

/** "Save as smart collection": a name, then the current filters and search kept as a live collection. */
function SaveSmart() {
  const [naming, setNaming] = useState(false);
  const [name, setName] = useState('');
  if (!naming) {
    return (
      <button type="button" className="btn btn-ghost btn-sm" onClick={() => setNaming(true)}>
        <Icon name="sparkle" size={14} />
        Save as smart collection
      </button>
    );
  }
  const done = (save: boolean) => {
    if (save && name.trim()) void saveSmartCollection(name.trim());
    setNaming(false);
    setName('');
  };
  return (
    <input
      className="input input-sm smart-name"
      aria-label="Smart collection name"
      placeholder="Name it, then Enter"
      autoFocus
      maxLength={80}
      value={name}
      onChange={(e) => setName(e.target.value)}
      onKeyDown={(e) => {
        if (e.key === 'Enter') {
          e.preventDefault();
          done(true);
        } else if (e.key === 'Escape') {
          e.preventDefault();
          e.stopPropagation();
          done(false);
        }
      }}
      onBlur={() => done(true)}
    />
  );
}

/** One compact filter menu with a label only screen readers need (the options say what it is). */
function FilterSelect(props: {
  label: string;
  value: string;
  options: ReadonlyArray<{ value: string; label: string }>;
  onChange: (value: string) => void;
}) {
  return (
    <label className="select-wrap">
      <span className="visually-hidden">{props.label}</span>
      <select className="select select-sm" aria-label={props.label} value={props.value} onChange={(e) => props.onChange(e.target.value)}>
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
}
