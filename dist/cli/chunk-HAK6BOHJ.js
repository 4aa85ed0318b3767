// local/run-watch.ts
function watchRuns(options) {
  const { ledger, feeds, since, onChange } = options;
  const seen = /* @__PURE__ */ new Map();
  const progressSaid = /* @__PURE__ */ new Map();
  let stopped = false;
  let timer;
  const poll = async () => {
    const lists = await Promise.all(feeds.map((feed) => ledger.listRuns(feed, since)));
    for (const run of lists.flat().sort((a, b) => a.createdAt.localeCompare(b.createdAt))) {
      const previous = seen.get(run.runId);
      seen.set(run.runId, run);
      if (previous?.state !== run.state) onChange(run, previous?.state);
      else reportProgress(run);
    }
  };
  const reportProgress = (run) => {
    const progress = run.progress;
    if (!options.onProgress || !progress) return;
    const said = progressSaid.get(run.runId);
    if (said && (said.progress.at === progress.at || Date.now() - said.at < (options.progressEveryMs ?? 5e3))) return;
    options.onProgress(run, said?.progress);
    progressSaid.set(run.runId, { at: Date.now(), progress });
  };
  let current = Promise.resolve();
  const tick = () => {
    current = poll().catch((err) => options.onError?.(err)).finally(() => {
      if (!stopped) timer = setTimeout(tick, options.intervalMs ?? 250);
    });
  };
  tick();
  return {
    runs: () => seen,
    async poll() {
      await current;
      await poll();
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await current;
    }
  };
}

export {
  watchRuns
};
//# sourceMappingURL=chunk-HAK6BOHJ.js.map
