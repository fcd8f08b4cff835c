/**
 * The web host's copies of lip-sync inputs: one no run refers to goes once it is a week old; one
 * a run refers to stays, as does any newer than a week.
 */
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sweepLipsyncInputs, UNUSED_INPUT_MAX_AGE_MS } from '../../../main/workers/lipsync/inputs-janitor';

let root = '';
afterEach(() => rmSync(root, { recursive: true, force: true }));

function copy(name: string, ageMs: number, now: number): string {
  const dir = path.join(root, name);
  mkdirSync(dir);
  writeFileSync(path.join(dir, 'face.mp4'), 'bytes');
  const t = (now - ageMs) / 1000;
  utimesSync(dir, t, t);
  return dir;
}

describe('sweepLipsyncInputs', () => {
  it('removes old copies no run refers to, and keeps the rest', async () => {
    root = mkdtempSync(path.join(tmpdir(), 'atelier-ls-inputs-'));
    const now = Date.now();
    const unused = copy('a', UNUSED_INPUT_MAX_AGE_MS + 60_000, now);
    const used = copy('b', UNUSED_INPUT_MAX_AGE_MS + 60_000, now);
    const fresh = copy('c', 60_000, now);
    const requests = [JSON.stringify({ params: { visual: { ref: { kind: 'path', path: path.join(used, 'face.mp4') } } } })];
    const { removed } = await sweepLipsyncInputs({ dir: root, now, referenced: (p) => requests.some((r) => r.includes(JSON.stringify(p).slice(1, -1))) });
    expect(removed).toEqual([unused]);
    expect(existsSync(unused)).toBe(false);
    expect(existsSync(used)).toBe(true);
    expect(existsSync(fresh)).toBe(true);
  });

  it('says nothing when the folder does not exist yet', async () => {
    root = path.join(tmpdir(), 'atelier-no-such-folder');
    expect(await sweepLipsyncInputs({ dir: root, now: Date.now(), referenced: () => false })).toEqual({ removed: [] });
  });
});
