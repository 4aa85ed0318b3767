import {
  EVENT_ID_HEADER,
  Emulator,
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
  sign,
  startEmulator,
  verifySignature
} from "./chunk-2EB7FV5Q.js";
import "./chunk-7KWDS5G2.js";
export {
  EVENT_ID_HEADER,
  Emulator,
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
  sign,
  startEmulator,
  verifySignature
};
//# sourceMappingURL=emulator-KRHZEJYT.js.map
