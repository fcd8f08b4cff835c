/**
 * The connectivity probe: is the API host answering at all? Any HTTP answer counts (even a
 * 401: the request carries no key, so it spends nothing from the key's rate budget); only a
 * failure to connect or a timeout means offline.
 */
export async function reachable(fetchImpl: typeof fetch, baseUrl: string, timeoutMs = 5_000): Promise<boolean> {
  try {
    const res = await fetchImpl(new URL('/v1/me', baseUrl), {
      method: 'GET',
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'manual',
    });
    await res.body?.cancel().catch(() => undefined);
    return true;
  } catch {
    return false;
  }
}
