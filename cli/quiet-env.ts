// Imported first by cli/main.ts, before any module builds a logger or an SDK client: the CLI's output is for people,
// so the in-process handlers' JSON logs and EMF metrics stay quiet unless asked for.
const defaults: Record<string, string> = {
  POWERTOOLS_LOG_LEVEL: 'ERROR',
  POWERTOOLS_METRICS_DISABLED: 'true',
};
for (const [name, value] of Object.entries(defaults)) process.env[name] ??= value;
