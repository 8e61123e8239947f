import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';

const root = import.meta.dirname;

/**
 * One `npm run build` makes every bundle: the Electron main process, the runner (one process per
 * run, shared by both shells), the headless server/CLI, the preload and the renderer.
 */
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      // The runner bundles the AI SDK so a runner process loads one file instead of hundreds (DEVELOPERS.md).
      externalizeDeps: { exclude: ['ai', '@ai-sdk/provider', '@ai-sdk/provider-utils', '@ai-sdk/gateway', 'zod'] },
      rollupOptions: {
        input: {
          index: resolve(root, 'src/main/index.ts'),
          runner: resolve(root, 'src/runner/main.ts'),
          cli: resolve(root, 'src/server/cli/main.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // A sandboxed preload must be a single CommonJS file.
      rollupOptions: { input: { index: resolve(root, 'src/preload/index.ts') }, output: { format: 'cjs', entryFileNames: '[name].cjs' } },
    },
  },
  renderer: {
    root: resolve(root, 'src/renderer'),
    plugins: [react()],
    build: { outDir: resolve(root, 'out/renderer'), minify: true, rollupOptions: { input: resolve(root, 'src/renderer/index.html') } },
  },
});
