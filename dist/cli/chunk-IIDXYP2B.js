import {
  parseS3Url
} from "./chunk-LZJO2ESG.js";
import {
  createDocumentClient
} from "./chunk-Q5J7ZNL6.js";
import {
  Ledger
} from "./chunk-A24VEB3K.js";

// cli/ledger-read.ts
import { GetObjectCommand } from "@aws-sdk/client-s3";
import { ScanCommand } from "@aws-sdk/lib-dynamodb";
import { parse } from "csv-parse";

// shared/egress/pages.ts
import { Agent as HttpAgent, request as httpRequest } from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";

// shared/flatfile/client.ts
import { FlatfileEnvironment } from "@flatfile/api/environments.js";

// shared/egress/pages.ts
var agents = { http: new HttpAgent({ keepAlive: true }), https: new HttpsAgent({ keepAlive: true }) };

// shared/egress/jsonl-scan.ts
function bytes(text) {
  return new Uint8Array(Buffer.from(text, "utf8"));
}
var LINE_OPEN = bytes('{"__k":"');

// shared/egress/writers.ts
import { stringify } from "csv-stringify/sync";

// shared/egress/sink.ts
import { Upload } from "@aws-sdk/lib-storage";

// shared/egress/writers.ts
var ID_KEY = Buffer.from('{"_id":');
var NULL = Buffer.from("null");
var LINE_END = Buffer.from("}\n");
var TRUE = Buffer.from("true");
var FALSE = Buffer.from("false");

// shared/egress/stream-export.ts
var REASONS_COLUMN = "reasons";

// cli/ledger-read.ts
async function queryRuns(dynamodb, table, query) {
  const doc = createDocumentClient(dynamodb);
  if (query.feed) return new Ledger(doc, table).listRuns(query.feed, query.since, query.limit);
  const runs = [];
  let start;
  do {
    const page = await doc.send(
      new ScanCommand({
        TableName: table,
        IndexName: "byFeed",
        ...query.since ? { FilterExpression: "createdAt >= :since", ExpressionAttributeValues: { ":since": query.since } } : {},
        ...start ? { ExclusiveStartKey: start } : {}
      })
    );
    for (const item of page.Items ?? []) {
      if (item.sk !== "RUN") continue;
      const { pk: _pk, sk: _sk, ...run } = item;
      runs.push(run);
    }
    start = page.LastEvaluatedKey;
  } while (start);
  return runs.sort((a, b) => b.createdAt.localeCompare(a.createdAt)).slice(0, query.limit);
}
async function rejectReasons(s3, run, top = 10) {
  const url = run.outputs?.find((o) => o.endsWith(".rejects.csv"));
  if (!url) return [];
  const { bucket, key } = parseS3Url(url);
  const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  const counts = /* @__PURE__ */ new Map();
  for await (const row of object.Body.pipe(parse({ columns: true, bom: true }))) {
    for (const reason of (row[REASONS_COLUMN] ?? "").split("; ").filter(Boolean)) counts.set(reason, (counts.get(reason) ?? 0) + 1);
  }
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, top);
}

export {
  queryRuns,
  rejectReasons
};
//# sourceMappingURL=chunk-IIDXYP2B.js.map
