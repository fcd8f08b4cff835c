/**
 * Every lip-sync job gets an `outputFileName` unique to its local execution, so an unknown
 * create can be recognised exactly in `GET /v2/generations` (README B2: `[A-Za-z0-9_-]`,
 * ≤ 255 characters, `.mp4` appended by Sync). A name the person chose is kept as the prefix.
 */
const MAX = 255;

export function outputNameFor(localId: string, chosen?: string): string {
  const suffix = `atelier_${localId.replace(/[^A-Za-z0-9_-]/g, '')}`;
  if (!chosen) return suffix.slice(0, MAX);
  const prefix = chosen.replace(/[^A-Za-z0-9_-]/g, '').slice(0, MAX - suffix.length - 1);
  return prefix ? `${prefix}_${suffix}` : suffix;
}

/** Does a generation's (possibly sanitised, possibly `.mp4`-suffixed) name belong to `expected`? */
export function isOurOutputName(actual: string | null | undefined, expected: string): boolean {
  if (!actual) return false;
  return actual.replace(/\.mp4$/i, '') === expected;
}

/** What a person sees: the name they chose (or none), without the suffix Atelier adds for matching. */
export function displayStemOf(outputName: string | null | undefined): string | null {
  if (!outputName) return null;
  const stem = outputName.replace(/\.mp4$/i, '').replace(/_?atelier_[A-Za-z0-9-]+$/, '');
  return stem || null;
}
