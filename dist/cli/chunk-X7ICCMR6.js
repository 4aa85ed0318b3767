import {
  DEV_FILE,
  readDevFile
} from "./chunk-ZJ5EZHZB.js";
import {
  createDynamoClient,
  createS3Client
} from "./chunk-Q5J7ZNL6.js";

// cli/target.ts
import { S3Client } from "@aws-sdk/client-s3";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
async function resolveTarget(options, env = process.env, devFile = DEV_FILE) {
  const bucket = options.inboxBucket ?? env.INBOX_BUCKET;
  const table = options.ledgerTable ?? env.LEDGER_TABLE;
  const endpoints = Object.entries(env).filter(([k]) => k.startsWith("AWS_ENDPOINT_URL"));
  const dev = bucket || table ? void 0 : await readDevFile(devFile);
  if (dev && endpoints.every(([k, v]) => dev.env[k] === v)) {
    const base = {
      region: dev.env.AWS_REGION,
      credentials: { accessKeyId: dev.env.AWS_ACCESS_KEY_ID, secretAccessKey: dev.env.AWS_SECRET_ACCESS_KEY }
    };
    const s3 = new S3Client({ ...base, endpoint: dev.env.AWS_ENDPOINT_URL_S3, forcePathStyle: true });
    const dynamodb = new DynamoDBClient({ ...base, endpoint: dev.env.AWS_ENDPOINT_URL_DYNAMODB });
    return target(`the local dev stack (${devFile})`, s3, dynamodb, dev.buckets.inbox, dev.tables.ledger);
  }
  return target("AWS", createS3Client(env), createDynamoClient(), bucket, table);
}
function target(where, s3, dynamodb, inboxBucket, ledgerTable) {
  return {
    where,
    s3,
    dynamodb,
    ...inboxBucket ? { inboxBucket } : {},
    ...ledgerTable ? { ledgerTable } : {},
    destroy() {
      s3.destroy();
      dynamodb.destroy();
    }
  };
}

export {
  resolveTarget
};
//# sourceMappingURL=chunk-X7ICCMR6.js.map
