// Typed query-string parameters. Problems are reported through a callback so each API family
// can answer in its own error format.

export type QueryProblem = (field: string, problem: string) => Error;

/** An absent parameter takes the default; a present one, even empty (`?limit=`), must be valid. */
export function intParam(query: URLSearchParams, name: string, def: number, min: number, max: number, fail: QueryProblem): number {
  const raw = query.get(name);
  if (raw === null) return def;
  if (raw === '') throw fail(name, `must be an integer between ${min} and ${max}, got an empty value`);
  if (!/^-?\d+$/.test(raw)) throw fail(name, `must be an integer, got "${raw}"`);
  const v = Number(raw);
  if (v < min || v > max) throw fail(name, `must be between ${min} and ${max}, got ${v}`);
  return v;
}

export function boolParam(query: URLSearchParams, name: string, def: boolean, fail: QueryProblem): boolean {
  const raw = query.get(name);
  if (raw === null || raw === '') return def;
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  throw fail(name, `must be true or false, got "${raw}"`);
}

/** Values of a list parameter given repeated, comma-separated, or as a JSON array string. */
export function listParam(query: URLSearchParams, name: string): string[] {
  const out: string[] = [];
  for (const raw of query.getAll(name)) {
    const text = raw.trim();
    if (text.startsWith('[')) {
      try {
        const arr = JSON.parse(text) as unknown;
        if (Array.isArray(arr)) {
          for (const v of arr) if (typeof v === 'string' && v.trim()) out.push(v.trim());
          continue;
        }
      } catch {
        // fall through to comma splitting
      }
    }
    for (const part of text.split(',')) if (part.trim()) out.push(part.trim());
  }
  return out;
}
