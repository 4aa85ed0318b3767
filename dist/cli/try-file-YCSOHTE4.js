import {
  manifestDir,
  readFile,
  tryFile
} from "./chunk-QVFNLZA2.js";
import "./chunk-QPB4VWX4.js";
import "./chunk-ZVKV3OJC.js";
import "./chunk-QGABK3VI.js";
import "./chunk-ZU3FEKYI.js";
import "./chunk-GXM3PPFH.js";
import "./chunk-LNUHMRFO.js";
import "./chunk-NP6IF4YY.js";
export {
  manifestDir,
  readFile,
  tryFile
};
//# sourceMappingURL=try-file-YCSOHTE4.js.map
