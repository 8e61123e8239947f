import { afterAll, describe, expect, it } from 'vitest';
import { StartRunParams } from '../../shared/api';
import { createTempEngine } from '../testing/temp-engine';

const engine = createTempEngine();
afterAll(() => engine.dispose());

describe('run defaults from settings', () => {
  it('give a run the default model, limits and profile when neither the template nor the form names them', async () => {
    await engine.api['templates.import']({ text: '---\nname: bare\ndescription: No model of its own.\n---\n# Bare\nSay hello, then complete.\n' });
    await expect(engine.api['runs.start'](StartRunParams.parse({ template: 'bare' }))).rejects.toMatchObject({ code: 'invalid_input' });
    await engine.api['settings.set']({ runDefaults: { model: 'scripted/demo-counter', limits: { maxIterations: 2 }, profile: 'workspace-write' } });
    const run = await engine.api['runs.start'](StartRunParams.parse({ template: 'bare' }));
    expect(run).toMatchObject({ model: 'scripted/demo-counter', limits: { maxIterations: 2 }, permissions: { profile: 'workspace-write' } });
    await engine.supervisor.finished(run.id);
  });
});
