import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { CliError } from '../../cli/cli-error.js';
import { createProgram } from '../../cli/program.js';
import { startEmulator, type Emulator } from '../../emulator/index.js';

// `flatfeed api` against the emulator, with the key where a user keeps it: the environment.

const TOKEN = 'sk_test_CliApiKey';
let emulator: Emulator;

beforeAll(async () => {
  emulator = await startEmulator({ token: TOKEN });
  Object.assign(process.env, { FLATFILE_API_KEY: TOKEN, FLATFILE_API_URL: emulator.url });
});
afterAll(async () => {
  delete process.env.FLATFILE_API_KEY;
  delete process.env.FLATFILE_API_URL;
  await emulator?.stop();
});
afterEach(() => vi.restoreAllMocks());

async function flatfeed(...args: string[]): Promise<string> {
  const logged: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((line: unknown) => void logged.push(String(line)));
  await createProgram().exitOverride().parseAsync(args, { from: 'user' });
  return logged.join('\n');
}

describe('flatfeed api', () => {
  it('GET /v1/spaces answers with the spaces, and POST --data creates one', async () => {
    const created = JSON.parse(await flatfeed('api', 'post', '/v1/spaces', '--data', JSON.stringify({ name: 'via cli', environmentId: emulator.environmentId }))) as {
      data: { id: string };
    };
    expect(created.data.id).toMatch(/^us_sp_/);
    const out = await flatfeed('api', 'GET', `/v1/spaces?environmentId=${emulator.environmentId}`);
    const listed = JSON.parse(out) as { data: { id: string; name: string }[] };
    expect(listed.data.map((s) => s.name)).toContain('via cli');
    expect(out).not.toContain(TOKEN);
  });

  it('an error status ends with the status (exit 1) after printing Flatfile’s answer', async () => {
    const err = await flatfeed('api', 'GET', '/v1/spaces/us_sp_missing').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CliError);
    expect((err as Error).message).toBe('Flatfile answered 404 to GET /v1/spaces/us_sp_missing');
  });

  it('refuses an unversioned path, a bad method and a body that is not JSON before calling anyone', async () => {
    const fetches = vi.spyOn(globalThis, 'fetch');
    await expect(flatfeed('api', 'GET', '/spaces')).rejects.toThrow(/must start with \/v1\//);
    await expect(flatfeed('api', 'TRACE', '/v1/spaces')).rejects.toThrow(/method must be one of/);
    await expect(flatfeed('api', 'POST', '/v1/spaces', '--data', '{name:')).rejects.toThrow(/--data is not JSON/);
    expect(fetches).not.toHaveBeenCalled();
  });
});
