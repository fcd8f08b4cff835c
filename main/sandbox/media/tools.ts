// Which ffmpeg / ffprobe the sandbox runs, in this order:
//   1. ATELIER_FFMPEG / ATELIER_FFPROBE (a path, or a command name looked up on PATH);
//   2. the first `ffmpeg` / `ffprobe` on PATH (PATHEXT on Windows);
//   3. the static binaries shipped inside the npm packages @ffmpeg-installer/ffmpeg (ffmpeg 4.1)
//      and @ffprobe-installer/ffprobe, one optional package per platform.
// The npm packages are loaded lazily (createRequire), only when 1 and 2 found nothing, so a
// machine without a binary for its platform gets a clear error at the first media job, not at
// import. Inside a packaged Electron app the binaries must be unpacked from the asar archive
// (`asarUnpack`); their path is rewritten to app.asar.unpacked accordingly.
import { accessSync, constants, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

export type MediaToolName = 'ffmpeg' | 'ffprobe';

export const MEDIA_TOOL_ENV: Record<MediaToolName, string> = { ffmpeg: 'ATELIER_FFMPEG', ffprobe: 'ATELIER_FFPROBE' };
const NPM_PACKAGE: Record<MediaToolName, string> = { ffmpeg: '@ffmpeg-installer/ffmpeg', ffprobe: '@ffprobe-installer/ffprobe' };

/** The tool could not be found anywhere; the message says what to do. */
export class MediaToolMissing extends Error {
  constructor(
    readonly tool: MediaToolName,
    detail: string,
  ) {
    super(`${missingMessage(tool)} (${detail})`);
    this.name = 'MediaToolMissing';
  }
}

export function missingMessage(tool: MediaToolName): string {
  return tool === 'ffmpeg'
    ? 'The sandbox needs ffmpeg to make media: install ffmpeg or set ATELIER_FFMPEG'
    : 'The sandbox needs ffprobe to read media: install ffmpeg (it includes ffprobe) or set ATELIER_FFPROBE';
}

export interface ResolvedTool {
  path: string;
  source: 'env' | 'path' | 'bundled';
}

export interface ResolveToolOptions {
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  /** Path of the npm-installed binary (default: required lazily from the installer package). */
  bundled?: (tool: MediaToolName) => string;
}

export function resolveMediaTool(tool: MediaToolName, opts: ResolveToolOptions = {}): ResolvedTool {
  const env = opts.env ?? process.env;
  const platform = opts.platform ?? process.platform;
  const p = platform === 'win32' ? path.win32 : path.posix;
  const variable = MEDIA_TOOL_ENV[tool];
  const explicit = env[variable]?.trim();
  if (explicit) {
    const hasDir = explicit.includes('/') || (platform === 'win32' && explicit.includes('\\'));
    const found = hasDir ? (isExecutable(explicit, platform) ? explicit : null) : findOnPath(explicit, env, platform);
    if (!found) throw new MediaToolMissing(tool, `${variable} is set to "${explicit}", which is not ${hasDir ? 'an executable file' : 'a command on PATH'}`);
    return { path: hasDir ? p.resolve(found) : found, source: 'env' };
  }
  const onPath = findOnPath(tool, env, platform);
  if (onPath) return { path: onPath, source: 'path' };
  let bundled: string;
  try {
    bundled = (opts.bundled ?? bundledBinary)(tool);
  } catch (err) {
    throw new MediaToolMissing(tool, `no ${tool} on PATH, and ${NPM_PACKAGE[tool]} has no binary for this platform: ${describe(err)}`);
  }
  return { path: unpackedFromAsar(bundled), source: 'bundled' };
}

/** A lazily resolved, memoised binary path (resolution errors are retried on the next call). */
export function lazyMediaTool(tool: MediaToolName, opts: ResolveToolOptions = {}): () => string {
  let resolved: string | null = null;
  return () => (resolved ??= resolveMediaTool(tool, opts).path);
}

/** The first executable named `command` in PATH's directories (with PATHEXT extensions on Windows). */
export function findOnPath(command: string, env: NodeJS.ProcessEnv, platform: NodeJS.Platform): string | null {
  const win = platform === 'win32';
  const p = win ? path.win32 : path.posix;
  const rawPath = env.PATH ?? (win ? (env.Path ?? env.path) : undefined) ?? '';
  const dirs = rawPath.split(win ? ';' : ':').map((d) => d.trim().replace(/^"(.*)"$/, '$1')).filter(Boolean);
  const exts = win ? ['', ...(env.PATHEXT ?? '.COM;.EXE;.BAT;.CMD').split(';').filter(Boolean)] : [''];
  for (const dir of dirs) {
    for (const ext of exts) {
      const candidate = p.join(dir, command + ext);
      if (isExecutable(candidate, platform)) return candidate;
    }
  }
  return null;
}

function isExecutable(file: string, platform: NodeJS.Platform): boolean {
  try {
    if (!statSync(file).isFile()) return false;
    if (platform !== 'win32') accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function bundledBinary(tool: MediaToolName): string {
  const required = createRequire(import.meta.url)(NPM_PACKAGE[tool]) as { path?: unknown };
  if (typeof required.path !== 'string' || !required.path) throw new Error(`${NPM_PACKAGE[tool]} exports no path`);
  return required.path;
}

/** Binaries packed into an Electron asar archive cannot be executed; electron-builder's asarUnpack puts them beside it. */
function unpackedFromAsar(file: string): string {
  return file.replace(/([\\/])app\.asar([\\/])/, '$1app.asar.unpacked$2');
}

function describe(err: unknown): string {
  // @ffmpeg-installer/ffmpeg throws plain strings.
  return err instanceof Error ? err.message : String(err);
}
