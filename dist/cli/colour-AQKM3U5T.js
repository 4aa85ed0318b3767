import {
  colourEnabled,
  painter,
  stateStyle,
  terminalWidth
} from "./chunk-RKEHRQ3N.js";
export {
  colourEnabled,
  painter,
  stateStyle,
  terminalWidth
};
//# sourceMappingURL=colour-AQKM3U5T.js.map
