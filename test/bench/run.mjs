#!/usr/bin/env node
// `npm run bench`: runs every benchmark script in test/bench/ (or the ones named on the
// command line, e.g. `npm run bench -- search poller`) one after another, each in its own
// process so one's memory cannot colour another's, and ends with the collected
// `name: value` lines. The million-file benchmark takes minutes: it runs only when named
// (`npm run bench -- million`).
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const here = fileURLToPath(new URL('.', import.meta.url));
const root = path.resolve(here, '../..');
const wanted = process.argv.slice(2);
const ONLY_WHEN_NAMED = ['million'];
const scripts = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => (wanted.length === 0 ? !ONLY_WHEN_NAMED.some((w) => f.startsWith(`${w}.`)) : wanted.some((w) => f.startsWith(`${w}.`))))
  .sort();

if (scripts.length === 0) {
  console.error(`no benchmark matches ${wanted.join(', ') || '(none found)'}`);
  process.exit(1);
}

const metric = /^([a-z][a-z0-9_]*): (-?[0-9.]+(?:e[-+]?\d+)?)\s*$/;
const collected = [];
let failures = 0;
for (const script of scripts) {
  console.log(`\n== ${script}`);
  const code = await new Promise((resolve) => {
    const child = spawn(path.join(root, 'node_modules/.bin/tsx'), [path.join(here, script)], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, NODE_ENV: 'production' },
    });
    let buf = '';
    child.stdout.on('data', (chunk) => {
      process.stdout.write(chunk);
      buf += chunk;
      let nl;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        if (metric.test(line)) collected.push(line);
      }
    });
    child.on('close', (c) => resolve(c ?? 1));
  });
  if (code !== 0) {
    failures++;
    console.error(`${script} exited with ${code}`);
  }
}

console.log('\n== results');
for (const line of collected) console.log(line);
process.exit(failures ? 1 : 0);
