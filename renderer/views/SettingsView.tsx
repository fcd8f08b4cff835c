import { useState, type ReactNode } from 'react';
import type { KeyStatus, KeyStorageView, Provider, Settings, Theme } from '../../main/contract';
import { Icon } from '../components/Icon';
import { SpendingCapField } from './SpendCap';
import { TopBar } from '../components/Shell';
import { chooseEncryptedKeyFile, clearKey, setKey, updateSettings, useSettings } from '../state/settings';
import { useStatus } from '../state/status';
import { api } from '../transport/client';
import { confirmDialog, toast, toastError } from '../state/ui';
import { formatBytes, formatRelative } from '../lib/format';
import { onRadioGroupKeyDown, radioTabIndex } from '../lib/roving';
import { WebhooksSection } from './settings/WebhooksSection';

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

/** Where a saved key goes, in the words of the help line ("kept in …"). */
function keptIn(storage: KeyStorageView | null): string | null {
  switch (storage?.kind) {
    case 'keychain':
      return `kept in the system keychain${storage.name ? ` (${storage.name})` : ''}`;
    case 'safe-storage':
      return 'sealed with the system keychain (Electron safeStorage)';
    case 'encrypted-file':
      return 'kept in the key file encrypted with your passphrase';
    case 'memory':
      return 'kept in memory until Atelier quits';
    default:
      return null;
  }
}

function sourceWords(source: KeyStatus['source']): string | null {
  switch (source) {
    case 'keychain':
      return 'from the system keychain';
    case 'encrypted-file':
      return 'from the encrypted key file';
    case 'plain-file':
      return 'from a plain-text file an earlier version left';
    case 'env':
      return 'from an environment variable';
    case 'sandbox':
      return 'from the sandbox';
    default:
      return null;
  }
}

/**
 * Where keys are kept. With a keychain it says which; with none it says so plainly and offers the
 * encrypted file — only as the person's explicit choice, with a passphrase they type.
 */
function KeyStorageRow({ storage }: { storage: KeyStorageView | null }) {
  const [open, setOpen] = useState(false);
  const [passphrase, setPassphrase] = useState('');
  const [confirm, setConfirm] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (!storage || storage.kind === 'memory') return null;
  const unlocking = storage.kind === 'encrypted-file' && storage.locked;
  const creating = storage.kind === 'none';
  const submit = async () => {
    if (passphrase.length < 8) return setError('Use a passphrase of at least 8 characters.');
    if (creating && passphrase !== confirm) return setError('The two passphrases are not the same.');
    setBusy(true);
    setError(null);
    try {
      await chooseEncryptedKeyFile(passphrase);
      setPassphrase('');
      setConfirm('');
      setOpen(false);
      toast({ kind: 'success', title: unlocking ? 'Key file unlocked' : 'Keys are now kept in an encrypted file' });
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const form = (
    <form
      className="key-storage-form"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <label className="field">
        <span className="field-label">{unlocking ? 'Passphrase of the key file' : 'Passphrase'}</span>
        <input className="input" type="password" autoComplete={unlocking ? 'current-password' : 'new-password'} value={passphrase} onChange={(e) => setPassphrase(e.target.value)} aria-invalid={error ? true : undefined} />
      </label>
      {creating ? (
        <label className="field">
          <span className="field-label">Type it again</span>
          <input className="input" type="password" autoComplete="new-password" value={confirm} onChange={(e) => setConfirm(e.target.value)} />
        </label>
      ) : null}
      <button type="submit" className="btn btn-primary" disabled={busy || !passphrase}>
        {busy ? <span className="spinner" aria-hidden="true" /> : null}
        {unlocking ? 'Unlock' : 'Encrypt and keep keys in a file'}
      </button>
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
    </form>
  );
  if (storage.kind === 'keychain' || storage.kind === 'safe-storage') {
    return (
      <p className="setting-help key-storage">
        {storage.kind === 'keychain'
          ? `Keys you save here are kept in the system keychain (${storage.name ?? 'of this computer'}), never in a file.`
          : `Keys you save here are sealed with the system keychain (${storage.name ?? 'of this computer'}).`}
        {storage.problem ? ` ${storage.problem}` : ''}
      </p>
    );
  }
  const what =
    'The key file is encrypted with a key made from your passphrase (scrypt and AES-256-GCM). Without the passphrase the file is useless to whoever gets a copy of it (a backup, another user of this computer). Atelier never stores the passphrase: you type it again after each start. While Atelier runs, the keys are in its memory, so a program running as you could still read them: this is weaker than a system keychain.';
  return (
    <div className={`notice key-storage${creating ? ' notice-warn' : ''}`} role="region" aria-label="Where keys are kept">
      {creating ? (
        <>
          <p>
            <strong>No system keychain is available, so Atelier can’t save keys.</strong> {storage.problem}
          </p>
          {storage.plainFileWaiting ? (
            <p>Keys an earlier version saved in a plain-text file (web-host-keys.json) are in use until you choose where they go; then that file is deleted.</p>
          ) : null}
          <p>
            You can start a keyring and restart Atelier, set ATELIER_VIDEOGEN_KEY / ATELIER_SYNC_KEY in the environment, or keep keys in a file
            encrypted with a passphrase.
          </p>
          {open ? (
            <>
              <p className="setting-help">{what}</p>
              {form}
            </>
          ) : (
            <button type="button" className="btn" onClick={() => setOpen(true)}>
              Keep keys in an encrypted file…
            </button>
          )}
        </>
      ) : unlocking ? (
        <>
          <p>
            <strong>Your keys are in an encrypted file, locked since Atelier started.</strong> Type its passphrase to use them.
          </p>
          {form}
        </>
      ) : (
        <p>
          <strong>Keys are kept in a file encrypted with your passphrase</strong> (no system keychain is available). {what}
        </p>
      )}
    </div>
  );
}

function KeyRow({ p, status, storage }: { p: (typeof PROVIDERS)[number]; status: KeyStatus | undefined; storage: KeyStorageView | null }) {
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
        {sourceWords(status?.source ?? null) ? <span className="muted small">{sourceWords(status?.source ?? null)}</span> : null}
        {status?.check && !status.check.ok ? <span className="badge badge-failed">Rejected</span> : null}
        <span className="key-spacer" />
        {status?.check?.ok ? (
          <span className="small text-ok">{`Checked ${formatRelative(status.check.at)}${status.check.account ? ` · ${status.check.account}` : ''}`}</span>
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
      {status?.check && !status.check.ok ? (
        <p className="field-error" role="status">
          Rejected {formatRelative(status.check.at)}: {status.check.message ?? `${p.name} did not accept this key.`}
        </p>
      ) : null}
      {error ? (
        <p className="field-error" id={`${inputId}-error`} role="alert">
          {error}
        </p>
      ) : (
        <p className="setting-help" id={`${inputId}-help`}>
          {keptIn(storage)
            ? `Get it at ${p.where}. It is checked against the API, ${keptIn(storage)}, and never shown again.`
            : `Get it at ${p.where}. Atelier can’t save it until you choose where keys are kept (above).`}
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
  const storage = useSettings((s) => s.storage);
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
          <KeyStorageRow storage={storage} />
          {PROVIDERS.map((p) => (
            <KeyRow key={p.id} p={p} status={keys?.[p.id]} storage={storage} />
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
        <section className="settings-section" aria-labelledby="s-spend">
          <h2 id="s-spend">Spending</h2>
          <Row label="Monthly lip-sync cap" help="A lip-sync that would take this month past it asks first. Counted from Sync's estimates; empty for no cap.">
            <SpendingCapField settings={settings} onSave={set} />
          </Row>
        </section>
        <WebhooksSection />
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
