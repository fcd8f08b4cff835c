/**
 * The seam between the core and its hosts (Electron, web, tests, benchmarks).
 * Hosts know only this file and the contract; everything behind it is plain Node.
 */
import type { AppInfo, CommandName, CommandOutput, CommandParsedInput, KeyStorageView, Provider } from '../contract';
import type { Clock } from '../kernel/clock';
import type { EventBus } from '../kernel/events';
import type { MediaFile, MediaKind } from '../kernel/media';
import type { IncomingFolder } from './incoming';

/** Who is calling: hosts fill this in; handlers may use it (e.g. to refuse host-only paths). */
export interface CallContext {
  host: AppInfo['host'];
}

export type Handler<C extends CommandName> = (
  input: CommandParsedInput<C>,
  ctx: CallContext,
) => Promise<CommandOutput<C>> | CommandOutput<C>;

/** Exactly one handler per command: a missing or extra key is a type error. */
export type Handlers = { [C in CommandName]: Handler<C> };

/**
 * Sealed key storage: Electron's safeStorage, the OS keychain in the web host (or a file encrypted
 * with the person's passphrase, only if they choose it), memory in tests and the sandbox.
 */
export interface SecretStore {
  get(provider: Provider): Promise<string | null>;
  set(provider: Provider, key: string): Promise<void>;
  clear(provider: Provider): Promise<void>;
  /** Where keys are kept, for the settings view. */
  readonly kind: SecretKind;
  /** Where this provider's key comes from, when stores are layered (env over keychain). */
  sourceOf?(provider: Provider): SecretKind;
  /** Where keys saved in Settings go, and what can be chosen (default: derived from `kind`). */
  storage?(): KeyStorageView;
  /** The encrypted-file choice (web host without a keychain): create or unlock it with this passphrase. */
  useEncryptedFile?(passphrase: string): Promise<void>;
}

export type SecretKind = 'keychain' | 'env' | 'sandbox' | 'memory' | 'encrypted-file' | 'plain-file' | 'none';

/** The better-sqlite3 native module the store loads, and which runtime it was built for. */
export interface SqliteBinding {
  kind: 'node' | 'electron';
  path: string;
}

export interface CoreOptions {
  dataDir: string;
  /** Default: the Node build from `npm install`. The Electron host passes its own, explicitly. */
  sqlite?: SqliteBinding;
  /**
   * The host's log file, shown in Settings; "Show logs" either reveals it (Electron: in the file
   * manager) or opens `url` (web host: the log served to the page).
   */
  logs?: { file: string; reveal?: () => Promise<void>; url?: string };
  secrets: SecretStore;
  host: AppInfo['host'];
  /** Base URL under which the host serves `${fileId}/thumb|preview|download`. */
  mediaBase: string;
  uploadEndpoint?: string | null;
  videogenBaseUrl?: string;
  syncBaseUrl?: string;
  /** True when the base URLs point at the local sandbox. */
  sandbox?: boolean;
  fetch?: typeof fetch;
  clock?: Clock;
  /** Size cap of `incoming/` (browser uploads waiting to be sent). Default 20 GiB. */
  maxIncomingBytes?: number;
  /**
   * The library sync writer's worker entry (main/workers/sync-writer.worker.ts as built). The
   * default, the source file, fits hosts that run the sources; the Electron build passes its own.
   */
  syncWriterScript?: string;
  /** Start background workers (default true). Tests of the router alone can turn them off. */
  workers?: boolean;
}

export interface Core {
  readonly handlers: Handlers;
  readonly events: EventBus;
  /** For the hosts' media routes: a cached file on disk, fetching it first if needed. */
  /** `retry`: the person asked again after a refusal (main may ask for fresh links again). */
  media(fileId: string, kind: MediaKind, opts?: { retry?: boolean }): Promise<MediaFile | null>;
  /** Web host: bytes of a dropped file were written to `tempPath`; queue it as an upload. */
  acceptIncomingFile(tempPath: string, originalName: string): Promise<{ uploadId: string }>;
  /** Web host: where the bytes of an upload the browser reserved (`uploads.reserve`) go; null when it isn't waiting. */
  incomingTarget(uploadId: string): string | null;
  /** Web host: those bytes are there: check and queue it (rejects, in words, when it can't be uploaded). */
  acceptReserved(uploadId: string): Promise<void>;
  /** Where the web host keeps local files chosen for lip-sync inputs (they go to Sync from there). */
  readonly lipsyncInputsDir: string;
  /** Where the web host writes incoming bytes before handing them over. */
  readonly incomingDir: string;
  /** That folder's room: the web host reserves each body's bytes as they arrive (see incoming.ts). */
  readonly incoming: Pick<IncomingFolder, 'reserve' | 'release' | 'used' | 'capBytes'>;
  close(): Promise<void>;
}
