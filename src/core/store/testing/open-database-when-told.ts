// A child process for the concurrent-migration test: waits for the go file, then opens the
// database with the real openDatabase (which migrates it) and prints the schema version.
import { existsSync } from 'node:fs';
import { openDatabase } from '../database';

const [file, goFile] = process.argv.slice(2);
if (!file || !goFile) throw new Error('usage: open-database-when-told <db file> <go file>');
const GO_WAIT_MS = 20_000;
process.stdout.write('ready\n');
const deadline = Date.now() + GO_WAIT_MS;
while (!existsSync(goFile)) {
  if (Date.now() > deadline) throw new Error(`no ${goFile} within ${GO_WAIT_MS} ms`);
}
const db = openDatabase(file);
const { version } = db.prepare('SELECT MAX(version) AS version FROM schema_migrations').get() as { version: number };
db.close();
process.stdout.write(String(version));
