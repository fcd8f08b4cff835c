// POST /v1/text/generate: synchronous, deterministic text. The same request (prompt, system,
// quality, maxOutputTokens) always gives the same text; `temperature` is accepted but, the
// sandbox having no model, changes nothing. Prompts asking for a title get a short title; all
// others get a narration-ready script: plain sentences about the prompt's topic, longer for
// higher quality tiers, cut to `maxOutputTokens` (about ¾ of a word per token).
import { insufficientCredits, invalidParameters } from '../errors';
import { hash32 } from '../random';
import type { RouteDef } from '../router';
import type { VideoGenService } from './service';
import { GenerateTextRequest } from './studio/schemas';
import { parseBody } from './validation';

type Quality = 'LOW' | 'STANDARD' | 'HIGH' | 'MAX';

const WORD_TARGET: Record<Quality, number> = { LOW: 40, STANDARD: 70, HIGH: 100, MAX: 140 };
const WORDS_PER_TOKEN = 0.75;

const OPENERS = [
  'Have you ever stopped to think about {t}?',
  'Here is a quick look at {t}.',
  'Let’s talk about {t}.',
  '{T} is simpler than it sounds.',
];
const BODY = [
  'At its heart, {t} comes down to a few clear ideas.',
  'The first thing to notice is how often {t} shows up in everyday life.',
  'Small details add up, and that is where {t} gets interesting.',
  'People who get it right start with one simple habit and build from there.',
  'It helps to picture it step by step, one piece at a time.',
  'The science behind it is well understood, and the results are easy to see.',
  'A little curiosity goes a long way here.',
  'Most mistakes come from rushing, so take it slowly at first.',
  'Once it clicks, you will start to see {t} everywhere.',
  'The best part is that anyone can try it today.',
];
const CLOSERS = [
  'So the next time {t} comes up, you will know exactly where to start.',
  'Keep it simple, stay consistent, and enjoy the results.',
  'Thanks for watching, and stay curious.',
];

/** The subject of a prompt: what follows "about" / "on"…, else the prompt without its leading verb. */
export function topicOf(prompt: string): string {
  const text = prompt.replace(/\s+/g, ' ').trim();
  let raw: string | null = null;
  for (const keyword of ['about', 'regarding', 'on', 'explaining', 'describing']) {
    const m = new RegExp(`\\b${keyword}\\s+(.+)$`, 'i').exec(text);
    if (m) {
      raw = m[1]!;
      break;
    }
  }
  raw ??= text.replace(/^(please\s+)?(write|draft|create|generate|compose|make|explain|describe|summari[sz]e|tell me about|give me)\s+(an?\s+|the\s+)?/i, '');
  const words = raw.replace(/[.!?:;,\s]+$/, '').trim().split(' ').slice(0, 10).join(' ');
  return words || 'this idea';
}

export function generateText(req: { prompt: string; system?: string | null; quality?: Quality; maxOutputTokens?: number }): string {
  const quality = req.quality ?? 'STANDARD';
  const seed = hash32('text', req.prompt, req.system ?? '', quality);
  const topic = topicOf(req.prompt);
  const fill = (template: string) => template.replaceAll('{t}', topic).replaceAll('{T}', topic[0]!.toUpperCase() + topic.slice(1));
  const maxWords = Math.max(1, Math.floor((req.maxOutputTokens ?? 512) * WORDS_PER_TOKEN));

  let text: string;
  if (/\b(title|headline|name)\b/i.test(req.prompt)) {
    const words = topic.split(' ').slice(0, 6).map((w) => w[0]!.toUpperCase() + w.slice(1));
    const suffix = ['Explained', 'in a Nutshell', 'Made Simple', ''][seed % 4]!;
    text = [words.join(' '), suffix].filter(Boolean).join(' ');
  } else {
    const target = WORD_TARGET[quality];
    const sentences = [fill(OPENERS[seed % OPENERS.length]!)];
    const order = BODY.map((s, i) => ({ s, k: hash32(seed, i) })).sort((a, b) => a.k - b.k).map((x) => x.s);
    const closer = fill(CLOSERS[(seed >>> 8) % CLOSERS.length]!);
    const count = (list: string[]) => list.join(' ').split(' ').length;
    for (const s of order) {
      if (count([...sentences, closer]) >= target) break;
      sentences.push(fill(s));
    }
    sentences.push(closer);
    text = sentences.join(' ');
  }
  const words = text.split(' ');
  if (words.length <= maxWords) return text;
  // Cut at the last full sentence that fits, else at a word.
  const cut = words.slice(0, maxWords).join(' ');
  const end = Math.max(cut.lastIndexOf('. '), cut.lastIndexOf('? '), cut.lastIndexOf('! '));
  return end > 0 ? cut.slice(0, end + 1) : cut;
}

export function textRoutes(vg: VideoGenService): RouteDef[] {
  return [
    {
      method: 'POST',
      template: '/v1/text/generate',
      family: 'videogen',
      rateBucket: 'text.generate',
      handler: async (ctx) => {
        const body = parseBody(GenerateTextRequest, await ctx.json());
        if (!body.prompt.trim()) throw invalidParameters('prompt', 'must not be blank');
        if (vg.env.faults.outOfCredits) throw insufficientCredits();
        return { status: 200, body: { text: generateText(body) } };
      },
    },
  ];
}
