/**
 * A tool's prompt history: the prompts of its runs (newest first, each once, with the request
 * of its newest run so choosing one fills the form as Reuse does), and the ones pinned.
 */
import type { PromptHistoryItem } from '../contract';
import type { StoreContext } from './context';

interface Row {
  prompt: string;
  request_json: string | null;
  at: number;
  pinned_at: number | null;
}

export function createPromptsRepo(ctx: StoreContext) {
  const { db, tx } = ctx;
  // `max(created_at)` makes SQLite take request_json from that same (newest) row.
  const recentStmt = db.prepare<{ tool: string; q: string; limit: number }, Row>(
    `SELECT r.prompt, r.request_json, r.at, p.pinned_at
       FROM (SELECT json_extract(request_json, '$.params.prompt') AS prompt, request_json, max(created_at) AS at
               FROM executions WHERE tool = @tool GROUP BY 1) r
       LEFT JOIN prompt_pins p ON p.tool = @tool AND p.prompt = r.prompt
      WHERE r.prompt IS NOT NULL AND trim(r.prompt) != '' AND (@q = '' OR instr(lower(r.prompt), lower(@q)) > 0)
      ORDER BY p.pinned_at IS NULL, r.at DESC
      LIMIT @limit`,
  );
  // Pinned prompts whose runs are gone (cleared) still show, without a request to restore.
  const orphanPinsStmt = db.prepare<{ tool: string; q: string }, Row>(
    `SELECT p.prompt, NULL AS request_json, p.pinned_at AS at, p.pinned_at
       FROM prompt_pins p
      WHERE p.tool = @tool AND (@q = '' OR instr(lower(p.prompt), lower(@q)) > 0)
        AND NOT EXISTS (SELECT 1 FROM executions e WHERE e.tool = @tool AND json_extract(e.request_json, '$.params.prompt') = p.prompt)`,
  );
  const pinStmt = db.prepare('INSERT OR IGNORE INTO prompt_pins (tool, prompt, pinned_at) VALUES (?, ?, ?)');
  const unpinStmt = db.prepare('DELETE FROM prompt_pins WHERE tool = ? AND prompt = ?');

  const toItem = (r: Row): PromptHistoryItem => {
    const params = r.request_json ? ((JSON.parse(r.request_json) as { params?: Record<string, unknown> }).params ?? { prompt: r.prompt }) : { prompt: r.prompt };
    return { prompt: r.prompt, params, lastUsedAt: r.request_json ? r.at : null, pinned: r.pinned_at !== null };
  };

  return {
    /** Pinned first, then newest first; `query` narrows to prompts containing it. */
    history(tool: string, query = '', limit = 30): PromptHistoryItem[] {
      const q = query.trim();
      const pinnedOrphans = orphanPinsStmt.all({ tool, q }).map(toItem);
      return [...pinnedOrphans, ...recentStmt.all({ tool, q, limit }).map(toItem)]
        .sort((a, b) => Number(b.pinned) - Number(a.pinned))
        .slice(0, limit);
    },
    pin(tool: string, prompt: string, pinned: boolean): void {
      tx.run(() => {
        if (pinned) pinStmt.run(tool, prompt, ctx.now());
        else unpinStmt.run(tool, prompt);
      });
    },
  };
}

export type PromptsRepo = ReturnType<typeof createPromptsRepo>;
