/** Small form pieces shared by the whole-video forms, Projects and Actors & styles. */
import { useEffect, useId, useState, type ReactNode } from 'react';
import type { EntityType, FileType, PresenterView, TtsVoiceView } from '../../../main/contract';
import { FileChip } from '../../components/FileChip';
import { Icon } from '../../components/Icon';
import { loadEntities, useStudio } from '../../state/studio';
import { api } from '../../transport/client';
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

/** Files picked from the library (shown as chips, each removable). */
export function LibraryFiles({ label, accept, max, value, onChange, optional, help }: { label: string; accept: readonly FileType[]; max: number; value: string[]; onChange: (ids: string[]) => void; optional?: boolean; help?: string }) {
  const [open, setOpen] = useState(false);
  const id = useId();
  return (
    <div className="field field-files" role="group" aria-labelledby={`${id}-label`}>
      <div className="field-label-row">
        <span className="field-label-group">
          <span className="field-label" id={`${id}-label`}>
            {label}
          </span>
          {optional ? <span className="field-optional">optional</span> : null}
        </span>
      </div>
      <div className="file-chips">
        {value.map((f) => (
          <FileChip key={f} fileId={f} onRemove={() => onChange(value.filter((x) => x !== f))} />
        ))}
        {value.length < max ? (
          <button type="button" className="btn btn-ghost btn-sm" onClick={() => setOpen(true)}>
            <Icon name="plus" />
            {`Choose ${label.toLowerCase()}`}
          </button>
        ) : null}
      </div>
      {help ? <p className="field-help">{help}</p> : null}
      {open ? (
        <FilePicker
          accept={accept}
          max={max}
          already={value}
          title={`Choose ${label.toLowerCase()}`}
          onPick={(ids) => {
            onChange([...value, ...ids].slice(0, max));
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
