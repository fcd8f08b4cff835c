/**
 * The sidebar's Collections: "New collection" (its name field takes focus; Enter creates it),
 * each collection with its count, opened by a click, filled by dropping library files on it,
 * renamed in place and deleted after asking (its files stay in the library).
 */
import { useRef, useState, type DragEvent } from 'react';
import type { CollectionView } from '../../main/contract';
import { LIBRARY_DRAG_TYPE } from '../lib/files';
import { useLibrary } from '../state/library';
import { addToCollection, createCollection, deleteCollection, openCollection, renameCollection, smartCollectionShows, startEditing, useOrganize } from '../state/organize';
import { useSearch } from '../state/search';
import { useUi } from '../state/ui';
import { Icon } from './Icon';

function NameField({ label, initial, onDone }: { label: string; initial: string; onDone: (name: string | null) => void }) {
  const [name, setName] = useState(initial);
  const settled = useRef(false);
  const finish = (value: string | null) => {
    if (settled.current) return;
    settled.current = true;
    onDone(value);
  };
  return (
    <input
      className="input input-sm collection-name-input"
      aria-label={label}
      autoFocus
      maxLength={80}
      value={name}
      onChange={(e) => setName(e.target.value)}
      onKeyDown={(e) => {
        if (e.key === 'Enter') {
          e.preventDefault();
          finish(name.trim() || null);
        } else if (e.key === 'Escape') {
          e.preventDefault();
          e.stopPropagation();
          finish(null);
        }
      }}
      // Leaving the field keeps what was typed (nothing typed: nothing made).
      onBlur={() => finish(name.trim() || null)}
    />
  );
}

function Entry({ c, active }: { c: CollectionView; active: boolean }) {
  const editing = useOrganize((s) => s.editing === c.id);
  const [over, setOver] = useState(false);
  const droppable = !c.smart;
  const onDragOver = (e: DragEvent) => {
    if (!droppable || !Array.from(e.dataTransfer.types).includes(LIBRARY_DRAG_TYPE)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
    if (!over) setOver(true);
  };
  const onDrop = (e: DragEvent) => {
    setOver(false);
    const raw = e.dataTransfer.getData(LIBRARY_DRAG_TYPE);
    if (!droppable || !raw) return;
    e.preventDefault();
    e.stopPropagation();
    void addToCollection(c.id, JSON.parse(raw) as string[]);
  };
  if (editing) {
    return (
      <li className="collection-entry">
        <NameField
          label={`New name for ${c.name}`}
          initial={c.name}
          onDone={(name) => {
            startEditing(null);
            if (name && name !== c.name) void renameCollection(c.id, name);
          }}
        />
      </li>
    );
  }
  return (
    <li className={`collection-entry${over ? ' is-over' : ''}`} onDragOver={onDragOver} onDragLeave={() => setOver(false)} onDrop={onDrop}>
      <button type="button" className={`collection-item${active ? ' is-active' : ''}`} aria-current={active ? 'true' : undefined} onClick={() => openCollection(c)}>
        <Icon name={c.smart ? 'sparkle' : 'collection'} size={14} />
        <span className="collection-name">{c.name}</span>
        {c.count !== null ? (
          <>
            {' '}
            <span className="collection-count">
              {c.count.toLocaleString('en-US')}
              <span className="visually-hidden">{c.count === 1 ? ' file' : ' files'}</span>
            </span>
          </>
        ) : (
          <span className="visually-hidden">(smart collection)</span>
        )}
      </button>
      <span className="collection-tools">
        <button type="button" className="btn btn-ghost btn-icon btn-xs" aria-label={`Rename ${c.name}`} title="Rename" onClick={() => startEditing(c.id)}>
          <Icon name="edit" size={12} />
        </button>
        <button type="button" className="btn btn-ghost btn-icon btn-xs" aria-label={`Delete ${c.name}`} title="Delete" onClick={() => void deleteCollection(c)}>
          <Icon name="close" size={12} />
        </button>
      </span>
    </li>
  );
}

export function CollectionsSection() {
  const collections = useOrganize((s) => s.collections);
  const adding = useOrganize((s) => s.editing === 'new');
  const view = useUi((s) => s.view);
  const filter = useLibrary((s) => s.filter);
  const query = useSearch((s) => s.query);
  const isActive = (c: CollectionView) =>
    view === 'library' && (c.smart ? smartCollectionShows(c, filter, query) : filter.collectionId === c.id);
  return (
    <section className="collections" aria-labelledby="collections-title">
      <h2 id="collections-title" className="collections-title">
        Collections
      </h2>
      {adding ? (
        <NameField
          label="New collection name"
          initial=""
          onDone={(name) => {
            startEditing(null);
            if (name) void createCollection(name).then((c) => c && openCollection(c));
          }}
        />
      ) : null}
      {collections.length ? (
        <ul className="collection-list">
          {collections.map((c) => (
            <Entry key={c.id} c={c} active={isActive(c)} />
          ))}
        </ul>
      ) : !adding ? (
        <p className="collections-empty">Group files you want together; drag them onto a collection.</p>
      ) : null}
      {adding ? null : (
        <button type="button" className="collection-item collection-new" onClick={() => startEditing('new')}>
          <Icon name="plus" size={14} />
          New collection
        </button>
      )}
    </section>
  );
}
