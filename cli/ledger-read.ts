import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { parse } from 'csv-parse';
import iconv from 'iconv-lite';
import type { Readable } from 'node:stream';
import { createDocumentClient } from '../shared/aws/clients.js';
import { rejectsFileLayout } from '../shared/egress/partner-csv.js';
import { splitReasons } from '../shared/egress/rows.js';
import { Ledger, type Run } from '../shared/ledger/index.js';
import { parseS3Url } from '../local/copy-outputs.js';

export interface RunQuery {
  feed?: string;
  since?: string;
  limit: number;
}

/**
 * Runs newest first. With a feed, that feed's runs (the byFeed index); without, every run in the ledger whatever its
 * feed — read from the same index, which holds runs only — so runs of feeds missing from a manifest still show.
 */
export async function queryRuns(dynamodb: DynamoDBClient, table: string, query: RunQuery): Promise<Run[]> {
  const doc = createDocumentClient(dynamodb);
  if (query.feed) return new Ledger(doc, table).listRuns(query.feed, query.since, query.limit);
  const runs: Run[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await doc.send(
      new ScanCommand({
        TableName: table,
        IndexName: 'byFeed',
        ...(query.since ? { FilterExpression: 'createdAt >= :since', ExpressionAttributeValues: { ':since': query.since } } : {}),
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    for (const item of page.Items ?? []) {
      if (item.sk !== 'RUN') continue;
      const { pk: _pk, sk: _sk, ...run } = item;
      runs.push(run as Run);
    }
    start = page.LastEvaluatedKey;
  } while (start);
  return runs.sort((a, b) => b.createdAt.localeCompare(a.createdAt)).slice(0, query.limit);
}

/**
 * Why records were rejected, counted from the run's rejects file: each `field: message` with its count, most first.
 * The file is read as it was written — in the partner's layout (egress.rejectsLayout: partner) with their delimiter
 * and encoding, which its content type and metadata say (partner-csv.ts); the reasons are its last column.
 */
export async function rejectReasons(s3: S3Client, run: Run, top = 10): Promise<[string, number][]> {
  const url = run.outputs?.find((o) => o.endsWith('.rejects.csv'));
  if (!url) return [];
  const { bucket, key } = parseS3Url(url);
  const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  const { encoding, delimiter } = rejectsFileLayout(object.ContentType, object.Metadata);
  const counts = new Map<string, number>();
  const rows = (object.Body as Readable).pipe(iconv.decodeStream(encoding)).pipe(parse({ bom: true, delimiter, relax_column_count: true }));
  let header: string[] | undefined;
  for await (const row of rows as AsyncIterable<string[]>) {
    if (!header) {
      header = row;
      continue;
    }
    for (const reason of splitReasons(row.at(-1) ?? '', header)) counts.set(reason, (counts.get(reason) ?? 0) + 1);
  }
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, top);
}
