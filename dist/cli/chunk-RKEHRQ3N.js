// cli/colour.ts
var CODES = { red: [31, 39], green: [32, 39], yellow: [33, 39], cyan: [36, 39], dim: [2, 22], bold: [1, 22] };
function colourEnabled(env = process.env, stream = process.stdout) {
  if (env.NO_COLOR !== void 0 && env.NO_COLOR !== "") return false;
  if (env.FORCE_COLOR !== void 0 && env.FORCE_COLOR !== "0") return true;
  return Boolean(stream.isTTY) && env.TERM !== "dumb";
}
function painter(enabled = colourEnabled()) {
  return (style, text) => enabled && style && text ? `\x1B[${CODES[style][0]}m${text}\x1B[${CODES[style][1]}m` : text;
}
function stateStyle(state) {
  if (state === "done" || state === "expanded") return "green";
  if (["rejected", "failed", "mismatch", "stalled", "unrouted", "missing"].includes(state)) return "red";
  if (state === "needs-review") return "yellow";
  return "cyan";
}
var terminalWidth = (stream = process.stdout) => stream.isTTY && stream.columns ? stream.columns : void 0;

export {
  colourEnabled,
  painter,
  stateStyle,
  terminalWidth
};
//# sourceMappingURL=chunk-RKEHRQ3N.js.map
