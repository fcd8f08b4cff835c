// Runs ffmpeg / ffprobe as child processes, a bounded number at a time, off the request path.
// The binaries are resolved at the first job (media/tools.ts), so a machine without ffmpeg only
// fails when media is actually needed, with a message that says what to install.
import { spawn, type ChildProcess } from 'node:child_process';

export interface ProbeResult {
  formatName: string;
  durationSeconds: number | null;
  width: number | null;
  height: number | null;
  /** A real video stream (cover art in audio files does not count). */
  hasVideo: boolean;
  hasAudio: boolean;
  videoCodec: string | null;
}

/** A binary path, or a function resolving it on first use (it may throw "install ffmpeg"). */
export type BinarySource = string | (() => string);

export class FfmpegRunner {
  private running = 0;
  private readonly waiting: Array<() => void> = [];
  private readonly children = new Set<ChildProcess>();
  private closed = false;
  private filterList: Promise<Set<string>> | null = null;
  private reportedMissing = false;

  constructor(
    private readonly ffmpegPath: BinarySource,
    private readonly ffprobePath: BinarySource,
    private readonly concurrency = 1,
    /** Told once when a binary cannot be found. */
    private readonly onMissing: (message: string) => void = () => {},
  ) {}

  /**
   * The filters this ffmpeg has (`ffmpeg -filters`), so recipes can fall back where an older
   * build (the npm-bundled 4.1 has no `gradients`) or a build without libfreetype (no
   * `drawtext`) lacks one. Empty when ffmpeg cannot be run.
   */
  filters(): Promise<Set<string>> {
    this.filterList ??= this.exec(this.ffmpegPath, ['-hide_banner', '-filters'], 30_000).then(parseFilters, () => {
      this.filterList = null;
      return new Set<string>();
    });
    return this.filterList;
  }

  /**
   * Runs ffmpeg with the given arguments (queued); rejects with the tail of stderr on failure.
   * `cwd` lets recipes name their outputs relatively (no escaping inside filtergraphs / tee).
   */
  async run(args: string[], opts: { timeoutMs?: number; cwd?: string } = {}): Promise<void> {
    await this.acquire();
    try {
      await this.exec(this.ffmpegPath, ['-nostdin', '-hide_banner', '-loglevel', 'error', '-y', ...args], opts.timeoutMs ?? 120_000, opts.cwd);
    } finally {
      this.release();
    }
  }

  /** ffprobe is quick and read-only, so it is not queued behind encodes. */
  async probe(path: string): Promise<ProbeResult> {
    const out = await this.exec(this.ffprobePath, ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', path], 30_000);
    return parseProbe(out);
  }

  /** Kills running processes; queued work fails. */
  close(): void {
    this.closed = true;
    for (const child of this.children) child.kill('SIGKILL');
    for (const wake of this.waiting.splice(0)) wake();
  }

  private acquire(): Promise<void> {
    if (this.closed) return Promise.reject(new Error('media runner is closed'));
    if (this.running < this.concurrency) {
      this.running++;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      this.waiting.push(() => {
        if (this.closed) return reject(new Error('media runner is closed'));
        this.running++;
        resolve();
      });
    });
  }

  private release(): void {
    this.running--;
    this.waiting.shift()?.();
  }

  private exec(source: BinarySource, args: string[], timeoutMs: number, cwd?: string): Promise<string> {
    if (this.closed) return Promise.reject(new Error('media runner is closed'));
    let bin: string;
    try {
      bin = typeof source === 'string' ? source : source();
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      if (!this.reportedMissing) {
        this.reportedMissing = true;
        this.onMissing(message);
      }
      return Promise.reject(err instanceof Error ? err : new Error(message));
    }
    return new Promise((resolve, reject) => {
      const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'], ...(cwd ? { cwd } : {}) });
      this.children.add(child);
      const stdout: Buffer[] = [];
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => stdout.push(d));
      child.stderr.on('data', (d: Buffer) => {
        stderr = (stderr + d.toString('utf8')).slice(-2000);
      });
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      child.on('error', (err) => {
        clearTimeout(timer);
        this.children.delete(child);
        reject(new Error(`could not run ${bin}: ${err.message}`));
      });
      child.on('close', (code, signal) => {
        clearTimeout(timer);
        this.children.delete(child);
        if (code === 0) resolve(Buffer.concat(stdout).toString('utf8'));
        else reject(new Error(`${bin} failed (${signal ?? `exit ${code}`}): ${stderr.trim() || 'no output'}`));
      });
    });
  }
}

interface RawProbe {
  format?: { format_name?: string; duration?: string };
  streams?: Array<{
    codec_type?: string;
    codec_name?: string;
    width?: number;
    height?: number;
    duration?: string;
    disposition?: { attached_pic?: number };
  }>;
}

export function parseProbe(json: string): ProbeResult {
  const raw = JSON.parse(json) as RawProbe;
  const streams = raw.streams ?? [];
  const video = streams.find((s) => s.codec_type === 'video' && !s.disposition?.attached_pic);
  const audio = streams.find((s) => s.codec_type === 'audio');
  const durations = [raw.format?.duration, video?.duration, audio?.duration].map((d) => (d === undefined ? NaN : Number(d)));
  const duration = durations.find((d) => Number.isFinite(d) && d > 0);
  return {
    formatName: raw.format?.format_name ?? '',
    durationSeconds: duration === undefined ? null : Math.round(duration * 1000) / 1000,
    width: video?.width ?? null,
    height: video?.height ?? null,
    hasVideo: video !== undefined,
    hasAudio: audio !== undefined,
    videoCodec: video?.codec_name ?? null,
  };
}

/** Filter names from `ffmpeg -filters` (lines like " T.C drawtext  V->V  Draw text…"). */
export function parseFilters(listing: string): Set<string> {
  const names = new Set<string>();
  for (const line of listing.split('\n')) {
    const m = /^\s*[A-Z.|]{2,4}\s+(\w+)\s+\S*->\S*/.exec(line);
    if (m) names.add(m[1]!);
  }
  return names;
}
