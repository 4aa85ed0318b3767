import {
  watchRuns
} from "./chunk-HAK6BOHJ.js";
export {
  watchRuns
};
//# sourceMappingURL=run-watch-C6TZMI7G.js.map
