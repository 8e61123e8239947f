// Makes sure better-sqlite3 is built for this Node (DESIGN §11): `npm start` and `npm run dist` rebuild it for Electron.
import { execSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Loads it in a fresh Node process: a process that failed to load the old build cannot load the new one. */
function loads() {
  const probe = "const Database = require('better-sqlite3'); new Database(':memory:').close();";
  const result = spawnSync(process.execPath, ['-e', probe], { cwd: root, encoding: 'utf8' });
  if (result.status === 0) return true;
  const firstLine = (result.stderr ?? '').split('\n').find((line) => line.includes('Error')) ?? `exit ${result.status}`;
  console.log(`better-sqlite3 does not load in Node ${process.version}: ${firstLine.trim()}`);
  return false;
}

if (!loads()) {
  console.log('Rebuilding better-sqlite3 for this Node (it was last built for Electron; about 80 s)…');
  // Settings left by an Electron rebuild would build for Electron again.
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_config_(runtime|target|disturl|dist_url)$/i.test(name)));
  // A Node from the npm registry's node-linux-* package carries its headers beside its binary; build
  // against them, whatever a ~/.npmrc `nodedir` says (a wrong nodedir silently targets another ABI).
  const ownHeaders = join(dirname(process.execPath), '..');
  if (existsSync(join(ownHeaders, 'include', 'node', 'node_version.h'))) env.npm_config_nodedir = ownHeaders;
  execSync('npm rebuild better-sqlite3', { stdio: 'inherit', cwd: root, env });
  if (!loads()) {
    console.log('better-sqlite3 still does not load after the rebuild; see the build output above.');
    process.exit(1);
  }
}
