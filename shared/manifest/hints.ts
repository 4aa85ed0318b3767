import type { z } from 'zod';

// What a manifest error adds to "expected …, got …" so a person can fix it without opening the schema: the key they
// probably meant, and a one-line example of the shape the schema wants at that place.

type Schema = z.core.$ZodType;
type Def = { type: string; [k: string]: unknown };
const defOf = (s: Schema): Def => (s as unknown as { _zod: { def: Def } })._zod.def;

/** Names people reach for that are far from the schema's spelling, mapped to it. */
const SYNONYMS: Record<string, string> = {
  values: 'options',
  choices: 'options',
  enum: 'options',
  alias: 'aliases',
  synonyms: 'aliases',
  headers: 'aliases',
  regex: 'pattern',
  mandatory: 'required',
  optional: 'required',
  columns: 'fields',
  minimum: 'min',
  maximum: 'max',
  delimeter: 'delimiter',
  separator: 'delimiter',
  charset: 'encoding',
  prefix: 'inboxPrefix',
  map: 'fieldMap',
  mappings: 'fieldMap',
};

/** The schema at a path of the parsed value (unions narrowed by the value's discriminator where it has one). */
export function schemaAt(root: Schema, path: readonly PropertyKey[], valueAt: (path: readonly PropertyKey[]) => unknown): Schema | undefined {
  let s: Schema | undefined = unwrap(root, valueAt([]));
  for (let i = 0; i < path.length && s; i++) {
    const def = defOf(s);
    const step = path[i]!;
    let next: Schema | undefined;
    if (def.type === 'object') next = (def.shape as Record<string, Schema>)[String(step)];
    else if (def.type === 'array') next = def.element as Schema;
    else if (def.type === 'record') next = def.valueType as Schema;
    s = next && unwrap(next, valueAt(path.slice(0, i + 1)));
  }
  return s;
}

/** Through optional/default/pipe wrappers to the schema that says what the value looks like. */
function unwrap(s: Schema, value: unknown): Schema {
  for (;;) {
    const def = defOf(s);
    if (['optional', 'default', 'prefault', 'nullable', 'readonly', 'nonoptional', 'catch'].includes(def.type)) s = def.innerType as Schema;
    else if (def.type === 'pipe') s = def.in as Schema;
    else if (def.type === 'lazy') s = (def.getter as () => Schema)();
    else if (def.type === 'union') {
      const options = def.options as Schema[];
      const discriminator = def.discriminator as string | undefined;
      const tag = discriminator && value && typeof value === 'object' ? (value as Record<string, unknown>)[discriminator] : undefined;
      const matching = options.find((o) => {
        const od = defOf(o);
        if (od.type !== 'object' || !discriminator) return false;
        const lit = (od.shape as Record<string, Schema>)[discriminator];
        return lit !== undefined && (defOf(lit).values as unknown[] | undefined)?.includes(tag);
      });
      // Without a discriminator to go by, the object member (the richer shape) explains more than `true`.
      s = matching ?? options.find((o) => defOf(o).type === 'object') ?? options[0]!;
    } else return s;
  }
}

/** The keys an object schema allows, or undefined when the schema is not an object. */
export function keysOf(s: Schema | undefined): string[] | undefined {
  return s && defOf(s).type === 'object' ? Object.keys(defOf(s).shape as object) : undefined;
}

/** The allowed key a mistyped one most likely meant: a known synonym, another case, or within a few edits. */
export function didYouMean(key: string, allowed: readonly string[]): string | undefined {
  const synonym = SYNONYMS[key] ?? SYNONYMS[key.toLowerCase()];
  if (synonym && allowed.includes(synonym)) return synonym;
  const lower = key.toLowerCase();
  const sameCase = allowed.find((a) => a.toLowerCase() === lower);
  if (sameCase) return sameCase;
  let best: { key: string; distance: number } | undefined;
  for (const a of allowed) {
    const d = editDistance(lower, a.toLowerCase());
    if (d <= Math.max(1, Math.floor(a.length / 3)) && (!best || d < best.distance)) best = { key: a, distance: d };
  }
  return best?.key;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length]!;
}

/** A short YAML (flow style) example of a value the schema accepts; required keys only for objects. */
export function exampleOf(s: Schema, depth = 0): string {
  const u = unwrap(s, undefined);
  const def = defOf(u);
  switch (def.type) {
    case 'boolean':
      return 'true';
    case 'number':
    case 'int':
      return '1';
    case 'string':
      return '"…"';
    case 'enum':
      return String(Object.values(def.entries as object)[0]);
    case 'literal':
      return JSON.stringify((def.values as unknown[])[0]);
    case 'array':
      return depth > 2 ? '[…]' : `[${exampleOf(def.element as Schema, depth + 1)}]`;
    case 'record':
      return '{"…": …}';
    case 'object': {
      if (depth > 2) return '{…}';
      const shape = def.shape as Record<string, Schema>;
      const required = Object.entries(shape).filter(([, v]) => !isOptional(v));
      const shown = required.length > 0 ? required : Object.entries(shape).slice(0, 1);
      return `{${shown.map(([k, v]) => `${k}: ${exampleOf(v, depth + 1)}`).join(', ')}}`;
    }
    default:
      return '…';
  }
}

function isOptional(s: Schema): boolean {
  return ['optional', 'default', 'prefault'].includes(defOf(s).type);
}
