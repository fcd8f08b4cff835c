/**
 * Version 8: what a run was estimated to cost (USD), for Activity → Spend and the spending cap.
 * Sync gives an estimate before a lip-sync runs and reports no final charge, so the estimate is
 * what is kept, and named as such wherever it shows.
 */
import type { Migration } from './types';

export const executionCost: Migration = {
  version: 8,
  name: 'execution-cost',
  up(db) {
    db.exec(`
      ALTER TABLE executions ADD COLUMN estimated_usd REAL;
      CREATE INDEX executions_costed ON executions (created_at) WHERE estimated_usd IS NOT NULL;
    `);
  },
};
