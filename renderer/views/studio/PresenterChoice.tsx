/**
 * New video's presenter: the tiles (picture; their clip while pointed at or focused), then the
 * voice VideoGen matches best with the chosen presenter and "Use <voice>'s voice", which sets the
 * Voice field and can be undone.
 */
import { useId, useState } from 'react';
import type { PresenterView, TtsVoiceView } from '../../../main/contract';
import { PresenterPicker, usePresenterVoice, voiceWords } from '../../components/Presenters';

export function PresenterChoice({
  presenters,
  voices,
  presenterId,
  voiceId,
  onPresenter,
  onVoice,
}: {
  presenters: readonly PresenterView[];
  voices: readonly TtsVoiceView[];
  presenterId: string;
  voiceId: string;
  onPresenter: (id: string) => void;
  onVoice: (id: string) => void;
}) {
  const uid = useId();
  const match = usePresenterVoice(presenterId);
  const [changed, setChanged] = useState<{ from: string; to: string } | null>(null);
  const matched = match.state === 'done' ? match.voice : null;
  const nameOf = (id: string) => (id ? (voices.find((v) => v.voiceId === id)?.displayName ?? 'another voice') : 'the default voice');
  return (
    <div className="field field-wide">
      <div className="field-label-row">
        <span className="field-label-group">
          <span className="field-label" id={`${uid}-label`}>
            Presenter
          </span>
          <span className="field-optional">optional</span>
        </span>
      </div>
      <PresenterPicker
        presenters={presenters}
        value={presenterId}
        noneLabel="None"
        labelledBy={`${uid}-label`}
        onChange={(id) => {
          onPresenter(id);
          setChanged(null);
        }}
      />
      <p className="field-help">Point at a presenter, or move to one with the keyboard, to see them speak.</p>
      {presenterId ? (
        <div className="presenter-voice">
          <p className="small" role="status">
            {match.state === 'loading'
              ? 'Finding the voice VideoGen matches with this presenter…'
              : match.state === 'error'
                ? `Couldn’t find the matching voice: ${match.message}`
                : matched
                  ? `Matching voice: ${voiceWords(matched)}${matched.voiceId === voiceId ? ' (in use)' : ''}`
                  : 'VideoGen matches no voice best with this presenter.'}
          </p>
          {matched && matched.voiceId !== voiceId ? (
            <button
              type="button"
              className="btn btn-sm"
              onClick={() => {
                setChanged({ from: voiceId, to: matched.voiceId });
                onVoice(matched.voiceId);
              }}
            >
              Use {matched.displayName}’s voice
            </button>
          ) : null}
        </div>
      ) : null}
      {changed && changed.to === voiceId ? (
        <div className="notice presenter-voice-changed">
          <span role="status">
            Voice changed to {nameOf(changed.to)} (was {nameOf(changed.from)}).
          </span>{' '}
          <button
            type="button"
            className="btn btn-sm"
            onClick={() => {
              onVoice(changed.from);
              setChanged(null);
            }}
          >
            Undo
          </button>
        </div>
      ) : null}
    </div>
  );
}
