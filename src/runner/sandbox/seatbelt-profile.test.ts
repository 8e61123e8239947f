import { describe, expect, it } from 'vitest';
import type { SandboxLayout } from './sandbox-layout';
import { seatbeltProfile } from './seatbelt-profile';

const LAYOUT: SandboxLayout = {
  workdir: '/Users/ada/project',
  readOnlyWorkdir: false,
  outputDir: '/Users/ada/Library/Application Support/Autoloop/runs/r1/output',
  hidden: [
    { path: '/Users/ada/Library/Application Support/Autoloop', kind: 'dir' },
    { path: '/Users/ada/.ssh', kind: 'dir' },
    { path: '/Users/ada/.netrc', kind: 'file' },
  ],
  readOnlyInside: ['/Users/ada/project/.git'],
  sockets: [],
};

describe('seatbeltProfile', () => {
  const profile = seatbeltProfile(LAYOUT, { kind: 'none' }, '/private/var/folders/x/autoloop-cmd-1');
  const lines = profile.trim().split('\n');

  it('denies by default, reads everything, and writes only to the workdir, the output folder and its temp folder', () => {
    expect(lines[0]).toBe('(version 1)');
    expect(lines).toContain('(deny default)');
    expect(lines).toContain('(allow file-read*)');
    const write = lines.find((line) => line.startsWith('(allow file-write*')) ?? '';
    expect(write).toContain('(subpath "/Users/ada/project")');
    expect(write).toContain('(subpath "/Users/ada/Library/Application Support/Autoloop/runs/r1/output")');
    expect(write).toContain('(subpath "/private/var/folders/x/autoloop-cmd-1")');
  });

  it('hides the data folder and credential stores after the allowances (the last matching rule wins), and keeps .git read-only', () => {
    const hide = lines.findIndex((line) => line.startsWith('(deny file-read* file-write*'));
    expect(hide).toBeGreaterThan(lines.indexOf('(allow file-read*)'));
    expect(lines[hide]).toContain('(subpath "/Users/ada/.ssh")');
    expect(lines[hide]).toContain('(literal "/Users/ada/.netrc")');
    expect(lines[hide]).toContain('(subpath "/Users/ada/Library/Application Support/Autoloop")');
    expect(lines).toContain('(deny file-write* (subpath "/Users/ada/project/.git"))');
  });

  it('has no network rule without an allowlist, only the proxy port with one, everything when trusted', () => {
    expect(profile).not.toContain('network');
    expect(seatbeltProfile(LAYOUT, { kind: 'proxy', port: 51234 }, '/tmp/t')).toContain('(allow network-outbound (remote ip "localhost:51234"))');
    expect(seatbeltProfile(LAYOUT, { kind: 'all' }, '/tmp/t')).toContain('(allow network*)');
  });

  it('leaves the workdir out of the writable places under the read-only profile', () => {
    const readOnly = seatbeltProfile({ ...LAYOUT, readOnlyWorkdir: true }, { kind: 'none' }, '/tmp/t');
    expect(readOnly.split('\n').find((line) => line.startsWith('(allow file-write*'))).not.toContain('"/Users/ada/project"');
  });

  it('escapes quotes and backslashes in paths so a folder name cannot end a rule', () => {
    const odd = seatbeltProfile({ ...LAYOUT, workdir: '/Users/ada/a"b\\c' }, { kind: 'none' }, '/tmp/t');
    expect(odd).toContain('(subpath "/Users/ada/a\\"b\\\\c")');
  });
});
