import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { delimiter, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };

/** The environment of a person's shell: PATH without the node_modules/.bin entries that npm put in front of it. */
function shellEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const key of Object.keys(env)) if (key.startsWith('npm_')) delete env[key];
  env.PATH = (process.env.PATH ?? '')
    .split(delimiter)
    .filter((dir) => !dir.split(sep).includes('node_modules'))
    .join(delimiter);
  return env;
}

const VERSION_LINE = new RegExp(`^${version.replaceAll('.', '\\.')} \\(Node 24\\.\\d+\\.\\d+\\)\\n$`);

describe('bin/flatfeed.js', () => {
  it('`npx flatfeed --version` from a plain shell prints the version and runs on the project’s Node 24', () => {
    const out = execFileSync('npx', ['--no-install', 'flatfeed', '--version'], { cwd: root, env: shellEnv(), encoding: 'utf8' });
    expect(out).toMatch(VERSION_LINE);
  });

  it('started by the machine’s own node, it still runs the CLI on the project’s Node 24', () => {
    const env = shellEnv();
    // Whichever `node` a plain shell finds first (the machine's; Node 20 on these machines).
    const machineNode = execFileSync('sh', ['-c', 'command -v node'], { env, encoding: 'utf8' }).trim();
    expect(machineNode).not.toContain('node_modules');
    const out = execFileSync(machineNode, [join(root, 'bin', 'flatfeed.js'), '--version'], { cwd: root, env, encoding: 'utf8' });
    expect(out).toMatch(VERSION_LINE);
  });
});
