/**
 * Form drafts that outlive their view: `useKept` is `useState` whose value stays when the person
 * goes to another view and comes back (until the app is reloaded). Keys are names such as
 * `video.script`; `initial` must be a stable value (a constant), not built on each render.
 */
import { useCallback } from 'react';
import { create } from 'zustand';

const useValues = create<Record<string, unknown>>(() => ({}));

type SetKept<T> = (next: T | ((prev: T) => T)) => void;

export function useKept<T>(key: string, initial: T): [T, SetKept<T>] {
  const value = useValues((s) => (key in s ? (s[key] as T) : initial));
  const set = useCallback<SetKept<T>>(
    (next) =>
      useValues.setState((s) => {
        const prev = key in s ? (s[key] as T) : initial;
        return { [key]: typeof next === 'function' ? (next as (p: T) => T)(prev) : next };
      }),
    [key, initial],
  );
  return [value, set];
}
