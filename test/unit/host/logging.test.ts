/** The hosts' log file: where it goes, what it keeps out, and how it rotates. */
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import nodeLog from 'electron-log/node';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addRedactedValue, redactSecrets } from '../../../main/kernel/redact';
import { logFilePath, rotateLogs, setUpLogging } from '../../../main/host/logging';

let dir = '';
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'atelier-log-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const fresh = () => {
  const log = nodeLog.create({ logId: `t-${Math.random()}` });
  log.transports.console.level = false;
  return log;
};

describe('log file', () => {
  it('lives in the data folder, readable by this user only, and carries no keys, tokens or signatures', () => {
    const file = logFilePath(dir);
    expect(file).toBe(path.join(dir, 'logs', 'atelier.log'));
    const log = fresh();
    setUpLogging(log, { file, redact: redactSecrets });
    addRedactedValue('vg_live_0123456789abcdef');
    log.error('key check failed for vg_live_0123456789abcdef');
    log.warn('PUT https://r2.example/bucket/x?X-Amz-Signature=abc123def&X-Amz-Expires=900 failed');
    log.info(new Error('Authorization: Bearer sk_secret_value was refused'));
    log.info('fetch', { headers: { 'x-api-key': 'sync_key_987654321' } });
    const text = readFileSync(file, 'utf8');
    expect(text).toMatch(/\[error\] key check failed for \*\*\*/);
    expect(text).toContain('X-Amz-Signature=***');
    expect(text).toContain('X-Amz-Expires=900');
    for (const secret of ['vg_live_0123456789abcdef', 'abc123def', 'sk_secret_value', 'sync_key_987654321']) expect(text).not.toContain(secret);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
  });

  it('rotates at its size limit into .1 … .3 and drops the oldest', () => {
    const file = logFilePath(dir);
    const log = fresh();
    setUpLogging(log, { file, redact: (t) => t, maxBytes: 1000, keep: 3 });
    for (let i = 0; i < 60; i++) log.info(`line ${i} ${'x'.repeat(80)}`);
    for (const n of [1, 2, 3]) expect(existsSync(path.join(dir, 'logs', `atelier.${n}.log`)), `atelier.${n}.log`).toBe(true);
    expect(existsSync(path.join(dir, 'logs', 'atelier.4.log'))).toBe(false);
    expect(statSync(file).size).toBeLessThan(1200);
    expect(readFileSync(file, 'utf8')).toContain('line 59');
    expect(readFileSync(path.join(dir, 'logs', 'atelier.1.log'), 'utf8')).not.toContain('line 59');
  });

  it('rotateLogs shifts numbered files by one', () => {
    const file = path.join(dir, 'atelier.log');
    writeFileSync(file, 'now');
    writeFileSync(path.join(dir, 'atelier.1.log'), 'older');
    writeFileSync(path.join(dir, 'atelier.2.log'), 'oldest');
    rotateLogs(file, 2);
    expect(existsSync(file)).toBe(false);
    expect(readFileSync(path.join(dir, 'atelier.1.log'), 'utf8')).toBe('now');
    expect(readFileSync(path.join(dir, 'atelier.2.log'), 'utf8')).toBe('older');
    expect(existsSync(path.join(dir, 'atelier.3.log'))).toBe(false);
  });
});
