// shared/errors/index.ts
var BadInputError = class extends Error {
  constructor(reason, message, options) {
    super(message, options);
    this.reason = reason;
  }
  reason;
  name = "BadInputError";
};
var TransientError = class extends Error {
  name = "TransientError";
  constructor(message, options) {
    super(message, options);
  }
};
var ManifestError = class extends Error {
  constructor(message, problems, options) {
    super(message, options);
    this.problems = problems;
  }
  problems;
  name = "ManifestError";
};
var isBadInput = (e) => e instanceof BadInputError;

export {
  BadInputError,
  TransientError,
  ManifestError,
  isBadInput
};
//# sourceMappingURL=chunk-NP6IF4YY.js.map
