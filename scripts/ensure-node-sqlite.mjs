// Makes sure better-sqlite3 is built for this Node (DESIGN §11): `npm start` may have rebuilt it for Electron.
import { execSync } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

function loads() {
  try {
    const Database = require('better-sqlite3');
    new Database(':memory:').close();
    return true;
  } catch (error) {
    console.log(`better-sqlite3 does not load in Node ${process.version}: ${error.message.split('\n')[0]}`);
    return false;
  }
}

if (!loads()) {
  console.log('Rebuilding better-sqlite3 for this Node (about 80 s)…');
  execSync('npm rebuild better-sqlite3', { stdio: 'inherit' });
  if (!loads()) process.exit(1);
}
