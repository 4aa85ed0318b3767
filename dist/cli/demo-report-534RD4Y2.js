import {
  renderTable
} from "./chunk-V3DY5YFY.js";

// cli/demo-report.ts
var n = (v) => v === void 0 ? "-" : String(v);
function renderDemoReport(result) {
  const table = renderTable(
    [
      { header: "feed" },
      { header: "file" },
      { header: "rows", align: "right" },
      { header: "valid", align: "right" },
      { header: "invalid", align: "right" },
      { header: "state" },
      { header: "outputs", align: "right" },
      { header: "seconds", align: "right" }
    ],
    result.rows.map((r) => [
      r.feed,
      r.sample.slice(r.feed.length + 1),
      n(r.counts.rowsRead),
      n(r.counts.valid),
      n(r.counts.invalid),
      r.state,
      String(r.outputs.length),
      r.seconds?.toFixed(1) ?? "-"
    ])
  );
  const lines = ["", ...table];
  const reasons = result.rows.filter((r) => r.reason);
  if (reasons.length > 0) lines.push("", "Notes:", ...reasons.map((r) => `  ${r.sample}: ${r.reason}`));
  const copies = result.rows.flatMap((r) => r.copies);
  if (copies.length > 0) lines.push("", `Outputs copied to ${result.outDir}/ (outbox and rejects, by bucket and key):`, ...copies.map((c) => `  ${c}`));
  lines.push("");
  const wrong = result.rows.filter((r) => r.problems.length > 0);
  for (const r of wrong) lines.push(`\u2717 ${r.sample}: ${r.problems.join("; ")}`);
  const seconds = (result.elapsedMs / 1e3).toFixed(1);
  if (result.timedOut) lines.push(`\u2717 The demo gave up after ${seconds} s: the pipeline did not finish every run in time.`);
  else if (result.ok) lines.push(`\u2713 All ${result.rows.length} runs reached their expected state (samples/expected.json) in ${seconds} s.`);
  else lines.push(`\u2717 ${wrong.length} of ${result.rows.length} runs did not reach their expected state (samples/expected.json).`);
  return lines;
}
export {
  renderDemoReport
};
//# sourceMappingURL=demo-report-534RD4Y2.js.map
