#!/usr/bin/env node
// The `autoloop` command: runs the built CLI bundle (npm run build makes it).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// Node 24 (the Node inside Electron) is what the bundle is built for: an older one fails on a missing export, with a stack trace.
const [major] = process.versions.node.split('.').map(Number);
if (major < 24) {
  console.error(`autoloop: this is Node ${process.versions.node}; Autoloop needs Node 24 or later. Install it (or put it first on PATH) and run again.`);
  process.exit(2);
}

const cli = fileURLToPath(new URL('../out/main/cli.js', import.meta.url));
if (!existsSync(cli)) {
  console.error('autoloop: the app is not built yet. Run `npm run build` in the Autoloop folder first.');
  process.exit(2);
}
await import(cli);
