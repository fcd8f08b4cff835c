/**
 * Quitting with a worker slow to stop: the log names the ones still stopping, then goes quiet
 * once all have stopped; a worker that fails to stop does not keep the others from stopping.
 */
import { describe, expect, it } from 'vitest';
import { stopAll } from '../../../main/core/create-core';

const after = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

describe('stopAll', () => {
  it('names what is still stopping past the mark, and nothing once all have stopped', async () => {
    const lines: string[] = [];
    const stopped: string[] = [];
    await stopAll(
      {
        uploads: async () => {
          await after(130);
          stopped.push('uploads');
        },
        poller: async () => {
          stopped.push('poller');
        },
        'library sync': async () => {
          await after(70);
          throw new Error('could not stop');
        },
      },
      (l) => lines.push(l),
      50,
    );
    expect(stopped.sort()).toEqual(['poller', 'uploads']);
    expect(lines[0]).toMatch(/^Stopping Atelier: still waiting for uploads, library sync after 0 s\.$/);
    expect(lines.slice(1).every((l) => /still waiting for uploads after/.test(l))).toBe(true);
    expect(lines.length).toBeGreaterThanOrEqual(2);
    const count = lines.length;
    await after(120);
    expect(lines.length).toBe(count);
  });

  it('says nothing when stopping is quick', async () => {
    const lines: string[] = [];
    await stopAll({ a: async () => after(5), b: async () => undefined }, (l) => lines.push(l), 50);
    expect(lines).toEqual([]);
  });
});
