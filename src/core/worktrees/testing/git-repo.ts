import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ApiMethod, type ApiParams, type ApiResult, StartRunParams, apiMethods } from '../../../shared/api';
import type { Run } from '../../../shared/records';
import type { ScriptedScript } from '../../../shared/scripted-script';
import type { Engine } from '../../create-engine';

/** git in a test repository, as a person would type it (their identity configured in the repository). */
export function gitIn(repo: string, ...args: string[]): string {
  return execFileSync('git', ['-C', repo, ...args], { encoding: 'utf8', env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1' } }).trim();
}

/** A real repository in a temp folder on `main`, with a README and a first commit. */
export function createRepo(files: Readonly<Record<string, string>> = { 'README.md': 'hello\n' }): string {
  const repo = mkdtempSync(join(tmpdir(), 'autoloop-repo-'));
  gitIn(repo, 'init', '-q', '-b', 'main');
  gitIn(repo, 'config', 'user.name', 'Person');
  gitIn(repo, 'config', 'user.email', 'person@example.com');
  for (const [path, text] of Object.entries(files)) writeFileSync(join(repo, path), text);
  gitIn(repo, 'add', '-A');
  gitIn(repo, 'commit', '-q', '-m', 'first');
  return repo;
}

/** One iteration of a scripted agent: write these files, then report the summary. */
export function writingIteration(files: Readonly<Record<string, string>>, summary: string): ScriptedScript['responses'] {
  return [
    {
      toolCalls: [
        ...Object.entries(files).map(([path, content]) => ({ tool: 'write_file', input: { path, content } })),
        { tool: 'report', input: { summary } },
      ],
    },
    { text: 'Done for this iteration.' },
  ];
}

/** The agent's last iteration: it completes. */
export const COMPLETING: ScriptedScript['responses'] = [{ toolCalls: [{ tool: 'complete', input: { reason: 'done' } }] }, { text: 'Complete.' }];

/** Calls an engine's API as a client would: its parameters parsed, defaults filled. */
export function apiCall<M extends ApiMethod>(engine: Pick<Engine, 'api'>, method: M, params: ApiParams<M>): Promise<ApiResult<M>> {
  return engine.api[method](apiMethods[method].params.parse(params) as never);
}

/** Starts a trusted run of the demo template in `folder` with a scripted model, no interval between iterations. */
export function startRunIn(engine: Pick<Engine, 'api'>, folder: string, model: string, extra: Partial<StartRunParams> = {}): Promise<Run> {
  return engine.api['runs.start'](
    StartRunParams.parse({ template: 'demo-counter', workdir: folder, model, permissions: { profile: 'trusted' }, loop: { intervalMs: 0 }, ...extra }),
  );
}
