import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';

const root = import.meta.dirname;

/** `ai-sdk-<package>` for a chunk whose entry is an `@ai-sdk/*` package (the lazy provider chunks). */
function providerChunkName(facadeModuleId: string | null): string | null {
  const match = /node_modules\/@ai-sdk\/([a-z0-9-]+)\//.exec(facadeModuleId ?? '');
  return match ? `ai-sdk-${match[1]}` : null;
}

/**
 * One `npm run build` makes every bundle: the Electron main process, the runner (one process per
 * run, shared by both shells), the headless server/CLI, the preload and the renderer.
 */
export default defineConfig({
  main: {
    // The runner never loads what it never uses: zod 3 only for the one enum provider-utils imports
    // from it, the AI Gateway (and its OIDC client) only for the names `ai` imports from it.
    resolve: {
      alias: [
        { find: /^zod\/v3$/, replacement: resolve(root, 'src/runner/zod-v3-kinds.ts') },
        { find: /^@ai-sdk\/gateway$/, replacement: resolve(root, 'src/runner/ai-gateway-stub.ts') },
      ],
    },
    build: {
      outDir: 'out/main',
      // The runner bundles the AI SDK so a runner process loads a few files instead of hundreds
      // (DEVELOPERS.md). Each HTTP provider becomes a lazy chunk of its own, imported only by a run
      // that uses it, and sharing the bundled provider-utils and zod with the rest of the runner.
      // The Claude Agent SDK stays outside: it is optional at run time (a dev dependency here), loaded only by a
      // Claude Code run, and finds the `claude` binary its platform package carries next to itself.
      externalizeDeps: {
        include: ['@anthropic-ai/claude-agent-sdk'],
        // The search tools' matchers are bundled too, and web_fetch's HTML converter becomes a lazy chunk.
        exclude: [
          'ai',
          '@ai-sdk/provider',
          '@ai-sdk/provider-utils',
          '@ai-sdk/anthropic',
          '@ai-sdk/openai',
          '@ai-sdk/openai-compatible',
          'zod',
          'picomatch',
          'ignore',
          'html-to-text',
        ],
      },
      rollupOptions: {
        input: {
          index: resolve(root, 'src/main/index.ts'),
          runner: resolve(root, 'src/runner/main.ts'),
          cli: resolve(root, 'src/server/cli/main.ts'),
          // Reads a large API frame (a run bundle) in a worker thread, off the engine's event loop.
          'bundle-frame-worker': resolve(root, 'src/core/bundles/bundle-frame-worker.ts'),
        },
        // A provider's lazy chunk is named after its package (chunks/ai-sdk-openai-compatible-<hash>.js).
        output: { chunkFileNames: (chunk) => `chunks/${providerChunkName(chunk.facadeModuleId) ?? '[name]'}-[hash].js` },
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
