// The Sync side of the sandbox: assets, generations, and where their bytes live.
import path from 'node:path';
import type { SandboxEnv } from '../env';
import { AssetStore, type PendingAssetUpload } from './assets';
import { renderInBackground } from './create';
import { GenerationStore } from './generations';
import type { AssetRecord, GenerationRecord } from './types';

export type VideoGenResolver = (url: URL, now: number) => string | null;

export class SyncService {
  readonly assets: AssetStore;
  readonly generations: GenerationStore;
  /** Multipart file parts: id → file on disk (add with addUpload). */
  readonly uploads = new Map<string, string>();
  readonly dir: string;

  constructor(
    readonly env: SandboxEnv,
    private readonly resolveVideoGen: VideoGenResolver,
  ) {
    this.dir = path.join(env.dataDir, 'sync');
    this.generations = new GenerationStore(env);
    this.assets = new AssetStore(env.state);
    if (env.state.durable) {
      this.assets.restore(env.state.load<PendingAssetUpload>('sync-object'), env.state.load<AssetRecord>('sync-asset'));
      this.generations.restore(env.state.load<GenerationRecord>('sync-generation'));
      for (const u of env.state.load<{ id: string; path: string }>('sync-upload')) this.uploads.set(u.id, u.path);
    }
  }

  /** A multipart file part, served under /sync-storage/uploads/{id}/… */
  addUpload(id: string, file: string): void {
    this.uploads.set(id, file);
    this.env.state.put('sync-upload', id, { id, path: file });
  }

  /** After a restart (once listening): renders generations the previous run left unfinished. */
  resume(): number {
    let n = 0;
    for (const r of this.generations.all()) {
      if (r.output || r.failure || r.cancelledAt !== null || !r.inputs) continue;
      renderInBackground(this, r, r.inputs, path.join(this.dir, 'results', r.id, `r${Date.now().toString(36)}`));
      n++;
    }
    return n;
  }

  /** Is this URL served by this sandbox (loopback or the bound host, same port)? */
  isOwn(url: URL): boolean {
    const base = new URL(this.env.baseUrl());
    const hosts = new Set(['127.0.0.1', 'localhost', '[::1]', base.hostname, this.env.options.host]);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.port === base.port && hosts.has(url.hostname);
  }

  /**
   * The local file behind a URL, when it is one of this sandbox's own storage or media URLs
   * (Sync inputs may only point at those: the sandbox fetches nothing from other hosts).
   */
  localPath(raw: string, now: number): string | null {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      return null;
    }
    if (!this.isOwn(url)) return null;
    const parts = url.pathname.split('/').slice(1).map(safeDecode);
    if (parts[0] === 'sync-storage') {
      if (parts[1] === 'assets' && parts.length === 4) return this.assets.objectPath(parts[2]!) ?? null;
      if (parts[1] === 'uploads' && parts.length === 4) return this.uploads.get(parts[2]!) ?? null;
      if (parts[1] === 'tts' && parts.length === 4) return this.generations.get(parts[2]!)?.synthesizedAudio?.path ?? null;
      if (parts[1] === 'results' && parts.length === 5) return this.generations.resultPath(parts[2]!, parts[3]!, now);
      return null;
    }
    if (parts[0] === 'v2' && parts[1] === 'generations' && parts[3] === 'result' && parts.length === 4) {
      const g = this.generations.get(parts[2]!);
      return g && g.resultToken === url.searchParams.get('token') && this.generations.status(g, now).status === 'COMPLETED' ? (g.output?.path ?? null) : null;
    }
    return this.resolveVideoGen(url, now);
  }
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return '';
  }
}
