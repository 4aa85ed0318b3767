// local/setup-error.ts
var SetupError = class extends Error {
  name = "SetupError";
};

export {
  SetupError
};
//# sourceMappingURL=chunk-JXDQ4J6X.js.map
