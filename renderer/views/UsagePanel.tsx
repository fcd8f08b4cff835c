/**
 * Activity → Usage: each API budget the app spends from — what this window has used, what is
 * left, and when the next request may go if nothing is left. Read every few seconds while shown.
 */
import { useEffect, useState } from 'react';
import type { UsageView } from '../../main/contract';
import { api } from '../transport/client';

const REFRESH_MS = 5_000;

function clock(ms: number): string {
  return new Date(ms).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
}

function nextSlot(u: UsageView, now: number): string {
  if (u.remaining > 0) return 'Now';
  const mins = Math.max(1, Math.ceil((u.resetAt - now) / 60_000));
  return `At ${clock(u.resetAt)} (in ${mins} min)`;
}

export function UsagePanel() {
  const [rows, setRows] = useState<UsageView[] | null>(null);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    let live = true;
    const read = () =>
      void api()
        .invoke('app.usage', {})
        .then((r) => {
          if (!live) return;
          setRows(r);
          setNow(Date.now());
        })
        .catch(() => {});
    read();
    const t = setInterval(read, REFRESH_MS);
    return () => {
      live = false;
      clearInterval(t);
    };
  }, []);
  return (
    <section className="activity-section" aria-labelledby="usage-title">
      <header className="section-head">
        <h2 id="usage-title">Usage</h2>
        <span className="muted small">VideoGen counts per hour, Sync per minute, for your key</span>
      </header>
      {rows === null ? (
        <div className="skeleton arow-skeleton" />
      ) : rows.length === 0 ? (
        <p className="muted small">Nothing used in this window yet.</p>
      ) : (
        <table className="usage-table">
          <thead>
            <tr>
              <th scope="col">For</th>
              <th scope="col">Used</th>
              <th scope="col">Left</th>
              <th scope="col">Next request</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((u) => (
              <tr key={u.key} className={u.remaining === 0 ? 'is-empty' : undefined}>
                <th scope="row">
                  {u.label}
                  <span className="usage-service">{u.service === 'sync' ? 'Sync' : 'VideoGen'}</span>
                </th>
                <td>
                  <span className="usage-bar" aria-hidden="true">
                    <span style={{ inlineSize: `${Math.min(100, (u.used / u.limit) * 100)}%` }} />
                  </span>
                  {`${u.used.toLocaleString('en-US')} of ${u.limit.toLocaleString('en-US')}`}
                </td>
                <td>{u.remaining.toLocaleString('en-US')}</td>
                <td>{nextSlot(u, now)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
