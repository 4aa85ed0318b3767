#!/usr/bin/env node
// Runs the TypeScript CLI through tsx, so `npx flatfeed` works straight from a clone with no build step.
// The CLI always runs on the project's own Node (package "node", pinned in package.json), never on whichever Node
// started this file: npm puts node_modules/.bin first on PATH, so `npx flatfeed` and npm scripts already start here on
// it, but a global link or `./bin/flatfeed.js` would start on the machine's Node. This file needs nothing newer than
// Node 18 itself.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const main = fileURLToPath(new URL('../cli/main.ts', import.meta.url));
const tsx = require.resolve('tsx/cli');
const node = projectNode();
const result = spawnSync(node, [tsx, main, ...process.argv.slice(2)], { stdio: 'inherit' });
if (result.error) {
  console.error(`flatfeed: could not start ${node}: ${result.error.message}`);
  process.exit(1);
}
process.exit(result.status ?? 1);

/** The Node binary that package "node" installed (its preinstall links it to node_modules/node/bin/node). */
function projectNode() {
  let packageDir;
  try {
    packageDir = dirname(require.resolve('node/package.json'));
  } catch {
    packageDir = undefined;
  }
  const binary = packageDir && join(packageDir, 'bin', 'node');
  if (!binary || !existsSync(binary)) {
    console.error(
      "flatfeed: the project's Node is not installed (package \"node\" in package.json); run `npm ci` in the project first.",
    );
    process.exit(1);
  }
  return binary;
}
