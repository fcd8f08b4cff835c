/**
 * How captions look (the spec's WorkflowCaptionStyle): position, size, colour, a background and
 * an outline. Only what a person changed is sent; the rest stays VideoGen's default look.
 */
import { Labeled, Select } from './bits';

export interface CaptionDraft {
  position: '' | 'TOP' | 'MIDDLE' | 'BOTTOM';
  size: '' | '36' | '48' | '64' | '84';
  color: string;
  background: '' | 'NONE' | 'RECT' | 'WRAPPED' | 'WORD_BY_WORD';
  outline: boolean;
}

export const defaultCaptions = (): CaptionDraft => ({ position: '', size: '', color: '', background: '', outline: false });

const rgb = (hex: string) => ({ red: parseInt(hex.slice(1, 3), 16), green: parseInt(hex.slice(3, 5), 16), blue: parseInt(hex.slice(5, 7), 16) });

/** The request's `captionStyle` for what was changed, or null when nothing was (VideoGen's default look). */
export function captionStyleParams(d: CaptionDraft): Record<string, unknown> | null {
  const out: Record<string, unknown> = {};
  if (d.position) out['verticalAlignment'] = d.position;
  if (d.size) out['fontSize'] = Number(d.size);
  if (/^#[0-9a-f]{6}$/i.test(d.color)) out['textColor'] = rgb(d.color);
  if (d.background === 'NONE') out['backgroundStyle'] = null;
  else if (d.background) out['backgroundStyle'] = { type: d.background, backgroundColor: { red: 0, green: 0, blue: 0 }, opacityProportion: 0.6 };
  if (d.outline) {
    out['strokeColor'] = { red: 0, green: 0, blue: 0 };
    out['strokeWeight'] = 3;
  }
  return Object.keys(out).length ? out : null;
}

export function CaptionStyleFields({ value, onChange }: { value: CaptionDraft; onChange: (d: CaptionDraft) => void }) {
  return (
    <fieldset className="caption-style field-wide">
      <legend className="field-label">Caption style</legend>
      <div className="form-grid">
        <Select
          label="Caption position"
          value={value.position}
          options={[
            { value: '', label: 'Default' },
            { value: 'BOTTOM', label: 'Bottom' },
            { value: 'MIDDLE', label: 'Middle' },
            { value: 'TOP', label: 'Top' },
          ]}
          onChange={(position) => onChange({ ...value, position })}
        />
        <Select
          label="Caption size"
          value={value.size}
          options={[
            { value: '', label: 'Default' },
            { value: '36', label: 'Small' },
            { value: '48', label: 'Medium' },
            { value: '64', label: 'Large' },
            { value: '84', label: 'Extra large' },
          ]}
          onChange={(size) => onChange({ ...value, size })}
        />
        <Select
          label="Caption background"
          value={value.background}
          options={[
            { value: '', label: 'Default' },
            { value: 'NONE', label: 'None' },
            { value: 'RECT', label: 'A box behind each line' },
            { value: 'WRAPPED', label: 'A box hugging the text' },
            { value: 'WORD_BY_WORD', label: 'A box behind each word' },
          ]}
          onChange={(background) => onChange({ ...value, background })}
        />
        <Labeled label="Caption colour" help={value.color ? undefined : 'VideoGen’s default until you pick one'}>
          {(id, d) => (
            <span className="color-row">
              <input id={id} type="color" className="color-input" value={value.color || '#ffffff'} aria-describedby={d} onChange={(e) => onChange({ ...value, color: e.target.value })} />
              {value.color ? (
                <button type="button" className="btn btn-ghost btn-sm" onClick={() => onChange({ ...value, color: '' })}>
                  Reset colour
                </button>
              ) : null}
            </span>
          )}
        </Labeled>
        <div className="field field-boolean">
          <label className="switch-row">
            <span>
              <span className="switch-label">Caption outline</span>
              <span className="switch-help">A dark edge around the letters</span>
            </span>
            <input type="checkbox" role="switch" className="switch" checked={value.outline} onChange={(e) => onChange({ ...value, outline: e.target.checked })} />
          </label>
        </div>
      </div>
    </fieldset>
  );
}
