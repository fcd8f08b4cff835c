// API key checks. VideoGen: `Authorization: Bearer <key>`; Sync: `x-api-key: <key>`.
import type { IncomingMessage } from 'node:http';
import type { Principal } from './context';
import { SyncError, VideoGenError } from './errors';

export function authenticateVideoGen(req: IncomingMessage, keys: readonly string[]): Principal {
  const header = req.headers.authorization;
  if (header === undefined || header.trim() === '') {
    throw new VideoGenError(401, 'Missing API key. Send it as "Authorization: Bearer <api key>".', 'missing_api_key');
  }
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match) {
    throw new VideoGenError(401, 'API key is invalid or has been revoked. The Authorization header must be "Bearer <api key>".', 'invalid_api_key');
  }
  const key = match[1]!;
  const keyIndex = keys.indexOf(key);
  if (keyIndex < 0) throw new VideoGenError(401, 'API key is invalid or has been revoked.', 'invalid_api_key');
  return { key, keyIndex };
}

export function authenticateSync(req: IncomingMessage, keys: readonly string[]): Principal {
  const raw = req.headers['x-api-key'];
  const key = Array.isArray(raw) ? raw[0] : raw;
  if (key === undefined || key.trim() === '') throw new SyncError(401, 'Missing API key. Send it in the x-api-key header.');
  const keyIndex = keys.indexOf(key.trim());
  if (keyIndex < 0) throw new SyncError(401, 'Invalid API key');
  return { key: key.trim(), keyIndex };
}
