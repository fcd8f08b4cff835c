/**
 * GET /logs: the web host's current log file as plain text, for Settings → Show logs. The file
 * is redacted as it is written; this route only reads it (the token check happened before).
 */
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendText } from './respond';

export async function serveLog(req: IncomingMessage, res: ServerResponse, file: string | null): Promise<void> {
  if (!file) {
    sendText(res, 404, 'This web host keeps no log file.');
    return;
  }
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    text = '';
  }
  const body = text || `Nothing has been logged yet (${file}).\n`;
  if (req.method === 'HEAD') {
    sendText(res, 200, '');
    return;
  }
  sendText(res, 200, body);
}
