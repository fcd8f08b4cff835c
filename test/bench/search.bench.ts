/**
 * Library store benchmark (run: `npx tsx test/bench/search.bench.ts`).
 *
 * 1. 100,000 generated files through `files.upsert(fileUpdates(page))` in pages of 200 (one transaction
 *    each, FTS triggers included) → `store_upsert_files_per_s`.
 * 2. 240 offline full-text queries (common words, rare words, prefixes, two words) through
 *    `search.searchLocal` → `search_p50_ms`, `search_p95_ms`; the same MATCH expressions and
 *    ranking as a plain FTS5 statement on the same connection (every match ranked, the
 *    engine's own order: the floor) → `search_baseline_p95_ms`, `search_vs_sqlite_ratio`
 *    (ours / baseline, p95). Each query's time is the median of 3 runs (interleaved with the
 *    baseline). `search_top10_agreement`: the share of queries whose first ten results are
 *    exactly the engine's first ten, in order (goal 1.0).
 * 3. `files.query()` first page (200) for every sort field and direction →
 *    `library_query_p95_ms`, plus the cost of the library total (count) uncached.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { openStore, buildMatchQuery } from '../../main/store/index';
import { BM25 } from '../../main/store/search';
import type { LibrarySort } from '../../main/contract';
import type { StorageFile } from '../../main/api/videogen-schemas';
import { makeFile, makeQueries } from './store-corpus';
import { fileUpdates } from '../../main/workers/file-updates';

const FILES = Number(process.env['BENCH_FILES'] ?? 100_000);
const PAGE = 200;
const QUERIES = Number(process.env['BENCH_QUERIES'] ?? 240);
const REPEAT = 3;

function percentile(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
}
const fmt = (n: number): string => (n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(3));

function time(fn: () => void): number {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}
/** Process CPU ms (user + system): what the work costs when the machine is shared. */
function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

const loadStart = loadavg()[0]!;
const dir = mkdtempSync(path.join(tmpdir(), 'atelier-bench-'));
const store = openStore(path.join(dir, 'library.db'));
try {
  // 1. Insert rate (generation of the records is outside the timed part).
  let insertMs = 0;
  let insertCpu = 0;
  for (let start = 0; start < FILES; start += PAGE) {
    const page: StorageFile[] = [];
    for (let i = start; i < Math.min(FILES, start + PAGE); i++) page.push(makeFile(i));
    const c0 = cpuMs();
    insertMs += time(() => store.files.upsert(fileUpdates(page)));
    insertCpu += cpuMs() - c0;
  }
  const perS = FILES / (insertMs / 1000);
  console.log(`store_upsert_files_per_s: ${Math.round(perS)}`);
  console.log(`# ${FILES} files in ${(insertMs / 1000).toFixed(2)} s wall, ${(insertCpu / 1000).toFixed(2)} s CPU (${Math.round(FILES / (insertCpu / 1000))} files per CPU-second); pages of ${PAGE}, FTS included`);
  // A second pass of the same records (a re-sync where nothing changed).
  let resyncMs = 0;
  for (let start = 0; start < Math.min(FILES, 20_000); start += PAGE) {
    const page: StorageFile[] = [];
    for (let i = start; i < Math.min(FILES, start + PAGE); i++) page.push(makeFile(i));
    resyncMs += time(() => store.files.upsert(fileUpdates(page)));
  }
  console.log(`# unchanged re-sync: ${Math.round(Math.min(FILES, 20_000) / (resyncMs / 1000))} files/s`);

  // 2. Search, ours vs a plain FTS5 statement.
  const queries = makeQueries(QUERIES);
  // The same ranking as searchLocal, with nothing around it: the engine's own cost.
  // SQLite's own full ranking (every match scored, ties by rowid) is the floor: nothing can
  // rank the same matches with less work than the engine itself.
  const baseline = store.db.prepare(`SELECT rowid, ${BM25} FROM files_fts WHERE files_fts MATCH ? ORDER BY ${BM25}, rowid LIMIT ?`);
  const fileIdOf = store.db.prepare<[number], string>('SELECT file_id FROM files WHERE id = ?').pluck();
  for (const { q } of queries.slice(0, 20)) {
    store.search.searchLocal(q, 50);
    const m = buildMatchQuery(q);
    if (m) baseline.all(m, 50);
  }
  // Each query runs REPEAT times, alternating with the baseline; its time is the median, so
  // a scheduling hiccup on a shared machine does not count as the query's cost.
  const ours: number[] = [];
  const base: number[] = [];
  const byKind = new Map<string, number[]>();
  let hits = 0;
  // Top-10 agreement: the app's first ten results are the engine's first ten, in order.
  let agreeing = 0;
  const disagreements: string[] = [];
  const median = (v: number[]): number => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;
  for (const { kind, q } of queries) {
    const match = buildMatchQuery(q)!;
    const o: number[] = [];
    const b: number[] = [];
    for (let r = 0; r < REPEAT; r++) {
      b.push(time(() => baseline.all(match, 50)));
      let n = 0;
      o.push(
        time(() => {
          n = store.search.searchLocal(q, 50).length;
        }),
      );
      if (r === 0) hits += n;
    }
    const ourTop = store.search.searchLocal(q, 10).map((h) => h.item.fileId);
    const engineTop = (baseline.all(match, 10) as Array<{ rowid: number }>).map((row) => fileIdOf.get(row.rowid));
    if (JSON.stringify(ourTop) === JSON.stringify(engineTop)) agreeing++;
    else if (disagreements.length < 3) disagreements.push(q);
    ours.push(median(o));
    base.push(median(b));
    byKind.set(kind, [...(byKind.get(kind) ?? []), median(o)]);
  }
  const p95 = percentile(ours, 95);
  const b95 = percentile(base, 95);
  console.log(`search_p50_ms: ${fmt(percentile(ours, 50))}`);
  console.log(`search_p95_ms: ${fmt(p95)}`);
  console.log(`search_baseline_p50_ms: ${fmt(percentile(base, 50))}`);
  console.log(`search_baseline_p95_ms: ${fmt(b95)}`);
  console.log(`search_vs_sqlite_ratio: ${(p95 / b95).toFixed(2)}`);
  console.log(`search_top10_agreement: ${(agreeing / queries.length).toFixed(3)}`);
  if (disagreements.length) console.log(`# first ten differ from the engine's for: ${disagreements.map((q) => JSON.stringify(q)).join(', ')}`);
  for (const [kind, v] of byKind) console.log(`# ${kind}: p50 ${fmt(percentile(v, 50))} ms, p95 ${fmt(percentile(v, 95))} ms, max ${fmt(Math.max(...v))} ms`);
  console.log(`# ${queries.length} queries, ${(hits / queries.length).toFixed(1)} hits on average (limit 50)`);

  // 3. Library pages.
  const sorts: LibrarySort[] = (['updated', 'created', 'name', 'size', 'duration'] as const).flatMap((field) =>
    (['asc', 'desc'] as const).map((dir) => ({ field, dir })),
  );
  const pageTimes: number[] = [];
  for (let round = 0; round < 5; round++) {
    for (const sort of sorts) pageTimes.push(time(() => store.files.query({ sort, offset: 0, limit: 200 })));
  }
  console.log(`library_query_p95_ms: ${fmt(percentile(pageTimes, 95))}`);
  const countMs = time(() => store.db.prepare('SELECT count(*) FROM files f WHERE f.archived = 0').get());
  const filteredCountMs = time(() => store.db.prepare("SELECT count(*) FROM files f WHERE f.archived = 0 AND f.type IN ('VIDEO')").get());
  const deepMs = time(() => store.files.query({ sort: { field: 'name', dir: 'asc' }, offset: FILES - 300, limit: 200 }));
  const filtered = time(() => store.files.query({ filter: { types: ['AUDIO'], origins: ['generated'] }, sort: { field: 'size', dir: 'desc' }, limit: 200 }));
  console.log(`# count(*) uncached ${fmt(countMs)} ms, filtered ${fmt(filteredCountMs)} ms; deep page (offset ${FILES - 300}) ${fmt(deepMs)} ms; filtered first page ${fmt(filtered)} ms`);

  // 4. After merging the index into one segment (what an idle-time optimize after a full sync gives).
  const optMs = time(() => store.search.optimize());
  const after = queries.map(({ q }) => median([0, 1, 2].map(() => time(() => store.search.searchLocal(q, 50)))));
  console.log(`# after search.optimize() (${fmt(optMs)} ms): search p50 ${fmt(percentile(after, 50))} ms, p95 ${fmt(percentile(after, 95))} ms`);
  console.log(`# machine load average (1 min): ${loadStart.toFixed(2)} at the start, ${loadavg()[0]!.toFixed(2)} at the end, ${cpus().length} cores`);
} finally {
  store.close();
  rmSync(dir, { recursive: true, force: true });
}
