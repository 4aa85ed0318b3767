import {
  flatfileFromEnv
} from "./chunk-73TCTKQX.js";
export {
  flatfileFromEnv
};
//# sourceMappingURL=flatfile-target-XVY7AAQH.js.map
