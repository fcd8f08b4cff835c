/**
 * Child process for crash.test.ts: writes batches to a library, each batch (files of many
 * pages + an upload + the sync cursor) in one transaction, and says on stdout when a batch
 * begins and when it has committed. The parent kills it with SIGKILL mid-batch.
 */
import { openStore } from '../../../main/store/index';
import { makeFiles } from '../../bench/store-corpus';
import { fileUpdates } from '../../../main/workers/file-updates';

const [file, batchSizeArg] = process.argv.slice(2);
if (!file) throw new Error('usage: crash-child <library.db> [batchSize]');
const batchSize = Number(batchSizeArg ?? 10_000);
const store = openStore(file);
store.librarySync.begin('full', 1_000_000_000);

// One set of records, renamed per batch: almost no time passes between a commit and the next begin.
const template = makeFiles(batchSize, 1);
for (let k = 0; k < 1_000; k++) {
  const files = template.map((f) => ({ ...f, fileId: `${f.fileId}_${k}` }));
  process.stdout.write(`begin ${k}\n`);
  store.transaction(() => {
    for (let i = 0; i < files.length; i += 200) {
      const page = files.slice(i, i + 200);
      store.files.upsert(fileUpdates(page), { rankFrom: store.librarySync.nextRankFrom() });
      store.librarySync.savePage(`cursor-${k}-${i}`, page.length);
    }
    store.uploads.create({ path: `/batch/${k}`, name: `batch ${k}`, size: k, mtime: 0 });
  });
  process.stdout.write(`commit ${k}\n`);
}
