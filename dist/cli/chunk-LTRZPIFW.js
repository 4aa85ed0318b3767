import {
  tryFile
} from "./chunk-3JOGA3LU.js";
import {
  copyOutputs
} from "./chunk-LZJO2ESG.js";
import {
  manifestPath
} from "./chunk-PAMWLTXM.js";
import {
  loadManifest
} from "./chunk-KBICBZ7T.js";

// cli/review-hints.ts
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
async function reviewHints(s3, run, manifest) {
  const feed = (await loadManifest(await manifestPath({ ...manifest ? { manifest } : {} }))).feeds.find((f) => f.name === run.feed);
  if (!feed || run.member) return void 0;
  const dir = await mkdtemp(join(tmpdir(), "flatfeed-review-"));
  try {
    const [path] = await copyOutputs(s3, [`s3://${run.bucket}/${run.key}`], dir);
    const report = await tryFile(path, feed, { sample: 0 });
    return { headers: report.headers, fieldMap: fieldMapLines(report, run.missingFields ?? report.decision.missingFields) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
function fieldMapLines(report, missing) {
  if (missing.length === 0) return [];
  const lines = ["mapping:", "  fieldMap:"];
  for (const field of missing) {
    const planned = report.plan.find((p) => p.field === field);
    const header = planned?.header ?? planned?.suggestion?.header ?? "<one of the headers above>";
    lines.push(`    ${JSON.stringify(header)}: ${field}`);
  }
  return lines;
}

export {
  reviewHints,
  fieldMapLines
};
//# sourceMappingURL=chunk-LTRZPIFW.js.map
