import {
  copyOutputs,
  parseS3Url
} from "./chunk-LZJO2ESG.js";
export {
  copyOutputs,
  parseS3Url
};
//# sourceMappingURL=copy-outputs-Z2DTQVCH.js.map
