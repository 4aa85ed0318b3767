import {
  queryRuns,
  rejectReasons
} from "./chunk-IIDXYP2B.js";
import "./chunk-ZU3FEKYI.js";
import "./chunk-LZJO2ESG.js";
import "./chunk-Q5J7ZNL6.js";
import "./chunk-A24VEB3K.js";
import "./chunk-5YJFGHFQ.js";
export {
  queryRuns,
  rejectReasons
};
//# sourceMappingURL=ledger-read-5CTNIIBL.js.map
