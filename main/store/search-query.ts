/**
 * Turns what a person typed into a safe FTS5 MATCH expression. The user's text is never
 * parsed as FTS5 syntax: it is split into words, each word becomes a quoted string (inner
 * quotes doubled), and words of two or more characters get a prefix `*` so results appear
 * while typing. Words are ANDed. So `"`, `AND`, `-`, `*`, `NEAR(`, `col:` or unbalanced
 * quotes are just text. One-character words match whole words only (a one-letter prefix
 * matches most of the library and is never what was meant).
 */

export const MAX_TERMS = 12;
export const MAX_TERM_CHARS = 64;

/** Separators: everything that is not a letter, number, mark or private-use character. */
const SEPARATORS = /[^\p{L}\p{N}\p{M}\p{Co}]+/u;

export function tokenize(input: string): string[] {
  const terms: string[] = [];
  const seen = new Set<string>();
  for (const raw of input.normalize('NFC').split(SEPARATORS)) {
    if (raw === '') continue;
    const term = [...raw].slice(0, MAX_TERM_CHARS).join('');
    const key = term.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    terms.push(term);
    if (terms.length === MAX_TERMS) break;
  }
  return terms;
}

/** The MATCH expression, or null when the input has no searchable word. */
export function buildMatchQuery(input: string): string | null {
  const terms = tokenize(input);
  if (terms.length === 0) return null;
  return terms.map((t) => `"${t.replaceAll('"', '""')}"${[...t].length >= 2 ? '*' : ''}`).join(' ');
}
