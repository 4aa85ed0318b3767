// cli/cli-error.ts
var CliError = class extends Error {
  name = "CliError";
};

export {
  CliError
};
//# sourceMappingURL=chunk-6LCKXXPL.js.map
