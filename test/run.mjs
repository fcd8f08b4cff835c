#!/usr/bin/env node
// The one test command (`npm test`): typecheck, lint, unit + integration (vitest), and the
// end-to-end suites (Playwright in Chromium). Each stage runs even if an earlier one
// failed, and the run ends with a single line CI reads: `N passed, N failed, N skipped`.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, existsSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { ensureSystemDeps } from './system-deps.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const reports = path.join(root, 'test-results');
rmSync(reports, { recursive: true, force: true });
mkdirSync(reports, { recursive: true });

if (!ensureSystemDeps()) process.exitCode = 1;

const only = new Set(process.argv.slice(2)); // e.g. `npm test -- unit e2e`
const want = (stage) => only.size === 0 || only.has(stage);

function run(cmd, args, env = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
    child.on('close', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
    child.on('error', (err) => {
      console.error(`could not start ${cmd}: ${err.message}`);
      resolve(127);
    });
  });
}

const totals = { passed: 0, failed: 0, skipped: 0 };
const lines = [];
function record(stage, passed, failed, skipped = 0) {
  totals.passed += passed;
  totals.failed += failed;
  totals.skipped += skipped;
  lines.push(`${stage}: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
}
const bin = (name) => path.join(root, 'node_modules', '.bin', name);

if (want('typecheck')) {
  const code = await run(bin('tsc'), ['--noEmit', '-p', 'tsconfig.json']);
  record('typecheck', code === 0 ? 1 : 0, code === 0 ? 0 : 1);
}

if (want('lint')) {
  const code = await run(bin('eslint'), ['-c', 'test/config/eslint.config.js', '--max-warnings', '0', '.']);
  record('lint', code === 0 ? 1 : 0, code === 0 ? 0 : 1);
}

if (want('unit')) {
  const out = path.join(reports, 'vitest.json');
  const code = await run(bin('vitest'), [
    'run',
    '-c',
    'test/config/vitest.config.ts',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${out}`,
  ]);
  if (existsSync(out)) {
    const r = JSON.parse(readFileSync(out, 'utf8'));
    const failed = r.numFailedTests + (code !== 0 && r.numFailedTests === 0 ? 1 : 0);
    record('unit+integration', r.numPassedTests, failed, r.numPendingTests + r.numTodoTests);
  } else {
    record('unit+integration', 0, 1);
  }
}

if (want('e2e')) {
  const buildCode = await run('npm', ['run', '--silent', 'build']);
  if (buildCode !== 0) {
    record('e2e (build)', 0, 1);
  } else {
    const out = path.join(reports, 'playwright.json');
    const code = await run(bin('playwright'), ['test', '-c', 'test/config/playwright.config.ts', '--reporter=list,json'], {
      PLAYWRIGHT_JSON_OUTPUT_NAME: out,
    });
    if (existsSync(out)) {
      const s = JSON.parse(readFileSync(out, 'utf8')).stats ?? {};
      // A flaky test passed on its retry: it counts as passed, and the list reporter names it.
      const failed = (s.unexpected ?? 0) + (code !== 0 && !s.unexpected ? 1 : 0);
      record('e2e', (s.expected ?? 0) + (s.flaky ?? 0), failed, s.skipped ?? 0);
    } else {
      record('e2e', 0, 1);
    }
  }
}

console.log('');
for (const l of lines) console.log(`  ${l}`);
console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(totals.failed > 0 ? 1 : 0);
