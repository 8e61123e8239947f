import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

function repoRoot(): string {
  // bench/run.mjs sets it; the scenarios run as bundles under node_modules/.cache, so import.meta would mislead.
  const root = resolve(process.env.AUTOLOOP_BENCH_REPO_ROOT ?? process.cwd());
  if (!existsSync(join(root, 'bench', 'run.mjs'))) {
    throw new Error(`Run benchmarks with \`node bench/run.mjs [scenario]\` from the Autoloop folder (not found: ${root}/bench/run.mjs)`);
  }
  return root;
}

export const REPO_ROOT = repoRoot();
/**
 * The built app the scenarios run: bench/run.mjs first copies out/ to node_modules/.cache/autoloop-bench/app,
 * so a build made elsewhere meanwhile cannot replace the runner bundle under a running scenario.
 */
export const APP_ROOT = resolve(process.env.AUTOLOOP_BENCH_APP_ROOT ?? REPO_ROOT);
/** The built runner bundle; `npm run bench` builds it first. */
export const RUNNER_ENTRY = join(APP_ROOT, 'out', 'main', 'runner.js');
export const RESOURCES_DIR = join(REPO_ROOT, 'resources');
export const RENDERER_DIR = join(APP_ROOT, 'out', 'renderer');
/**
 * The runner of an earlier build to measure beside the current one in the same sitting (the figures
 * depend on how busy the machine is): AUTOLOOP_BENCH_BASELINE names a folder holding its `out/`
 * (bench/README.md, "Baseline"). Null when unset.
 */
export const BASELINE_RUNNER_ENTRY = process.env.AUTOLOOP_BENCH_BASELINE
  ? join(resolve(process.env.AUTOLOOP_BENCH_BASELINE), 'out', 'main', 'runner.js')
  : null;
/** The V8 flags the baseline's runner starts with (AUTOLOOP_BENCH_BASELINE_V8_FLAGS, space-separated; none by default, as the runner started before RUNNER_V8_FLAGS). */
export const BASELINE_V8_FLAGS: ReadonlyArray<string> = (process.env.AUTOLOOP_BENCH_BASELINE_V8_FLAGS ?? '').split(' ').filter(Boolean);
