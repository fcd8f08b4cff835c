/**
 * The app's own origin under Electron: every page and cached media file is served from
 * `atelier://app/…` (see protocol.ts). Plain module (no 'electron' import).
 */
export const APP_SCHEME = 'atelier';
export const APP_HOST = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_START_URL = `${APP_ORIGIN}/index.html`;
export const APP_MEDIA_BASE = `${APP_ORIGIN}/media/`;

/**
 * True for a URL on the app's origin, or (development only) on the renderer dev server.
 * Compares scheme and host by hand: Node's URL reports origin "null" for custom schemes.
 */
export function isAppUrl(raw: string | null | undefined, devServerUrl: string | null = null): boolean {
  if (!raw) return false;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  if (url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST && !url.username && !url.password) return true;
  if (devServerUrl) {
    try {
      return url.origin === new URL(devServerUrl).origin;
    } catch {
      return false;
    }
  }
  return false;
}

/** Permission checks hand us an origin string, not a URL. */
export function isAppOrigin(origin: string | null | undefined, devServerUrl: string | null = null): boolean {
  if (!origin) return false;
  if (origin === APP_ORIGIN) return true;
  return isAppUrl(`${origin}/`, devServerUrl);
}
