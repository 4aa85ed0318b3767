import {
  renderRun,
  renderRuns
} from "./chunk-WTEOLMS6.js";
import "./chunk-RKEHRQ3N.js";
import "./chunk-X42CG4QS.js";
import "./chunk-V3DY5YFY.js";
import "./chunk-5YJFGHFQ.js";
export {
  renderRun,
  renderRuns
};
//# sourceMappingURL=runs-view-IZX4KXDX.js.map
