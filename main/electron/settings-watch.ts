/**
 * The current Settings, kept fresh for main-process features (notifications, theme):
 * read through the router at start and again whenever the core says settings changed.
 */
import type { Settings } from '../contract';
import type { EventBus } from '../kernel/events';
import type { Router } from '../core/router';

export interface SettingsWatch {
  current(): Settings | null;
  onChange(listener: (s: Settings) => void): () => void;
  /** Resolves after the first read (successful or not). */
  readonly ready: Promise<void>;
  stop(): void;
}

export function watchSettings(router: Router, events: EventBus, log: (line: string) => void): SettingsWatch {
  let current: Settings | null = null;
  const listeners = new Set<(s: Settings) => void>();

  const refresh = async (): Promise<void> => {
    const result = await router.invoke('settings.get', {}, { host: 'electron' });
    if (!result.ok) {
      log(`[atelier] could not read settings: ${result.error.message}`);
      return;
    }
    current = result.value as Settings;
    for (const l of [...listeners]) l(current);
  };

  const stop = events.on('store.changed', ({ tables }) => {
    if (tables.includes('settings')) void refresh();
  });

  return {
    current: () => current,
    onChange(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    ready: refresh(),
    stop,
  };
}
