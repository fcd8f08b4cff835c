/**
 * Command-line flags and environment for the hosts (`npm run web`, `npm start`, the Electron
 * main process). Pure: takes argv and env, returns settings or a message for the person.
 */
export interface HostSettings {
  /** 0 = a random free port. */
  port: number;
  /** null = the per-OS default (see data-dir.ts). */
  dataDir: string | null;
  sandbox: boolean;
  videogenUrl: string | null;
  syncUrl: string | null;
  /** Extra origins the page may load media from (ATELIER_MEDIA_ORIGINS, space or comma separated). */
  mediaOrigins: string[];
  help: boolean;
}

export const USAGE = `Usage: npm run web -- [options]

  --port <n>            Port on 127.0.0.1 (default: a random free port)
  --data-dir <path>     Where Atelier keeps its library and settings
                        (default: ATELIER_DATA_DIR, else the usual app data folder)
  --sandbox             Run against a local sandbox of the VideoGen and Sync APIs
                        (also: ATELIER_SANDBOX=1)
  --videogen-url <url>  VideoGen API base URL (also: ATELIER_VIDEOGEN_URL)
  --sync-url <url>      Sync API base URL (also: ATELIER_SYNC_URL)
  --help                Show this text

Keys come from ATELIER_VIDEOGEN_KEY / ATELIER_SYNC_KEY, or from Settings in the app.`;

export type ParseResult = { ok: true; settings: HostSettings } | { ok: false; message: string };

const VALUE_FLAGS = new Set(['--port', '--data-dir', '--videogen-url', '--sync-url']);

export function parseHostArgs(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  opts: { ignoreUnknown?: boolean } = {},
): ParseResult {
  const s: HostSettings = {
    port: 0,
    dataDir: env.ATELIER_DATA_DIR?.trim() || null,
    sandbox: env.ATELIER_SANDBOX === '1' || env.ATELIER_SANDBOX === 'true',
    videogenUrl: env.ATELIER_VIDEOGEN_URL?.trim() || null,
    syncUrl: env.ATELIER_SYNC_URL?.trim() || null,
    mediaOrigins: (env.ATELIER_MEDIA_ORIGINS ?? '').split(/[\s,]+/).filter(Boolean),
    help: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const eq = arg.indexOf('=');
    const flag = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg;
    let value: string | undefined;
    if (VALUE_FLAGS.has(flag)) {
      value = eq > 0 && arg.startsWith('--') ? arg.slice(eq + 1) : argv[++i];
      if (value === undefined || value === '') return { ok: false, message: `${flag} needs a value.\n\n${USAGE}` };
    }
    switch (flag) {
      case '--port': {
        const n = Number(value);
        if (!Number.isInteger(n) || n < 0 || n > 65535) {
          return { ok: false, message: `--port must be a whole number from 0 to 65535 (got "${value}").` };
        }
        s.port = n;
        break;
      }
      case '--data-dir':
        s.dataDir = value!;
        break;
      case '--sandbox':
        s.sandbox = true;
        break;
      case '--videogen-url':
        s.videogenUrl = value!;
        break;
      case '--sync-url':
        s.syncUrl = value!;
        break;
      case '--help':
      case '-h':
        s.help = true;
        break;
      default:
        if (!opts.ignoreUnknown) return { ok: false, message: `Unknown option "${arg}".\n\n${USAGE}` };
    }
  }
  for (const [name, url] of [
    ['--videogen-url', s.videogenUrl],
    ['--sync-url', s.syncUrl],
  ] as const) {
    if (url !== null && !isHttpUrl(url)) {
      return { ok: false, message: `${name} must be an http(s) URL (got "${url}").` };
    }
  }
  return { ok: true, settings: s };
}

function isHttpUrl(value: string): boolean {
  try {
    const u = new URL(value);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}
