/** Small form pieces shared by the whole-video forms, Projects and Actors & styles. */
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import type { EntityType, FileType, PresenterView, TtsVoiceView, UploadView } from '../../../main/contract';
import { startUploads } from '../../components/AddFiles';
import { FileChip, getFileSummary, UploadingChip } from '../../components/FileChip';
import { typeLabel } from '../../lib/format';
import { useKept } from '../../state/kept';
import { useUploads } from '../../state/uploads';
import type { Rows } from '../../state/row-list';
import { toast } from '../../state/ui';
import { Icon } from '../../components/Icon';
import { loadEntities, useStudio } from '../../state/studio';
import { api } from '../../transport/client';
import { useFileDrop } from '../generate/Fields';
import { FilePicker } from '../generate/FilePicker';

/** A labelled control: `children(id)` renders the control with that id. */
export function Labeled({ label, optional, help, wide, children }: { label: string; optional?: boolean; help?: string; wide?: boolean; children: (id: string, describedBy?: string) => ReactNode }) {
  const id = useId();
  return (
    <div className={`field${wide ? ' field-wide' : ''}`}>
      <div className="field-label-row">
        <span className="field-label-group">
          <label className="field-label" htmlFor={id} id={`${id}-label`}>
            {label}
          </label>
          {optional ? <span className="field-optional">optional</span> : null}
        </span>
      </div>
      {children(id, help ? `${id}-help` : undefined)}
      {help ? (
        <p className="field-help" id={`${id}-help`}>
          {help}
        </p>
      ) : null}
    </div>
  );
}

export function Select<T extends string>({ label, value, options, onChange, optional, help }: { label: string; value: T; options: ReadonlyArray<{ value: T; label: string }>; onChange: (v: T) => void; optional?: boolean; help?: string }) {
  return (
    <Labeled label={label} optional={optional} help={help}>
      {(id, d) => (
        <select id={id} className="select" value={value} aria-describedby={d} onChange={(e) => onChange(e.target.value as T)}>
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </Labeled>
  );
}

/** What the "this computer" chooser offers for each file type (a hint to the OS dialog; VideoGen decides the type). */
const ACCEPT: Record<FileType, string> = {
  IMAGE: 'image/*',
  VIDEO: 'video/*',
  AUDIO: 'audio/*',
  PDF: '.pdf,application/pdf',
  SLIDESHOW: '.pptx,.ppt,application/vnd.openxmlformats-officedocument.presentationml.presentation,application/vnd.ms-powerpoint',
};
const NO_IDS: string[] = [];
const typeWords = (accept: readonly FileType[]) => accept.map((t) => (t === 'SLIDESHOW' ? 'PowerPoint' : t === 'PDF' ? 'PDF' : typeLabel(t).toLowerCase())).join(' or ');

/**
 * Files for a whole-video form: picked from the library ("Choose from library…"), or added from
 * this computer ("Choose a file on this computer…", or dropped on the field). A file from this
 * computer is uploaded to the library like any other, shown with its progress, and used once
 * VideoGen has it; one of the wrong kind is refused with the reason.
 */
export function LibraryFiles({ label, accept, max, value, onChange, optional, help, keepAs }: { label: string; accept: readonly FileType[]; max: number; value: string[]; onChange: (ids: string[]) => void; optional?: boolean; help?: string; keepAs?: string }) {
  const [open, setOpen] = useState(false);
  const id = useId();
  // Uploads on their way into this field; kept with the form when it is kept (`keepAs`).
  const [pending, setPending] = useKept<string[]>(`pending:${keepAs ?? id}`, NO_IDS);
  const uploads = useUploads((s) => s.byId);
  const input = useRef<HTMLInputElement>(null);
  const latest = useRef(value);
  useEffect(() => {
    latest.current = value;
  }, [value]);
  const add = (ids: string[]) => {
    const next = [...new Set([...latest.current, ...ids])];
    if (next.length > max) toast({ kind: 'error', title: `At most ${max} ${label.toLowerCase()}`, body: max === 1 ? 'Remove the one chosen first.' : `${next.length - max} left out.` });
    latest.current = next.slice(0, max);
    onChange(latest.current);
  };
  const checked = async (ids: string[]) => {
    const sums = await Promise.all(ids.map(getFileSummary));
    const ok = sums.filter((s) => s?.type && accept.includes(s.type)).map((s) => s!.fileId);
    if (ok.length < ids.length) {
      const wrong = sums.find((s) => !(s?.type && accept.includes(s.type)));
      toast({ kind: 'error', title: `${wrong?.displayName ?? 'That file'} is not a ${typeWords(accept)} file`, body: `${label} takes ${typeWords(accept)} files only.` });
    }
    if (ok.length) add(ok);
  };

  // Uploads from this computer join the field once VideoGen has them.
  useEffect(() => {
    if (!pending.length) return;
    const settle = (byId: Rows<UploadView>) => {
      const settled: string[] = [];
      const ready: string[] = [];
      for (const uid of pending) {
        const u = byId.get(uid);
        if (!u) continue;
        if (u.state === 'ready' && u.fileId) {
          settled.push(uid);
          ready.push(u.fileId);
        } else if (u.state === 'failed' || u.state === 'cancelled') {
          settled.push(uid);
          toast({ kind: 'error', title: `${u.name} was not added`, body: u.error?.message ?? `The upload was ${u.state}.` });
        }
      }
      if (!settled.length) return;
      setPending((p) => p.filter((x) => !settled.includes(x)));
      if (ready.length) void checked(ready);
    };
    const first = setTimeout(() => settle(useUploads.getState().byId), 0);
    const stop = useUploads.subscribe((st) => settle(st.byId));
    return () => {
      clearTimeout(first);
      stop();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `checked` reads the latest value through a ref
  }, [pending]);

  const fromComputer = async (files: File[], paths: readonly string[] = []) => {
    const room = max - latest.current.length - pending.length;
    if (room <= 0) {
      toast({ kind: 'error', title: `At most ${max} ${label.toLowerCase()}`, body: max === 1 ? 'Remove the one chosen first.' : 'Remove one first.' });
      return;
    }
    const ids = await startUploads(files.slice(0, room), paths.slice(0, Math.max(0, room - files.length)));
    if (ids.length) setPending((p) => [...p, ...ids]);
  };

  // Drops as on every file field: library files (checked by type) or files from the desktop (uploaded first).
  const { over, handlers: dropHandlers } = useFileDrop(accept, add, (uploadIds) => setPending((p) => [...p, ...uploadIds]));
  const full = value.length + pending.length >= max;
  return (
    <div className="field field-files field-wide">
      <div className="field-label-row">
        <span className="field-label-group">
          <span className="field-label" id={`${id}-label`}>
            {label}
          </span>
          {optional ? <span className="field-optional">optional</span> : null}
        </span>
      </div>
      <div
        className={`dropzone${over ? ' is-over' : ''}`}
        role="group"
        aria-labelledby={`${id}-label`}
        aria-describedby={help ? `${id}-help` : undefined}
        {...dropHandlers}
      >
        <div className="dropzone-chips">
          {value.map((f) => (
            <FileChip key={f} fileId={f} onRemove={() => onChange(value.filter((x) => x !== f))} />
          ))}
          {pending.map((uid) => (
            <UploadingChip key={uid} upload={uploads.get(uid)} title="Uploading; it is used when VideoGen has it" />
          ))}
        </div>
        <div className="dropzone-actions">
          {full ? (
            <span className="dropzone-hint">{max === 1 ? 'Remove it to choose another' : 'Maximum reached'}</span>
          ) : (
            <>
              <button type="button" className="btn btn-sm" onClick={() => setOpen(true)}>
                <Icon name="library" />
                Choose from library…
              </button>
              <button type="button" className="btn btn-sm btn-ghost" onClick={() => input.current?.click()}>
                <Icon name="plus" />
                Choose a file on this computer…
              </button>
              <span className="dropzone-hint">{`or drop ${typeWords(accept)} files here`}</span>
            </>
          )}
        </div>
        {over ? <div className="dropzone-over">{`Drop to add as ${label.toLowerCase()}`}</div> : null}
        <input
          ref={input}
          type="file"
          hidden
          tabIndex={-1}
          aria-hidden="true"
          data-testid={`computer-file-${label.toLowerCase().replace(/\W+/g, '-')}`}
          accept={accept.map((t) => ACCEPT[t]).join(',')}
          multiple={max > 1}
          onChange={(e) => {
            const files = Array.from(e.target.files ?? []);
            e.target.value = '';
            if (files.length) void fromComputer(files);
          }}
        />
      </div>
      {help ? (
        <p className="field-help" id={`${id}-help`}>
          {help}
        </p>
      ) : null}
      {open ? (
        <FilePicker
          accept={accept}
          max={max}
          already={value}
          title={`Choose ${label.toLowerCase()}`}
          onPick={(ids) => {
            add(ids);
            setOpen(false);
          }}
          onClose={() => setOpen(false)}
        />
      ) : null}
    </div>
  );
}

/** An entity of one type, or none. Loads the entities the first time one is needed. */
export function EntitySelect({ label, type, value, onChange, optional = true }: { label: string; type: EntityType; value: string; onChange: (id: string) => void; optional?: boolean }) {
  const entities = useStudio((s) => s.entities);
  const loaded = useStudio((s) => s.entitiesLoaded);
  useEffect(() => {
    if (!loaded) void loadEntities();
  }, [loaded]);
  const options = [{ value: '', label: 'None' }, ...entities.filter((e) => e.entityType === type).map((e) => ({ value: e.entityId, label: e.name }))];
  return <Select label={label} value={value} options={options} onChange={onChange} optional={optional} />;
}

let voicesCache: Promise<TtsVoiceView[]> | null = null;
let presentersCache: Promise<PresenterView[]> | null = null;
let languagesCache: Promise<Array<{ languageCode: string; name: string }>> | null = null;

/** Voices, presenters and languages for narration (each asked for once per session). */
export function useNarrationResources() {
  const [voices, setVoices] = useState<TtsVoiceView[]>([]);
  const [presenters, setPresenters] = useState<PresenterView[]>([]);
  const [languages, setLanguages] = useState<Array<{ languageCode: string; name: string }>>([]);
  useEffect(() => {
    let live = true;
    voicesCache ??= api().invoke('resources.voices', {}).catch(() => ((voicesCache = null), []));
    presentersCache ??= api().invoke('resources.presenters', {}).catch(() => ((presentersCache = null), []));
    languagesCache ??= api().invoke('resources.languages', {}).catch(() => ((languagesCache = null), []));
    void voicesCache.then((v) => live && setVoices(v));
    void presentersCache.then((p) => live && setPresenters(p));
    void languagesCache.then((l) => live && setLanguages(l));
    return () => {
      live = false;
    };
  }, []);
  return { voices, presenters, languages };
}
