// The VideoGen side of the sandbox: its stores and the helpers every route uses.
import path from 'node:path';
import type { SandboxEnv } from '../env';
import { NarrationMaker } from '../media/narration';
import { sizeForAspect, type Recipe } from '../media/recipes';
import type { MediaSet } from '../media/types';
import { ExecutionStore, type ExecutionRecord } from './tools/executions';
import { FileStore } from './file-store';
import { storageFileJson, type StorageFileJson, type ViewContext } from './file-view';
import { MediaUrls } from './media-urls';
import { SearchIndex } from './search';
import { SeedCatalog, type SeedMedia } from './seed-catalog';
import type { FileRecord } from './types';
import { resumeUploadProcessing } from './uploads';
import { EntityStore, type EntityRecord } from './entities';
import { ProjectRenderer } from './studio/render';
import { StudioStore, type ActionRecord, type ExportRecord, type ProjectRecord, type RunRecord } from './studio/store';
import { WebhookOutbox, type WebhookDelivery } from './webhook-outbox';
import { WebhookStore, type WebhookEndpoint } from './webhooks';

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
  readonly webhooks: WebhookStore;
  /** Webhook deliveries the sandbox would have made (it has no outbound network). */
  readonly outbox: WebhookOutbox;
  readonly entities: EntityStore;
  /** Workflow runs, projects, remix actions and exports. */
  readonly studio: StudioStore;
  readonly renderer: ProjectRenderer;
  /** Public preview path tokens → file id. */
  readonly publicStatic = new Map<string, string>();
  readonly publicPlayback = new Map<string, string>();
  /** Prompts drawn onto outputs so far (tools/routes.ts bounds how many distinct ones). */
  readonly captions = new Set<string>();
  private seedMedia: SeedMedia = { IMAGE: undefined, VIDEO: undefined, AUDIO: undefined };

  constructor(readonly env: SandboxEnv) {
    const seeds = new SeedCatalog(env.options.seedFiles, env.options.seed, seedBaseTime(env), () => this.seedMedia);
    this.files = new FileStore(seeds, env.state);
    this.urls = new MediaUrls(env.signer, env.baseUrl);
    this.executions = new ExecutionStore(env, this.files);
    this.search = new SearchIndex(this.files, env.options.seed);
    this.webhooks = new WebhookStore(env.state);
    this.outbox = new WebhookOutbox(this.webhooks, env.ids, env.state);
    this.entities = new EntityStore(env.state);
    const narrations = new NarrationMaker(env.runner, env.options.mediaCacheDir ?? path.join(env.dataDir, 'media-cache'), env.options.espeakPath);
    this.renderer = new ProjectRenderer(this, narrations);
    this.studio = new StudioStore(env, this.files, this.renderer, this.outbox);
    this.restore();
    if (seeds.count > 0) this.renderSeedMedia();
  }

  /** After a restart (once listening): finishes the media work the previous run left undone. */
  resume(): { uploads: number; executions: number; renders: number } {
    let uploads = 0;
    for (const r of this.files.dynamicFiles()) if (resumeUploadProcessing(this, r)) uploads++;
    return { uploads, executions: this.executions.resume(), renders: this.studio.resume() };
  }

  /** Loads the persisted records (nothing when the data dir is temporary). */
  private restore(): void {
    const state = this.env.state;
    if (!state.durable) return;
    const dropped = this.files.restore(state.load<FileRecord>('file'));
    if (dropped > 0) process.stderr.write(`sandbox: ignored ${dropped} changed seeded file(s) of a different seeded library\n`);
    for (const r of this.files.dynamicFiles()) {
      if (!r.publicPreview) continue;
      this.publicStatic.set(r.publicPreview.staticId, r.fileId);
      this.publicPlayback.set(r.publicPreview.playbackId, r.fileId);
    }
    const executions = state.load<ExecutionRecord>('execution');
    this.executions.restore(executions);
    for (const e of executions) for (const r of e.plan.recipes) if ('label' in r && r.label) this.captions.add(r.label);
    this.webhooks.restore(state.load<WebhookEndpoint>('webhook'));
    this.outbox.restore(state.load<WebhookDelivery>('webhook-delivery'));
    this.entities.restore(state.load<EntityRecord>('entity'));
    this.studio.restore(state.load<RunRecord>('workflow-run'), state.load<ProjectRecord>('project'), state.load<ActionRecord>('remix-action'), state.load<ExportRecord>('export'));
  }

  viewContext(now = this.env.clock.now()): ViewContext {
    return { now, processingMs: this.env.options.processingMs, urls: this.urls };
  }

  view(record: FileRecord, now?: number, includeAnalysis = true): StorageFileJson {
    return storageFileJson(record, this.viewContext(now), includeAnalysis);
  }

  /** Completes executions and exports whose time has come (result / export files, webhook events). */
  settle(now: number): void {
    this.executions.settle(now);
    this.studio.settle(now);
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

/**
 * updatedAt of the newest seeded file: a minute before the first start, and the same after
 * restarts on the same data dir (so seeded files keep their times and list positions).
 */
function seedBaseTime(env: SandboxEnv): number {
  const stored = Number(env.state.getMeta('seed-base-time'));
  if (Number.isFinite(stored) && stored > 0) return stored;
  const base = env.clock.now() - 60_000;
  env.state.setMeta('seed-base-time', String(base));
  return base;
}
