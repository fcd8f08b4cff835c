import { useEffect, useRef } from 'react';
import { Icon, type IconName } from '../components/Icon';
import { TopBar } from '../components/Shell';
import { TOOLS, toolById, type ToolGroup } from '../generate/tools';
import { prefill, selectTool, useGenerate } from '../state/generate';
import { useExecutions } from '../state/executions';
import { useUi } from '../state/ui';
import { ToolForm } from './generate/ToolForm';
import { ExecutionRow } from './ActivityRows';
import { useShallow } from 'zustand/react/shallow';

const GROUP_ICON: Record<ToolGroup, IconName> = {
  Image: 'image',
  Video: 'video',
  Audio: 'audio',
  'Avatar & lip-sync': 'avatar',
};
const GROUPS: ToolGroup[] = ['Image', 'Video', 'Audio', 'Avatar & lip-sync'];

function RecentRuns({ toolId }: { toolId: string }) {
  const ids = useExecutions(useShallow((s) => s.order.filter((id) => s.byId.get(id)!.tool === toolId).slice(0, 8)));
  const byId = useExecutions((s) => s.byId);
  return (
    <aside className="recent" aria-label="Recent runs">
      <h2 className="recent-title">Recent runs</h2>
      {ids.length === 0 ? (
        <p className="muted small recent-empty">Runs of this tool show up here with their progress and results.</p>
      ) : (
        <ul className="arows">
          {ids.map((id) => (
            <ExecutionRow key={id} e={byId.get(id)!} compact />
          ))}
        </ul>
      )}
    </aside>
  );
}

/** The last draft (Reuse, Edit, a batch tool) whose form was given focus. */
let focusedDraft = 0;

export function GenerateView() {
  const toolId = useGenerate((s) => s.toolId);
  const draft = useUi((s) => s.draft);
  const titleRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (draft) prefill(draft.tool, draft.params, draft.batch);
    // The button that asked for this form is gone with its view: focus the form's title,
    // so a screen reader says which tool opened and Tab goes on into its fields.
    if (draft && draft.nonce !== focusedDraft) {
      focusedDraft = draft.nonce;
      requestAnimationFrame(() => titleRef.current?.focus());
    }
  }, [draft]);
  const tool = toolById(toolId) ?? TOOLS[0]!;
  return (
    <div className="view view-generate">
      <TopBar title="Generate" />
      <div className="generate-layout">
        <nav className="tool-list" aria-label="Tools">
          {GROUPS.map((g) => (
            <div key={g} className="tool-group">
              <div className="tool-group-title">
                <Icon name={GROUP_ICON[g]} size={12} />
                {g}
              </div>
              {TOOLS.filter((t) => t.group === g).map((t) => (
                <button
                  key={t.id}
                  type="button"
                  className={`tool-item${t.id === tool.id ? ' is-active' : ''}`}
                  aria-current={t.id === tool.id ? 'true' : undefined}
                  onClick={() => selectTool(t.id)}
                  data-tool={t.id}
                >
                  {t.label}
                </button>
              ))}
            </div>
          ))}
        </nav>
        <section className="tool-pane" aria-labelledby="tool-title">
          <header className="tool-head">
            <h2 id="tool-title" ref={titleRef} tabIndex={-1}>
              {tool.label}
            </h2>
            <p className="muted">{tool.description}</p>
            <code className="tool-id">{tool.provider === 'sync' ? 'Sync · /v2/generate' : `VideoGen · ${tool.id}`}</code>
          </header>
          <ToolForm key={tool.id} tool={tool} />
        </section>
        <RecentRuns toolId={tool.id} />
      </div>
    </div>
  );
}
