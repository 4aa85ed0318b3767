// The emulator alone in its own process, so the benchmark can read its peak RSS. Prints its URL as one JSON line.
import { startEmulator } from '../emulator/index.js';

const emulator = await startEmulator({ token: process.env.EMULATOR_TOKEN ?? 'bench', port: 0 });
process.stdout.write(`${JSON.stringify({ url: emulator.url, environmentId: emulator.environmentId })}\n`);
process.once('SIGTERM', () => void emulator.stop().then(() => process.exit(0)));
