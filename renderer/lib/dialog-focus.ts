import { useEffect, type RefObject } from 'react';

const FOCUSABLE = 'button, [href], input, select, textarea, video, audio, [tabindex]:not([tabindex="-1"])';

/** Where focus goes when what had it is gone: the view's main region (it takes focus, not Tab). */
export function focusMain(): void {
  document.querySelector<HTMLElement>('main')?.focus({ preventScroll: true });
}

/** Focus was on something that has since been removed (it fell back to the page itself). */
export function focusIsLost(): boolean {
  const a = document.activeElement;
  return !a || a === document.body || !a.isConnected;
}

/**
 * After a change that may remove the focused control (an archived file's inspector), once the
 * screen has updated: if focus fell back to the page, give it to `preferred` (else main).
 */
export function rescueFocus(preferred?: () => HTMLElement | null): void {
  requestAnimationFrame(() =>
    requestAnimationFrame(() => {
      if (!focusIsLost()) return;
      const el = preferred?.();
      if (el && el.getClientRects().length > 0) el.focus({ preventScroll: true });
      else focusMain();
    }),
  );
}

/**
 * A modal dialog's focus: on open, its `[data-autofocus]` element (else the dialog) takes
 * focus; Tab and Shift+Tab cycle inside it; on close, focus goes back where it was (or to the
 * main region when that element is gone, e.g. the button of a file just archived).
 */
export function useDialogFocus(ref: RefObject<HTMLElement | null>, open: boolean): void {
  useEffect(() => {
    if (!open) return;
    const prev = document.activeElement as HTMLElement | null;
    const el = ref.current;
    const first = el?.querySelector<HTMLElement>('[data-autofocus]') ?? el;
    first?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Tab' || !el) return;
      const f = Array.from(el.querySelectorAll<HTMLElement>(FOCUSABLE)).filter((x) => !x.hasAttribute('disabled') && x.tabIndex >= 0 && x.getClientRects().length > 0);
      if (!f.length) return;
      const a = f[0]!;
      const z = f[f.length - 1]!;
      const inside = el.contains(document.activeElement);
      if (e.shiftKey && (document.activeElement === a || !inside)) {
        e.preventDefault();
        z.focus();
      } else if (!e.shiftKey && (document.activeElement === z || !inside)) {
        e.preventDefault();
        a.focus();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('keydown', onKey);
      if (prev && prev !== document.body && prev.isConnected && prev.getClientRects().length > 0) prev.focus({ preventScroll: true });
      else rescueFocus();
    };
  }, [open, ref]);
}
