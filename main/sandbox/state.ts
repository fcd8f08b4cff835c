// Durable sandbox state. With a `dataDir` the sandbox keeps every record a client can observe in
// `<dataDir>/state.sqlite` (better-sqlite3, WAL): one row per record, rewritten on each mutation
// inside the request that made it (before the response), so a SIGKILL loses nothing answered.
// Without a `dataDir` (a temp dir deleted on close) the store is memory-only and writes nothing.
//
//   records(kind, id, body)  JSON of a FileRecord, ExecutionRecord, webhook endpoint, recorded
//                            webhook delivery, workflow run, project, remix action, export,
//                            entity, Sync generation / asset / asset object / multipart part; rows keep the
//                            rowid of their first insert, so loading in rowid order restores
//                            creation order (Sync lists are "newest first" by insertion).
//   meta(key, value)         schema version, HMAC secret, id generator state, clock offset,
//                            seeded library base time, rate-limit windows.
//
// The database is opened with `locking_mode = EXCLUSIVE`: one sandbox per data dir (a second
// one, in this process or another, fails to start with a clear message); the OS drops the lock
// when the process dies, so a killed sandbox never leaves a stale lock behind.
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import path from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import type { Database as Db, Statement } from 'better-sqlite3';

export type StateKind =
  | 'file'
  | 'execution'
  | 'webhook'
  | 'webhook-delivery'
  | 'workflow-run'
  | 'project'
  | 'remix-action'
  | 'export'
  | 'entity'
  | 'sync-generation'
  | 'sync-asset'
  | 'sync-object'
  | 'sync-upload';

export const STATE_FILE = 'state.sqlite';
const SCHEMA_VERSION = 1;

export interface StateStore {
  /** True when records survive a restart. */
  readonly durable: boolean;
  /** Upserts one record (its JSON). */
  put(kind: StateKind, id: string, value: unknown): void;
  remove(kind: StateKind, id: string): void;
  /** Runs several writes as one transaction (all or none survive a crash). */
  batch(work: () => void): void;
  /** Every record of a kind, in first-insert order. */
  load<T>(kind: StateKind): T[];
  getMeta(key: string): string | undefined;
  setMeta(key: string, value: string): void;
  /** Called inside every write transaction; returns meta entries that changed (e.g. id generator state). */
  setWriteHook(hook: () => Array<[string, string]>): void;
  /** The HMAC secret for signed URLs and cursors: stored on first use, so URLs outlive restarts. */
  secret(): Buffer;
  /** After this, writes are ignored (shutdown: jobs killed on close must not be recorded as failed). */
  freeze(): void;
  close(): void;
}

export function openStateStore(dataDir: string | null, sqliteBinding?: string): StateStore {
  return dataDir === null ? new MemoryStateStore() : new SqliteStateStore(path.join(dataDir, STATE_FILE), sqliteBinding);
}

class MemoryStateStore implements StateStore {
  readonly durable = false;
  private readonly key = randomBytes(32);
  put(): void {}
  remove(): void {}
  batch(work: () => void): void {
    work();
  }
  load<T>(): T[] {
    return [];
  }
  getMeta(): string | undefined {
    return undefined;
  }
  setMeta(): void {}
  setWriteHook(): void {}
  secret(): Buffer {
    return this.key;
  }
  freeze(): void {}
  close(): void {}
}

class SqliteStateStore implements StateStore {
  readonly durable = true;
  private readonly db: Db;
  private readonly upsert: Statement<[string, string, string]>;
  private readonly del: Statement<[string, string]>;
  private readonly selectKind: Statement<[string], { body: string }>;
  private readonly metaGet: Statement<[string], { value: string }>;
  private readonly metaSet: Statement<[string, string]>;
  private hook: () => Array<[string, string]> = () => [];
  private depth = 0;
  private frozen = false;
  private closed = false;

  constructor(file: string, sqliteBinding?: string) {
    let db: Db;
    try {
      // Loaded only for a persistent sandbox: a temp one needs no native module.
      const Database = createRequire(import.meta.url)('better-sqlite3') as typeof BetterSqlite3;
      db = new Database(file, { timeout: 0, ...(sqliteBinding ? { nativeBinding: sqliteBinding } : {}) });
    } catch (err) {
      throw new Error(`sandbox: cannot open its state database ${file}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
    }
    try {
      db.pragma('locking_mode = EXCLUSIVE');
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      // Takes the exclusive lock now rather than at the first write.
      db.exec('BEGIN EXCLUSIVE; COMMIT;');
      db.exec(`
        CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS records (kind TEXT NOT NULL, id TEXT NOT NULL, body TEXT NOT NULL, UNIQUE (kind, id));
      `);
    } catch (err) {
      db.close();
      if ((err as { code?: string }).code === 'SQLITE_BUSY') {
        throw new Error(`sandbox: the data dir ${path.dirname(file)} is in use by another running sandbox (its ${STATE_FILE} is locked)`, { cause: err });
      }
      throw new Error(`sandbox: cannot use its state database ${file}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
    }
    this.db = db;
    this.metaGet = db.prepare('SELECT value FROM meta WHERE key = ?');
    this.metaSet = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
    this.upsert = db.prepare('INSERT INTO records (kind, id, body) VALUES (?, ?, ?) ON CONFLICT (kind, id) DO UPDATE SET body = excluded.body');
    this.del = db.prepare('DELETE FROM records WHERE kind = ? AND id = ?');
    this.selectKind = db.prepare('SELECT body FROM records WHERE kind = ? ORDER BY rowid');
    const version = this.getMeta('schema');
    if (version === undefined) this.metaSet.run('schema', String(SCHEMA_VERSION));
    else if (Number(version) !== SCHEMA_VERSION) {
      db.close();
      throw new Error(`sandbox: ${file} has state schema ${version}; this sandbox reads schema ${SCHEMA_VERSION}. Use another --data-dir (or delete that one to start fresh).`);
    }
  }

  put(kind: StateKind, id: string, value: unknown): void {
    const body = JSON.stringify(value);
    this.write(() => this.upsert.run(kind, id, body));
  }

  remove(kind: StateKind, id: string): void {
    this.write(() => this.del.run(kind, id));
  }

  batch(work: () => void): void {
    if (this.frozen || this.closed) return work();
    if (this.depth > 0) return work();
    this.depth++;
    try {
      this.db.transaction(() => {
        work();
        for (const [key, value] of this.hook()) this.metaSet.run(key, value);
      })();
    } finally {
      this.depth--;
    }
  }

  load<T>(kind: StateKind): T[] {
    return this.selectKind.all(kind).map((row) => JSON.parse(row.body) as T);
  }

  getMeta(key: string): string | undefined {
    return this.metaGet.get(key)?.value;
  }

  setMeta(key: string, value: string): void {
    if (this.frozen || this.closed) return;
    this.metaSet.run(key, value);
  }

  setWriteHook(hook: () => Array<[string, string]>): void {
    this.hook = hook;
  }

  secret(): Buffer {
    const stored = this.getMeta('hmac-secret');
    if (stored && /^[0-9a-f]{64}$/.test(stored)) return Buffer.from(stored, 'hex');
    const fresh = randomBytes(32);
    this.metaSet.run('hmac-secret', fresh.toString('hex'));
    return fresh;
  }

  freeze(): void {
    this.frozen = true;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.db.close();
  }

  private write(statement: () => void): void {
    if (this.frozen || this.closed) return;
    this.batch(statement);
  }
}
