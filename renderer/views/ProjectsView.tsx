/**
 * Projects: every whole video with its thumbnail (its newest export), status and workflow type,
 * from main's cache (so it shows offline). Each offers "Open in VideoGen", "Export MP4" (the
 * MP4 lands in the library) and "Remix…" (an ordered list of remix actions).
 */
import { useEffect, useRef, useState } from 'react';
import type { ProjectView } from '../../main/contract';
import { EXPORT_QUALITIES, exportQualityLabel, workflowLabel, type ExportQuality } from '../../main/contract/studio-catalog';
import { Icon } from '../components/Icon';
import { Thumb } from '../components/Media';
import { TopBar } from '../components/Shell';
import { formatRelative } from '../lib/format';
import { useDialogFocus } from '../lib/dialog-focus';
import { refreshProjects, useStudio } from '../state/studio';
import { useStatus } from '../state/status';
import { openInLibrary } from '../state/actions';
import { showView, toast, toastError } from '../state/ui';
import { api } from '../transport/client';
import { RemixEditor, remixParams, type RemixDraft } from './studio/RemixEditor';

export function ProjectsView() {
  const projects = useStudio((s) => s.projects);
  const loaded = useStudio((s) => s.projectsLoaded);
  const refreshing = useStudio((s) => s.refreshing);
  const online = useStatus((s) => s.online);
  const [remixing, setRemixing] = useState<ProjectView | null>(null);
  useEffect(() => {
    if (online) void refreshProjects();
  }, [online]);
  return (
    <div className="view view-projects">
      <TopBar title="Projects">
        <button type="button" className="btn btn-ghost" onClick={() => void refreshProjects()} disabled={refreshing || !online}>
          <Icon name="retry" />
          Refresh
        </button>
      </TopBar>
      <div className="projects-layout">
        {!online ? <p className="muted small projects-offline">Offline: these are the projects as last seen.</p> : null}
        {loaded && projects.length === 0 ? (
          <div className="empty">
            <h2>No projects yet</h2>
            <p className="muted">Make a whole video from a script, a voiceover, slides or a storyboard.</p>
            <button type="button" className="btn btn-primary" onClick={() => showView('video')}>
              <Icon name="plus" />
              New video
            </button>
          </div>
        ) : (
          <ul className="project-list" aria-label="Projects">
            {projects.map((p) => (
              <ProjectCard key={p.projectId} p={p} online={online} onRemix={() => setRemixing(p)} />
            ))}
          </ul>
        )}
      </div>
      {remixing ? <RemixDialog project={remixing} onClose={() => setRemixing(null)} /> : null}
    </div>
  );
}

function ProjectCard({ p, online, onRemix }: { p: ProjectView; online: boolean; onRemix: () => void }) {
  const [quality, setQuality] = useState<ExportQuality>('HIGH');
  const [busy, setBusy] = useState(false);
  const titleId = `project-${p.projectId}`;
  const exportMp4 = async () => {
    setBusy(true);
    try {
      await api().invoke('projects.export', { projectId: p.projectId, quality });
      toast({ kind: 'info', title: `Exporting “${p.title}”`, body: 'The MP4 lands in the library when it is ready; Activity shows its progress.' });
    } catch (err) {
      toastError('Export MP4', err);
    } finally {
      setBusy(false);
    }
  };
  const generating = p.status === 'generating';
  return (
    <li className="project" aria-labelledby={titleId}>
      <div className="project-thumb">
        {p.exportFileId ? (
          <button type="button" className="project-thumb-btn" onClick={() => openInLibrary(p.exportFileId!)} aria-label={`Open the export of ${p.title} in the library`}>
            <Thumb fileId={p.exportFileId} type="VIDEO" hasThumbnail />
          </button>
        ) : (
          <div className="thumb-placeholder thumb-video" aria-hidden="true">
            <Icon name="video" size={22} />
          </div>
        )}
      </div>
      <div className="project-main">
        <h2 className="project-title" id={titleId}>
          {p.title}
        </h2>
        <div className="project-meta">
          <span className={`badge badge-${generating ? 'running' : 'succeeded'}`}>{generating ? 'Generating' : 'Ready'}</span>
          <span className="muted small">{p.workflowType ? `${workflowLabel[p.workflowType]} video` : 'Video'}</span>
          <span className="muted small">
            {p.aspectRatio.width}:{p.aspectRatio.height}
          </span>
          <span className="muted small">updated {formatRelative(p.updatedAt)}</span>
        </div>
        <div className="project-actions">
          <a className="btn btn-ghost btn-sm" href={p.projectUrl} target="_blank" rel="noreferrer noopener">
            <Icon name="external" />
            Open in VideoGen
          </a>
          <label className="project-quality">
            <span className="small muted">Quality</span>
            <select className="select select-sm" value={quality} onChange={(e) => setQuality(e.target.value as ExportQuality)}>
              {EXPORT_QUALITIES.map((q) => (
                <option key={q} value={q}>
                  {exportQualityLabel[q]}
                </option>
              ))}
            </select>
          </label>
          <button type="button" className="btn btn-sm" onClick={() => void exportMp4()} disabled={busy || generating || !online} title={generating ? 'Wait until the project is ready' : undefined}>
            <Icon name="download" />
            Export MP4
          </button>
          <button type="button" className="btn btn-sm" onClick={onRemix} disabled={generating || !online}>
            <Icon name="sparkle" />
            Remix…
          </button>
        </div>
      </div>
    </li>
  );
}

function RemixDialog({ project, onClose }: { project: ProjectView; onClose: () => void }) {
  const ref = useRef<HTMLDivElement>(null);
  useDialogFocus(ref, true);
  const [actions, setActions] = useState<RemixDraft[]>([]);
  const [asNew, setAsNew] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    const built = remixParams(actions);
    if (typeof built === 'string') return setError(built);
    setBusy(true);
    try {
      await api().invoke('projects.remix', { projectId: project.projectId, remixActions: built as never, ...(asNew ? { saveAsNewProject: true } : {}) });
      toast({ kind: 'info', title: `Remixing “${project.title}”`, body: 'Activity shows each action’s progress. Export again to see the change.' });
      onClose();
    } catch (err) {
      setError((err as { message?: string }).message ?? String(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div
        ref={ref}
        className="dialog dialog-wide remix-dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby="remix-title"
        tabIndex={-1}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.stopPropagation();
            onClose();
          }
        }}
      >
        <h2 id="remix-title">{`Remix “${project.title}”`}</h2>
        <p className="muted small">Actions run in this order. Export the project afterwards to see the change.</p>
        <RemixEditor actions={actions} onChange={setActions} />
        <label className="switch-row">
          <span>
            <span className="switch-label">Save as a new project</span>
            <span className="switch-help">The original stays as it is</span>
          </span>
          <input type="checkbox" role="switch" className="switch" checked={asNew} onChange={(e) => setAsNew(e.target.checked)} />
        </label>
        {error ? (
          <div className="form-error" role="alert">
            {error}
          </div>
        ) : null}
        <div className="dialog-actions">
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="button" className="btn btn-primary" onClick={() => void submit()} disabled={busy || actions.length === 0}>
            Remix
          </button>
        </div>
      </div>
    </div>
  );
}
