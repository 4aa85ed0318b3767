// An esbuild plugin that bundles only the parts of @flatfile/api the functions can reach. It changes no code of the
// SDK: every module in the bundle is the SDK's own file, only fewer of them.
//
// 1. Each resource client (`api/resources/<resource>/client/Client.js`) requires two barrels that re-export the
//    whole SDK: `../../../index` (the `Flatfile` namespace: types, enums and error classes of all ~40 resources) and
//    `../../../../serialization/index` (the request/response schemas of all resources, ~0.75 MB minified). For each
//    client the plugin replaces both barrels by a module exporting only the names that client uses
//    (`Flatfile.NotFoundError`, `serializers.records.insert.Request`, ...), each required from the file that defines
//    it, so esbuild includes those files and what they require, nothing else. The names are read from the client's
//    syntax tree; the defining file is found by loading the real barrel and matching the exported value itself.
//    A name that cannot be found, or a barrel used other than by `barrel.name...`, fails the build.
// 2. `node-fetch` and `form-data` required by @flatfile/api's core stay out of the bundle: the SDK requires them
//    only on Node < 18 (core/fetcher/getFetchFn.js, core/form-data-utils/FormDataWrapper.js: on Node >= 18 it uses
//    the global fetch and formdata-node). Lambda runs nodejs24.x; were they ever required there, the require would
//    throw "Cannot find module". (node-fetch is still bundled for @flatfile/listener, which uses it through
//    cross-fetch on every Node version.)
// 3. `whatwg-url` imported by node-fetch 2 becomes Node's own URL: node-fetch reads `Url.URL || whatwgUrl.URL`
//    (lib/index.mjs) and Node's `url` module has had URL since Node 10, so whatwg-url and its tr46 tables (~0.28 MB)
//    are never used.
// 4. `readable-stream` required by @flatfile/api's core becomes Node's own `stream`: the SDK requires it only to wrap a
//    multipart body (core/form-data-utils/FormDataWrapper.js: `Readable.from(encoder)`), and readable-stream 4 is a
//    userland copy of Node 18's streams, so `node:stream` is the same API. It was 77 KB parsed at every cold start.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, relative, sep } from 'node:path';
import type { Plugin } from 'esbuild';
import type TypeScript from 'typescript';

const RESOURCE_CLIENT = /[\\/]node_modules[\\/]@flatfile[\\/]api[\\/]api[\\/]resources[\\/][^\\/]+[\\/]client[\\/]Client\.js$/;
const FLATFILE_CORE = /[\\/]node_modules[\\/]@flatfile[\\/]api[\\/]core[\\/]/;
const NODE_FETCH = /[\\/]node_modules[\\/]node-fetch[\\/]/;
/** The barrels a resource client requires, as written in Client.js. */
const BARRELS = ['../../../index', '../../../../serialization/index'] as const;
const NAMESPACE = 'flatfile-api-pruned';

export class FlatfileApiPruneError extends Error {
  override readonly name = 'FlatfileApiPruneError';
}

export function flatfileApiPlugin(): Plugin {
  return {
    name: 'flatfile-api',
    async setup(build) {
      // Loaded here, not at import: only bundling needs the compiler, and synthesising a stack without bundling
      // (most infra tests) should not pay for it.
      const ts = (await import('typescript')).default;

      build.onResolve({ filter: /^(\.\.\/)+(serialization\/)?index$/ }, (args) => {
        if (!RESOURCE_CLIENT.test(args.importer) || !(BARRELS as readonly string[]).includes(args.path)) return undefined;
        return { path: `${args.importer}?${args.path}`, namespace: NAMESPACE };
      });
      build.onLoad({ filter: /.*/, namespace: NAMESPACE }, (args) => {
        const at = args.path.lastIndexOf('?');
        const client = args.path.slice(0, at);
        const barrel = args.path.slice(at + 1);
        return { contents: prunedBarrel(ts, client, barrel), loader: 'js', resolveDir: dirname(client) };
      });

      build.onResolve({ filter: /^(node-fetch|form-data)$/ }, (args) =>
        FLATFILE_CORE.test(args.importer) ? { path: args.path, external: true } : undefined,
      );
      build.onResolve({ filter: /^readable-stream$/ }, (args) =>
        FLATFILE_CORE.test(args.importer) ? { path: 'node:stream', external: true } : undefined,
      );
      build.onResolve({ filter: /^whatwg-url$/ }, (args) =>
        NODE_FETCH.test(args.importer) ? { path: 'whatwg-url', namespace: NAMESPACE + '-url' } : undefined,
      );
      build.onLoad({ filter: /.*/, namespace: NAMESPACE + '-url' }, () => ({
        contents: "module.exports = { URL: require('node:url').URL };",
        loader: 'js',
      }));
    },
  };
}

/**
 * The source of a module standing in for `barrel` as required by `client`: the same export tree (nested namespaces
 * such as `records.insert` included), restricted to what the client uses, each leaf a getter requiring its own file.
 * The getters keep evaluation lazy: a schema's file runs when a request first needs it, not at cold start.
 */
export function prunedBarrel(ts: typeof TypeScript, client: string, barrel: string): string {
  const require = createRequire(client);
  const barrelFile = require.resolve(barrel);
  const root = dirname(barrelFile);
  const exportsOf = require(barrel) as Record<string, unknown>;

  const tree: Tree = {};
  const { binding, paths } = usedPaths(ts, client, barrel);
  for (const path of paths) {
    const used = leafPath(exportsOf, path);
    if (!used) {
      throw new FlatfileApiPruneError(
        `${client}: ${[binding, ...path].join('.')} is not exported by ${barrel} (${barrelFile}); has @flatfile/api changed shape?`,
      );
    }
    const value = used.reduce<unknown>((v, k) => (v as Record<string, unknown>)[k], exportsOf);
    const name = used[used.length - 1]!;
    const file = definingFile(require, root, name, value);
    if (!file) {
      throw new FlatfileApiPruneError(`${client}: no single file under ${root} defines ${[binding, ...used].join('.')}`);
    }
    let node = tree;
    for (const key of used.slice(0, -1)) {
      const next = (node[key] ??= {});
      if (typeof next === 'string') throw new FlatfileApiPruneError(`${client}: ${used.join('.')} is both a leaf and a namespace`);
      node = next;
    }
    node[name] = `require(${JSON.stringify(requirePath(dirname(client), file))}).${name}`;
  }
  return [
    `// ${barrel} as ${relative(root, client)} uses it, generated by infra/flatfile-api-plugin.ts.`,
    '"use strict";',
    `module.exports = ${render(tree)};`,
    'Object.defineProperty(module.exports, "__esModule", { value: true });',
    '',
  ].join('\n');
}

type Tree = { [key: string]: Tree | string };

function render(tree: Tree, indent = ''): string {
  const inner = indent + '  ';
  const entries = Object.keys(tree)
    .sort()
    .map((key) => {
      const v = tree[key]!;
      return typeof v === 'string' ? `${inner}get ${key}() { return ${v}; },` : `${inner}${key}: ${render(v, inner)},`;
    });
  return `{\n${entries.join('\n')}\n${indent}}`;
}

/**
 * Every property path read from the variable the client binds to `require(barrel)`, e.g. `[['records', 'insert',
 * 'Request', 'jsonOrThrow'], ...]`. Comments and strings are not code, hence the syntax tree rather than a regex.
 */
function usedPaths(ts: typeof TypeScript, client: string, barrel: string): { binding: string; paths: string[][] } {
  const source = ts.createSourceFile(client, readFileSync(client, 'utf8'), ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
  const bindings: TypeScript.Identifier[] = [];
  const findBinding = (node: TypeScript.Node): void => {
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'require') {
      const [arg] = node.arguments;
      if (arg && ts.isStringLiteral(arg) && arg.text === barrel) {
        // const name = __importStar(require(barrel));
        const call = node.parent;
        const decl = call && ts.isCallExpression(call) ? call.parent : undefined;
        if (!decl || !ts.isVariableDeclaration(decl) || !ts.isIdentifier(decl.name)) {
          throw new FlatfileApiPruneError(`${client}: require("${barrel}") is not bound as \`const name = __importStar(require(...))\``);
        }
        bindings.push(decl.name);
      }
    }
    ts.forEachChild(node, findBinding);
  };
  findBinding(source);
  if (bindings.length !== 1) throw new FlatfileApiPruneError(`${client}: expected one require("${barrel}"), found ${bindings.length}`);
  const binding = bindings[0]!;

  const paths: string[][] = [];
  const findUses = (node: TypeScript.Node): void => {
    if (ts.isIdentifier(node) && node.text === binding.text && node !== binding) {
      const parent = node.parent;
      const isPropertyName =
        (ts.isPropertyAccessExpression(parent) && parent.name === node) || (ts.isPropertyAssignment(parent) && parent.name === node);
      if (!isPropertyName) {
        const path: string[] = [];
        let expr: TypeScript.Node = node;
        while (ts.isPropertyAccessExpression(expr.parent) && expr.parent.expression === expr) {
          path.push(expr.parent.name.text);
          expr = expr.parent;
        }
        if (path.length === 0) {
          const { line } = source.getLineAndCharacterOfPosition(node.getStart());
          throw new FlatfileApiPruneError(`${client}:${line + 1}: ${binding.text} is used other than as ${binding.text}.<name>`);
        }
        paths.push(path);
      }
    }
    ts.forEachChild(node, findUses);
  };
  findUses(source);
  return { binding: binding.text, paths };
}

/** The prefix of `path` that ends at an exported value: a schema (has parseOrThrow) or a class/function. */
function leafPath(exportsOf: Record<string, unknown>, path: string[]): string[] | undefined {
  let value: unknown = exportsOf;
  for (let i = 0; i < path.length; i++) {
    if (value === null || (typeof value !== 'object' && typeof value !== 'function')) return undefined;
    value = (value as Record<string, unknown>)[path[i]!];
    if (typeof value === 'function' || (typeof value === 'object' && value !== null && 'parseOrThrow' in value)) {
      return path.slice(0, i + 1);
    }
  }
  return undefined;
}

/** The one loaded module under `root` whose own data property `name` is `value` (re-exports are getters). */
function definingFile(require: NodeJS.Require, root: string, name: string, value: unknown): string | undefined {
  const files = Object.keys(require.cache).filter((file) => {
    if (!file.startsWith(root + sep)) return false;
    const descriptor = Object.getOwnPropertyDescriptor(require.cache[file]?.exports ?? {}, name);
    return descriptor !== undefined && 'value' in descriptor && descriptor.value === value;
  });
  return files.length === 1 ? files[0] : undefined;
}

function requirePath(fromDir: string, file: string): string {
  const path = relative(fromDir, file).split(sep).join('/');
  return path.startsWith('.') ? path : `./${path}`;
}
