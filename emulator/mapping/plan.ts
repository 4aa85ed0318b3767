import type { RecordTable } from '../store/records.js';
import type { Json, Property, Sheet } from '../types.js';
import type { RememberedEdge } from './memory.js';

type Certainty = 'absolute' | 'strong' | 'moderate' | 'weak';
interface Match {
  certainty: Certainty;
  confidence: number;
  source: string;
}

const PREVIEW = 10;
const MAX_ENUM_VALUES = 500;

const norm = (s: string): string => s.toLowerCase().replace(/[\s_\-.]+/g, '');

/** Optimal-string-alignment distance: edits, with a swap of neighbours counting once (typos like "emial"). */
function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
}

/** Similarity 0..1 from edit distance relative to the longer name. */
function similarity(a: string, b: string): number {
  const longest = Math.max(a.length, b.length);
  return longest === 0 ? 0 : 1 - editDistance(a, b) / longest;
}

const names = (p: Property): string[] => [p.key, p.label].filter((s): s is string => !!s);

/** How well a source field matches a destination field, Flatfile-style certainty included. */
export function matchField(src: Property, dst: Property): Match | undefined {
  const srcNames = names(src);
  const dstNames = names(dst);
  const alternatives = dst.alternativeNames ?? [];
  if (srcNames.some((s) => dstNames.includes(s))) return { certainty: 'absolute', confidence: 1, source: 'exact' };
  const srcNorm = srcNames.map(norm);
  if (dstNames.some((d) => srcNorm.includes(norm(d)))) return { certainty: 'strong', confidence: 0.9, source: 'normalized' };
  if (alternatives.some((a) => srcNorm.includes(norm(a)))) {
    return { certainty: 'strong', confidence: 0.85, source: 'alternative-name' };
  }
  let best = 0;
  for (const s of srcNorm) for (const d of [...dstNames, ...alternatives]) best = Math.max(best, similarity(s, norm(d)));
  if (best >= 0.75) return { certainty: 'moderate', confidence: Math.round(best * 70) / 100, source: 'fuzzy' };
  if (best >= 0.5) return { certainty: 'weak', confidence: Math.round(best * 50) / 100, source: 'fuzzy' };
  return undefined;
}

function preview(table: RecordTable, key: string): string[] {
  const col = table.column(key) ?? [];
  const out: string[] = [];
  for (const row of table.select({})) {
    if (out.length >= PREVIEW) break;
    const v = col[row];
    if (v !== undefined && v !== '') out.push(String(v));
  }
  return out;
}

/** Maps distinct source values onto enum options by value, label or alternative name. */
function enumDetails(table: RecordTable, src: Property, dst: Property, remembered?: RememberedEdge['enumMapping']): Json {
  const options = ((dst.config?.options ?? []) as { value: unknown; label?: string; alternativeNames?: string[] }[]);
  const col = table.column(src.key) ?? [];
  const distinct = new Set<string>();
  for (const row of table.select({})) {
    const v = col[row];
    if (v !== undefined && v !== '') distinct.add(String(v));
    if (distinct.size >= MAX_ENUM_VALUES) break;
  }
  const known = new Map((remembered ?? []).map((m) => [String(m.sourceValue), m.destinationValue]));
  const mapping: { sourceValue: string; destinationValue?: unknown }[] = [];
  const used = new Set<string>();
  for (const value of distinct) {
    const target = known.has(value)
      ? known.get(value)
      : options.find((o) => [String(o.value), o.label ?? '', ...(o.alternativeNames ?? [])].some((n) => norm(n) === norm(value)))?.value;
    mapping.push(target === undefined ? { sourceValue: value } : { sourceValue: value, destinationValue: target });
    if (target !== undefined) used.add(String(target));
  }
  return {
    mapping,
    unusedSourceValues: mapping.filter((m) => m.destinationValue === undefined).map((m) => m.sourceValue),
    unusedDestinationValues: options.filter((o) => !used.has(String(o.value))).map((o) => o.value),
  };
}

/**
 * The execution plan of a `workbook:map` job: remembered edges first, then the best remaining matches, each field
 * used at most once.
 */
export function planMapping(source: Sheet, destination: Sheet, table: RecordTable, remembered?: RememberedEdge[]): Json {
  const srcFields = source.config.fields;
  const dstFields = destination.config.fields.filter((f) => !f.readonly);
  const edges: { src: Property; dst: Property; match: Match; enumMapping?: RememberedEdge['enumMapping'] }[] = [];
  const usedSrc = new Set<string>();
  const usedDst = new Set<string>();
  for (const r of remembered ?? []) {
    const src = srcFields.find((f) => f.key === r.source);
    const dst = dstFields.find((f) => f.key === r.destination);
    if (!src || !dst || usedSrc.has(src.key) || usedDst.has(dst.key)) continue;
    edges.push({ src, dst, match: { certainty: 'absolute', confidence: 1, source: 'memory' }, enumMapping: r.enumMapping });
    usedSrc.add(src.key);
    usedDst.add(dst.key);
  }
  const candidates: { src: Property; dst: Property; match: Match }[] = [];
  for (const src of srcFields) {
    if (usedSrc.has(src.key)) continue;
    for (const dst of dstFields) {
      if (usedDst.has(dst.key)) continue;
      const match = matchField(src, dst);
      if (match) candidates.push({ src, dst, match });
    }
  }
  candidates.sort((a, b) => b.match.confidence - a.match.confidence);
  for (const c of candidates) {
    if (usedSrc.has(c.src.key) || usedDst.has(c.dst.key)) continue;
    edges.push(c);
    usedSrc.add(c.src.key);
    usedDst.add(c.dst.key);
  }
  const order = new Map(srcFields.map((f, i) => [f.key, i]));
  edges.sort((a, b) => order.get(a.src.key)! - order.get(b.src.key)!);
  return {
    fieldMapping: edges.map((e) => ({
      sourceField: e.src,
      destinationField: e.dst,
      preview: preview(table, e.src.key),
      ...(e.dst.type === 'enum' || e.dst.type === 'enum-list'
        ? { enumDetails: enumDetails(table, e.src, e.dst, e.enumMapping) }
        : {}),
      metadata: e.match,
    })),
    unmappedSourceFields: srcFields
      .filter((f) => !usedSrc.has(f.key))
      .map((f) => ({ sourceField: f, preview: preview(table, f.key) })),
    unmappedDestinationFields: dstFields.filter((f) => !usedDst.has(f.key)).map((f) => ({ destinationField: f })),
  };
}
