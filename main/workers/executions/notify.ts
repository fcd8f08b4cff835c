/**
 * Telling the app what happened to an execution: `execution.updated` on every visible change,
 * and `work.finished` once, when it reaches a terminal state.
 */
import { isToolName, toolMeta } from '../../contract/tool-catalog';
import type { ExecutionView } from '../../contract';
import { EXPORT_JOB, REMIX_JOB, isStudioJob } from '../../contract/studio';
import type { EventBus } from '../../kernel/events';

type Emit = Pick<EventBus, 'emit'>;

export function isTerminal(view: Pick<ExecutionView, 'status'>): boolean {
  return view.status === 'succeeded' || view.status === 'failed' || view.status === 'cancelled';
}

export function announce(events: Emit, view: ExecutionView): void {
  events.emit('execution.updated', view);
  if (isTerminal(view)) events.emit('work.finished', finishedNotice(view));
}

function finishedNotice(view: ExecutionView) {
  const what =
    view.provider === 'sync'
      ? 'Lip-sync'
      : isToolName(view.tool)
        ? toolMeta[view.tool].label
        : isStudioJob(view.tool)
          ? view.tool === EXPORT_JOB
            ? 'Export'
            : view.tool === REMIX_JOB
              ? 'Remix'
              : 'Video'
          : toolTitle(view.tool);
  if (view.status === 'succeeded') {
    const n = view.resultFileIds.length;
    return { kind: 'execution' as const, id: view.id, ok: true, title: `${what}: done`, body: n > 1 ? `${view.label} (${n} results)` : view.label };
  }
  if (view.status === 'cancelled') {
    return { kind: 'execution' as const, id: view.id, ok: false, title: `${what} cancelled`, body: view.label };
  }
  return { kind: 'execution' as const, id: view.id, ok: false, title: `${what} failed`, body: view.error?.message ?? view.label };
}

function toolTitle(tool: string): string {
  const words = tool.replace(/-/g, ' ').trim();
  return words ? words[0]!.toUpperCase() + words.slice(1) : 'Generation';
}
