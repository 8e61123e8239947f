// `npm start`: the Electron app where an Electron binary exists; otherwise the same UI from the headless server.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

const root = fileURLToPath(new URL('..', import.meta.url));
const electronDir = join(root, 'node_modules', 'electron');
const bin = (name) => join(root, 'node_modules', '.bin', process.platform === 'win32' ? `${name}.cmd` : name);

/** The Electron binary's path, without triggering the `electron` package's download. */
function electronBinary() {
  const pathFile = join(electronDir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const binary = join(electronDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : null;
}

function run(command, args, env = process.env) {
  const result = spawnSync(command, args, { stdio: 'inherit', cwd: root, env, shell: process.platform === 'win32' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

/** Whether better-sqlite3 loads in Electron's own Node (same ABI as the app), checked in a second. */
function sqliteLoadsIn(binary) {
  const probe = "const Database = require('better-sqlite3'); new Database(':memory:').close();";
  const result = spawnSync(binary, ['-e', probe], { cwd: root, env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' }, stdio: 'ignore' });
  return result.status === 0;
}

run(process.execPath, [join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build']);
const binary = electronBinary();
if (binary) {
  // better-sqlite3 must match Electron's ABI when Electron runs (DESIGN §11); the test scripts rebuild it for Node.
  if (!sqliteLoadsIn(binary)) {
    console.log('Rebuilding better-sqlite3 for Electron (once; `npm test` switches it back to Node)…');
    run(bin('electron-builder'), ['install-app-deps']);
  }
  run(binary, [root, ...process.argv.slice(2)]);
} else {
  console.log(
    'No Electron binary is available on this machine (its download is blocked here), so Autoloop starts its headless server and serves the same UI in your browser.',
  );
  run(process.execPath, [join(root, 'bin', 'autoloop.js'), 'serve', '--open', ...process.argv.slice(2)]);
}
