/**
 * electron-vite 6 build: `npm run build` = `electron-vite build -c main/electron/electron.vite.config.ts`.
 *
 *   main     main/electron/main.ts → out/main/index.js   (ESM; dependencies stay external,
 *                                                        better-sqlite3 above all: native)
 *            main/workers/sync-writer.worker.ts → out/main/sync-writer.js (the library sync's
 *                                                        writer thread, started by index.js)
 *   preload  preload/index.ts      → out/preload/index.cjs (CommonJS and fully bundled: a
 *                                                        sandboxed preload can only require 'electron')
 *   renderer renderer/index.html   → out/renderer/        (React; relative asset paths, served by
 *                                                        the app protocol and the web host alike)
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';

const root = fileURLToPath(new URL('../..', import.meta.url));
const at = (p: string) => path.resolve(root, p);

export default defineConfig({
  main: {
    build: {
      outDir: at('out/main'),
      externalizeDeps: true,
      rolldownOptions: {
        // The library sync's writer runs on a worker thread from an entry of its own.
        input: { index: at('main/electron/main.ts'), 'sync-writer': at('main/workers/sync-writer.worker.ts') },
        external: ['better-sqlite3', /^better-sqlite3\//],
      },
    },
  },
  preload: {
    build: {
      outDir: at('out/preload'),
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: at('preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: at('renderer'),
    plugins: [react()],
    build: {
      outDir: at('out/renderer'),
      emptyOutDir: true,
      minify: true,
      rolldownOptions: { input: { index: at('renderer/index.html') } },
    },
  },
});
