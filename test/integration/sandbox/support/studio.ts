// Helpers for workflow / project / export tests: typed calls, waiting for terminal states, and
// reading what an export really contains (ffprobe, frames as RGB, audio statistics).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import { resolveMediaTool } from '../../../../main/sandbox/media/tools';
import { waitFor } from '../../../helpers/sandbox';
import type { ApiClient } from './client';

export interface ApiErrorBody { message: string; code?: string; internalErrorCode?: string }
export interface Run {
  workflowRunId: string;
  status: string;
  workflowType: string;
  progressPercentage: number;
  attemptIndex: number;
  projectId: string;
  projectUrl: string;
  error?: ApiErrorBody | null;
}
export interface Started { workflowRunId: string; projectId: string; projectUrl: string; remixActionIds: string[] }
export interface Project { projectId: string; title: string; aspectRatio: { width: number; height: number }; status: string; createdAt: string; updatedAt: string; projectUrl: string }
export interface RemixRun { remixActionId: string; type: string; status: string; projectId: string; progressPercentage: number; attemptIndex: number; error?: ApiErrorBody | null }
export interface Export { exportId: string; projectId: string; status: string; progressPercentage: number; attemptIndex: number; downloadUrl?: string | null; thumbnailUrl?: string | null; error?: ApiErrorBody | null }

const TERMINAL = ['succeeded', 'failed', 'cancelled'];

export function studioClient(api: ApiClient) {
  const self = {
    async start(workflow: string, body: unknown): Promise<Started> {
      const res = await api.vg<Started>('POST', `/v1/workflows/${workflow}`, body);
      expect(res.status, JSON.stringify(res.body)).toBe(202);
      return res.body;
    },
    run: async (id: string) => (await api.vg<Run>('GET', `/v1/workflows/runs/${id}`)).body,
    project: async (id: string) => (await api.vg<Project>('GET', `/v1/projects/${id}`)).body,
    actions: async (projectId: string) => (await api.vg<{ remixActions: RemixRun[] }>('GET', `/v1/projects/${projectId}/remix-actions`)).body.remixActions,
    getExport: async (projectId: string, exportId: string) => (await api.vg<Export>('GET', `/v1/projects/${projectId}/exports/${exportId}`)).body,
    /** Polls until the run is terminal (with a manual clock, call `advance` first). */
    waitRun: (id: string, timeoutMs = 60_000) => waitFor(async () => {
      const r = await self.run(id);
      return TERMINAL.includes(r.status) ? r : null;
    }, `workflow run ${id}`, timeoutMs),
    /** Polls until the project is ready (its run and every remix action ended). */
    waitReady: (id: string, timeoutMs = 60_000) => waitFor(async () => {
      const p = await self.project(id);
      return p.status === 'ready' ? p : null;
    }, `project ${id} ready`, timeoutMs),
    async exportProject(projectId: string, body?: unknown): Promise<string> {
      const res = await api.vg<{ exportId: string }>('POST', `/v1/projects/${projectId}/export`, body);
      expect(res.status, JSON.stringify(res.body)).toBe(202);
      expect(res.body.exportId).toMatch(/^vg_expo_/);
      return res.body.exportId;
    },
    waitExport: (projectId: string, exportId: string, timeoutMs = 90_000) => waitFor(async () => {
      const e = await self.getExport(projectId, exportId);
      return e.status === 'succeeded' || e.status === 'failed' ? e : null;
    }, `export ${exportId}`, timeoutMs),
    async remix(projectId: string, remixActions: unknown[], saveAsNewProject?: boolean): Promise<{ projectId: string; projectUrl: string; remixActionIds: string[] }> {
      const res = await api.vg<{ projectId: string; projectUrl: string; remixActionIds: string[] }>('POST', `/v1/projects/${projectId}/remix`, { remixActions, ...(saveAsNewProject === undefined ? {} : { saveAsNewProject }) });
      expect(res.status, JSON.stringify(res.body)).toBe(202);
      return res.body;
    },
  };
  return self;
}

const ffmpeg = () => resolveMediaTool('ffmpeg').path;
const ffprobe = () => resolveMediaTool('ffprobe').path;

/** Downloads a URL to a temp file (asserting 200) and returns its path. */
export async function download(url: string, name = 'media.mp4'): Promise<string> {
  const res = await fetch(url);
  expect(res.status, url).toBe(200);
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'atelier-sbx-dl-')), name);
  writeFileSync(file, Buffer.from(await res.arrayBuffer()));
  return file;
}

export interface Probed {
  format: { format_name: string; duration: string };
  streams: Array<{ codec_type: string; codec_name: string; width?: number; height?: number; duration?: string }>;
}

export function probe(file: string): Probed {
  return JSON.parse(execFileSync(ffprobe(), ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', file], { encoding: 'utf8' })) as Probed;
}

/** One frame at `atS` scaled to w×h, as packed RGB. */
export function frameRgb(file: string, atS: number, w = 160, h = 90): Buffer {
  return execFileSync(ffmpeg(), ['-v', 'error', '-ss', String(atS), '-i', file, '-frames:v', '1', '-vf', `scale=${w}:${h}`, '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'], { maxBuffer: 64 * 1024 * 1024 });
}

/** Mean absolute difference (0..255) of two frames inside a region given as fractions of the frame. */
export function regionDiff(a: Buffer, b: Buffer, w: number, h: number, r: { x0: number; y0: number; x1: number; y1: number }): number {
  let sum = 0;
  let n = 0;
  for (let y = Math.floor(r.y0 * h); y < Math.ceil(r.y1 * h); y++) {
    for (let x = Math.floor(r.x0 * w); x < Math.ceil(r.x1 * w); x++) {
      for (let c = 0; c < 3; c++) {
        const i = (y * w + x) * 3 + c;
        sum += Math.abs(a[i]! - b[i]!);
        n++;
      }
    }
  }
  return n ? sum / n : 0;
}

export interface AudioStats {
  /** Zero crossings per sample (a 220 Hz tone ≈ 0.01; speech is far higher). */
  zeroCrossingRate: number;
  rmsDb: number;
}

/** Overall statistics of the first audio stream (optionally of [start, start + duration]). */
export function audioStats(file: string, start = 0, duration?: number): AudioStats {
  const args = ['-hide_banner', '-ss', String(start), ...(duration ? ['-t', String(duration)] : []), '-i', file, '-map', '0:a:0', '-af', 'astats=metadata=0:reset=0', '-f', 'null', '-'];
  // astats reports on stderr.
  const res = spawnSync(ffmpeg(), args, { encoding: 'utf8' });
  if (res.status !== 0) throw new Error(`astats failed: ${res.stderr.slice(-500)}`);
  const num = (text: string, label: string) => Number(new RegExp(`${label}:\\s*(-?[\\d.]+|-inf)`).exec(text)?.[1]?.replace('-inf', '-200') ?? NaN);
  // The zero-crossing rate is reported per channel (the first is taken), the RMS level overall.
  const overall = res.stderr.slice(res.stderr.lastIndexOf('Overall'));
  return { zeroCrossingRate: num(res.stderr, 'Zero crossings rate'), rmsDb: num(overall, 'RMS level dB') };
}
