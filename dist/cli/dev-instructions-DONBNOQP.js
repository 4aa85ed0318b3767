import {
  DEV_FILE
} from "./chunk-ZJ5EZHZB.js";

// cli/dev-instructions.ts
function devInstructions(stack) {
  const { manifest, local, flatfile } = stack;
  const { buckets } = local.names;
  const feed = manifest.feeds[0];
  const lines = [
    "flatfeed dev: the whole pipeline on 127.0.0.1",
    "",
    `  S3 + SQS        ${local.endpoints.s3}`,
    `  DynamoDB        ${local.endpoints.dynamodb}`,
    `  buckets         inbox ${buckets.inbox}, outbox ${buckets.outbox}, rejects ${buckets.rejects}`,
    `  ledger table    ${local.names.tables.ledger}`,
    `  Flatfile        ${flatfile.apiUrl ?? "https://platform.flatfile.com/api"}${stack.emulated ? ` (emulator, token ${flatfile.token})` : ""}`,
    `  environment id  ${flatfile.environmentId}`,
    `  feeds           ${manifest.feeds.map((f) => `${f.name} \u2192 s3://${buckets.inbox}/${f.source.inboxPrefix}`).join(", ")}`,
    `  written to      ${DEV_FILE} (flatfeed drop / runs / run read it)`,
    "",
    "In another shell:",
    ...Object.entries(local.env).map(([k, v]) => `  export ${k}=${v}`)
  ];
  if (feed) {
    lines.push(
      `  aws s3 cp --endpoint-url ${local.endpoints.s3} ./file.csv s3://${buckets.inbox}/${feed.source.inboxPrefix}`,
      `  aws s3 ls --endpoint-url ${local.endpoints.s3} --recursive s3://${buckets.outbox}/`,
      "",
      "or, without the exports:",
      `  npx flatfeed drop ./file.csv --feed ${feed.name}`,
      `  npx flatfeed runs --feed ${feed.name}`,
      "  npx flatfeed run <run id>"
    );
  }
  lines.push("", "Handlers log errors only; POWERTOOLS_LOG_LEVEL=INFO npm run dev shows more. Ctrl-C stops.", "", "Runs:");
  return lines;
}
export {
  devInstructions
};
//# sourceMappingURL=dev-instructions-DONBNOQP.js.map
