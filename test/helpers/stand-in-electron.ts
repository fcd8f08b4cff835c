/**
 * Stand-ins for what a networked machine has and this one does not: an Electron executable
 * (ELECTRON_OVERRIDE_DIST_PATH points at its folder) and a download mirror serving
 * better-sqlite3's prebuilt binary for the Electron runtime.
 *
 * The stand-in Electron:
 *  - run as Node (ELECTRON_RUN_AS_NODE=1, the SQLite check): succeeds only for a binding that
 *    carries STAND_IN_MARK, and otherwise fails the way Electron does for a Node build;
 *  - launched as the app: writes its arguments and environment to $STAND_IN_RECORD.{args,env}.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

export const STAND_IN_MARK = 'STAND-IN BETTER-SQLITE3 BUILT FOR ELECTRON';

export function makeStandInElectron(dir: string): string {
  mkdirSync(dir, { recursive: true });
  const exe = path.join(dir, 'electron');
  writeFileSync(
    exe,
    `#!/bin/sh
if [ "$ELECTRON_RUN_AS_NODE" = "1" ]; then
  if grep -q "${STAND_IN_MARK}" "$ATELIER_VERIFY_BINDING" 2>/dev/null; then echo "sqlite 3.53.0"; exit 0; fi
  echo "Error: The module '$ATELIER_VERIFY_BINDING' was compiled against a different Node.js version using NODE_MODULE_VERSION 115. This version of Node.js requires NODE_MODULE_VERSION 140." >&2
  exit 1
fi
if [ -n "$STAND_IN_RECORD" ]; then
  for a in "$@"; do printf '%s\\n' "$a"; done > "$STAND_IN_RECORD.args"
  env > "$STAND_IN_RECORD.env"
fi
exit 0
`,
  );
  chmodSync(exe, 0o755);
  return dir;
}

export interface PrebuiltMirror {
  /** For npm_config_better_sqlite3_binary_host. */
  url: string;
  /** Paths requested so far. */
  hits: string[];
  close(): Promise<void>;
}

/**
 * Serves `<tag>/better-sqlite3-v<version>-electron-v<abi>-<platform>-<arch>.tar.gz` the way
 * prebuild-install asks for it (any file name under the version's folder gets the tarball),
 * holding build/Release/better_sqlite3.node with STAND_IN_MARK inside. `serve: false` answers 404.
 */
export async function startPrebuiltMirror(workDir: string, opts: { serve?: boolean } = {}): Promise<PrebuiltMirror> {
  const src = path.join(workDir, 'tarball-src');
  mkdirSync(path.join(src, 'build', 'Release'), { recursive: true });
  writeFileSync(path.join(src, 'build', 'Release', 'better_sqlite3.node'), `\x7fELF ${STAND_IN_MARK}\n`);
  const tarball = path.join(workDir, 'prebuilt.tar.gz');
  execFileSync('tar', ['-czf', tarball, '-C', src, 'build']);
  const body = readFileSync(tarball);
  const hits: string[] = [];
  const server = createServer((req, res) => {
    hits.push(req.url ?? '');
    if (opts.serve === false || !/\/better-sqlite3-v[\d.]+-electron-v\d+-[a-z0-9]+-[a-z0-9]+\.tar\.gz$/.test(req.url ?? '')) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'Content-Type': 'application/gzip', 'Content-Length': body.length }).end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    hits,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

/** A local port nothing listens on (connections are refused at once). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

/** Environment that keeps the real build tools off the network and out of the person's caches. */
export async function offlineBuildEnv(workDir: string, mirror: PrebuiltMirror): Promise<NodeJS.ProcessEnv> {
  return {
    // prebuild-install: download from the mirror (never GitHub), cache downloads in the temp folder
    npm_config_better_sqlite3_binary_host: mirror.url,
    npm_config_cache: path.join(workDir, 'npm-cache'),
    // node-gyp (the compile fallback): Electron's headers from a port nobody listens on
    ATELIER_ELECTRON_HEADERS_URL: `http://127.0.0.1:${await closedPort()}`,
    npm_config_devdir: path.join(workDir, 'gyp'),
    ATELIER_CACHE_DIR: path.join(workDir, 'cache'),
  };
}
