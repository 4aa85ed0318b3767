import type { Command } from 'commander';
import { registerApiCommand } from './api.js';
import { registerDemoCommand } from './demo.js';
import { registerDevCommand } from './dev.js';
import { registerDropCommand } from './drop.js';
import { registerEmulatorCommand } from './emulator.js';
import { registerGetCommand } from './get.js';
import { registerInitCommand } from './init.js';
import { registerPullCommand } from './pull.js';
import { registerRedriveCommand } from './redrive.js';
import { registerReplayCommand } from './replay.js';
import { registerRunCommand } from './run.js';
import { registerRunsCommand } from './runs.js';
import { registerTryCommand } from './try.js';
import { registerValidateCommand } from './validate.js';

// Each command lives in its own file and registers itself here. A command's file imports only commander and
// cli/options.ts at the top and loads what its action needs when it runs, so `flatfeed --help` starts fast.
export function registerCommands(program: Command): void {
  registerDemoCommand(program);
  registerDevCommand(program);
  registerValidateCommand(program);
  registerTryCommand(program);
  registerInitCommand(program);
  registerDropCommand(program);
  registerRunsCommand(program);
  registerRunCommand(program);
  registerGetCommand(program);
  registerPullCommand(program);
  registerRedriveCommand(program);
  registerReplayCommand(program);
  registerEmulatorCommand(program);
  registerApiCommand(program);
}
