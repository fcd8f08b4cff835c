/**
 * Avatar presenters as VideoGen shows them: each tile is the presenter's picture, and while the
 * pointer is over it or it has keyboard focus, their preview clip plays in its place (muted, on
 * a loop). Below the tiles, the voice VideoGen matches best with the chosen presenter.
 */
import { useEffect, useState, type KeyboardEvent } from 'react';
import type { PresenterView, TtsVoiceView } from '../../main/contract';
import { Icon } from './Icon';
import { onRadioGroupKeyDown, radioTabIndex } from '../lib/roving';
import { api } from '../transport/client';

export const presenterName = (p: PresenterView, i: number) => `Presenter ${i + 1} · ${p.gender.toLowerCase()}`;
export const voiceWords = (v: TtsVoiceView) => [v.displayName, v.languageCode, v.gender.toLowerCase(), v.accent].filter(Boolean).join(' · ');

export function PresenterPicker({
  presenters,
  value,
  onChange,
  labelledBy,
  id,
  noneLabel,
}: {
  presenters: readonly PresenterView[];
  value: string;
  onChange: (id: string) => void;
  labelledBy: string;
  id?: string;
  /** Offer "no presenter" as the first choice (value ''). */
  noneLabel?: string;
}) {
  // The clip plays for the tile under the pointer, else the one with keyboard focus.
  const [hovered, setHovered] = useState<string | null>(null);
  const [focused, setFocused] = useState<string | null>(null);
  const previewing = hovered ?? focused;
  const [broken, setBroken] = useState<ReadonlySet<string>>(new Set());
  const ids = [...(noneLabel ? [''] : []), ...presenters.map((p) => p.avatarPresenterId)];
  const known = ids.includes(value);
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => onRadioGroupKeyDown(e, ids, known ? value : null, onChange);
  return (
    <div className="presenters" role="radiogroup" aria-labelledby={labelledBy} id={id} onKeyDown={onKeyDown}>
      {noneLabel ? (
        <button
          type="button"
          role="radio"
          aria-checked={value === ''}
          tabIndex={radioTabIndex(value === '', 0, known)}
          className={`presenter${value === '' ? ' is-on' : ''}`}
          onClick={() => onChange('')}
        >
          <span className="presenter-media">
            <Icon name="close" size={24} />
          </span>
          <span className="presenter-name">{noneLabel}</span>
        </button>
      ) : null}
      {presenters.map((p, i) => {
        const on = value === p.avatarPresenterId;
        const playing = previewing === p.avatarPresenterId && p.previewVideoUrl;
        const still = p.thumbnailUrl ?? p.imageUrl;
        return (
          <button
            key={p.avatarPresenterId}
            type="button"
            role="radio"
            aria-checked={on}
            tabIndex={radioTabIndex(on, i + (noneLabel ? 1 : 0), known)}
            aria-label={presenterName(p, i)}
            className={`presenter${on ? ' is-on' : ''}`}
            data-presenter-id={p.avatarPresenterId}
            onClick={() => onChange(p.avatarPresenterId)}
            onMouseEnter={() => setHovered(p.avatarPresenterId)}
            onMouseLeave={() => setHovered((cur) => (cur === p.avatarPresenterId ? null : cur))}
            onFocus={() => setFocused(p.avatarPresenterId)}
            onBlur={() => setFocused((cur) => (cur === p.avatarPresenterId ? null : cur))}
          >
            <span className="presenter-media">
              {still && !broken.has(p.avatarPresenterId) ? (
                <img src={still} alt="" onError={() => setBroken((b) => new Set(b).add(p.avatarPresenterId))} />
              ) : (
                <Icon name="avatar" size={24} />
              )}
              {playing ? <video className="presenter-preview" src={p.previewVideoUrl!} muted loop autoPlay playsInline aria-hidden="true" /> : null}
            </span>
            <span className="presenter-name" aria-hidden="true">
              {i + 1} · {p.gender.toLowerCase()}
            </span>
          </button>
        );
      })}
    </div>
  );
}

type Match = { state: 'idle' } | { state: 'loading'; for: string } | { state: 'done'; for: string; voice: TtsVoiceView | null } | { state: 'error'; for: string; message: string };

/** The voice VideoGen matches best with a presenter (asked once per presenter per session). */
const matches = new Map<string, Promise<TtsVoiceView | null>>();
export function usePresenterVoice(presenterId: string): Match {
  const [match, setMatch] = useState<Match>({ state: 'idle' });
  useEffect(() => {
    if (!presenterId) return;
    let live = true;
    let ask = matches.get(presenterId);
    if (!ask) {
      ask = api().invoke('resources.presenterVoice', { avatarPresenterId: presenterId });
      matches.set(presenterId, ask);
      ask.catch(() => matches.delete(presenterId));
    }
    ask.then(
      (voice) => live && setMatch({ state: 'done', for: presenterId, voice }),
      (err: unknown) => live && setMatch({ state: 'error', for: presenterId, message: (err as { message?: string })?.message ?? String(err) }),
    );
    return () => {
      live = false;
    };
  }, [presenterId]);
  if (!presenterId || match.state === 'idle' || match.for !== presenterId) return presenterId ? { state: 'loading', for: presenterId } : { state: 'idle' };
  return match;
}
