// `npm test`: typecheck, lint, format check, build, unit and integration tests (vitest), end-to-end tests (Playwright in Chromium).
// The last line is `N passed, N failed`, summing the vitest and Playwright counts.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const results = join(root, 'test-results');
const unitJson = join(results, 'unit-results.json');
const e2eJson = join(results, 'e2e-results.json');
const bin = (name) => join(root, 'node_modules', '.bin', name);

function step(name, command, args) {
  console.log(`\n=== ${name} ===`);
  const started = Date.now();
  const result = spawnSync(command, args, { stdio: 'inherit', cwd: root, env: { ...process.env, FORCE_COLOR: process.env.CI ? '0' : '1' } });
  const ok = result.status === 0;
  console.log(`=== ${name}: ${ok ? 'ok' : `FAILED (exit ${result.status ?? result.signal})`} in ${((Date.now() - started) / 1000).toFixed(1)} s ===`);
  return ok;
}

function readCounts(file, pick) {
  if (!existsSync(file)) return null;
  try {
    return pick(JSON.parse(readFileSync(file, 'utf8')));
  } catch {
    return null;
  }
}

mkdirSync(results, { recursive: true });
rmSync(unitJson, { force: true });
rmSync(e2eJson, { force: true });

const failedSteps = [];
const check = (name, ok) => ok || failedSteps.push(name);
check('native modules', step('native modules for Node', process.execPath, [join(root, 'scripts', 'ensure-node-sqlite.mjs')]));
check('typecheck', step('typecheck', bin('tsc'), ['-b']));
check('lint', step('lint', bin('eslint'), ['--max-warnings', '0', '.']));
check('format', step('format (prettier --check)', bin('prettier'), ['--check', '--log-level', 'warn', '.']));
const built = step('build', bin('electron-vite'), ['build']);
check('build', built);
if (built) {
  check('unit', step('unit and integration tests', bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${unitJson}`]));
  check('e2e', step('end-to-end tests', bin('playwright'), ['test']));
}

const unit = readCounts(unitJson, (report) => ({ passed: report.numPassedTests, failed: report.numFailedTests })) ?? { passed: 0, failed: 0 };
const e2e = readCounts(e2eJson, (report) => ({ passed: report.stats.expected + report.stats.flaky, failed: report.stats.unexpected })) ?? {
  passed: 0,
  failed: 0,
};
const passed = unit.passed + e2e.passed;
const failed = unit.failed + e2e.failed + (failedSteps.length > 0 && unit.failed + e2e.failed === 0 ? 1 : 0);
console.log(
  `\nunit: ${unit.passed} passed, ${unit.failed} failed; e2e: ${e2e.passed} passed, ${e2e.failed} failed${failedSteps.length ? `; failed steps: ${failedSteps.join(', ')}` : ''}`,
);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failedSteps.length > 0 ? 1 : 0);
