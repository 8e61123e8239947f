import { describe, expect, it } from 'vitest';
import { deepLinkFromArgv, parseDeepLink } from './deep-link';

describe('parseDeepLink', () => {
  it('accepts autoloop://run/<id>', () => {
    expect(parseDeepLink('autoloop://run/r0a1b2c3d4e5f')).toEqual({ kind: 'run', runId: 'r0a1b2c3d4e5f' });
    expect(parseDeepLink('autoloop://run/r1/')).toEqual({ kind: 'run', runId: 'r1' });
    expect(parseDeepLink('AUTOLOOP://RUN/r1')).toEqual({ kind: 'run', runId: 'r1' });
  });

  it.each([
    ['another scheme', 'https://run/r1'],
    ['another kind', 'autoloop://template/r1'],
    ['no id', 'autoloop://run/'],
    ['an extra path', 'autoloop://run/r1/delete'],
    ['a query', 'autoloop://run/r1?stop=1'],
    ['a fragment', 'autoloop://run/r1#x'],
    ['credentials', 'autoloop://user:pw@run/r1'],
    ['a port', 'autoloop://run:80/r1'],
    ['an id with other characters', 'autoloop://run/..%2F..%2Fetc'],
    ['a bad escape', 'autoloop://run/%E0%A4%A'],
    ['an overlong id', `autoloop://run/${'a'.repeat(65)}`],
    ['an overlong URL', `autoloop://run/r1${'/'.repeat(300)}`],
    ['no URL at all', 'not a url'],
  ])('rejects %s', (_what, url) => {
    expect(parseDeepLink(url)).toBeNull();
  });
});

describe('deepLinkFromArgv', () => {
  it('finds the link among the arguments of a second launch', () => {
    expect(deepLinkFromArgv(['/opt/Autoloop/autoloop', '--no-sandbox', 'autoloop://run/r1'])).toEqual({ kind: 'run', runId: 'r1' });
    expect(deepLinkFromArgv(['/opt/Autoloop/autoloop', 'autoloop://bad', 'autoloop://run/r2'])).toEqual({ kind: 'run', runId: 'r2' });
    expect(deepLinkFromArgv(['/opt/Autoloop/autoloop', '--inspect'])).toBeNull();
  });
});
