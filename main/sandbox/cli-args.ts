// Command-line flags of `npm run sandbox` → SandboxOptions.
import { parseArgs } from 'node:util';
import { DEFAULTS, DEFAULT_SYNC_KEY, DEFAULT_VIDEOGEN_KEY, type SandboxOptions } from './options';

export const HELP = `Usage: npm run sandbox -- [flags]

Starts a local twin of the VideoGen v1 and Sync v2 APIs on one port and prints
"sandbox listening on http://127.0.0.1:<port>" when ready. Ctrl-C (SIGINT) or SIGTERM stops it.

  --port <n>                 port to listen on (default 0 = a free port)
  --host <addr>              address to bind (default ${DEFAULTS.host})
  --videogen-key <key>       accepted VideoGen bearer key, repeatable (default ${DEFAULT_VIDEOGEN_KEY})
  --sync-key <key>           accepted Sync x-api-key, repeatable (default ${DEFAULT_SYNC_KEY})
  --data-dir <dir>           keep all state here (uploads, renders, executions, Sync, webhooks, URL
                             signing secret) and resume it when started again on the same dir;
                             use the same --port so URLs handed out earlier keep working.
                             Default: a temp dir, deleted on exit (every start is fresh)
  --seed <n>                 seed for ids, simulated retries and fault rolls (default ${DEFAULTS.seed})
  --seed-files <n>           start with n library files (default 0)
  --processing-ms <ms>       simulated upload processing time (default ${DEFAULTS.processingMs})
  --execution-ms <ms>        simulated tool execution, export and remix action time (default ${DEFAULTS.executionMs})
  --workflow-ms <ms>         simulated workflow run time (default: twice --execution-ms)
  --sync-generation-ms <ms>  simulated Sync generation time (default ${DEFAULTS.syncGenerationMs})
  --sync-concurrency <n>     Sync generations in progress per key (default ${DEFAULTS.syncConcurrency}, the Free plan)
  --upload-url-ttl-s <s>     presigned PUT lifetime (default ${DEFAULTS.uploadUrlTtlS})
  --signed-url-ttl-s <s>     media URL lifetime after hydrate (default ${DEFAULTS.signedUrlTtlS})
  --fault-5xx <share>        share 0..1 of API requests answered 5xx (default 0)
  --fault-429 <share>        share 0..1 of API requests answered 429 (default 0)
  --fault-put-reset <share>  share 0..1 of presigned PUTs reset mid-body (default 0)
  --fault-malformed-json <share>  share 0..1 of JSON responses truncated (default 0)
  --fault-insufficient-credits  the account is out of credits: VideoGen tool, workflow and remix
                             starts and text generation answer 402 insufficient_credits, Sync
                             POST /v2/generate answers 402 (default off)
  --latency-ms <ms>          latency added to API requests and PUTs (default 0)
  --rate-limit <bucket=n>    override a rate limit, repeatable (buckets: see main/sandbox/rate-limit.ts)
  --media-cache-dir <dir>    share rendered media between runs (default: inside the data dir)
  -h, --help                 show this help

Environment:
  ATELIER_FFMPEG, ATELIER_FFPROBE  the ffmpeg / ffprobe to run (default: the first on PATH, else
                                   the static binaries bundled by npm; needed from the first media job)
  Project narration is spoken by espeak-ng when it is on PATH, else it is a tone.
`;

export class UsageError extends Error {}

export function parseCliArgs(argv: string[]): SandboxOptions | 'help' {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'videogen-key': { type: 'string', multiple: true },
      'sync-key': { type: 'string', multiple: true },
      'data-dir': { type: 'string' },
      seed: { type: 'string' },
      'seed-files': { type: 'string' },
      'processing-ms': { type: 'string' },
      'execution-ms': { type: 'string' },
      'workflow-ms': { type: 'string' },
      'sync-generation-ms': { type: 'string' },
      'sync-concurrency': { type: 'string' },
      'upload-url-ttl-s': { type: 'string' },
      'signed-url-ttl-s': { type: 'string' },
      'fault-5xx': { type: 'string' },
      'fault-429': { type: 'string' },
      'fault-put-reset': { type: 'string' },
      'fault-malformed-json': { type: 'string' },
      'fault-insufficient-credits': { type: 'boolean' },
      'latency-ms': { type: 'string' },
      'rate-limit': { type: 'string', multiple: true },
      'media-cache-dir': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return 'help';
  const num = (flag: string, raw: string | undefined, max = Number.MAX_SAFE_INTEGER): number | undefined => {
    if (raw === undefined) return undefined;
    const v = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(v) || v < 0 || v > max) throw new UsageError(`--${flag} needs a number between 0 and ${max}, got "${raw}"`);
    return v;
  };
  const share = (flag: string, raw: string | undefined) => num(flag, raw, 1);
  const rateLimits: Record<string, number> = {};
  for (const entry of values['rate-limit'] ?? []) {
    const m = /^([\w.]+)=(\d+)$/.exec(entry);
    if (!m) throw new UsageError(`--rate-limit needs bucket=n, got "${entry}"`);
    rateLimits[m[1]!] = Number(m[2]);
  }
  const opts: SandboxOptions = {
    port: num('port', values.port, 65535),
    host: values.host,
    videogenKeys: values['videogen-key'],
    syncKeys: values['sync-key'],
    dataDir: values['data-dir'],
    seed: num('seed', values.seed),
    seedFiles: num('seed-files', values['seed-files']),
    processingMs: num('processing-ms', values['processing-ms']),
    executionMs: num('execution-ms', values['execution-ms']),
    workflowMs: num('workflow-ms', values['workflow-ms']),
    syncGenerationMs: num('sync-generation-ms', values['sync-generation-ms']),
    syncConcurrency: num('sync-concurrency', values['sync-concurrency']),
    uploadUrlTtlS: num('upload-url-ttl-s', values['upload-url-ttl-s']),
    signedUrlTtlS: num('signed-url-ttl-s', values['signed-url-ttl-s']),
    rateLimits,
    mediaCacheDir: values['media-cache-dir'],
    faults: {
      error5xx: share('fault-5xx', values['fault-5xx']),
      error429: share('fault-429', values['fault-429']),
      putReset: share('fault-put-reset', values['fault-put-reset']),
      malformedJson: share('fault-malformed-json', values['fault-malformed-json']),
      latencyMs: num('latency-ms', values['latency-ms']),
      insufficientCredits: values['fault-insufficient-credits'],
    },
  };
  // Drop unset keys so defaults apply.
  return JSON.parse(JSON.stringify(opts)) as SandboxOptions;
}
