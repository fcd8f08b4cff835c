import { Icon } from './Icon';
import { lowBudgets, useStatus } from '../state/status';
import { showView } from '../state/ui';

/**
 * A short name for a budget key: "videogen:POST /v1/files/{id}/hydrate" → "VideoGen hydrate",
 * "videogen:POST /v1/tools/*" → "VideoGen tools", "sync:POST /v2/generate" → "Sync generate".
 */
export function budgetName(endpoint: string): string {
  const [provider, rest] = endpoint.includes(':') ? [endpoint.slice(0, endpoint.indexOf(':')), endpoint.slice(endpoint.indexOf(':') + 1)] : ['', endpoint];
  const parts = (rest.split(' ').pop() ?? rest).split('/').filter((p) => p && !/^v\d+$/.test(p) && !p.startsWith('{') && p !== '*');
  const last = parts[parts.length - 1] ?? rest;
  const who = provider === 'videogen' ? 'VideoGen ' : provider === 'sync' ? 'Sync ' : '';
  return `${who}${last}`;
}

/** Budget reset times may come in seconds or milliseconds. */
function resetTime(resetAt: number): string {
  return new Date(resetAt < 1e12 ? resetAt * 1000 : resetAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}

const count = (n: number) => n.toLocaleString('en-US');

export function StatusBar() {
  const online = useStatus((s) => s.online);
  const link = useStatus((s) => s.link);
  const status = useStatus((s) => s.status);
  const low = lowBudgets(status);
  const q = status?.queue;
  const lib = status?.library;
  return (
    <footer className="statusbar" aria-label="Status">
      {link !== 'open' ? (
        <span className="status-item status-warn" role="status">
          <span className="dot dot-warn" aria-hidden="true" />
          {link === 'connecting' ? 'Connecting to Atelier…' : 'Reconnecting to Atelier…'}
        </span>
      ) : online ? (
        <span className="status-item" role="status">
          <span className="dot dot-ok" aria-hidden="true" />
          Online
        </span>
      ) : (
        <span className="status-item status-offline" role="status" title="The library, thumbnails and cached previews still work; new work waits in the queue.">
          <Icon name="offline" size={14} />
          Offline
        </span>
      )}
      {status?.keysRejected?.length ? (
        <button type="button" className="status-item status-link status-warn" onClick={() => showView('settings')} title="Work that needs this key is paused until a working key is saved in Settings.">
          <Icon name="warning" size={14} />
          {status.keysRejected.map((p) => (p === 'sync' ? 'Sync' : 'VideoGen')).join(' and ')} key rejected: work paused
        </button>
      ) : null}
      {status?.sandbox ? <span className="badge badge-accent" title="Talking to the local sandbox, not the real APIs">Sandbox</span> : null}
      {q && (q.uploads > 0 || q.executions > 0 || q.processing > 0) ? (
        <button type="button" className="status-item status-link" onClick={() => showView('activity')}>
          {[
            q.uploads > 0
              ? status?.uploadsWaitUntil != null
                ? `${count(q.uploads)} ${q.uploads === 1 ? 'upload' : 'uploads'} (VideoGen’s hourly limit: more at ${resetTime(status.uploadsWaitUntil)})`
                : `${count(q.uploads)} uploading`
              : null,
            q.executions > 0 ? `${count(q.executions)} generating` : null,
            q.processing > 0 ? `${count(q.processing)} processing` : null,
          ]
            .filter(Boolean)
            .join(' · ')}
        </button>
      ) : (
        <span className="status-item status-muted">Queue empty</span>
      )}
      {lib?.syncing && online && link === 'open' ? (
        <span className="status-item status-muted">
          Syncing library{lib.progress != null ? ` ${Math.round(lib.progress * (lib.progress <= 1 ? 100 : 1))}%` : '…'}
        </span>
      ) : null}
      <span className="status-spacer" />
      {low.map((b) => (
        <span
          key={b.endpoint}
          className="status-item status-warn"
          title={`${b.endpoint}: ${b.remaining} of ${b.limit} requests left; resets at ${resetTime(b.resetAt)}`}
        >
          <Icon name="warning" size={14} />
          {budgetName(b.endpoint)}: {Math.round((b.remaining / b.limit) * 100)}% of the rate budget left
        </span>
      ))}
      {lib ? <span className="status-item status-muted">{lib.total.toLocaleString()} files</span> : null}
    </footer>
  );
}
