/**
 * The migration runner. Each migration runs in its own transaction together with the
 * `user_version` bump, so a crash leaves the database at the previous version, never
 * half-way through one.
 */
import type { Database } from 'better-sqlite3';
import { StoreError } from './errors';
import type { Migration } from './migrations/types';

/** `PRAGMA application_id` of an Atelier library: "ATLR". */
export const APPLICATION_ID = 0x41544c52;

export function readSchemaInfo(db: Database): { userVersion: number; applicationId: number } {
  const userVersion = db.pragma('user_version', { simple: true }) as number;
  const applicationId = db.pragma('application_id', { simple: true }) as number;
  return { userVersion, applicationId };
}

export function latestVersion(migrations: readonly Migration[]): number {
  return migrations.length === 0 ? 0 : migrations[migrations.length - 1]!.version;
}

function checkOrder(migrations: readonly Migration[]): void {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) {
      throw new Error(`Migration list is out of order: entry ${i} (${m.name}) has version ${m.version}, expected ${i + 1}.`);
    }
  });
}

/** Brings the schema to the latest version; returns the versions that ran. */
export function migrate(db: Database, migrations: readonly Migration[]): number[] {
  checkOrder(migrations);
  const { userVersion } = readSchemaInfo(db);
  const latest = latestVersion(migrations);
  if (userVersion > latest) {
    throw new StoreError('schema_too_new', `This library was created by a newer version of Atelier (library format ${userVersion}; this version understands up to ${latest}).`);
  }
  const ran: number[] = [];
  for (const m of migrations.slice(userVersion)) {
    const step = db.transaction(() => {
      m.up(db);
      if (m.version === 1) db.pragma(`application_id = ${APPLICATION_ID}`);
      db.pragma(`user_version = ${m.version}`);
    });
    try {
      step.immediate();
    } catch (err) {
      throw new Error(`Library migration ${m.version} (${m.name}) failed; the library is unchanged at version ${m.version - 1}: ${(err as Error).message}`, { cause: err });
    }
    ran.push(m.version);
  }
  return ran;
}
