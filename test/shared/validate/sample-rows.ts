import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadManifest, type Feed } from '../../../shared/manifest/index.js';
import { loadFeedHooks, type FeedHooks, type SheetRecord } from '../../../shared/validate/index.js';

const root = new URL('../../../', import.meta.url);

/** The feed's sample file as sheet records (id = CSV line number), mapped positionally as the manifest orders fields. */
export function sampleRecords(feed: Feed): SheetRecord[] {
  const text =
    feed.name === 'orders'
      ? iconv.decode(gunzipSync(readFileSync(new URL('samples/orders/nordwind-orders-20261120.csv.gz', root))), 'windows-1252')
      : readFileSync(new URL('samples/contacts/acme-contacts-2026-11-16.csv', root), 'utf8');
  const rows = parse(text, { delimiter: feed.name === 'orders' ? ';' : ',' }) as string[][];
  return rows.slice(1).map((row, i) => ({
    id: `line${i + 2}`,
    values: Object.fromEntries(feed.fields.map((f, k) => [f.key, row[k] ?? ''])),
  }));
}

export const manifestUrl = new URL('feeds/feeds.yaml', root);

/** The example manifest's two feeds, and the orders feed's hooks loaded as the worker loads them. */
export async function sampleFeeds(): Promise<{ contacts: Feed; orders: Feed; ordersHooks: FeedHooks }> {
  const manifest = await loadManifest(fileURLToPath(manifestUrl));
  const orders = manifest.feeds.find((f) => f.name === 'orders')!;
  return {
    contacts: manifest.feeds.find((f) => f.name === 'contacts')!,
    orders,
    ordersHooks: await loadFeedHooks(orders, dirname(fileURLToPath(manifestUrl))),
  };
}
