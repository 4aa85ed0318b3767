import {
  BadInputError,
  ManifestError,
  TransientError,
  isBadInput
} from "./chunk-NP6IF4YY.js";
export {
  BadInputError,
  ManifestError,
  TransientError,
  isBadInput
};
//# sourceMappingURL=errors-J36EGRGE.js.map
