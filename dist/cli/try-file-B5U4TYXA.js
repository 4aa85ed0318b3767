import {
  manifestDir,
  readFile,
  tryFile
} from "./chunk-3JOGA3LU.js";
import "./chunk-QPB4VWX4.js";
import "./chunk-ZVKV3OJC.js";
import "./chunk-GDEB4I5J.js";
import "./chunk-ZU3FEKYI.js";
import "./chunk-7KWDS5G2.js";
import "./chunk-LNUHMRFO.js";
import "./chunk-NP6IF4YY.js";
export {
  manifestDir,
  readFile,
  tryFile
};
//# sourceMappingURL=try-file-B5U4TYXA.js.map
