import { useEffect, useRef } from 'react';
import { announce, progressSummary, setLiveRegion } from '../lib/announce';
import { useUploads } from '../state/uploads';
import { useExecutions } from '../state/executions';
import { toolLabel } from '../views/ActivityRows';

/** How often work in progress is summed up aloud (only when the words changed). */
export const PROGRESS_EVERY_MS = 10_000;

/**
 * The app's live region (see lib/announce.ts), and a word about uploads and generations in
 * progress every few seconds while there are any.
 */
export function Announcer() {
  const region = useRef<HTMLDivElement>(null);
  useEffect(() => {
    setLiveRegion(region.current);
    return () => setLiveRegion(null);
  }, []);
  useEffect(() => {
    let last = '';
    const timer = setInterval(() => {
      const u = useUploads.getState();
      const x = useExecutions.getState();
      const text = progressSummary(
        u.order.map((id) => u.byId.get(id)!),
        x.order.map((id) => x.byId.get(id)!),
        toolLabel,
      );
      if (text && text !== last) announce(text);
      last = text;
    }, PROGRESS_EVERY_MS);
    return () => clearInterval(timer);
  }, []);
  return <div ref={region} className="visually-hidden" aria-live="polite" data-testid="live-region" />;
}
