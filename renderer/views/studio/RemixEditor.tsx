/** An ordered list of remix actions (the spec's RemixAction), each with its own fields. */
import { useState } from 'react';
import { LOGO_POSITIONS, REMIX_TYPES, TRANSITION_STYLES, remixLabel, type RemixType } from '../../../main/contract/studio-catalog';
import { Icon } from '../../components/Icon';
import { Labeled, LibraryFiles, Select, useNarrationResources } from './bits';
import { CaptionStyleFields, captionStyleParams, defaultCaptions, type CaptionDraft } from './CaptionStyle';

export interface RemixDraft {
  key: number;
  type: RemixType;
  fileIds: string[];
  volume: string;
  position: (typeof LOGO_POSITIONS)[number];
  size: string;
  text: string;
  choice: string;
  captions: CaptionDraft;
}

let seq = 0;
const fresh = (type: RemixType): RemixDraft => ({ key: ++seq, type, fileIds: [], volume: '0.3', position: 'BOTTOM_RIGHT', size: '12', text: '', choice: '', captions: defaultCaptions() });
const POSITION_LABEL: Record<(typeof LOGO_POSITIONS)[number], string> = {
  TOP_LEFT: 'Top left',
  TOP_CENTER: 'Top centre',
  TOP_RIGHT: 'Top right',
  BOTTOM_LEFT: 'Bottom left',
  BOTTOM_CENTER: 'Bottom centre',
  BOTTOM_RIGHT: 'Bottom right',
};
const TEXT_LABEL: Partial<Record<RemixType, string>> = { GENERATE_MUSIC: 'Music to generate', REGENERATE_IMAGES: 'New look', EDIT_WITH_AGENT: 'What to change' };

/** The request's `remixActions`, or a sentence saying what to fix. */
export function remixParams(actions: RemixDraft[]): Array<Record<string, unknown>> | string {
  if (actions.length === 0) return 'Add at least one action.';
  const out: Array<Record<string, unknown>> = [];
  for (const [i, a] of actions.entries()) {
    const n = `${i + 1}. ${remixLabel[a.type]}`;
    switch (a.type) {
      case 'SET_BACKGROUND_MUSIC': {
        const v = Number(a.volume);
        if (!(v >= 0 && v <= 1)) return `${n}: the volume is between 0 and 1.`;
        out.push({ type: a.type, fileId: a.fileIds[0] ?? null, volume: v });
        break;
      }
      case 'SET_LOGO': {
        const size = Number(a.size);
        if (!(size > 0 && size <= 100)) return `${n}: the size is a percentage of the width, above 0 and at most 100.`;
        out.push({ type: a.type, fileId: a.fileIds[0] ?? null, position: a.position, sizePercent: size });
        break;
      }
      case 'GENERATE_MUSIC':
      case 'EDIT_WITH_AGENT':
        if (!a.text.trim()) return `${n}: say ${a.type === 'GENERATE_MUSIC' ? 'what music to make' : 'what to change'}.`;
        out.push({ type: a.type, prompt: a.text });
        break;
      case 'REGENERATE_IMAGES':
        if (!a.text.trim()) return `${n}: describe the new look.`;
        out.push({ type: a.type, stylePrompt: a.text });
        break;
      case 'ADD_TRANSITIONS':
        out.push({ type: a.type, sectionTransition: a.choice || 'FADE' });
        break;
      case 'RESIZE_PROJECT': {
        const [w, h] = (a.choice || '9:16').split(':').map(Number);
        out.push({ type: a.type, aspectRatio: { width: w, height: h } });
        break;
      }
      case 'CHANGE_NARRATOR':
        if (!a.choice) return `${n}: choose the new voice.`;
        out.push({ type: a.type, voiceId: a.choice });
        break;
      case 'TRANSLATE_PROJECT':
        if (!a.choice) return `${n}: choose the language.`;
        out.push({ type: a.type, languageCode: a.choice });
        break;
      case 'ENABLE_CAPTIONS': {
        const style = captionStyleParams(a.captions);
        out.push(style ? { type: a.type, captionStyle: style } : { type: a.type });
        break;
      }
      case 'CLEAN_UP_TRANSCRIPT':
        out.push({ type: a.type, removeFillers: true });
        break;
      default:
        out.push({ type: a.type });
    }
  }
  return out;
}

export function RemixEditor({ actions, onChange }: { actions: RemixDraft[]; onChange: (a: RemixDraft[]) => void }) {
  const [next, setNext] = useState<RemixType>('SET_BACKGROUND_MUSIC');
  const { voices, languages } = useNarrationResources();
  const set = (i: number, patch: Partial<RemixDraft>) => onChange(actions.map((a, j) => (j === i ? { ...a, ...patch } : a)));
  const move = (from: number, to: number) => {
    if (to < 0 || to >= actions.length) return;
    const copy = [...actions];
    const [a] = copy.splice(from, 1);
    copy.splice(to, 0, a!);
    onChange(copy);
  };
  return (
    <div className="remix-editor">
      {actions.length ? (
        <ol className="remix-list" aria-label="Remix actions">
          {actions.map((a, i) => (
            <li key={a.key} className="remix-item">
              <fieldset className="scene-box">
                <legend className="scene-legend">{`${i + 1}. ${remixLabel[a.type]}`}</legend>
                <div className="form-grid">
                  {a.type === 'SET_BACKGROUND_MUSIC' ? (
                    <>
                      <LibraryFiles label="Music" accept={['AUDIO']} max={1} value={a.fileIds} onChange={(fileIds) => set(i, { fileIds })} help="None removes the music" />
                      <Labeled label="Volume" help="0 (silent) to 1 (full)">
                        {(id, d) => <input id={id} className="input input-num" type="number" min={0} max={1} step={0.05} value={a.volume} aria-describedby={d} onChange={(e) => set(i, { volume: e.target.value })} />}
                      </Labeled>
                    </>
                  ) : a.type === 'SET_LOGO' ? (
                    <>
                      <LibraryFiles label="Logo image" accept={['IMAGE']} max={1} value={a.fileIds} onChange={(fileIds) => set(i, { fileIds })} help="None removes the logo" />
                      <Select label="Position" value={a.position} options={LOGO_POSITIONS.map((p) => ({ value: p, label: POSITION_LABEL[p] }))} onChange={(position) => set(i, { position })} />
                      <Labeled label="Size (% of the width)">
                        {(id) => <input id={id} className="input input-num" type="number" min={1} max={100} step={1} value={a.size} onChange={(e) => set(i, { size: e.target.value })} />}
                      </Labeled>
                    </>
                  ) : TEXT_LABEL[a.type] ? (
                    <Labeled label={TEXT_LABEL[a.type]!} wide>
                      {(id) => <input id={id} className="input" value={a.text} onChange={(e) => set(i, { text: e.target.value })} />}
                    </Labeled>
                  ) : a.type === 'ADD_TRANSITIONS' ? (
                    <Select label="Between sections" value={a.choice || 'FADE'} options={TRANSITION_STYLES.map((t) => ({ value: t, label: t.charAt(0) + t.slice(1).toLowerCase() }))} onChange={(choice) => set(i, { choice })} />
                  ) : a.type === 'RESIZE_PROJECT' ? (
                    <Select
                      label="New shape"
                      value={a.choice || '9:16'}
                      options={[
                        { value: '9:16', label: '9:16 (portrait)' },
                        { value: '1:1', label: '1:1 (square)' },
                        { value: '16:9', label: '16:9 (landscape)' },
                      ]}
                      onChange={(choice) => set(i, { choice })}
                    />
                  ) : a.type === 'CHANGE_NARRATOR' ? (
                    <Select label="New voice" value={a.choice} options={[{ value: '', label: 'Choose…' }, ...voices.map((v) => ({ value: v.voiceId, label: `${v.displayName} (${v.languageCode})` }))]} onChange={(choice) => set(i, { choice })} />
                  ) : a.type === 'TRANSLATE_PROJECT' ? (
                    <Select label="Into" value={a.choice} options={[{ value: '', label: 'Choose…' }, ...languages.map((l) => ({ value: l.languageCode, label: l.name }))]} onChange={(choice) => set(i, { choice })} />
                  ) : a.type === 'ENABLE_CAPTIONS' ? (
                    <CaptionStyleFields value={a.captions} onChange={(captions) => set(i, { captions })} />
                  ) : (
                    <p className="muted small field-wide">No settings: it applies to the whole project.</p>
                  )}
                </div>
                <div className="scene-actions">
                  <button type="button" className="btn btn-ghost btn-sm" disabled={i === 0} onClick={() => move(i, i - 1)}>
                    Move up
                  </button>
                  <button type="button" className="btn btn-ghost btn-sm" disabled={i === actions.length - 1} onClick={() => move(i, i + 1)}>
                    Move down
                  </button>
                  <button type="button" className="btn btn-ghost btn-sm" onClick={() => onChange(actions.filter((_, j) => j !== i))}>
                    <Icon name="close" />
                    Remove
                  </button>
                </div>
              </fieldset>
            </li>
          ))}
        </ol>
      ) : null}
      <div className="remix-add">
        <Select label="Action" value={next} options={REMIX_TYPES.map((t) => ({ value: t, label: remixLabel[t] }))} onChange={setNext} />
        <button type="button" className="btn" onClick={() => onChange([...actions, fresh(next)])}>
          <Icon name="plus" />
          Add action
        </button>
      </div>
    </div>
  );
}
