/**
 * Spend: the spending-cap setting (Settings) and the totals panel (Activity). Figures are Sync's
 * estimates before each lip-sync; Sync reports no final charge, and the words say so.
 */
import { useEffect, useState } from 'react';
import type { Settings, SpendSummary, SpendTotals } from '../../main/contract';
import { api } from '../transport/client';

export const usd = (n: number) => `$${n.toFixed(2)}`;

export function SpendingCapField({ settings, onSave }: { settings: Settings | null; onSave: (patch: Partial<Settings>) => void }) {
  const saved = settings?.spendingCapUsd ?? null;
  const [text, setText] = useState(saved === null ? '' : String(saved));
  const [prev, setPrev] = useState(saved);
  if (prev !== saved) {
    setPrev(saved);
    setText(saved === null ? '' : String(saved));
  }
  const n = Number(text);
  const problem = text.trim() && !(n >= 0.01 && n <= 1_000_000) ? 'A cap is an amount from $0.01 to $1,000,000.' : null;
  const save = () => {
    if (problem) return;
    const next = text.trim() ? Math.round(n * 100) / 100 : null;
    if (next !== saved) onSave({ spendingCapUsd: next });
  };
  return (
    <div className="cap-field">
      <span className="cap-prefix" aria-hidden="true">
        $
      </span>
      <input
        className="input input-num"
        type="number"
        min={0.01}
        step={0.01}
        inputMode="decimal"
        aria-label="Monthly lip-sync cap (USD)"
        aria-invalid={problem ? true : undefined}
        aria-describedby={problem ? 'cap-error' : undefined}
        placeholder="No cap"
        value={text}
        disabled={!settings}
        onChange={(e) => setText(e.target.value)}
        onBlur={save}
        onKeyDown={(e) => {
          if (e.key === 'Enter') save();
        }}
      />
      {saved !== null ? (
        <button type="button" className="btn btn-ghost btn-sm" onClick={() => onSave({ spendingCapUsd: null })}>
          Remove cap
        </button>
      ) : null}
      {problem ? (
        <p className="field-error" id="cap-error" role="alert">
          {problem}
        </p>
      ) : null}
    </div>
  );
}

function Totals({ label, t }: { label: string; t: SpendTotals }) {
  return (
    <div className="spend-total">
      <dt>{label}</dt>
      <dd>
        <strong>{usd(t.usd)}</strong>
        <span className="muted small">
          {` · ${t.runs} lip-sync${t.runs === 1 ? '' : 's'}`}
          {t.unknown ? ` (+${t.unknown} without an estimate)` : ''}
        </span>
      </dd>
    </div>
  );
}

/** Activity → Spend: today and this month, against the cap when one is set. */
export function SpendPanel() {
  const [s, setS] = useState<SpendSummary | null>(null);
  useEffect(() => {
    let live = true;
    const read = () =>
      void api()
        .invoke('spend.summary', {})
        .then((r) => live && setS(r))
        .catch(() => {});
    read();
    const t = setInterval(read, 5_000);
    return () => {
      live = false;
      clearInterval(t);
    };
  }, []);
  return (
    <section className="activity-section" aria-labelledby="spend-title">
      <header className="section-head">
        <h2 id="spend-title">Spend</h2>
        <span className="muted small">Sync’s estimate before each lip-sync (Sync reports no final charge)</span>
      </header>
      {s ? (
        <dl className="spend">
          <Totals label="Today" t={s.today} />
          <Totals label="This month" t={s.month} />
          <div className="spend-total">
            <dt>Monthly cap</dt>
            <dd>{s.capUsd === null ? <span className="muted">None (set one in Settings)</span> : <strong>{`${usd(s.capUsd)} · ${usd(Math.max(0, s.capUsd - s.month.usd))} left`}</strong>}</dd>
          </div>
        </dl>
      ) : (
        <div className="skeleton arow-skeleton" />
      )}
    </section>
  );
}
