/**
 * Where Atelier keeps its data when no --data-dir is given: the same folder Electron uses
 * for `userData` with productName "Atelier", so both hosts share one library.
 */
import os from 'node:os';
import path from 'node:path';

export function defaultDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = os.homedir(),
): string {
  const explicit = env.ATELIER_DATA_DIR?.trim();
  if (explicit) return path.resolve(explicit);
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'Atelier');
  if (platform === 'win32') return path.join(env.APPDATA || path.join(home, 'AppData', 'Roaming'), 'Atelier');
  return path.join(env.XDG_CONFIG_HOME || path.join(home, '.config'), 'Atelier');
}

/** A sandbox run keeps its own library beside the real one, never mixed into it. */
export function sandboxDataDir(dataDir: string): string {
  return path.join(dataDir, 'sandbox-profile');
}
