// Shared services every part of the sandbox is built from.
import type { SandboxClock } from './clock';
import type { CursorCodec } from './cursor';
import type { FaultInjector } from './faults';
import type { FfmpegRunner } from './media/ffmpeg';
import type { MediaFactory } from './media/factory';
import type { ResolvedOptions } from './options';
import { Rng } from './random';
import type { StateStore } from './state';
import type { Signer } from './storage/signing';

export interface SandboxEnv {
  options: ResolvedOptions;
  clock: SandboxClock;
  ids: IdFactory;
  signer: Signer;
  cursors: CursorCodec;
  /** The fault profile (changeable at run time); handlers consult `faults.outOfCredits`. */
  faults: FaultInjector;
  /** http://host:port of this sandbox (known once listening). */
  baseUrl(): string;
  dataDir: string;
  runner: FfmpegRunner;
  media: MediaFactory;
  /** Keeps track of background work (ffmpeg jobs) so close() can wait for it. */
  background(work: Promise<unknown>): void;
  /** Durable records (a no-op store when the data dir is temporary). */
  state: StateStore;
  /** True once close() has begun: background jobs then stop recording their outcome. */
  closing(): boolean;
}

/** Seeded id generators. Prefixes follow README A1 (`vg_tool_` per the spec, not `vg_exec_`). */
export class IdFactory {
  private readonly rng: Rng;

  constructor(seed: number) {
    this.rng = new Rng(seed, 'ids');
  }

  /** Where the id sequence stands (persisted, so ids are never handed out twice across restarts). */
  state(): string {
    return this.rng.getState().join(',');
  }

  restore(state: string): void {
    this.rng.setState(state.split(',').map(Number));
  }

  file(): string {
    return `vg_file_${this.rng.base62(22)}`;
  }

  toolExecution(): string {
    return `vg_tool_${this.rng.base62(20)}`;
  }

  workflowRun(): string {
    return `vg_work_${this.rng.base62(22)}`;
  }

  project(): string {
    return `vg_proj_${this.rng.base62(22)}`;
  }

  projectExport(): string {
    return `vg_expo_${this.rng.base62(22)}`;
  }

  /** Remix action ids: `vg_rmix_` as the spec's examples show. */
  remixAction(): string {
    return `vg_rmix_${this.rng.base62(22)}`;
  }

  entity(): string {
    return `vg_enti_${this.rng.base62(16)}`;
  }

  /** Standard Webhooks message id of a recorded webhook delivery. */
  webhookMessage(): string {
    return `msg_${this.rng.base62(24)}`;
  }

  webhookEndpoint(): string {
    return `ep_${this.rng.base62(24)}`;
  }

  uuid(): string {
    return this.rng.uuid();
  }

  token(length = 24): string {
    return this.rng.base62(length);
  }

  internalErrorCode(): string {
    return `e_${this.rng.hex(8)}`;
  }
}
