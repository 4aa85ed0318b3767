/**
 * Lets the built CLI (plain JavaScript on node, cli/build.mjs) import a feed's TypeScript hook module, as the
 * pipeline's handlers do when `demo` and `dev` run them in-process. Under tsx (npm scripts, tests) this module is
 * itself TypeScript and nothing needs registering.
 */
export async function allowTypeScriptImports(): Promise<void> {
  if (import.meta.url.endsWith('.ts')) return;
  const { register } = await import('tsx/esm/api');
  register();
}
