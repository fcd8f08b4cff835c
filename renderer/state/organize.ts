/**
 * Collections, ratings and tags (this computer's own marks on library files). The list of
 * collections with their counts is kept here and reloaded when the store says collections (or
 * files, whose archive changes the counts) changed.
 */
import { create } from 'zustand';
import type { CollectionView, LibraryFilter, TagCount } from '../../main/contract';
import { api } from '../transport/client';
import { resetQueryFilter, useLibrary } from './library';
import { setQuery, useSearch } from './search';
import { announce } from '../lib/announce';
import { confirmDialog, showView, toast, toastError } from './ui';

interface OrganizeState {
  collections: CollectionView[];
  loaded: boolean;
  /** Tags in use, most used first (the tag filter and autocomplete start from these). */
  tags: TagCount[];
  /** The collection whose name field is open for a new name (`'new'` for New collection). */
  editing: number | 'new' | null;
}

export const useOrganize = create<OrganizeState>(() => ({ collections: [], loaded: false, tags: [], editing: null }));

export async function loadCollections(): Promise<void> {
  const collections = await api().invoke('collections.list', {});
  useOrganize.setState({ collections, loaded: true });
}

export async function loadTags(): Promise<void> {
  const tags = await api().invoke('organize.tags', { prefix: '', limit: 100 });
  useOrganize.setState({ tags });
}

export function tagSuggestions(prefix: string): Promise<TagCount[]> {
  return api().invoke('organize.tags', { prefix, limit: 8 });
}

/**
 * Refreshes after the store changed. A change to collections (or a rating or tag, which the
 * files table carries) reloads soon; other file changes (a sync, an archive) only move counts,
 * so they reload at most once a second and only when there is something to count.
 */
let pending: ReturnType<typeof setTimeout> | null = null;
export function organizeChanged(what: 'collections' | 'files'): void {
  if (pending) return;
  const s = useOrganize.getState();
  if (what === 'files' && !s.tags.length && !s.collections.some((c) => c.count)) return;
  pending = setTimeout(
    () => {
      pending = null;
      void loadCollections().catch(() => {});
      void loadTags().catch(() => {});
    },
    what === 'collections' ? 50 : 1_000,
  );
}

export function startEditing(which: number | 'new' | null): void {
  useOrganize.setState({ editing: which });
}

/** True when a smart collection keeps exactly these filters and this search (it is what is shown). */
export function smartCollectionShows(c: CollectionView, filter: LibraryFilter, query: string): boolean {
  return c.smart !== null && JSON.stringify(c.smart.filter) === JSON.stringify(filter) && c.smart.query === query.trim();
}

export async function createCollection(name: string): Promise<CollectionView | null> {
  try {
    const c = await api().invoke('collections.create', { name });
    await loadCollections();
    announce(`Collection ${c.name} created`);
    return c;
  } catch (err) {
    toastError('New collection', err);
    return null;
  }
}

/** The library as it is now (filters and search) saved as a live collection. */
export async function saveSmartCollection(name: string): Promise<void> {
  const { filter } = useLibrary.getState();
  const rest: LibraryFilter = { ...filter };
  delete rest.collectionId;
  try {
    const c = await api().invoke('collections.create', { name, smart: { filter: rest, query: useSearch.getState().query.trim() } });
    await loadCollections();
    toast({ kind: 'success', title: `Smart collection “${c.name}” saved`, body: 'It always shows what matches these filters and search.' });
  } catch (err) {
    toastError('Save as smart collection', err);
  }
}

export async function renameCollection(id: number, name: string): Promise<void> {
  try {
    await api().invoke('collections.rename', { id, name });
    await loadCollections();
  } catch (err) {
    toastError('Rename collection', err);
  }
}

export async function deleteCollection(c: CollectionView): Promise<void> {
  const ok = await confirmDialog({
    title: `Delete the collection “${c.name}”?`,
    body: c.smart ? 'Only the saved filters go; no file is touched.' : 'Only the collection goes: its files stay in your library.',
    confirmLabel: 'Delete collection',
    danger: true,
  });
  if (!ok) return;
  try {
    await api().invoke('collections.delete', { id: c.id });
    if (useLibrary.getState().filter.collectionId === c.id) resetQueryFilter({});
    await loadCollections();
    announce(`Collection ${c.name} deleted`);
  } catch (err) {
    toastError('Delete collection', err);
  }
}

export async function addToCollection(id: number, fileIds: string[]): Promise<void> {
  const c = useOrganize.getState().collections.find((x) => x.id === id);
  try {
    const { added } = await api().invoke('collections.add', { id, fileIds });
    const name = c?.name ?? 'the collection';
    const already = fileIds.length - added;
    toast({
      kind: 'success',
      title: added === 0 ? `Already in “${name}”` : `Added ${added === 1 ? '1 file' : `${added.toLocaleString()} files`} to “${name}”`,
      ...(added > 0 && already > 0 ? { body: `${already.toLocaleString()} ${already === 1 ? 'was' : 'were'} already in it.` } : {}),
    });
    await loadCollections();
  } catch (err) {
    toastError('Add to collection', err);
  }
}

export async function removeFromCollection(id: number, fileIds: string[]): Promise<void> {
  try {
    await api().invoke('collections.remove', { id, fileIds });
    await loadCollections();
  } catch (err) {
    toastError('Remove from collection', err);
  }
}

/** Shows the library narrowed to a collection (a smart one: its saved filters and search). */
export function openCollection(c: CollectionView): void {
  if (c.smart) {
    resetQueryFilter(c.smart.filter as LibraryFilter);
    setQuery(c.smart.query);
  } else {
    resetQueryFilter({ collectionId: c.id });
    if (useSearch.getState().query) setQuery('');
  }
  showView('library');
}

export async function rateFiles(fileIds: string[], rating: number): Promise<void> {
  if (!fileIds.length) return;
  try {
    await api().invoke('organize.rate', { fileIds, rating });
    announce(rating === 0 ? 'Rating cleared' : `Rated ${rating} ${rating === 1 ? 'star' : 'stars'}`);
  } catch (err) {
    toastError('Rating', err);
  }
}

export async function tagFiles(fileIds: string[], add: string[], remove: string[] = []): Promise<boolean> {
  try {
    await api().invoke('organize.tag', { fileIds, add, remove });
    void loadTags().catch(() => {});
    return true;
  } catch (err) {
    toastError('Tags', err);
    return false;
  }
}

/** The id of the inspector's "Add to collection" menu (the C key moves focus there). */
export const ADD_TO_COLLECTION_ID = 'add-to-collection';

export function focusAddToCollection(): void {
  const plain = useOrganize.getState().collections.filter((c) => !c.smart);
  if (!plain.length) {
    toast({ kind: 'info', title: 'No collection yet', body: 'Make one with New collection in the sidebar, then press C again.' });
    return;
  }
  document.getElementById(ADD_TO_COLLECTION_ID)?.focus();
}
