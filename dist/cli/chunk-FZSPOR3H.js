// local/run-timeline.ts
var STAGE_ORDER = ["ingress", "upload", "extract", "mapping", "validate", "egress"];
function timeline(run, now = /* @__PURE__ */ new Date()) {
  const stages = Object.entries(run.stages ?? {});
  const rank = (s) => STAGE_ORDER.includes(s) ? STAGE_ORDER.indexOf(s) : STAGE_ORDER.length;
  stages.sort(([a, ta], [b, tb]) => rank(a) - rank(b) || (ta.startedAt ?? "").localeCompare(tb.startedAt ?? ""));
  return stages.map(([stage, t]) => {
    const start = t.startedAt ? Date.parse(t.startedAt) : void 0;
    const end = t.endedAt ? Date.parse(t.endedAt) : void 0;
    const running = start !== void 0 && end === void 0;
    const seconds = start === void 0 ? void 0 : ((end ?? now.getTime()) - start) / 1e3;
    return { stage, ...t.startedAt ? { startedAt: t.startedAt } : {}, ...t.endedAt ? { endedAt: t.endedAt } : {}, ...seconds !== void 0 ? { seconds } : {}, running };
  });
}
function rateOf(run, previous) {
  const p = run.progress;
  if (!p) return void 0;
  const startedAt = run.stages?.[p.stage]?.startedAt;
  let perSecond;
  if (startedAt) {
    const s = (Date.parse(p.at) - Date.parse(startedAt)) / 1e3;
    if (s > 0 && p.done > 0) perSecond = p.done / s;
  } else if (previous && previous.stage === p.stage) {
    const s = (Date.parse(p.at) - Date.parse(previous.at)) / 1e3;
    if (s > 0 && p.done > previous.done) perSecond = (p.done - previous.done) / s;
  }
  const etaSeconds = perSecond && p.total !== void 0 && p.total >= p.done ? (p.total - p.done) / perSecond : void 0;
  return { done: p.done, ...p.total !== void 0 ? { total: p.total } : {}, ...perSecond ? { perSecond } : {}, ...etaSeconds !== void 0 ? { etaSeconds } : {} };
}
var int = (n) => Math.round(n).toLocaleString("en-US");
function duration(seconds) {
  if (seconds < 10) return `${seconds.toFixed(1)} s`;
  if (seconds < 90) return `${Math.round(seconds)} s`;
  const m = Math.floor(seconds / 60);
  if (m < 90) return `${m} min ${Math.round(seconds - m * 60)} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}
function progressPhrase(run, previous) {
  const p = run.progress;
  const r = rateOf(run, previous);
  if (!p || !r) return void 0;
  const of = r.total !== void 0 ? ` of ${int(r.total)}` : "";
  const pct = r.total ? ` (${Math.floor(100 * r.done / r.total)}%)` : "";
  const rate = r.perSecond ? `, ${int(r.perSecond)}/s` : "";
  const eta = r.etaSeconds !== void 0 ? `, ETA ${duration(r.etaSeconds)}` : "";
  return `${p.stage} ${int(r.done)}${of} records${pct}${rate}${eta}`;
}

export {
  timeline,
  duration,
  progressPhrase
};
//# sourceMappingURL=chunk-FZSPOR3H.js.map
