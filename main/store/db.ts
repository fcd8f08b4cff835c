/**
 * Opening the library database: refuse what we cannot read, set the pragmas, migrate.
 *
 * Order matters: the schema version is read before anything writes to the file (even
 * `journal_mode=WAL` writes the header), so a library made by a newer Atelier is never
 * touched by an older one.
 */
import { createRequire } from 'node:module';
import nodePath from 'node:path';
import Database from 'better-sqlite3';
import type { Database as Db } from 'better-sqlite3';
import { StoreError } from './errors';
import { APPLICATION_ID, latestVersion, migrate, readSchemaInfo } from './migrate';
import { MIGRATIONS } from './migrations/index';
import type { Migration } from './migrations/types';

export interface OpenDatabaseOptions {
  /** How long a write waits for a lock held by another connection (ms). */
  busyTimeoutMs?: number;
  /** Page cache per connection, in KiB. */
  cacheKiB?: number;
  /** For tests: a different migration list. */
  migrations?: readonly Migration[];
  /**
   * The better-sqlite3 native module to load (`better_sqlite3.node`). The Electron host passes
   * the build made for Electron; plain Node passes (or defaults to) the one `npm install` built.
   */
  nativeBinding?: string;
}

/** The better-sqlite3 build that `npm install` made for Node (what plain-Node users load). */
export function nodeSqliteBinding(): string {
  const pkg = createRequire(import.meta.url).resolve('better-sqlite3/package.json');
  return nodePath.join(nodePath.dirname(pkg), 'build', 'Release', 'better_sqlite3.node');
}

export function openDatabase(path: string, options: OpenDatabaseOptions = {}): Db {
  const migrations = options.migrations ?? MIGRATIONS;
  let db: Db;
  try {
    db = new Database(path, {
      timeout: options.busyTimeoutMs ?? 5_000,
      ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
    });
  } catch (err) {
    throw new StoreError('not_a_library', `Could not open the library at ${path}: ${(err as Error).message}`, { cause: err });
  }
  try {
    checkReadable(db, path, latestVersion(migrations));
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma(`cache_size = -${options.cacheKiB ?? 32 * 1024}`);
    db.pragma('temp_store = MEMORY');
    // Checkpoint every ~32 MB of WAL rather than 4 MB: a library sync writes pages of 200
    // files whose index pages are scattered, and each checkpoint costs two fsyncs.
    db.pragma('wal_autocheckpoint = 8192');
    // …and shrink the WAL file back after a checkpoint.
    db.pragma(`journal_size_limit = ${64 * 1024 * 1024}`);
    migrate(db, migrations);
    // Refresh planner statistics where they are stale, sampling at most ~1000 rows per
    // index so opening a big library stays quick (SQLite's advice for long-lived connections).
    db.pragma('analysis_limit = 1000');
    db.pragma('optimize = 0x10002');
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}

function checkReadable(db: Db, path: string, known: number): void {
  let info: { userVersion: number; applicationId: number };
  try {
    info = readSchemaInfo(db);
  } catch (err) {
    throw new StoreError(
      'not_a_library',
      `The file at ${path} is not an Atelier library or is damaged (${(err as Error).message}).`,
      { cause: err },
    );
  }
  if (info.applicationId !== 0 && info.applicationId !== APPLICATION_ID) {
    throw new StoreError('not_a_library', `The file at ${path} is a SQLite database of another application, not an Atelier library.`);
  }
  if (info.userVersion > known) {
    throw new StoreError(
      'schema_too_new',
      `This library was created by a newer version of Atelier (library format ${info.userVersion}; this version understands up to ${known}). ` +
        `Update Atelier to open it. The library was not changed.`,
    );
  }
}
