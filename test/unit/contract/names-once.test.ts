/**
 * "No channel name is typed twice" (DESIGN.md principle 2), enforced.
 *
 * THE RULE. In every source file under main/, preload/ and renderer/ except main/contract/index.ts,
 * a string literal whose value is a command or event name may appear ONLY where the type
 * checker holds it to the contract:
 *   (a) as the first argument of a call to `invoke`, `subscribe`, `on`, `once`, `off` or `emit`
 *       (e.g. `api().invoke('library.query', …)`, `events.on('work.finished', …)`);
 *   (b) as a property key of an object literal or destructuring pattern (handler tables typed
 *       `Handlers`, e.g. `{ 'library.get': async (input) => … }`);
 *   (c) as an index: `handlers['library.get']`, `Handlers['library.get']`;
 *   (d) as a type argument: `Handler<'library.get'>`, `CommandOutput<'app.info'>`.
 * Anywhere else — a constant, a comparison, a `case`, a string built for a channel — fails.
 * Comments are not code and are not checked.
 *
 * And the IPC channel names (`atelier:…`) appear only in main/electron/channels.ts.
 *
 * Not scanned: main/sandbox/ — the local twin of the *remote* APIs. It never speaks the app's
 * contract, and its own vocabulary (e.g. the rate-limit bucket `executions.get`) may
 * coincide with command names without being one.
 */
import { readdirSync, readFileSync, type Dirent } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { commandNames, eventNames } from '../../../main/contract';

const root = path.resolve(__dirname, '../../..');
const SCANNED = ['main', 'preload', 'renderer'];
const CONTRACT = path.join(root, 'main/contract/index.ts');
const CHANNELS = path.join(root, 'main/electron/channels.ts');
const NOT_SCANNED = [path.join(root, 'main/sandbox') + path.sep];
const ALLOWED_CALLS = new Set(['invoke', 'subscribe', 'on', 'once', 'off', 'emit']);
const NAMES = new Set<string>([...commandNames, ...eventNames]);

export interface Violation {
  file: string;
  line: number;
  text: string;
  why: string;
}

function calleeName(call: ts.CallExpression): string | null {
  const e = call.expression;
  if (ts.isIdentifier(e)) return e.text;
  if (ts.isPropertyAccessExpression(e)) return e.name.text;
  return null;
}

function allowedPlace(node: ts.StringLiteralLike): boolean {
  const parent = node.parent;
  if (ts.isCallExpression(parent)) {
    return parent.arguments[0] === node && ALLOWED_CALLS.has(calleeName(parent) ?? '');
  }
  if ((ts.isPropertyAssignment(parent) || ts.isMethodDeclaration(parent) || ts.isPropertySignature(parent)) && parent.name === node) {
    return true;
  }
  if (ts.isBindingElement(parent) && parent.propertyName === node) return true;
  if (ts.isElementAccessExpression(parent) && parent.argumentExpression === node) return true;
  if (ts.isLiteralTypeNode(parent)) {
    const gp = parent.parent;
    return ts.isTypeReferenceNode(gp) || ts.isIndexedAccessTypeNode(gp) || ts.isExpressionWithTypeArguments(gp) || ts.isCallExpression(gp);
  }
  return false;
}

export function checkSource(file: string, text: string): Violation[] {
  const kind = file.endsWith('x') ? ts.ScriptKind.TSX : file.endsWith('.js') || file.endsWith('.mjs') ? ts.ScriptKind.JS : ts.ScriptKind.TS;
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, kind);
  const out: Violation[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
      const line = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
      if (NAMES.has(node.text) && !allowedPlace(node)) {
        out.push({ file, line, text: node.text, why: 'contract name outside an invoke/on/emit argument, key, index or type argument' });
      }
      if (/^atelier:/.test(node.text) && path.resolve(file) !== CHANNELS) {
        out.push({ file, line, text: node.text, why: 'IPC channel name outside main/electron/channels.ts' });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

function sourceFiles(dir: string): string[] {
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : sourceFiles(p);
    return /\.(ts|tsx|mts|cts|js|mjs|cjs)$/.test(e.name) && !e.name.endsWith('.d.ts') ? [p] : [];
  });
}

describe('contract names are written once', () => {
  it('the checker itself flags the wrong places and accepts the typed ones', () => {
    const bad = checkSource(
      'x.ts',
      `const CH = 'library.query';
       if (name === 'work.finished') {}
       switch (e) { case 'store.changed': break; }
       ipcRenderer.invoke('atelier:invoke', 'app.info');
       send({ cmd: 'uploads.list' });`,
    );
    expect(bad.map((v) => v.text)).toEqual(['library.query', 'work.finished', 'store.changed', 'atelier:invoke', 'app.info', 'uploads.list']);
    const good = checkSource(
      'y.tsx',
      `api().invoke('library.query', {});
       client.subscribe('work.finished', () => {});
       events.on('store.changed', f); bus.emit('app.status', s);
       const h = { 'library.get': async () => x };
       const { 'app.info': info } = handlers;
       handlers['keys.set'];
       type A = Handler<'library.get'>; type B = Handlers['app.info'];
       // 'library.query' in a comment is fine
       const other = 'library'; `,
    );
    expect(good).toEqual([]);
  });

  it('holds across main/, preload/ and renderer/', () => {
    const files = SCANNED.flatMap((d) => sourceFiles(path.join(root, d))).filter(
      (f) => path.resolve(f) !== CONTRACT && !NOT_SCANNED.some((d) => path.resolve(f).startsWith(d)),
    );
    expect(files.length).toBeGreaterThan(5);
    const violations = files.flatMap((f) => checkSource(f, readFileSync(f, 'utf8')));
    const report = violations.map((v) => `${path.relative(root, v.file)}:${v.line} "${v.text}" — ${v.why}`);
    expect(report, `contract names typed outside the contract:\n${report.join('\n')}`).toEqual([]);
  });
});
