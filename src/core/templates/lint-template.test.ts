import { describe, expect, it } from 'vitest';
import { TEMPLATE_MAX_BYTES } from '../../shared/templates';
import { closestMatch, editDistance } from './did-you-mean';
import { type LintContext, MAX_FINDINGS_OF_A_KIND, formatFindings, lintTemplate } from './lint-template';

const context: LintContext = { providers: ['scripted', 'anthropic'] };
const lines = (...text: string[]): string => `${text.join('\n')}\n`;
/** Findings as `line:column code message`, the way a person reads them. */
const findings = (text: string, extra: Partial<LintContext> = {}): string[] =>
  lintTemplate(text, { ...context, ...extra }).findings.map((finding) => `${finding.line}:${finding.column} ${finding.severity} ${finding.code} ${finding.message}`);

describe('lintTemplate', () => {
  it('finds nothing in a clean template and returns its parts', () => {
    const text = lines('---', 'name: counter', 'params:', '  target: { type: number, default: 3 }', 'model: anthropic/claude-sonnet-4-5', '---', 'Count to {{target}}.');
    const linted = lintTemplate(text, { ...context, name: 'counter', source: 'user' });
    expect(linted).toMatchObject({ findings: [], hasErrors: false, body: 'Count to {{target}}.\n' });
    expect(linted.frontMatter.params?.target).toEqual({ type: 'number', default: 3, required: false, description: '' });
  });

  it('warns that SSH_AUTH_SOCK and AUTOLOOP_* in env: reach tools only when the person passes them', () => {
    const text = lines('---', 'env: [DATABASE_URL, SSH_AUTH_SOCK, AUTOLOOP_HOME]', '---', 'Go.');
    expect(findings(text)).toEqual([
      '2:21 warning env-opt-in-only SSH_AUTH_SOCK reaches tools only when the person starting the run passes it (--pass-env SSH_AUTH_SOCK); a template cannot',
      '2:36 warning env-opt-in-only AUTOLOOP_HOME reaches tools only when the person starting the run passes it (--pass-env AUTOLOOP_HOME); a template cannot',
    ]);
  });

  it('places a YAML syntax error on its line in the file, not in the YAML', () => {
    expect(findings(lines('---', 'name: demo', 'params:', '  - a', ' b: 1', '---', 'body'))).toEqual([
      '5:1 error yaml-syntax YAML, line 5: All mapping items must start at the same column',
    ]);
    expect(findings(lines('---', 'name: a', 'name: b', '---', 'body'))).toEqual(['3:1 error yaml-syntax YAML, line 3: Map keys must be unique']);
  });

  it('points a quote or bracket that is never closed at the line where it opens, not where YAML gave up', () => {
    expect(findings(lines('---', 'name: a', 'description: "never closed', 'model: scripted/x', '---', 'body'))).toEqual([
      '3:14 error yaml-syntax YAML, line 3: Missing closing "quote',
    ]);
    expect(findings(lines('---', 'name: a', 'limits:', '  maxIterations: [1, 2', 'model: x/y', '---', 'body'))).toEqual([
      '4:18 error yaml-syntax YAML, line 4: Flow sequence in block collection must be sufficiently indented and end with a ]',
    ]);
  });

  it('flags a {{param}} used in the program but not declared, on its own line', () => {
    const text = lines('---', 'params:', '  goal: { type: string, default: x }', '---', 'Do {{goal}}.', '', 'Then {{gaol}} and {{other}}.');
    expect(findings(text).filter((finding) => finding.includes('unknown-placeholder'))).toEqual([
      '7:6 error unknown-placeholder {{gaol}} has no param of that name (did you mean "goal"?); declare it under params:',
      '7:19 error unknown-placeholder {{other}} has no param of that name; declare it under params:',
    ]);
  });

  it('flags a {{param}} in a verify command that is not declared, where it is written, and counts a declared one as used', () => {
    const text = lines('---', 'params:', '  check: { type: string, default: "" }', 'verify: ["{{check}}", { run: "make {{target}}" }]', '---', 'Go.');
    expect(findings(text)).toEqual(['4:36 error unknown-placeholder {{target}} has no param of that name; declare it under params:']);
    expect(findings(lines('---', 'params:', '  check: { type: string, default: "" }', 'verify: "{{check}}"', '---', 'Go.'))).toEqual([]);
  });

  it('rejects a context: that is not one of the three modes', () => {
    expect(findings(lines('---', 'context: fresh', '---', 'Go.'))).toEqual([]);
    expect(findings(lines('---', 'context: forget', '---', 'Go.')).join('\n')).toContain('context');
  });

  it('names an unknown key where it is written, with the key it probably meant', () => {
    expect(findings(lines('---', 'nmae: demo', 'limits:', '  maxIteration: 5', 'permissions:', '  rules:', '    - { tool: bash, patern: "x", action: allow }', '---', 'body'))).toEqual([
      '2:1 error unknown-key unknown key "nmae" (did you mean "name"?)',
      '4:3 error unknown-key unknown key "maxIteration" in limits (did you mean "maxIterations"?)',
      '7:21 error unknown-key unknown key "patern" in permissions.rules[0] (did you mean "pattern"?)',
    ]);
    expect(findings(lines('---', 'colour: red', '---', 'body'))).toEqual(['2:1 error unknown-key unknown key "colour"']);
  });

  it('maps a wrong type back to the value in the YAML', () => {
    expect(findings(lines('---', 'limits: { maxIterations: lots }', 'loop:', '  restartPolicy: sometimes', '---', 'body'))).toEqual([
      '2:26 error invalid-value limits.maxIterations: Invalid input: expected number, received string',
      '4:18 error invalid-value loop.restartPolicy: Invalid option: expected one of "none"|"on-crash"',
    ]);
    expect(findings(lines('---', '- just', '- a list', '---', 'body'))).toEqual(['2:1 error invalid-value the front-matter must be a map of keys such as `name:` and `params:`']);
  });

  it('keeps linting the rest when one part is invalid', () => {
    const text = lines('---', 'params:', '  n: { type: number, requird: true }', '  unused: { type: string }', '---', 'Use {{n}}.');
    expect(findings(text)).toEqual([
      '3:22 error unknown-key unknown key "requird" in params.n (did you mean "required"?)',
      '4:3 warning unused-param the param "unused" is never used: the program has no {{unused}}',
    ]);
  });

  it('warns about a required param without a default, and checks defaults against types and enums', () => {
    const text = lines(
      '---',
      'params:',
      '  folder: { required: true, description: "where the papers are" }',
      '  count: { type: number, default: "many" }',
      '  mode: { enum: [fast, slow], default: medium }',
      '---',
      '{{folder}} {{count}} {{mode}}',
    );
    expect(findings(text)).toEqual([
      '3:3 warning required-param-without-default the param "folder" is required and has no default: every run must give it',
      '4:35 error invalid-default params.count: the default "many" is not a number',
      '5:40 error invalid-default params.mode: the default "medium" is not one of fast, slow',
    ]);
  });

  it('puts an unknown placeholder at its braces, in the program and in rule patterns', () => {
    const text = lines(
      '---',
      'params:',
      '  target: { type: number, default: 5 }',
      'permissions: { rules: [{ tool: bash, pattern: "make {{tagret}}*", action: allow }] }',
      '---',
      '# Program',
      'Count to {{ target }} and then {{ targte }}.',
      'This {{ is not one }}.',
    );
    expect(findings(text)).toEqual([
      '4:53 error unknown-placeholder {{tagret}} has no param of that name (did you mean "target"?); declare it under params:',
      '7:32 error unknown-placeholder {{targte}} has no param of that name (did you mean "target"?); declare it under params:',
      '8:6 warning malformed-placeholder {{ is not one }} is not a placeholder (a param name is letters, digits, _ and -); it stays as written',
    ]);
  });

  it('names the first 50 unknown or malformed placeholders and counts the rest, so a hostile program costs no more', () => {
    const program = Array.from({ length: 200 }, (_, index) => `{{missing${index}}} {{ not one ${index} }}`).join('\n');
    const linted = lintTemplate(lines('---', 'params:', '  known: { type: string }', '---', '{{known}}', program), context);
    const ofCode = (code: string) => linted.findings.filter((finding) => finding.code === code);
    expect(ofCode('unknown-placeholder')).toHaveLength(MAX_FINDINGS_OF_A_KIND + 1);
    expect(ofCode('unknown-placeholder').at(-1)).toMatchObject({ line: 56, message: '150 more placeholders have no param of their name' });
    expect(ofCode('malformed-placeholder')).toHaveLength(MAX_FINDINGS_OF_A_KIND + 1);
    expect(ofCode('malformed-placeholder').at(-1)?.message).toBe('more text like {{…}} below is not a placeholder either; it stays as written');
  });

  it('counts a param used only in a rule pattern as used', () => {
    const text = lines('---', 'params:', '  cmd: { default: "npm test" }', 'permissions: { rules: [{ tool: bash, pattern: "{{cmd}}", action: allow }] }', '---', 'Run the tests.');
    expect(findings(text)).toEqual([]);
  });

  it('refuses an empty program, at the line where it should start', () => {
    expect(findings(lines('---', 'name: x', '---', '', '   '))).toEqual(['4:1 error empty-program the program is empty: write the instructions the agent follows below the front-matter']);
    expect(findings('')).toEqual(['1:1 error empty-program the program is empty: write the instructions the agent follows below the front-matter']);
  });

  it('refuses a user template that takes a built-in name, or a name other than its file name', () => {
    const text = lines('---', 'name: demo-counter', '---', 'body');
    const builtinNames = new Set(['demo-counter']);
    expect(findings(text, { name: 'demo-counter', source: 'user', builtinNames })).toEqual([
      "2:7 error name-clash a built-in template is called \"demo-counter\"; a user template cannot take a built-in's name: rename this one",
    ]);
    expect(findings(text, { name: 'demo-counter', source: 'builtin', builtinNames })).toEqual([]);
    expect(findings(text, { name: 'my-counter', source: 'user', builtinNames })).toEqual([
      '2:7 error name-mismatch the front-matter names this template "demo-counter" but it is stored as "my-counter"; make them the same',
    ]);
    expect(findings('body\n', { name: 'My Notes', source: 'user' })).toEqual(['1:1 error invalid-name "My Notes" cannot be a template name: use lower-case letters, digits and dashes']);
  });

  it('warns when the model’s provider is not set up, and refuses a malformed model id', () => {
    expect(findings(lines('---', 'model: openai/gpt-5', '---', 'body'))).toEqual([
      '2:8 warning unknown-provider the provider "openai" is not set up (set up: scripted, anthropic): set it up in settings, or start runs with another model',
    ]);
    expect(findings(lines('---', 'model: gpt-5', '---', 'body'))).toEqual(['2:8 error invalid-model "gpt-5" is not a model id: write provider/model, e.g. anthropic/claude-sonnet-4-5']);
  });

  it('warns about a demo script that does not exist, and checks the interval', () => {
    const text = lines('---', 'demo: demo-countr', 'interval: 2 seconds', 'loop: { intervalMs: 10 }', '---', 'body');
    expect(findings(text, { scripts: new Set(['demo-counter']) })).toEqual([
      '2:7 warning unknown-demo there is no scripted script called "demo-countr" (did you mean "demo-counter"?); a dry run would fail',
      '3:11 error invalid-interval interval "2 seconds" is not a duration: write e.g. 2s, 5m or 1h30m',
      '4:9 warning duplicate-interval both interval and loop.intervalMs are set; interval wins',
    ]);
  });

  it('refuses a file over 256 KiB and an unclosed front-matter', () => {
    expect(findings(`# big\n${'x'.repeat(TEMPLATE_MAX_BYTES)}`)).toEqual(['1:1 error file-too-large the template is 257 KiB; the most is 256 KiB']);
    expect(findings('body', { bytes: 3 * 1024 * 1024 })).toEqual(['1:1 error file-too-large the template is 3072 KiB; the most is 256 KiB']);
    expect(findings(lines('---', 'name: x', 'body'))).toEqual(['1:1 error unclosed-front-matter the front-matter opened by --- on line 1 is never closed: add a line with --- after it']);
  });

  it('formats findings for a terminal', () => {
    const linted = lintTemplate(lines('---', 'nmae: x', '---', 'body'), context);
    expect(formatFindings(linted.findings, 'x.md')).toBe('x.md:2:1 error unknown key "nmae" (did you mean "name"?) [unknown-key]');
  });
});

describe('did you mean', () => {
  it('measures edit distance', () => {
    expect([editDistance('', 'abc'), editDistance('kitten', 'sitting'), editDistance('name', 'nmae'), editDistance('same', 'same')]).toEqual([3, 3, 2, 0]);
  });

  it('suggests only close candidates, never for a word that shares nothing', () => {
    expect(closestMatch('maxIteration', ['maxIterations', 'maxTokens'])).toBe('maxIterations');
    expect(closestMatch('Params', ['params', 'name'])).toBe('params');
    expect(closestMatch('q', ['n'])).toBeNull();
    expect(closestMatch('colour', ['name', 'model', 'demo'])).toBeNull();
  });
});
