import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

type Files = Readonly<Record<string, string>>;

function writeFiles(folder: string, files: Files): void {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(folder, path)), { recursive: true });
    writeFileSync(join(folder, path), content);
  }
}

function git(folder: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd: folder, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** A git repository on `main` with its own committer, so commits work whatever the machine's git config says. */
function initRepository(folder: string): void {
  git(folder, 'init', '-q', '-b', 'main');
  git(folder, 'config', 'user.name', 'Autoloop Dry Run');
  git(folder, 'config', 'user.email', 'dry-run@autoloop.invalid');
  git(folder, 'config', 'commit.gpgsign', 'false');
  git(folder, 'add', '-A');
  git(folder, 'commit', '-q', '-m', 'Initial commit');
}

const TEST_FIXER: Files = {
  // No update checks or funding notes: the dry run must not touch the network.
  '.npmrc': 'update-notifier=false\nfund=false\naudit=false\n',
  'package.json': `${JSON.stringify({ name: 'dry-run-fixture', private: true, type: 'module', scripts: { test: 'node test.mjs' } }, null, 2)}\n`,
  'math.mjs': 'export function add(a, b) {\n  return a - b;\n}\n',
  'test.mjs': [
    "import { add } from './math.mjs';",
    'const actual = add(2, 3);',
    "if (actual !== 5) {",
    "  console.log(`FAIL add returns the sum: expected 5, got ${actual}`);",
    '  process.exit(1);',
    '}',
    "console.log('PASS add returns the sum (1 test)');",
    '',
  ].join('\n'),
};

const TASK_WORKER: Files = {
  'tasks.md': '# Backlog\n\n- [ ] Create `hello.txt` containing the line `Hello, world!`\n- [ ] Write a `README.md` that explains what `hello.txt` is for\n',
};

const PLAN_RUNNER: Files = {
  'PLAN.md': '# Plan\n\n- [ ] Write `greeting.mjs`: see specs/greeting.md\n- [ ] Write `cli.mjs`: see specs/cli.md (needs greeting.mjs)\n',
  'specs/greeting.md': '# Greeting\n\n`greeting.mjs` exports `greet(name)`, which returns `Hello, <name>!`.\n',
  'specs/cli.md': '# Command line\n\n`node cli.mjs Ada` prints `Hello, Ada!`; without a name it greets the world.\n',
  // What a person would give as the verify param: the plan is done and the command line works.
  'check.mjs': [
    "import { execFileSync } from 'node:child_process';",
    "import { readFileSync } from 'node:fs';",
    "if (readFileSync('PLAN.md', 'utf8').includes('- [ ]')) { console.log('the plan has open items'); process.exit(1); }",
    "const out = execFileSync(process.execPath, ['cli.mjs', 'Ada'], { encoding: 'utf8' });",
    "if (out.trim() !== 'Hello, Ada!') { console.log(`cli.mjs printed ${out}`); process.exit(1); }",
    "console.log('PASS the plan is done and cli.mjs greets');",
    '',
  ].join('\n'),
};

const RESEARCH_NOTES: Files = {
  'sources/solar.md': '# Solar power\n\nRooftop panels pay for themselves in about eight years.\n\nTheir output falls by half in winter.\n',
  'sources/wind.txt': 'Wind power\nSmall turbines need open ground and steady wind.\n\nTheir output peaks in the winter months.\n',
};

const DOCS_IMPROVER: Files = {
  'greet.mjs': "const at = process.argv.indexOf('--name');\nconsole.log(`Hello, ${at === -1 ? 'world' : process.argv[at + 1]}!`);\n",
  'docs/intro.md': '# intro\n\nthis tool greets people. run it with `node greet.mjs --name <name>`.\n',
  'docs/usage.md': '# Usage\n\nGive a name with `--name`.\nAdd `--loud` to shout.\n',
};

const CALC_MAIN = 'export function divide(a, b) {\n  return a / b;\n}\n';
const CALC_FEATURE = `${CALC_MAIN}\nexport function average(values) {\n  return values.reduce((sum, value) => sum + value, 0) / values.length;\n}\n`;

/**
 * Fills `folder` with a small project on which a built-in template's scripted demo (resources/scripts/<name>.json)
 * does real work: failing tests to fix, a backlog, a plan with specs, documents, docs, a branch to review.
 */
export function createDryRunFixture(template: string, folder: string): void {
  switch (template) {
    case 'test-fixer':
      writeFiles(folder, TEST_FIXER);
      initRepository(folder);
      return;
    case 'task-worker':
      return writeFiles(folder, TASK_WORKER);
    case 'plan-runner':
      return writeFiles(folder, PLAN_RUNNER);
    case 'research-notes':
      return writeFiles(folder, RESEARCH_NOTES);
    case 'docs-improver':
      return writeFiles(folder, DOCS_IMPROVER);
    case 'code-reviewer':
      writeFiles(folder, { 'calc.mjs': CALC_MAIN });
      initRepository(folder);
      git(folder, 'checkout', '-q', '-b', 'feature');
      writeFiles(folder, { 'calc.mjs': CALC_FEATURE });
      git(folder, 'commit', '-q', '-am', 'Add average()');
      return;
    default:
      return;
  }
}

/** The git log of a fixture, one subject per line (for the tests' checks). */
export function gitSubjects(folder: string): string[] {
  return git(folder, 'log', '--format=%s').trim().split('\n');
}
