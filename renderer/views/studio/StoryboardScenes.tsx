/**
 * Storyboard scenes in order: added, removed, and reordered with "Move up" / "Move down" (or
 * Alt+↑ / Alt+↓ anywhere in a scene) and by dragging a scene by its handle.
 */
import { useRef, useState, type KeyboardEvent } from 'react';
import { Icon } from '../../components/Icon';
import { announce } from '../../lib/announce';
import { EntitySelect, Labeled, Select } from './bits';

export interface Scene {
  key: number;
  prompt: string;
  title: string;
  generation: 'AI_IMAGE' | 'AI_VIDEO';
  duration: string;
  actorId: string;
  styleId: string;
  voiceover: string;
}

let seq = 0;
export function newScene(): Scene {
  return { key: ++seq, prompt: '', title: '', generation: 'AI_IMAGE', duration: '5', actorId: '', styleId: '', voiceover: '' };
}

/** The request's `scenes`, or a sentence saying what to fix. */
export function sceneParams(scenes: Scene[]): Array<Record<string, unknown>> | string {
  const out: Array<Record<string, unknown>> = [];
  for (const [i, s] of scenes.entries()) {
    if (!s.prompt.trim()) return `Scene ${i + 1}: describe what it shows (its prompt).`;
    const d = Number(s.duration);
    if (!Number.isInteger(d) || d < 1) return `Scene ${i + 1}: the duration is a whole number of seconds, at least 1.`;
    if (s.generation === 'AI_VIDEO' && d > 15) return `Scene ${i + 1}: a video scene lasts 1 to 15 seconds.`;
    out.push({
      prompt: s.prompt,
      ...(s.title.trim() ? { title: s.title.trim() } : {}),
      generation: { type: s.generation },
      durationSeconds: d,
      ...(s.actorId ? { actorEntityId: s.actorId } : {}),
      ...(s.styleId ? { visualStyleEntityId: s.styleId } : {}),
      ...(s.voiceover.trim() ? { voiceoverScript: s.voiceover } : {}),
    });
  }
  return out;
}

export function StoryboardScenes({ scenes, onChange }: { scenes: Scene[]; onChange: (s: Scene[]) => void }) {
  const [dragging, setDragging] = useState<number | null>(null);
  const [over, setOver] = useState<number | null>(null);
  const listRef = useRef<HTMLOListElement>(null);

  const set = (i: number, patch: Partial<Scene>) => onChange(scenes.map((s, j) => (j === i ? { ...s, ...patch } : s)));
  const move = (from: number, to: number, focus = true) => {
    if (to < 0 || to >= scenes.length || from === to) return;
    const next = [...scenes];
    const [s] = next.splice(from, 1);
    next.splice(to, 0, s!);
    onChange(next);
    announce(`Scene moved to position ${to + 1} of ${scenes.length}`);
    if (focus) requestAnimationFrame(() => listRef.current?.querySelectorAll<HTMLElement>('.scene')[to]?.querySelector<HTMLElement>('textarea')?.focus());
  };
  const remove = (i: number) => {
    onChange(scenes.filter((_, j) => j !== i));
    announce(`Scene ${i + 1} removed`);
  };
  const add = () => {
    onChange([...scenes, newScene()]);
    requestAnimationFrame(() => {
      const all = listRef.current?.querySelectorAll<HTMLElement>('.scene');
      all?.[all.length - 1]?.querySelector<HTMLElement>('textarea')?.focus();
    });
  };
  const onKey = (i: number) => (e: KeyboardEvent) => {
    if (!e.altKey || (e.key !== 'ArrowUp' && e.key !== 'ArrowDown')) return;
    e.preventDefault();
    move(i, e.key === 'ArrowUp' ? i - 1 : i + 1);
  };

  return (
    <div className="scenes">
      <ol className="scene-list" ref={listRef} aria-label="Scenes">
        {scenes.map((s, i) => (
          <li
            key={s.key}
            className={`scene${dragging === i ? ' is-dragging' : ''}${over === i && dragging !== i ? ' is-over' : ''}`}
            onKeyDown={onKey(i)}
            onDragOver={(e) => {
              if (dragging === null) return;
              e.preventDefault();
              setOver(i);
            }}
            onDrop={(e) => {
              e.preventDefault();
              if (dragging !== null) move(dragging, i, false);
              setDragging(null);
              setOver(null);
            }}
          >
            <fieldset className="scene-box">
              <legend className="scene-legend">
                <span
                  className="scene-handle"
                  draggable
                  title="Drag to reorder (or Alt+↑ / Alt+↓)"
                  onDragStart={(e) => {
                    e.dataTransfer.effectAllowed = 'move';
                    e.dataTransfer.setData('text/plain', String(i));
                    setDragging(i);
                  }}
                  onDragEnd={() => {
                    setDragging(null);
                    setOver(null);
                  }}
                >
                  <Icon name="drag" />
                </span>
                {`Scene ${i + 1}`}
              </legend>
              <div className="form-grid">
                <Labeled label="Prompt" wide>
                  {(id) => <textarea id={id} className="textarea" rows={2} value={s.prompt} onChange={(e) => set(i, { prompt: e.target.value })} />}
                </Labeled>
                <Labeled label="Title" optional>
                  {(id) => <input id={id} className="input" value={s.title} onChange={(e) => set(i, { title: e.target.value })} />}
                </Labeled>
                <Select
                  label="Generate"
                  value={s.generation}
                  options={[
                    { value: 'AI_IMAGE', label: 'An image' },
                    { value: 'AI_VIDEO', label: 'A video clip' },
                  ]}
                  onChange={(generation) => set(i, { generation })}
                />
                <Labeled label="Duration (seconds)">
                  {(id) => <input id={id} className="input input-num" type="number" min={1} max={s.generation === 'AI_VIDEO' ? 15 : 600} step={1} value={s.duration} onChange={(e) => set(i, { duration: e.target.value })} />}
                </Labeled>
                <EntitySelect label="Actor" type="ACTOR" value={s.actorId} onChange={(actorId) => set(i, { actorId })} />
                <EntitySelect label="Visual style" type="VISUAL_STYLE" value={s.styleId} onChange={(styleId) => set(i, { styleId })} />
                <Labeled label="Voice-over" optional wide>
                  {(id) => <textarea id={id} className="textarea" rows={2} value={s.voiceover} onChange={(e) => set(i, { voiceover: e.target.value })} />}
                </Labeled>
              </div>
              <div className="scene-actions">
                <button type="button" className="btn btn-ghost btn-sm" disabled={i === 0} onClick={() => move(i, i - 1)}>
                  Move up
                </button>
                <button type="button" className="btn btn-ghost btn-sm" disabled={i === scenes.length - 1} onClick={() => move(i, i + 1)}>
                  Move down
                </button>
                <button type="button" className="btn btn-ghost btn-sm" disabled={scenes.length === 1} onClick={() => remove(i)}>
                  <Icon name="close" />
                  Remove
                </button>
              </div>
            </fieldset>
          </li>
        ))}
      </ol>
      <button type="button" className="btn" onClick={add}>
        <Icon name="plus" />
        Add scene
      </button>
    </div>
  );
}
