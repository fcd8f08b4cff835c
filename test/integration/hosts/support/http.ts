/** Raw HTTP for host tests: full control over Host, Origin and Cookie headers. */
import http from 'node:http';

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  text: string;
}

export function request(
  port: number,
  pathname: string,
  opts: { method?: string; headers?: Record<string, string>; body?: Buffer | string } = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        path: pathname,
        method: opts.method ?? 'GET',
        headers: { host: `127.0.0.1:${port}`, ...opts.headers },
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const body = Buffer.concat(chunks);
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body, text: body.toString('utf8') });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    if (opts.body !== undefined) req.end(opts.body);
    else req.end();
  });
}

/** Swap the token for the cookie the way a browser's first load does; returns the Cookie header. */
export async function login(port: number, token: string): Promise<string> {
  const r = await request(port, `/?token=${token}`);
  if (r.status !== 302) throw new Error(`login failed: ${r.status} ${r.text}`);
  const set = r.headers['set-cookie']?.[0];
  if (!set) throw new Error('no cookie set');
  return set.split(';')[0]!;
}
