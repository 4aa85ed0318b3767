import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

const lock = JSON.parse(readFileSync(fileURLToPath(new URL('../package-lock.json', import.meta.url)), 'utf8')) as {
  packages: Record<string, { version?: string; engines?: { node?: string } | string[]; optional?: boolean }>;
};

describe('the project’s Node', () => {
  it('runs the tests: Node 24 from package "node", not the machine’s', () => {
    expect(process.versions.node).toMatch(/^24\./);
    expect(process.execPath).toMatch(/[\\/]node_modules[\\/]node(-linux-x64)?[\\/]/);
  });

  // npm checks engines against the Node that runs npm (the machine's), so its warnings are off (.npmrc); this is the
  // same check, with npm's rules (semver, prereleases included), against the Node the code runs on.
  it('satisfies the engines.node of every package in the lock', () => {
    const unsatisfied = Object.entries(lock.packages)
      .filter(([, pkg]) => pkg.engines && !Array.isArray(pkg.engines) && pkg.engines.node)
      .filter(([, pkg]) => !semver.satisfies(process.version, (pkg.engines as { node: string }).node, { includePrerelease: true }))
      .map(([path, pkg]) => `${path}@${pkg.version}: ${(pkg.engines as { node: string }).node}`);
    expect(unsatisfied).toEqual([]);
  });
});
