import { describe, expect, it } from 'vitest';
import { droppedObjects } from '../../../shared/ingress/s3-records.js';

const record = (eventName: string, key: string) => ({
  eventVersion: '2.1',
  eventSource: 'aws:s3',
  eventName,
  s3: { bucket: { name: 'inbox' }, object: { key, size: 12, eTag: 'abc', versionId: 'v1', sequencer: '0A' } },
});

describe('droppedObjects', () => {
  it('takes ObjectCreated records of any kind, keys as given (already decoded)', () => {
    const body = {
      Records: [
        record('ObjectCreated:Put', 'acme/contacts/a b.csv'),
        record('ObjectCreated:CompleteMultipartUpload', 'acme/contacts/big.csv'),
        record('ObjectRemoved:Delete', 'acme/contacts/gone.csv'),
      ],
    };
    expect(droppedObjects(body)).toEqual([
      { bucket: 'inbox', key: 'acme/contacts/a b.csv', etag: 'abc', size: 12, versionId: 'v1', sequencer: '0A' },
      { bucket: 'inbox', key: 'acme/contacts/big.csv', etag: 'abc', size: 12, versionId: 'v1', sequencer: '0A' },
    ]);
  });

  it('treats the s3:TestEvent and foreign bodies as no work', () => {
    expect(droppedObjects({ Service: 'Amazon S3', Event: 's3:TestEvent', Bucket: 'inbox' })).toEqual([]);
    expect(droppedObjects('not json at all')).toEqual([]);
    expect(droppedObjects({ Records: 'nope' })).toEqual([]);
  });
});
