/** The local demo cannot start as asked (no samples, no expected.json, an unreadable one): said in one line by the CLI. */
export class SetupError extends Error {
  override readonly name = 'SetupError';
}
