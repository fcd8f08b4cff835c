// Project narration as WAV files: speech by espeak-ng when it is installed (found on PATH at the
// first narration, or given as `espeakPath`), otherwise a voice-like tone (a sine with vibrato
// and tremolo, as long as the words would take to say). Each narration is made once and cached
// by engine, voice and text, so exports of the same project reuse it.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { FfmpegRunner } from './ffmpeg';
import { findOnPath } from './tools';

export type NarrationEngine = 'espeak-ng' | 'tone';

export interface NarrationVoice {
  /** BCP-47 language, e.g. `en-US` or `es`. */
  language: string;
  gender: 'MALE' | 'FEMALE' | 'NEUTRAL';
  /** Speech rate multiplier (1 = the voice's default). */
  speed: number;
}

export interface Narration {
  path: string;
  durationS: number;
  engine: NarrationEngine;
}

/** Words per second of the tone stand-in (the same rate text-to-speech outputs use). */
export const TONE_WORDS_PER_SECOND = 2.6;
const NARRATION_VERSION = 1;

/** `espeak-ng` on PATH, looked up once (null when absent: narration is a tone). */
export function lazyEspeak(env: NodeJS.ProcessEnv = process.env): () => string | null {
  let resolved: string | null | undefined;
  return () => {
    if (resolved === undefined) resolved = findOnPath('espeak-ng', env, process.platform);
    return resolved;
  };
}

/** espeak-ng voice names for the catalogue's languages (primary subtag → espeak voice). */
const ESPEAK_LANGUAGE: Record<string, string> = { zh: 'cmn', no: 'nb' };

export function espeakVoice(voice: NarrationVoice): string {
  const primary = voice.language.split(/[-_]/)[0]!.toLowerCase();
  const region = voice.language.split(/[-_]/)[1]?.toLowerCase();
  let lang = ESPEAK_LANGUAGE[primary] ?? primary;
  if (primary === 'en') lang = region === 'gb' || region === 'ie' || region === 'au' || region === 'in' ? 'en-gb' : 'en-us';
  const variant = voice.gender === 'FEMALE' ? 'f3' : voice.gender === 'MALE' ? 'm3' : 'm1';
  return `${lang}+${variant}`;
}

export class NarrationMaker {
  private readonly pending = new Map<string, Promise<Narration>>();
  /** espeak-ng runs one at a time (tones go through the ffmpeg runner, which is bounded too). */
  private espeakQueue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly runner: FfmpegRunner,
    private readonly cacheDir: string,
    private readonly espeak: () => string | null,
  ) {}

  /** Which engine narrations made now use. */
  engine(): NarrationEngine {
    return this.espeak() ? 'espeak-ng' : 'tone';
  }

  /** The narration of `text` (made, or found in the cache). */
  make(text: string, voice: NarrationVoice): Promise<Narration> {
    const bin = this.espeak();
    const engine: NarrationEngine = bin ? 'espeak-ng' : 'tone';
    const key = createHash('sha1').update(JSON.stringify({ v: NARRATION_VERSION, engine, text, voice })).digest('hex').slice(0, 24);
    let p = this.pending.get(key);
    if (!p) {
      p = this.load(key, text, voice, bin).finally(() => this.pending.delete(key));
      this.pending.set(key, p);
    }
    return p;
  }

  private async load(key: string, text: string, voice: NarrationVoice, bin: string | null): Promise<Narration> {
    const dir = path.join(this.cacheDir, 'narration');
    const file = path.join(dir, `${key}.wav`);
    const engine: NarrationEngine = bin ? 'espeak-ng' : 'tone';
    const known = await wavDuration(file).catch(() => null);
    if (known !== null) return { path: file, durationS: known, engine };
    await mkdir(dir, { recursive: true });
    const tmp = `${file}.tmp-${process.pid}-${Math.random().toString(36).slice(2)}.wav`;
    try {
      if (bin) {
        const turn = this.espeakQueue.then(() => speak(bin, text, voice, tmp));
        this.espeakQueue = turn.catch(() => {});
        await turn;
      } else await this.tone(text, voice, tmp);
      await rename(tmp, file);
    } catch (err) {
      await rm(tmp, { force: true });
      throw err;
    }
    return { path: file, durationS: await wavDuration(file), engine };
  }

  private tone(text: string, voice: NarrationVoice, out: string): Promise<void> {
    const words = text.trim() ? text.trim().split(/\s+/).length : 0;
    const durationS = Math.min(600, Math.max(0.8, Math.round((words / TONE_WORDS_PER_SECOND / clampSpeed(voice.speed)) * 100) / 100));
    const freq = voice.gender === 'FEMALE' ? 220 : voice.gender === 'MALE' ? 130 : 175;
    const fadeOut = Math.max(0, durationS - 0.2).toFixed(2);
    return this.runner.run([
      '-f', 'lavfi', '-i', `sine=frequency=${freq}:sample_rate=22050:duration=${durationS}`,
      '-af', `vibrato=f=6:d=0.4,tremolo=f=4:d=0.7,afade=t=in:d=0.1,afade=t=out:st=${fadeOut}:d=0.2`,
      '-ac', '1', '-c:a', 'pcm_s16le', '-f', 'wav', out,
    ]);
  }
}

function clampSpeed(speed: number): number {
  return Number.isFinite(speed) && speed > 0 ? Math.min(4, Math.max(0.25, speed)) : 1;
}

/** espeak-ng reads the text from stdin; an unknown language falls back to English. */
async function speak(bin: string, text: string, voice: NarrationVoice, out: string): Promise<void> {
  const wpm = String(Math.round(Math.min(450, Math.max(80, 170 * clampSpeed(voice.speed)))));
  try {
    await runEspeak(bin, ['-v', espeakVoice(voice), '-s', wpm, '-w', out, '--stdin'], text);
  } catch {
    await runEspeak(bin, ['-v', espeakVoice({ ...voice, language: 'en-US' }), '-s', wpm, '-w', out, '--stdin'], text);
  }
}

function runEspeak(bin: string, args: string[], text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { stdio: ['pipe', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      stderr = (stderr + d.toString('utf8')).slice(-1000);
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(new Error(`could not run ${bin}: ${err.message}`));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`${bin} failed (${signal ?? `exit ${code}`}): ${stderr.trim() || 'no output'}`));
    });
    child.stdin.on('error', () => {});
    child.stdin.end(text);
  });
}

/** Duration of a PCM WAV from its header (fmt byte rate, data chunk size). */
export async function wavDuration(file: string): Promise<number> {
  const size = (await stat(file)).size;
  const fh = await open(file, 'r');
  try {
    const head = Buffer.alloc(Math.min(size, 4096));
    await fh.read(head, 0, head.length, 0);
    if (head.toString('ascii', 0, 4) !== 'RIFF' || head.toString('ascii', 8, 12) !== 'WAVE') throw new Error(`${file} is not a WAV file`);
    let at = 12;
    let byteRate = 0;
    while (at + 8 <= head.length) {
      const id = head.toString('ascii', at, at + 4);
      const len = head.readUInt32LE(at + 4);
      if (id === 'fmt ') byteRate = head.readUInt32LE(at + 16);
      if (id === 'data') {
        // Streams written without seeking leave a placeholder length: use the file size instead.
        const bytes = Math.min(len, size - (at + 8));
        if (byteRate <= 0) break;
        return Math.round((bytes / byteRate) * 1000) / 1000;
      }
      at += 8 + len + (len % 2);
    }
    throw new Error(`${file} has no readable WAV data chunk`);
  } finally {
    await fh.close();
  }
}
