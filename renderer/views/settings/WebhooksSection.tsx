/**
 * Settings → Webhooks: the VideoGen account's webhook endpoints. List, create (an https:// URL
 * and the events to send; the signing secret is shown once, with Copy), delete (asked first).
 * Atelier itself polls for results; these endpoints are for the person's own server.
 */
import { useCallback, useEffect, useId, useState } from 'react';
import type { ContractError, WebhookEventName, WebhookView } from '../../../main/contract';
import { WEBHOOK_DESCRIPTION_MAX, WEBHOOK_EVENT_GROUPS, webhookUrlProblem } from '../../../main/contract/webhook-catalog';
import { Icon } from '../../components/Icon';
import { formatDate } from '../../lib/format';
import { api } from '../../transport/client';
import { confirmDialog, toast, toastError } from '../../state/ui';

const DEFAULT_EVENTS: WebhookEventName[] = ['tool_execution.succeeded', 'tool_execution.failed', 'tool_execution.cancelled'];

const messageOf = (err: unknown) => (err as Partial<ContractError> | null)?.message ?? String(err);

type ListState = { state: 'loading' } | { state: 'ready'; items: WebhookView[] } | { state: 'error'; message: string };

export function WebhooksSection() {
  const [list, setList] = useState<ListState>({ state: 'loading' });
  const [created, setCreated] = useState<{ url: string; secret: string | null } | null>(null);

  // Sets state only once the answer is in (the list starts as loading; Retry says loading itself).
  const fetchList = useCallback(
    () =>
      api()
        .invoke('webhooks.list', {})
        .then(
          (items): ListState => ({ state: 'ready', items }),
          (err: unknown): ListState => ({ state: 'error', message: messageOf(err) }),
        ),
    [],
  );
  const load = useCallback(async () => setList(await fetchList()), [fetchList]);
  useEffect(() => {
    let live = true;
    void fetchList().then((l) => live && setList(l));
    return () => {
      live = false;
    };
  }, [fetchList]);

  const remove = async (w: WebhookView) => {
    const ok = await confirmDialog({
      title: 'Delete this webhook?',
      body: `VideoGen stops sending events to ${w.url} at once. This can’t be undone.`,
      confirmLabel: 'Delete webhook',
      danger: true,
    });
    if (!ok) return;
    try {
      await api().invoke('webhooks.delete', { endpointId: w.endpointId });
      toast({ kind: 'success', title: 'Webhook deleted', body: w.url });
    } catch (err) {
      toastError('Delete webhook', err);
    }
    await load();
  };

  return (
    <section className="settings-section" aria-labelledby="s-webhooks">
      <h2 id="s-webhooks">Webhooks</h2>
      <p className="setting-help">
        VideoGen can send an HTTPS POST to your server when a run or an upload finishes. Atelier doesn’t need this (it checks for results
        itself); these are for your own services. Each key may create 10 and delete 10 webhooks an hour.
      </p>
      {created ? <NewSecret url={created.url} secret={created.secret} onDone={() => setCreated(null)} /> : null}
      <WebhookList
        list={list}
        retry={() => {
          setList({ state: 'loading' });
          void load();
        }}
        remove={(w) => void remove(w)} />
      <CreateWebhookForm
        onCreated={(url, secret) => {
          setCreated({ url, secret });
          void load();
        }}
        onUnknown={() => void load()}
      />
    </section>
  );
}

function WebhookList({ list, retry, remove }: { list: ListState; retry: () => void; remove: (w: WebhookView) => void }) {
  if (list.state === 'loading') {
    return (
      <p className="muted small" role="status">
        Loading webhooks…
      </p>
    );
  }
  if (list.state === 'error') {
    return (
      <div className="notice notice-warn webhook-error" role="alert">
        <p>Couldn’t load the webhooks: {list.message}</p>
        <button type="button" className="btn btn-sm" onClick={retry}>
          Retry
        </button>
      </div>
    );
  }
  if (list.items.length === 0) return <p className="muted small">No webhooks yet.</p>;
  return (
    <ul className="webhook-list" aria-label="Webhooks">
      {list.items.map((w) => (
        <li key={w.endpointId} className="webhook" aria-label={w.url}>
          <div className="webhook-main">
            <div className="webhook-url mono">{w.url}</div>
            {w.description ? <div className="webhook-description">{w.description}</div> : null}
            <div className="webhook-events small">{w.events.join(', ')}</div>
            <div className="muted small">
              {`Created ${formatDate(w.createdAt)}`}
              {w.secretLast4 ? ` · signing secret ends in ${w.secretLast4}` : ''}
            </div>
          </div>
          <button type="button" className="btn btn-sm btn-danger" aria-label={`Delete webhook ${w.url}`} onClick={() => remove(w)}>
            <Icon name="close" />
            Delete
          </button>
        </li>
      ))}
    </ul>
  );
}

/** The signing secret, once: VideoGen never returns it again, and Atelier keeps no copy. */
function NewSecret({ url, secret, onDone }: { url: string; secret: string | null; onDone: () => void }) {
  const [copied, setCopied] = useState<'no' | 'yes' | 'failed'>('no');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(secret ?? '');
      setCopied('yes');
    } catch {
      setCopied('failed');
    }
  };
  return (
    <div className="notice webhook-secret" role="region" aria-label="Signing secret of the new webhook">
      <p>
        <strong>Webhook created for {url}.</strong>{' '}
        {secret
          ? 'This is its signing secret, shown only now: VideoGen won’t show it again and Atelier keeps no copy. Copy it to your server, which uses it to check that each event comes from VideoGen.'
          : 'VideoGen sent no signing secret with it.'}
      </p>
      {secret ? (
        <div className="copy-field">
          <input readOnly value={secret} aria-label="Signing secret" className="mono" onFocus={(e) => e.currentTarget.select()} />
          <button type="button" className="btn btn-sm" onClick={() => void copy()}>
            <Icon name="copy" />
            Copy
          </button>
        </div>
      ) : null}
      <p className="small" role="status">
        {copied === 'yes' ? 'Copied to the clipboard.' : copied === 'failed' ? 'Couldn’t copy: select the secret and copy it yourself.' : ''}
      </p>
      <button type="button" className="btn btn-sm btn-primary" onClick={onDone}>
        I’ve saved it
      </button>
    </div>
  );
}

function CreateWebhookForm({ onCreated, onUnknown }: { onCreated: (url: string, secret: string | null) => void; onUnknown: () => void }) {
  const uid = useId();
  const [url, setUrl] = useState('');
  const [description, setDescription] = useState('');
  const [events, setEvents] = useState<Set<WebhookEventName>>(() => new Set(DEFAULT_EVENTS));
  const [urlError, setUrlError] = useState<string | null>(null);
  const [eventsError, setEventsError] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const toggle = (name: WebhookEventName, on: boolean) =>
    setEvents((prev) => {
      const next = new Set(prev);
      if (on) next.add(name);
      else next.delete(name);
      return next;
    });

  const submit = async () => {
    const problem = webhookUrlProblem(url);
    setUrlError(problem);
    setEventsError(events.size === 0 ? 'Choose at least one event.' : null);
    setFormError(null);
    if (problem || events.size === 0) return;
    setBusy(true);
    try {
      // Sent in the spec's order, whatever order they were ticked in.
      const chosen = WEBHOOK_EVENT_GROUPS.flatMap((g) => g.events.map((e) => e.name)).filter((e) => events.has(e));
      const res = await api().invoke('webhooks.create', { url: url.trim(), events: chosen, ...(description.trim() ? { description: description.trim() } : {}) });
      setUrl('');
      setDescription('');
      setEvents(new Set(DEFAULT_EVENTS));
      onCreated(res.webhook.url, res.signingSecret);
    } catch (err) {
      setFormError(messageOf(err));
      if ((err as Partial<ContractError>).code === 'unknown_outcome') onUnknown();
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      className="webhook-form"
      aria-labelledby={`${uid}-title`}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <h3 id={`${uid}-title`} className="section-title">
        Add a webhook
      </h3>
      <label className="field">
        <span className="field-label">Endpoint URL</span>
        <input
          className="input"
          type="url"
          inputMode="url"
          placeholder="https://example.com/videogen"
          spellCheck={false}
          value={url}
          onChange={(e) => setUrl(e.target.value)}
          aria-invalid={urlError ? true : undefined}
          aria-describedby={urlError ? `${uid}-url-error` : undefined}
        />
      </label>
      {urlError ? (
        <p className="field-error" id={`${uid}-url-error`} role="alert">
          {urlError}
        </p>
      ) : null}
      <label className="field">
        <span className="field-label">
          Description <span className="field-optional">(optional)</span>
        </span>
        <input className="input" maxLength={WEBHOOK_DESCRIPTION_MAX} value={description} onChange={(e) => setDescription(e.target.value)} />
      </label>
      <fieldset className="webhook-events-choice" aria-describedby={eventsError ? `${uid}-events-error` : undefined}>
        <legend className="field-label">Events</legend>
        {WEBHOOK_EVENT_GROUPS.map((g) => (
          <fieldset key={g.title} className="webhook-event-group">
            <legend>{g.title}</legend>
            {g.note ? <p className="muted small">{g.note}</p> : null}
            {g.events.map((ev) => (
              <label key={ev.name} className="webhook-event">
                <input type="checkbox" checked={events.has(ev.name)} onChange={(e) => toggle(ev.name, e.target.checked)} />
                <span>{ev.label}</span>
                <span className="mono muted small">{ev.name}</span>
              </label>
            ))}
          </fieldset>
        ))}
      </fieldset>
      {eventsError ? (
        <p className="field-error" id={`${uid}-events-error`} role="alert">
          {eventsError}
        </p>
      ) : null}
      {formError ? (
        <p className="field-error" role="alert">
          {formError}
        </p>
      ) : null}
      <div>
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? <span className="spinner" aria-hidden="true" /> : null}
          Create webhook
        </button>
      </div>
    </form>
  );
}
