import { basename, extname } from 'node:path';
import { stringify } from 'yaml';
import { Feed, FILE_FORMATS } from '../shared/manifest/index.js';
import { parseManifest } from '../shared/manifest/parse-yaml.js';
import { compileDateFormat } from '../shared/validate/dates.js';
import { compileNumberFormat } from '../shared/validate/numbers.js';
import { isEmail, parseBoolean } from '../shared/validate/rules.js';
import { readFile } from './try-file.js';

// `flatfeed init --from <sample>`: a feed definition drafted from a partner's file, to edit and paste into the
// manifest. The file is read exactly as the pipeline reads it (cli/try-file.ts); the types are guesses from its values.

/** Date formats tried in this order; the first that reads every value of a column wins. */
const DATE_FORMATS = ['YYYY-MM-DD', 'DD.MM.YYYY', 'D.M.YYYY', 'DD/MM/YYYY', 'MM/DD/YYYY', 'M/D/YYYY'];
/** An enum is guessed when a column has at most this many distinct values, each seen at least twice. */
const MAX_ENUM_OPTIONS = 8;

export interface InitOptions {
  name?: string;
  prefix?: string;
}

export interface DraftField {
  key: string;
  label: string;
  type: 'string' | 'number' | 'boolean' | 'date' | 'enum';
  required?: boolean;
  format?: 'email';
  dateFormats?: string[];
  options?: { value: string }[];
  aliases?: string[];
}

export interface Draft {
  /** The feed as YAML, one item of `feeds:`. */
  yaml: string;
  feed: Record<string, unknown>;
  /** Why each type was chosen, for the person editing it. */
  notes: string[];
}

export async function draftFeed(file: string, options: InitOptions = {}): Promise<Draft> {
  const name = options.name ?? slugOf(basename(file));
  // Read permissively (every format, default limits): the draft decides what the feed accepts.
  const probe = Feed.parse({ name: 'draft', source: { inboxPrefix: 'draft/' }, format: { accept: [...FILE_FORMATS] }, sheet: { slug: 'draft', name: 'Draft' }, fields: [{ key: 'draft', type: 'string' }] });
  const read = await readFile(file, probe);
  const notes: string[] = [];
  const fields = read.columns.map((c) => {
    const values = read.rows.map((r) => String(r[c.key] ?? '').trim());
    const field = guessField(c.key, c.label ?? c.key, values);
    notes.push(`${field.key}: ${field.type}${field.dateFormats ? ` (${field.dateFormats[0]})` : ''}${field.required ? ', required (no empty cell in the sample)' : ''}`);
    return field;
  });
  const feed = {
    name,
    description: `Drafted by flatfeed init from ${basename(file)}: check types, required fields and aliases.`,
    source: { inboxPrefix: options.prefix ?? `${name}/` },
    format: {
      accept: [read.format],
      ...(read.encoding && read.encoding !== 'utf-8' && read.encoding !== 'ascii' ? { encoding: read.encoding } : {}),
      ...(read.delimiter && read.delimiter !== ',' ? { delimiter: read.delimiter } : {}),
      ...(read.sheet && read.format === 'xlsx' ? { sheet: read.sheet } : {}),
    },
    sheet: { slug: keyOf(name), name: titleOf(name) },
    fields,
  };
  // The draft must load as it is: the manifest's own schema and rules check it.
  parseManifest(stringify({ version: 1, feeds: [feed] }), `${name} (draft)`);
  return { feed, notes, yaml: stringify([feed], { lineWidth: 0 }) };
}

export function guessField(key: string, label: string, values: readonly string[]): DraftField {
  const filled = values.filter((v) => v !== '');
  const base: DraftField = { key: keyOf(key), label, type: 'string' };
  if (filled.length > 0 && filled.length === values.length) base.required = true;
  if (label !== base.key) base.aliases = [label];
  if (filled.length === 0) return base;
  const plainNumber = compileNumberFormat(undefined);
  if (filled.every((v) => plainNumber.parse(v) !== undefined)) return { ...base, type: 'number' };
  if (filled.every((v) => parseBoolean(v) !== undefined)) return { ...base, type: 'boolean' };
  for (const pattern of DATE_FORMATS) {
    const format = compileDateFormat(pattern);
    if (filled.every((v) => format.parse(v) !== undefined)) return { ...base, type: 'date', dateFormats: [pattern] };
  }
  // A date column in two formats (a partner's export is rarely consistent): every value reads in one of them.
  const formats = DATE_FORMATS.map(compileDateFormat);
  const used = formats.filter((f) => filled.some((v) => f.parse(v) !== undefined));
  if (used.length > 1 && filled.filter((v) => used.some((f) => f.parse(v) !== undefined)).length >= filled.length * 0.8) {
    return { ...base, type: 'date', dateFormats: used.map((f) => f.pattern) };
  }
  if (filled.filter((v) => isEmail(v.toLowerCase())).length >= filled.length * 0.8) return { ...base, format: 'email' };
  const distinct = [...new Set(filled.map((v) => v.toLowerCase()))];
  if (distinct.length <= MAX_ENUM_OPTIONS && filled.length >= distinct.length * 2) {
    return { ...base, type: 'enum', options: distinct.map((value) => ({ value })) };
  }
  return base;
}

const keyOf = (s: string): string => {
  const k = s.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
  return /^[a-z]/.test(k) ? k.slice(0, 64) : `f_${k}`.slice(0, 64);
};

function slugOf(fileName: string): string {
  const stem = fileName.slice(0, fileName.length - extname(fileName).length).replace(/\.(csv|tsv|txt|json|xlsx)$/i, '');
  const slug = stem.toLowerCase().replace(/\d{4}-?\d{2}-?\d{2}/g, '').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  return /^[a-z]/.test(slug) ? slug.slice(0, 40).replace(/-+$/, '') : `feed-${slug}`.slice(0, 40).replace(/-+$/, '');
}

const titleOf = (name: string): string => name.split('-').map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join(' ');
