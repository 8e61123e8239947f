import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { StartRunParams } from '../../shared/api';
import { type FakeOpenAiServer, startFakeOpenAiServer } from '../providers/testing/fake-openai-server';
import { RUNNER_ENTRY } from '../testing/temp-engine';
import { tempEnginesPerFile } from '../testing/temp-engines';
import { createNodeRunnerHost } from './node-runner-host';
import { compileCacheDirOf } from './runner-host';

// A module hook every runner of this file loads through NODE_OPTIONS (the host passes the engine's
// environment on): it appends the URL of each module the runner loads, ESM or CommonJS, to a file.
const HOOK = `import { appendFileSync } from 'node:fs';
import { registerHooks } from 'node:module';
const log = process.env.AUTOLOOP_TEST_MODULE_LOG;
registerHooks({ load(url, context, nextLoad) { appendFileSync(log, url + '\\n'); return nextLoad(url, context); } });
`;

const folder = mkdtempSync(join(tmpdir(), 'autoloop-bundle-test-'));
const servers: FakeOpenAiServer[] = [];
const savedOptions = process.env.NODE_OPTIONS;
const tempEngine = tempEnginesPerFile({}, async () => {
  await Promise.all(servers.map((server) => server.close()));
  if (savedOptions === undefined) delete process.env.NODE_OPTIONS;
  else process.env.NODE_OPTIONS = savedOptions;
  delete process.env.AUTOLOOP_TEST_MODULE_LOG;
  rmSync(folder, { recursive: true, force: true });
});

/** Makes every runner started from now on log the modules it loads to a new file of that name. */
function logModulesTo(name: string): { hook: string; moduleLog: string } {
  const hook = join(folder, 'log-modules.mjs');
  writeFileSync(hook, HOOK);
  const moduleLog = join(folder, name);
  writeFileSync(moduleLog, '');
  process.env.NODE_OPTIONS = `${savedOptions ?? ''} --import=${pathToFileURL(hook).href}`.trim();
  process.env.AUTOLOOP_TEST_MODULE_LOG = moduleLog;
  return { hook, moduleLog };
}

describe('the runner bundle', () => {
  it('runs an openai-compatible model from its own chunks, loading nothing from node_modules, and fills the compile cache', async () => {
    const { hook, moduleLog } = logModulesTo('modules.log');
    const server = await startFakeOpenAiServer([
      {
        text: 'Reporting.',
        toolCalls: [
          { name: 'report', input: { summary: 'One step.' } },
          { name: 'complete', input: { reason: 'done' } },
        ],
      },
      { text: 'Done.' },
    ]);
    servers.push(server);
    const cacheDir = compileCacheDirOf(join(folder, 'data'));
    const engine = tempEngine({ host: createNodeRunnerHost({ runnerEntry: RUNNER_ENTRY, compileCacheDir: cacheDir }) });
    await engine.api['providers.set']({ name: 'local', config: { type: 'openai-compatible', baseUrl: server.baseUrl } });
    const started = await engine.api['runs.start'](StartRunParams.parse({ template: 'demo-counter', model: 'local/test-model', loop: { intervalMs: 0 } }));
    const run = await engine.supervisor.finished(started.id);
    expect(run).toMatchObject({ status: 'ended', stopReason: 'completed', iterations: 1 });
    expect(server.calls.length).toBeGreaterThan(0);

    const loaded = readFileSync(moduleLog, 'utf8').split('\n').filter(Boolean);
    const files = loaded.filter((url) => url.startsWith('file:'));
    expect(files.filter((url) => url.includes('/node_modules/'))).toEqual([]);
    // The provider came from its lazy chunk next to the runner bundle.
    const bundleDir = pathToFileURL(join(RUNNER_ENTRY, '..')).href;
    expect(files.filter((url) => url !== pathToFileURL(hook).href).every((url) => url.startsWith(bundleDir))).toBe(true);
    expect(files.some((url) => /\/chunks\/ai-sdk-openai-compatible-[\w-]+\.js$/.test(url))).toBe(true);
    // …and only the provider this run uses.
    expect(files.filter((url) => /\/chunks\/ai-sdk-(anthropic|openai)-[\w-]{8}\.js$/.test(url))).toEqual([]);

    // The compile cache is a private folder (0700) that now holds compiled code.
    expect(statSync(cacheDir).mode & 0o777).toBe(0o700);
    expect(readdirSync(cacheDir, { recursive: true }).length).toBeGreaterThan(0);
  });

  it("starts a run that fetches nothing without Node's http modules (importing node:http would load undici, http2 and tls)", async () => {
    const { moduleLog } = logModulesTo('scripted-modules.log');
    const engine = tempEngine();
    const started = await engine.api['runs.start'](StartRunParams.parse({ template: 'demo-counter', limits: { maxIterations: 1 } }));
    expect(await engine.supervisor.finished(started.id)).toMatchObject({ status: 'ended', iterations: 1 });
    const loaded = readFileSync(moduleLog, 'utf8').split('\n').filter(Boolean);
    // The runner did load its tools (web_fetch among them) and its builtins through the hook…
    expect(loaded.some((url) => url.startsWith('node:'))).toBe(true);
    expect(loaded.some((url) => /\/chunks\/runner-process-[\w-]+\.js$/.test(url))).toBe(true);
    // …but not the http modules, which only web_fetch's first call needs.
    expect(loaded.filter((url) => /^node:(http|https|http2|tls)$/.test(url))).toEqual([]);
  });
});
