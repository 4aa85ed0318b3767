import {
  queryRuns,
  rejectReasons
} from "./chunk-VYJYYXIV.js";
import "./chunk-ZU3FEKYI.js";
import "./chunk-LZJO2ESG.js";
import "./chunk-Q5J7ZNL6.js";
import "./chunk-LPDZMJC5.js";
export {
  queryRuns,
  rejectReasons
};
//# sourceMappingURL=ledger-read-RFGMYS7T.js.map
