import {
  resolveTarget
} from "./chunk-X7ICCMR6.js";
import "./chunk-ZJ5EZHZB.js";
import "./chunk-Q5J7ZNL6.js";
export {
  resolveTarget
};
//# sourceMappingURL=target-YNXFHE7O.js.map
