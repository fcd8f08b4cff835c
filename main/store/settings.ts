/**
 * App settings: one row per key (JSON value). Defaults live in code, not in rows, so a
 * setting the person never changed follows the defaults of the running version. Values are
 * validated on write (the contract's schema) and again on read (a bad row falls back to the
 * default instead of breaking the app). API keys never go here.
 */
import { settingsPatchSchema } from '../contract';
import type { Settings } from '../contract';
import type { StoreContext } from './context';
import { StoreError } from './errors';

export const DEFAULT_SETTINGS: Readonly<Settings> = Object.freeze({
  uploadConcurrency: 3,
  cacheCapBytes: 2 * 1024 * 1024 * 1024,
  notifications: true,
  theme: 'system',
  libraryView: 'grid',
  spendingCapUsd: null,
});

const KEYS = Object.keys(DEFAULT_SETTINGS) as (keyof Settings)[];

export function createSettingsRepo(ctx: StoreContext) {
  const { db, tx } = ctx;
  const allStmt = db.prepare<[], { key: string; value: string }>('SELECT key, value FROM settings');
  const putStmt = db.prepare(
    'INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at',
  );
  const deleteStmt = db.prepare('DELETE FROM settings WHERE key = ?');

  function get(): Settings {
    const out: Record<string, unknown> = { ...DEFAULT_SETTINGS };
    for (const { key, value } of allStmt.all()) {
      if (!(KEYS as string[]).includes(key)) continue;
      let parsed: unknown;
      try {
        parsed = JSON.parse(value);
      } catch {
        continue;
      }
      const check = settingsPatchSchema.safeParse({ [key]: parsed });
      if (check.success) out[key] = parsed;
    }
    return out as unknown as Settings;
  }

  return {
    get,

    /** Validates and saves a partial change; returns the full settings after it. */
    set(patch: unknown): Settings {
      const parsed = settingsPatchSchema.safeParse(patch);
      if (!parsed.success) {
        const detail = parsed.error.issues.map((i) => `${i.path.join('.') || 'settings'}: ${i.message}`).join('; ');
        throw new StoreError('invalid_value', `Invalid settings: ${detail}`);
      }
      return tx.run(() => {
        const before = get();
        const now = ctx.now();
        const changed: string[] = [];
        for (const [key, value] of Object.entries(parsed.data)) {
          if (value === undefined || before[key as keyof Settings] === value) continue;
          putStmt.run(key, JSON.stringify(value), now);
          changed.push(key);
        }
        if (changed.length > 0) tx.record('settings', changed);
        return get();
      });
    },

    /** Back to the defaults (all, or the given keys). */
    reset(keys: readonly (keyof Settings)[] = KEYS): Settings {
      return tx.run(() => {
        const changed = keys.filter((k) => deleteStmt.run(k).changes > 0);
        if (changed.length > 0) tx.record('settings', changed);
        return get();
      });
    },
  };
}

export type SettingsRepo = ReturnType<typeof createSettingsRepo>;
