// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const layers = ['shared', 'core', 'runner', 'main', 'preload', 'renderer', 'server'];
/** Relative-import patterns for every layer except the ones allowed. */
const otherLayers = (...allowed) => layers.filter((layer) => !allowed.includes(layer)).map((layer) => `**/${layer}/**`);

/** Test code: the tests themselves and the `testing/` folders of helpers they share. */
const testCode = ['**/*.test.ts', '**/*.test.tsx', '**/testing/**'];
/** Test helpers (fake model servers, temp engines) stay out of what ships: only test code imports them. */
const testHelpers = { group: ['**/testing/**'], message: 'Test helpers (testing/ folders) are for tests only: move what shipping code needs out of testing/.' };

/**
 * One folder's import rule (DESIGN §1); the message says what to do instead. Its shipping code may not import test
 * helpers either (one rule per file: a later config's patterns replace an earlier one's, so both are set together).
 */
const forbid = (files, group, message) => [
  { files, rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: [{ group, message }] }] } },
  { files, ignores: testCode, rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: [{ group, message }, testHelpers] }] } },
];

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', '.tsbuild/**', 'node_modules/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      // Typed linting: every .ts/.tsx file belongs to one of the layer tsconfigs (tsconfig.*.json, referenced from tsconfig.json).
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', { selector: 'ExportDefaultDeclaration', message: 'Use named exports (STYLE R13).' }],
      // Type-aware rules (docs/ARCHITECTURE.md "Layers"): the ones that catch real bugs here.
      // A new member of a union must be handled where the code switches over it; `default:` does not count as handling it.
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: false, requireDefaultForNonUnion: false }],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-unnecessary-type-assertion': 'error',
      // Numbers and booleans read fine in text; objects, `unknown` and `any` in a template are usually a bug. Nullish stays
      // allowed: with `noUncheckedIndexedAccess` most `string | undefined` here are always set (`url.split('?')[0]`).
      '@typescript-eslint/restrict-template-expressions': [
        'error',
        { allowNumber: true, allowBoolean: true, allowNullish: true, allowAny: false, allowRegExp: false, allowNever: false },
      ],
      '@typescript-eslint/no-base-to-string': 'error',
      '@typescript-eslint/only-throw-error': 'error',
      // `AbortSignal.reason` is typed `any`: rejecting with it passes the abort on as it came, like `throw` does.
      '@typescript-eslint/prefer-promise-reject-errors': ['error', { allowThrowingAny: true }],
      '@typescript-eslint/no-unsafe-argument': 'error',
      '@typescript-eslint/no-unsafe-assignment': 'error',
      '@typescript-eslint/no-unsafe-call': 'error',
      '@typescript-eslint/no-unsafe-member-access': 'error',
      '@typescript-eslint/no-unsafe-return': 'error',
      // `require-await` stays off: API handlers and injected interfaces are `async` on purpose so that every
      // implementation returns a promise (a throw becomes a rejection), even when this one awaits nothing.
    },
  },
  {
    // Vitest's asymmetric matchers (`expect.any`, `expect.stringContaining`, ...) are typed `any` on purpose.
    files: ['**/*.test.ts', '**/*.test.tsx'],
    rules: { '@typescript-eslint/no-unsafe-assignment': 'off' },
  },
  {
    // Not part of any tsconfig: plain JavaScript scripts and this file.
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ['*.config.ts', '*.config.js', 'eslint.config.js'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    files: ['scripts/**/*.mjs', 'bin/**/*.js', 'src/core/testing/fixtures/**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', setTimeout: 'readonly', setInterval: 'readonly' } },
  },
  ...forbid(
    ['src/shared/**'],
    ['node:*', 'electron', 'react', 'react-dom', 'zustand', 'better-sqlite3', 'ws', ...otherLayers('shared')],
    'src/shared is pure TypeScript: types and zod schemas only.',
  ),
  ...forbid(
    ['src/core/**'],
    ['electron', 'react', 'react-dom', 'zustand', ...otherLayers('shared', 'core')],
    'src/core is the engine: no Electron, no UI, no shell. Inject what you need.',
  ),
  ...forbid(
    ['src/runner/**'],
    ['electron', 'better-sqlite3', 'react', ...otherLayers('shared', 'runner')],
    'The runner talks to its supervisor only through src/shared/protocol.ts and parent-channel.ts.',
  ),
  ...forbid(
    ['src/renderer/**'],
    ['node:*', 'electron', 'better-sqlite3', 'ws', ...otherLayers('shared', 'renderer')],
    'src/renderer is a web app: reach the engine through createApiClient().',
  ),
  ...forbid(
    ['src/main/**'],
    ['react', 'react-dom', 'zustand', ...otherLayers('shared', 'core', 'main')],
    'src/main is the Electron shell: it wires core to Electron, nothing else.',
  ),
  ...forbid(
    ['src/preload/**'],
    ['node:*', 'better-sqlite3', ...otherLayers('shared', 'preload')],
    'The preload only bridges: contextBridge + ipcRenderer, and shared types.',
  ),
  ...forbid(
    ['src/testing/**'],
    ['electron', 'react', 'react-dom', 'zustand', 'better-sqlite3', ...otherLayers('shared')],
    'src/testing holds test helpers that core and runner tests share: Node and src/shared only.',
  ),
  ...forbid(
    ['src/server/**'],
    ['electron', 'react', 'react-dom', 'zustand', ...otherLayers('shared', 'core', 'server')],
    'src/server is the headless shell: core + shared only.',
  ),
);
