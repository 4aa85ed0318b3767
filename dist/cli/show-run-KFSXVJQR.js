import {
  reviewHints
} from "./chunk-4GLDDTWB.js";
import "./chunk-QVFNLZA2.js";
import "./chunk-QPB4VWX4.js";
import "./chunk-ZVKV3OJC.js";
import "./chunk-QGABK3VI.js";
import {
  resolveTarget
} from "./chunk-X7ICCMR6.js";
import {
  rejectReasons
} from "./chunk-VYJYYXIV.js";
import "./chunk-ZU3FEKYI.js";
import {
  renderRun
} from "./chunk-QV5QYYCY.js";
import {
  painter,
  terminalWidth
} from "./chunk-RKEHRQ3N.js";
import "./chunk-LZJO2ESG.js";
import "./chunk-GXM3PPFH.js";
import {
  progressPhrase
} from "./chunk-FZSPOR3H.js";
import "./chunk-V3DY5YFY.js";
import {
  flatfileFromEnv
} from "./chunk-73TCTKQX.js";
import {
  CliError
} from "./chunk-6LCKXXPL.js";
import "./chunk-PAMWLTXM.js";
import "./chunk-ZJ5EZHZB.js";
import {
  createDocumentClient
} from "./chunk-Q5J7ZNL6.js";
import {
  Ledger,
  TERMINAL_STATES
} from "./chunk-LPDZMJC5.js";
import "./chunk-KBICBZ7T.js";
import "./chunk-LNUHMRFO.js";
import "./chunk-MNF22CDU.js";
import "./chunk-NP6IF4YY.js";
import "./chunk-7OHJ3NUU.js";

// cli/show-run.ts
import { setTimeout as sleep } from "node:timers/promises";

// cli/flatfile-link.ts
async function flatfileLink(run, env = process.env) {
  const flatfile = flatfileFromEnv(env);
  if (!flatfile || !run.spaceId) return void 0;
  const base = (flatfile.apiUrl ?? "https://platform.flatfile.com/api").replace(/\/v1\/?$/, "").replace(/\/$/, "");
  try {
    const res = await fetch(`${base}/v1/spaces/${encodeURIComponent(run.spaceId)}`, {
      headers: { authorization: `Bearer ${flatfile.token}` },
      signal: AbortSignal.timeout(1e4)
    });
    if (!res.ok) return void 0;
    const body = await res.json();
    return body.data?.guestLink;
  } catch {
    return void 0;
  }
}

// cli/show-run.ts
async function showRun(id, opts) {
  const print = opts.print ?? ((line) => console.log(line));
  const target = await resolveTarget(opts);
  try {
    if (!target.ledgerTable) throw new CliError("no ledger table: start `npm run dev`, or pass --ledger-table / set LEDGER_TABLE");
    const ledger = new Ledger(createDocumentClient(target.dynamodb), target.ledgerTable);
    const read = async () => {
      const run2 = await ledger.getRun(id);
      if (!run2) throw new CliError(`no run ${id} in ${target.ledgerTable} on ${target.where}`);
      return run2;
    };
    if (opts.waitForRun) {
      const until = Date.now() + 12e4;
      while (!await ledger.getRun(id) && Date.now() < until) await sleep(opts.intervalMs ?? 1e3);
    }
    let run = await read();
    if (opts.watch) {
      const live = Boolean(process.stdout.isTTY) && !opts.json;
      let previous;
      let said = "";
      while (!TERMINAL_STATES.includes(run.state)) {
        const line = `${(/* @__PURE__ */ new Date()).toISOString().slice(11, 19)}  ${run.state}${run.progress ? `  ${progressPhrase(run, previous)}` : ""}`;
        if (line.slice(10) !== said) {
          if (live) process.stdout.write(`\r\x1B[2K${line}`);
          else print(line);
          said = line.slice(10);
        }
        previous = run.progress ?? previous;
        await sleep(opts.intervalMs ?? 1e3);
        run = await read();
      }
      if (live) process.stdout.write("\r\x1B[2K");
    }
    if (opts.json) {
      print(JSON.stringify(run, null, 2));
      return;
    }
    const extras = {};
    const reasons = await rejectReasons(target.s3, run).catch(() => []);
    if (reasons.length > 0) extras.reasons = reasons;
    const link = await flatfileLink(run);
    if (link) extras.flatfileLink = link;
    if (run.state === "needs-review") {
      const review = await reviewHints(target.s3, run, opts.manifest).catch(() => void 0);
      if (review) extras.review = review;
    }
    const width = terminalWidth();
    print(renderRun(run, extras, { paint: painter(), ...width ? { width } : {} }).join("\n"));
  } finally {
    target.destroy();
  }
}
export {
  showRun
};
//# sourceMappingURL=show-run-KFSXVJQR.js.map
