// /v1/tools/*: start a tool (202 {toolExecutionId}), read, list and cancel executions.
import { requirePrincipal, type RequestContext } from '../../context';
import { insufficientCredits, invalidId, invalidParameters, notFound } from '../../errors';
import { boolParam } from '../../http/query';
import type { Reply, RouteDef } from '../../router';
import { pageParams } from '../pagination';
import { parseBody } from '../validation';
import type { VideoGenService } from '../service';
import { TOOLS, type AnyToolDef } from './definitions';
import type { ExecutionRecord } from './executions';

/** How many distinct prompts get drawn onto images/clips before outputs fall back to plain variants. */
const CAPTION_BUDGET = 48;
const EXEC_PREFIX = 'vg_tool_';

export function toolRoutes(vg: VideoGenService): RouteDef[] {
  const captions = vg.captions;
  const caption = (label: string): string | null => {
    const text = label.slice(0, 120);
    if (captions.has(text)) return text;
    if (captions.size >= CAPTION_BUDGET) return null;
    captions.add(text);
    return text;
  };

  const start = (tool: AnyToolDef) => async (ctx: RequestContext): Promise<Reply> => {
    const body = parseBody(tool.schema, await ctx.json());
    const plan = tool.plan(body, { files: vg.files, now: ctx.now, processingMs: vg.env.options.processingMs, caption });
    // A valid request the account cannot pay for (fault profile): refused before anything starts.
    if (vg.env.faults.outOfCredits) throw insufficientCredits();
    const record = vg.executions.start(tool.toolType, plan, requirePrincipal(ctx).keyIndex, ctx.now);
    return { status: 202, body: { toolExecutionId: record.toolExecutionId } };
  };

  const find = (ctx: RequestContext): ExecutionRecord => {
    const id = ctx.params.toolExecutionId!;
    if (!id.startsWith(EXEC_PREFIX)) throw invalidId('tool execution', id, EXEC_PREFIX);
    const record = vg.executions.get(id);
    if (!record) throw notFound('tool execution', id);
    return record;
  };

  return [
    ...TOOLS.map(
      (tool): RouteDef => ({ method: 'POST', template: `/v1/tools/${tool.name}`, family: 'videogen', rateBucket: 'tools.start', handler: start(tool) }),
    ),
    {
      method: 'GET',
      template: '/v1/tools/executions/{toolExecutionId}',
      family: 'videogen',
      rateBucket: 'executions.get',
      handler: (ctx) => ({ status: 200, body: executedToolJson(vg, find(ctx), ctx.now) }),
    },
    {
      method: 'POST',
      template: '/v1/tools/executions/{toolExecutionId}/cancel',
      family: 'videogen',
      rateBucket: 'executions.cancel',
      handler: (ctx) => {
        const record = find(ctx);
        vg.executions.cancel(record, ctx.now);
        return { status: 202, body: { toolExecutionId: record.toolExecutionId } };
      },
    },
    {
      method: 'GET',
      template: '/v1/tools/executions',
      family: 'videogen',
      rateBucket: 'executions.list',
      handler: (ctx) => {
        const params = pageParams(ctx, vg.env, 'tool-executions');
        const selfOnly = boolParam(ctx.query, 'selfOnly', false, invalidParameters);
        const after = params.cursor ? { at: Number(params.cursor[0]), seq: Number(params.cursor[1]) } : null;
        const page = vg.executions.page(after, params.limit, selfOnly ? requirePrincipal(ctx).keyIndex : null);
        const last = page.items[page.items.length - 1];
        return {
          status: 200,
          body: {
            toolExecutions: page.items.map((r) => executedToolJson(vg, r, ctx.now)),
            hasMore: page.hasMore,
            nextCursor: page.hasMore && last ? vg.env.cursors.encode('tool-executions', [last.sortKey.at, last.sortKey.seq]) : null,
          },
        };
      },
    },
  ];
}

/** ExecutedTool. `results[].file` is left out: the spec fills it only in webhooks / after hydration. */
function executedToolJson(vg: VideoGenService, r: ExecutionRecord, now: number): Record<string, unknown> {
  const s = vg.executions.state(r, now);
  const json: Record<string, unknown> = {
    toolExecutionId: r.toolExecutionId,
    status: s.status,
    toolType: r.toolType,
    progressPercentage: s.progress,
    attemptIndex: s.attemptIndex,
  };
  if (s.status === 'succeeded') json.results = (r.resultFileIds ?? []).map((fileId) => ({ fileId, type: r.plan.type }));
  json.error = s.error;
  return json;
}
