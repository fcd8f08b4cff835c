/**
 * The router: the one door from a host (IPC, WebSocket, a test) into the core's handlers.
 *
 * - an unknown command          → { code: 'unknown_command' }
 * - input that fails the schema → { code: 'invalid_input', message naming the field }
 * - an AppError from a handler  → its { code, message }
 * - anything else thrown        → { code: 'internal' } with a fixed sentence; the details
 *                                 (stack included) go to the log, secrets masked, never
 *                                 to the caller.
 *
 * `invoke` never throws and never rejects.
 */
import { commands, type ContractError, type InvokeResult } from '../contract';
import type { CallContext, Handlers } from './types';
import { AppError } from '../kernel/errors';
import { describeForLog, maskKnownSecrets } from '../kernel/redact';

export interface Router {
  invoke(cmd: string, input: unknown, ctx: CallContext): Promise<InvokeResult>;
}

export interface RouterOptions {
  /** Receives every internal failure (already redacted text). Default: stderr. */
  log?: (line: string) => void;
}

export const INTERNAL_MESSAGE =
  'Something went wrong inside Atelier. The details were written to its log; please try again.';

const MAX_MESSAGE = 400;

export function createRouter(handlers: Handlers, options: RouterOptions = {}): Router {
  const log = options.log ?? ((line: string) => console.error(line));
  const table = handlers as unknown as Record<string, (input: unknown, ctx: CallContext) => unknown>;

  return {
    async invoke(cmd, input, ctx) {
      if (typeof cmd !== 'string' || !Object.hasOwn(commands, cmd) || typeof table[cmd] !== 'function') {
        return fail('unknown_command', `Atelier has no command called ${quoteForMessage(cmd)}.`);
      }
      const schema = commands[cmd as keyof typeof commands].input;
      // Every command takes an object; a missing input (e.g. dropped by JSON) means "no fields".
      let parsed: ReturnType<typeof schema.safeParse>;
      try {
        parsed = schema.safeParse(input === undefined ? {} : input);
      } catch {
        // e.g. a getter that throws while the schema reads it
        return fail('invalid_input', `Invalid input for ${cmd}: it could not be read.`);
      }
      if (!parsed.success) {
        return fail('invalid_input', clip(`Invalid input for ${cmd}: ${describeIssues(parsed.error.issues)}`));
      }
      try {
        const value = await table[cmd]!(parsed.data, ctx);
        return { ok: true, value };
      } catch (err) {
        const known = contractErrorOf(err);
        if (known) return { ok: false, error: known };
        safeLog(log, `[atelier] command ${cmd} failed: ${describeForLog(err)}`);
        return fail('internal', INTERNAL_MESSAGE);
      }
    },
  };
}

function fail(code: string, message: string): InvokeResult {
  return { ok: false, error: { code, message } };
}

/** An AppError (or a look-alike from another copy of the module) → its wire shape. */
export function contractErrorOf(err: unknown): ContractError | null {
  const looksLikeAppError =
    err instanceof AppError ||
    (err instanceof Error &&
      typeof (err as { kind?: unknown }).kind === 'string' &&
      typeof (err as { toJSON?: unknown }).toJSON === 'function');
  if (!looksLikeAppError) return null;
  try {
    const wire = (err as { toJSON(): unknown }).toJSON() as { code?: unknown; message?: unknown } | null;
    if (wire && typeof wire.code === 'string' && typeof wire.message === 'string' && wire.code) {
      return { code: wire.code, message: clip(maskKnownSecrets(wire.message)) };
    }
  } catch {
    /* a broken toJSON is an internal error */
  }
  return null;
}

interface IssueLike {
  code?: string;
  path: ReadonlyArray<PropertyKey>;
  message: string;
  keys?: ReadonlyArray<string>;
}

/** "fileId: Invalid input: expected string, received number; and 2 more" */
export function describeIssues(issues: ReadonlyArray<IssueLike>, max = 3): string {
  const parts = issues.slice(0, max).map((issue) => {
    const where = issue.path.map((p) => (typeof p === 'symbol' ? p.toString() : String(p))).join('.');
    const what =
      issue.code === 'unrecognized_keys' && issue.keys?.length
        ? `unexpected field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.slice(0, 5).map(quoteForMessage).join(', ')}`
        : issue.message;
    return where ? `${clip(where, 120)}: ${what}` : what;
  });
  if (issues.length > max) parts.push(`and ${issues.length - max} more`);
  return parts.join('; ');
}

function quoteForMessage(value: unknown): string {
  if (typeof value !== 'string') return value === null ? 'null' : `(a ${typeof value})`;
  const text = value;
  return `"${clip(text.replace(/\p{Cc}/gu, '?'), 80)}"`;
}

function clip(text: string, max = MAX_MESSAGE): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function safeLog(log: (line: string) => void, line: string): void {
  try {
    log(line);
  } catch {
    /* logging must never take the router down */
  }
}
