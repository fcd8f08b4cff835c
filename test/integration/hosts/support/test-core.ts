/**
 * A small core for host tests, built from real pieces (createEventBus + a full handlers
 * table): every command echoes its parsed input unless overridden. Media files and incoming
 * uploads are plain files in a temp folder. Test double: lives in test/ only.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { commandNames, type Provider } from '../../../../main/contract';
import { createEventBus } from '../../../../main/kernel/events';
import type { Core, Handlers } from '../../../../main/core/types';
import type { MediaFile, MediaKind } from '../../../../main/kernel/media';

export interface TestCore extends Core {
  dir: string;
  accepted: Array<{ tempPath: string; originalName: string }>;
  keys: Partial<Record<Provider, string>>;
  addMedia(fileId: string, kind: MediaKind, bytes: Buffer, mimeType: string): MediaFile;
  closed: boolean;
}

export async function createTestCore(overrides: Partial<Handlers> = {}): Promise<TestCore> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'atelier-testcore-'));
  const incomingDir = path.join(dir, 'incoming');
  const events = createEventBus();
  const media = new Map<string, MediaFile>();
  const keys: Partial<Record<Provider, string>> = {};
  const accepted: TestCore['accepted'] = [];

  const echo = Object.fromEntries(commandNames.map((c) => [c, async (input: unknown) => ({ echo: input })]));
  const handlers = {
    ...echo,
    'app.info': async (_i: unknown, ctx: { host: 'web' | 'electron' }) => ({
      version: '0.0.0-test',
      host: ctx.host,
      mediaBase: '/media/',
      uploadEndpoint: '/upload',
      platform: process.platform,
    }),
    'keys.set': async ({ provider, key }: { provider: Provider; key: string }) => {
      keys[provider] = key;
      return { present: true, last4: key.slice(-4), check: null, source: 'keychain' as const };
    },
    'keys.status': async () => ({
      videogen: { present: !!keys.videogen, last4: keys.videogen?.slice(-4) ?? null, check: null, source: null },
      sync: { present: !!keys.sync, last4: keys.sync?.slice(-4) ?? null, check: null, source: null },
    }),
    ...overrides,
  } as unknown as Handlers;

  const core: TestCore = {
    dir,
    accepted,
    keys,
    closed: false,
    handlers,
    events,
    lipsyncInputsDir: path.join(dir, 'lipsync', 'inputs'),
    incomingDir,
    incoming: { reserve: () => true, release: () => undefined, used: () => 0, capBytes: Number.MAX_SAFE_INTEGER },
    async media(fileId, kind) {
      return media.get(`${fileId}/${kind}`) ?? null;
    },
    incomingTarget: () => null,
    async acceptReserved() {},
    async acceptIncomingFile(tempPath, originalName) {
      accepted.push({ tempPath, originalName });
      return { uploadId: `up_${accepted.length}` };
    },
    addMedia(fileId, kind, bytes, mimeType) {
      const file = path.join(dir, 'media', `${fileId.replace(/[^A-Za-z0-9_-]/g, '_')}-${kind}`);
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, bytes);
      const entry = { path: file, size: bytes.length, mimeType };
      media.set(`${fileId}/${kind}`, entry);
      return entry;
    },
    async close() {
      core.closed = true;
    },
  };
  return core;
}

/** Deterministic bytes (so a range can be checked exactly). */
export function patternBytes(n: number): Buffer {
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++) b[i] = (i * 31 + 7) % 251;
  return b;
}
