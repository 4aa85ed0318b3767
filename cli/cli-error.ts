/** A failure to tell the user in one line (no stack, no usage text): cli/main.ts prints it and exits 1. */
export class CliError extends Error {
  override readonly name = 'CliError';
}
