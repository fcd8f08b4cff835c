import { useEffect, useState } from 'react';
import { Icon } from '../../components/Icon';
import { useStatus } from '../../state/status';
import { syncLibraryNow } from '../../state/actions';
import { isMac } from '../../lib/platform';

/** "just now", "3 min ago", "2 h ago", or the date. */
export function syncedAgo(at: number, now: number): string {
  const s = Math.max(0, Math.round((now - at) / 1000));
  if (s < 60) return 'just now';
  const min = Math.floor(s / 60);
  if (min < 60) return `${min} min ago`;
  const h = Math.floor(min / 60);
  if (h < 24) return `${h} h ago`;
  return `on ${new Date(at).toLocaleDateString()}`;
}

/** "Last synced …" and "Sync now" (also Mod+Shift+S and the desktop menu's File → Sync Library Now). */
export function SyncNow() {
  const lib = useStatus((s) => s.status?.library);
  const online = useStatus((s) => s.online);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(t);
  }, []);
  const syncing = !!lib?.syncing;
  return (
    <div className="sync-now">
      <span className="sync-now-when muted" data-testid="last-synced">
        {syncing ? 'Syncing…' : lib?.syncedAt ? `Last synced ${syncedAgo(lib.syncedAt, Math.max(now, lib.syncedAt))}` : 'Not synced yet'}
      </span>
      <button
        type="button"
        className="btn btn-sm"
        onClick={() => void syncLibraryNow()}
        disabled={syncing || !online}
        title={`Fetch the whole library from VideoGen now (${isMac ? '⌘⇧S' : 'Ctrl+Shift+S'})`}
      >
        <Icon name="retry" size={14} />
        Sync now
      </button>
    </div>
  );
}
