// Scenario (docs/PERFORMANCE.md): a lint/list storm of hostile templates. How long the engine's event loop
// stalls, and how long `runs.list` takes meanwhile, while clients lint and list templates built to
// be slow: front-matter at its size cap full of keys, an alias bomb, texts over the size cap.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { FRONT_MATTER_MAX_BYTES, TEMPLATE_MAX_BYTES } from '../src/shared/templates';
import { createBenchEngine } from './lib/engine';
import { fig, progress, record } from './lib/report';
import { max, median, percentile } from './lib/stats';

const DURATION_MS = 10_000;
/** Clients linting and listing at once, each sending its next call when the last is answered. */
const STORM_CLIENTS = 4;
const SAVED_TEMPLATES = 20;
const RUNS_LIST_EVERY_MS = 50;

const keysUpTo = (bytes: number): string => {
  const lines: string[] = [];
  let size = 0;
  for (let index = 0; size < bytes; index += 1) {
    const line = `key${index}: ${index}`;
    lines.push(line);
    size += line.length + 1;
  }
  return lines.join('\n');
};
const fullFrontMatter = (salt: number): string => `---\n${keysUpTo(FRONT_MATTER_MAX_BYTES - 64)}\nsalt: ${salt}\n---\nbody\n`;
const aliasBomb = [
  '---',
  'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
  ...'bcdefgh'.split('').map((name, index) => `${name}: &${name} [${Array(9).fill(`*${'abcdefg'[index]}`).join(',')}]`),
  '---',
  'body',
  '',
].join('\n');
const oversized = `---\n${keysUpTo(680 * 1024)}\n---\nbody\n`;

const engine = createBenchEngine();
const folder = join(engine.dataDir, 'templates');
mkdirSync(folder, { recursive: true });
for (let index = 0; index < SAVED_TEMPLATES; index += 1) writeFileSync(join(folder, `hostile-${index}.md`), fullFrontMatter(index));
writeFileSync(join(folder, 'bomb.md'), aliasBomb);
writeFileSync(join(folder, 'huge.md'), `${keysUpTo(TEMPLATE_MAX_BYTES + 1024)}\n`);

try {
  progress(`${STORM_CLIENTS} clients linting and listing hostile templates for ${DURATION_MS / 1000} s`);
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  const until = performance.now() + DURATION_MS;
  let calls = 0;
  let salt = 0;
  const texts = (): string => [fullFrontMatter((salt += 1)), aliasBomb, oversized][calls % 3] as string;
  const client = async (index: number): Promise<void> => {
    while (performance.now() < until) {
      if ((calls + index) % 2 === 0) await engine.call('templates.list', {});
      else await engine.call('templates.lint', { text: texts() });
      calls += 1;
    }
  };
  const listTimes: number[] = [];
  const sampler = (async () => {
    while (performance.now() < until) {
      const started = performance.now();
      await engine.call('runs.list', {});
      listTimes.push(performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, RUNS_LIST_EVERY_MS));
    }
  })();
  loopDelay.enable();
  await Promise.all([...Array.from({ length: STORM_CLIENTS }, (_, index) => client(index)), sampler]);
  loopDelay.disable();
  record(
    'hostile-lint-storm',
    `A real engine (no runners) with ${SAVED_TEMPLATES} saved user templates whose front-matter fills the ${FRONT_MATTER_MAX_BYTES / 1024} KiB cap with keys, one alias bomb and one file over the ${TEMPLATE_MAX_BYTES / 1024} KiB template cap. ${STORM_CLIENTS} in-process clients call templates.list and templates.lint (a new ${FRONT_MATTER_MAX_BYTES / 1024} KiB front-matter each time, the alias bomb, or a 680 KiB text) back to back for ${DURATION_MS / 1000} s through dispatch, as both shells do; meanwhile runs.list is called every ${RUNS_LIST_EVERY_MS} ms and timed. The event-loop delay is perf_hooks.monitorEventLoopDelay (10 ms resolution) over the storm.`,
    {
      calls: fig('lint/list calls answered', calls / (DURATION_MS / 1000), 'calls/s'),
      loopDelayP50: fig('engine event-loop delay: p50', loopDelay.percentile(50) / 1e6, 'ms'),
      loopDelayP99: fig('engine event-loop delay: p99', loopDelay.percentile(99) / 1e6, 'ms'),
      loopDelayMax: fig('engine event-loop delay: max', loopDelay.max / 1e6, 'ms'),
      listP50: fig('runs.list during the storm: p50', median(listTimes), 'ms'),
      listP99: fig('runs.list during the storm: p99', percentile(listTimes, 0.99), 'ms'),
      listMax: fig('runs.list during the storm: max', max(listTimes), 'ms'),
    },
  );
} finally {
  await engine.dispose();
}
