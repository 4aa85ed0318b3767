// An esbuild plugin that keeps iconv-lite's double-byte code tables (Shift_JIS, EUC-JP, GBK, Big5, EUC-KR: ~0.39 MB
// of the ingress bundle's ~1.6 MB) out of the JavaScript, as JSON files beside it. iconv-lite requires a table only
// when a file in that encoding is first decoded (`table: function () { return require("./tables/…json") }` in
// encodings/dbcs-data.js), but bundled as JavaScript every table was parsed at every cold start. Each require now
// reads its file from `iconv-tables/` beside the bundle file that holds it (`__dirname` is that file's folder: the
// bundle's banner defines it per file, infra/bundling.ts); `copyIconvTables` puts the files there after the build.
// test/infra/bundles.test.ts decodes Shift_JIS with the bundled code in a fresh node.
import { copyFileSync, mkdirSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { Metafile, Plugin } from 'esbuild';

const DBCS_DATA = /[\\/]node_modules[\\/]iconv-lite[\\/]encodings[\\/]dbcs-data\.js$/;
const NAMESPACE = 'iconv-table';
/** The folder, beside each bundle file holding a table's require, where the table's JSON file is read from. */
export const ICONV_TABLES_DIR = 'iconv-tables';

export function iconvTablesPlugin(): Plugin {
  return {
    name: 'iconv-tables',
    setup(build) {
      build.onResolve({ filter: /^\.\/tables\/[\w-]+\.json$/ }, (args) =>
        DBCS_DATA.test(args.importer) ? { path: resolve(dirname(args.importer), args.path), namespace: NAMESPACE } : undefined,
      );
      build.onLoad({ filter: /.*/, namespace: NAMESPACE }, (args) => ({
        contents:
          `module.exports = JSON.parse(require('node:fs').readFileSync(` +
          `require('node:path').join(__dirname, ${JSON.stringify(ICONV_TABLES_DIR)}, ${JSON.stringify(basename(args.path))}), 'utf8'));`,
        loader: 'js',
      }));
    },
  };
}

/** Copies each table a bundle file reads into `iconv-tables/` beside that file (esbuild's paths are relative to cwd). */
export function copyIconvTables(metafile: Metafile): void {
  for (const [output, { inputs }] of Object.entries(metafile.outputs)) {
    const tables = Object.keys(inputs).filter((input) => input.startsWith(`${NAMESPACE}:`));
    if (tables.length === 0) continue;
    const dir = join(dirname(resolve(output)), ICONV_TABLES_DIR);
    mkdirSync(dir, { recursive: true });
    for (const table of tables) {
      const source = table.slice(NAMESPACE.length + 1);
      copyFileSync(source, join(dir, basename(source)));
    }
  }
}
