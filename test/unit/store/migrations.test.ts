import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../main/store/db';
import { APPLICATION_ID } from '../../../main/store/migrate';
import { MIGRATIONS } from '../../../main/store/migrations/index';
import { openStore, isStoreError } from '../../../main/store/index';
import { tempDir } from './helpers';
import { fileUpdates } from '../../../main/workers/file-updates';
import { StorageFileSchema } from '../../../main/api/videogen-schemas';

const LATEST = MIGRATIONS.length;
const dirs: string[] = [];
function dbPath(): string {
  const d = tempDir();
  dirs.push(d);
  return path.join(d, 'library.db');
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('migrations', () => {
  it('creates a fresh library at the latest version with the expected pragmas and tables', () => {
    const file = dbPath();
    const store = openStore(file);
    const db = store.db;
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST);
    expect(db.pragma('application_id', { simple: true })).toBe(APPLICATION_ID);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('synchronous', { simple: true })).toBe(1); // NORMAL
    expect(db.pragma('busy_timeout', { simple: true })).toBeGreaterThan(0);
    const names = (db.prepare("SELECT name FROM sqlite_master WHERE type IN ('table')").pluck().all() as string[]).sort();
    for (const t of ['executions', 'files', 'files_fts', 'library_sync', 'media_cache', 'resources_cache', 'settings', 'uploads']) {
      expect(names).toContain(t);
    }
    // No column anywhere is meant for API keys.
    const cols = db.prepare("SELECT p.name FROM sqlite_master m, pragma_table_info(m.name) p WHERE m.type = 'table'").pluck().all() as string[];
    expect(cols.filter((c) => /api_?key|secret|token/i.test(c))).toEqual([]);
    store.close();
  });

  it('re-opening runs nothing and keeps the data', () => {
    const file = dbPath();
    const a = openStore(file);
    a.settings.set({ theme: 'dark' });
    a.close();
    const db = openDatabase(file);
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST);
    db.close();
    const b = openStore(file);
    expect(b.settings.get().theme).toBe('dark');
    b.close();
  });

  it('refuses a library made by a newer Atelier and leaves the file untouched', () => {
    const file = dbPath();
    const raw = new Database(file);
    raw.exec('CREATE TABLE future_thing (x)');
    raw.pragma(`application_id = ${APPLICATION_ID}`);
    raw.pragma(`user_version = ${LATEST + 5}`);
    raw.close();
    const before = readFileSync(file);

    let error: unknown;
    try {
      openStore(file);
    } catch (e) {
      error = e;
    }
    expect(isStoreError(error, 'schema_too_new')).toBe(true);
    expect((error as Error).message).toMatch(/This library was created by a newer version of Atelier/);
    expect((error as Error).message).toContain(`understands up to ${LATEST}`);
    expect(readFileSync(file).equals(before)).toBe(true);
    expect(existsSync(file + '-wal')).toBe(false); // not even switched to WAL

    const check = new Database(file, { readonly: true });
    expect(check.pragma('user_version', { simple: true })).toBe(LATEST + 5);
    expect(check.pragma('journal_mode', { simple: true })).toBe('delete');
    check.close();
  });

  it('a migration that fails leaves the library at the previous version', () => {
    const file = dbPath();
    openDatabase(file).close();
    const broken = [
      ...MIGRATIONS,
      {
        version: LATEST + 1,
        name: 'broken',
        up(db: Database.Database) {
          db.exec('CREATE TABLE half_done (x)');
          throw new Error('boom');
        },
      },
    ];
    expect(() => openDatabase(file, { migrations: broken })).toThrow(
      new RegExp(`migration ${LATEST + 1} \\(broken\\) failed.*unchanged at version ${LATEST}.*boom`),
    );
    const db = openDatabase(file);
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST);
    expect(db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'half_done'").pluck().get()).toBe(0);
    db.close();
  });

  it('runs pending migrations in order, each bumping user_version', () => {
    const file = dbPath();
    openDatabase(file).close();
    const seen: number[] = [];
    const more = [
      ...MIGRATIONS,
      { version: LATEST + 1, name: 'two', up: (db: Database.Database) => (seen.push(db.pragma('user_version', { simple: true }) as number), db.exec('CREATE TABLE two (x)')) },
      { version: LATEST + 2, name: 'three', up: (db: Database.Database) => void seen.push(db.pragma('user_version', { simple: true }) as number) },
    ];
    const db = openDatabase(file, { migrations: more });
    expect(seen).toEqual([LATEST, LATEST + 1]);
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST + 2);
    db.close();
  });

  it('rejects a migration list with gaps', () => {
    const gap = [MIGRATIONS[0]!, { version: 3, name: 'gap', up: () => {} }];
    expect(() => openDatabase(dbPath(), { migrations: gap })).toThrow(/out of order/);
  });

  it('refuses files that are not Atelier libraries', () => {
    const text = dbPath();
    writeFileSync(text, 'this is not a database, just some text that is long enough to look like a header'.repeat(20));
    expect(() => openStore(text)).toThrow(expect.objectContaining({ code: 'not_a_library' }));

    const other = dbPath();
    const raw = new Database(other);
    raw.pragma('application_id = 1234');
    raw.exec('CREATE TABLE t (x)');
    raw.close();
    expect(() => openStore(other)).toThrow(/another application/);
  });

  it('checkpoints the write-ahead log on request', () => {
    const store = openStore(dbPath());
    store.settings.set({ theme: 'dark' });
    const r = store.checkpoint();
    expect(r.logPages).toBeGreaterThan(0);
    expect(r.checkpointedPages).toBe(r.logPages);
    store.close();
  });

  it('checkpoints only when enough log is waiting, if asked to', () => {
    const store = openStore(dbPath());
    store.settings.set({ theme: 'dark' });
    const idle = store.checkpoint({ ifLogPagesAtLeast: 1_000_000 });
    expect(idle.ran).toBe(false);
    expect(idle.logPages).toBeGreaterThan(0);
    expect(idle.checkpointedPages).toBe(0); // nothing was copied
    const ran = store.checkpoint({ ifLogPagesAtLeast: 1 });
    expect(ran.ran).toBe(true);
    expect(ran.checkpointedPages).toBe(ran.logPages);
    expect(store.checkpoint({ ifLogPagesAtLeast: 1 }).ran).toBe(false); // all copied already
    store.close();
    const mem = openStore(':memory:');
    expect(mem.checkpoint({ ifLogPagesAtLeast: 1 }).ran).toBe(false);
    mem.close();
  });

  it('checkpoints between writes: the log flushed first, then copied', async () => {
    const file = dbPath();
    const store = openStore(file);
    store.settings.set({ theme: 'dark' });
    expect(await store.checkpointBetweenWrites(1_000_000)).toBe(false);
    expect(store.checkpoint({ ifLogPagesAtLeast: 1_000_000 }).checkpointedPages).toBe(0);
    expect(await store.checkpointBetweenWrites(1)).toBe(true);
    const after = store.checkpoint({ ifLogPagesAtLeast: 1 });
    expect(after.ran).toBe(false);
    expect(after.checkpointedPages).toBe(after.logPages);
    store.settings.set({ theme: 'light' });
    store.close();
    const again = openStore(file);
    expect(again.settings.get().theme).toBe('light');
    again.close();
    const mem = openStore(':memory:');
    expect(await mem.checkpointBetweenWrites(1)).toBe(false);
    mem.close();
  });

  it('version 2 indexes when non-archived files were last seen (a full sync archives the unseen)', () => {
    const file = dbPath();
    openDatabase(file, { migrations: MIGRATIONS.slice(0, 1) }).close(); // a version-1 library
    const store = openStore(file);
    const db = store.db;
    expect(db.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(2);
    const plan = db
      .prepare('EXPLAIN QUERY PLAN SELECT file_id FROM files WHERE archived = 0 AND last_seen_at < ?')
      .all(1) as Array<{ detail: string }>;
    expect(plan.map((p) => p.detail).join('\n')).toContain('USING INDEX files_by_seen');
    store.close();
  });

  it('version 9 keeps whether an upload is temporary: old uploads are not, new ones say so, and a file stays temporary across re-syncs', () => {
    const file = dbPath();
    const v8 = openDatabase(file, { migrations: MIGRATIONS.slice(0, 8) });
    v8.prepare(
      `INSERT INTO uploads (id, path, name, size, mtime, state, created_at, updated_at) VALUES ('old', '/x/a.png', 'a.png', 10, 1, 'queued', 1, 1)`,
    ).run();
    v8.close();
    const store = openStore(file);
    expect(store.db.pragma('user_version', { simple: true })).toBe(LATEST);
    expect(store.uploads.get('old')?.temporary).toBe(false);
    const [kept, scratch] = store.uploads.createMany([
      { path: '/x/b.png', name: 'b.png', size: 10, mtime: 1 },
      { path: '/x/c.png', name: 'c.png', size: 10, mtime: 1, temporary: true },
    ]);
    expect([kept!.temporary, scratch!.temporary]).toEqual([false, true]);
    expect(store.uploads.get(scratch!.uploadId)?.temporary).toBe(true);
    expect(() => store.db.prepare("UPDATE uploads SET is_temporary = 2 WHERE id = 'old'").run()).toThrow(/CHECK/);
    // Same bytes are shared only between uploads of the same kind.
    const SHA = 'ab'.repeat(32);
    store.uploads.setHash(kept!.uploadId, SHA);
    store.uploads.setHash(scratch!.uploadId, SHA);
    store.db.prepare("UPDATE uploads SET state = 'processing' WHERE id IN (?, ?)").run(kept!.uploadId, scratch!.uploadId);
    expect(store.uploads.findBySha(SHA, 'other', false)?.uploadId).toBe(kept!.uploadId);
    expect(store.uploads.findBySha(SHA, 'other', true)?.uploadId).toBe(scratch!.uploadId);
    // A temporary file as every sync reports it: hidden from the library unless asked for.
    const temp = StorageFileSchema.parse({ fileId: 'vg_file_temp', scope: 'TEMPORARY', type: 'IMAGE', displayName: 'c.png' });
    store.files.upsert(fileUpdates([temp]));
    store.files.upsert(fileUpdates([temp]));
    expect(store.files.item('vg_file_temp')?.scope).toBe('TEMPORARY');
    expect(store.files.query({ filter: {} }).items.map((i) => i.fileId)).not.toContain('vg_file_temp');
    expect(store.files.query({ filter: { includeTemporary: true } }).items.map((i) => i.fileId)).toContain('vg_file_temp');
    store.close();
  });

  it('version 10 gives every upload a place in line: old ones in the order they were made, new ones behind them', () => {
    const file = dbPath();
    const v9 = openDatabase(file, { migrations: MIGRATIONS.slice(0, 9) });
    const insert = v9.prepare(`INSERT INTO uploads (id, path, name, size, mtime, state, created_at, updated_at) VALUES (?, ?, ?, 10, 1, ?, ?, ?)`);
    // Made out of rowid order (a clock that went back), and one already started.
    insert.run('second', '/x/b.png', 'b.png', 'queued', 200, 200);
    insert.run('first', '/x/a.png', 'a.png', 'queued', 100, 100);
    insert.run('third', '/x/c.png', 'c.png', 'queued', 300, 300);
    insert.run('started', '/x/s.png', 's.png', 'hashing', 50, 50);
    v9.close();
    const store = openStore(file);
    expect(store.db.pragma('user_version', { simple: true })).toBe(LATEST);
    expect(store.uploads.resumable().map((u) => u.uploadId)).toEqual(['started', 'first', 'second', 'third']);
    const [added] = store.uploads.createMany([{ path: '/x/d.png', name: 'd.png', size: 10, mtime: 1 }]);
    expect(added!.queueOrder).toBeGreaterThan(Math.max(...store.uploads.list().filter((u) => u.uploadId !== added!.uploadId).map((u) => u.queueOrder)));
    const plan = store.db.prepare("EXPLAIN QUERY PLAN SELECT id FROM uploads WHERE state = 'queued' ORDER BY queue_order").all() as Array<{ detail: string }>;
    expect(plan.map((p) => p.detail).join('\n')).toContain('uploads_in_line');
    const last = store.db.prepare('EXPLAIN QUERY PLAN SELECT max(queue_order) FROM uploads').all() as Array<{ detail: string }>;
    expect(last.map((p) => p.detail).join('\n')).toContain('uploads_by_queue_order');
    store.close();
  });

  it('opens an in-memory library', () => {
    const store = openStore(':memory:');
    expect(store.settings.get().uploadConcurrency).toBe(3);
    store.close();
  });
});
