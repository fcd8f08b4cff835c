// Makes media from recipes, once: each variant is rendered into a cache directory (shared by
// every file and execution that needs it, and optionally by several sandboxes) and described by
// a media.json written last, so a half-rendered directory is never mistaken for a finished one.
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { contentTypeForName } from '../storage/content-types';
import { compositionArgs, type CompositionPlan } from './compose';
import type { FfmpegRunner } from './ffmpeg';
import {
  CAPTION_FILE,
  FONT_FILE,
  IMAGE_PREVIEW_MAX,
  THUMBNAIL_MAX,
  audioArgs,
  audioVideoArgs,
  fitWithin,
  imageArgs,
  imageMotionArgs,
  imageOpArgs,
  imageOpSize,
  recipeKey,
  vectorSvg,
  videoArgs,
  type Recipe,
  type Size,
} from './recipes';
import { FAILED, SKIPPED, ready, type BlobRef, type MediaSet, type Slot, type SlotName } from './types';

type StoredSlot = { status: 'ready'; blob: Omit<BlobRef, 'path'> & { file: string } } | { status: 'skipped' } | { status: 'failed' };
interface StoredSet extends Omit<MediaSet, 'slots'> {
  slots: Record<SlotName, StoredSlot>;
}

const STORED_SKIPPED: StoredSlot = { status: 'skipped' };

export class MediaFactory {
  private readonly done = new Map<string, MediaSet>();
  private readonly pending = new Map<string, Promise<MediaSet>>();
  private readonly fontAvailable = existsSync(FONT_FILE);

  constructor(
    private readonly runner: FfmpegRunner,
    private readonly cacheDir: string,
  ) {}

  /** The media if it is already rendered (synchronous; used by state computed per request). */
  peek(recipe: Recipe): MediaSet | undefined {
    return this.done.get(recipeKey(recipe));
  }

  /** Renders (or loads from the cache) and resolves once every rendition exists. */
  get(recipe: Recipe): Promise<MediaSet> {
    const key = recipeKey(recipe);
    const hit = this.done.get(key);
    if (hit) return Promise.resolve(hit);
    let p = this.pending.get(key);
    if (!p) {
      p = this.load(key, recipe).finally(() => this.pending.delete(key));
      this.pending.set(key, p);
    }
    return p;
  }

  private async load(key: string, recipe: Recipe): Promise<MediaSet> {
    const dir = path.join(this.cacheDir, key);
    let set = await readStored(dir);
    if (!set) {
      await mkdir(this.cacheDir, { recursive: true });
      const tmp = `${dir}.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`;
      await mkdir(path.join(tmp, 'hls'), { recursive: true });
      try {
        const stored = await this.render(recipe, tmp);
        await writeFile(path.join(tmp, 'media.json'), JSON.stringify(stored));
        try {
          await rename(tmp, dir);
        } catch {
          // Another process finished the same variant first: use theirs.
          await rm(tmp, { recursive: true, force: true });
        }
      } catch (err) {
        await rm(tmp, { recursive: true, force: true });
        throw err;
      }
      set = await readStored(dir);
      if (!set) throw new Error(`media variant ${key} vanished after rendering`);
    }
    this.done.set(key, set);
    return set;
  }

  private async render(recipe: Recipe, dir: string): Promise<StoredSet> {
    const run = (args: string[]) => this.runner.run(args, { cwd: dir });
    switch (recipe.kind) {
      case 'image': {
        const filters = await this.runner.filters();
        await run(imageArgs(recipe, await this.caption(dir, recipe.label), filters.size === 0 || filters.has('gradients')));
        return imageSet(dir, 'download.png', recipe);
      }
      case 'image-op': {
        await run(imageOpArgs(recipe));
        const size = imageOpSize(recipe);
        if (recipe.op !== 'vectorize') return imageSet(dir, 'download.png', size);
        await writeFile(path.join(dir, 'download.svg'), vectorSvg(size, Number.parseInt(recipe.sourceKey.slice(-2), 36) || 0));
        const set = await imageSet(dir, 'trace.png', size);
        set.slots.download = await storedBlob(dir, 'download.svg', size);
        return set;
      }
      case 'video':
        await run(videoArgs(recipe, await this.caption(dir, recipe.label)));
        return avSet(dir, 'download.mp4', 'VIDEO', recipe, recipe.durationS);
      case 'image-motion':
        await run(imageMotionArgs(recipe));
        return avSet(dir, 'download.mp4', 'VIDEO', recipe, recipe.durationS);
      case 'audio-video':
        await run(audioVideoArgs(recipe));
        return avSet(dir, 'download.mp4', 'VIDEO', recipe, recipe.durationS);
      case 'audio':
        await run(audioArgs(recipe));
        return avSet(dir, 'download.m4a', 'AUDIO', null, recipe.durationS);
      case 'composition': {
        const filters = await this.runner.filters();
        const captions = this.fontAvailable && (filters.size === 0 || filters.has('drawtext'));
        const plan = compositionArgs(recipe.spec, captions, FONT_FILE);
        for (const [name, text] of plan.files) await writeFile(path.join(dir, name), text);
        // About 1-2× real time here; long projects get a proportionally longer deadline.
        await this.runner.run(plan.args, { cwd: dir, timeoutMs: Math.max(120_000, plan.durationS * 20_000) });
        return compositionSet(dir, recipe.spec, plan);
      }
    }
  }

  /** Writes the caption file a recipe's drawtext reads; false when no caption is drawn (no font, no drawtext). */
  private async caption(dir: string, label: string | null): Promise<boolean> {
    if (!label || !this.fontAvailable) return false;
    const filters = await this.runner.filters();
    if (filters.size > 0 && !filters.has('drawtext')) return false;
    await writeFile(path.join(dir, CAPTION_FILE), wrapCaption(label));
    return true;
  }
}

async function imageSet(dir: string, main: string, size: Size): Promise<StoredSet> {
  return {
    type: 'IMAGE',
    width: size.width,
    height: size.height,
    durationSeconds: null,
    slots: {
      thumbnail: await storedBlob(dir, 'thumb.jpg', fitWithin(size, THUMBNAIL_MAX)),
      preview: await storedBlob(dir, 'preview.jpg', fitWithin(size, IMAGE_PREVIEW_MAX)),
      download: await storedBlob(dir, main, size),
      hls: STORED_SKIPPED,
    },
  };
}

async function avSet(dir: string, main: string, type: 'VIDEO' | 'AUDIO', size: Size | null, duration: number): Promise<StoredSet> {
  const mainBlob = await storedBlob(dir, main, size);
  return {
    type,
    width: size?.width ?? null,
    height: size?.height ?? null,
    durationSeconds: duration,
    slots: {
      thumbnail: size ? await storedBlob(dir, 'thumb.jpg', fitWithin(size, THUMBNAIL_MAX)) : STORED_SKIPPED,
      preview: mainBlob,
      download: mainBlob,
      hls: await storedBlob(dir, 'hls/index.m3u8', size),
    },
  };
}

async function compositionSet(dir: string, size: Size, plan: CompositionPlan): Promise<StoredSet> {
  const download = await storedBlob(dir, 'download.mp4', size);
  return {
    type: 'VIDEO',
    width: size.width,
    height: size.height,
    durationSeconds: plan.durationS,
    slots: {
      thumbnail: await storedBlob(dir, 'thumb.jpg', fitWithin(plan.preview, THUMBNAIL_MAX)),
      preview: plan.separatePreview ? await storedBlob(dir, 'preview.mp4', plan.preview) : download,
      download,
      hls: await storedBlob(dir, 'hls/index.m3u8', plan.preview),
    },
  };
}

async function storedBlob(dir: string, file: string, size: Size | null): Promise<StoredSlot> {
  const info = await stat(path.join(dir, file));
  return { status: 'ready', blob: { file, contentType: contentTypeForName(file), width: size?.width ?? null, height: size?.height ?? null, bytes: info.size } };
}

async function readStored(dir: string): Promise<MediaSet | null> {
  let text: string;
  try {
    text = await readFile(path.join(dir, 'media.json'), 'utf8');
  } catch {
    return null;
  }
  const stored = JSON.parse(text) as StoredSet;
  const slots = {} as Record<SlotName, Slot>;
  for (const [name, slot] of Object.entries(stored.slots) as Array<[SlotName, StoredSlot]>) {
    if (slot.status === 'ready') {
      const { file, ...rest } = slot.blob;
      slots[name] = ready({ ...rest, path: path.join(dir, file) });
    } else slots[name] = slot.status === 'skipped' ? SKIPPED : FAILED;
  }
  return { ...stored, slots };
}

/** Up to three lines of about 34 characters. */
function wrapCaption(text: string): string {
  const normalised = text.replace(/\s+/g, ' ').trim();
  const lines: string[] = [];
  let line = '';
  for (const w of normalised.split(' ')) {
    if ((line + ' ' + w).trim().length > 34 && line) {
      lines.push(line);
      line = w;
      if (lines.length === 3) break;
    } else line = (line + ' ' + w).trim();
  }
  if (lines.length < 3 && line) lines.push(line);
  const joined = lines.join('\n');
  return joined.length < normalised.length ? `${joined}…` : joined;
}
