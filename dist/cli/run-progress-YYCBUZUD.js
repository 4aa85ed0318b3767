import {
  progressText
} from "./chunk-DZNHLYMQ.js";
import "./chunk-FZSPOR3H.js";
import "./chunk-LPDZMJC5.js";
export {
  progressText
};
//# sourceMappingURL=run-progress-YYCBUZUD.js.map
