/**
 * Arrow keys inside composite widgets (WAI-ARIA Authoring Practices): a toolbar, a radio
 * group or a grid of choices is one Tab stop, and the arrow keys move within it.
 */
import { useLayoutEffect, type FocusEvent, type KeyboardEvent, type RefObject } from 'react';

/** Where an arrow key (or Home/End) moves from `index` among `count` items; null for other keys. */
export function moveIndex(key: string, index: number, count: number, opts: { columns?: number; wrap?: boolean; axis?: 'horizontal' | 'both' } = {}): number | null {
  if (count <= 0) return null;
  const { columns = 1, wrap = true, axis = 'both' } = opts;
  const clamp = (i: number) => (wrap ? (i + count) % count : Math.max(0, Math.min(count - 1, i)));
  switch (key) {
    case 'ArrowRight':
      return clamp(index + 1);
    case 'ArrowLeft':
      return clamp(index - 1);
    case 'ArrowDown':
      return axis === 'both' ? clamp(index + columns) : null;
    case 'ArrowUp':
      return axis === 'both' ? clamp(index - columns) : null;
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    default:
      return null;
  }
}

/**
 * A radio group made of buttons (`role="radio"`): give the checked one `tabIndex={0}` (the
 * first when none is), the others -1, and this as the group's onKeyDown. Arrows move focus
 * and choose, as native radio buttons do.
 */
export function onRadioGroupKeyDown<T>(e: KeyboardEvent<HTMLElement>, values: readonly T[], current: T | null | undefined, choose: (v: T) => void): void {
  const from = Math.max(0, current == null ? 0 : values.indexOf(current));
  const next = moveIndex(e.key, from, values.length);
  if (next == null) return;
  e.preventDefault();
  choose(values[next]!);
  const radios = e.currentTarget.querySelectorAll<HTMLElement>('[role="radio"]');
  radios[next]?.focus();
}

/** The tabIndex of a radio in such a group. */
export function radioTabIndex(checked: boolean, index: number, anyChecked: boolean): 0 | -1 {
  return checked || (!anyChecked && index === 0) ? 0 : -1;
}

const CONTROLS = 'button:not([disabled]), select:not([disabled]), input:not([disabled]):not([type="hidden"])';

/**
 * A toolbar (`role="toolbar"`) as one Tab stop: Left/Right (and Home/End) move between its
 * controls, Up/Down are left to the control (a menu opens, a select steps). The control last
 * focused keeps the Tab stop. Attributes are set on the DOM after each render, so controls
 * that come and go (a "Clear filters" button) join in.
 */
export function useToolbarKeys(ref: RefObject<HTMLElement | null>): { onKeyDown: (e: KeyboardEvent<HTMLElement>) => void; onFocus: (e: FocusEvent<HTMLElement>) => void } {
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const controls = Array.from(el.querySelectorAll<HTMLElement>(CONTROLS));
    const current = controls.find((c) => c.dataset.rovingStop === 'true') ?? controls[0];
    for (const c of controls) c.tabIndex = c === current ? 0 : -1;
  });
  const stop = (target: HTMLElement) => {
    const el = ref.current;
    if (!el) return;
    for (const c of el.querySelectorAll<HTMLElement>(CONTROLS)) {
      c.tabIndex = c === target ? 0 : -1;
      if (c === target) c.dataset.rovingStop = 'true';
      else delete c.dataset.rovingStop;
    }
  };
  return {
    onFocus: (e) => {
      if (e.target !== e.currentTarget) stop(e.target as HTMLElement);
    },
    onKeyDown: (e) => {
      const el = ref.current;
      if (!el || e.altKey || e.ctrlKey || e.metaKey) return;
      const controls = Array.from(el.querySelectorAll<HTMLElement>(CONTROLS));
      const from = controls.indexOf(e.target as HTMLElement);
      if (from < 0) return;
      const next = moveIndex(e.key, from, controls.length, { axis: 'horizontal', wrap: false });
      if (next == null) return;
      // Also keeps a focused <select> from stepping its value on Left/Right.
      e.preventDefault();
      controls[next]!.focus();
    },
  };
}
