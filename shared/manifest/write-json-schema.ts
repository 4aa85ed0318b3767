// `npm run schema`: regenerate feeds/feeds.schema.json from the zod schema, so editors complete feeds.yaml.
import { writeFile } from 'node:fs/promises';
import { manifestJsonSchema } from './json-schema.js';

const target = new URL('../../feeds/feeds.schema.json', import.meta.url);
await writeFile(target, manifestJsonSchema());
console.log(`wrote ${target.pathname}`);
