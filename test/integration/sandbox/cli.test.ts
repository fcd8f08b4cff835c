// `npm run sandbox` (tsx main/sandbox/cli.ts): the ready line, flags, clean shutdown on signals.
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../helpers/sandbox';

const TSX = path.join(repoRoot, 'node_modules', '.bin', 'tsx');
const CLI = path.join(repoRoot, 'main', 'sandbox', 'cli.ts');

// The sandbox process itself, with tsx as a loader rather than tsx's CLI in front of it: the
// CLI relays signals to its child and may report a relayed SIGINT as 130 whatever the child
// did, which would hide how the sandbox itself exits.
function startCli(args: string[]): Promise<{ url: string; stop(signal: NodeJS.Signals): Promise<number | null> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`no ready line within 20 s; stderr: ${err}`)), 20_000);
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /^sandbox listening on (http:\/\/127\.0\.0\.1:(\d+))\n/.exec(out);
      if (!m) return;
      clearTimeout(timer);
      resolve({
        url: m[1]!,
        stop: (signal) =>
          new Promise((done) => {
            child.once('exit', (code) => done(code));
            child.kill(signal);
          }),
      });
    });
    child.once('exit', (code) => reject(new Error(`exited early (${code}): ${err}`)));
  });
}

describe('sandbox CLI', () => {
  it('prints the ready line, honours flags, and exits cleanly on SIGTERM and SIGINT', async () => {
    const a = await startCli(['--port', '0', '--videogen-key', 'cli_key', '--seed-files', '1000', '--processing-ms', '10']);
    const me = await fetch(`${a.url}/v1/me`, { headers: { Authorization: 'Bearer cli_key' } });
    expect(me.status).toBe(200);
    const files = (await (await fetch(`${a.url}/v1/files?limit=200`, { headers: { Authorization: 'Bearer cli_key' } })).json()) as { files: unknown[]; hasMore: boolean };
    expect(files.files).toHaveLength(200);
    expect(files.hasMore).toBe(true);
    expect(await a.stop('SIGTERM')).toBe(0);

    const b = await startCli(['--port', '0', '--sync-key', 'cli_sync', '--fault-429', '1']);
    const limited = await fetch(`${b.url}/v2/models`, { headers: { 'x-api-key': 'cli_sync' } });
    expect(limited.status).toBe(429);
    expect(await b.stop('SIGINT')).toBe(0);

    const c = await startCli(['--port', '0', '--fault-insufficient-credits']);
    const broke = await fetch(`${c.url}/v1/tools/generate-music`, {
      method: 'POST',
      headers: { Authorization: 'Bearer vg_sandbox_key', 'Content-Type': 'application/json' },
      body: JSON.stringify({ prompt: 'calm piano' }),
    });
    expect(broke.status).toBe(402);
    expect(((await broke.json()) as { code: string }).code).toBe('insufficient_credits');
    expect(await c.stop('SIGTERM')).toBe(0);
  }, 60_000);

  it('documents its flags and defaults', () => {
    const help = spawnSync(TSX, [CLI, '--help'], { cwd: repoRoot, encoding: 'utf8' });
    expect(help.status).toBe(0);
    for (const flag of ['--port', '--videogen-key', '--sync-key', '--processing-ms', '--execution-ms', '--sync-generation-ms', '--fault-5xx', '--fault-429', '--fault-put-reset', '--latency-ms', '--seed-files', '--seed', '--data-dir', '--upload-url-ttl-s', '--signed-url-ttl-s', '--workflow-ms', '--fault-insufficient-credits']) {
      expect(help.stdout).toContain(flag);
    }
    expect(help.stdout).toContain('vg_sandbox_key');
    expect(help.stdout).toContain('sync_sandbox_key');
  }, 30_000);
});
