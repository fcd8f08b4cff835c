/**
 * What the whole-video forms send: a caption style carries only what the person changed (the
 * rest stays VideoGen's default look), and it passes the contract main checks it against.
 */
import { describe, expect, it } from 'vitest';
import { CaptionStyleSchema } from '../../../main/contract/studio';
import { captionStyleParams, defaultCaptions } from '../../../renderer/views/studio/CaptionStyle';
import { remixParams, type RemixDraft } from '../../../renderer/views/studio/RemixEditor';

describe('caption style', () => {
  it('sends nothing when nothing was changed', () => {
    expect(captionStyleParams(defaultCaptions())).toBeNull();
  });

  it('sends each change in the spec’s terms, valid for the contract', () => {
    const style = captionStyleParams({ position: 'TOP', size: '84', color: '#00ff80', background: 'WORD_BY_WORD', outline: true });
    expect(style).toEqual({
      verticalAlignment: 'TOP',
      fontSize: 84,
      textColor: { red: 0, green: 255, blue: 128 },
      backgroundStyle: { type: 'WORD_BY_WORD', backgroundColor: { red: 0, green: 0, blue: 0 }, opacityProportion: 0.6 },
      strokeColor: { red: 0, green: 0, blue: 0 },
      strokeWeight: 3,
    });
    expect(CaptionStyleSchema.safeParse(style).success).toBe(true);
  });

  it('"None" removes the background rather than keeping the default one', () => {
    expect(captionStyleParams({ ...defaultCaptions(), background: 'NONE' })).toEqual({ backgroundStyle: null });
  });

  it('a "Show captions" remix action carries the style when one was chosen', () => {
    const draft: RemixDraft = { key: 1, type: 'ENABLE_CAPTIONS', fileIds: [], volume: '', position: 'BOTTOM_RIGHT', size: '', text: '', choice: '', captions: { ...defaultCaptions(), position: 'MIDDLE' } };
    expect(remixParams([draft])).toEqual([{ type: 'ENABLE_CAPTIONS', captionStyle: { verticalAlignment: 'MIDDLE' } }]);
    expect(remixParams([{ ...draft, captions: defaultCaptions() }])).toEqual([{ type: 'ENABLE_CAPTIONS' }]);
  });
});
