import {
  hookRecord,
  loadFeedHooks
} from "./chunk-QPB4VWX4.js";
export {
  hookRecord,
  loadFeedHooks
};
//# sourceMappingURL=hooks-G4MVQHXD.js.map
