import type { Command } from 'commander';
import { registerDemoCommand } from './demo.js';
import { registerDevCommand } from './dev.js';
import { registerDropCommand } from './drop.js';
import { registerEmulatorCommand } from './emulator.js';
import { registerPullCommand } from './pull.js';
import { registerRunCommand } from './run.js';
import { registerRunsCommand } from './runs.js';

// Each command lives in its own file and registers itself here.
export function registerCommands(program: Command): void {
  registerDemoCommand(program);
  registerDevCommand(program);
  registerRunsCommand(program);
  registerRunCommand(program);
  registerDropCommand(program);
  registerEmulatorCommand(program);
  registerPullCommand(program);
}
