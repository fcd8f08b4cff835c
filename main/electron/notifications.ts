/**
 * A desktop notification when work finishes (`work.finished`), unless the person turned
 * notifications off in Settings. Clicking one brings the window forward.
 */
import { Notification } from 'electron';
import type { EventBus } from '../kernel/events';
import type { SettingsWatch } from './settings-watch';

export function bindWorkNotifications(events: EventBus, settings: SettingsWatch, focusApp: () => void): () => void {
  return events.on('work.finished', (work) => {
    // Unknown settings (still loading) count as the default: on.
    if (settings.current()?.notifications === false) return;
    if (!Notification.isSupported()) return;
    const note = new Notification({ title: work.title, body: work.body });
    note.on('click', focusApp);
    note.show();
  });
}
