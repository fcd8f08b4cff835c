/**
 * The house rules (main/README.md) are lint rules: each one fails on a violation, and the
 * imports the rules allow pass. Snippets are linted as if they were files at the given paths,
 * with the project's own config (test/config/eslint.config.js).
 */
import path from 'node:path';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../../..');
let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({ cwd: root, overrideConfigFile: path.join(root, 'test/config/eslint.config.js') });
});

/** The house-rule messages (no-restricted-imports / no-restricted-syntax) for `code` at `file`. */
async function houseRules(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return (result?.messages ?? [])
    .filter((m) => m.ruleId === 'no-restricted-imports' || m.ruleId === 'no-restricted-syntax')
    .map((m) => m.message);
}

async function fails(file: string, code: string, why: RegExp): Promise<void> {
  const messages = await houseRules(file, code);
  expect(messages, `${file}: ${code}`).not.toEqual([]);
  expect(messages.join('\n'), `${file}: ${code}`).toMatch(why);
}

async function passes(file: string, code: string): Promise<void> {
  expect(await houseRules(file, code), `${file}: ${code}`).toEqual([]);
}

describe('house rules, enforced by lint', { timeout: 60_000 }, () => {
  it("only main/electron/ and preload/ import 'electron' (static, dynamic or require)", async () => {
    const only = /Only main\/electron\/ and preload\/ may import 'electron'/;
    await fails('main/core/probe-lint.ts', "import { app } from 'electron';\nexport const a = app;\n", only);
    await fails('main/workers/probe-lint.ts', "export const load = () => import('electron');\n", only);
    await fails('main/api/probe-lint.ts', "declare const require: (m: string) => unknown;\nexport const e = require('electron');\n", only);
    await fails('main/web/probe-lint.ts', "export { app } from 'electron';\n", only);
    await fails('renderer/state/probe-lint.ts', "import { ipcRenderer } from 'electron';\nexport const i = ipcRenderer;\n", only);
    await fails('main/start-probe-lint.ts', "export const load = () => import('electron');\n", only);
    await passes('main/electron/probe-lint.ts', "import { app } from 'electron';\nexport const a = app;\n");
    await passes('preload/probe-lint.ts', "import { contextBridge } from 'electron';\nexport const c = contextBridge;\n");
  });

  it('the store imports nothing from main/api/ (not even a type)', async () => {
    const rule = /The store knows no wire types/;
    await fails('main/store/probe-lint.ts', "import type { StorageFile } from '../api/videogen-schemas';\nexport type F = StorageFile;\n", rule);
    await fails('main/store/migrations/probe-lint.ts', "import { createVideoGenClient } from '../../api/videogen';\nexport const c = createVideoGenClient;\n", rule);
    await passes('main/store/probe-lint.ts', "import type { ExecutionView } from '../contract';\nimport type { Clock } from '../kernel/clock';\nexport type V = [ExecutionView, Clock];\n");
  });

  it('main/api/ imports nothing from the store', async () => {
    await fails('main/api/probe-lint.ts', "import { openStore } from '../store';\nexport const o = openStore;\n", /The API clients never see the store/);
    await passes('main/api/probe-lint.ts', "import { toolRequestSchemas } from '../contract';\nimport { AppError } from '../kernel/errors';\nexport const x = [toolRequestSchemas, AppError];\n");
  });

  it('the sandbox imports nothing of the app', async () => {
    const rule = /The sandbox is a twin of the remote APIs and shares nothing with the app/;
    for (const target of ['api/videogen', 'store', 'workers/poller', 'core/router', 'kernel/errors', 'contract']) {
      await fails('main/sandbox/videogen/tools/probe-lint.ts', `import * as x from '../../../${target}';\nexport const y = x;\n`, rule);
    }
    await passes('main/sandbox/videogen/tools/probe-lint.ts', "import * as x from '../../errors';\nexport const y = x;\n");
  });

  it('the renderer imports nothing of main/ at run time but the tool catalogue; the contract as types', async () => {
    const runtime = /The renderer takes nothing from main\/ at run time/;
    await fails('renderer/state/probe-lint.ts', "import { createCore } from '../../main/core/create-core';\nexport const c = createCore;\n", runtime);
    await fails('renderer/state/probe-lint.ts', "import type { Store } from '../../main/store';\nexport type S = Store;\n", runtime);
    await fails('renderer/generate/probe-lint.ts', "import { toolRequestSchemas } from '../../main/contract/tools';\nexport const t = toolRequestSchemas;\n", runtime);
    await fails('renderer/state/probe-lint.ts', "import { commands } from '../../main/contract';\nexport const c = commands;\n", /Import the contract with `import type` only/);
    await passes('renderer/state/probe-lint.ts', "import type { ExecutionView } from '../../main/contract';\nexport type V = ExecutionView;\n");
    await passes('renderer/generate/probe-lint.ts', "import { TOOL_NAMES } from '../../main/contract/tool-catalog';\nexport const n = TOOL_NAMES;\n");
  });

  it('nothing below core/ imports core/', async () => {
    const rule = /Nothing below core\/ imports core\//;
    await fails('main/workers/uploads/probe-lint.ts', "import type { Services } from '../../core/services';\nexport type S = Services;\n", rule);
    await fails('main/store/probe-lint.ts', "import type { MediaKind } from '../core/types';\nexport type M = MediaKind;\n", rule);
    await fails('main/api/probe-lint.ts', "import { createRouter } from '../core/router';\nexport const r = createRouter;\n", rule);
    await fails('main/kernel/probe-lint.ts', "import type { Core } from '../core/types';\nexport type C = Core;\n", rule);
    await fails('main/contract/probe-lint.ts', "import type { Core } from '../core/types';\nexport type C = Core;\n", rule);
    await passes('main/web/probe-lint.ts', "import type { Core } from '../core/types';\nexport type C = Core;\n");
  });

  it('the rest of the plan: hosts share main/host/, preload stays out of core, the catalogue stays data', async () => {
    await fails('main/electron/probe-lint.ts', "import { startWebHost } from '../web/index';\nexport const s = startWebHost;\n", /never imports the web host/);
    await fails('main/host/probe-lint.ts', "import { startWebHost } from '../web/index';\nexport const s = startWebHost;\n", /imports neither host/);
    await fails('main/workers/probe-lint.ts', "import { parseHostArgs } from '../host/args';\nexport const p = parseHostArgs;\n", /Arrows point down/);
    await fails('preload/probe-lint.ts', "import type { Router } from '../main/core/router';\nexport type R = Router;\n", /The preload bridge uses only the contract/);
    await passes('preload/probe-lint.ts', "import type { InvokeResult } from '../main/contract';\nimport { IPC } from '../main/electron/channels';\nexport const x: [InvokeResult | null, typeof IPC] = [null, IPC];\n");
    await fails('main/kernel/probe-lint.ts', "import { commands } from '../contract';\nexport const c = commands;\n", /takes only types from the contract/);
    await passes('main/kernel/probe-lint.ts', "import type { EventName } from '../contract';\nexport type E = EventName;\n");
    await fails('main/contract/tool-catalog.ts', "import { z } from 'zod';\nexport const s = z.string();\n", /plain data the renderer bundles/);
  });
});
