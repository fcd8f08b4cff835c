import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync, linkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { walkPaths } from '../../../main/workers/file-walk';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'atelier-walk-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('walkPaths', () => {
  it('walks folders recursively, skips and reports hidden entries, takes explicit files', async () => {
    mkdirSync(join(dir, 'a/b/c'), { recursive: true });
    mkdirSync(join(dir, 'a/.git'));
    writeFileSync(join(dir, 'a/one.png'), 'x');
    writeFileSync(join(dir, 'a/b/two.png'), 'x');
    writeFileSync(join(dir, 'a/b/c/three.png'), 'x');
    writeFileSync(join(dir, 'a/.DS_Store'), 'x');
    writeFileSync(join(dir, 'a/.git/config'), 'x');
    writeFileSync(join(dir, '.explicit.png'), 'x');

    const { files, rejected } = await walkPaths([join(dir, 'a'), join(dir, '.explicit.png')]);
    expect(files.map((f) => f.path.slice(dir.length + 1)).sort()).toEqual(
      ['.explicit.png', 'a/b/c/three.png', 'a/b/two.png', 'a/one.png'].sort(),
    );
    expect(rejected.map((r) => r.path.slice(dir.length + 1)).sort()).toEqual(['a/.DS_Store', 'a/.git']);
    expect(rejected.every((r) => /hidden/.test(r.reason))).toBe(true);
  });

  it('detects a symbolic link loop and lists a file reached twice only once', async () => {
    mkdirSync(join(dir, 'top/sub'), { recursive: true });
    writeFileSync(join(dir, 'top/sub/clip.mp4'), 'x');
    symlinkSync(join(dir, 'top'), join(dir, 'top/sub/back-to-top'));
    symlinkSync(join(dir, 'top/sub/clip.mp4'), join(dir, 'top/alias.mp4'));
    linkSync(join(dir, 'top/sub/clip.mp4'), join(dir, 'top/hardlink.mp4'));

    const { files, rejected } = await walkPaths([join(dir, 'top')]);
    expect(files).toHaveLength(1);
    expect(rejected).toHaveLength(1);
    expect(rejected[0]?.path).toBe(join(dir, 'top/sub/back-to-top'));
    expect(rejected[0]?.reason).toMatch(/symbolic link loop/);
  });

  it('reports broken links, named pipes and missing paths without stopping', async () => {
    writeFileSync(join(dir, 'ok.png'), 'x');
    symlinkSync(join(dir, 'gone.png'), join(dir, 'dangling.png'));
    execFileSync('mkfifo', [join(dir, 'pipe.wav')]);

    const { files, rejected } = await walkPaths([dir, join(dir, 'never-existed.mov')]);
    expect(files.map((f) => f.path)).toEqual([join(dir, 'ok.png')]);
    const reasons = Object.fromEntries(rejected.map((r) => [r.path.slice(dir.length + 1), r.reason]));
    expect(reasons['dangling.png']).toMatch(/no longer exists|link to something missing/);
    expect(reasons['pipe.wav']).toMatch(/named pipe/);
    expect(reasons['never-existed.mov']).toMatch(/no longer exists/);
  });

  it('caps the number of files and says so once', async () => {
    for (let i = 0; i < 5; i++) writeFileSync(join(dir, `f${i}.png`), 'x');
    const { files, rejected } = await walkPaths([dir], { maxFiles: 3 });
    expect(files).toHaveLength(3);
    expect(rejected).toHaveLength(1);
    expect(rejected[0]?.reason).toMatch(/more than 3 files/);
  });
});
