/** The window follows the `theme` setting: system, light or dark (nativeTheme.themeSource). */
import { nativeTheme } from 'electron';
import type { Theme } from '../contract';
import type { SettingsWatch } from './settings-watch';

export function applyTheme(theme: Theme | undefined): void {
  nativeTheme.themeSource = theme === 'light' || theme === 'dark' ? theme : 'system';
}

export function bindTheme(settings: SettingsWatch): () => void {
  applyTheme(settings.current()?.theme);
  return settings.onChange((s) => applyTheme(s.theme));
}
