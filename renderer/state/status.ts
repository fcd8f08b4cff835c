import { create } from 'zustand';
import type { AppInfo, AppStatus } from '../../main/contract';
import type { LinkState } from '../transport/client';

interface StatusState {
  info: AppInfo | null;
  status: AppStatus | null;
  /** Core ↔ API connectivity (connectivity.changed / app.status). */
  online: boolean;
  /** Renderer ↔ host link (the web socket). */
  link: LinkState;
}

export const useStatus = create<StatusState>(() => ({ info: null, status: null, online: true, link: 'connecting' }));

export function applyStatus(status: AppStatus): void {
  useStatus.setState({ status, online: status.online });
}

/** Budget entries below 20 % remaining: what the status bar warns about. */
export function lowBudgets(status: AppStatus | null): AppStatus['rateBudget'] {
  if (!status) return [];
  return status.rateBudget.filter((b) => b.limit > 0 && b.remaining / b.limit < 0.2);
}

export function mediaUrl(info: AppInfo | null, fileId: string, kind: 'thumb' | 'preview' | 'download'): string {
  const base = info?.mediaBase ?? '/media/';
  return `${base}${encodeURIComponent(fileId)}/${kind}`;
}
