import {
  addInboxOption,
  addJsonOption,
  addLedgerOption,
  addManifestOption,
  manifestPath
} from "./chunk-PAMWLTXM.js";
import "./chunk-ZJ5EZHZB.js";
import "./chunk-7OHJ3NUU.js";
export {
  addInboxOption,
  addJsonOption,
  addLedgerOption,
  addManifestOption,
  manifestPath
};
//# sourceMappingURL=options-3P6FCQJS.js.map
