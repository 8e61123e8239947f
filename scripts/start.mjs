// `npm start`: the Electron app where an Electron binary exists; otherwise the same UI from the headless server.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

const root = fileURLToPath(new URL('..', import.meta.url));
const electronDir = join(root, 'node_modules', 'electron');

/** The Electron binary's path, without triggering the `electron` package's download. */
function electronBinary() {
  const pathFile = join(electronDir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const binary = join(electronDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : null;
}

function run(command, args, env = process.env) {
  const result = spawnSync(command, args, { stdio: 'inherit', cwd: root, env });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

run(process.execPath, [join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build']);
const binary = electronBinary();
if (binary) {
  // better-sqlite3 must match Electron's ABI when Electron runs; the test scripts rebuild it for Node.
  run('npm', ['rebuild', 'better-sqlite3', '--runtime=electron', `--target=${JSON.parse(readFileSync(join(electronDir, 'package.json'), 'utf8')).version}`, '--dist-url=https://electronjs.org/headers']);
  run(binary, [root]);
} else {
  console.log(
    'No Electron binary is available on this machine (its download is blocked here), so Autoloop starts its headless server and serves the same UI in your browser.',
  );
  run(process.execPath, [join(root, 'bin', 'autoloop.js'), 'serve', '--open', ...process.argv.slice(2)]);
}
