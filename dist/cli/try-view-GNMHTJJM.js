import {
  fieldMapLines
} from "./chunk-4GLDDTWB.js";
import "./chunk-QVFNLZA2.js";
import "./chunk-QPB4VWX4.js";
import "./chunk-ZVKV3OJC.js";
import "./chunk-QGABK3VI.js";
import "./chunk-ZU3FEKYI.js";
import {
  painter
} from "./chunk-RKEHRQ3N.js";
import "./chunk-LZJO2ESG.js";
import "./chunk-GXM3PPFH.js";
import {
  renderTable
} from "./chunk-V3DY5YFY.js";
import "./chunk-PAMWLTXM.js";
import "./chunk-ZJ5EZHZB.js";
import "./chunk-KBICBZ7T.js";
import "./chunk-LNUHMRFO.js";
import "./chunk-MNF22CDU.js";
import "./chunk-NP6IF4YY.js";
import "./chunk-7OHJ3NUU.js";

// cli/try-view.ts
var DELIMITER_NAMES = { ",": "comma", ";": "semicolon", "	": "tab", "|": "pipe" };
function renderTry(r, paint = painter(false)) {
  const lines = [`${r.file} (${r.bytes.toLocaleString("en-US")} bytes) as feed "${r.feed}"`, ""];
  const sniffed = [
    `  format     ${r.format}`,
    ...r.encoding ? [`  encoding   ${r.encoding}`] : [],
    ...r.delimiter ? [`  delimiter  ${DELIMITER_NAMES[r.delimiter] ?? JSON.stringify(r.delimiter)}`] : [],
    ...r.sheet ? [`  sheet      ${r.sheet}`] : []
  ];
  lines.push("sniffed", ...sniffed);
  if (r.otherMembers) lines.push(`  also in the zip (each a run of its own): ${r.otherMembers.join(", ")}`);
  if (r.refused) {
    lines.push("", paint("red", `\u2717 the file would be rejected: ${r.refused.reason}: ${r.refused.message}`));
    return lines;
  }
  lines.push(`  header     ${r.headers.map((h) => JSON.stringify(h)).join(", ")}`, "");
  lines.push("mapping");
  lines.push(
    ...renderTable(
      [{ header: "  field" }, { header: "required" }, { header: "from header" }, { header: "certainty", style: (c) => c === "-" ? "red" : c === "absolute" || c === "strong" ? "green" : "yellow" }, { header: "by" }],
      r.plan.map((p) => [
        `  ${p.field}`,
        p.required ? "yes" : "",
        p.header ?? (p.suggestion ? `(${p.suggestion.header}?)` : "-"),
        p.certainty ?? (p.suggestion ? p.suggestion.certainty : "-"),
        p.origin ?? (p.suggestion ? "below the feed's minimum certainty" : "")
      ]),
      { paint }
    )
  );
  if (r.unmappedHeaders.length > 0) lines.push(`  not mapped: ${r.unmappedHeaders.map((h) => JSON.stringify(h)).join(", ")}`);
  if (r.decision.action === "execute") lines.push(paint("green", "  \u2713 the plan runs unattended"));
  else {
    lines.push(paint("yellow", `  ! a person must confirm the mapping in Flatfile: ${r.decision.reason}`));
    const yaml = fieldMapLines(r, r.decision.missingFields);
    if (yaml.length > 0) lines.push("  to map them without a person, add to the feed:", ...yaml.map((l) => `      ${l}`));
  }
  lines.push("", `records    ${r.rows} read, ${paint("green", `${r.valid} valid`)}, ${paint(r.invalid > 0 ? "red" : void 0, `${r.invalid} invalid`)}`);
  if (r.firstValid.length > 0) {
    lines.push("", `first valid rows, as egress writes them (JSONL)`);
    lines.push(...r.firstValid.map((row) => `  ${JSON.stringify(row)}`));
  }
  if (r.firstInvalid.length > 0) {
    lines.push("", "first invalid rows, with the reasons the rejects file gives");
    for (const bad of r.firstInvalid) lines.push(`  row ${bad.row}: ${bad.reasons}`, paint("dim", `    ${JSON.stringify(bad.values)}`));
  }
  lines.push("", paint("dim", "Nothing was uploaded or written."));
  return lines;
}
export {
  renderTry
};
//# sourceMappingURL=try-view-GNMHTJJM.js.map
