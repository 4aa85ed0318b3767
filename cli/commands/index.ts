import type { Command } from 'commander';
import { registerDemoCommand } from './demo.js';
import { registerDevCommand } from './dev.js';
import { registerEmulatorCommand } from './emulator.js';
import { registerPullCommand } from './pull.js';

// Each command lives in its own file and registers itself here.
export function registerCommands(program: Command): void {
  void program;
  registerDemoCommand(program);
  registerDevCommand(program);
  registerEmulatorCommand(program);
  registerPullCommand(program);
}
