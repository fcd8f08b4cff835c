// The fixed catalogues behind /v1/resources: TTS voices, avatar presenters, languages.
// Ids are stable across seeds, like a real provider's catalogue.
import { hash32, toBase62 } from '../random';

export interface TtsVoice {
  voiceId: string;
  languageCode: string;
  displayName: string;
  displayGender: 'MALE' | 'FEMALE' | 'NEUTRAL';
  accent: string | null;
  description: string | null;
  supportsDirectToolExecution: boolean;
  supportsAllLanguages: boolean;
  isDeprecated: boolean;
}

export interface PresenterEntry {
  avatarPresenterId: string;
  displayableGender: 'MALE' | 'FEMALE' | 'NEUTRAL';
  name: string;
  /** Accent / language the presenter suits best, for voice matching. */
  languageCode: string;
}

const stableId = (prefix: string, name: string) => `${prefix}${toBase62(hash32('catalogue', prefix, name), 6)}${toBase62(hash32('catalogue-2', prefix, name), 6)}${toBase62(hash32('catalogue-3', prefix, name), 6)}`;

type VoiceRow = [name: string, lang: string, gender: TtsVoice['displayGender'], accent: string | null, description: string, flags?: string];
// flags: d = deprecated, x = not usable with the text-to-speech tool, a = speaks every language
const VOICE_ROWS: VoiceRow[] = [
  ['Ava', 'en-US', 'FEMALE', 'american', 'Warm, conversational narrator.', 'a'],
  ['Marcus', 'en-US', 'MALE', 'american', 'Deep, confident documentary voice.'],
  ['Riley', 'en-US', 'NEUTRAL', 'american', 'Friendly and upbeat, good for explainers.', 'a'],
  ['Harper', 'en-US', 'FEMALE', 'american', 'Crisp news-anchor delivery.'],
  ['Jonah', 'en-US', 'MALE', 'american', 'Relaxed storyteller.'],
  ['Olivia', 'en-GB', 'FEMALE', 'british', 'Polished British narrator.'],
  ['Arthur', 'en-GB', 'MALE', 'british', 'Measured, authoritative British voice.'],
  ['Chloe', 'en-AU', 'FEMALE', 'australian', 'Bright Australian presenter.'],
  ['Liam', 'en-IE', 'MALE', 'irish', 'Gentle Irish lilt.'],
  ['Priya', 'en-IN', 'FEMALE', 'indian', 'Clear, friendly Indian English.', 'a'],
  ['Lucía', 'es-ES', 'FEMALE', 'castilian', 'Expressive Castilian Spanish.'],
  ['Mateo', 'es-MX', 'MALE', 'mexican', 'Warm Mexican Spanish narrator.'],
  ['Camille', 'fr-FR', 'FEMALE', 'parisian', 'Elegant French voice.'],
  ['Hugo', 'fr-FR', 'MALE', 'parisian', 'Calm French narrator.'],
  ['Lena', 'de-DE', 'FEMALE', 'standard', 'Clear German voice.'],
  ['Felix', 'de-DE', 'MALE', 'standard', 'Energetic German presenter.'],
  ['Giulia', 'it-IT', 'FEMALE', 'standard', 'Lively Italian voice.'],
  ['Rafael', 'pt-BR', 'MALE', 'brazilian', 'Smooth Brazilian Portuguese.'],
  ['Yui', 'ja-JP', 'FEMALE', 'standard', 'Soft Japanese narrator.'],
  ['Haruto', 'ja-JP', 'MALE', 'standard', 'Steady Japanese voice.'],
  ['Min-jun', 'ko-KR', 'MALE', 'standard', 'Bright Korean presenter.'],
  ['Mei', 'zh-CN', 'FEMALE', 'mandarin', 'Clear Mandarin narrator.'],
  ['Noor', 'ar-SA', 'FEMALE', 'gulf', 'Warm Arabic voice.'],
  ['Sanne', 'nl-NL', 'FEMALE', 'standard', 'Friendly Dutch voice.'],
  ['Aksel', 'nb-NO', 'MALE', 'standard', 'Calm Norwegian narrator.'],
  ['Classic Narrator', 'en-US', 'MALE', 'american', 'Legacy narrator voice kept for old projects.', 'd'],
  ['Classic Host', 'en-GB', 'FEMALE', 'british', 'Legacy host voice.', 'd'],
  ['Studio Whisper', 'en-US', 'NEUTRAL', null, 'Whispered voice, workflows only.', 'x'],
  ['Character Kid', 'en-US', 'NEUTRAL', null, 'Playful character voice, workflows only.', 'x'],
  ['Retro Radio', 'en-US', 'MALE', 'american', 'Vintage radio announcer (deprecated).', 'dx'],
];

export const TTS_VOICES: readonly TtsVoice[] = VOICE_ROWS.map(([name, lang, gender, accent, description, flags = '']) => ({
  voiceId: stableId('vg_voic_', name),
  languageCode: lang,
  displayName: name,
  displayGender: gender,
  accent,
  description,
  supportsDirectToolExecution: !flags.includes('x'),
  supportsAllLanguages: flags.includes('a'),
  isDeprecated: flags.includes('d'),
}));

type PresenterRow = [name: string, gender: PresenterEntry['displayableGender'], lang: string];
const PRESENTER_ROWS: PresenterRow[] = [
  ['Nora', 'FEMALE', 'en-US'], ['Daniel', 'MALE', 'en-US'], ['Sam', 'NEUTRAL', 'en-US'], ['Grace', 'FEMALE', 'en-GB'],
  ['Oliver', 'MALE', 'en-GB'], ['Isabela', 'FEMALE', 'es-ES'], ['Diego', 'MALE', 'es-MX'], ['Élise', 'FEMALE', 'fr-FR'],
  ['Jonas', 'MALE', 'de-DE'], ['Sakura', 'FEMALE', 'ja-JP'], ['Kenji', 'MALE', 'ja-JP'], ['Aisha', 'FEMALE', 'ar-SA'],
  ['Ravi', 'MALE', 'en-IN'], ['Lin', 'FEMALE', 'zh-CN'], ['Alex', 'NEUTRAL', 'en-AU'], ['Marta', 'FEMALE', 'it-IT'],
];

export const PRESENTERS: readonly PresenterEntry[] = PRESENTER_ROWS.map(([name, gender, lang]) => ({
  avatarPresenterId: stableId('vg_pres_', name),
  displayableGender: gender,
  name,
  languageCode: lang,
}));

/** Presenters best matching a voice first: same gender, then same language, then same region. */
export function presentersForVoice(voice: TtsVoice): PresenterEntry[] {
  const score = (p: PresenterEntry) =>
    (p.displayableGender === voice.displayGender ? 4 : 0) +
    (p.languageCode === voice.languageCode ? 2 : 0) +
    (p.languageCode.slice(0, 2) === voice.languageCode.slice(0, 2) ? 1 : 0);
  return PRESENTERS.map((p, i) => ({ p, i, s: score(p) }))
    .sort((a, b) => b.s - a.s || a.i - b.i)
    .map((x) => x.p);
}

export const LANGUAGES: ReadonlyArray<{ languageCode: string; name: string }> = [
  ['ar', 'Arabic'], ['bg', 'Bulgarian'], ['zh', 'Chinese'], ['hr', 'Croatian'], ['cs', 'Czech'], ['da', 'Danish'],
  ['nl', 'Dutch'], ['en', 'English'], ['fi', 'Finnish'], ['fr', 'French'], ['de', 'German'], ['el', 'Greek'],
  ['he', 'Hebrew'], ['hi', 'Hindi'], ['hu', 'Hungarian'], ['id', 'Indonesian'], ['it', 'Italian'], ['ja', 'Japanese'],
  ['ko', 'Korean'], ['ms', 'Malay'], ['no', 'Norwegian'], ['pl', 'Polish'], ['pt', 'Portuguese'], ['ro', 'Romanian'],
  ['ru', 'Russian'], ['sk', 'Slovak'], ['es', 'Spanish'], ['sv', 'Swedish'], ['ta', 'Tamil'], ['th', 'Thai'],
  ['tr', 'Turkish'], ['uk', 'Ukrainian'], ['vi', 'Vietnamese'],
].map(([languageCode, name]) => ({ languageCode: languageCode!, name: name! }));
