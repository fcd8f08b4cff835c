/**
 * Web permissions: denied unless the app's own page asks for one it needs.
 *
 * Allowed: `clipboard-sanitized-write` (copy a file id or link) and `fullscreen` (video
 * player). Not needed: notifications (shown by main, not the page), clipboard-read (paste
 * works through the Edit menu roles), media/camera/mic, geolocation, openExternal (links go
 * through window.ts), devices (HID/serial/USB).
 */
import type { Session } from 'electron';
import { isAppOrigin, isAppUrl } from './app-origin';

export const ALLOWED_PERMISSIONS: ReadonlySet<string> = new Set(['clipboard-sanitized-write', 'fullscreen']);

export function installPermissionHandlers(ses: Session, devServerUrl: string | null = null): void {
  ses.setPermissionRequestHandler((contents, permission, callback, details) => {
    const fromApp = isAppUrl(details.requestingUrl, devServerUrl) && isAppUrl(contents.getURL(), devServerUrl);
    callback(fromApp && ALLOWED_PERMISSIONS.has(permission));
  });
  ses.setPermissionCheckHandler((_contents, permission, requestingOrigin) => {
    return ALLOWED_PERMISSIONS.has(permission) && isAppOrigin(requestingOrigin, devServerUrl);
  });
  ses.setDevicePermissionHandler(() => false);
}
