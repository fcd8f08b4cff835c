import { create } from 'zustand';
import type { ContractError } from '../../main/contract';
import { announce } from '../lib/announce';

export type ViewName = 'library' | 'generate' | 'activity' | 'settings' | 'projects' | 'entities' | 'video';
/** In shortcut order (Mod+1 … Mod+6); `video` (New video) is reached by its button. */
export const VIEWS: readonly ViewName[] = ['library', 'generate', 'activity', 'settings', 'projects', 'entities', 'video'];
export const VIEW_LABEL: Record<ViewName, string> = {
  library: 'Library',
  generate: 'Generate',
  activity: 'Activity',
  settings: 'Settings',
  projects: 'Projects',
  entities: 'Actors & styles',
  video: 'New video',
};

export interface Toast {
  id: number;
  kind: 'error' | 'info' | 'success';
  title: string;
  body?: string;
  action?: { label: string; run: () => void };
  /** Shown but not read out: something else already said it (see lib/announce.ts). */
  silent?: boolean;
}

export interface ConfirmRequest {
  title: string;
  body: string;
  confirmLabel: string;
  danger?: boolean;
  resolve: (ok: boolean) => void;
}

/** A request to open Generate pre-filled (Reuse, or "use as reference"). */
export interface GenerateDraft {
  tool: string;
  params: Record<string, unknown>;
  /** Run over the library selection (a batch) instead of once. */
  batch: boolean;
  /** Bumps so the same draft applied twice still re-initialises the form. */
  nonce: number;
}

interface UiState {
  view: ViewName;
  quickLook: string | null;
  confirm: ConfirmRequest | null;
  toasts: Toast[];
  draft: GenerateDraft | null;
  /** Bumps when Ctrl/Cmd+K asks the search box to take focus. */
  searchFocus: number;
  /** A file is being dragged in from outside the window. */
  dropActive: boolean;
  /** The "Keyboard shortcuts" sheet is open. */
  shortcuts: boolean;
}

export const useUi = create<UiState>(() => ({
  view: 'library',
  quickLook: null,
  confirm: null,
  toasts: [],
  draft: null,
  searchFocus: 0,
  dropActive: false,
  shortcuts: false,
}));

let toastSeq = 0;
const toastTimers = new Map<number, ReturnType<typeof setTimeout>>();
const toastTtl = new Map<number, number>();
/** The pointer or the keyboard is on a notification: none goes away meanwhile. */
let toastsHeld = false;

function armToast(id: number): void {
  const ttl = toastTtl.get(id);
  if (toastsHeld || ttl == null) return;
  toastTimers.set(
    id,
    setTimeout(() => dismissToast(id), ttl),
  );
}

/**
 * Hold notifications while someone is reading or reaching one (WCAG 2.2.1): their timers stop,
 * and each starts again from the full time once the pointer and focus have left.
 */
export function holdToasts(hold: boolean): void {
  if (hold === toastsHeld) return;
  toastsHeld = hold;
  for (const timer of toastTimers.values()) clearTimeout(timer);
  toastTimers.clear();
  if (!hold) for (const id of toastTtl.keys()) armToast(id);
}

export function showView(view: ViewName): void {
  useUi.setState({ view });
}

/** Long enough to read; longer with a button in it, so the keyboard can get there. */
export function toast(t: Omit<Toast, 'id'>, ttlMs = t.kind === 'error' ? 8000 : t.action ? 10_000 : 4000): number {
  const id = ++toastSeq;
  // An error toast is an alert (read as it appears); the others are read through the live region.
  if (t.kind !== 'error' && !t.silent) announce(t.body ? `${t.title}. ${t.body}` : t.title);
  const dropped = useUi.getState().toasts.slice(0, -4);
  useUi.setState((s) => ({ toasts: [...s.toasts.slice(-4), { ...t, id }] }));
  for (const old of dropped) forgetToast(old.id);
  toastTtl.set(id, ttlMs);
  armToast(id);
  return id;
}

function forgetToast(id: number): void {
  const timer = toastTimers.get(id);
  if (timer) clearTimeout(timer);
  toastTimers.delete(id);
  toastTtl.delete(id);
}

export function dismissToast(id: number): void {
  forgetToast(id);
  useUi.setState((s) => ({ toasts: s.toasts.filter((x) => x.id !== id) }));
}

const ERROR_TITLES: Record<string, string> = {
  disconnected: 'Lost connection to Atelier',
  offline: 'You are offline',
  invalid_input: 'Invalid input',
  invalid_parameters: 'The API rejected the parameters',
  invalid_api_key: 'The API key was rejected',
  missing_api_key: 'No API key set',
  rate_limited: 'Rate limit reached',
  insufficient_credits: 'Not enough credits',
  not_found: 'Not found',
};

/** A clear, specific toast from a `{code, message}` error. */
export function toastError(context: string, err: unknown): void {
  const e = err as Partial<ContractError> | null;
  const code = typeof e?.code === 'string' ? e.code : 'internal';
  const message = typeof e?.message === 'string' ? e.message : String(err);
  const title = `${context}: ${ERROR_TITLES[code] ?? message}`;
  toast({ kind: 'error', title, body: ERROR_TITLES[code] ? message : `Code: ${code}` });
}

/** Ask before something destructive; resolves true when confirmed. */
export function confirmDialog(req: Omit<ConfirmRequest, 'resolve'>): Promise<boolean> {
  return new Promise((resolve) => {
    const prev = useUi.getState().confirm;
    prev?.resolve(false);
    useUi.setState({
      confirm: {
        ...req,
        resolve: (ok) => {
          useUi.setState({ confirm: null });
          resolve(ok);
        },
      },
    });
  });
}

let draftNonce = 0;
export function openGenerate(tool: string, params: Record<string, unknown> = {}, opts: { batch?: boolean } = {}): void {
  useUi.setState({ view: 'generate', draft: { tool, params, batch: !!opts.batch, nonce: ++draftNonce } });
}

export function showShortcuts(open: boolean): void {
  useUi.setState({ shortcuts: open });
}

export function focusSearch(): void {
  useUi.setState((s) => ({ view: 'library', searchFocus: s.searchFocus + 1 }));
}
