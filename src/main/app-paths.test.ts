import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appPaths } from './app-paths';

describe('appPaths', () => {
  it('finds everything from the main bundle\u2019s folder in a checkout', () => {
    const paths = appPaths({ mainDir: join('/work', 'autoloop', 'out', 'main'), isPackaged: false, resourcesPath: '/usr/lib/electron/resources' });
    expect(paths).toEqual({
      preload: join('/work', 'autoloop', 'out', 'preload', 'index.cjs'),
      page: join('/work', 'autoloop', 'out', 'renderer', 'index.html'),
      pageUrl: 'file:///work/autoloop/out/renderer/index.html',
      runnerEntry: join('/work', 'autoloop', 'out', 'main', 'runner.js'),
      resourcesDir: join('/work', 'autoloop', 'resources'),
      iconsDir: join('/work', 'autoloop', 'resources', 'icons'),
    });
  });

  it('takes templates and scripts from the extraResources folder when packaged', () => {
    const paths = appPaths({ mainDir: '/opt/Autoloop/resources/app.asar/out/main', isPackaged: true, resourcesPath: '/opt/Autoloop/resources' });
    expect(paths.resourcesDir).toBe('/opt/Autoloop/resources');
    expect(paths.runnerEntry).toBe('/opt/Autoloop/resources/app.asar/out/main/runner.js');
    expect(paths.iconsDir).toBe('/opt/Autoloop/resources/app.asar/resources/icons');
  });
});
