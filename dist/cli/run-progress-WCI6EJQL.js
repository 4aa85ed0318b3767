import {
  progressText
} from "./chunk-MDNYORDY.js";
import "./chunk-X42CG4QS.js";
import "./chunk-A24VEB3K.js";
import "./chunk-5YJFGHFQ.js";
export {
  progressText
};
//# sourceMappingURL=run-progress-WCI6EJQL.js.map
