import type { Command } from 'commander';

/** `flatfeed emulator`: the Flatfile Platform API emulator as a standalone process. */
export function registerEmulatorCommand(program: Command): void {
  program
    .command('emulator')
    .description('Run the Flatfile Platform API emulator on 127.0.0.1 until SIGINT/SIGTERM')
    .option('--port <port>', 'port to listen on (0 picks a free one)', '8787')
    .requiredOption('--token <secret>', 'bearer token clients must send')
    .option('--data-dir <dir>', 'keep state and files here across restarts (memory only without it)')
    .action(async (opts: { port: string; token: string; dataDir?: string }) => {
      const port = Number(opts.port);
      const [{ CliError }, { startEmulator }] = await Promise.all([import('../cli-error.js'), import('../../emulator/index.js')]);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliError(`--port ${opts.port}: expected a port number 0–65535`);
      const emulator = await startEmulator({ port, token: opts.token, dataDir: opts.dataDir });
      console.log(`Flatfile emulator listening on ${emulator.url}`);
      console.log(`environment id: ${emulator.environmentId}`);
      console.log(`clients: FLATFILE_API_URL=${emulator.url} (or AGENT_INTERNAL_URL) with FLATFILE_BEARER_TOKEN set to the token`);
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      await emulator.stop();
      console.log('Flatfile emulator stopped');
    });
}
