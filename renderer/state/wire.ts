import type { EventPayload, StoreTable } from '../../main/contract';
import { api, setClient, type Client } from '../transport/client';
import { applyExecution, loadExecutions, refreshExecutions } from './executions';
import { invalidateLibrary, loadDetail, reloadLibrary, useLibrary } from './library';
import { refreshSemantic } from './search';
import { applyTheme, loadKeys, loadSettings, useSettings } from './settings';
import { applyStatus, useStatus } from './status';
import { applyUploadProgress, loadUploads, refreshUploadRows, refreshUploads } from './uploads';
import { loadProjects } from './studio';
import { loadCollections, loadTags, organizeChanged } from './organize';
import { toast, toastError } from './ui';
import { coalesce } from '../lib/throttle';
import { announce, createFinishAnnouncer } from '../lib/announce';

/** Library invalidations are coalesced: during a sync the files table changes many times a second. */
let pendingFileIds: Set<string> | null = new Set();
const flushFiles = coalesce(() => {
  const ids = pendingFileIds;
  pendingFileIds = new Set();
  invalidateLibrary(ids ? [...ids] : undefined);
}, 300);

function noteFiles(ids: string[] | undefined): void {
  if (!ids) pendingFileIds = null;
  else if (pendingFileIds) for (const id of ids) pendingFileIds.add(id);
  flushFiles();
}

/** Bruno's rule: refresh only the views whose tables changed. */
export function onStoreChanged(p: EventPayload<'store.changed'>): void {
  const tables = new Set<StoreTable>(p.tables);
  if (tables.has('files')) noteFiles(p.ids?.files);
  if (tables.has('collections')) {
    organizeChanged('collections');
    // The library shows a collection whose files changed: read it again.
    if (useLibrary.getState().filter.collectionId !== undefined) reloadLibrary();
  }
  else if (tables.has('files')) organizeChanged('files');
  if (tables.has('uploads')) {
    // Named rows are read alone; a change too large to name them reloads the list once.
    if (p.ids?.uploads) refreshUploadRows(p.ids.uploads);
    else refreshUploads();
  }
  // Execution rows arrive whole with `execution.updated`: a change that names its rows needs no
  // reload; only one too large to name them (a bulk write) reloads the list.
  if (tables.has('executions') && !p.ids?.executions) refreshExecutions();
  if (tables.has('settings')) void loadSettings().catch(() => {});
  if (tables.has('projects')) void loadProjects().catch(() => {});
  if (tables.has('keys')) void loadKeys().catch(() => {});
  if (tables.has('media_cache')) {
    const { detailId } = useLibrary.getState();
    const ids = p.ids?.media_cache;
    if (detailId && (!ids || ids.includes(detailId))) void loadDetail(detailId);
  }
}

async function loadAll(): Promise<void> {
  const c = api();
  const tasks: Array<[string, Promise<unknown>]> = [
    ['Loading app info', c.invoke('app.info', {}).then((info) => useStatus.setState({ info }))],
    ['Loading status', c.invoke('app.status', {}).then(applyStatus)],
    ['Loading settings', loadSettings()],
    ['Loading API keys', loadKeys()],
    ['Loading uploads', loadUploads()],
    ['Loading activity', loadExecutions()],
    ['Loading projects', loadProjects()],
    ['Loading collections', loadCollections()],
    ['Loading tags', loadTags()],
  ];
  await Promise.all(tasks.map(([what, p]) => p.catch((err: unknown) => toastError(what, err))));
}

/** Connect the stores to the host: subscribe to every event, then load the first state. */
export async function startApp(client: Client): Promise<void> {
  setClient(client);
  client.subscribe('store.changed', onStoreChanged);
  client.subscribe('upload.progress', applyUploadProgress);
  client.subscribe('execution.updated', applyExecution);
  client.subscribe('app.status', applyStatus);
  client.subscribe('connectivity.changed', ({ online }) => {
    const was = useStatus.getState().online;
    useStatus.setState({ online });
    if (online && !was) refreshSemantic();
  });
  const finishes = createFinishAnnouncer((text) => announce(text));
  client.subscribe('work.finished', (w) => {
    // Each piece of work once. Successes are read out (grouped) whatever the setting; failures
    // are read as their error notification appears.
    if (!finishes.finished(w)) return;
    // Failures always show; "done" messages follow the notifications setting.
    if (w.ok && useSettings.getState().settings?.notifications === false) return;
    toast({ kind: w.ok ? 'success' : 'error', title: w.title, body: w.body, silent: w.ok });
  });

  let lostLink = false;
  useStatus.setState({ link: client.linkState() });
  client.onLinkState((link) => {
    useStatus.setState({ link });
    if (link === 'closed') lostLink = true;
    if (link === 'open' && lostLink) {
      // Events were missed while the socket was down: reload everything once.
      lostLink = false;
      void loadAll();
      reloadLibrary();
    }
  });

  useSettings.subscribe((s, prev) => {
    if (s.settings?.theme !== prev.settings?.theme && s.settings) applyTheme(s.settings.theme);
  });

  await loadAll();
}
