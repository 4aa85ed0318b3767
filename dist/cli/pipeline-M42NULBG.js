import {
  startPipeline
} from "./chunk-H3JK7XBQ.js";
import "./chunk-2EB7FV5Q.js";
import "./chunk-7KWDS5G2.js";
import "./chunk-MNF22CDU.js";
export {
  startPipeline
};
//# sourceMappingURL=pipeline-M42NULBG.js.map
