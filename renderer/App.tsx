import { useEffect, useRef } from 'react';
import { Sidebar } from './components/Shell';
import { StatusBar } from './components/StatusBar';
import { ConfirmDialog, DropOverlay, QuickLook, Toasts } from './components/Overlays';
import { ShortcutsSheet } from './components/Shortcuts';
import { Announcer } from './components/Announcer';
import { FilePickers, startUploads, uploadDrop } from './components/AddFiles';
import { Compare } from './components/Compare';
import { LibraryView } from './views/LibraryView';
import { GenerateView } from './views/GenerateView';
import { ActivityView } from './views/ActivityView';
import { SettingsView } from './views/SettingsView';
import { focusSearch, showShortcuts, showView, useUi, VIEW_LABEL, VIEWS, type ViewName } from './state/ui';
import { NewVideoView } from './views/NewVideoView';
import { ProjectsView } from './views/ProjectsView';
import { EntitiesView } from './views/EntitiesView';
import { useLibrary, loadDetail } from './state/library';
import { selectAll, useSelection } from './state/selection';
import { archiveSelection, quickLook, syncLibraryNow } from './state/actions';
import { isEditable, isMod } from './lib/platform';
import { rescueFocus } from './lib/dialog-focus';
import { isExternalFileDrag, namePasted, snapshotDataTransfer } from './lib/files';

function viewFromHash(): ViewName | null {
  const v = location.hash.replace(/^#\/?/, '') as ViewName;
  return VIEWS.includes(v) ? v : null;
}

/** Keyboard shortcuts that work anywhere (the grid adds its own when focused). */
function useGlobalKeys() {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const ui = useUi.getState();
      if (isMod(e) && !e.altKey && (e.key === 'k' || e.key === 'K')) {
        e.preventDefault();
        focusSearch();
        return;
      }
      if (isMod(e) && !e.altKey && (e.key === '/' || e.code === 'Slash')) {
        e.preventDefault();
        showShortcuts(!ui.shortcuts);
        return;
      }
      if (isMod(e) && e.shiftKey && !e.altKey && (e.key === 's' || e.key === 'S')) {
        e.preventDefault();
        void syncLibraryNow();
        return;
      }
      if (isMod(e) && !e.altKey && !e.shiftKey && /^[1-6]$/.test(e.key)) {
        e.preventDefault();
        showView(VIEWS[Number(e.key) - 1]!);
        return;
      }
      if (e.key === 'Escape' && ui.quickLook) {
        e.preventDefault();
        quickLook(null);
        return;
      }
      if (e.defaultPrevented || isEditable(e.target) || ui.confirm || ui.quickLook || ui.shortcuts || ui.view !== 'library') return;
      // From anywhere in the library that is not a text field: Space, Delete, Cmd/Ctrl+A.
      const inList = (e.target as HTMLElement | null)?.closest?.('[role="listbox"]');
      if (inList) return; // the listbox handles its own keys
      const sel = useSelection.getState();
      if (isMod(e) && (e.key === 'a' || e.key === 'A')) {
        e.preventDefault();
        selectAll();
        return;
      }
      if (e.key === ' ' && sel.focused && (e.target as HTMLElement).tagName !== 'BUTTON') {
        e.preventDefault();
        quickLook(sel.focused);
      } else if ((e.key === 'Delete' || e.key === 'Backspace') && (sel.ids.size || sel.all)) {
        e.preventDefault();
        void archiveSelection();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}

/** Files and folders dropped anywhere become uploads; a pasted image too. */
function useWindowDrop() {
  useEffect(() => {
    let depth = 0;
    const onEnter = (e: DragEvent) => {
      if (!isExternalFileDrag(e.dataTransfer)) return;
      depth++;
      useUi.setState({ dropActive: true });
    };
    const onOver = (e: DragEvent) => {
      if (!isExternalFileDrag(e.dataTransfer)) return;
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
    };
    const onLeave = (e: DragEvent) => {
      if (!isExternalFileDrag(e.dataTransfer)) return;
      depth = Math.max(0, depth - 1);
      if (depth === 0) useUi.setState({ dropActive: false });
    };
    // Capture phase: the overlay goes away even when a form field takes the drop itself.
    const onDropCapture = () => {
      depth = 0;
      useUi.setState({ dropActive: false });
    };
    const onDrop = (e: DragEvent) => {
      if (!e.dataTransfer || !isExternalFileDrag(e.dataTransfer)) return;
      e.preventDefault();
      void uploadDrop(snapshotDataTransfer(e.dataTransfer));
    };
    const onPaste = (e: ClipboardEvent) => {
      const files = Array.from(e.clipboardData?.files ?? []).filter((f) => f.type.startsWith('image/') || f.type.startsWith('video/') || f.type.startsWith('audio/'));
      if (!files.length) return;
      e.preventDefault();
      void startUploads(files.map((f) => (/^image\.(png|jpe?g|gif|webp)$/i.test(f.name) || !f.name ? namePasted(f) : f)));
    };
    window.addEventListener('dragenter', onEnter);
    window.addEventListener('dragover', onOver);
    window.addEventListener('dragleave', onLeave);
    window.addEventListener('drop', onDropCapture, true);
    window.addEventListener('drop', onDrop);
    window.addEventListener('paste', onPaste);
    return () => {
      window.removeEventListener('dragenter', onEnter);
      window.removeEventListener('dragover', onOver);
      window.removeEventListener('dragleave', onLeave);
      window.removeEventListener('drop', onDropCapture, true);
      window.removeEventListener('drop', onDrop);
      window.removeEventListener('paste', onPaste);
    };
  }, []);
}

/** The current view in the URL hash (so reloads and links keep the place). */
function useHashRoute() {
  const view = useUi((s) => s.view);
  useEffect(() => {
    const initial = viewFromHash();
    if (initial) showView(initial);
    const onHash = () => {
      const v = viewFromHash();
      if (v && v !== useUi.getState().view) showView(v);
    };
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  const shown = useRef<ViewName | null>(null);
  useEffect(() => {
    if (viewFromHash() !== view) history.replaceState(null, '', `#/${view}`);
    document.title = `${VIEW_LABEL[view]} — Atelier`;
    // A shortcut or a button that went away with the old view: focus lands on the new one
    // (not at start, where the page's own first Tab is right).
    if (shown.current && shown.current !== view) rescueFocus();
    shown.current = view;
  }, [view]);
}

export function App() {
  const view = useUi((s) => s.view);
  const ready = useLibrary((s) => s.firstLoaded);
  useGlobalKeys();
  useWindowDrop();
  useHashRoute();
  useEffect(() => {
    // Keep the inspector in step with the focused item when the selection is cleared elsewhere.
    return useSelection.subscribe((s, prev) => {
      if (!s.focused && prev.focused) void loadDetail(null);
    });
  }, []);
  return (
    <div className="app" id="app" data-app-state={ready ? 'ready' : 'loading'} data-view={view}>
      <Sidebar />
      <main className="main" aria-label={VIEW_LABEL[view]} tabIndex={-1}>
        {view === 'library' ? (
          <LibraryView />
        ) : view === 'generate' ? (
          <GenerateView />
        ) : view === 'activity' ? (
          <ActivityView />
        ) : view === 'projects' ? (
          <ProjectsView />
        ) : view === 'entities' ? (
          <EntitiesView />
        ) : view === 'video' ? (
          <NewVideoView />
        ) : (
          <SettingsView />
        )}
      </main>
      <StatusBar />
      <DropOverlay />
      <QuickLook />
      <Compare />
      <ConfirmDialog />
      <ShortcutsSheet />
      <Toasts />
      <Announcer />
      <FilePickers />
    </div>
  );
}
