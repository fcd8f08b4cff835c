/**
 * Version 7: prompts a person pinned in a tool's prompt history. The history itself is read
 * from the executions already stored (each run's request keeps its prompt); only the pins
 * are new.
 */
import type { Migration } from './types';

export const promptPins: Migration = {
  version: 7,
  name: 'prompt-pins',
  up(db) {
    db.exec(`
      CREATE TABLE prompt_pins (
        tool      TEXT NOT NULL,
        prompt    TEXT NOT NULL,
        pinned_at INTEGER NOT NULL,
        PRIMARY KEY (tool, prompt)
      ) WITHOUT ROWID;
      CREATE INDEX executions_by_tool ON executions (tool, created_at);
    `);
  },
};
