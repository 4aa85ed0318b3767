import type { Readable } from 'node:stream';
import type { S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';

export interface Inbox {
  s3: S3Client;
  bucket: string;
}

/** Streams a pulled file into the inbox; the bucket's notification starts the normal ingress run. */
export async function putInbox(
  inbox: Inbox,
  key: string,
  body: Readable,
  contentType?: string,
  metadata?: Record<string, string>,
): Promise<void> {
  const upload = new Upload({
    client: inbox.s3,
    params: {
      Bucket: inbox.bucket,
      Key: key,
      Body: body,
      ...(contentType ? { ContentType: contentType } : {}),
      ...(metadata ? { Metadata: metadata } : {}),
    },
  });
  await upload.done();
}
