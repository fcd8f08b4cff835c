// The VideoGen side of the sandbox: its stores and the helpers every route uses.
import type { SandboxEnv } from '../env';
import { sizeForAspect, type Recipe } from '../media/recipes';
import type { MediaSet } from '../media/types';
import { ExecutionStore } from './tools/executions';
import { FileStore } from './file-store';
import { storageFileJson, type StorageFileJson, type ViewContext } from './file-view';
import { MediaUrls } from './media-urls';
import { SearchIndex } from './search';
import { SeedCatalog, type SeedMedia } from './seed-catalog';
import type { FileRecord } from './types';
import { WebhookStore } from './webhooks';

/** The renditions the seeded library shares. */
const SEED_RECIPES: Record<keyof SeedMedia, Recipe> = {
  IMAGE: { kind: 'image', ...sizeForAspect(16, 9, 1280), palette: 2, label: 'Sandbox library' },
  VIDEO: { kind: 'video', ...sizeForAspect(16, 9, 640), durationS: 4, palette: 4, label: null },
  AUDIO: { kind: 'audio', durationS: 8, flavor: 'music' },
};

export class VideoGenService {
  readonly files: FileStore;
  readonly urls: MediaUrls;
  readonly executions: ExecutionStore;
  readonly search: SearchIndex;
  readonly webhooks = new WebhookStore();
  /** Public preview path tokens → file id. */
  readonly publicStatic = new Map<string, string>();
  readonly publicPlayback = new Map<string, string>();
  private seedMedia: SeedMedia = { IMAGE: undefined, VIDEO: undefined, AUDIO: undefined };

  constructor(readonly env: SandboxEnv) {
    const seeds = new SeedCatalog(env.options.seedFiles, env.options.seed, env.clock.now() - 60_000, () => this.seedMedia);
    this.files = new FileStore(seeds);
    this.urls = new MediaUrls(env.signer, env.baseUrl);
    this.executions = new ExecutionStore(env, this.files);
    this.search = new SearchIndex(this.files, env.options.seed);
    if (seeds.count > 0) this.renderSeedMedia();
  }

  viewContext(now = this.env.clock.now()): ViewContext {
    return { now, processingMs: this.env.options.processingMs, urls: this.urls };
  }

  view(record: FileRecord, now?: number, includeAnalysis = true): StorageFileJson {
    return storageFileJson(record, this.viewContext(now), includeAnalysis);
  }

  /** Completes executions whose time has come, creating their result files. */
  settle(now: number): void {
    this.executions.settle(now);
  }

  private renderSeedMedia(): void {
    for (const type of Object.keys(SEED_RECIPES) as Array<keyof SeedMedia>) {
      this.env.background(
        this.env.media.get(SEED_RECIPES[type]).then((set: MediaSet) => {
          this.seedMedia = { ...this.seedMedia, [type]: set };
        }),
      );
    }
  }
}
