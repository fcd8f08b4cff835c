/** Cmd on macOS, Ctrl elsewhere. */
export const isMac: boolean =
  typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent || '');

export const MOD_LABEL = isMac ? '⌘' : 'Ctrl+';
/** The modifier as `aria-keyshortcuts` spells it. */
export const MOD_KEY = isMac ? 'Meta' : 'Control';

export function isMod(e: { metaKey: boolean; ctrlKey: boolean }): boolean {
  return isMac ? e.metaKey : e.ctrlKey;
}

/** Typing targets keep their keys (Space, Backspace, Ctrl+A…). */
export function isEditable(t: EventTarget | null): boolean {
  const el = t as HTMLElement | null;
  if (!el || !el.tagName) return false;
  if (el.isContentEditable) return true;
  const tag = el.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag === 'INPUT') {
    const type = (el as HTMLInputElement).type;
    return !['checkbox', 'radio', 'button', 'submit', 'range', 'file', 'reset'].includes(type);
  }
  return false;
}
