/**
 * New video: a whole narrated video from a script, a voiceover, a slide deck or a storyboard
 * (VideoGen workflows). "Create video" hands the request to main, which writes it down first and
 * sends it once; the run then shows in Activity with its progress and a Cancel.
 */
import { useState, type FormEvent } from 'react';
import type { CommandInput, WorkflowName } from '../../main/contract';
import { Icon } from '../components/Icon';
import { TopBar } from '../components/Shell';
import { api } from '../transport/client';
import { useKept } from '../state/kept';
import { showView, toast, toastError } from '../state/ui';
import { EntitySelect, Labeled, LibraryFiles, Select, useNarrationResources } from './studio/bits';
import { PresenterChoice } from './studio/PresenterChoice';
import { StoryboardScenes, newScene, sceneParams, type Scene } from './studio/StoryboardScenes';
import { RemixEditor, remixParams, type RemixDraft } from './studio/RemixEditor';
import { CaptionStyleFields, captionStyleParams, defaultCaptions, type CaptionDraft } from './studio/CaptionStyle';

const KINDS: Array<{ workflow: WorkflowName; label: string; help: string }> = [
  { workflow: 'script-to-video', label: 'Script', help: 'Your script, narrated over visuals' },
  { workflow: 'voiceover-to-video', label: 'Voiceover', help: 'An audio track with visuals and captions' },
  { workflow: 'slideshow-to-video', label: 'Slideshow', help: 'A PDF or PowerPoint, narrated' },
  { workflow: 'storyboard-to-video', label: 'Storyboard', help: 'Scenes in order, each generated' },
];

const RATIOS = [
  { value: '16:9', label: '16:9 (landscape)' },
  { value: '9:16', label: '9:16 (portrait)' },
  { value: '1:1', label: '1:1 (square)' },
] as const;
const PACING = [
  { value: 'FAST', label: 'Fast' },
  { value: 'MEDIUM', label: 'Medium' },
  { value: 'SLOW', label: 'Slow' },
] as const;
const QUALITY = [
  { value: 'LOW', label: 'Low' },
  { value: 'STANDARD', label: 'Standard' },
  { value: 'HIGH', label: 'High' },
] as const;
const TEXT_QUALITY = [...QUALITY, { value: 'MAX', label: 'Max' }] as const;

type StyleKind = 'STOCK' | 'AI_IMAGE' | 'ENTITY';
interface Look {
  style: StyleKind;
  aiStyle: string;
  entityId: string;
  pacing: 'FAST' | 'MEDIUM' | 'SLOW';
  quality: 'LOW' | 'STANDARD' | 'HIGH';
  ratio: string;
}
interface Voice {
  language: string;
  voiceId: string;
  speed: string;
  presenterId: string;
}

const ratioOf = (r: string) => {
  const [w, h] = r.split(':').map(Number);
  return { width: w!, height: h! };
};
const visualStyle = (l: Look) =>
  l.style === 'AI_IMAGE' ? { type: 'AI_IMAGE', aiStyle: l.aiStyle } : l.style === 'ENTITY' ? { type: 'ENTITY', entityId: l.entityId } : { type: 'STOCK' };
const narration = (v: Voice) => ({
  ...(v.language ? { language: v.language } : {}),
  ...(v.voiceId ? { voiceId: v.voiceId } : {}),
  ...(v.speed.trim() ? { voiceSpeed: Number(v.speed) } : {}),
  ...(v.presenterId ? { avatarPresenterId: v.presenterId } : {}),
});

// What a fresh form starts with (constants: the kept draft falls back to them).
const NONE: string[] = [];
const FIRST_SCENES: Scene[] = [newScene()];
const NO_REMIX: RemixDraft[] = [];
const DEFAULT_CAPTIONS = defaultCaptions();
const DEFAULT_LOOK: Look = { style: 'STOCK', aiStyle: '', entityId: '', pacing: 'MEDIUM', quality: 'STANDARD', ratio: '16:9' };
const DEFAULT_VOICE: Voice = { language: '', voiceId: '', speed: '', presenterId: '' };

/** The form is kept while the person visits other views (to add a file, look something up). */
export function NewVideoView() {
  const [kind, setKind] = useKept<WorkflowName>('video.kind', 'script-to-video');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // Script
  const [script, setScript] = useKept('video.script', '');
  const [draftQuality, setDraftQuality] = useKept<(typeof TEXT_QUALITY)[number]['value']>('video.draftQuality', 'STANDARD');
  const [drafting, setDrafting] = useState(false);
  const [broll, setBroll] = useKept<string[]>('video.broll', NONE);
  // Voiceover / slideshow
  const [audio, setAudio] = useKept<string[]>('video.audio', NONE);
  const [slides, setSlides] = useKept<string[]>('video.slides', NONE);
  const [slideScripts, setSlideScripts] = useKept('video.slideScripts', '');
  const [captions, setCaptions] = useKept('video.captions', true);
  const [captionLook, setCaptionLook] = useKept<CaptionDraft>('video.captionLook', DEFAULT_CAPTIONS);
  const [logo, setLogo] = useKept<string[]>('video.logo', NONE);
  // Storyboard
  const [scenes, setScenes] = useKept<Scene[]>('video.scenes', FIRST_SCENES);
  // Shared
  const [remix, setRemix] = useKept<RemixDraft[]>('video.remix', NO_REMIX);
  const [showRemix, setShowRemix] = useKept('video.showRemix', false);
  const [look, setLook] = useKept<Look>('video.look', DEFAULT_LOOK);
  const [voice, setVoice] = useKept<Voice>('video.voice', DEFAULT_VOICE);
  const { voices, presenters, languages } = useNarrationResources();

  const draft = async () => {
    if (!script.trim()) {
      setError('Type a topic or a rough script in Script first; Draft with AI writes from it.');
      return;
    }
    setDrafting(true);
    setError(null);
    try {
      const res = await api().invoke('text.generate', {
        prompt: `Write a narration-ready video script about ${script.trim()}`,
        system: 'You write short scripts for narrated videos: plain sentences, no headings, no stage directions.',
        quality: draftQuality,
      });
      setScript(res.text);
      toast({ kind: 'success', title: 'Script drafted', body: 'Read it through and change what you like before creating the video.' });
    } catch (err) {
      toastError('Draft with AI', err);
    } finally {
      setDrafting(false);
    }
  };

  const captionParams = () => {
    if (!captions) return { captionStyle: null };
    const style = captionStyleParams(captionLook);
    return style ? { captionStyle: style } : {};
  };

  const params = (): Record<string, unknown> | string => {
    const ratio = ratioOf(look.ratio);
    if (look.style === 'AI_IMAGE' && !look.aiStyle.trim()) return 'Describe the AI style, or choose another visual style.';
    if (look.style === 'ENTITY' && !look.entityId) return 'Pick a visual style, or choose another kind of visuals.';
    if (voice.speed.trim() && !(Number(voice.speed) > 0 && Number(voice.speed) <= 4)) return 'Speed is a number above 0 and at most 4 (1 is the voice’s usual pace).';
    switch (kind) {
      case 'script-to-video':
        if (!script.trim()) return 'Write the script (or a topic, then Draft with AI).';
        return {
          script,
          visualStyle: visualStyle(look),
          visualPacing: look.pacing,
          quality: look.quality,
          aspectRatio: ratio,
          ...narration(voice),
          ...(broll.length ? { featuredBRollFileIds: broll } : {}),
        };
      case 'voiceover-to-video':
        if (!audio[0]) return 'Choose the voiceover audio: from the library or a file on this computer.';
        return {
          fileId: audio[0],
          visualStyle: visualStyle(look),
          visualPacing: look.pacing,
          quality: look.quality,
          aspectRatio: ratio,
          ...(voice.language ? { language: voice.language } : {}),
          ...captionParams(),
          ...(logo[0] ? { logoFileId: logo[0] } : {}),
        };
      case 'slideshow-to-video': {
        if (!slides[0]) return 'Choose the slides: a PDF or PowerPoint file from the library or this computer.';
        const perSlide = slideScripts.trim() ? slideScripts.split(/\n\s*\n/).map((s) => s.trim()) : null;
        return {
          fileId: slides[0],
          aspectRatio: ratio,
          ...narration(voice),
          ...(perSlide ? { slideScripts: perSlide } : {}),
          ...captionParams(),
          ...(logo[0] ? { logoFileId: logo[0] } : {}),
        };
      }
      case 'storyboard-to-video': {
        const built = sceneParams(scenes);
        if (typeof built === 'string') return built;
        return { scenes: built, quality: look.quality, aspectRatio: ratio };
      }
    }
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const base = params();
    const actions = remix.length ? remixParams(remix) : [];
    const p = typeof base === 'string' ? base : typeof actions === 'string' ? `Remix actions: ${actions}` : { ...base, ...(actions.length ? { remixActions: actions } : {}) };
    if (typeof p === 'string') {
      setError(p);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await api().invoke('videos.create', { workflow: kind, params: p } as CommandInput<'videos.create'>);
      toast({ kind: 'success', title: 'Video started', body: 'It shows in Activity with its progress; the project appears in Projects.' });
      showView('activity');
    } catch (err) {
      const m = (err as { message?: string }).message ?? String(err);
      setError(m);
    } finally {
      setBusy(false);
    }
  };

  const styleFields = (
    <>
      <Select
        label="Visual style"
        value={look.style}
        options={[
          { value: 'STOCK', label: 'Stock footage' },
          { value: 'AI_IMAGE', label: 'AI images in a style' },
          { value: 'ENTITY', label: 'A visual style of yours' },
        ]}
        onChange={(style) => setLook({ ...look, style })}
      />
      {look.style === 'AI_IMAGE' ? (
        <Labeled label="AI style">{(id) => <input id={id} className="input" value={look.aiStyle} placeholder="e.g. warm watercolour illustration" onChange={(e) => setLook({ ...look, aiStyle: e.target.value })} />}</Labeled>
      ) : look.style === 'ENTITY' ? (
        <EntitySelect label="Style" type="VISUAL_STYLE" value={look.entityId} onChange={(entityId) => setLook({ ...look, entityId })} optional={false} />
      ) : null}
      <Select label="Pacing" value={look.pacing} options={PACING} onChange={(pacing) => setLook({ ...look, pacing })} />
    </>
  );
  const languageField = (
    <Select
      label="Language"
      value={voice.language}
      options={[{ value: '', label: 'English (default)' }, ...languages.map((l) => ({ value: l.languageCode, label: l.name }))]}
      onChange={(language) => setVoice({ ...voice, language })}
    />
  );
  const voiceFields = (
    <>
      {languageField}
      <Select
        label="Voice"
        value={voice.voiceId}
        options={[{ value: '', label: 'Default voice' }, ...voices.map((v) => ({ value: v.voiceId, label: `${v.displayName} (${v.languageCode})` }))]}
        onChange={(voiceId) => setVoice({ ...voice, voiceId })}
      />
      <Labeled label="Speed" optional help="1 is the voice’s usual pace">
        {(id, d) => <input id={id} className="input input-num" type="number" min={0.5} max={2} step={0.05} value={voice.speed} aria-describedby={d} onChange={(e) => setVoice({ ...voice, speed: e.target.value })} />}
      </Labeled>
      <PresenterChoice
        presenters={presenters}
        voices={voices}
        presenterId={voice.presenterId}
        voiceId={voice.voiceId}
        onPresenter={(presenterId) => setVoice((v) => ({ ...v, presenterId }))}
        onVoice={(voiceId) => setVoice((v) => ({ ...v, voiceId }))}
      />
    </>
  );
  const captionsField = (
    <div className="field field-boolean">
      <label className="switch-row">
        <span>
          <span className="switch-label">Captions</span>
          <span className="switch-help">Burned into the video</span>
        </span>
        <input type="checkbox" role="switch" className="switch" checked={captions} onChange={(e) => setCaptions(e.target.checked)} />
      </label>
    </div>
  );
  const captionsFields = (
    <>
      {captionsField}
      {captions ? <CaptionStyleFields value={captionLook} onChange={setCaptionLook} /> : null}
    </>
  );
  const common = (
    <>
      <Select label="Quality" value={look.quality} options={QUALITY} onChange={(quality) => setLook({ ...look, quality })} />
      <Select label="Aspect ratio" value={look.ratio} options={RATIOS} onChange={(ratio) => setLook({ ...look, ratio })} />
    </>
  );

  return (
    <div className="view view-video">
      <TopBar title="New video" />
      <div className="video-layout">
        <form className="tool-form video-form" onSubmit={(e) => void submit(e)} noValidate aria-label="New video">
          <fieldset className="kind-choice">
            <legend className="field-label">Make it from</legend>
            <div className="kind-options">
              {KINDS.map((k) => (
                <label key={k.workflow} className={`kind-opt${kind === k.workflow ? ' is-on' : ''}`}>
                  <input type="radio" name="video-kind" value={k.workflow} checked={kind === k.workflow} onChange={() => setKind(k.workflow)} />
                  <span className="kind-label">{k.label}</span>
                  <span className="kind-help">{k.help}</span>
                </label>
              ))}
            </div>
          </fieldset>

          {kind === 'script-to-video' ? (
            <div className="form-grid">
              <Labeled label="Script" wide help="Sentences to narrate, or a topic for Draft with AI">
                {(id, d) => <textarea id={id} className="textarea textarea-prompt" rows={6} value={script} aria-describedby={d} onChange={(e) => setScript(e.target.value)} />}
              </Labeled>
              <div className="draft-row field-wide">
                <Select label="Draft quality" value={draftQuality} options={TEXT_QUALITY} onChange={setDraftQuality} />
                <button type="button" className="btn" onClick={() => void draft()} disabled={drafting}>
                  {drafting ? <span className="spinner" aria-hidden="true" /> : <Icon name="sparkle" />}
                  Draft with AI
                </button>
              </div>
              {styleFields}
              {common}
              {voiceFields}
              <LibraryFiles keepAs="video.B-roll" label="B-roll" accept={['IMAGE', 'VIDEO']} max={10} value={broll} onChange={setBroll} optional help="Your images or clips, featured through the video" />
            </div>
          ) : kind === 'voiceover-to-video' ? (
            <div className="form-grid">
              <LibraryFiles keepAs="video.Voiceover audio" label="Voiceover audio" accept={['AUDIO']} max={1} value={audio} onChange={setAudio} help="It is added to your library too" />
              {styleFields}
              {common}
              {languageField}
              {captionsFields}
              <LibraryFiles keepAs="video.Logo" label="Logo" accept={['IMAGE']} max={1} value={logo} onChange={setLogo} optional />
            </div>
          ) : kind === 'slideshow-to-video' ? (
            <div className="form-grid">
              <LibraryFiles keepAs="video.Slides" label="Slides" accept={['PDF', 'SLIDESHOW']} max={1} value={slides} onChange={setSlides} help="A PDF or PowerPoint file; one from this computer is added to your library too" />
              <Labeled label="Slide scripts" optional wide help="What to say on each slide, one paragraph per slide (a blank line between them). Without them slides are silent.">
                {(id, d) => <textarea id={id} className="textarea" rows={5} value={slideScripts} aria-describedby={d} onChange={(e) => setSlideScripts(e.target.value)} />}
              </Labeled>
              <Select label="Aspect ratio" value={look.ratio} options={RATIOS} onChange={(ratio) => setLook({ ...look, ratio })} />
              {voiceFields}
              {captionsFields}
              <LibraryFiles keepAs="video.Logo" label="Logo" accept={['IMAGE']} max={1} value={logo} onChange={setLogo} optional />
            </div>
          ) : (
            <>
              <StoryboardScenes scenes={scenes} onChange={setScenes} />
              <div className="form-grid">{common}</div>
            </>
          )}

          <div className="advanced">
            <button type="button" className="advanced-toggle" aria-expanded={showRemix} onClick={() => setShowRemix(!showRemix)}>
              <Icon name="sparkle" />
              {`Remix actions to apply at the end${remix.length ? ` (${remix.length})` : ''}`}
            </button>
            {showRemix ? <RemixEditor actions={remix} onChange={setRemix} /> : null}
          </div>
          {error ? (
            <div className="form-error" role="alert">
              {error}
            </div>
          ) : null}
          <footer className="form-footer">
            <span className="form-footer-spacer" />
            <button type="submit" className="btn btn-primary btn-lg" disabled={busy}>
              {busy ? <span className="spinner" aria-hidden="true" /> : <Icon name="sparkle" />}
              Create video
            </button>
          </footer>
        </form>
      </div>
    </div>
  );
}
