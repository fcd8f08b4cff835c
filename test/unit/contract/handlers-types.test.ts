/**
 * The contract's type-level guarantees. Two layers:
 *  1. `expectTypeOf` + `@ts-expect-error` lines below, enforced by `npm run typecheck`;
 *  2. the same checks compiled here with the TypeScript API, so `vitest` fails too when a
 *     command lacks a handler, a handler has no command, or a handler returns the wrong type.
 */
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { CommandName, CommandOutput, CommandParsedInput } from '../../../main/contract';
import type { Handler, Handlers } from '../../../main/core/types';
import type { AtelierBridge } from '../../../preload/api';
import type { createClient } from '../../../renderer/transport/client';

// ---- layer 1: checked by tsc ----------------------------------------------------------
expectTypeOf<keyof Handlers>().toEqualTypeOf<CommandName>();
expectTypeOf<Parameters<Handlers['library.get']>[0]>().toEqualTypeOf<CommandParsedInput<'library.get'>>();
expectTypeOf<Awaited<ReturnType<Handlers['app.info']>>>().toEqualTypeOf<CommandOutput<'app.info'>>();
// The preload bridge is exactly what the renderer's transport expects (one declaration, preload/api.ts).
expectTypeOf<Parameters<typeof createClient>[1]>().toEqualTypeOf<AtelierBridge | undefined>();

// Never called: only compiled.
export function typeOnlyChecks(full: Handlers): void {
  const { 'app.info': dropped, ...withoutOne } = full;
  // @ts-expect-error — a command without a handler
  const missing: Handlers = withoutOne;
  // @ts-expect-error — a handler without a command
  const extra: Handlers = { ...full, 'app.notACommand': async () => null };
  const wrongOutput: Handlers = {
    ...full,
    // @ts-expect-error — a handler that returns the wrong type
    'app.info': async () => 42,
  };
  void [missing, extra, wrongOutput, dropped satisfies Handler<'app.info'>];
}

// ---- layer 2: compiled at test time ----------------------------------------------------
const root = path.resolve(__dirname, '../../..');
const virtualDir = path.join(root, 'test/unit/contract');

/** Type-check several virtual files in one program (one parse of zod, node types, the contract). */
function diagnosticsFor(sources: Record<string, string>): Record<string, ts.Diagnostic[]> {
  const files = new Map(Object.entries(sources).map(([name, text]) => [path.join(virtualDir, `__virtual_${name}__.ts`), text]));
  const config = ts.readConfigFile(path.join(root, 'tsconfig.json'), ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, root);
  const host = ts.createCompilerHost(parsed.options);
  const readFile = host.readFile.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  host.readFile = (f) => files.get(path.resolve(f)) ?? readFile(f);
  host.fileExists = (f) => files.has(path.resolve(f)) || fileExists(f);
  host.getSourceFile = (f, lang, onError, create) => {
    const text = files.get(path.resolve(f));
    return text !== undefined ? ts.createSourceFile(f, text, lang, true) : getSourceFile(f, lang, onError, create);
  };
  const program = ts.createProgram({ rootNames: [...files.keys()], options: parsed.options, host });
  const out: Record<string, ts.Diagnostic[]> = {};
  for (const [name] of Object.entries(sources)) {
    const file = program.getSourceFile(path.join(virtualDir, `__virtual_${name}__.ts`));
    out[name] = [...ts.getPreEmitDiagnostics(program, file)];
  }
  return out;
}

const header = `import type { Handlers } from '../../../main/core/types';\ndeclare const full: Handlers;\n`;

describe('Handlers type', () => {
  it(
    'rejects a missing handler, an extra handler and a wrong output type — and accepts a complete table',
    () => {
      const d = diagnosticsFor({
        ok: `${header}export const table: Handlers = { ...full };\n`,
        missing: `${header}const { 'library.get': _x, ...rest } = full;\nexport const table: Handlers = rest;\n`,
        extra: `${header}export const table: Handlers = { ...full, 'library.teleport': async () => null };\n`,
        wrong: `${header}export const table: Handlers = { ...full, 'uploads.list': async () => 'nope' };\n`,
      });
      expect(d.ok!.map((x) => ts.flattenDiagnosticMessageText(x.messageText, '\n'))).toEqual([]);
      expect(d.missing!.map((x) => x.code)).toContain(2741); // Property 'library.get' is missing
      expect(ts.flattenDiagnosticMessageText(d.missing![0]!.messageText, '\n')).toContain('library.get');
      expect(d.extra!.map((x) => x.code)).toContain(2353); // Object literal may only specify known properties
      expect(d.wrong!.length).toBeGreaterThan(0);
    },
    60_000,
  );
});
