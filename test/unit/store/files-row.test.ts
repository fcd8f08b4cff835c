import { describe, expect, it } from 'vitest';
import { VALUE_COLUMNS, writeRowParams } from '../../../main/store/files-row';
import type { FileValues } from '../../../main/store/files-row';

describe('files-row: INSERT parameters', () => {
  it('writeRowParams writes every column, in VALUE_COLUMNS order, from the given offset', () => {
    // A distinct value per column, so a swapped or missing column shows.
    const row = Object.fromEntries(VALUE_COLUMNS.map((c, i) => [c, `${c}#${i}`])) as unknown as FileValues;
    const out: unknown[] = new Array(3 + VALUE_COLUMNS.length).fill('untouched');
    writeRowParams(row, out, 3);
    expect(out.slice(0, 3)).toEqual(['untouched', 'untouched', 'untouched']);
    expect(out.slice(3)).toEqual(VALUE_COLUMNS.map((c) => row[c]));
  });
});
