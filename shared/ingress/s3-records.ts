import type { S3EventRecord } from 'aws-lambda';

/** The object an S3 notification speaks of, key already URL-decoded (by @middy/event-normalizer). */
export interface DroppedObject {
  bucket: string;
  key: string;
  etag: string;
  versionId?: string;
  size: number;
  sequencer?: string;
}

/**
 * The ObjectCreated records in an ingress message body. S3's `s3:TestEvent` (sent once when notifications are
 * configured) and other event types carry no work and yield nothing.
 */
export function droppedObjects(body: unknown): DroppedObject[] {
  if (typeof body !== 'object' || body === null || !('Records' in body)) return [];
  const records = (body as { Records: unknown }).Records;
  if (!Array.isArray(records)) return [];
  return (records as S3EventRecord[])
    .filter((r) => r?.eventSource === 'aws:s3' && r.eventName?.startsWith('ObjectCreated'))
    .map((r) => ({
      bucket: r.s3.bucket.name,
      key: r.s3.object.key,
      etag: r.s3.object.eTag ?? '',
      size: r.s3.object.size ?? 0,
      ...(r.s3.object.versionId ? { versionId: r.s3.object.versionId } : {}),
      ...(r.s3.object.sequencer ? { sequencer: r.s3.object.sequencer } : {}),
    }));
}
