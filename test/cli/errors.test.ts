import { execFile, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CommanderError } from 'commander';
import { describeFailure, EXIT } from '../../cli/failure.js';

// Every failure a person can cause, through the built CLI in a process of its own (as `npx flatfeed` runs it): the
// exact lines on stderr, no stack trace, and the exit code the README documents.

const run = promisify(execFile);
const OUT = resolve(`dist/test-cli-${process.pid}`); // inside the repository, so the build finds node_modules
const MAIN = join(OUT, 'main.js');
let dir: string;

beforeAll(async () => {
  await run(process.execPath, ['cli/build.mjs', '--out', OUT]);
  dir = await mkdtemp(join(tmpdir(), 'flatfeed-errors-'));
}, 120_000);
afterAll(async () => {
  await rm(OUT, { recursive: true, force: true });
  await rm(dir, { recursive: true, force: true });
});

/** Runs the CLI in `dir` (no dev stack there) and resolves with what it printed and its exit code. */
function flatfeed(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [MAIN, ...args], { cwd: dir, env: { ...process.env, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

const NO_STACK = /\n\s+at /;

describe('failures a person can cause', () => {
  it('a manifest with a wrong type and mistyped keys: every problem once, at file:line:col, exit 1', async () => {
    const path = join(dir, 'feeds.yaml');
    await writeFile(
      path,
      [
        'version: 1',
        'feeds:',
        '  - name: shop',
        '    source: { inboxPrefix: shop/ }',
        '    format: { accept: [csv] }',
        '    sheet: { slug: products, name: Products }',
        '    fields:',
        '      - key: sku',
        '        type: string',
        '        required: yes',
        '      - key: color',
        '        type: enum',
        '        values: [red, blue]',
        '      - key: added',
        '        type: date',
        '        dateFormat: DD.MM.YYYY',
        '',
      ].join('\n'),
    );
    const r = await flatfeed('validate', '-m', path);
    expect(r.stderr).toBe(
      [
        `${path}: 3 problems in the feed manifest`,
        `  ${path}:10:19 feeds[0].fields[0].required: expected boolean, got "yes", e.g. required: true`,
        `  ${path}:13:9 feeds[0].fields[1]: unknown key "values"; did you mean "options"? e.g. options: [{value: "…"}]`,
        `  ${path}:16:9 feeds[0].fields[2]: unknown key "dateFormat"; did you mean "dateFormats"? e.g. dateFormats: ["…"]`,
        '',
      ].join('\n'),
    );
    expect(r.code).toBe(EXIT.failed);
    expect(r.stdout).toBe('');
  });

  it('a missing manifest: one line, exit 1', async () => {
    const r = await flatfeed('validate', '-m', 'nope.yaml');
    expect([r.stderr, r.code]).toEqual(['nope.yaml: no such file (the feed manifest; pass another with -m/--manifest)\n', EXIT.failed]);
  });

  it('a missing file to drop or try: one line, exit 1', async () => {
    for (const args of [['drop', 'missing.csv', '--feed', 'contacts'], ['try', 'missing.csv', '--feed', 'contacts']]) {
      const r = await flatfeed(...args);
      expect([r.stderr, r.code]).toEqual(['flatfeed: missing.csv: no such file or folder\n', EXIT.failed]);
    }
  });

  it('a samples folder without expected.json: one line, exit 1, before anything starts', async () => {
    const samples = join(dir, 'samples');
    await rm(samples, { recursive: true, force: true });
    await writeFile(join(dir, 'x'), '');
    await import('node:fs/promises').then((fs) => fs.mkdir(join(samples, 'contacts'), { recursive: true }));
    await writeFile(join(samples, 'contacts', 'a.csv'), 'email\nx@example.com\n');
    const r = await flatfeed('demo', '--samples', samples, '-m', resolve('feeds/feeds.yaml'));
    expect(r.stderr).toBe(
      `flatfeed: ${join(samples, 'expected.json')}: no such file; a samples folder needs one, e.g. {"<feed>/<file>": {"state": "done", "rowsRead": 20}}\n`,
    );
    expect(r.code).toBe(EXIT.failed);
  });

  it('a reader that goes away (flatfeed … | head -1): quiet, exit 0', async () => {
    const child = spawn(process.execPath, [MAIN, 'init', '--from', resolve('samples/contacts/acme-contacts-2026-11-16.csv')], { cwd: dir });
    child.stdout.destroy(); // the pipe's reader is gone before the CLI writes its first line
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const code = await new Promise((done) => child.on('close', done));
    expect([stderr, code]).toEqual(['', EXIT.ok]);
  });

  it('an unknown option: commander says which, with the usage; exit 2', async () => {
    const r = await flatfeed('runs', '--bogus');
    expect(r.stderr.split('\n')[0]).toBe("error: unknown option '--bogus'");
    expect(r.stderr).toContain('Usage: flatfeed runs [options]');
    expect(r.code).toBe(EXIT.usage);
  });

  it('no failure prints a stack trace', async () => {
    for (const args of [['validate', '-m', 'nope.yaml'], ['drop', 'missing.csv', '--feed', 'x'], ['runs', '--since', 'yesterday']]) {
      const r = await flatfeed(...args);
      expect(r.stderr).not.toMatch(NO_STACK);
      expect(r.code).toBe(EXIT.failed);
    }
  });

  it('--version names the Node it runs on', async () => {
    const r = await flatfeed('--version');
    expect(r.stdout).toBe(`0.1.0 (Node ${process.versions.node})\n`);
    expect(r.code).toBe(EXIT.ok);
  });
});

describe('describeFailure', () => {
  it('calls anything unexpected a bug (exit 70) and shows its stack only with --debug', () => {
    const bug = new TypeError("Cannot read properties of undefined (reading 'x')");
    expect(describeFailure(bug, false)).toEqual({
      lines: ["flatfeed: internal error: TypeError: Cannot read properties of undefined (reading 'x')", 'This is a bug in flatfeed; run again with --debug for the stack trace.'],
      exitCode: 70,
    });
    const debug = describeFailure(bug, true);
    expect(debug.lines[1]).toMatch(/^TypeError: .*\n\s+at /);
  });

  it('leaves commander its own message and maps help and version to 0, usage errors to 2', () => {
    expect(describeFailure(new CommanderError(0, 'commander.helpDisplayed', '(outputHelp)'), false)).toEqual({ lines: [], exitCode: 0 });
    expect(describeFailure(new CommanderError(1, 'commander.unknownOption', "error: unknown option '--x'"), false)).toEqual({ lines: [], exitCode: 2 });
  });
});
