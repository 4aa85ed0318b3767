import {
  EVENT_ID_HEADER,
  Emulator,
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
  sign,
  startEmulator,
  verifySignature
} from "./chunk-EVFQIUKD.js";
import "./chunk-GXM3PPFH.js";
export {
  EVENT_ID_HEADER,
  Emulator,
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
  sign,
  startEmulator,
  verifySignature
};
//# sourceMappingURL=emulator-FQRIQ2QK.js.map
