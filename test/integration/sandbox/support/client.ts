// A small JSON client over contractFetch, so every integration test checks conformance.
import type { Sandbox } from '../../../helpers/sandbox';
import { contractFetch, type ContractFetchOptions } from './contract';

export interface ApiResponse<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

export interface ApiClient {
  vg<T = Record<string, unknown>>(method: string, path: string, body?: unknown, opts?: CallOptions): Promise<ApiResponse<T>>;
  sync<T = Record<string, unknown>>(method: string, path: string, body?: unknown, opts?: CallOptions): Promise<ApiResponse<T>>;
}

export interface CallOptions extends ContractFetchOptions {
  key?: string | null;
  headers?: Record<string, string>;
  redirect?: RequestRedirect;
  /** Send this string as the body verbatim. */
  raw?: string;
}

async function call<T>(url: string, method: string, auth: Record<string, string>, body: unknown, opts: CallOptions): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { ...auth, ...opts.headers };
  let payload: string | undefined = opts.raw;
  if (body !== undefined && payload === undefined) {
    headers['Content-Type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  const res = await contractFetch(url, { method, headers, body: payload, redirect: opts.redirect ?? 'follow' }, opts);
  const text = await res.text();
  let parsed: unknown = text;
  if (text && (res.headers.get('content-type') ?? '').includes('json')) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = text;
    }
  }
  return { status: res.status, headers: res.headers, body: parsed as T };
}

export function clientFor(sandbox: Sandbox): ApiClient {
  return {
    vg(method, path, body, opts = {}) {
      const key = opts.key === undefined ? sandbox.videogenKey : opts.key;
      return call(`${sandbox.url}${path}`, method, key === null ? {} : { Authorization: `Bearer ${key}` }, body, opts);
    },
    sync(method, path, body, opts = {}) {
      const key = opts.key === undefined ? sandbox.syncKey : opts.key;
      return call(`${sandbox.url}${path}`, method, key === null ? {} : { 'x-api-key': key }, body, opts);
    },
  };
}
