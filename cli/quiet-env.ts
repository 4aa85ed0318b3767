// Imported first by cli/main.ts, before any module builds a logger or an SDK client: the CLI's output is for people,
// so the in-process handlers' JSON logs, EMF metrics and the SDK's Node-version notice stay quiet unless asked for.
const defaults: Record<string, string> = {
  POWERTOOLS_LOG_LEVEL: 'ERROR',
  POWERTOOLS_METRICS_DISABLED: 'true',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
};
for (const [name, value] of Object.entries(defaults)) process.env[name] ??= value;
