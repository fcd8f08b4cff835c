// The fault profile. Each decision is a hash of (seed, fault kind, how many times that kind was
// rolled), so a run with the same seed and the same request order fails the same requests.
//
// Where faults apply (see server.ts): API routes (VideoGen /v1, Sync /v2) get latency, 5xx, 429
// and truncated JSON; presigned PUTs get latency and mid-body resets; media/storage GETs
// (signed media, HLS, public previews, Sync results) get none, so playback tests stay stable.
// `insufficientCredits` is not a roll but a state of the account: while set, every request that
// spends credits is refused (VideoGen 402 `insufficient_credits`, Sync 402).
import type { SandboxFaults } from './options';
import { unitHash } from './random';

export type FaultKind = 'error5xx' | 'error429' | 'putReset' | 'malformedJson';

export class FaultInjector {
  private profile: SandboxFaults = {};
  private readonly counters: Record<FaultKind, number> = { error5xx: 0, error429: 0, putReset: 0, malformedJson: 0 };

  constructor(
    private readonly seed: number,
    profile: SandboxFaults | undefined,
  ) {
    this.set(profile);
  }

  set(profile: SandboxFaults | undefined): void {
    const share = (v: number | undefined, name: string): number | undefined => {
      if (v === undefined) return undefined;
      if (!Number.isFinite(v) || v < 0 || v > 1) throw new RangeError(`fault ${name} must be a share between 0 and 1`);
      return v;
    };
    const latency = profile?.latencyMs;
    if (latency !== undefined && (!Number.isFinite(latency) || latency < 0)) throw new RangeError('fault latencyMs must be >= 0');
    const credits = profile?.insufficientCredits;
    if (credits !== undefined && typeof credits !== 'boolean') throw new RangeError('fault insufficientCredits must be a boolean');
    this.profile = {
      error5xx: share(profile?.error5xx, 'error5xx'),
      error429: share(profile?.error429, 'error429'),
      putReset: share(profile?.putReset, 'putReset'),
      malformedJson: share(profile?.malformedJson, 'malformedJson'),
      latencyMs: latency,
      insufficientCredits: credits,
    };
  }

  /** True while the fault profile says the account has run out of credits. */
  get outOfCredits(): boolean {
    return this.profile.insufficientCredits === true;
  }

  get latencyMs(): number {
    return this.profile.latencyMs ?? 0;
  }

  /** True when this request should suffer the fault. */
  roll(kind: FaultKind): boolean {
    const share = this.profile[kind] ?? 0;
    if (share <= 0) return false;
    const n = this.counters[kind]++;
    return unitHash(this.seed, kind, n) < share;
  }

  /** Which 5xx status an injected server error uses. */
  serverErrorStatus(): number {
    const statuses = [500, 502, 503];
    return statuses[Math.floor(unitHash(this.seed, 'status', this.counters.error5xx) * statuses.length)] ?? 500;
  }
}
