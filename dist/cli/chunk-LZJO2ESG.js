// local/copy-outputs.ts
import { createWriteStream } from "node:fs";
import { mkdir } from "node:fs/promises";
import { dirname, join, relative, resolve } from "node:path";
import { pipeline } from "node:stream/promises";
import { GetObjectCommand } from "@aws-sdk/client-s3";
function parseS3Url(url) {
  const m = /^s3:\/\/([^/]+)\/(.+)$/.exec(url);
  if (!m) throw new Error(`not an s3:// object URL: ${url}`);
  return { bucket: m[1], key: m[2] };
}
async function copyOutputs(s3, urls, dir) {
  const paths = [];
  for (const url of urls) {
    const { bucket, key } = parseS3Url(url);
    const root = resolve(dir, bucket);
    const path = resolve(root, key);
    if (relative(root, path).startsWith("..")) throw new Error(`refusing to copy ${url} outside ${root}`);
    await mkdir(dirname(path), { recursive: true });
    const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    await pipeline(object.Body, createWriteStream(path));
    paths.push(join(dir, bucket, key));
  }
  return paths;
}

export {
  parseS3Url,
  copyOutputs
};
//# sourceMappingURL=chunk-LZJO2ESG.js.map
