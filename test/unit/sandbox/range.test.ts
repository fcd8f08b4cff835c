import { describe, expect, it } from 'vitest';
import { contentDisposition, parseRange } from '../../../main/sandbox/storage/range';

describe('parseRange', () => {
  it('parses the single-range forms browsers send', () => {
    expect(parseRange('bytes=0-99', 1000)).toEqual({ start: 0, end: 99 });
    expect(parseRange('bytes=500-', 1000)).toEqual({ start: 500, end: 999 });
    expect(parseRange('bytes=-100', 1000)).toEqual({ start: 900, end: 999 });
    expect(parseRange('bytes=900-5000', 1000)).toEqual({ start: 900, end: 999 });
    expect(parseRange('bytes=-5000', 1000)).toEqual({ start: 0, end: 999 });
  });

  it('flags unsatisfiable ranges', () => {
    expect(parseRange('bytes=1000-', 1000)).toBe('unsatisfiable');
    expect(parseRange('bytes=5-2', 1000)).toBe('unsatisfiable');
    expect(parseRange('bytes=-0', 1000)).toBe('unsatisfiable');
    expect(parseRange('bytes=0-', 0)).toBe('unsatisfiable');
  });

  it('ignores what it need not honour (absent, other units, multiple ranges, garbage)', () => {
    expect(parseRange(undefined, 10)).toBeNull();
    expect(parseRange('items=0-1', 10)).toBeNull();
    expect(parseRange('bytes=0-1,4-5', 10)).toBeNull();
    expect(parseRange('bytes=a-b', 10)).toBeNull();
    expect(parseRange('bytes=-', 10)).toBeNull();
  });
});

describe('contentDisposition', () => {
  it('keeps any name exact (RFC 8187) with an ASCII fallback a header can carry', () => {
    const h = contentDisposition('Café "menu"… 1.mp4');
    expect(h).toBe(`attachment; filename="Caf_ _menu__ 1.mp4"; filename*=UTF-8''Caf%C3%A9%20%22menu%22%E2%80%A6%201.mp4`);
    expect(() => new Headers({ 'Content-Disposition': h })).not.toThrow();
  });
});
