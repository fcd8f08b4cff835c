// Makes a generation's output with ffmpeg: the input video (looped, cut or padded per
// options.sync_mode) or the still image (sync-3) with the input audio laid on it, H.264/AAC
// MP4. A text input is first "spoken": a tone whose length follows the script.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { SandboxEnv } from '../env';
import type { ProbeResult } from '../media/ffmpeg';
import { H264_AAC } from '../media/recipes';
import type { Failure, GenerationRecord, ResolvedInputs } from './types';

export type { ResolvedInputs } from './types';

const MAX_AUDIO_SECONDS = 300;
const SCALE_720 = "scale=w='if(gte(iw,ih),-2,min(720,iw))':h='if(gte(iw,ih),min(720,ih),-2)'";

class RenderFailure extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export async function renderGeneration(env: SandboxEnv, r: GenerationRecord, inputs: ResolvedInputs, outDir: string, ttsUrl: string): Promise<void> {
  const fail = (f: Omit<Failure, 'at'>) => {
    r.failure = { ...f, at: env.clock.now() };
  };
  try {
    let audioPath: string;
    if (inputs.audio.kind === 'text') {
      const words = inputs.audio.script.trim().split(/\s+/).length;
      const durationS = Math.min(MAX_AUDIO_SECONDS, Math.max(1, Math.ceil(words / 2.6)));
      const speech = await env.media.get({ kind: 'audio', durationS, flavor: 'speech' });
      const slot = speech.slots.download;
      if (slot.status !== 'ready') throw new RenderFailure('generation_pipeline_failed', 'Text-to-speech failed.');
      audioPath = slot.blob.path;
      r.synthesizedAudio = { path: audioPath, url: ttsUrl };
    } else audioPath = inputs.audio.path;

    const [visual, audio] = await Promise.all([probeOr(env, inputs.visual.path), probeOr(env, audioPath)]);
    if (!visual || !visual.hasVideo || (inputs.visual.kind === 'video' && !visual.durationSeconds)) {
      throw new RenderFailure('generation_media_metadata_missing', `Could not read the ${inputs.visual.kind} input's metadata (duration and frame rate).`);
    }
    if (!audio || !audio.hasAudio) throw new RenderFailure('generation_audio_missing', 'The audio input has no audio stream.');
    if (!audio.durationSeconds) throw new RenderFailure('generation_media_metadata_missing', "Could not read the audio input's duration.");
    if (audio.durationSeconds > MAX_AUDIO_SECONDS) throw new RenderFailure('generation_audio_length_exceeded', `The audio input is ${audio.durationSeconds.toFixed(1)} s long; the limit is ${MAX_AUDIO_SECONDS} s.`);

    await mkdir(outDir, { recursive: true });
    const output = path.join(outDir, 'output.mp4');
    const mode = typeof r.request.options.sync_mode === 'string' ? r.request.options.sync_mode : 'loop';
    const args = inputs.visual.kind === 'image'
      ? ['-loop', '1', '-framerate', '25', '-i', inputs.visual.path, '-i', audioPath, '-t', String(audio.durationSeconds)]
      : videoArgs(inputs.visual.path, audioPath, visual.durationSeconds ?? 0, audio.durationSeconds, mode);
    try {
      await env.runner.run([...args, '-map', '0:v:0', '-map', '1:a:0', '-vf', `${SCALE_720},fps=25,format=yuv420p`, ...H264_AAC, '-movflags', '+faststart', output], { timeoutMs: 10 * 60_000 });
    } catch (err) {
      throw new RenderFailure('generation_pipeline_failed', `The lip-sync pipeline failed: ${err instanceof Error ? err.message.slice(0, 200) : String(err)}`);
    }
    const videoS = visual.durationSeconds ?? audio.durationSeconds;
    const outputS = inputs.visual.kind === 'image' || !['cut_off', 'silence'].includes(mode) ? audio.durationSeconds : mode === 'cut_off' ? Math.min(videoS, audio.durationSeconds) : videoS;
    r.output = { path: output, durationSeconds: Math.round(outputS * 1000) / 1000, doneAt: env.clock.now() };
  } catch (err) {
    if (err instanceof RenderFailure) fail({ code: err.code, message: err.message });
    else fail({ code: 'generation_unhandled_error', message: err instanceof Error ? err.message : String(err) });
  }
}

/** sync_mode: cut_off → the shorter length; silence → video length, audio padded; else loop to the audio. */
function videoArgs(video: string, audio: string, videoS: number, audioS: number, mode: string): string[] {
  if (mode === 'cut_off') return ['-i', video, '-i', audio, '-t', String(Math.min(videoS, audioS))];
  if (mode === 'silence') return ['-i', video, '-i', audio, '-af', 'apad', '-t', String(videoS)];
  return ['-stream_loop', '-1', '-i', video, '-i', audio, '-t', String(audioS)];
}

async function probeOr(env: SandboxEnv, p: string): Promise<ProbeResult | null> {
  try {
    return await env.runner.probe(p);
  } catch {
    return null;
  }
}
