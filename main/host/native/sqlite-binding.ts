/**
 * better-sqlite3 built for Electron, prepared once per Electron version / platform / arch and
 * kept in the person's cache folder (outside node_modules, so `npm ci` does not lose it).
 *
 * `npm install` builds better-sqlite3 for Node, and every plain-Node user (tests, the web host,
 * the sandbox, benchmarks) keeps using that build. Electron refuses a `.node` built for another
 * ABI, so the desktop host loads a second build, found here and passed to the database
 * explicitly (better-sqlite3's `nativeBinding` option).
 *
 * Preparing works on a copy of the module, never on node_modules itself (a failed rebuild would
 * delete the Node build): @electron/rebuild first tries the module's own prebuilt binary for the
 * Electron runtime (prebuild-install), and compiles against Electron's headers when there is
 * none. Both need the network; where it is missing the result says why, in a sentence.
 *
 * Plain Node: no 'electron' import. The build and verify steps are parameters, so tests swap in
 * fakes and a stand-in Electron.
 */
import { createHash, randomBytes } from 'node:crypto';
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export const BINDING_FILE = 'better_sqlite3.node';
const MANIFEST_FILE = 'prepared.json';
const MODULE = 'better-sqlite3';

/** What a binding is built for. */
export interface BindingTarget {
  electronVersion: string;
  platform: NodeJS.Platform;
  arch: string;
}

export interface PreparedManifest extends BindingTarget {
  module: typeof MODULE;
  moduleVersion: string;
  sha256: string;
  bytes: number;
  /** How it was obtained: the module's prebuilt download, a compile, or (tests) a stand-in. */
  how: string;
  preparedAt: string;
}

/** Where the per-user cache lives: the OS's cache folder, or ATELIER_CACHE_DIR. */
export function cacheRoot(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home = os.homedir()): string {
  const override = env.ATELIER_CACHE_DIR?.trim();
  if (override) return path.resolve(override);
  if (platform === 'darwin') return path.join(home, 'Library', 'Caches', 'Atelier');
  if (platform === 'win32') return path.join(env.LOCALAPPDATA?.trim() || path.join(home, 'AppData', 'Local'), 'Atelier', 'Cache');
  return path.join(env.XDG_CACHE_HOME?.trim() || path.join(home, '.cache'), 'atelier');
}

/** The folder that holds every prepared native module. */
export function nativeCacheDir(root: string): string {
  return path.join(root, 'native');
}

/** The folder of one prepared binding. */
export function bindingDir(root: string, moduleVersion: string, t: BindingTarget): string {
  return path.join(nativeCacheDir(root), `${MODULE}-${moduleVersion}`, `electron-${t.electronVersion}-${t.platform}-${t.arch}`);
}

/** The installed better-sqlite3: its folder and version. */
export function installedModule(fromDir?: string): { dir: string; version: string } {
  const req = createRequire(fromDir ? path.join(fromDir, 'noop.js') : import.meta.url);
  const pkgPath = req.resolve(`${MODULE}/package.json`);
  const pkg = JSON.parse(readFileSync(pkgPath, 'utf8')) as { version: string };
  return { dir: path.dirname(pkgPath), version: pkg.version };
}

/** The Node build that `npm install` made (what every plain-Node user loads). */
export function nodeBindingPath(moduleDir = installedModule().dir): string {
  return path.join(moduleDir, 'build', 'Release', BINDING_FILE);
}

/** The Electron version pinned in package.json, as installed (read from disk: never loads the package). */
export function installedElectronVersion(fromDir?: string): string | null {
  try {
    const req = createRequire(fromDir ? path.join(fromDir, 'noop.js') : import.meta.url);
    return (JSON.parse(readFileSync(req.resolve('electron/package.json'), 'utf8')) as { version?: string }).version ?? null;
  } catch {
    return null;
  }
}

function sha256(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

/**
 * The prepared binding for this target, if the cache holds an intact one (the manifest matches
 * the target and the file's hash), else null.
 */
export function findPreparedBinding(root: string, moduleVersion: string, target: BindingTarget): string | null {
  const dir = bindingDir(root, moduleVersion, target);
  const file = path.join(dir, BINDING_FILE);
  try {
    const m = JSON.parse(readFileSync(path.join(dir, MANIFEST_FILE), 'utf8')) as Partial<PreparedManifest>;
    if (
      m.module !== MODULE ||
      m.moduleVersion !== moduleVersion ||
      m.electronVersion !== target.electronVersion ||
      m.platform !== target.platform ||
      m.arch !== target.arch
    ) {
      return null;
    }
    return existsSync(file) && sha256(file) === m.sha256 ? file : null;
  } catch {
    return null;
  }
}

/** Builds better-sqlite3 for Electron inside `moduleDir` (a copy), leaving `build/Release/better_sqlite3.node`. */
export type BuildStep = (job: BuildJob) => Promise<{ how: string }>;
export interface BuildJob extends BindingTarget {
  /** The staging app folder (holds package.json and node_modules/better-sqlite3). */
  appDir: string;
  /** The copy of better-sqlite3 to build in. */
  moduleDir: string;
  /** Where the step's own output goes (kept for a person to read when it fails). */
  logFile: string;
  signal: AbortSignal;
}

/** Loads a binding with the real (or stand-in) Electron runtime: null when it opens a database, else why not. */
export type VerifyStep = (bindingPath: string, moduleDir: string, signal: AbortSignal) => Promise<string | null>;

export interface PrepareOptions extends BindingTarget {
  cacheRoot: string;
  /** The installed better-sqlite3 (the copy is made from it). */
  module?: { dir: string; version: string };
  build?: BuildStep;
  /** Skipped when null (e.g. packaging for another platform). */
  verify?: VerifyStep | null;
  /** Progress lines for the person ("Preparing SQLite for Electron 45…"). */
  say?: (line: string) => void;
  /** Total time allowed (default 10 minutes: a compile of SQLite on a slow machine). */
  timeoutMs?: number;
}

export type PrepareResult =
  | { ok: true; path: string; prepared: boolean }
  | { ok: false; reason: string; logFile: string | null };

/**
 * The Electron build of better-sqlite3 for this target: from the cache, or prepared now (once)
 * and cached. Never touches the installed module; never throws.
 */
export async function ensureElectronBinding(opts: PrepareOptions): Promise<PrepareResult> {
  const mod = opts.module ?? installedModule();
  const target: BindingTarget = { electronVersion: opts.electronVersion, platform: opts.platform, arch: opts.arch };
  const cached = findPreparedBinding(opts.cacheRoot, mod.version, target);
  if (cached) return { ok: true, path: cached, prepared: false };

  const finalDir = bindingDir(opts.cacheRoot, mod.version, target);
  const logFile = path.join(nativeCacheDir(opts.cacheRoot), `prepare-electron-${target.electronVersion}-${target.platform}-${target.arch}.log`);
  // Staging sits inside node_modules/.cache so the build tools find their helpers
  // (prebuild-install, node-gyp) by walking up from the copy, as they would in a real app.
  const stage = path.join(path.dirname(mod.dir), '.cache', 'atelier-native', `stage-${process.pid}-${randomBytes(4).toString('hex')}`);
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), opts.timeoutMs ?? 600_000);
  try {
    mkdirSync(path.dirname(logFile), { recursive: true });
    writeFileSync(logFile, `Preparing ${MODULE} ${mod.version} for Electron ${target.electronVersion} (${target.platform}-${target.arch}) at ${new Date().toISOString()}\n`);
    const moduleDir = copyModule(mod.dir, stage, mod.version);
    opts.say?.(`Preparing SQLite for Electron ${target.electronVersion} (once per Electron version; this can take a minute)…`);
    const build = opts.build ?? electronRebuild();
    let how: string;
    try {
      ({ how } = await build({ ...target, appDir: stage, moduleDir, logFile, signal: controller.signal }));
    } catch (err) {
      const why = controller.signal.aborted ? 'it took too long' : explainBuildFailure(err instanceof Error ? err.message : String(err));
      return { ok: false, reason: `no prebuilt build could be downloaded and none could be compiled (${why})`, logFile };
    }
    const built = path.join(moduleDir, 'build', 'Release', BINDING_FILE);
    if (!existsSync(built)) {
      return { ok: false, reason: `the build step finished without producing ${BINDING_FILE}`, logFile };
    }
    const nodeBuild = nodeBindingPath(mod.dir);
    if (existsSync(nodeBuild) && sha256(nodeBuild) === sha256(built)) {
      return { ok: false, reason: "the build step produced Node's build instead of one for Electron (it compiled against Node's headers)", logFile };
    }
    if (opts.verify) {
      const problem = await opts.verify(built, moduleDir, controller.signal);
      if (problem) return { ok: false, reason: `the SQLite module built for Electron ${target.electronVersion} does not load in it (${problem})`, logFile };
    }
    const file = commitToCache(built, finalDir, { module: MODULE, moduleVersion: mod.version, ...target, how });
    return { ok: true, path: file, prepared: true };
  } catch (err) {
    return { ok: false, reason: firstLine(err), logFile: existsSync(logFile) ? logFile : null };
  } finally {
    clearTimeout(timer);
    rmSync(stage, { recursive: true, force: true });
  }
}

/** Copies the installed module (sources, no build output) into a staging app folder. */
function copyModule(from: string, stage: string, version: string): string {
  const moduleDir = path.join(stage, 'node_modules', MODULE);
  mkdirSync(path.dirname(moduleDir), { recursive: true });
  writeFileSync(
    path.join(stage, 'package.json'),
    JSON.stringify({ name: 'atelier-native-stage', version: '0.0.0', private: true, dependencies: { [MODULE]: version } }),
  );
  const skip = new Set(['build', 'node_modules', 'prebuilds'].map((d) => path.join(from, d)));
  cpSync(from, moduleDir, { recursive: true, filter: (src) => !skip.has(src) });
  return moduleDir;
}

/** Writes the binding and its manifest next to each other, then renames the folder into place. */
function commitToCache(built: string, finalDir: string, meta: Omit<PreparedManifest, 'sha256' | 'bytes' | 'preparedAt'>): string {
  const tmp = `${finalDir}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  mkdirSync(tmp, { recursive: true });
  const bytes = readFileSync(built);
  writeFileSync(path.join(tmp, BINDING_FILE), bytes);
  const manifest: PreparedManifest = {
    ...meta,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    bytes: bytes.length,
    preparedAt: new Date().toISOString(),
  };
  writeFileSync(path.join(tmp, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
  rmSync(finalDir, { recursive: true, force: true });
  try {
    renameSync(tmp, finalDir);
  } catch (err) {
    // Another start prepared the same binding at the same moment: keep theirs.
    rmSync(tmp, { recursive: true, force: true });
    if (!existsSync(path.join(finalDir, BINDING_FILE))) throw err;
  }
  return path.join(finalDir, BINDING_FILE);
}

function firstLine(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  const line = text.split('\n').map((l) => l.trim()).find(Boolean) ?? 'unknown error';
  return line.length > 200 ? `${line.slice(0, 197)}…` : line;
}

/**
 * One clause on why a build failed, from the tail of the build tools' output: the network, a
 * missing compiler, or the last error line they printed.
 */
export function explainBuildFailure(output: string): string {
  const host = /(?:getaddrinfo|connect)\s+(?:ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT|ENETUNREACH)\s+([\w.-]+)/i.exec(output);
  if (host) return `the network is unreachable: ${host[1]} could not be reached`;
  if (/\b(ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT|ENETUNREACH|ECONNRESET)\b|related to network connectivity/.test(output)) return 'the network is unreachable';
  if (/not found: (make|cc|c\+\+|g\+\+|clang)|could not find any Visual Studio|xcode-select|No Xcode|find Python.*not found|Could not find any Python/i.test(output)) {
    return 'no C++ build tools were found to compile it';
  }
  const lines = output.split('\n').map((l) => l.trim()).filter(Boolean);
  const telling = [...lines].reverse().find((l) => /error|fail|404|not found/i.test(l)) ?? lines.at(-1) ?? 'unknown error';
  return telling.length > 200 ? `${telling.slice(0, 197)}…` : telling;
}

/** Runs a child process with its output appended to the log file; rejects with the last lines on failure. */
export function runLogged(
  command: string,
  args: readonly string[],
  opts: { cwd: string; env: NodeJS.ProcessEnv; logFile: string; signal: AbortSignal },
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: opts.cwd, env: opts.env, stdio: ['ignore', 'pipe', 'pipe'], signal: opts.signal });
    let tail = '';
    const collect = (chunk: Buffer) => {
      const text = chunk.toString();
      tail = (tail + text).slice(-4000);
      try {
        writeFileSync(opts.logFile, text, { flag: 'a' });
      } catch {
        // the log is a courtesy; the result does not depend on it
      }
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('error', (err) => reject(err));
    child.on('close', (code, signal) => {
      if (code === 0) return resolve(tail);
      reject(new Error(tail.trim() || `exited with ${signal ?? code}`));
    });
  });
}

/** The script the build child runs: @electron/rebuild, imported by its absolute URL. */
function rebuildScript(rebuildUrl: string): string {
  return `import { rebuild } from ${JSON.stringify(rebuildUrl)};
const job = JSON.parse(process.env.ATELIER_REBUILD_JOB);
await rebuild({
  buildPath: job.appDir,
  electronVersion: job.electronVersion,
  platform: job.platform,
  arch: job.arch,
  onlyModules: ['better-sqlite3'],
  force: true,
  mode: 'sequential',
  ...(job.headerURL ? { headerURL: job.headerURL } : {}),
});
`;
}

/**
 * The real build step: @electron/rebuild on the staged copy, in a child process (so a hang is
 * bounded and a crash stays contained). It tries the module's prebuilt binary for Electron
 * first and compiles from source when there is none. ATELIER_ELECTRON_HEADERS_URL points the
 * compile at a headers mirror; prebuild-install's own `npm_config_better_sqlite3_binary_host`
 * points the download at a binaries mirror.
 *
 * The script is a file, not `-e`: @electron/rebuild starts node-gyp with this process's flags.
 */
export function electronRebuild(baseEnv: NodeJS.ProcessEnv = process.env): BuildStep {
  return async (job) => {
    const env: NodeJS.ProcessEnv = {
      ...baseEnv,
      ATELIER_REBUILD_JOB: JSON.stringify({
        appDir: job.appDir,
        electronVersion: job.electronVersion,
        platform: job.platform,
        arch: job.arch,
        headerURL: baseEnv.ATELIER_ELECTRON_HEADERS_URL?.trim() || null,
      }),
      DEBUG: 'electron-rebuild',
      // `npm run -s` would silence prebuild-install's reasons in the log.
      npm_config_loglevel: 'warn',
    };
    delete env.ELECTRON_RUN_AS_NODE;
    delete env.NODE_OPTIONS;
    // A nodedir (npm config) would make node-gyp compile against Node's headers, not Electron's.
    for (const k of Object.keys(env)) if (k.toLowerCase() === 'npm_config_nodedir') delete env[k];
    const rebuildEntry = createRequire(import.meta.url).resolve('@electron/rebuild');
    const script = path.join(job.appDir, 'rebuild.mjs');
    writeFileSync(script, rebuildScript(pathToFileURL(rebuildEntry).href));
    const out = await runLogged(process.execPath, [script], { cwd: job.appDir, env, logFile: job.logFile, signal: job.signal });
    return { how: /installed prebuilt module/.test(out) ? 'prebuilt' : 'compiled' };
  };
}

const VERIFY_SCRIPT = `
const Database = require(process.env.ATELIER_VERIFY_LIB);
const db = new Database(':memory:', { nativeBinding: process.env.ATELIER_VERIFY_BINDING });
const row = db.prepare('select sqlite_version() as v').get();
db.close();
process.stdout.write('sqlite ' + row.v + '\\n');
`;

/**
 * Opens an in-memory database with the binding inside the Electron runtime itself
 * (`ELECTRON_RUN_AS_NODE`: the same ABI as the app's main process).
 */
export function verifyWithElectron(electronPath: string, baseEnv: NodeJS.ProcessEnv = process.env): VerifyStep {
  return async (bindingPath, moduleDir, signal) => {
    const env: NodeJS.ProcessEnv = {
      ...baseEnv,
      ELECTRON_RUN_AS_NODE: '1',
      ATELIER_VERIFY_LIB: path.join(moduleDir, 'lib', 'index.js'),
      ATELIER_VERIFY_BINDING: bindingPath,
    };
    const log = path.join(os.tmpdir(), `atelier-verify-${process.pid}-${randomBytes(3).toString('hex')}.log`);
    try {
      const out = await runLogged(electronPath, ['-e', VERIFY_SCRIPT], { cwd: moduleDir, env, logFile: log, signal });
      return /sqlite \d/.test(out) ? null : 'it printed no SQLite version';
    } catch (err) {
      const text = err instanceof Error ? err.message : String(err);
      const abi = /NODE_MODULE_VERSION (\d+)[\s\S]*?requires[\s\S]*?NODE_MODULE_VERSION (\d+)/.exec(text);
      return abi ? `it was built for NODE_MODULE_VERSION ${abi[1]}; Electron needs ${abi[2]}` : firstLine(text);
    } finally {
      rmSync(log, { force: true });
    }
  };
}
