/**
 * "Recent prompts" beside a tool's prompt: the prompts of its runs, pinned ones first, then
 * newest first, searchable. Choosing one fills the form with that run's request, as Reuse does.
 */
import { useEffect, useId, useRef, useState } from 'react';
import type { PromptHistoryItem } from '../../../main/contract';
import { Icon } from '../../components/Icon';
import { formatRelative } from '../../lib/format';
import { api } from '../../transport/client';
import { openGenerate, toastError } from '../../state/ui';

const short = (p: string) => (p.length > 40 ? `${p.slice(0, 40)}…` : p);

export function PromptHistory({ toolId }: { toolId: string }) {
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState('');
  const [items, setItems] = useState<PromptHistoryItem[] | null>(null);
  const [version, setVersion] = useState(0);
  const id = useId();
  const toggle = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    let live = true;
    const t = setTimeout(() => {
      void api()
        .invoke('prompts.history', { tool: toolId, query, limit: 30 })
        .then((r) => live && setItems(r))
        .catch((err) => toastError('Recent prompts', err));
    }, 80);
    return () => {
      live = false;
      clearTimeout(t);
    };
  }, [open, query, toolId, version]);

  const close = () => {
    setOpen(false);
    toggle.current?.focus();
  };
  const pin = async (it: PromptHistoryItem) => {
    try {
      await api().invoke('prompts.pin', { tool: toolId, prompt: it.prompt, pinned: !it.pinned });
      setVersion((v) => v + 1);
    } catch (err) {
      toastError('Pin prompt', err);
    }
  };

  return (
    <span className="prompt-history">
      <button ref={toggle} type="button" className="btn btn-ghost btn-xs" aria-expanded={open} aria-controls={`${id}-panel`} onClick={() => (open ? close() : setOpen(true))}>
        <Icon name="reuse" size={12} />
        Recent prompts
      </button>
      {open ? (
        <div
          id={`${id}-panel`}
          className="prompt-history-panel"
          role="group"
          aria-label="Recent prompts"
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              e.stopPropagation();
              close();
            }
          }}
        >
          <input className="input input-sm" type="search" aria-label="Search prompts" placeholder="Search prompts" value={query} autoFocus onChange={(e) => setQuery(e.target.value)} />
          {items === null ? (
            <p className="muted small">Loading…</p>
          ) : items.length === 0 ? (
            <p className="muted small">{query.trim() ? 'No prompt of yours has that in it.' : 'Prompts you run with this tool show here.'}</p>
          ) : (
            <ul className="prompt-list">
              {items.map((it) => (
                <li key={it.prompt} className="prompt-entry">
                  <button
                    type="button"
                    className="prompt-use"
                    onClick={() => {
                      openGenerate(toolId, it.params);
                      close();
                    }}
                  >
                    <span className="prompt-text">{it.prompt}</span>
                    <span className="prompt-when">{it.pinned ? 'Pinned' : it.lastUsedAt ? formatRelative(it.lastUsedAt) : ''}</span>
                  </button>
                  <button type="button" className="btn btn-ghost btn-xs" aria-label={`${it.pinned ? 'Unpin' : 'Pin'} “${short(it.prompt)}”`} onClick={() => void pin(it)}>
                    <Icon name="pin" size={12} />
                    {it.pinned ? 'Unpin' : 'Pin'}
                  </button>
                </li>
              ))}
            </ul>
          )}
        </div>
      ) : null}
    </span>
  );
}
