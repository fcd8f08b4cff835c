// Shared services every part of the sandbox is built from.
import type { SandboxClock } from './clock';
import type { CursorCodec } from './cursor';
import type { FfmpegRunner } from './media/ffmpeg';
import type { MediaFactory } from './media/factory';
import type { ResolvedOptions } from './options';
import { Rng } from './random';
import type { Signer } from './storage/signing';

export interface SandboxEnv {
  options: ResolvedOptions;
  clock: SandboxClock;
  ids: IdFactory;
  signer: Signer;
  cursors: CursorCodec;
  /** http://host:port of this sandbox (known once listening). */
  baseUrl(): string;
  dataDir: string;
  runner: FfmpegRunner;
  media: MediaFactory;
  /** Keeps track of background work (ffmpeg jobs) so close() can wait for it. */
  background(work: Promise<unknown>): void;
}

/** Seeded id generators. Prefixes follow README A1 (`vg_tool_` per the spec, not `vg_exec_`). */
export class IdFactory {
  private readonly rng: Rng;

  constructor(seed: number) {
    this.rng = new Rng(seed, 'ids');
  }

  file(): string {
    return `vg_file_${this.rng.base62(22)}`;
  }

  toolExecution(): string {
    return `vg_tool_${this.rng.base62(20)}`;
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
