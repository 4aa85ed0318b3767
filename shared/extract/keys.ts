// Field keys as Flatfile's extractors make them (util-common `normalizeKey` + `normalizeSheetConfig`), so the
// mapping stage sees the same `[file]` sheet for an extracted XLSX as for a natively extracted CSV.

const MAX_KEY_LENGTH = 225;

/** snake_case, `%` → percent, `$` → dollar, other punctuation dropped; a numeric key is canonicalised ("007" → "7"). */
export function normalizeKey(raw: string): string {
  let t = raw.trim();
  if (t === '') return '';
  t = t.replace(/%+/g, ' percent ').replace(/\$+/g, ' dollar ');
  t = t.replace(/[\s_-]+/g, ' ');
  t = t.replace(/[^\p{L}\p{N}\p{M}\p{Pd}\p{Pc}]+/gu, ' ');
  t = t.replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2').replace(/([a-z0-9])([A-Z]+)/g, '$1 $2');
  t = t.toLowerCase().trim().replace(/\s+/g, '_');
  if (t !== '' && !Number.isNaN(Number(t))) return Number(t).toString();
  return t.slice(0, MAX_KEY_LENGTH);
}

export interface SourceField {
  key: string;
  label: string;
  type: 'string';
  description: string;
}

/**
 * String fields for header labels, continuing from `existing` (fields already on the sheet): a blank label becomes
 * `column_<n>` (1-based position), keys are normalised and de-duplicated with `_1`, `_2`… as Flatfile does.
 */
export function toFields(labels: readonly string[], existing: readonly SourceField[] = []): SourceField[] {
  const used = new Set(existing.map((f) => f.key));
  return labels.slice(existing.length).map((raw, i) => {
    const label = raw.trim() || `column_${existing.length + i + 1}`;
    const base = normalizeKey(label) || `column_${existing.length + i + 1}`;
    let key = base;
    for (let n = 1; used.has(key); n++) key = `${base}_${n}`;
    used.add(key);
    return { key, label, type: 'string', description: '' };
  });
}
