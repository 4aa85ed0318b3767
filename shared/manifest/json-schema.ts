import * as z from 'zod';
import { Manifest } from './schema.js';

/** The manifest's JSON Schema as committed in feeds/feeds.schema.json (input side: defaults are optional). */
export function manifestJsonSchema(): string {
  const schema = z.toJSONSchema(Manifest, { io: 'input', unrepresentable: 'any' });
  return `${JSON.stringify({ ...schema, title: 'flatfeed feed manifest' }, null, 2)}\n`;
}
