#!/usr/bin/env node
// The `autoloop` command: runs the built CLI bundle (npm run build makes it).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../out/main/cli.js', import.meta.url));
if (!existsSync(cli)) {
  console.error('autoloop: the app is not built yet. Run `npm run build` in the Autoloop folder first.');
  process.exit(2);
}
await import(cli);
