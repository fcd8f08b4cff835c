// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import type { AppInfo } from '../../../main/contract';
import { Thumb, ThumbSettleContext } from '../../../renderer/components/Media';
import { useStatus } from '../../../renderer/state/status';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let root: Root;
let host: HTMLElement;

function render(fileId: string, settleMs: number): void {
  act(() =>
    root.render(
      <ThumbSettleContext.Provider value={settleMs}>
        <Thumb fileId={fileId} type="IMAGE" hasThumbnail />
      </ThumbSettleContext.Provider>,
    ),
  );
}
const src = (): string | null => host.querySelector('img')?.getAttribute('src') ?? null;

beforeEach(() => {
  vi.useFakeTimers();
  useStatus.setState({ info: { mediaBase: '/media/' } as AppInfo });
  host = document.createElement('div');
  document.body.append(host);
  root = createRoot(host);
});
afterEach(() => {
  act(() => root.unmount());
  host.remove();
  vi.useRealTimers();
});

describe('Thumb: settling before a thumbnail is asked for', () => {
  it('asks at once without a settle time (the library grid)', () => {
    render('vg_file_a', 0);
    expect(src()).toBe('/media/vg_file_a/thumb');
  });

  it('shows the placeholder until the file has stayed on screen for the settle time', () => {
    render('vg_file_a', 200);
    expect(src()).toBeNull();
    expect(host.querySelector('.thumb-placeholder')).not.toBeNull();
    act(() => vi.advanceTimersByTime(199));
    expect(src()).toBeNull();
    act(() => vi.advanceTimersByTime(1));
    expect(src()).toBe('/media/vg_file_a/thumb');
  });

  it('never asks for a file that was typed past before it settled, and settles the new one afresh', () => {
    const asked: string[] = [];
    render('vg_file_a', 200);
    act(() => vi.advanceTimersByTime(150));
    render('vg_file_b', 200);
    for (let t = 0; t < 250; t += 10) {
      act(() => vi.advanceTimersByTime(10));
      const s = src();
      if (s && !asked.includes(s)) asked.push(s);
    }
    expect(asked).toEqual(['/media/vg_file_b/thumb']);
  });
});
