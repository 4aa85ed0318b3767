// `npm run schema`: regenerate what is derived from the manifest schema and its dependencies:
// feeds/feeds.schema.json from the zod schema, so editors complete feeds.yaml, and the list of encoding names
// iconv-lite knows, which the schema checks `format.encoding` against.
import { writeFile } from 'node:fs/promises';
import { iconvEncodingsModule } from './encodings-source.js';
import { manifestJsonSchema } from './json-schema.js';

for (const [target, text] of [
  [new URL('../../feeds/feeds.schema.json', import.meta.url), manifestJsonSchema()],
  [new URL('./iconv-encodings.ts', import.meta.url), iconvEncodingsModule()],
] as const) {
  await writeFile(target, text);
  console.log(`wrote ${target.pathname}`);
}
