import { Fragment, useRef } from 'react';
import { Icon } from './Icon';
import { showShortcuts, useUi } from '../state/ui';
import { useDialogFocus } from '../lib/dialog-focus';
import { isMac, MOD_KEY, MOD_LABEL } from '../lib/platform';

/**
 * Every keyboard shortcut Atelier has, in one sheet (Ctrl/Cmd+/). Keys are written as
 * "Mod+K": Mod is ⌘ on macOS and Ctrl elsewhere; "Arrows" is the four arrow keys. Each entry
 * is one or more alternatives.
 */
export const SHORTCUTS: ReadonlyArray<{ title: string; items: ReadonlyArray<{ keys: string[]; does: string }> }> = [
  {
    title: 'Anywhere',
    items: [
      { keys: ['Mod+K'], does: 'Search the library' },
      { keys: ['Mod+1'], does: 'Go to Library' },
      { keys: ['Mod+2'], does: 'Go to Generate' },
      { keys: ['Mod+3'], does: 'Go to Activity' },
      { keys: ['Mod+4'], does: 'Go to Settings' },
      { keys: ['Mod+5'], does: 'Go to Projects' },
      { keys: ['Mod+6'], does: 'Go to Actors & styles' },
      { keys: ['Mod+V'], does: 'Upload the image, video or audio file on the clipboard' },
      { keys: ['Mod+Shift+S'], does: 'Sync the library with VideoGen now' },
      { keys: ['Mod+Plus', 'Mod+Minus'], does: 'Zoom in or out: everything larger or smaller' },
      { keys: ['Mod+0'], does: 'Zoom back to the usual size' },
      { keys: ['Mod+/'], does: 'Show these keyboard shortcuts' },
      { keys: ['Esc'], does: 'Close a dialog, quick look or this sheet' },
    ],
  },
  {
    title: 'Library',
    items: [
      { keys: ['Arrows'], does: 'Move between files (in the grid or list)' },
      { keys: ['Shift+Arrows'], does: 'Extend the selection' },
      { keys: ['Home', 'End'], does: 'First or last file' },
      { keys: ['Space', 'Enter'], does: 'Quick look at the file' },
      { keys: ['Mod+A'], does: 'Select every file' },
      { keys: ['Delete', 'Backspace'], does: 'Archive the selection (asks first)' },
      { keys: ['1', '2', '3', '4', '5'], does: 'Rate the selection: that many stars' },
      { keys: ['0'], does: 'Clear the rating' },
      { keys: ['C'], does: 'Add the selection to a collection' },
      { keys: ['Shift+C'], does: 'Compare the selection (2 to 4 files) side by side' },
      { keys: ['Esc'], does: 'Clear the selection' },
      { keys: ['Mod+Click'], does: 'Add a file to the selection, or take it out' },
      { keys: ['Shift+Click'], does: 'Select every file up to this one' },
      { keys: ['←', '→'], does: 'Move between the filters above the files' },
    ],
  },
  {
    title: 'Search box',
    items: [{ keys: ['Esc'], does: 'Clear the search; again to leave the box' }],
  },
  {
    title: 'Quick look',
    items: [{ keys: ['Space', 'Esc'], does: 'Close it' }],
  },
  {
    title: 'Generate and Settings',
    items: [
      { keys: ['Mod+Enter'], does: 'Generate (from any field of the form)' },
      { keys: ['Arrows'], does: 'Pick another choice in a set: theme, aspect ratio, presenter' },
    ],
  },
  {
    title: 'Choosing files from the library',
    items: [
      { keys: ['Arrows'], does: 'Move between files' },
      { keys: ['Space', 'Enter'], does: 'Choose a file, or un-choose it' },
    ],
  },
];

const KEY_NAMES: Record<string, string> = { Mod: isMac ? '⌘' : 'Ctrl', Shift: isMac ? '⇧' : 'Shift', Enter: isMac ? 'Return' : 'Enter', Plus: '+', Minus: '−' };

/** "Mod+K" as keys: <kbd>Ctrl</kbd>+<kbd>K</kbd> (⌘K on a Mac); "Arrows" as ← → ↑ ↓. */
function Keys({ combo }: { combo: string }) {
  const parts = combo === 'Mod+/' ? ['Mod', '/'] : combo.split('+');
  return (
    <span className="keys">
      {parts.map((p, i) => (
        <Fragment key={i}>
          {i > 0 && !isMac ? '+' : null}
          {p === 'Arrows' ? (
            <span className="keys-arrows">
              {['←', '→', '↑', '↓'].map((a) => (
                <kbd key={a}>{a}</kbd>
              ))}
            </span>
          ) : (
            <kbd>{KEY_NAMES[p] ?? p}</kbd>
          )}
        </Fragment>
      ))}
    </span>
  );
}

export function ShortcutsSheet() {
  const open = useUi((s) => s.shortcuts);
  const ref = useRef<HTMLDivElement>(null);
  useDialogFocus(ref, open);
  if (!open) return null;
  const close = () => showShortcuts(false);
  return (
    <div className="backdrop" onMouseDown={(e) => e.target === e.currentTarget && close()}>
      <div
        ref={ref}
        className="dialog dialog-wide shortcuts"
        role="dialog"
        aria-modal="true"
        aria-labelledby="shortcuts-title"
        tabIndex={-1}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.stopPropagation();
            close();
          }
        }}
      >
        <header className="picker-head">
          <h2 id="shortcuts-title">Keyboard shortcuts</h2>
          <button type="button" className="btn btn-ghost btn-icon" aria-label="Close" onClick={close} data-autofocus>
            <Icon name="close" />
          </button>
        </header>
        {/* Focusable: at large text sizes it scrolls, and the arrow keys must reach all of it. */}
        <div className="shortcuts-body" tabIndex={0} role="region" aria-label="All shortcuts">
          {SHORTCUTS.map((group) => (
            <section key={group.title} className="shortcuts-group" aria-labelledby={`shortcuts-${group.title.replace(/\W+/g, '-')}`}>
              <h3 id={`shortcuts-${group.title.replace(/\W+/g, '-')}`}>{group.title}</h3>
              <dl>
                {group.items.map((item) => (
                  <div key={item.does} className="shortcut">
                    <dt>
                      {item.keys.map((k, i) => (
                        <Fragment key={k}>
                          {i > 0 ? <span className="shortcut-or"> or </span> : null}
                          <Keys combo={k} />
                        </Fragment>
                      ))}
                    </dt>
                    <dd>{item.does}</dd>
                  </div>
                ))}
              </dl>
            </section>
          ))}
        </div>
      </div>
    </div>
  );
}

/** The sheet's way in for a pointer (and its shortcut, said beside it). */
export function ShortcutsButton() {
  return (
    <div className="sidebar-foot">
      <button
        type="button"
        className="nav-item shortcuts-button"
        aria-keyshortcuts={`${MOD_KEY}+/`}
        title={`Keyboard shortcuts (${MOD_LABEL}/)`}
        onClick={() => showShortcuts(true)}
      >
        <Icon name="keyboard" />
        <span className="nav-label">Keyboard shortcuts</span>
      </button>
    </div>
  );
}
