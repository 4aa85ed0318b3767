import type { Command } from 'commander';
import { PROXY_METHODS as METHODS } from '../../shared/proxy/methods.js';

/**
 * `flatfeed api <METHOD> <path> [--data JSON]`: one call to Flatfile's API with the secret key from FLATFILE_API_KEY
 * (or Secrets Manager under FLATFILE_API_KEY_SECRET), at FLATFILE_API_URL (the emulator) or Flatfile's own.
 * Prints the answer's body (JSON indented); an error status ends with exit code 1 and the status on stderr.
 */
export function registerApiCommand(program: Command): void {
  program
    .command('api')
    .description("Call Flatfile's API with the secret key from the environment, e.g. `flatfeed api GET /v1/spaces`")
    .argument('<method>', METHODS.join('|'))
    .argument('<path>', 'API path with its version, e.g. /v1/spaces?environmentId=us_env_…')
    .option('-d, --data <json>', 'request body (JSON)')
    .action(async (methodArg: string, path: string, opts: { data?: string }) => {
      const [{ CliError }, { callFlatfile, checkApiPath, flatfileKeyFromEnv }, { SecretUnavailableError }] = await Promise.all([
        import('../cli-error.js'),
        import('../../shared/proxy/call.js'),
        import('../../shared/runtime/secrets.js'),
      ]);
      const method = methodArg.toUpperCase();
      if (!(METHODS as readonly string[]).includes(method)) throw new CliError(`method must be one of ${METHODS.join('|')}, got "${methodArg}"`);
      const badPath = checkApiPath(path);
      if (badPath) throw new CliError(badPath);
      if (opts.data !== undefined) {
        try {
          JSON.parse(opts.data);
        } catch (e) {
          throw new CliError(`--data is not JSON: ${(e as Error).message}`);
        }
      }
      const key = await flatfileKeyFromEnv().catch((e: unknown) => {
        if (e instanceof SecretUnavailableError) throw new CliError(`${e.message} (set FLATFILE_API_KEY, or FLATFILE_API_KEY_SECRET to a Secrets Manager name)`);
        throw e;
      });
      const reply = await callFlatfile(key, { method, path, ...(opts.data !== undefined ? { body: opts.data } : {}) });
      console.log(pretty(reply.body));
      if (reply.status >= 400) throw new CliError(`Flatfile answered ${reply.status} to ${method} ${path.split('?')[0]}`);
    });
}

function pretty(body: string): string {
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}
