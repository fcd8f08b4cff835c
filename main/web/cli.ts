/** `npm run web`: the web host from the command line (see args.ts for the flags). */
import { parseHostArgs, USAGE } from '../host/args';
import { runWebHost, startWebLogging, stopOnSignals } from './run';

async function main(): Promise<void> {
  const parsed = parseHostArgs(process.argv.slice(2), process.env);
  if (!parsed.ok) {
    console.error(parsed.message);
    process.exit(2);
  }
  if (parsed.settings.help) {
    console.log(USAGE);
    return;
  }
  const logFile = startWebLogging(parsed.settings);
  if (parsed.settings.sandbox) console.error('Atelier is using the local sandbox instead of the real APIs.');
  const running = await runWebHost({ settings: parsed.settings, logFile });
  stopOnSignals(running);
}

main().catch((err: unknown) => {
  console.error(`Atelier's web host could not start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
