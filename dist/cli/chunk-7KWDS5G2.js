// emulator/extract/csv.ts
import { parse } from "csv-parse";
var NATIVE_DELIMITERS = { csv: ",", tsv: "	", psv: "|" };
var ROWS_PER_BATCH = 1e4;
function normalizeKey(raw) {
  let t = raw.trim();
  if (t === "") return "";
  t = t.replace(/%+/g, " percent ").replace(/\$+/g, " dollar ");
  t = t.replace(/[\s_-]+/g, " ");
  t = t.replace(/[^\p{L}\p{N}\p{M}\p{Pd}\p{Pc}]+/gu, " ");
  t = t.replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2").replace(/([a-z0-9])([A-Z]+)/g, "$1 $2");
  t = t.toLowerCase().trim().replace(/\s+/g, "_");
  return Number.isNaN(Number(t)) ? t.slice(0, 225) : Number(t).toString();
}
function headerFields(header) {
  const seen = /* @__PURE__ */ new Set();
  return header.map((label) => {
    const base = normalizeKey(label) || "empty";
    let key = base;
    for (let i = 1; seen.has(key); i++) key = `${base}_${i}`;
    seen.add(key);
    return { key, label: label.trim(), type: "string", description: "" };
  });
}
async function extractDelimited(input, delimiter, onHeader, onBatch) {
  const parser = input.pipe(parse({ delimiter, bom: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: true }));
  let fields;
  let batch = [];
  let count = 0;
  for await (const row of parser) {
    if (!fields) {
      fields = headerFields(row);
      onHeader(fields);
      continue;
    }
    const record = {};
    for (let i = 0; i < fields.length; i++) {
      const v = row[i];
      if (v !== void 0 && v !== "") record[fields[i].key] = { value: v };
    }
    batch.push(record);
    count++;
    if (batch.length >= ROWS_PER_BATCH) {
      onBatch(batch);
      batch = [];
    }
  }
  if (!fields) onHeader([]);
  if (batch.length > 0) onBatch(batch);
  return count;
}

// emulator/mapping/plan.ts
var PREVIEW = 10;
var MAX_ENUM_VALUES = 500;
var norm = (s) => s.toLowerCase().replace(/[\s_\-.]+/g, "");
function editDistance(a, b) {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2][j - 2] + 1);
      d[i][j] = v;
    }
  }
  return d[a.length][b.length];
}
function similarity(a, b) {
  const longest = Math.max(a.length, b.length);
  return longest === 0 ? 0 : 1 - editDistance(a, b) / longest;
}
var names = (p) => [p.key, p.label].filter((s) => !!s);
function matchField(src, dst) {
  const srcNames = names(src);
  const dstNames = names(dst);
  const alternatives = dst.alternativeNames ?? [];
  if (srcNames.some((s) => dstNames.includes(s))) return { certainty: "absolute", confidence: 1, source: "exact" };
  const srcNorm = srcNames.map(norm);
  if (dstNames.some((d) => srcNorm.includes(norm(d)))) return { certainty: "strong", confidence: 0.9, source: "normalized" };
  if (alternatives.some((a) => srcNorm.includes(norm(a)))) {
    return { certainty: "strong", confidence: 0.85, source: "alternative-name" };
  }
  let best = 0;
  for (const s of srcNorm) for (const d of [...dstNames, ...alternatives]) best = Math.max(best, similarity(s, norm(d)));
  if (best >= 0.75) return { certainty: "moderate", confidence: Math.round(best * 70) / 100, source: "fuzzy" };
  if (best >= 0.5) return { certainty: "weak", confidence: Math.round(best * 50) / 100, source: "fuzzy" };
  return void 0;
}
function preview(table, key) {
  const col = table.column(key) ?? [];
  const out = [];
  for (const row of table.select({})) {
    if (out.length >= PREVIEW) break;
    const v = col[row];
    if (v !== void 0 && v !== "") out.push(String(v));
  }
  return out;
}
function enumDetails(table, src, dst, remembered) {
  const options = dst.config?.options ?? [];
  const col = table.column(src.key) ?? [];
  const distinct = /* @__PURE__ */ new Set();
  for (const row of table.select({})) {
    const v = col[row];
    if (v !== void 0 && v !== "") distinct.add(String(v));
    if (distinct.size >= MAX_ENUM_VALUES) break;
  }
  const known = new Map((remembered ?? []).map((m) => [String(m.sourceValue), m.destinationValue]));
  const mapping = [];
  const used = /* @__PURE__ */ new Set();
  for (const value of distinct) {
    const target = known.has(value) ? known.get(value) : options.find((o) => [String(o.value), o.label ?? "", ...o.alternativeNames ?? []].some((n) => norm(n) === norm(value)))?.value;
    mapping.push(target === void 0 ? { sourceValue: value } : { sourceValue: value, destinationValue: target });
    if (target !== void 0) used.add(String(target));
  }
  return {
    mapping,
    unusedSourceValues: mapping.filter((m) => m.destinationValue === void 0).map((m) => m.sourceValue),
    unusedDestinationValues: options.filter((o) => !used.has(String(o.value))).map((o) => o.value)
  };
}
function planMapping(source, destination, table, remembered) {
  const srcFields = source.config.fields;
  const dstFields = destination.config.fields.filter((f) => !f.readonly);
  const edges = [];
  const usedSrc = /* @__PURE__ */ new Set();
  const usedDst = /* @__PURE__ */ new Set();
  for (const r of remembered ?? []) {
    const src = srcFields.find((f) => f.key === r.source);
    const dst = dstFields.find((f) => f.key === r.destination);
    if (!src || !dst || usedSrc.has(src.key) || usedDst.has(dst.key)) continue;
    edges.push({ src, dst, match: { certainty: "absolute", confidence: 1, source: "memory" }, enumMapping: r.enumMapping });
    usedSrc.add(src.key);
    usedDst.add(dst.key);
  }
  const candidates = [];
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
  edges.sort((a, b) => order.get(a.src.key) - order.get(b.src.key));
  return {
    fieldMapping: edges.map((e) => ({
      sourceField: e.src,
      destinationField: e.dst,
      preview: preview(table, e.src.key),
      ...e.dst.type === "enum" || e.dst.type === "enum-list" ? { enumDetails: enumDetails(table, e.src, e.dst, e.enumMapping) } : {},
      metadata: e.match
    })),
    unmappedSourceFields: srcFields.filter((f) => !usedSrc.has(f.key)).map((f) => ({ sourceField: f, preview: preview(table, f.key) })),
    unmappedDestinationFields: dstFields.filter((f) => !usedDst.has(f.key)).map((f) => ({ destinationField: f }))
  };
}

// emulator/validation.ts
var NONE = [];
var isEmpty = (v) => v === void 0 || v === null || v === "" || Array.isArray(v) && v.length === 0;
var TRUE = /* @__PURE__ */ new Set(["true", "t", "yes", "y", "1"]);
var FALSE = /* @__PURE__ */ new Set(["false", "f", "no", "n", "0"]);
function coerceNumber(v) {
  if (typeof v !== "string" || v.trim() === "") return v;
  const n = Number(v.trim().replace(/,/g, ""));
  return Number.isFinite(n) ? n : v;
}
function coerceBoolean(v) {
  if (typeof v === "number") return v === 1 ? true : v === 0 ? false : v;
  if (typeof v !== "string") return v;
  const s = v.trim().toLowerCase();
  return TRUE.has(s) ? true : FALSE.has(s) ? false : v;
}
var identity = (v) => v;
function typeCheck(p) {
  switch (p.type) {
    case "number":
      return (v) => typeof v === "number" ? void 0 : `Invalid number: ${String(v)}`;
    case "boolean":
      return (v) => typeof v === "boolean" ? void 0 : `Invalid boolean: ${String(v)}`;
    case "date":
      return (v) => typeof v === "string" && !Number.isNaN(Date.parse(v)) ? void 0 : `Invalid date: ${String(v)}`;
    default:
      return void 0;
  }
}
function enumCheck(p) {
  if (p.type !== "enum" && p.type !== "enum-list") return void 0;
  const config = p.config ?? {};
  if (config.allowCustom) return void 0;
  const allowed = new Set((config.options ?? []).map((o) => String(o.value)));
  return (v) => Array.isArray(v) ? v.every((x) => allowed.has(String(x))) : allowed.has(String(v));
}
function constraint(p, type) {
  return p.constraints?.find((c) => c.type === type);
}
function level(c) {
  const l = c.config?.level;
  return l === "warn" || l === "info" ? l : "error";
}
function compileField(p) {
  const key = p.key;
  const required = constraint(p, "required");
  const requiredMsg = required && [
    {
      type: level(required),
      source: "required-constraint",
      message: String(required.config?.message ?? `${p.label ?? key} is required`),
      field: key
    }
  ];
  const badType = typeCheck(p);
  const inOptions = enumCheck(p);
  const coerce = p.type === "number" ? coerceNumber : p.type === "boolean" ? coerceBoolean : identity;
  const uniqueC = constraint(p, "unique");
  const uniqueConfig = uniqueC?.config ?? {};
  return {
    key,
    coerce,
    check(v) {
      if (isEmpty(v)) return requiredMsg ?? NONE;
      const typeError = badType?.(v);
      if (typeError) return [{ type: "error", message: typeError, field: key }];
      if (inOptions && !inOptions(v)) {
        return [{ type: "error", source: "invalid-option", message: `Invalid option: ${String(v)}`, field: key }];
      }
      return NONE;
    },
    unique: uniqueC && {
      // Flatfile's unique constraint is case sensitive unless told otherwise.
      caseSensitive: uniqueConfig.caseSensitive ?? true,
      ignoreEmpty: uniqueConfig.ignoreEmpty ?? false,
      type: level(uniqueC),
      message: uniqueConfig.message ?? `Value is not unique`
    }
  };
}
function compileSchema(config) {
  const fields = config.fields.map(compileField);
  return { fields, byKey: new Map(fields.map((f) => [f.key, f])), allowAdditionalFields: !!config.allowAdditionalFields };
}
function uniqueKey(rule, v) {
  if (isEmpty(v)) return rule.ignoreEmpty ? void 0 : "";
  const s = Array.isArray(v) ? JSON.stringify(v) : String(v);
  return rule.caseSensitive ? s : s.toLowerCase();
}
var hasError = (messages) => !!messages && messages.some((m) => m.type === void 0 || m.type === "error");

export {
  NATIVE_DELIMITERS,
  extractDelimited,
  matchField,
  planMapping,
  compileSchema,
  uniqueKey,
  hasError
};
//# sourceMappingURL=chunk-7KWDS5G2.js.map
