// `npm run bench -- <name> [<name> ...]` runs bench/<name>.bench.ts; no name runs them all.
import { readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { join } from 'node:path';

const dir = fileURLToPath(new URL('.', import.meta.url));
const available = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .map((f) => f.replace(/\.bench\.ts$/, ''))
  .sort();
const asked = process.argv.slice(2);
const unknown = asked.filter((n) => !available.includes(n));
if (unknown.length > 0) {
  console.error(`unknown benchmark(s): ${unknown.join(', ')}; available: ${available.join(', ')}`);
  process.exit(2);
}
for (const name of asked.length > 0 ? asked : available) {
  console.log(`\n== bench ${name}`);
  const mod = (await import(pathToFileURL(join(dir, `${name}.bench.ts`)).href)) as { default: () => Promise<void> };
  await mod.default();
}
