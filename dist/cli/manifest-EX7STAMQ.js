import {
  checkRules,
  formatPath,
  loadManifest,
  parseManifest
} from "./chunk-KBICBZ7T.js";
import {
  CERTAINTIES,
  Egress,
  EnumOption,
  Expectations,
  FIELD_TYPES,
  FILE_FORMATS,
  Feed,
  Field,
  FixedWidthColumn,
  Format,
  Limits,
  Manifest,
  Mapping,
  Schedule,
  Source,
  Validation
} from "./chunk-LNUHMRFO.js";
import {
  destinationPrefix,
  feedForKey
} from "./chunk-MNF22CDU.js";
import "./chunk-NP6IF4YY.js";
import {
  DEFAULT_MANIFEST_PATH
} from "./chunk-7OHJ3NUU.js";
export {
  CERTAINTIES,
  DEFAULT_MANIFEST_PATH,
  Egress,
  EnumOption,
  Expectations,
  FIELD_TYPES,
  FILE_FORMATS,
  Feed,
  Field,
  FixedWidthColumn,
  Format,
  Limits,
  Manifest,
  Mapping,
  Schedule,
  Source,
  Validation,
  checkRules,
  destinationPrefix,
  feedForKey,
  formatPath,
  loadManifest,
  parseManifest
};
//# sourceMappingURL=manifest-EX7STAMQ.js.map
