import {
  Ledger
} from "./chunk-A24VEB3K.js";
import "./chunk-5YJFGHFQ.js";

// cli/drop-file.ts
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { basename } from "node:path";
import { Upload } from "@aws-sdk/lib-storage";
async function dropFile(s3, bucket, feed, file, name = basename(file)) {
  const { size } = await stat(file);
  const key = `${feed.source.inboxPrefix}${name}`;
  const done = await new Upload({ client: s3, params: { Bucket: bucket, Key: key, Body: createReadStream(file) }, partSize: 8 * 1024 * 1024 }).done();
  const etag = (done.ETag ?? "").replace(/^"|"$/g, "");
  return { key, size, runId: Ledger.runIdOf({ bucket, key, etag }) };
}
export {
  dropFile
};
//# sourceMappingURL=drop-file-RG6FYSHE.js.map
