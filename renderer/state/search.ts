import { create } from 'zustand';
import type { ContractError, SearchHit } from '../../main/contract';
import { api } from '../transport/client';
import { useStatus } from './status';

interface SearchState {
  query: string;
  /** Full-text hits over the local cache and the query they answer. */
  local: SearchHit[];
  localFor: string;
  /** Search-by-meaning hits (online only) and the query they answer. */
  semantic: SearchHit[];
  semanticFor: string;
  semanticState: 'idle' | 'loading' | 'done' | 'offline' | 'error';
  error: ContractError | null;
}

export const useSearch = create<SearchState>(() => ({
  query: '',
  local: [],
  localFor: '',
  semantic: [],
  semanticFor: '',
  semanticState: 'idle',
  error: null,
}));

/** Debounce before asking the API (slow, rate-limited); local search runs on every keystroke. */
export const SEMANTIC_DELAY_MS = 300;

let localBusy = false;
let localNext: string | null = null;
let semanticTimer: ReturnType<typeof setTimeout> | null = null;
let semanticSeq = 0;

export function setQuery(raw: string): void {
  const query = raw.slice(0, 500);
  useSearch.setState({ query });
  const q = query.trim();
  if (semanticTimer) clearTimeout(semanticTimer);
  semanticTimer = null;
  if (!q) {
    semanticSeq++;
    localNext = null;
    useSearch.setState({ local: [], localFor: '', semantic: [], semanticFor: '', semanticState: 'idle', error: null });
    return;
  }
  runLocal(q);
  if (!useStatus.getState().online) {
    semanticSeq++;
    useSearch.setState({ semantic: [], semanticFor: q, semanticState: 'offline' });
    return;
  }
  useSearch.setState({ semanticState: 'loading' });
  semanticTimer = setTimeout(() => void runSemantic(q), SEMANTIC_DELAY_MS);
}

/** Latest wins, at most one request in flight: a keystroke during a request replaces the next one. */
function runLocal(q: string): void {
  if (localBusy) {
    localNext = q;
    return;
  }
  localBusy = true;
  api()
    .invoke('library.search', { query: q, limit: 60 })
    .then(
      (hits) => {
        if (useSearch.getState().query.trim() === q) useSearch.setState({ local: hits, localFor: q, error: null });
      },
      (err: ContractError) => {
        if (useSearch.getState().query.trim() === q) useSearch.setState({ local: [], localFor: q, error: err });
      },
    )
    .finally(() => {
      localBusy = false;
      const next = localNext;
      localNext = null;
      if (next && next === useSearch.getState().query.trim() && next !== useSearch.getState().localFor) runLocal(next);
    });
}

async function runSemantic(q: string): Promise<void> {
  const seq = ++semanticSeq;
  try {
    const hits = await api().invoke('library.searchSemantic', { query: q, limit: 20 });
    if (seq === semanticSeq) useSearch.setState({ semantic: hits, semanticFor: q, semanticState: 'done' });
  } catch (err) {
    if (seq !== semanticSeq) return;
    const code = (err as ContractError).code;
    useSearch.setState({ semantic: [], semanticFor: q, semanticState: code === 'offline' ? 'offline' : 'error' });
  }
}

/** Connectivity came back: a query on screen gets its meaning results. */
export function refreshSemantic(): void {
  const q = useSearch.getState().query.trim();
  if (q) setQuery(useSearch.getState().query);
}

export interface MergedHits {
  local: SearchHit[];
  /** Meaning hits not already among the local ones. */
  semantic: SearchHit[];
}

/** Merge the two sources: local first, meaning hits that add something after. */
export function mergeHits(local: SearchHit[], semantic: SearchHit[]): MergedHits {
  const seen = new Set(local.map((h) => h.item.fileId));
  return { local, semantic: semantic.filter((h) => !seen.has(h.item.fileId)) };
}

export function resetSearch(): void {
  localBusy = false;
  localNext = null;
  semanticSeq++;
  if (semanticTimer) clearTimeout(semanticTimer);
  useSearch.setState({ query: '', local: [], localFor: '', semantic: [], semanticFor: '', semanticState: 'idle', error: null });
}
