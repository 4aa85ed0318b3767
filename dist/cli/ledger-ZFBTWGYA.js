import {
  Ledger,
  activeStageOf
} from "./chunk-A24VEB3K.js";
import {
  TERMINAL_STATES
} from "./chunk-5YJFGHFQ.js";
export {
  Ledger,
  TERMINAL_STATES,
  activeStageOf
};
//# sourceMappingURL=ledger-ZFBTWGYA.js.map
