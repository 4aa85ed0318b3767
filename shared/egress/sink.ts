import { once } from 'node:events';
import { PassThrough } from 'node:stream';
import type { S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';

export interface SinkOptions {
  s3: S3Client;
  bucket: string;
  key: string;
  contentType: string;
  /** S3 user metadata (`x-amz-meta-*`): how a reader should read the object, when its content type cannot say. */
  metadata?: Record<string, string>;
  /** Multipart part size (S3 minimum 5 MiB); also bounds what the upload buffers. */
  partSizeBytes?: number;
}

/**
 * One S3 object written as a stream through a multipart upload: text goes in as it is produced, parts go out as they
 * fill, and a writer waits whenever the upload falls behind, so memory stays at a few parts whatever the size.
 */
export class ObjectSink {
  readonly key: string;
  private readonly body = new PassThrough();
  private readonly upload: Upload;
  private readonly done: Promise<unknown>;

  constructor(o: SinkOptions) {
    this.key = o.key;
    this.upload = new Upload({
      client: o.s3,
      params: { Bucket: o.bucket, Key: o.key, Body: this.body, ContentType: o.contentType, ...(o.metadata ? { Metadata: o.metadata } : {}) },
      partSize: o.partSizeBytes ?? 8 * 1024 * 1024,
      // Three parts in flight (24 MB) keep the export from waiting on uploads; four only held more memory.
      queueSize: 3,
    });
    this.done = this.upload.done();
    this.done.catch(() => undefined);
  }

  async write(chunk: string | Uint8Array): Promise<void> {
    if (chunk.length === 0 || this.body.write(chunk)) return;
    await Promise.race([
      once(this.body, 'drain'),
      this.done.then(() => {
        throw new Error(`upload of ${this.key} ended before its data`);
      }),
    ]);
  }

  async end(): Promise<void> {
    this.body.end();
    await this.done;
  }

  /** Abandons the object: the multipart upload is aborted, so no partial object appears. */
  async abort(): Promise<void> {
    await this.upload.abort().catch(() => undefined);
    this.body.destroy();
  }
}
