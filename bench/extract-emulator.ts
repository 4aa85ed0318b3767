// The emulator alone in its own process for the extract benchmark, so neither extractor's figures include it.
import { startEmulator } from '../emulator/index.js';

const emulator = await startEmulator({ token: process.env.EMULATOR_TOKEN ?? 'bench', port: 0, log: () => undefined });
process.stdout.write(`${JSON.stringify({ url: emulator.url, environmentId: emulator.environmentId })}\n`);
process.once('SIGTERM', () => void emulator.stop().then(() => process.exit(0)));
