import {
  renderRun,
  renderRuns
} from "./chunk-QV5QYYCY.js";
import "./chunk-RKEHRQ3N.js";
import "./chunk-FZSPOR3H.js";
import "./chunk-V3DY5YFY.js";
export {
  renderRun,
  renderRuns
};
//# sourceMappingURL=runs-view-O64KFZ7B.js.map
