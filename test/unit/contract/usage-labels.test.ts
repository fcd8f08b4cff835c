/**
 * Activity → Usage names every budget the app spends from in words: a budget added to an API
 * client without a label would show a raw method and path.
 */
import { describe, expect, it } from 'vitest';
import { VIDEOGEN_RATE_DEFAULTS } from '../../../main/api/videogen';
import { SYNC_RATE_DEFAULTS } from '../../../main/api/sync';
import { USAGE_LABELS, usageLabel } from '../../../main/contract/usage';

describe('usage labels', () => {
  it('every VideoGen and Sync budget has words', () => {
    const keys = [...Object.keys(VIDEOGEN_RATE_DEFAULTS), ...Object.keys(SYNC_RATE_DEFAULTS)];
    const missing = keys.filter((k) => !(k in USAGE_LABELS));
    expect(missing).toEqual([]);
    for (const k of keys) expect(usageLabel(k)).not.toMatch(/\/v\d\//);
  });
});
