import {
  CliError
} from "./chunk-6LCKXXPL.js";

// cli/since.ts
var UNITS = { m: 6e4, h: 36e5, d: 864e5 };
function parseSince(text, now = /* @__PURE__ */ new Date()) {
  const span = /^(\d+)([mhd])$/.exec(text.trim());
  if (span) return new Date(now.getTime() - Number(span[1]) * UNITS[span[2]]).toISOString();
  const at = Date.parse(text);
  if (Number.isNaN(at)) throw new CliError(`--since ${text}: expected a span such as 30m, 24h, 7d or a date such as 2026-11-20`);
  return new Date(at).toISOString();
}
export {
  parseSince
};
//# sourceMappingURL=since-XLVSMIFX.js.map
