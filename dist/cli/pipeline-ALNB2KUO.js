import {
  startPipeline
} from "./chunk-OA4GLILA.js";
import "./chunk-EVFQIUKD.js";
import "./chunk-GXM3PPFH.js";
import "./chunk-MNF22CDU.js";
export {
  startPipeline
};
//# sourceMappingURL=pipeline-ALNB2KUO.js.map
