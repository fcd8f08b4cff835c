import { useCallback, useState } from 'react';
import type { UploadView } from '../../main/contract';
import { useShallow } from 'zustand/react/shallow';
import { api } from '../transport/client';
import { Icon } from '../components/Icon';
import { TopBar } from '../components/Shell';
import { UsagePanel } from './UsagePanel';
import { SpendPanel } from './SpendCap';
import { ACTIVE_EXECUTION_STATES, useExecutions } from '../state/executions';
import { uploadDigest } from '../state/upload-digest';
import { ACTIVE_UPLOAD_STATES, useUploads } from '../state/uploads';
import { toastError } from '../state/ui';
import { ExecutionRow } from './ActivityRows';
import { UploadList } from './ActivityUploads';

type Filter = 'all' | 'active' | 'done' | 'failed';

function matches(f: Filter, active: boolean, failed: boolean): boolean {
  if (f === 'all') return true;
  if (f === 'active') return active;
  if (f === 'failed') return failed;
  return !active && !failed;
}

export function ActivityView() {
  const [filter, setFilter] = useState<Filter>('all');
  const execIds = useExecutions(
    useShallow((s) =>
      s.order.filter((id) => {
        const e = s.byId.get(id)!;
        return matches(filter, ACTIVE_EXECUTION_STATES.has(e.status), e.status === 'failed' || e.status === 'cancelled');
      }),
    ),
  );
  const execs = useExecutions((s) => s.byId);
  const execLoaded = useExecutions((s) => s.loaded);
  const keepUpload = useCallback((u: UploadView) => matches(filter, ACTIVE_UPLOAD_STATES.has(u.state), u.state === 'failed' || u.state === 'cancelled'), [filter]);
  const uploadCount = useUploads(() => {
    const d = uploadDigest();
    return filter === 'all' ? d.active + d.failed + d.done : filter === 'active' ? d.active : filter === 'failed' ? d.failed : d.done;
  });
  const uploadsLoaded = useUploads((s) => s.loaded);
  const finishedUploads = useUploads(() => uploadDigest().failed + uploadDigest().done > 0);

  return (
    <div className="view view-activity">
      <TopBar title="Activity" />
      <div className="activity-layout">
        <div className="segmented activity-filter" role="group" aria-label="Show">
          {(['all', 'active', 'done', 'failed'] as const).map((f) => (
            <button key={f} type="button" className={`segmented-item${filter === f ? ' is-on' : ''}`} aria-pressed={filter === f} onClick={() => setFilter(f)}>
              {f === 'all' ? 'All' : f === 'active' ? 'In progress' : f === 'done' ? 'Finished' : 'Failed'}
            </button>
          ))}
        </div>
        <section className="activity-section" aria-labelledby="gen-title">
          <header className="section-head">
            <h2 id="gen-title">Generations</h2>
            <span className="muted">{execIds.length || ''}</span>
          </header>
          {!execLoaded ? (
            <div className="skeleton arow-skeleton" />
          ) : execIds.length === 0 ? (
            <div className="empty small-empty">
              <Icon name="sparkle" size={20} />
              <p>{filter === 'all' ? 'Nothing generated yet. Runs from Generate show up here.' : 'Nothing here.'}</p>
            </div>
          ) : (
            <ul className="arows">
              {execIds.map((id) => (
                <ExecutionRow key={id} e={execs.get(id)!} />
              ))}
            </ul>
          )}
        </section>
        <section className="activity-section" aria-labelledby="up-title">
          <header className="section-head">
            <h2 id="up-title">Uploads</h2>
            <span className="muted">{uploadCount ? uploadCount.toLocaleString('en-US') : ''}</span>
            <span className="section-spacer" />
            {finishedUploads ? (
              <button type="button" className="btn btn-ghost btn-sm" onClick={() => void api().invoke('uploads.clearFinished', {}).catch((err) => toastError('Clear', err))}>
                Clear finished
              </button>
            ) : null}
          </header>
          {!uploadsLoaded ? (
            <div className="skeleton arow-skeleton" />
          ) : uploadCount === 0 ? (
            <div className="empty small-empty">
              <Icon name="upload" size={20} />
              <p>{filter === 'all' ? 'No uploads. Drop files anywhere in the window, or use Add files.' : 'Nothing here.'}</p>
            </div>
          ) : (
            <UploadList keep={filter === 'all' ? null : keepUpload} />
          )}
        </section>
        <SpendPanel />
        <UsagePanel />
      </div>
    </div>
  );
}
