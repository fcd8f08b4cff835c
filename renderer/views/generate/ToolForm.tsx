import { useEffect, useMemo, useRef, useState } from 'react';
import type { ContractError, CostEstimate } from '../../../main/contract';
import { api } from '../../transport/client';
import { Icon } from '../../components/Icon';
import { Field } from './Fields';
import {
  buildLipsync,
  buildParams,
  defaultValues,
  validate,
  visibleFields,
  type FieldValue,
  type FormValues,
  type ToolContext,
  type ToolDef,
} from '../../generate/tools';
import { removePending, resetForm, setBatch, setField, useGenerate } from '../../state/generate';
import { useUploads } from '../../state/uploads';
import { useStatus } from '../../state/status';
import { selectionCount, useSelection } from '../../state/selection';
import { useLibrary } from '../../state/library';
import { selectedIds } from '../../state/actions';
import { getFileSummary } from '../../components/FileChip';
import { confirmDialog, showView, toast, toastError } from '../../state/ui';
import { useSettings } from '../../state/settings';
import { isMod, MOD_LABEL } from '../../lib/platform';
import { typeLabel } from '../../lib/format';

const MAX_BATCH = 100;

/** Move uploads dropped onto a field into it once they are library files. */
function usePendingUploads(tool: ToolDef) {
  const pending = useGenerate((s) => s.pending[tool.id]);
  const uploads = useUploads((s) => s.byId);
  useEffect(() => {
    if (!pending) return;
    for (const [key, ids] of Object.entries(pending)) {
      const field = tool.fields.find((f) => f.key === key);
      if (!field) continue;
      for (const uid of ids) {
        const u = uploads.get(uid);
        if (!u) continue;
        if (u.state === 'ready' && u.fileId) {
          const cur = useGenerate.getState().forms[tool.id]?.[key] ?? defaultValues(tool)[key];
          let next: FieldValue;
          if (field.kind === 'files') {
            const list = [...((cur as string[]) ?? []), u.fileId];
            next = [...new Set(list)].slice(0, field.maxFiles ?? 4);
          } else if (field.kind === 'mediaRef') next = { kind: 'library', fileId: u.fileId };
          else next = u.fileId;
          setField(tool.id, key, next);
          removePending(tool.id, key, uid);
          if (field.derive) {
            const derive = field.derive;
            void getFileSummary(u.fileId).then((file) => {
              if (file?.type) for (const [k, x] of Object.entries(derive(file.type))) setField(tool.id, k, x);
            });
          }
        } else if (u.state === 'failed' || u.state === 'cancelled') {
          removePending(tool.id, key, uid);
          toast({ kind: 'error', title: `${u.name} was not added`, body: u.error?.message ?? `The upload was ${u.state}.` });
        }
      }
    }
  }, [pending, uploads, tool]);
  return pending ? Object.values(pending).reduce((n, l) => n + l.length, 0) : 0;
}

type Estimate = { value: CostEstimate | null; state: 'idle' | 'loading' | 'done' | 'error' };

function useLipsyncEstimate(tool: ToolDef, values: FormValues, ctx: ToolContext, valid: boolean, online: boolean): Estimate {
  const [got, setGot] = useState<{ body: string; est: Estimate } | null>(null);
  const body = useMemo(() => (tool.id === 'lipsync' && valid ? JSON.stringify(buildLipsync(values, ctx)) : null), [tool.id, valid, values, ctx]);
  useEffect(() => {
    if (!body || !online) return;
    let live = true;
    const t = setTimeout(() => {
      api()
        .invoke('lipsync.estimate', JSON.parse(body))
        .then(
          (value) => live && setGot({ body, est: { value, state: 'done' } }),
          () => live && setGot({ body, est: { value: null, state: 'error' } }),
        );
    }, 500);
    return () => {
      live = false;
      clearTimeout(t);
    };
  }, [body, online]);
  if (!body || !online) return { value: null, state: 'idle' };
  return got?.body === body ? got.est : { value: null, state: 'loading' };
}

export function ToolForm({ tool }: { tool: ToolDef }) {
  const stored = useGenerate((s) => s.forms[tool.id]);
  const values = useMemo(() => stored ?? defaultValues(tool), [stored, tool]);
  const voices = useGenerate((s) => s.voices);
  const models = useGenerate((s) => s.models);
  const batch = useGenerate((s) => s.batch);
  const online = useStatus((s) => s.online);
  const total = useLibrary((s) => s.total) ?? 0;
  const selCount = useSelection((s) => selectionCount(s, total));
  const languages = useGenerate((s) => s.languages);
  const ctx: ToolContext = useMemo(
    () => ({
      voices: voices.state === 'ready' ? voices.items : undefined,
      models: models.state === 'ready' ? models.items : undefined,
      languages: languages.state === 'ready' ? languages.items : undefined,
    }),
    [voices, models, languages],
  );
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());
  const [submitted, setSubmitted] = useState(false);
  const [busy, setBusy] = useState(false);
  const [formError, setFormError] = useState<ContractError | null>(null);
  const [showAdvanced, setShowAdvanced] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const pendingCount = usePendingUploads(tool);

  const batchParam = batch && tool.batchParam ? tool.batchParam : undefined;
  const errors = validate(tool, values, { ctx, batchParam });
  const valid = Object.keys(errors).length === 0;
  const estimate = useLipsyncEstimate(tool, values, ctx, valid, online);
  const fields = visibleFields(tool, values, ctx).filter((f) => f.key !== batchParam);
  const basic = fields.filter((f) => !f.advanced);
  const advanced = fields.filter((f) => f.advanced);
  const advancedErrors = advanced.some((f) => errors[f.key]);
  const shown = (key: string) => (submitted || touched.has(key) ? (errors[key] ?? null) : null);
  const batchAccept = tool.batchParam ? (tool.fields.find((f) => f.key === tool.batchParam)?.accept ?? []) : [];

  async function batchIds(): Promise<string[]> {
    const ids = await selectedIds();
    const sums = await Promise.all(ids.slice(0, 2000).map(getFileSummary));
    return sums.filter((s) => s?.type && batchAccept.includes(s.type)).map((s) => s!.fileId);
  }

  /** With a monthly cap set, a run whose estimate would pass it asks first. */
  async function withinCap(request: ReturnType<typeof buildLipsync>): Promise<boolean> {
    const cap = useSettings.getState().settings?.spendingCapUsd ?? null;
    if (cap === null) return true;
    const [est, spend] = await Promise.all([api().invoke('lipsync.estimate', request).catch(() => null), api().invoke('spend.summary', {})]);
    const cost = est?.usd ?? null;
    if (cost === null || spend.month.usd + cost <= cap) return true;
    return confirmDialog({
      title: 'Go past your monthly cap?',
      body: `This lip-sync is estimated at $${cost.toFixed(2)}. This month's lip-syncs come to $${spend.month.usd.toFixed(2)} of your $${cap.toFixed(2)} cap, so it would take you to $${(spend.month.usd + cost).toFixed(2)}.`,
      confirmLabel: 'Run anyway',
    });
  }

  async function submit() {
    setSubmitted(true);
    setFormError(null);
    if (!valid) {
      if (advancedErrors) setShowAdvanced(true);
      requestAnimationFrame(() => formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"], .has-error input, .has-error textarea, .has-error button')?.focus());
      return;
    }
    if (pendingCount > 0) {
      toast({ kind: 'info', title: 'Waiting for dropped files to finish uploading', body: 'Generate again once they are added.' });
      return;
    }
    setBusy(true);
    try {
      let runs = 1;
      if (tool.provider === 'sync') {
        const request = buildLipsync(values, ctx);
        if (!(await withinCap(request))) return;
        await api().invoke('lipsync.run', request);
      } else if (batchParam) {
        const ids = await batchIds();
        if (!ids.length) {
          setFormError({ code: 'invalid_input', message: `The selection has no ${batchAccept.map((t) => typeLabel(t).toLowerCase()).join(' or ')} files.` });
          return;
        }
        if (ids.length > MAX_BATCH) toast({ kind: 'info', title: `Running on the first ${MAX_BATCH} of ${ids.length} files` });
        const res = await api().invoke('tools.runBatch', {
          tool: tool.id,
          params: buildParams(tool, values, { ctx, batchParam }),
          fileParam: batchParam,
          fileIds: ids.slice(0, MAX_BATCH),
        });
        runs = res.executionIds.length;
      } else {
        await api().invoke('tools.run', { tool: tool.id, params: buildParams(tool, values, { ctx }) });
      }
      setSubmitted(false);
      setTouched(new Set());
      toast({
        kind: 'success',
        title: runs > 1 ? `${tool.label}: ${runs} runs queued` : `${tool.label} queued`,
        body: online ? undefined : 'You are offline: it runs when the connection returns.',
        action: { label: 'Activity', run: () => showView('activity') },
      });
    } catch (err) {
      setFormError(err as ContractError);
      toastError(tool.label, err);
    } finally {
      setBusy(false);
    }
  }

  const renderField = (f: (typeof fields)[number]) => (
    <Field
      key={f.key}
      toolId={tool.id}
      field={f}
      value={values[f.key] ?? null}
      error={shown(f.key)}
      onChange={(v) => {
        setField(tool.id, f.key, v);
        const ref = v as { kind?: string; fileId?: string } | null;
        const fileId = typeof v === 'string' ? v : ref?.kind === 'library' ? ref.fileId : undefined;
        if (f.derive && fileId) {
          void getFileSummary(fileId).then((file) => {
            if (file?.type) for (const [k, x] of Object.entries(f.derive!(file.type))) setField(tool.id, k, x);
          });
        }
      }}
      onBlur={() => setTouched((t) => (t.has(f.key) ? t : new Set(t).add(f.key)))}
    />
  );

  return (
    <form
      ref={formRef}
      className="tool-form"
      aria-label={`${tool.label} form`}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
      onKeyDown={(e) => {
        if (e.key === 'Enter' && isMod(e)) {
          e.preventDefault();
          void submit();
        }
      }}
    >
      {tool.batchParam ? (
        <div className={`batch-bar${batch ? ' is-on' : ''}`}>
          <label className="switch-row">
            <span>
              <span className="switch-label">Run on the library selection</span>
              <span className="switch-help">
                {selCount > 0
                  ? `One run per selected ${batchAccept.map((t) => typeLabel(t).toLowerCase()).join('/')} file (${selCount} selected, up to ${MAX_BATCH}).`
                  : 'Select files in the Library first (Shift/⌘-click, ⌘A).'}
              </span>
            </span>
            <input type="checkbox" role="switch" className="switch" checked={batch} disabled={selCount === 0 && !batch} onChange={(e) => setBatch(e.target.checked)} />
          </label>
        </div>
      ) : null}
      <div className="form-grid">{basic.map(renderField)}</div>
      {advanced.length ? (
        <div className="advanced">
          <button type="button" className="advanced-toggle" aria-expanded={showAdvanced} onClick={() => setShowAdvanced(!showAdvanced)}>
            <Icon name={showAdvanced ? 'chevronDown' : 'chevronRight'} size={12} />
            More options
            {advancedErrors && submitted ? <span className="badge badge-failed">check</span> : null}
          </button>
          {showAdvanced ? <div className="form-grid">{advanced.map(renderField)}</div> : null}
        </div>
      ) : null}
      {(submitted && errors['_form']) || formError ? (
        <div className="form-error" role="alert">
          <Icon name="warning" />
          <span>
            {submitted && errors['_form'] ? errors['_form'] : formError?.message}
            {formError && !(submitted && errors['_form']) ? <code className="form-error-code">{formError.code}</code> : null}
          </span>
        </div>
      ) : null}
      <footer className="form-footer">
        {tool.id === 'lipsync' ? (
          <span className="estimate" aria-live="polite">
            {estimate.state === 'loading'
              ? 'Estimating cost…'
              : estimate.state === 'done' && estimate.value
                ? `Estimated ${estimate.value.usd != null ? `$${estimate.value.usd.toFixed(2)}` : 'cost unknown'}${estimate.value.frames != null ? ` · ${estimate.value.frames.toLocaleString()} frames` : ''}`
                : estimate.state === 'error'
                  ? 'No estimate available'
                  : ''}
          </span>
        ) : null}
        {!online ? (
          <span className="form-offline">
            <Icon name="offline" size={14} /> Offline: it will wait in the queue
          </span>
        ) : null}
        <span className="form-footer-spacer" />
        <button type="button" className="btn btn-ghost" onClick={() => resetForm(tool.id)}>
          Reset
        </button>
        <button type="submit" className="btn btn-primary btn-lg" disabled={busy} aria-keyshortcuts={`${MOD_LABEL === '⌘' ? 'Meta' : 'Control'}+Enter`}>
          {busy ? <span className="spinner" aria-hidden="true" /> : <Icon name="sparkle" />}
          Generate
        </button>
        <kbd className="kbd-hint" aria-hidden="true">
          {MOD_LABEL}↵
        </kbd>
      </footer>
    </form>
  );
}
