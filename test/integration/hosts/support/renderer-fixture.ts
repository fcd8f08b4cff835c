/**
 * A throwaway built renderer for host tests (the real one lives in out/renderer once built):
 * a page whose script records what the CSP let it do.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export function writeRendererFixture(dir: string): string {
  mkdirSync(path.join(dir, 'assets'), { recursive: true });
  writeFileSync(
    path.join(dir, 'index.html'),
    `<!doctype html><html><head><meta charset="utf-8"><title>Atelier fixture</title>
<script>window.inlineRan = true;</script>
<script type="module" src="./assets/app.js"></script></head>
<body><h1>fixture</h1><img id="remote" src="https://example.invalid/x.png"></body></html>`,
  );
  writeFileSync(
    path.join(dir, 'assets', 'app.js'),
    `window.violations = [];
document.addEventListener('securitypolicyviolation', (e) => window.violations.push(e.violatedDirective));
window.appLoaded = true;
try { eval('1'); window.evalRan = true; } catch { window.evalRan = false; }
`,
  );
  writeFileSync(path.join(dir, 'assets', 'logo.svg'), '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
  return dir;
}
