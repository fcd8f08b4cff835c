// Sync generations. Status as a function of the clock (G = syncGenerationMs, t = since create):
//   PENDING t < 0.15G → PROCESSING → COMPLETED at G (never before the output MP4 exists) or
//   FAILED (from 0.4G, once the failure is known: unusable inputs, "noface" in an input name,
//   a URL the sandbox cannot fetch, or an ffmpeg error). A cancel while in progress → CANCELED
//   (the Mar-2025 spec's spelling).
import type { SandboxEnv } from '../env';
import type { GenerationRecord } from './types';

export type SyncStatus = 'PENDING' | 'PROCESSING' | 'COMPLETED' | 'FAILED' | 'CANCELED';

const RESULT_URL_TTL_S = 3600;

export class GenerationStore {
  private readonly byId = new Map<string, GenerationRecord>();

  constructor(private readonly env: SandboxEnv) {}

  /** A new generation: stored and persisted. */
  add(r: GenerationRecord): void {
    this.byId.set(r.id, r);
    this.save(r);
  }

  /** Persists a generation after a change. */
  save(r: GenerationRecord): void {
    this.env.state.put('sync-generation', r.id, r);
  }

  /** Loads persisted generations (at start), oldest first. */
  restore(records: GenerationRecord[]): void {
    for (const r of records) this.byId.set(r.id, r);
  }

  get(id: string): GenerationRecord | undefined {
    return this.byId.get(id);
  }

  /** Newest first. */
  all(): GenerationRecord[] {
    return [...this.byId.values()].reverse();
  }

  status(r: GenerationRecord, now: number): { status: SyncStatus; terminal: boolean } {
    const natural = this.naturalStatus(r, r.cancelledAt ?? now);
    if (r.cancelledAt !== null && !natural.terminal) return { status: 'CANCELED', terminal: true };
    return r.cancelledAt !== null ? natural : this.naturalStatus(r, now);
  }

  /** PENDING + PROCESSING generations of one key (the plan's concurrency limit counts these). */
  active(keyIndex: number, now: number): number {
    let n = 0;
    for (const r of this.byId.values()) if (r.keyIndex === keyIndex && !this.status(r, now).terminal) n++;
    return n;
  }

  cancel(r: GenerationRecord, now: number): boolean {
    if (this.status(r, now).terminal) return false;
    r.cancelledAt = now;
    this.save(r);
    return true;
  }

  /** The signed URL the public result link redirects to. */
  signedResultUrl(r: GenerationRecord, now: number): string {
    const exp = Math.floor(now / 1000) + RESULT_URL_TTL_S;
    const tag = this.env.signer.tag('sync-result', r.id, String(exp));
    const name = `${r.request.outputFileName || 'output'}.mp4`;
    return `${this.env.baseUrl()}/sync-storage/results/${r.id}/${exp}.${tag}/${encodeURIComponent(name)}`;
  }

  /** The output file for a signed result path token, or null. */
  resultPath(id: string, token: string, now: number): string | null {
    const m = /^(\d{1,12})\.([0-9a-f]{32})$/.exec(token);
    const r = this.byId.get(id);
    if (!m || !r?.output) return null;
    if (!this.env.signer.verifyTag(m[2]!, 'sync-result', id, m[1]!) || Number(m[1]) <= Math.floor(now / 1000)) return null;
    return r.output.path;
  }

  private naturalStatus(r: GenerationRecord, now: number): { status: SyncStatus; terminal: boolean } {
    const G = this.env.options.syncGenerationMs;
    const t = now - r.createdAt;
    if (t < 0.15 * G) return { status: 'PENDING', terminal: false };
    if (r.failure && now >= Math.max(r.createdAt + 0.4 * G, r.failure.at)) return { status: 'FAILED', terminal: true };
    if (!r.failure && r.output && now >= Math.max(r.createdAt + G, r.output.doneAt)) return { status: 'COMPLETED', terminal: true };
    return { status: 'PROCESSING', terminal: false };
  }
}

/**
 * The Generation body. Optional fields are omitted rather than null: the spec (OpenAPI 3.0)
 * declares none of them nullable, and where spec and docs disagree the spec wins.
 * The failure code is sent under both `error_code` (SDK) and `errorCode` (2026 reference).
 */
export function generationJson(store: GenerationStore, r: GenerationRecord, now: number, baseUrl: string): Record<string, unknown> {
  const { status } = store.status(r, now);
  const json: Record<string, unknown> = {
    id: r.id,
    createdAt: new Date(r.createdAt).toISOString(),
    status,
    model: r.request.model,
    input: r.input,
    options: r.request.options,
  };
  if (r.request.segments) json.segments = r.request.segments;
  if (r.request.webhookUrl) json.webhookUrl = r.request.webhookUrl;
  if (r.request.outputFileName) json.outputFileName = r.request.outputFileName;
  if (r.request.projectId) json.projectId = r.request.projectId;
  if (r.synthesizedAudio) json.synthesizedAudioUrl = r.synthesizedAudio.url;
  if (status === 'COMPLETED' && r.output) {
    json.outputUrl = `${baseUrl}/v2/generations/${r.id}/result?token=${r.resultToken}`;
    json.outputDuration = r.output.durationSeconds;
  }
  if (status === 'FAILED' && r.failure) {
    json.error = r.failure.message;
    json.error_code = r.failure.code;
    json.errorCode = r.failure.code;
  }
  return json;
}
