/**
 * Window size and position, remembered between runs in `<userData>/window-state.json`.
 * A saved position that is no longer on any display (a monitor was unplugged) is dropped.
 */
import { readFileSync, writeFileSync, renameSync, mkdirSync } from 'node:fs';
import path from 'node:path';

export interface WindowState {
  x?: number;
  y?: number;
  width: number;
  height: number;
  maximized: boolean;
}

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export const DEFAULT_WINDOW_STATE: WindowState = { width: 1280, height: 820, maximized: false };
export const WINDOW_STATE_FILE = 'window-state.json';

/** Parse a saved state against the current displays' work areas. Never throws. */
export function parseWindowState(text: string | null, displays: readonly Rect[]): WindowState {
  if (!text) return { ...DEFAULT_WINDOW_STATE };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ...DEFAULT_WINDOW_STATE };
  }
  if (!raw || typeof raw !== 'object') return { ...DEFAULT_WINDOW_STATE };
  const o = raw as Record<string, unknown>;
  const int = (v: unknown, min: number, max: number): number | undefined =>
    typeof v === 'number' && Number.isFinite(v) ? Math.min(max, Math.max(min, Math.round(v))) : undefined;
  const state: WindowState = {
    width: int(o.width, 480, 16_384) ?? DEFAULT_WINDOW_STATE.width,
    height: int(o.height, 360, 16_384) ?? DEFAULT_WINDOW_STATE.height,
    maximized: o.maximized === true,
  };
  const x = int(o.x, -100_000, 100_000);
  const y = int(o.y, -100_000, 100_000);
  if (x !== undefined && y !== undefined && visibleOnSome({ x, y, width: state.width, height: state.height }, displays)) {
    state.x = x;
    state.y = y;
  }
  return state;
}

/** At least a 100×50 corner of the title area lands on one display. */
function visibleOnSome(win: Rect, displays: readonly Rect[]): boolean {
  return displays.some((d) => {
    const left = Math.max(win.x, d.x);
    const right = Math.min(win.x + win.width, d.x + d.width);
    const top = Math.max(win.y, d.y);
    const bottom = Math.min(win.y + 50, d.y + d.height);
    return right - left >= 100 && bottom - top >= 30;
  });
}

export function loadWindowState(userDataDir: string, displays: readonly Rect[]): WindowState {
  let text: string | null = null;
  try {
    text = readFileSync(path.join(userDataDir, WINDOW_STATE_FILE), 'utf8');
  } catch {
    /* first run */
  }
  return parseWindowState(text, displays);
}

export function saveWindowState(userDataDir: string, state: WindowState): void {
  try {
    mkdirSync(userDataDir, { recursive: true });
    const file = path.join(userDataDir, WINDOW_STATE_FILE);
    writeFileSync(`${file}.tmp`, JSON.stringify(state));
    renameSync(`${file}.tmp`, file);
  } catch {
    /* losing the window position is not worth bothering anyone about */
  }
}

/** The subset of BrowserWindow the tracker needs (so tests can pass a fake). */
export interface TrackableWindow {
  on(event: 'resize' | 'move' | 'close', listener: () => void): unknown;
  getNormalBounds(): Rect;
  isMaximized(): boolean;
  isDestroyed(): boolean;
}

/** Save on move/resize (debounced) and on close. */
export function trackWindowState(win: TrackableWindow, userDataDir: string, debounceMs = 500): void {
  let timer: NodeJS.Timeout | null = null;
  const snapshot = (): WindowState | null => {
    if (win.isDestroyed()) return null;
    const b = win.getNormalBounds();
    return { x: b.x, y: b.y, width: b.width, height: b.height, maximized: win.isMaximized() };
  };
  const saveSoon = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      const s = snapshot();
      if (s) saveWindowState(userDataDir, s);
    }, debounceMs);
  };
  win.on('resize', saveSoon);
  win.on('move', saveSoon);
  win.on('close', () => {
    if (timer) clearTimeout(timer);
    const s = snapshot();
    if (s) saveWindowState(userDataDir, s);
  });
}
