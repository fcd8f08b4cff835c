/**
 * Start everything `npm run web` needs: keys, (optionally) the local sandbox, the core and
 * the web host; print the one line with the URL; stop it all on SIGINT/SIGTERM.
 */
import path from 'node:path';
import nodeLog from 'electron-log/node';
import { createCore } from '../core/create-core';
import { logFilePath, setUpLogging } from '../host/logging';
import { prepareApiTarget } from '../host/api-target';
import type { HostSettings } from '../host/args';
import { mediaOriginsFor } from '../host/csp';
import { defaultDataDir } from '../host/data-dir';
import { redactSecrets } from '../kernel/redact';
import { createWebKeyStorage } from './key-storage';
import { startWebHost, type WebHost } from './index';

export interface RunningWebHost {
  host: WebHost;
  sandbox: boolean;
  /** The folder the core uses (the sandbox profile under --sandbox). */
  dataDir: string;
  stop(): Promise<void>;
}

export interface RunWebOptions {
  settings: HostSettings;
  env?: NodeJS.ProcessEnv;
  /** Where the URL line goes (default stdout). */
  print?: (line: string) => void;
  rendererDir?: string;
  /** The log file the caller set up (see host/logging.ts); served for Settings → Show logs. */
  logFile?: string;
}

export function urlLine(url: string): string {
  return `atelier web host: ${url}`;
}

/**
 * The web host's log file (`<data folder>/logs/atelier.log`), set up for this process: console
 * output goes through it, redacted. Called by the entry points (`npm run web`, `npm start`),
 * never by tests that embed the host.
 */
export function startWebLogging(settings: Pick<HostSettings, 'dataDir'>, env: NodeJS.ProcessEnv = process.env): string {
  const dataDir = path.resolve(settings.dataDir ?? defaultDataDir(env));
  const { file } = setUpLogging(nodeLog, { file: logFilePath(dataDir), redact: redactSecrets, captureConsole: true });
  console.info(`[atelier] web host starting (data folder ${dataDir}, Node ${process.version}, ${process.platform}-${process.arch})`);
  return file;
}

export async function runWebHost(opts: RunWebOptions): Promise<RunningWebHost> {
  const env = opts.env ?? process.env;
  // Straight to stdout: the console is redacted (logging.ts), and this line must carry its token.
  const print = opts.print ?? ((line: string) => void process.stdout.write(`${line}\n`));
  const { settings } = opts;
  const dataDir = path.resolve(settings.dataDir ?? defaultDataDir(env));
  const target = await prepareApiTarget(settings, dataDir, env, () => createWebKeyStorage(dataDir));

  let host: WebHost;
  try {
    host = await startWebHost({
      port: settings.port,
      ...(opts.rendererDir ? { rendererDir: opts.rendererDir } : {}),
      ...(opts.logFile ? { logFile: opts.logFile } : {}),
      mediaOrigins: mediaOriginsFor(target.videogenBaseUrl, settings.mediaOrigins),
      core: (seam) =>
        createCore({
          ...seam,
          dataDir: target.coreDataDir,
          secrets: target.secrets,
          sandbox: target.sandbox,
          ...(target.videogenBaseUrl ? { videogenBaseUrl: target.videogenBaseUrl } : {}),
          ...(target.syncBaseUrl ? { syncBaseUrl: target.syncBaseUrl } : {}),
        }),
    });
  } catch (err) {
    await target.close();
    throw err;
  }
  print(urlLine(host.url));

  let stopping: Promise<void> | null = null;
  return {
    host,
    sandbox: target.sandbox,
    dataDir: target.coreDataDir,
    stop() {
      stopping ??= (async () => {
        await host.close();
        await target.close();
      })();
      return stopping;
    },
  };
}

/** Stop cleanly on Ctrl-C / SIGTERM; a second signal exits at once. */
export function stopOnSignals(running: { stop(): Promise<void> }): void {
  let stopping = false;
  const onSignal = () => {
    if (stopping) process.exit(130);
    stopping = true;
    running.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(`Atelier did not stop cleanly: ${err instanceof Error ? err.message : String(err)}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}
