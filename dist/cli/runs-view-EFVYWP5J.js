import {
  renderRun,
  renderRuns
} from "./chunk-TUYP3YFX.js";
import "./chunk-RKEHRQ3N.js";
import "./chunk-X42CG4QS.js";
import "./chunk-V3DY5YFY.js";
import "./chunk-5YJFGHFQ.js";
export {
  renderRun,
  renderRuns
};
//# sourceMappingURL=runs-view-EFVYWP5J.js.map
