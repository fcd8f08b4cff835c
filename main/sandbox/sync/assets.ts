// Sync assets (README B4): POST /v2/assets/upload hands out a presigned PUT whose signature
// binds the declared Content-Type; POST /v2/assets registers the uploaded object as an Asset.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { StateStore } from '../state';
import type { AssetRecord } from './types';

export interface PendingAssetUpload {
  key: string;
  fileName: string;
  contentType: string;
  size: number;
  keyIndex: number;
  path: string;
  uploaded: boolean;
}

export class AssetStore {
  private readonly byId = new Map<string, AssetRecord>();
  private readonly objects = new Map<string, PendingAssetUpload>();

  constructor(private readonly state: StateStore) {}

  /** Loads persisted objects and assets (at start), oldest first. */
  restore(objects: PendingAssetUpload[], assets: AssetRecord[]): void {
    for (const o of objects) this.objects.set(o.key, o);
    for (const a of assets) this.byId.set(a.id, a);
  }

  addPending(p: PendingAssetUpload): void {
    this.objects.set(p.key, p);
    this.state.put('sync-object', p.key, p);
  }

  pending(key: string): PendingAssetUpload | undefined {
    return this.objects.get(key);
  }

  /** The object's PUT completed. */
  markUploaded(p: PendingAssetUpload): void {
    p.uploaded = true;
    this.state.put('sync-object', p.key, p);
  }

  /** The uploaded object's file, once its PUT completed. */
  objectPath(key: string): string | undefined {
    const o = this.objects.get(key);
    return o?.uploaded ? o.path : undefined;
  }

  add(a: AssetRecord): void {
    this.byId.set(a.id, a);
    this.state.put('sync-asset', a.id, a);
  }

  get(id: string): AssetRecord | undefined {
    return this.byId.get(id);
  }

  /** Newest first. */
  all(): AssetRecord[] {
    return [...this.byId.values()].reverse();
  }
}

export async function assetObjectDir(root: string, key: string): Promise<string> {
  const dir = path.join(root, 'assets', key);
  await mkdir(dir, { recursive: true });
  return dir;
}
