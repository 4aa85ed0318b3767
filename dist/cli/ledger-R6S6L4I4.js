import {
  Ledger,
  TERMINAL_STATES
} from "./chunk-LPDZMJC5.js";
export {
  Ledger,
  TERMINAL_STATES
};
//# sourceMappingURL=ledger-R6S6L4I4.js.map
