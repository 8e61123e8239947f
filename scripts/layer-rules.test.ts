import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';

// The snippets are files no tsconfig has seen; the import rules need no type information.
const eslint = new ESLint({ cwd: process.cwd(), overrideConfig: tseslint.configs.disableTypeChecked });

/** Lints a snippet as if it were the file at `filePath` and returns the import-rule messages. */
async function layerErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((message) => message.ruleId === '@typescript-eslint/no-restricted-imports').map((message) => message.message);
}

describe('the layer rules of DESIGN §1 fail the lint', () => {
  it.each([
    ['src/core/example.ts', "import { app } from 'electron';\nexport const x = app;\n", 'src/core is the engine'],
    ['src/renderer/example.ts', "import { readFile } from 'node:fs';\nexport const x = readFile;\n", 'src/renderer is a web app'],
    ['src/renderer/example.ts', "import { openDatabase } from '../core/store/database';\nexport const x = openDatabase;\n", 'src/renderer is a web app'],
    ['src/shared/example.ts', "import { join } from 'node:path';\nexport const x = join;\n", 'src/shared is pure TypeScript'],
    [
      'src/runner/example.ts',
      "import { createEngine } from '../core/create-engine';\nexport const x = createEngine;\n",
      'The runner talks to its supervisor only',
    ],
    ['src/server/example.ts', "import { BrowserWindow } from 'electron';\nexport const x = BrowserWindow;\n", 'src/server is the headless shell'],
    ['src/main/example.ts', "import { createRoot } from 'react-dom/client';\nexport const x = createRoot;\n", 'src/main is the Electron shell'],
    ['src/testing/example.ts', "import { openDatabase } from '../core/store/database';\nexport const x = openDatabase;\n", 'src/testing holds test helpers'],
  ])('%s: %s', async (filePath, code, message) => {
    const errors = await layerErrors(filePath, code);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(message);
  });

  it.each([
    ['src/core/supervisor/example.ts', "import { createTempEngine } from '../testing/temp-engine';\nexport const x = createTempEngine;\n"],
    [
      'src/runner/agent/example.ts',
      "import { startFakeResponsesServer } from '../../testing/fake-responses-server';\nexport const x = startFakeResponsesServer;\n",
    ],
    ['src/server/cli/example.ts', "import { startFakeLlm } from './testing/fake';\nexport const x = startFakeLlm;\n"],
  ])('shipping code may not import test helpers: %s', async (filePath, code) => {
    const errors = await layerErrors(filePath, code);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('Test helpers (testing/ folders) are for tests only');
  });

  it('tests and test helpers may import test helpers, and the layer rules still hold for them', async () => {
    const helper = "import { createTempEngine } from '../testing/temp-engine';\nexport const x = createTempEngine;\n";
    expect(await layerErrors('src/core/supervisor/example.test.ts', helper)).toEqual([]);
    expect(await layerErrors('src/core/testing/example.ts', "import { waitUntil } from './wait-until';\nexport const x = waitUntil;\n")).toEqual([]);
    const [crossing] = await layerErrors(
      'src/runner/agent/example.test.ts',
      "import { createTempEngine } from '../../core/testing/temp-engine';\nexport const x = createTempEngine;\n",
    );
    expect(crossing).toContain('The runner talks to its supervisor only');
  });

  it('allows what the matrix allows', async () => {
    expect(
      await layerErrors('src/core/example.ts', "import { join } from 'node:path';\nimport { Run } from '../shared/records';\nexport const x = [join, Run];\n"),
    ).toEqual([]);
    expect(
      await layerErrors(
        'src/main/example.ts',
        "import { app } from 'electron';\nimport { createEngine } from '../core/create-engine';\nexport const x = [app, createEngine];\n",
      ),
    ).toEqual([]);
    expect(
      await layerErrors(
        'src/runner/example.test.ts',
        "import { createServer } from 'node:http';\nimport { startFakeResponsesServer } from '../testing/fake-responses-server';\nexport const x = [createServer, startFakeResponsesServer];\n",
      ),
    ).toEqual([]);
  });
});
