import { useState, type ReactNode } from 'react';
import type { KeyStatus, Provider, Settings, Theme } from '../../main/contract';
import { Icon } from '../components/Icon';
import { TopBar } from '../components/Shell';
import { clearKey, setKey, updateSettings, useSettings } from '../state/settings';
import { useStatus } from '../state/status';
import { api } from '../transport/client';
import { confirmDialog, toast, toastError } from '../state/ui';
import { formatBytes, formatRelative } from '../lib/format';
import { onRadioGroupKeyDown, radioTabIndex } from '../lib/roving';

const PROVIDERS: Array<{ id: Provider; name: string; hint: string; where: string }> = [
  { id: 'videogen', name: 'VideoGen', hint: 'vg_…', where: 'app.videogen.io → Developers' },
  { id: 'sync', name: 'Sync', hint: 'sk-…', where: 'sync.so → API keys' },
];

function Row({ label, help, children }: { label: string; help?: ReactNode; children: ReactNode }) {
  return (
    <div className="setting-row">
      <div className="setting-text">
        <div className="setting-label">{label}</div>
        {help ? <div className="setting-help">{help}</div> : null}
      </div>
      <div className="setting-control">{children}</div>
    </div>
  );
}

function KeyRow({ p, status }: { p: (typeof PROVIDERS)[number]; status: KeyStatus | undefined }) {
  const [value, setValue] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const inputId = `key-${p.id}`;
  const save = async () => {
    const key = value.trim();
    if (key.length < 8) {
      setError('That is too short to be an API key.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const s = await setKey(p.id, key);
      setValue('');
      if (s.check && !s.check.ok) setError(s.check.message ?? 'The API did not accept this key.');
      else toast({ kind: 'success', title: `${p.name} key saved`, body: s.check?.account ? `Signed in as ${s.check.account}` : undefined });
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const remove = async () => {
    if (!(await confirmDialog({ title: `Remove the ${p.name} key?`, body: 'Atelier will stop sending requests to this API until you add a key again.', confirmLabel: 'Remove', danger: true }))) return;
    try {
      await clearKey(p.id);
    } catch (err) {
      toastError('Remove key', err);
    }
  };
  return (
    <div className="key-row">
      <div className="key-head">
        <Icon name="key" />
        <span className="setting-label">{p.name}</span>
        {status?.present ? (
          <span className="badge badge-ok" aria-label={`${p.name} key present, ending in ${status.last4 ?? ''}`}>
            Key ••••{status.last4}
          </span>
        ) : (
          <span className="badge badge-muted">No key</span>
        )}
        {status?.source ? <span className="muted small">from {status.source === 'keychain' ? 'the system keychain' : status.source === 'env' ? 'an environment variable' : 'the sandbox'}</span> : null}
        <span className="key-spacer" />
        {status?.check ? (
          <span className={`small ${status.check.ok ? 'text-ok' : 'text-failed'}`}>
            {status.check.ok ? `Checked ${formatRelative(status.check.at)}${status.check.account ? ` · ${status.check.account}` : ''}` : `Check failed: ${status.check.message ?? 'rejected'}`}
          </span>
        ) : null}
      </div>
      <form
        className="key-form"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <label htmlFor={inputId} className="visually-hidden">
          {p.name} API key
        </label>
        <input
          id={inputId}
          className="input"
          type="password"
          autoComplete="off"
          spellCheck={false}
          placeholder={status?.present ? `Replace the key (${p.hint})` : `Paste your ${p.name} key (${p.hint})`}
          value={value}
          onChange={(e) => setValue(e.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${inputId}-error` : `${inputId}-help`}
        />
        <button type="submit" className="btn btn-primary" disabled={busy || !value.trim()}>
          {busy ? <span className="spinner" aria-hidden="true" /> : null}
          Save and check
        </button>
        {status?.present && status.source !== 'env' && status.source !== 'sandbox' ? (
          <button type="button" className="btn btn-ghost" onClick={() => void remove()}>
            Remove
          </button>
        ) : null}
      </form>
      {error ? (
        <p className="field-error" id={`${inputId}-error`} role="alert">
          {error}
        </p>
      ) : (
        <p className="setting-help" id={`${inputId}-help`}>
          Get it at {p.where}. It is checked against the API, kept in the system keychain, and never shown again.
        </p>
      )}
    </div>
  );
}

const THEMES: readonly Theme[] = ['system', 'light', 'dark'];

const CACHE_CAPS = [0.5, 1, 2, 5, 10, 20, 50, 100].map((g) => Math.round(g * 1024 ** 3));

/** Desktop: the file manager shows the log file. Web host: the log opens in a new tab. */
async function showLogs(): Promise<void> {
  try {
    const shown = await api().invoke('app.showLogs', {});
    if (shown.url) window.open(shown.url, '_blank', 'noopener');
  } catch (err) {
    toastError('Show logs', err);
  }
}

export function SettingsView() {
  const settings = useSettings((s) => s.settings);
  const keys = useSettings((s) => s.keys);
  const info = useStatus((s) => s.info);
  const sandbox = useStatus((s) => s.status?.sandbox ?? false);
  const set = (patch: Partial<Settings>) => void updateSettings(patch).catch((err) => toastError('Settings', err));
  return (
    <div className="view view-settings">
      <TopBar title="Settings" />
      <div className="settings-layout">
        <section className="settings-section" aria-labelledby="s-keys">
          <h2 id="s-keys">API keys</h2>
          {sandbox ? <p className="notice">Sandbox mode: requests go to the local sandbox, not the real APIs.</p> : null}
          {PROVIDERS.map((p) => (
            <KeyRow key={p.id} p={p} status={keys?.[p.id]} />
          ))}
        </section>
        <section className="settings-section" aria-labelledby="s-app">
          <h2 id="s-app">Appearance</h2>
          <Row label="Theme" help="System follows your operating system.">
            <div className="segmented" role="radiogroup" aria-label="Theme" onKeyDown={(e) => settings && onRadioGroupKeyDown(e, THEMES, settings.theme, (theme) => set({ theme }))}>
              {THEMES.map((t, i) => (
                <button
                  key={t}
                  type="button"
                  role="radio"
                  aria-checked={settings?.theme === t}
                  tabIndex={radioTabIndex(settings?.theme === t, i, !!settings)}
                  className={`segmented-item${settings?.theme === t ? ' is-on' : ''}`}
                  onClick={() => set({ theme: t })}
                  disabled={!settings}
                >
                  {t === 'system' ? 'System' : t === 'light' ? 'Light' : 'Dark'}
                </button>
              ))}
            </div>
          </Row>
          <Row label="Notifications" help="Tell me when uploads and generations finish.">
            <input
              type="checkbox"
              role="switch"
              className="switch"
              aria-label="Notifications"
              checked={settings?.notifications ?? false}
              disabled={!settings}
              onChange={(e) => set({ notifications: e.target.checked })}
            />
          </Row>
        </section>
        <section className="settings-section" aria-labelledby="s-transfers">
          <h2 id="s-transfers">Uploads and storage</h2>
          <Row label="Upload concurrency" help="Files uploaded at the same time (1–8).">
            <div className="stepper">
              <input
                type="range"
                min={1}
                max={8}
                step={1}
                aria-label="Upload concurrency"
                value={settings?.uploadConcurrency ?? 3}
                disabled={!settings}
                onChange={(e) => set({ uploadConcurrency: Number(e.target.value) })}
              />
              <output className="stepper-value">{settings?.uploadConcurrency ?? '—'}</output>
            </div>
          </Row>
          <Row label="Media cache" help="Thumbnails and previews kept on this computer for offline use. Pinned files are always kept.">
            <select
              className="select"
              aria-label="Media cache size"
              value={settings ? String(CACHE_CAPS.reduce((best, c) => (Math.abs(c - settings.cacheCapBytes) < Math.abs(best - settings.cacheCapBytes) ? c : best), CACHE_CAPS[0]!)) : ''}
              disabled={!settings}
              onChange={(e) => set({ cacheCapBytes: Number(e.target.value) })}
            >
              {CACHE_CAPS.map((c) => (
                <option key={c} value={String(c)}>
                  {c >= 1024 ** 3 ? `${+(c / 1024 ** 3).toFixed(1)} GB` : formatBytes(c)}
                </option>
              ))}
            </select>
          </Row>
        </section>
        <section className="settings-section" aria-labelledby="s-about">
          <h2 id="s-about">About</h2>
          <Row label="Atelier" help={info ? `Version ${info.version} · ${info.host === 'web' ? 'web host' : 'desktop'} · ${info.platform}` : 'Loading…'}>
            <span />
          </Row>
          {info ? (
            <Row
              label="Database"
              help={<span className="setting-path">{`SQLite, ${info.sqlite.binding === 'electron' ? 'built for Electron' : 'built for Node'}: ${info.sqlite.path}`}</span>}
            >
              <span />
            </Row>
          ) : null}
          {info?.logFile ? (
            <Row label="Logs" help={<span className="setting-path">{info.logFile}</span>}>
              <button type="button" className="btn" onClick={() => void showLogs()}>
                Show logs
              </button>
            </Row>
          ) : null}
        </section>
      </div>
    </div>
  );
}
