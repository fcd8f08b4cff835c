// `npm run sandbox -- --port 4010`: runs the sandbox until SIGINT / SIGTERM. With --data-dir its
// state persists (a restart on the same dir resumes it); without, every start is fresh.
import { HELP, parseCliArgs } from './cli-args';
import { startSandbox } from './index';

async function main(): Promise<void> {
  let opts;
  try {
    opts = parseCliArgs(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n\n${HELP}`);
    process.exit(2);
  }
  if (opts === 'help') {
    process.stdout.write(HELP);
    return;
  }
  const sandbox = await startSandbox(opts);
  process.stdout.write(`sandbox listening on ${sandbox.url}\n`);
  process.stderr.write(
    opts.dataDir
      ? `sandbox: state persists in ${opts.dataDir} (start again with the same --data-dir and --port to resume)\n`
      : 'sandbox: no --data-dir, so state lives in a temp dir deleted on exit\n',
  );
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`sandbox: ${signal}, shutting down\n`);
    sandbox.close().then(
      () => process.exit(0),
      (err: unknown) => {
        process.stderr.write(`sandbox: close failed: ${err instanceof Error ? err.message : String(err)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((err: unknown) => {
  process.stderr.write(`sandbox: failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
