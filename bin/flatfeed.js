#!/usr/bin/env node
// Starts the built CLI (dist/cli/, made by cli/build.mjs on `npm ci`), rebuilding it first when a source is newer
// than the build, so `npx flatfeed` is always the code in the tree and starts in a fraction of a second (tsx compiled
// the CLI on every start: 3–8 s here).
// The CLI always runs on the project's own Node (package "node", pinned in package.json), never on whichever Node
// started this file: npm puts node_modules/.bin first on PATH, so `npx flatfeed` and npm scripts already start here on
// it, but a global link or `./bin/flatfeed.js` would start on the machine's Node. This file needs nothing newer than
// Node 18 itself.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = fileURLToPath(new URL('..', import.meta.url));
const main = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));
const inputsFile = fileURLToPath(new URL('../dist/cli/inputs.json', import.meta.url));

const node = projectNode();
if (!isFresh()) {
  const { buildCli } = await import('../cli/build.mjs');
  await buildCli();
}
const result = spawnSync(node, [main, ...process.argv.slice(2)], { stdio: 'inherit' });
if (result.error) {
  console.error(`flatfeed: could not start ${node}: ${result.error.message}`);
  process.exit(1);
}
process.exit(result.status ?? 1);

/** The build exists and no source it read has changed since (one stat per source, ~180 of them). */
function isFresh() {
  let built;
  try {
    built = JSON.parse(readFileSync(inputsFile, 'utf8'));
  } catch {
    return false;
  }
  return built.inputs.every((path) => {
    try {
      return statSync(join(root, path)).mtimeMs <= built.builtAt;
    } catch {
      return false; // a source gone: build again, and let esbuild say what is missing
    }
  });
}

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
