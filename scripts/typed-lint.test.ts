import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

/** Lints `code` as the text of a file a layer tsconfig covers, with the project's typed config; returns the rule ids. */
async function ruleIds(code: string): Promise<string[]> {
  // An existing file, so the project service finds its tsconfig; lintText only reads the text given here.
  const [result] = await eslint.lintText(code, { filePath: 'src/shared/format.ts' });
  return (result?.messages ?? []).map((message) => message.ruleId ?? message.message);
}

describe('the type-aware lint rules (docs/ARCHITECTURE.md) fail the lint', () => {
  it('refuses a switch whose default hides a union member', async () => {
    const code =
      "type Kind = 'a' | 'b';\nexport function f(kind: Kind): number {\n  switch (kind) {\n    case 'a':\n      return 1;\n    default:\n      return 2;\n  }\n}\n";
    expect(await ruleIds(code)).toEqual(['@typescript-eslint/switch-exhaustiveness-check']);
  });

  it('refuses a promise nobody awaits or catches, and an object in a template', async () => {
    const code = 'export async function g(): Promise<number> {\n  return 1;\n}\ng();\nexport const text = `${{ a: 1 }}`;\n';
    expect(await ruleIds(code)).toEqual([
      '@typescript-eslint/no-floating-promises',
      '@typescript-eslint/restrict-template-expressions',
      '@typescript-eslint/no-base-to-string',
    ]);
  });

  it('leaves an async function that awaits nothing alone (require-await is off)', async () => {
    expect(await ruleIds('export async function answer(): Promise<number> {\n  return 42;\n}\n')).toEqual([]);
  });
});
