import { useEffect, useId, useLayoutEffect, useMemo, useRef, useState, type DragEvent, type KeyboardEvent, type ReactNode } from 'react';
import type { FileType, LocalSyncFileView } from '../../../main/contract';
import { Icon } from '../../components/Icon';
import { FileChip, getFileSummary, UploadingChip } from '../../components/FileChip';
import { FilePicker } from './FilePicker';
import { PromptHistory } from './PromptHistory';
import { ASPECT_PRESETS, type AspectPreset, type AspectValue, type FieldDef, type FieldValue, type MediaRef, type Pair, type SegmentValue } from '../../generate/tools';
import { LANGUAGE_CODE_PATTERN, LIPSYNC_LIMITS } from '../../../main/contract/tool-catalog';
import { useGenerate, loadLanguages, loadModels, loadPresenters, loadVoices, addPending, setField, showDeprecatedVoices } from '../../state/generate';
import { useUploads } from '../../state/uploads';
import { selectedIds } from '../../state/actions';
import { useSelection } from '../../state/selection';
import { LIBRARY_DRAG_TYPE, isExternalFileDrag, snapshotDataTransfer } from '../../lib/files';
import { startUploads, uploadDrop } from '../../components/AddFiles';
import { toast } from '../../state/ui';
import { formatBytes, typeLabel } from '../../lib/format';
import { kindOf, localFileInfo, prepareLocalFile, type SyncMediaType } from '../../lib/sync-files';
import { onRadioGroupKeyDown, radioTabIndex } from '../../lib/roving';
import { PresenterPicker, usePresenterVoice, voiceWords } from '../../components/Presenters';

/** "a video", "an audio", "an image or video". */
function withArticle(noun: string): string {
  return `${/^[aeiou]/i.test(noun) ? 'an' : 'a'} ${noun}`;
}

export interface FieldProps {
  toolId: string;
  field: FieldDef;
  value: FieldValue;
  error: string | null;
  onChange: (v: FieldValue) => void;
  onBlur: () => void;
}

function FieldFrame({ field, id, error, children, counter, wide, extra }: { field: FieldDef; id: string; error: string | null; children: ReactNode; counter?: string; wide?: boolean; extra?: ReactNode }) {
  return (
    <div className={`field field-${field.kind}${error ? ' has-error' : ''}${wide ? ' field-wide' : ''}`}>
      <div className="field-label-row">
        <span className="field-label-group">
          <label className="field-label" htmlFor={id} id={`${id}-label`}>
            {field.label}
          </label>
          {field.required ? null : <span className="field-optional">optional</span>}
        </span>
        {counter ? <span className="field-counter">{counter}</span> : null}
        {extra}
      </div>
      {children}
      {error ? (
        <p className="field-error" id={`${id}-error`} role="alert">
          {error}
        </p>
      ) : field.help ? (
        <p className="field-help" id={`${id}-help`}>
          {field.help}
        </p>
      ) : null}
    </div>
  );
}

function describedBy(id: string, field: FieldDef, error: string | null): string | undefined {
  if (error) return `${id}-error`;
  return field.help ? `${id}-help` : undefined;
}

export function Field(p: FieldProps) {
  const id = useId();
  const { field, value, error, onChange, onBlur } = p;
  const aria = { 'aria-invalid': error ? true : undefined, 'aria-describedby': describedBy(id, field, error) } as const;
  switch (field.kind) {
    case 'prompt':
    case 'textarea': {
      const s = (value as string) ?? '';
      return (
        <FieldFrame
          field={field}
          id={id}
          error={error}
          wide
          counter={field.maxLength && s.length > field.maxLength * 0.8 ? `${s.length} / ${field.maxLength}` : undefined}
          extra={field.kind === 'prompt' && field.key === 'prompt' ? <PromptHistory toolId={p.toolId} /> : undefined}
        >
          <textarea
            id={id}
            className={`textarea${field.kind === 'prompt' ? ' textarea-prompt' : ''}`}
            value={s}
            placeholder={field.placeholder}
            rows={field.kind === 'prompt' ? 4 : 5}
            onChange={(e) => onChange(e.target.value)}
            onBlur={onBlur}
            {...aria}
          />
        </FieldFrame>
      );
    }
    case 'text':
      return (
        <FieldFrame field={field} id={id} error={error}>
          <input id={id} className="input" type="text" value={(value as string) ?? ''} placeholder={field.placeholder} onChange={(e) => onChange(e.target.value)} onBlur={onBlur} {...aria} />
        </FieldFrame>
      );
    case 'int':
    case 'number':
      return (
        <FieldFrame field={field} id={id} error={error}>
          <input
            id={id}
            className="input input-num"
            type="number"
            inputMode={field.kind === 'int' ? 'numeric' : 'decimal'}
            min={field.min}
            max={field.max}
            step={field.step ?? (field.kind === 'int' ? 1 : 'any')}
            value={(value as string) ?? ''}
            onChange={(e) => onChange(e.target.value)}
            onBlur={onBlur}
            {...aria}
          />
        </FieldFrame>
      );
    case 'select':
      return (
        <FieldFrame field={field} id={id} error={error}>
          <select id={id} className="select" value={(value as string) ?? ''} onChange={(e) => onChange(e.target.value)} onBlur={onBlur} {...aria}>
            {field.options?.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        </FieldFrame>
      );
    case 'boolean':
      return (
        <div className="field field-boolean">
          <label className="switch-row" htmlFor={id}>
            <span>
              <span className="switch-label">{field.label}</span>
              {field.help ? <span className="switch-help">{field.help}</span> : null}
            </span>
            <input id={id} type="checkbox" role="switch" className="switch" checked={value === true} onChange={(e) => onChange(e.target.checked)} />
          </label>
        </div>
      );
    case 'aspectRatio':
      return <AspectField {...p} id={id} />;
    case 'files':
    case 'file':
      return <FilesField {...p} id={id} />;
    case 'voice':
      return <VoiceField {...p} id={id} />;
    case 'language':
      return <LanguageField {...p} id={id} />;
    case 'presenter':
      return <PresenterField {...p} id={id} />;
    case 'syncModel':
      return <ModelField {...p} id={id} />;
    case 'mediaRef':
      return <MediaRefField {...p} id={id} />;
    case 'pairs':
      return <PairsField {...p} id={id} />;
    case 'segments':
      return <SegmentsField {...p} id={id} />;
  }
}

const ASPECT_CHOICES: readonly AspectPreset[] = [...ASPECT_PRESETS, 'custom'];

function AspectField({ field, value, error, onChange, id }: FieldProps & { id: string }) {
  const a = (value as AspectValue) ?? { preset: '16:9', width: '16', height: '9' };
  const choose = (p: AspectPreset) => {
    if (p === 'custom') onChange({ ...a, preset: 'custom' });
    else {
      const [w, h] = p.split(':');
      onChange({ preset: p, width: w!, height: h! });
    }
  };
  const shape = (w: number, h: number) => {
    const s = 18 / Math.max(w, h);
    return { width: Math.max(6, w * s), height: Math.max(6, h * s) };
  };
  return (
    <FieldFrame field={field} id={id} error={error}>
      <div className="aspect" role="radiogroup" aria-labelledby={`${id}-label`} id={id} onKeyDown={(e) => onRadioGroupKeyDown(e, ASPECT_CHOICES, a.preset, choose)}>
        {ASPECT_PRESETS.map((p, i) => {
          const [w, h] = p.split(':').map(Number) as [number, number];
          return (
            <button
              key={p}
              type="button"
              role="radio"
              aria-checked={a.preset === p}
              tabIndex={radioTabIndex(a.preset === p, i, true)}
              className={`aspect-opt${a.preset === p ? ' is-on' : ''}`}
              onClick={() => choose(p)}
            >
              <span className="aspect-shape" style={shape(w, h)} aria-hidden="true" />
              {p}
            </button>
          );
        })}
        <button
          type="button"
          role="radio"
          aria-checked={a.preset === 'custom'}
          tabIndex={radioTabIndex(a.preset === 'custom', ASPECT_PRESETS.length, true)}
          className={`aspect-opt${a.preset === 'custom' ? ' is-on' : ''}`}
          onClick={() => choose('custom')}
        >
          Custom
        </button>
      </div>
      {a.preset === 'custom' ? (
        <div className="aspect-custom">
          <input className="input input-num" type="number" min={1} step={1} aria-label="Aspect width" value={a.width} onChange={(e) => onChange({ ...a, width: e.target.value })} />
          <span aria-hidden="true">:</span>
          <input className="input input-num" type="number" min={1} step={1} aria-label="Aspect height" value={a.height} onChange={(e) => onChange({ ...a, height: e.target.value })} />
        </div>
      ) : null}
    </FieldFrame>
  );
}

/** Drop handling shared by file fields: library items (by id) or files from the desktop (uploaded first). */
export function useFileDrop(accept: readonly FileType[], onIds: (ids: string[]) => void, onUploads: (uploadIds: string[]) => void, opts: { temporary?: boolean } = {}) {
  const [over, setOver] = useState(false);
  const handlers = {
    onDragOver: (e: DragEvent) => {
      const types = Array.from(e.dataTransfer.types);
      if (types.includes(LIBRARY_DRAG_TYPE) || types.includes('Files')) {
        e.preventDefault();
        e.dataTransfer.dropEffect = 'copy';
        if (!over) setOver(true);
      }
    },
    onDragLeave: (e: DragEvent) => {
      if (!(e.currentTarget as HTMLElement).contains(e.relatedTarget as Node)) setOver(false);
    },
    onDrop: async (e: DragEvent) => {
      setOver(false);
      const raw = e.dataTransfer.getData(LIBRARY_DRAG_TYPE);
      if (raw) {
        e.preventDefault();
        e.stopPropagation();
        const ids = JSON.parse(raw) as string[];
        const sums = await Promise.all(ids.map(getFileSummary));
        const ok = sums.filter((s) => s && s.type && accept.includes(s.type)).map((s) => s!.fileId);
        if (ok.length < ids.length) toast({ kind: 'error', title: `Only ${accept.map((t) => typeLabel(t).toLowerCase()).join(' or ')} files fit here` });
        if (ok.length) onIds(ok);
        return;
      }
      if (isExternalFileDrag(e.dataTransfer)) {
        e.preventDefault();
        e.stopPropagation();
        const ids = await uploadDrop(snapshotDataTransfer(e.dataTransfer), opts);
        if (ids.length) onUploads(ids);
      }
    },
  };
  return { over, handlers };
}

function PendingUploads({ toolId, fieldKey }: { toolId: string; fieldKey: string }) {
  const ids = useGenerate((s) => s.pending[toolId]?.[fieldKey]);
  const uploads = useUploads((s) => s.byId);
  if (!ids?.length) return null;
  return (
    <>
      {ids.map((id) => (
        <UploadingChip key={id} upload={uploads.get(id)} title="Uploading; it is added when ready" />
      ))}
    </>
  );
}

function FilesField({ toolId, field, value, error, onChange, id }: FieldProps & { id: string }) {
  const single = field.kind === 'file';
  const list: string[] = single ? (value ? [value as string] : []) : ((value as string[]) ?? []);
  const max = single ? 1 : (field.maxFiles ?? 4);
  const accept = field.accept ?? [];
  const [picking, setPicking] = useState(false);
  const selCount = useSelection((s) => (s.all ? 0 : s.ids.size));
  const setList = (ids: string[]) => {
    const uniq = [...new Set(ids)];
    if (single) onChange(uniq[uniq.length - 1] ?? null);
    else {
      if (uniq.length > max) toast({ kind: 'error', title: `At most ${max} ${field.label.toLowerCase()}`, body: `${uniq.length - max} left out.` });
      onChange(uniq.slice(0, max));
    }
  };
  // Files from this computer are scratch inputs: temporary unless the person says otherwise.
  const [temporary, setTemporary] = useState(true);
  const fromDisk = useRef<HTMLInputElement>(null);
  const onUploads = (uploadIds: string[]) => addPending(toolId, field.key, single ? uploadIds.slice(-1) : uploadIds);
  const { over, handlers } = useFileDrop(accept, (ids) => setList(single ? ids.slice(-1) : [...list, ...ids]), onUploads, { temporary });
  const addSelectionFiles = async () => {
    const ids = await selectedIds();
    const sums = await Promise.all(ids.slice(0, 50).map(getFileSummary));
    const ok = sums.filter((s) => s?.type && accept.includes(s.type)).map((s) => s!.fileId);
    if (!ok.length) toast({ kind: 'error', title: `No ${accept.map((t) => typeLabel(t).toLowerCase()).join(' or ')} files in the selection` });
    else setList(single ? ok.slice(0, 1) : [...list, ...ok]);
  };
  return (
    <FieldFrame field={field} id={id} error={error} wide counter={single ? undefined : `${list.length} / ${max}`}>
      <div id={id} className={`dropzone${over ? ' is-over' : ''}`} {...handlers} aria-labelledby={`${id}-label`} role="group" data-field={field.key}>
        <div className="dropzone-chips">
          {list.map((fid) => (
            <FileChip key={fid} fileId={fid} onRemove={() => setList(list.filter((x) => x !== fid))} />
          ))}
          <PendingUploads toolId={toolId} fieldKey={field.key} />
        </div>
        <div className="dropzone-actions">
          {list.length < max || single ? (
            <>
              <button type="button" className="btn btn-sm" onClick={() => setPicking(true)}>
                <Icon name="library" />
                {single && list.length ? 'Change…' : 'Choose from library…'}
              </button>
              {selCount > 0 ? (
                <button type="button" className="btn btn-sm btn-ghost" onClick={() => void addSelectionFiles()}>
                  Use selection ({selCount})
                </button>
              ) : null}
              <button type="button" className="btn btn-sm btn-ghost" onClick={() => fromDisk.current?.click()}>
                <Icon name="upload" />
                From this computer…
              </button>
              <span className="dropzone-hint">or drop {accept.map((t) => typeLabel(t).toLowerCase()).join('/')} files here</span>
              <input
                ref={fromDisk}
                type="file"
                hidden
                multiple={!single}
                accept={accept.map((t) => `${t.toLowerCase()}/*`).join(',')}
                onChange={async (e) => {
                  const files = Array.from(e.currentTarget.files ?? []);
                  e.currentTarget.value = '';
                  const ids = await startUploads(files, [], { temporary });
                  if (ids.length) onUploads(ids);
                }}
              />
            </>
          ) : (
            <span className="dropzone-hint">Maximum reached</span>
          )}
        </div>
        <label className="check-row small dropzone-temporary">
          <input type="checkbox" checked={temporary} onChange={(e) => setTemporary(e.target.checked)} />
          Temporary (VideoGen keeps files added from this computer at least 24 hours, then may archive them)
        </label>
        {over ? <div className="dropzone-over">Drop to add as {field.label.toLowerCase()}</div> : null}
      </div>
      {picking ? (
        <FilePicker
          title={`Choose ${field.label.toLowerCase()}`}
          accept={accept}
          max={max}
          already={single ? [] : list}
          onClose={() => setPicking(false)}
          onPick={(ids) => {
            setPicking(false);
            setList(single ? ids : [...list, ...ids]);
          }}
        />
      ) : null}
    </FieldFrame>
  );
}

function ResourceState({ state, error, retry, what }: { state: string; error: { message: string } | null; retry: () => void; what: string }) {
  if (state === 'loading' || state === 'idle') return <p className="field-help">Loading {what}…</p>;
  if (state === 'error')
    return (
      <p className="field-error" role="alert">
        Could not load {what}: {error?.message}{' '}
        <button type="button" className="btn-link" onClick={retry}>
          Retry
        </button>
      </p>
    );
  return null;
}

function VoiceField({ field, value, error, onChange, onBlur, id }: FieldProps & { id: string }) {
  const voices = useGenerate((s) => s.voices);
  const withDeprecated = useGenerate((s) => s.voicesWithDeprecated);
  useEffect(() => void loadVoices(), []);
  const usable = voices.items.filter((v) => v.supportsDirectToolExecution);
  const byLang = new Map<string, typeof usable>();
  for (const v of usable) {
    const l = v.languageCode;
    byLang.set(l, [...(byLang.get(l) ?? []), v]);
  }
  const toggleDeprecated = (on: boolean) => {
    // A deprecated voice that is about to be hidden is no longer chosen.
    if (!on && voices.items.find((v) => v.voiceId === value)?.deprecated) onChange('');
    void showDeprecatedVoices(on);
  };
  return (
    <FieldFrame field={field} id={id} error={error}>
      <select id={id} className="select" value={(value as string) ?? ''} onChange={(e) => onChange(e.target.value)} onBlur={onBlur} aria-invalid={error ? true : undefined} disabled={voices.state !== 'ready'}>
        <option value="">{voices.state === 'ready' ? `Choose a voice (${usable.length})` : 'Loading voices…'}</option>
        {[...byLang.entries()]
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([lang, vs]) => (
            <optgroup key={lang} label={lang}>
              {vs.map((v) => (
                <option key={v.voiceId} value={v.voiceId}>
                  {v.displayName} · {v.gender.toLowerCase()}
                  {v.accent ? ` · ${v.accent}` : ''}
                  {v.deprecated ? ' (deprecated)' : ''}
                </option>
              ))}
            </optgroup>
          ))}
      </select>
      <label className="check-row small">
        <input type="checkbox" checked={withDeprecated} onChange={(e) => toggleDeprecated(e.target.checked)} />
        Show deprecated voices
      </label>
      {voices.items.find((v) => v.voiceId === value)?.deprecated ? (
        <p className="field-help">This voice is deprecated: it still works, but VideoGen may remove it.</p>
      ) : null}
      <ResourceState state={voices.state} error={voices.error} retry={() => void loadVoices(true)} what="voices" />
    </FieldFrame>
  );
}

/**
 * A language from VideoGen's list, searchable: an ARIA 1.2 combobox (type to filter by name or
 * code, arrows to move, Enter to choose, Escape to close). Only two-letter ISO 639-1 codes, which
 * is what the request takes. The value is the code; empty means no hint.
 */
function LanguageField({ field, value, error, onChange, onBlur, id }: FieldProps & { id: string }) {
  const languages = useGenerate((s) => s.languages);
  useEffect(() => void loadLanguages(), []);
  const listId = `${id}-listbox`;
  const code = typeof value === 'string' ? value : '';
  const usable = useMemo(() => languages.items.filter((l) => LANGUAGE_CODE_PATTERN.test(l.languageCode)).sort((a, b) => a.name.localeCompare(b.name)), [languages.items]);
  const chosen = usable.find((l) => l.languageCode === code) ?? null;
  const [text, setText] = useState<string | null>(null); // null: not typing, show the chosen name
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const query = (text ?? '').trim().toLowerCase();
  const matches = text === null || query === '' ? usable : usable.filter((l) => l.name.toLowerCase().includes(query) || l.languageCode === query);
  const shown = text ?? (chosen ? chosen.name : code);
  const choose = (code: string) => {
    onChange(code);
    setText(null);
    setOpen(false);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      if (!open) {
        setOpen(true);
        setActive(0);
        return;
      }
      const n = matches.length;
      if (n) setActive((a) => (e.key === 'ArrowDown' ? (a + 1) % n : (a - 1 + n) % n));
    } else if (e.key === 'Enter' && open) {
      e.preventDefault();
      const pick = matches[active];
      if (pick) choose(pick.languageCode);
    } else if (e.key === 'Escape' && (open || text !== null)) {
      e.preventDefault();
      setOpen(false);
      setText(null);
    }
  };
  const activeOption = open ? matches[active] : undefined;
  return (
    <FieldFrame field={field} id={id} error={error}>
      <div className="combobox">
        <input
          id={id}
          className="input"
          role="combobox"
          aria-expanded={open && matches.length > 0}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={activeOption ? `${listId}-${activeOption.languageCode}` : undefined}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy(id, field, error)}
          autoComplete="off"
          spellCheck={false}
          placeholder={languages.state === 'ready' ? `Any (${usable.length} languages)` : 'Loading languages…'}
          value={shown}
          disabled={languages.state !== 'ready' && !languages.items.length}
          onChange={(e) => {
            setText(e.target.value);
            setActive(0);
            setOpen(true);
            if (e.target.value.trim() === '') onChange('');
          }}
          onClick={() => setOpen(true)}
          onKeyDown={onKeyDown}
          onBlur={() => {
            // Typed text that names a language exactly chooses it; anything else goes back.
            const exact = usable.find((l) => l.name.toLowerCase() === query || l.languageCode === query);
            if (text !== null && exact) onChange(exact.languageCode);
            setText(null);
            setOpen(false);
            onBlur();
          }}
        />
        {code ? (
          <button type="button" className="btn btn-icon btn-ghost combobox-clear" aria-label="Clear the language" onClick={() => choose('')}>
            <Icon name="close" />
          </button>
        ) : null}
        <ul id={listId} role="listbox" aria-label="Languages" className="combobox-list" hidden={!open || matches.length === 0}>
          {open
            ? matches.map((l, i) => (
                <li
                  key={l.languageCode}
                  id={`${listId}-${l.languageCode}`}
                  role="option"
                  aria-selected={l.languageCode === code}
                  className={`combobox-option${i === active ? ' is-active' : ''}`}
                  onMouseDown={(e) => e.preventDefault()}
                  onClick={() => choose(l.languageCode)}
                >
                  {l.name} <span className="muted mono">{l.languageCode}</span>
                </li>
              ))
            : null}
        </ul>
      </div>
      {open && matches.length === 0 ? (
        <p className="field-help" role="status">
          No language matches “{text}”.
        </p>
      ) : null}
      <ResourceState state={languages.state} error={languages.error} retry={() => void loadLanguages(true)} what="languages" />
    </FieldFrame>
  );
}

function PresenterField({ field, value, error, onChange, id }: FieldProps & { id: string }) {
  const presenters = useGenerate((s) => s.presenters);
  useEffect(() => void loadPresenters(), []);
  const chosen = typeof value === 'string' ? value : '';
  return (
    <FieldFrame field={field} id={id} error={error} wide>
      <PresenterPicker presenters={presenters.items} value={chosen} onChange={onChange} labelledBy={`${id}-label`} id={id} />
      <p className="field-help">Point at a presenter, or move to one with the keyboard, to see them speak.</p>
      {chosen ? <MatchingVoice presenterId={chosen} /> : null}
      <ResourceState state={presenters.state} error={presenters.error} retry={() => void loadPresenters(true)} what="presenters" />
    </FieldFrame>
  );
}

/** The avatar speaks the audio file given; the voice VideoGen matches with the presenter is shown for reference. */
function MatchingVoice({ presenterId }: { presenterId: string }) {
  const match = usePresenterVoice(presenterId);
  return (
    <p className="presenter-voice small" role="status">
      {match.state === 'loading'
        ? 'Finding the voice VideoGen matches with this presenter…'
        : match.state === 'error'
          ? `Couldn’t find the matching voice: ${match.message}`
          : match.state === 'done'
            ? match.voice
              ? `Matching voice: ${voiceWords(match.voice)}`
              : 'VideoGen matches no voice best with this presenter.'
            : ''}
    </p>
  );
}

function ModelField({ field, value, error, onChange, onBlur, id }: FieldProps & { id: string }) {
  const models = useGenerate((s) => s.models);
  useEffect(() => void loadModels(), []);
  const list = models.items.length ? models.items : [{ id: (value as string) || 'sync-3', name: (value as string) || 'sync-3', type: 'lipsync', acceptsImage: true, deprecated: false }];
  return (
    <FieldFrame field={field} id={id} error={error}>
      <select id={id} className="select" value={(value as string) ?? ''} onChange={(e) => onChange(e.target.value)} onBlur={onBlur}>
        {list.map((m) => (
          <option key={m.id} value={m.id}>
            {m.name}
            {m.acceptsImage ? ' · image or video' : ''}
            {m.deprecated ? ' (deprecated)' : ''}
          </option>
        ))}
      </select>
      <ResourceState state={models.state === 'ready' ? 'ready' : models.state} error={models.error} retry={() => void loadModels(true)} what="models" />
    </FieldFrame>
  );
}

function MediaRefField({ toolId, field, value, error, onChange, onBlur, id }: FieldProps & { id: string }) {
  const [localError, setLocalError] = useState<string | null>(null);
  const shown = localError ?? error;
  return (
    <FieldFrame field={field} id={id} error={shown} wide>
      <SyncMediaInput
        id={id}
        toolId={toolId}
        fieldKey={field.key}
        label={field.label}
        accept={field.accept ?? []}
        value={value as MediaRef | null}
        invalid={!!shown}
        onChange={(ref, type) => {
          onChange(ref);
          if (type && field.derive) for (const [k, x] of Object.entries(field.derive(SYNC_TO_FILE_TYPE[type]))) setField(toolId, k, x);
        }}
        onBlur={onBlur}
        onProblem={setLocalError}
        pendingUploads
      />
    </FieldFrame>
  );
}

const SYNC_TO_FILE_TYPE: Record<SyncMediaType, FileType> = { video: 'VIDEO', image: 'IMAGE', audio: 'AUDIO' };
const FILE_TO_SYNC_TYPE: Partial<Record<FileType, SyncMediaType>> = { VIDEO: 'video', IMAGE: 'image', AUDIO: 'audio' };

/**
 * One lip-sync input: a library file ("Choose from library…"), a file on this computer ("Choose a
 * file on this computer…", or dropped from the desktop: it goes to Sync directly, see
 * lib/sync-files.ts), or a URL. A library tile dragged in counts as a library file.
 */
export function SyncMediaInput({
  id,
  toolId,
  fieldKey,
  label,
  accept,
  value: ref,
  invalid,
  onChange,
  onBlur,
  onProblem,
  pendingUploads = false,
}: {
  id: string;
  toolId: string;
  fieldKey: string;
  label: string;
  accept: readonly FileType[];
  value: MediaRef | null;
  invalid: boolean;
  onChange: (ref: MediaRef | null, type?: SyncMediaType) => void;
  onBlur?: () => void;
  onProblem: (problem: string | null) => void;
  /** Library drags of files still uploading to VideoGen are followed (the main inputs only). */
  pendingUploads?: boolean;
}) {
  const [mode, setMode] = useState<'file' | 'url'>(ref?.kind === 'url' ? 'url' : 'file');
  const [picking, setPicking] = useState(false);
  const [sending, setSending] = useState<{ name: string; size: number } | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const kinds = accept.map((t) => FILE_TO_SYNC_TYPE[t]).filter((t): t is SyncMediaType => !!t);
  const pendingIds = useGenerate((s) => s.pending[toolId]?.[fieldKey]);
  const { over, handlers } = useFileDrop(
    accept,
    (ids) => {
      onProblem(null);
      onChange({ kind: 'library', fileId: ids[ids.length - 1]! });
    },
    (uploadIds) => addPending(toolId, fieldKey, uploadIds.slice(-1)),
  );
  const takeLocal = async (file: File) => {
    onProblem(null);
    setSending({ name: file.name, size: file.size });
    try {
      const got = await prepareLocalFile(file, kinds);
      onChange({ kind: 'path', path: got.path }, got.type);
    } catch (err) {
      onProblem((err as Error).message);
    } finally {
      setSending(null);
    }
  };
  const onDrop = async (e: DragEvent) => {
    // A file from the desktop goes to Sync from this computer (both hosts): no library upload.
    if (!e.dataTransfer.types.includes(LIBRARY_DRAG_TYPE) && isExternalFileDrag(e.dataTransfer)) {
      const f = e.dataTransfer.files[0];
      if (f) {
        e.preventDefault();
        e.stopPropagation();
        await takeLocal(f);
        return;
      }
    }
    await handlers.onDrop(e);
  };
  const nouns = withArticle(accept.map((t) => typeLabel(t).toLowerCase()).join(' or '));
  return (
    <>
      <div className="segmented segmented-sm" role="group" aria-label={`${label} source`}>
        {(['file', 'url'] as const).map((m) => (
          <button key={m} type="button" className={`segmented-item${mode === m ? ' is-on' : ''}`} aria-pressed={mode === m} onClick={() => setMode(m)}>
            {m === 'file' ? 'File' : 'URL'}
          </button>
        ))}
      </div>
      {mode === 'url' ? (
        <input
          id={id}
          className="input"
          type="url"
          aria-label={label}
          placeholder="https://…"
          value={ref?.kind === 'url' ? ref.url : ''}
          onChange={(e) => onChange(e.target.value ? { kind: 'url', url: e.target.value } : null)}
          onBlur={onBlur}
          aria-invalid={invalid ? true : undefined}
        />
      ) : (
        <div id={id} className={`dropzone${over ? ' is-over' : ''}`} {...handlers} onDrop={(e) => void onDrop(e)} role="group" aria-label={label} data-field={fieldKey}>
          <div className="dropzone-chips">
            {ref?.kind === 'library' ? <FileChip fileId={ref.fileId} onRemove={() => onChange(null)} /> : null}
            {ref?.kind === 'path' && !sending ? <LocalFileChip path={ref.path} kinds={kinds} onRemove={() => onChange(null)} onProblem={onProblem} /> : null}
            {sending ? (
              <span className="file-chip file-chip-pending file-chip-local" role="status">
                <span className="file-chip-thumb">
                  <span className="spinner" aria-hidden="true" />
                </span>
                <span className="file-chip-name">{sending.name}</span>
                <span className="file-chip-meta">{formatBytes(sending.size)} · preparing…</span>
              </span>
            ) : null}
            {pendingUploads && pendingIds?.length ? <PendingUploads toolId={toolId} fieldKey={fieldKey} /> : null}
          </div>
          <div className="dropzone-actions">
            <button type="button" className="btn btn-sm" onClick={() => setPicking(true)}>
              <Icon name="library" />
              Choose from library…
            </button>
            <button type="button" className="btn btn-sm" disabled={!!sending} onClick={() => fileInput.current?.click()}>
              <Icon name="upload" />
              Choose a file on this computer…
            </button>
            <span className="dropzone-hint">or drop {nouns} file here</span>
            <input
              ref={fileInput}
              type="file"
              hidden
              tabIndex={-1}
              aria-hidden="true"
              accept={kinds.map((t) => `${t}/*`).join(',')}
              onChange={(e) => {
                const f = e.target.files?.[0];
                e.target.value = '';
                if (f) void takeLocal(f);
              }}
            />
          </div>
          {over ? <div className="dropzone-over">Drop to use</div> : null}
        </div>
      )}
      {picking ? (
        <FilePicker
          title={`Choose ${label.toLowerCase()}`}
          accept={accept}
          max={1}
          already={[]}
          onClose={() => setPicking(false)}
          onPick={(ids) => {
            setPicking(false);
            onProblem(null);
            if (ids[0]) onChange({ kind: 'library', fileId: ids[0] });
          }}
        />
      ) : null}
    </>
  );
}

/** A file on this computer: its name and size as main sees them now (or why Sync can't have it). */
function LocalFileChip({ path, kinds, onRemove, onProblem }: { path: string; kinds: readonly SyncMediaType[]; onRemove: () => void; onProblem: (p: string | null) => void }) {
  const [info, setInfo] = useState<LocalSyncFileView | null>(null);
  const name = path.split(/[\\/]/).pop() ?? path;
  const type = kindOf({ name, type: '' }, kinds) ?? kinds[0] ?? 'video';
  useEffect(() => {
    let live = true;
    localFileInfo(path, type).then(
      (i) => {
        if (!live) return;
        setInfo(i);
        onProblem(i.problem);
      },
      () => undefined,
    );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- onProblem is a state setter's wrapper; asking again per render is not wanted
  }, [path, type]);
  return (
    <span className={`file-chip file-chip-local${info?.problem ? ' is-missing' : ''}`} title={path}>
      <span className="file-chip-thumb">
        <Icon name={type === 'audio' ? 'audio' : type === 'image' ? 'image' : 'video'} size={14} />
      </span>
      <span className="file-chip-name">{info?.name ?? name}</span>
      {info && !info.problem ? <span className="file-chip-meta">{formatBytes(info.size)} · on this computer</span> : null}
      <button type="button" className="file-chip-remove" aria-label={`Remove ${info?.name ?? name}`} onClick={onRemove}>
        <Icon name="close" size={12} />
      </button>
    </span>
  );
}

const EMPTY_SEGMENT: SegmentValue = { start: '', end: '', audio: null, audioStart: '', audioEnd: '' };

/** Lip-sync segments: each a time range of the video with its own audio (and, optionally, the part of that audio to use). */
function SegmentsField({ toolId, field, value, error, onChange, id }: FieldProps & { id: string }) {
  const list = (value as SegmentValue[] | null) ?? [];
  const [problems, setProblems] = useState<Record<number, string | null>>({});
  // Changes apply to the latest list, not the one of the render that made the callback: a
  // file chosen for a segment's audio reports once it has been sent to the host, and the person
  // may have typed the segment's times meanwhile.
  const latest = useRef(list);
  useLayoutEffect(() => {
    latest.current = list;
  });
  const set = (i: number, patch: Partial<SegmentValue>) => {
    const next = latest.current.map((g, j) => (j === i ? { ...g, ...patch } : g));
    latest.current = next;
    onChange(next);
  };
  const full = list.length >= LIPSYNC_LIMITS.segments.max;
  return (
    <FieldFrame field={field} id={id} error={error} wide>
      <div className="segments" id={id}>
        {list.map((g, i) => {
          const n = i + 1;
          const num = (key: 'start' | 'end' | 'audioStart' | 'audioEnd', label: string, optional = false) => (
            <label className="segment-time">
              <span>
                {label}
                {optional ? <span className="field-optional"> optional</span> : null}
              </span>
              <input
                className="input input-num"
                type="number"
                inputMode="decimal"
                min={0}
                max={LIPSYNC_LIMITS.seconds.max}
                step="any"
                aria-label={`Segment ${n} ${label.toLowerCase()} (seconds)`}
                value={g[key]}
                onChange={(e) => set(i, { [key]: e.target.value })}
              />
            </label>
          );
          return (
            <fieldset key={i} className="segment">
              <legend>Segment {n}</legend>
              <div className="segment-times">
                {num('start', 'Start')}
                {num('end', 'End')}
                {num('audioStart', 'Audio from', true)}
                {num('audioEnd', 'Audio to', true)}
                <button type="button" className="btn btn-ghost btn-sm segment-remove" onClick={() => {
                    const next = latest.current.filter((_, j) => j !== i);
                    latest.current = next;
                    onChange(next);
                  }}>
                  <Icon name="close" size={12} />
                  Remove segment {n}
                </button>
              </div>
              <SyncMediaInput
                id={`${id}-s${n}`}
                toolId={toolId}
                fieldKey={`segment-${n}-audio`}
                label={`Segment ${n} audio`}
                accept={['AUDIO']}
                value={g.audio}
                invalid={!!problems[i]}
                onChange={(ref) => set(i, { audio: ref })}
                onProblem={(p) => setProblems((x) => (x[i] === p ? x : { ...x, [i]: p }))}
              />
              {problems[i] ? (
                <p className="field-error" role="alert">
                  {problems[i]}
                </p>
              ) : null}
            </fieldset>
          );
        })}
        <button type="button" className="btn btn-sm btn-ghost" disabled={full} onClick={() => onChange([...latest.current, { ...EMPTY_SEGMENT }])}>
          <Icon name="plus" />
          Add segment
        </button>
      </div>
    </FieldFrame>
  );
}

function PairsField({ field, value, error, onChange, id }: FieldProps & { id: string }) {
  const pairs = (value as Pair[]) ?? [];
  const set = (i: number, patch: Partial<Pair>) => onChange(pairs.map((p, j) => (j === i ? { ...p, ...patch } : p)));
  return (
    <FieldFrame field={field} id={id} error={error} wide>
      <div className="pairs" id={id}>
        {pairs.map((p, i) => (
          <div key={i} className="pair">
            <input className="input" aria-label={`Word ${i + 1}`} placeholder="Word" value={p.original} onChange={(e) => set(i, { original: e.target.value })} />
            <Icon name="chevronRight" size={12} />
            <input className="input" aria-label={`Say it as ${i + 1}`} placeholder="Say it as" value={p.replacement} onChange={(e) => set(i, { replacement: e.target.value })} />
            <button type="button" className="btn btn-ghost btn-icon btn-sm" aria-label={`Remove pronunciation ${i + 1}`} onClick={() => onChange(pairs.filter((_, j) => j !== i))}>
              <Icon name="close" size={12} />
            </button>
          </div>
        ))}
        <button type="button" className="btn btn-sm btn-ghost" onClick={() => onChange([...pairs, { original: '', replacement: '' }])}>
          <Icon name="plus" />
          Add pronunciation
        </button>
      </div>
    </FieldFrame>
  );
}
