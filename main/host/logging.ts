/**
 * The log file both hosts write: `<data folder>/logs/atelier.log`, rotated at 2 MB into
 * atelier.1.log … atelier.3.log, readable by this user only, and redacted (keys, bearer
 * tokens, signed URL parameters) before anything reaches the file or the terminal.
 *
 * The logger is electron-log (its Node flavour in the web host, its main-process flavour in
 * Electron); this module only configures it, so it stays plain Node. Everything the app
 * already writes with console.* goes through it.
 */
import { chmodSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { format } from 'node:util';
import type { LogMessage, NodeLogger } from 'electron-log';

export const LOG_FILE_NAME = 'atelier.log';
const DEFAULT_MAX_BYTES = 2 * 1024 * 1024;
const DEFAULT_KEEP = 3;

export function logFilePath(dataDir: string): string {
  return path.join(dataDir, 'logs', LOG_FILE_NAME);
}

/** atelier.log → atelier.1.log → … → atelier.<keep>.log; the oldest is dropped. */
export function rotateLogs(file: string, keep = DEFAULT_KEEP): void {
  const { dir, name, ext } = path.parse(file);
  const numbered = (n: number) => path.join(dir, `${name}.${n}${ext}`);
  rmSync(numbered(keep), { force: true });
  for (let n = keep - 1; n >= 1; n--) if (existsSync(numbered(n))) renameSync(numbered(n), numbered(n + 1));
  if (existsSync(file)) renameSync(file, numbered(1));
}

export interface LoggingOptions {
  file: string;
  redact: (text: string) => string;
  maxBytes?: number;
  keep?: number;
  /** Route console.* through the logger (the hosts' entry points do; tests need not). */
  captureConsole?: boolean;
}

/** The subset of electron-log's API both flavours share. */
export type Logger = Pick<NodeLogger, 'transports' | 'hooks' | 'functions'>;

export function setUpLogging(log: Logger, opts: LoggingOptions): { file: string } {
  const file = path.resolve(opts.file);
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const keep = opts.keep ?? DEFAULT_KEEP;

  const ft = log.transports.file;
  ft.resolvePathFn = () => file;
  ft.maxSize = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  ft.format = '[{y}-{m}-{d} {h}:{i}:{s}.{ms}] [{level}] {text}';
  ft.writeOptions = { flag: 'a', mode: 0o600, encoding: 'utf8' };
  ft.archiveLogFn = (old) => rotateLogs(old.toString(), keep);
  // The terminal keeps plain lines (tests and people read "atelier web host: <url>" there).
  log.transports.console.format = '{text}';

  // One string per message, redacted, whatever was logged (errors and objects included).
  log.hooks.push((message: LogMessage) => ({ ...message, data: [opts.redact(format(...message.data))] }));

  if (opts.captureConsole) {
    // electron-log's console transport keeps the original console functions for itself.
    Object.assign(console, {
      log: log.functions.info,
      info: log.functions.info,
      warn: log.functions.warn,
      error: log.functions.error,
      debug: log.functions.debug,
    });
    // Recorded on the way down; the process still ends as it would have (no handler swallows it).
    process.on('uncaughtExceptionMonitor', (err, origin) => log.functions.error(`[atelier] ${origin}:`, err));
  }
  try {
    if (existsSync(file)) chmodSync(file, 0o600);
  } catch {
    // not ours to fix (e.g. a read-only folder); writes will report it
  }
  return { file };
}
