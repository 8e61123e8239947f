import { describe, expect, it } from 'vitest';
import { type PathFacts, credentialLocationOf, decidePathAccess, isWithin } from './path-guard';

const home = '/home/ada';
const workdir = '/home/ada/project';

function facts(lexicalPath: string, overrides: Partial<PathFacts> = {}): PathFacts {
  return { requested: lexicalPath, lexicalPath, realPath: lexicalPath, workdir, roots: [workdir, '/tmp/out'], homeDirs: [home], ...overrides };
}

describe('isWithin', () => {
  it('counts the folder itself and what lies below it, not siblings with a common prefix', () => {
    expect(isWithin('/a/b', '/a/b')).toBe(true);
    expect(isWithin('/a/b/c/d', '/a/b')).toBe(true);
    expect(isWithin('/a/bc', '/a/b')).toBe(false);
    expect(isWithin('/a', '/a/b')).toBe(false);
    expect(isWithin('/a/b/..x', '/a/b')).toBe(true);
  });
});

describe('decidePathAccess', () => {
  it('allows paths inside the workdir and the output folder', () => {
    expect(decidePathAccess(facts('/home/ada/project/src/a.ts'))).toEqual({ allowed: true });
    expect(decidePathAccess(facts('/tmp/out/report.md'))).toEqual({ allowed: true });
  });

  it('refuses a path outside every root and names the working folder', () => {
    const decision = decidePathAccess(facts('/etc/passwd'));
    expect(decision).toEqual({
      allowed: false,
      reason: "refused: /etc/passwd is outside the run's working folder (/home/ada/project) or its other allowed folders (/tmp/out)",
    });
  });

  it('refuses a symlink inside the workdir whose target is outside, saying where it resolves', () => {
    const decision = decidePathAccess(facts('/home/ada/project/link', { realPath: '/etc/shadow' }));
    expect(decision.allowed).toBe(false);
    expect(decision.allowed ? '' : decision.reason).toContain('(it resolves to /etc/shadow)');
  });

  it('allows an extra root', () => {
    expect(decidePathAccess(facts('/data/set/a.csv', { roots: [workdir, '/data'] }))).toEqual({ allowed: true });
  });

  it.each([
    '/home/ada/.ssh/id_ed25519',
    '/home/ada/.aws/credentials',
    '/home/ada/.gnupg',
    '/home/ada/.config/gcloud/x.json',
    '/home/ada/.netrc',
    '/home/ada/.docker/config.json',
  ])('refuses the credential store %s even when an extra root covers the home folder', (target) => {
    const decision = decidePathAccess(facts(target, { roots: [workdir, home] }));
    expect(decision.allowed).toBe(false);
    expect(decision.allowed ? '' : decision.reason).toMatch(/^refused: .* is in ~\/\.[a-z]+.*credential store/);
  });

  it('refuses a symlink in the workdir that points into a credential store', () => {
    const decision = decidePathAccess(facts('/home/ada/project/key', { realPath: '/home/ada/.ssh/id_rsa' }));
    expect(decision.allowed ? '' : decision.reason).toContain('~/.ssh');
  });

  it('checks every spelling of the home folder', () => {
    expect(decidePathAccess(facts('/real/home/ada/.aws/config', { homeDirs: [home, '/real/home/ada'], roots: ['/real'] })).allowed).toBe(false);
  });

  it('leaves other dot folders in the home folder alone', () => {
    expect(decidePathAccess(facts('/home/ada/.docker/other.json', { roots: [workdir, home] }))).toEqual({ allowed: true });
    expect(decidePathAccess(facts('/home/ada/.sshx', { roots: [workdir, home] }))).toEqual({ allowed: true });
  });

  it('allows .env files inside the workdir and refuses them outside it, even in an extra root', () => {
    expect(decidePathAccess(facts('/home/ada/project/.env'))).toEqual({ allowed: true });
    expect(decidePathAccess(facts('/home/ada/project/app/.env.local'))).toEqual({ allowed: true });
    const outside = decidePathAccess(facts('/data/.env.production', { roots: [workdir, '/data'] }));
    expect(outside).toEqual({ allowed: false, reason: "refused: /data/.env.production is a .env file outside the run's working folder (/home/ada/project)" });
    expect(decidePathAccess(facts('/data/.envrc', { roots: [workdir, '/data'] }))).toEqual({ allowed: true });
  });

  it('refuses a .env symlink in the workdir that points outside it', () => {
    const decision = decidePathAccess(facts('/home/ada/project/.env', { realPath: '/tmp/out/secrets.txt' }));
    expect(decision.allowed).toBe(false);
  });
});

describe('credentialLocationOf', () => {
  it('names the location as ~/…', () => {
    expect(credentialLocationOf('/home/ada/.ssh/known_hosts', [home])).toBe('~/.ssh');
    expect(credentialLocationOf('/home/ada/project', [home])).toBeNull();
  });
});
