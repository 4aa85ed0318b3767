// cli/typescript-imports.ts
async function allowTypeScriptImports() {
  if (import.meta.url.endsWith(".ts")) return;
  const { register } = await import("tsx/esm/api");
  register();
}
export {
  allowTypeScriptImports
};
//# sourceMappingURL=typescript-imports-A5ZRQYYU.js.map
