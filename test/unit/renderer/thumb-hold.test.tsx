// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import type { AppInfo } from '../../../main/contract';
import { SEARCH_THUMB_PAUSE_MS, Thumb, ThumbHoldContext, useQuietFor } from '../../../renderer/components/Media';
import { useStatus } from '../../../renderer/state/status';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let root: Root;
let host: HTMLElement;

function render(fileId: string, held: boolean): void {
  act(() =>
    root.render(
      <ThumbHoldContext.Provider value={held}>
        <Thumb fileId={fileId} type="IMAGE" hasThumbnail />
      </ThumbHoldContext.Provider>,
    ),
  );
}

/** A search result as SearchResults shows it: held until the query has paused. */
function Result({ query, fileId }: { query: string; fileId: string }) {
  const paused = useQuietFor(query, SEARCH_THUMB_PAUSE_MS);
  return (
    <ThumbHoldContext.Provider value={!paused}>
      <Thumb fileId={fileId} type="IMAGE" hasThumbnail />
    </ThumbHoldContext.Provider>
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

describe('Thumb: held while a search is being typed', () => {
  it('asks at once when nothing holds it (the library grid)', () => {
    render('vg_file_a', false);
    expect(src()).toBe('/media/vg_file_a/thumb');
  });

  it('shows the placeholder while held, and asks once released', () => {
    render('vg_file_a', true);
    expect(src()).toBeNull();
    expect(host.querySelector('.thumb-placeholder')).not.toBeNull();
    render('vg_file_a', false);
    expect(src()).toBe('/media/vg_file_a/thumb');
  });

  it('keeps a thumbnail already shown while typing goes on; a new file waits for the next pause', () => {
    render('vg_file_a', false);
    render('vg_file_a', true);
    expect(src()).toBe('/media/vg_file_a/thumb');
    render('vg_file_b', true);
    expect(src()).toBeNull();
    render('vg_file_b', false);
    expect(src()).toBe('/media/vg_file_b/thumb');
  });

  it('a query typed a key every 150 ms asks for no thumbnail until typing pauses for 200 ms', () => {
    const asked = new Set<string>();
    const note = () => {
      const s = src();
      if (s) asked.add(s);
    };
    const query = 'golden retriever';
    for (let i = 1; i <= query.length; i++) {
      // The same file stays the first result all the way: still not asked for while typing.
      act(() => root.render(<Result query={query.slice(0, i)} fileId={i < 4 ? 'vg_file_a' : 'vg_file_b'} />));
      for (let t = 0; t < 150; t += 10) {
        act(() => vi.advanceTimersByTime(10));
        note();
      }
    }
    expect([...asked]).toEqual([]);
    act(() => vi.advanceTimersByTime(SEARCH_THUMB_PAUSE_MS - 150 - 1));
    expect(src()).toBeNull();
    act(() => vi.advanceTimersByTime(1));
    note();
    expect([...asked]).toEqual(['/media/vg_file_b/thumb']);
  });
});
