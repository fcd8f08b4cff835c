/**
 * The native menu: app menu (macOS, with Check for Updates…), File (Sync Library Now), Edit roles (so
 * copy/paste/select-all work with the usual shortcuts), View (reload and devtools only in
 * development; zoom and full screen always), Window, Help (Show Logs; Check for Updates… on
 * Windows and Linux).
 */
import { Menu, type MenuItemConstructorOptions } from 'electron';

export interface MenuOptions {
  appName: string;
  isMac: boolean;
  isDev: boolean;
  onCheckForUpdates: () => void;
  onShowLogs: () => void;
  /** File → Sync Library Now: a full library pass (the renderer's "Sync now"). */
  onSyncLibrary?: () => void;
}

export const SYNC_LIBRARY = 'Sync Library Now';

export const CHECK_FOR_UPDATES = 'Check for Updates…';
export const SHOW_LOGS = 'Show Logs';

export function buildMenuTemplate({ appName, isMac, isDev, onCheckForUpdates, onShowLogs, onSyncLibrary }: MenuOptions): MenuItemConstructorOptions[] {
  const template: MenuItemConstructorOptions[] = [];
  const checkForUpdates: MenuItemConstructorOptions = { id: 'check-for-updates', label: CHECK_FOR_UPDATES, click: () => onCheckForUpdates() };
  const showLogs: MenuItemConstructorOptions = { id: 'show-logs', label: SHOW_LOGS, click: () => onShowLogs() };
  if (isMac) {
    template.push({
      label: appName,
      submenu: [
        { role: 'about' },
        checkForUpdates,
        { type: 'separator' },
        { role: 'services' },
        { type: 'separator' },
        { role: 'hide' },
        { role: 'hideOthers' },
        { role: 'unhide' },
        { type: 'separator' },
        { role: 'quit' },
      ],
    });
  }
  // The page handles Ctrl/Cmd+Shift+S itself (both hosts); the menu shows it without taking it.
  const syncLibrary: MenuItemConstructorOptions = {
    id: 'sync-library',
    label: SYNC_LIBRARY,
    accelerator: 'CmdOrCtrl+Shift+S',
    registerAccelerator: false,
    click: () => onSyncLibrary?.(),
  };
  template.push({ label: 'File', submenu: [syncLibrary, { type: 'separator' }, isMac ? { role: 'close' } : { role: 'quit' }] });
  template.push({
    label: 'Edit',
    submenu: [
      { role: 'undo' },
      { role: 'redo' },
      { type: 'separator' },
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      ...(isMac ? [{ role: 'pasteAndMatchStyle' } as const] : []),
      { role: 'delete' },
      { type: 'separator' },
      { role: 'selectAll' },
    ],
  });
  template.push({
    label: 'View',
    submenu: [
      ...(isDev
        ? [{ role: 'reload' } as const, { role: 'forceReload' } as const, { role: 'toggleDevTools' } as const, { type: 'separator' } as const]
        : []),
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
    ],
  });
  template.push({
    label: 'Window',
    submenu: isMac
      ? [{ role: 'minimize' }, { role: 'zoom' }, { type: 'separator' }, { role: 'front' }]
      : [{ role: 'minimize' }, { role: 'close' }],
  });
  template.push({ role: 'help', label: 'Help', submenu: isMac ? [showLogs] : [showLogs, { type: 'separator' }, checkForUpdates] });
  return template;
}

export function installMenu(opts: MenuOptions): void {
  Menu.setApplicationMenu(Menu.buildFromTemplate(buildMenuTemplate(opts)));
}
