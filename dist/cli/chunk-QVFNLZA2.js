import {
  NONE,
  error,
  hookRecord,
  isEmpty
} from "./chunk-QPB4VWX4.js";
import {
  normalize,
  normalizeOptionsFor
} from "./chunk-ZVKV3OJC.js";
import {
  reasonsOf,
  rowOf
} from "./chunk-ZU3FEKYI.js";
import {
  extractDelimited,
  matchField
} from "./chunk-GXM3PPFH.js";
import {
  FILE_FORMATS
} from "./chunk-LNUHMRFO.js";
import {
  BadInputError
} from "./chunk-NP6IF4YY.js";

// cli/try-file.ts
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { basename, dirname } from "node:path";

// shared/extract/keys.ts
var MAX_KEY_LENGTH = 225;
function normalizeKey(raw) {
  let t = raw.trim();
  if (t === "") return "";
  t = t.replace(/%+/g, " percent ").replace(/\$+/g, " dollar ");
  t = t.replace(/[\s_-]+/g, " ");
  t = t.replace(/[^\p{L}\p{N}\p{M}\p{Pd}\p{Pc}]+/gu, " ");
  t = t.replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2").replace(/([a-z0-9])([A-Z]+)/g, "$1 $2");
  t = t.toLowerCase().trim().replace(/\s+/g, "_");
  if (t !== "" && !Number.isNaN(Number(t))) return Number(t).toString();
  return t.slice(0, MAX_KEY_LENGTH);
}
function toFields(labels, existing = []) {
  const used = new Set(existing.map((f) => f.key));
  return labels.slice(existing.length).map((raw, i) => {
    const label = raw.trim() || `column_${existing.length + i + 1}`;
    const base = normalizeKey(label) || `column_${existing.length + i + 1}`;
    let key = base;
    for (let n = 1; used.has(key); n++) key = `${base}_${n}`;
    used.add(key);
    return { key, label, type: "string", description: "" };
  });
}

// shared/extract/fixed-width.ts
import { createInterface } from "node:readline";

// shared/extract/names.ts
var baseName = (fileName) => fileName.replace(/\.[^.]+$/, "") || "Sheet1";

// shared/extract/fixed-width.ts
var openFixedWidth = async (input, { fixedWidth, fileName }) => {
  if (!fixedWidth) {
    input.destroy();
    throw new Error("fixed-width extraction needs format.fixedWidth.columns in the feed manifest");
  }
  const { columns } = fixedWidth;
  async function* rows() {
    for await (const line of createInterface({ input, crlfDelay: Infinity })) {
      if (line.trim() === "") continue;
      const chars = /[\uD800-\uDFFF]/.test(line) ? Array.from(line) : line;
      yield columns.map((c) => {
        const cut = chars.slice(c.start - 1, c.start - 1 + c.width);
        return (typeof cut === "string" ? cut : cut.join("")).trim();
      });
    }
  }
  return { sheetName: baseName(fileName), columns: columns.map((c) => c.label ?? c.key), rows: rows() };
};

// shared/extract/json.ts
import { StringDecoder } from "node:string_decoder";

// shared/extract/json-array.ts
var MAX_ELEMENT_CHARS = 16 * 1024 * 1024;
var OPEN_BRACE = 123;
var CLOSE_BRACE = 125;
var OPEN_BRACKET = 91;
var CLOSE_BRACKET = 93;
var QUOTE = 34;
var BACKSLASH = 92;
var COMMA = 44;
var isSpace = (c) => c === 32 || c === 10 || c === 13 || c === 9 || c === 65279;
var malformed = (message) => new BadInputError("malformed-content", message);
async function* arrayElements(chunks) {
  let state = "before";
  let depth = 0;
  let inString = false;
  let escaped = false;
  let parts = [];
  let size = 0;
  let count = 0;
  for await (const chunk of chunks) {
    let start = 0;
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk.charCodeAt(i);
      if (state === "element") {
        if (inString) {
          if (escaped) escaped = false;
          else if (c === BACKSLASH) escaped = true;
          else if (c === QUOTE) inString = false;
          continue;
        }
        if (c === QUOTE) inString = true;
        else if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
        else if ((c === CLOSE_BRACE || c === CLOSE_BRACKET) && depth > 0) depth--;
        else if (depth === 0 && (c === COMMA || c === CLOSE_BRACKET)) {
          parts.push(chunk.slice(start, i));
          yield parts.join("");
          count++;
          parts = [];
          size = 0;
          state = c === COMMA ? "between" : "after";
        }
        continue;
      }
      if (isSpace(c)) continue;
      if (state === "before") {
        if (c !== OPEN_BRACKET) throw malformed('expected a JSON array of objects ("[" first)');
        state = "between";
      } else if (state === "between") {
        if (c === CLOSE_BRACKET && count === 0) state = "after";
        else if (c === COMMA || c === CLOSE_BRACKET) throw malformed(`element ${count + 1} of the JSON array is missing`);
        else {
          state = "element";
          start = i;
          depth = 0;
          i--;
        }
      } else {
        throw malformed("unexpected content after the end of the JSON array");
      }
    }
    if (state === "element") {
      parts.push(chunk.slice(start));
      size += chunk.length - start;
      if (size > MAX_ELEMENT_CHARS) throw malformed(`element ${count + 1} of the JSON array is larger than ${MAX_ELEMENT_CHARS} characters`);
    }
  }
  if (state !== "after") throw malformed(state === "before" ? "the file is empty" : "the JSON array is not closed (truncated file?)");
}

// shared/extract/json-records.ts
var HEADER_SAMPLE = 100;
function flatten(record, into = /* @__PURE__ */ new Map(), prefix = "") {
  for (const [k, v] of Object.entries(record)) {
    const key = prefix + k;
    if (v === null || v === void 0) into.set(key, "");
    else if (typeof v === "object" && !Array.isArray(v)) flatten(v, into, `${key}.`);
    else into.set(key, typeof v === "string" ? v : JSON.stringify(v));
  }
  return into;
}
async function objectSource(values, sheetName) {
  const columns = [];
  const index = /* @__PURE__ */ new Map();
  const toRow = (p) => {
    if (p.value === null || typeof p.value !== "object" || Array.isArray(p.value)) {
      throw new BadInputError("malformed-content", `${p.where} is not a JSON object`);
    }
    const flat = flatten(p.value);
    for (const k of flat.keys()) {
      if (!index.has(k)) {
        index.set(k, columns.length);
        columns.push(k);
      }
    }
    const row = new Array(columns.length).fill("");
    for (const [k, v] of flat) row[index.get(k)] = v;
    return row;
  };
  const sample = [];
  for (let next = await values.next(); ; next = await values.next()) {
    if (next.done) break;
    sample.push(toRow(next.value));
    if (sample.length >= HEADER_SAMPLE) break;
  }
  async function* rows() {
    for (const row of sample.splice(0)) yield row;
    for (let next = await values.next(); !next.done; next = await values.next()) yield toRow(next.value);
  }
  return { sheetName, columns, rows: rows() };
}

// shared/extract/json.ts
var openJson = async (input, { fileName }) => {
  async function* parsed() {
    let n = 0;
    try {
      for await (const text of arrayElements(utf8(input))) {
        n++;
        try {
          yield { value: JSON.parse(text), where: `element ${n}` };
        } catch (e) {
          if (!(e instanceof SyntaxError)) throw e;
          throw new BadInputError("malformed-content", `element ${n} of the JSON array is not valid JSON: ${e.message}`, { cause: e });
        }
      }
    } catch (e) {
      if (e instanceof BadInputError) input.destroy();
      throw e;
    }
  }
  return objectSource(parsed(), baseName(fileName));
};
async function* utf8(input) {
  const decoder = new StringDecoder("utf8");
  for await (const chunk of input) yield decoder.write(chunk);
  yield decoder.end();
}

// shared/extract/jsonl.ts
import { createInterface as createInterface2 } from "node:readline";
var openJsonl = async (input, { fileName }) => {
  async function* parsed() {
    let n = 0;
    for await (const line of createInterface2({ input, crlfDelay: Infinity })) {
      n++;
      if (line.trim() === "") continue;
      try {
        yield { value: JSON.parse(line), where: `line ${n}` };
      } catch (e) {
        if (!(e instanceof SyntaxError)) throw e;
        input.destroy();
        throw new BadInputError("malformed-content", `line ${n} is not valid JSON: ${e.message}`, { cause: e });
      }
    }
  }
  return objectSource(parsed(), baseName(fileName));
};

// shared/extract/xlsx.ts
import { Readable } from "node:stream";

// shared/extract/excel-dates.ts
var DAY_MS = 864e5;
var EPOCH_1900 = Date.UTC(1899, 11, 30);
var EPOCH_1904 = Date.UTC(1904, 0, 1);
function isDateFormat(format2) {
  if (!format2) return false;
  const bare = format2.replace(/\[[^\]]*]/g, "").replace(/"[^"]*"/g, "").replace(/\\./g, "");
  return /[ymdhs]/i.test(bare) && !/^(general|@)$/i.test(bare.trim());
}
function serialToDate(serial, date1904) {
  return new Date(Math.round((date1904 ? EPOCH_1904 : EPOCH_1900) + serial * DAY_MS));
}
function isoDate(d, date1904) {
  const iso2 = d.toISOString();
  const ms = d.getTime();
  const epoch = date1904 ? EPOCH_1904 : EPOCH_1900;
  const time = iso2.slice(11, 23).replace(/\.000$/, "");
  if (ms >= epoch && ms < epoch + DAY_MS) return time;
  return ms % DAY_MS === 0 ? iso2.slice(0, 10) : `${iso2.slice(0, 10)}T${time}`;
}

// shared/extract/excel-cells.ts
function cellText(cell, date1904) {
  return valueText(cell.value, cell.numFmt, date1904);
}
function valueText(value, numFmt, date1904) {
  if (value === null || value === void 0) return "";
  if (typeof value === "string") return value;
  if (typeof value === "boolean") return value ? "true" : "false";
  if (typeof value === "number") {
    if (Number.isNaN(value)) return "";
    return isDateFormat(numFmt) ? isoDate(serialToDate(value, date1904), date1904) : String(value);
  }
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? "" : isoDate(value, date1904);
  if ("richText" in value) return value.richText.map((r) => r.text).join("");
  if ("error" in value) return String(value.error);
  if ("result" in value) return valueText(value.result, numFmt, date1904);
  if ("text" in value) return typeof value.text === "string" ? value.text : valueText(value.text, numFmt, date1904);
  return "";
}

// shared/extract/header-row.ts
var HEADER_SEARCH_ROWS = 25;
async function findHeader(rows, headerRow) {
  const window = [];
  for (; ; ) {
    if (headerRow !== void 0 && window.at(-1) !== void 0 && window.at(-1).number >= headerRow) break;
    if (headerRow === void 0 && window.length >= HEADER_SEARCH_ROWS) break;
    const next = await rows.next();
    if (next.done) break;
    window.push(next.value);
  }
  if (window.length === 0) return void 0;
  if (headerRow !== void 0) {
    const at2 = window.findIndex((r) => r.number === headerRow);
    if (at2 < 0) return { header: [], after: window.filter((r) => r.number > headerRow) };
    return { header: window[at2].cells, after: window.slice(at2 + 1) };
  }
  const width = Math.max(...window.map((r) => r.cells.filter((c) => c !== "").length));
  const at = Math.max(0, window.findIndex((r) => r.textCells > 0 && r.textCells * 2 >= width));
  return { header: window[at].cells, after: window.slice(at + 1) };
}

// shared/extract/input-errors.ts
function watchInput(input) {
  let failed;
  input.once("error", (e) => void (failed = e));
  return { failure: () => failed };
}

// shared/extract/xlsx.ts
var openXlsx = async (input, { sheet, headerRow }) => {
  const input$ = watchInput(input);
  const { default: Excel } = await import("exceljs");
  const reader = new Excel.stream.xlsx.WorkbookReader(input, {
    worksheets: "emit",
    sharedStrings: "cache",
    styles: "cache",
    hyperlinks: "ignore",
    entries: "ignore"
  });
  const sheets = reader[Symbol.asyncIterator]();
  const unreadable = (e) => input$.failure() ?? new BadInputError("malformed-content", `not a readable XLSX workbook: ${e.message}`, { cause: e });
  const seen = [];
  let chosen;
  try {
    for (let next = await sheets.next(); !next.done; next = await sheets.next()) {
      seen.push(next.value.name);
      if (sheet === void 0 || next.value.name === sheet) {
        chosen = next.value;
        break;
      }
      release(next.value);
    }
  } catch (e) {
    throw unreadable(e);
  }
  if (!chosen) {
    input.destroy();
    throw sheet === void 0 ? new BadInputError("empty-file", "the workbook has no worksheets") : new BadInputError("malformed-content", `the workbook has no sheet "${sheet}" (sheets: ${seen.join(", ") || "none"})`);
  }
  const date1904 = Boolean(reader.properties?.model?.date1904);
  const rows = textRows(chosen, date1904, unreadable);
  const found = await findHeader(rows, headerRow);
  const columns = [...found?.header ?? []];
  while (columns.at(-1) === "") columns.pop();
  for (const r of found?.after ?? []) while (columns.length < r.cells.length) columns.push("");
  return {
    sheetName: chosen.name,
    columns,
    rows: dataRows(found?.after ?? [], rows, columns, () => {
      void sheets.return?.(void 0);
      input.destroy();
    })
  };
};
function release(skipped) {
  const spool = skipped.iterator;
  if (spool instanceof Readable) {
    spool.on("error", () => {
    });
    spool.destroy();
  }
}
async function* textRowsOf(sheet, date1904) {
  for await (const row of sheet) {
    const cells = [];
    let textCells = 0;
    row.eachCell((cell, col) => {
      const text = cellText(cell, date1904);
      if (text === "") return;
      while (cells.length < col - 1) cells.push("");
      cells.push(text);
      if (typeof cell.value === "string" || cell.value !== null && typeof cell.value === "object" && "richText" in cell.value) textCells++;
    });
    if (cells.length > 0) yield { number: row.number, cells, textCells };
  }
}
function textRows(sheet, date1904, unreadable) {
  const it = textRowsOf(sheet, date1904);
  return {
    next: () => it.next().catch((e) => Promise.reject(unreadable(e)))
  };
}
async function* dataRows(buffered, rest, columns, close) {
  const widen = (cells) => {
    while (columns.length < cells.length) columns.push("");
    return cells;
  };
  try {
    for (const r of buffered) yield widen(r.cells);
    for (let next = await rest.next(); !next.done; next = await rest.next()) yield widen(next.value.cells);
  } finally {
    close();
  }
}

// shared/extract/sources.ts
var SOURCES = {
  xlsx: openXlsx,
  json: openJson,
  jsonl: openJsonl,
  fixed: openFixedWidth
};
function sourceFor(format2) {
  return SOURCES[format2];
}
function unsupportedReason(format2) {
  if (format2 === "xls") return "legacy Excel 97-2003 (.xls) files are not accepted; save the file as .xlsx or CSV and send it again";
  return `${format2} files are not extracted; send CSV, TSV, XLSX, JSON, JSON Lines or fixed-width text`;
}

// shared/work/messages.ts
import * as z from "zod";
var ExtractWork = z.object({
  kind: z.literal("extract"),
  feed: z.string(),
  runId: z.string().optional(),
  jobId: z.string(),
  fileId: z.string(),
  spaceId: z.string(),
  format: z.enum(FILE_FORMATS)
});
var ValidateWork = z.object({
  kind: z.literal("validate"),
  feed: z.string(),
  sheetId: z.string(),
  workbookId: z.string(),
  commitId: z.string(),
  /** Whether the platform waits for us to complete the commit (workbook tracks changes). */
  trackChanges: z.boolean()
});
var WorkMessage = z.discriminatedUnion("kind", [ExtractWork, ValidateWork]);
var EgressWork = z.object({
  kind: z.literal("egress"),
  feed: z.string(),
  runId: z.string().optional(),
  jobId: z.string(),
  workbookId: z.string(),
  sheetId: z.string(),
  mode: z.enum(["incremental", "full"]).optional()
});

// shared/flatfile/blueprint.ts
function sheetConfig(feed) {
  return {
    name: feed.sheet.name,
    slug: feed.sheet.slug,
    allowAdditionalFields: false,
    fields: feed.fields.map(property)
  };
}
function property(field) {
  const base = {
    key: field.key,
    label: field.label ?? field.key,
    ...field.description ? { description: field.description } : {},
    ...field.aliases.length > 0 ? { alternativeNames: field.aliases } : {},
    constraints: constraints(field),
    metadata: { flatfeedType: field.type }
  };
  switch (field.type) {
    case "number":
      return { ...base, type: "number" };
    case "boolean":
      return { ...base, type: "boolean", config: { allowIndeterminate: !field.required } };
    case "enum":
      return {
        ...base,
        type: "enum",
        config: {
          allowCustom: false,
          options: (field.options ?? []).map((o) => ({
            value: o.value,
            label: o.label ?? o.value,
            ...o.alternativeNames.length > 0 ? { alternativeNames: o.alternativeNames } : {}
          }))
        }
      };
    // Dates stay strings on the platform: it would guess formats (is 02/03 March or February?), while the manifest
    // declares them and our validation hook turns them into ISO 8601.
    case "date":
    case "string":
      return { ...base, type: "string" };
  }
}
function constraints(field) {
  const out = [];
  if (field.required) out.push({ type: "required" });
  if (field.unique) {
    const config = typeof field.unique === "object" ? field.unique : { caseSensitive: true, ignoreEmpty: true };
    out.push({ type: "unique", config });
  }
  return out;
}

// shared/mapping/plan.ts
var RANK = { absolute: 4, strong: 3, moderate: 2, weak: 1 };
var normalizeHeader = (s) => s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, "");
var headerOf = (p) => p.label ?? p.key;
var certaintyOf = (e) => e.metadata?.certainty ?? "weak";
function decidePlan(feed, platform) {
  const sources = [...platform.fieldMapping.map((e) => e.sourceField), ...platform.unmappedSourceFields.map((u) => u.sourceField)];
  const destinations = [
    ...platform.fieldMapping.map((e) => e.destinationField),
    ...platform.unmappedDestinationFields.map((u) => u.destinationField)
  ];
  const destByKey = new Map(destinations.map((d) => [d.key, d]));
  const previewOf = new Map(platform.fieldMapping.map((e) => [e.sourceField.key, e.preview]));
  const edges = /* @__PURE__ */ new Map();
  const usedSources = /* @__PURE__ */ new Set();
  const add = (source, destKey, certainty, origin) => {
    const destinationField = destByKey.get(destKey);
    if (!destinationField || edges.has(destKey) || usedSources.has(source.key)) return;
    const preview = previewOf.get(source.key);
    edges.set(destKey, {
      sourceField: source,
      destinationField,
      ...preview ? { preview } : {},
      metadata: { certainty, confidence: RANK[certainty] / 4, source: origin }
    });
    usedSources.add(source.key);
  };
  const explicit = new Map(Object.entries(feed.mapping.fieldMap).map(([header, key]) => [normalizeHeader(header), key]));
  for (const s of sources) {
    const key = explicit.get(normalizeHeader(headerOf(s))) ?? explicit.get(normalizeHeader(s.key));
    if (key) add(s, key, "absolute", "manifest");
  }
  for (const field of feed.fields) {
    const names = new Set([field.key, field.label ?? "", ...field.aliases].filter(Boolean).map(normalizeHeader));
    const s = sources.find((src) => names.has(normalizeHeader(headerOf(src))) || names.has(normalizeHeader(src.key)));
    if (s) add(s, field.key, names.has(normalizeHeader(s.key)) && s.key === field.key ? "absolute" : "strong", "alias");
  }
  const min = RANK[feed.mapping.minCertainty];
  for (const e of platform.fieldMapping) {
    if (RANK[certaintyOf(e)] >= min) add(e.sourceField, e.destinationField.key, certaintyOf(e), e.metadata?.source ?? "platform");
  }
  const plan = {
    fieldMapping: [...edges.values()].map((e) => withEnumDetails(e, platform)),
    unmappedSourceFields: sources.filter((s) => !usedSources.has(s.key)).map((sourceField) => ({ sourceField })),
    unmappedDestinationFields: destinations.filter((d) => !edges.has(d.key)).map((destinationField) => ({ destinationField }))
  };
  const missingFields = feed.fields.filter((f) => f.required && !edges.has(f.key)).map((f) => f.key);
  if (missingFields.length > 0) {
    return {
      action: "review",
      plan,
      missingFields,
      reason: `required field${missingFields.length > 1 ? "s" : ""} ${missingFields.join(", ")} could not be mapped with ${feed.mapping.minCertainty} certainty or better`
    };
  }
  if (!feed.mapping.autoExecute) {
    return { action: "review", plan, missingFields: [], reason: "the feed asks a person to confirm every mapping" };
  }
  return { action: "execute", plan };
}
function withEnumDetails(edge, platform) {
  const same = platform.fieldMapping.find(
    (e) => e.sourceField.key === edge.sourceField.key && e.destinationField.key === edge.destinationField.key
  );
  return same?.enumDetails ? { ...edge, enumDetails: same.enumDetails } : edge;
}

// shared/validate/dates.ts
var TOKENS = /YYYY|YY|MM|M|DD|D/g;
var ISO = /^(\d{4})-(\d{2})-(\d{2})$/;
function compileDateFormat(pattern) {
  const order = [];
  let source = "^";
  let last = 0;
  for (const m of pattern.matchAll(TOKENS)) {
    source += escape(pattern.slice(last, m.index));
    order.push(m[0]);
    source += m[0] === "YYYY" ? "(\\d{4})" : m[0].length === 2 ? "(\\d{2})" : "(\\d{1,2})";
    last = m.index + m[0].length;
  }
  source += escape(pattern.slice(last)) + "$";
  if (!order.some((t) => t.startsWith("Y")) || !order.some((t) => t.startsWith("M")) || !order.some((t) => t.startsWith("D"))) {
    throw new Error(`date format "${pattern}" needs a year (YYYY or YY), a month (MM or M) and a day (DD or D)`);
  }
  const re = new RegExp(source);
  return {
    pattern,
    example: format(pattern, 2026, 11, 17),
    parse(text) {
      const m = re.exec(text);
      if (!m) return void 0;
      let y = 0;
      let mo = 0;
      let d = 0;
      for (let i = 0; i < order.length; i++) {
        const n = Number(m[i + 1]);
        const t = order[i];
        if (t === "YYYY") y = n;
        else if (t === "YY") y = 2e3 + n;
        else if (t[0] === "M") mo = n;
        else d = n;
      }
      return iso(y, mo, d);
    }
  };
}
function parseIso(text) {
  const m = ISO.exec(text);
  return m ? iso(Number(m[1]), Number(m[2]), Number(m[3])) : void 0;
}
function iso(y, m, d) {
  if (m < 1 || m > 12 || d < 1 || d > daysIn(y, m)) return void 0;
  return `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}
function daysIn(y, m) {
  if (m === 2) return y % 4 === 0 && y % 100 !== 0 || y % 400 === 0 ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}
function format(pattern, y, m, d) {
  const parts = {
    YYYY: String(y),
    YY: String(y % 100).padStart(2, "0"),
    MM: String(m).padStart(2, "0"),
    M: String(m),
    DD: String(d).padStart(2, "0"),
    D: String(d)
  };
  return pattern.replace(TOKENS, (t) => parts[t]);
}
var escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

// shared/validate/rules.ts
var STEPS = {
  trim: (s) => s.trim(),
  lower: (s) => s.toLowerCase(),
  upper: (s) => s.toUpperCase(),
  "collapse-spaces": (s) => s.replace(/\s+/g, " ")
};
function compileTransforms(transforms) {
  const steps = transforms.map((t) => STEPS[t]);
  if (steps.length === 0) return void 0;
  if (steps.length === 1) return steps[0];
  return (s) => {
    for (const step of steps) s = step(s);
    return s;
  };
}
function compileEnum(options) {
  const lookup = /* @__PURE__ */ new Map();
  for (const pass of ["alternativeNames", "label", "value"]) {
    for (const o of options) {
      const names2 = pass === "alternativeNames" ? o.alternativeNames : o[pass] === void 0 ? [] : [o[pass]];
      for (const name of names2) lookup.set(name.trim().toLowerCase(), o.value);
    }
  }
  const names = options.map(
    (o) => o.label && o.label.toLowerCase() !== o.value.toLowerCase() ? `${o.value} (${o.label})` : o.value
  );
  return {
    resolve: (text) => lookup.get(text.trim().toLowerCase()),
    allowed: names.length === 1 ? names[0] : `${names.slice(0, -1).join(", ")} or ${names[names.length - 1]}`
  };
}
var EMAIL = /^(?=.{3,254}$)(?=[^@]{1,64}@)[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
var isEmail = (s) => EMAIL.test(s);
function isUrl(s) {
  if (!/^https?:\/\/[^\s]+$/i.test(s)) return false;
  try {
    return new URL(s).hostname.includes(".");
  } catch {
    return false;
  }
}
var NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
function parseNumber(v) {
  if (typeof v === "number") return Number.isFinite(v) ? v : void 0;
  if (typeof v !== "string" || !NUMBER.test(v)) return void 0;
  return Number(v);
}
var TRUE = /* @__PURE__ */ new Set(["true", "yes", "y", "1"]);
var FALSE = /* @__PURE__ */ new Set(["false", "no", "n", "0"]);
function parseBoolean(v) {
  if (typeof v === "boolean") return v;
  const s = String(v).trim().toLowerCase();
  return TRUE.has(s) ? true : FALSE.has(s) ? false : void 0;
}
function aNoun(label) {
  const noun = label.toLowerCase();
  return /^[aeiou]/.test(noun) ? `an ${noun}` : `a ${noun}`;
}
function quote(v) {
  const s = typeof v === "string" ? v : String(v);
  return JSON.stringify(s.length > 80 ? `${s.slice(0, 77)}...` : s);
}

// shared/validate/compile.ts
function compileFeed(feed) {
  const fields = feed.fields.map(compileField);
  const blank = Object.fromEntries(fields.map((f) => [f.key, void 0]));
  return {
    fields,
    uniqueFields: fields.filter((f) => f.unique),
    validate(record) {
      const cells = { ...blank };
      const values = record.values;
      for (const f of fields) cells[f.key] = f.check(values[f.key]?.value);
      return { id: record.id, cells };
    }
  };
}
function compileField(field) {
  const label = field.label ?? field.key;
  const transform = compileTransforms(field.transform);
  const typed = typedCheck(field, label);
  const missing = field.required ? [error(`${label} is required, but the cell is empty`)] : NONE;
  const fallback = field.default;
  return {
    key: field.key,
    label,
    check(raw) {
      const v = typeof raw === "string" && transform ? transform(raw) : raw;
      if (!isEmpty(v)) return typed(v);
      if (fallback !== void 0) return typed(fallback);
      return { value: v, messages: missing };
    },
    ...field.unique ? { unique: uniqueRule(field, label) } : {}
  };
}
function typedCheck(field, label) {
  switch (field.type) {
    case "string":
      return stringCheck(field);
    case "enum": {
      const rule = compileEnum(field.options ?? []);
      const noun = aNoun(label);
      return (v) => {
        const value = rule.resolve(String(v));
        return value !== void 0 ? { value, messages: NONE } : { value: scalar(v), messages: [error(`${quote(v)} is not ${noun}; expected ${rule.allowed}`)] };
      };
    }
    case "number": {
      const { min, max } = field;
      return (v) => {
        const n = parseNumber(v);
        if (n === void 0) return { value: scalar(v), messages: [error(`expected a number, got ${quote(v)}`)] };
        if (min !== void 0 && n < min) return { value: n, messages: [error(`expected at least ${min}, got ${n}`)] };
        if (max !== void 0 && n > max) return { value: n, messages: [error(`expected at most ${max}, got ${n}`)] };
        return { value: n, messages: NONE };
      };
    }
    case "boolean":
      return (v) => {
        const b = parseBoolean(v);
        return b !== void 0 ? { value: b, messages: NONE } : { value: scalar(v), messages: [error(`expected true or false (or yes/no, 1/0), got ${quote(v)}`)] };
      };
    case "date": {
      const formats = (field.dateFormats ?? ["YYYY-MM-DD"]).map(compileDateFormat);
      const expected = `expected a date like ${formats.map((f) => `${f.example} (${f.pattern})`).join(" or ")}`;
      return (v) => {
        const text = String(v);
        let iso2 = parseIso(text);
        for (let i = 0; iso2 === void 0 && i < formats.length; i++) iso2 = formats[i].parse(text);
        return iso2 !== void 0 ? { value: iso2, messages: NONE } : { value: scalar(v), messages: [error(`${expected}, got ${quote(v)}`)] };
      };
    }
  }
}
function stringCheck(field) {
  const checks = [];
  if (field.pattern !== void 0) {
    const re = new RegExp(field.pattern, "u");
    const expected = field.patternMessage ?? `expected a value matching ${field.pattern}`;
    checks.push((s) => re.test(s) ? void 0 : error(`${expected}, got ${quote(s)}`));
  }
  if (field.format === "email") {
    checks.push((s) => isEmail(s) ? void 0 : error(`expected an email address like name@example.com, got ${quote(s)}`));
  }
  if (field.format === "url") {
    checks.push((s) => isUrl(s) ? void 0 : error(`expected a web address like https://example.com, got ${quote(s)}`));
  }
  if (checks.length === 0) return (v) => ({ value: scalar(v), messages: NONE });
  return (v) => {
    const s = String(v);
    let messages;
    for (const check of checks) {
      const m = check(s);
      if (m) (messages ??= []).push(m);
    }
    return { value: scalar(v), messages: messages ?? NONE };
  };
}
function uniqueRule(field, label) {
  const { caseSensitive, ignoreEmpty } = typeof field.unique === "object" ? field.unique : { caseSensitive: true, ignoreEmpty: true };
  const suffix = ` appears more than once in ${label}; each value must be unique`;
  return {
    keyOf: (value) => {
      if (isEmpty(value)) return ignoreEmpty ? void 0 : "";
      const s = String(value);
      return caseSensitive ? s : s.toLowerCase();
    },
    message: (value) => error(`${quote(value ?? "")}${suffix}`),
    isOurs: (m) => m.source === "custom-logic" && typeof m.message === "string" && m.message.endsWith(suffix)
  };
}
function scalar(v) {
  return typeof v === "string" || typeof v === "number" || typeof v === "boolean" ? v : String(v);
}

// shared/validate/diff.ts
function diffRecord(record, outcome) {
  let values;
  for (const key in outcome.cells) {
    const next = outcome.cells[key];
    const cell = record.values[key];
    const valueChanged = !sameValue(cell?.value, next.value);
    if (!valueChanged && sameMessages(cell, next.messages)) continue;
    (values ??= {})[key] = valueChanged ? { value: next.value ?? null, messages: [...next.messages] } : { messages: [...next.messages] };
  }
  return values && { id: record.id, values };
}
function sameValue(a, b) {
  return a === b || a == null && b == null;
}
function sameMessages(cell, ours) {
  let stored = 0;
  for (const m of cell?.messages ?? []) {
    if (m.source !== "custom-logic") continue;
    stored++;
    if (!ours.some((o) => o.type === m.type && o.message === m.message)) return false;
  }
  return stored === ours.length;
}

// shared/validate/check-record.ts
function checkRecord(record, validator, index, hooks, ctx) {
  const outcome = validator.validate(record);
  if (index) markDuplicates(outcome, validator, index);
  const pending = hooks?.record?.(hookRecord(outcome), ctx);
  if (pending) return pending.then(() => finish(record, outcome));
  return finish(record, outcome);
}
function finish(record, outcome) {
  return { update: diffRecord(record, outcome), invalid: hasError(outcome) };
}
function markDuplicates(outcome, validator, index) {
  for (const f of validator.uniqueFields) {
    const cell = outcome.cells[f.key];
    if (index.isDuplicate(f, cell.value)) {
      outcome.cells[f.key] = { value: cell.value, messages: [...cell.messages, f.unique.message(cell.value)] };
    }
  }
}
function hasError(outcome) {
  for (const key in outcome.cells) if (outcome.cells[key].messages.some((m) => m.type === "error")) return true;
  return false;
}

// shared/validate/records.ts
import { promisify } from "node:util";
import { gzip } from "node:zlib";
var gzipAsync = promisify(gzip);

// shared/validate/unique.ts
var UniqueIndex = class {
  constructor(fields) {
    this.fields = fields;
    for (const f of fields) {
      this.holders.set(f.key, /* @__PURE__ */ new Map());
      this.duplicated.set(f.key, []);
    }
  }
  fields;
  holders = /* @__PURE__ */ new Map();
  duplicated = /* @__PURE__ */ new Map();
  /** Records that carry our duplicate message, so it can be removed once they are unique again. */
  flagged = [];
  add(record) {
    for (const f of this.fields) {
      const cell = record.values[f.key];
      const key = f.unique.keyOf(f.check(cell?.value).value);
      if (cell?.messages?.some(f.unique.isOurs)) this.flagged.push({ id: record.id, field: f.key, key });
      if (key === void 0) continue;
      const map = this.holders.get(f.key);
      const held = map.get(key);
      if (held === void 0) map.set(key, record.id);
      else if (typeof held === "string") {
        const list = [held, record.id];
        map.set(key, list);
        this.duplicated.get(f.key).push(list);
      } else held.push(record.id);
    }
  }
  /** Is this value held by more than one record of the sheet? */
  isDuplicate(field, value) {
    const key = field.unique?.keyOf(value);
    return key !== void 0 && Array.isArray(this.holders.get(field.key)?.get(key));
  }
  /**
   * Records whose duplicate message is wrong as the sheet stands: duplicates not yet flagged, and flagged records
   * whose value is unique again (their twin was edited or deleted).
   */
  needingRecheck() {
    const flaggedAt = new Set(this.flagged.map((f) => `${f.field}\0${f.id}`));
    const out = /* @__PURE__ */ new Set();
    for (const [field, lists] of this.duplicated) {
      for (const list of lists) for (const id of list) if (!flaggedAt.has(`${field}\0${id}`)) out.add(id);
    }
    for (const f of this.flagged) {
      if (f.key === void 0 || !Array.isArray(this.holders.get(f.field)?.get(f.key))) out.add(f.id);
    }
    return out;
  }
};

// cli/try-file.ts
async function readFile(file, feed) {
  const { size } = await stat(file);
  const name = basename(file);
  const input = createReadStream(file);
  const files = normalize(input, name, normalizeOptionsFor(feed));
  try {
    const first = await files.next();
    if (first.done) throw new BadInputError("empty-file", "the file holds nothing to read");
    const normalized = first.value;
    const described = {
      bytes: size,
      format: normalized.format,
      ...normalized.sourceEncoding ? { encoding: normalized.sourceEncoding } : {},
      ...normalized.delimiter ? { delimiter: normalized.delimiter } : {}
    };
    if (!feed.format.accept.includes(normalized.format)) {
      normalized.body.destroy();
      throw Object.assign(new BadInputError("unsupported-format", `feed "${feed.name}" accepts ${feed.format.accept.join(", ")}, not ${normalized.format}`), { described });
    }
    const records = await extract(normalized.body, normalized.format, normalized.delimiter, feed, name).catch((e) => {
      throw Object.assign(e, { described });
    });
    const otherMembers = [];
    for (let next = await files.next(); !next.done; next = await files.next()) {
      otherMembers.push(next.value.name);
      next.value.body.destroy();
    }
    return { ...described, ...records, ...otherMembers.length > 0 ? { otherMembers } : {} };
  } finally {
    await files.return(void 0).catch(() => void 0);
    input.destroy();
  }
}
async function tryFile(file, feed, options = {}) {
  const head = { file, feed: feed.name };
  let read;
  try {
    read = await readFile(file, feed);
  } catch (e) {
    if (!(e instanceof BadInputError)) throw e;
    const described2 = e.described;
    return emptyReport({ ...head, bytes: (await stat(file)).size, format: described2?.format ?? "csv", ...pickDefined(described2), refused: { reason: e.reason, message: e.message } });
  }
  const { columns, rows, ...described } = read;
  return { ...head, ...described, ...await analyse(columns, rows, feed, options) };
}
var pickDefined = (d) => ({
  ...d?.encoding ? { encoding: d.encoding } : {},
  ...d?.delimiter ? { delimiter: d.delimiter } : {}
});
function emptyReport(head) {
  return { ...head, headers: [], plan: [], unmappedHeaders: [], decision: { action: "review", missingFields: [] }, rows: 0, valid: 0, invalid: 0, firstValid: [], firstInvalid: [] };
}
async function extract(body, format2, delimiter, feed, name) {
  const rows = [];
  if (delimiter !== void 0 && (format2 === "csv" || format2 === "tsv" || format2 === "psv")) {
    let columns = [];
    await extractDelimited(
      body,
      delimiter,
      (fields2) => columns = fields2,
      (batch) => {
        for (const r of batch) rows.push(Object.fromEntries(Object.entries(r).map(([k, c]) => [k, String(c.value ?? "")])));
      }
    );
    return { columns, rows };
  }
  const open = sourceFor(format2);
  if (!open) throw new BadInputError("unsupported-format", unsupportedReason(format2));
  const source = await open(body, { fileName: name, ...pick(feed) });
  const positional = [];
  for await (const cells of source.rows) positional.push([...cells]);
  const fields = toFields(source.columns);
  for (const cells of positional) rows.push(Object.fromEntries(cells.map((v, i) => [fields[i]?.key ?? String(i), v])));
  return { columns: fields.map((f) => ({ ...f })), rows, sheet: source.sheetName };
}
async function analyse(columns, rows, feed, options) {
  const platform = platformPlan(columns, feed);
  const decision = decidePlan(feed, platform);
  const byDestination = new Map(decision.plan.fieldMapping.map((e) => [e.destinationField.key, e]));
  const usedSources = new Set(decision.plan.fieldMapping.map((e) => e.sourceField.key));
  const plan = feed.fields.map((f) => {
    const edge = byDestination.get(f.key);
    const meta = edge?.metadata;
    const weak = edge ? void 0 : platform.fieldMapping.find((e) => e.destinationField.key === f.key && !usedSources.has(e.sourceField.key));
    return {
      ...weak ? { suggestion: { header: weak.sourceField.label ?? weak.sourceField.key, certainty: weak.metadata?.certainty ?? "weak" } } : {},
      field: f.key,
      required: f.required,
      ...edge ? { header: edge.sourceField.label ?? edge.sourceField.key } : {},
      ...meta?.certainty ? { certainty: meta.certainty } : {},
      ...meta?.source ? { origin: meta.source } : {}
    };
  });
  const validator = compileFeed(feed);
  const records = rows.map((r, i) => ({
    id: `row_${i + 1}`,
    values: Object.fromEntries([...byDestination].map(([dest, e]) => [dest, { value: r[e.sourceField.key] ?? "" }]))
  }));
  const index = validator.uniqueFields.length > 0 ? new UniqueIndex(validator.uniqueFields) : void 0;
  for (const record of records) index?.add(record);
  const sample = options.sample ?? 5;
  const keys = feed.fields.map((f) => f.key);
  const firstValid = [];
  const firstInvalid = [];
  let invalid = 0;
  for (const [i, record] of records.entries()) {
    const checked = await checkRecord(record, validator, index, options.hooks, { feed: feed.name, commitId: "try" });
    const egress = egressRecord(record, checked.update);
    if (checked.invalid) {
      invalid++;
      if (firstInvalid.length < sample) firstInvalid.push({ row: i + 1, values: rowOf(egress, keys), reasons: reasonsOf(egress, keys) });
    } else if (firstValid.length < sample) firstValid.push(rowOf(egress, keys));
  }
  return {
    headers: columns.map((c) => c.label ?? c.key),
    plan,
    unmappedHeaders: columns.filter((c) => !usedSources.has(c.key)).map((c) => c.label ?? c.key),
    decision: { action: decision.action, missingFields: decision.action === "review" ? decision.missingFields : [], ...decision.action === "review" ? { reason: decision.reason } : {} },
    rows: records.length,
    valid: records.length - invalid,
    invalid,
    firstValid,
    firstInvalid
  };
}
var pick = (feed) => ({
  ...feed.format.sheet ? { sheet: feed.format.sheet } : {},
  ...feed.format.headerRow ? { headerRow: feed.format.headerRow } : {},
  ...feed.format.fixedWidth ? { fixedWidth: feed.format.fixedWidth } : {}
});
function platformPlan(columns, feed) {
  const destinations = sheetConfig(feed).fields;
  const candidates = [];
  for (const src of columns) for (const dst of destinations) {
    const m = matchField(src, dst);
    if (m) candidates.push({ src, dst, ...m });
  }
  candidates.sort((a, b) => b.confidence - a.confidence);
  const usedSrc = /* @__PURE__ */ new Set();
  const usedDst = /* @__PURE__ */ new Set();
  const fieldMapping = [];
  for (const c of candidates) {
    if (usedSrc.has(c.src.key) || usedDst.has(c.dst.key)) continue;
    usedSrc.add(c.src.key);
    usedDst.add(c.dst.key);
    fieldMapping.push({ sourceField: c.src, destinationField: c.dst, metadata: { certainty: c.certainty, confidence: c.confidence, source: c.source } });
  }
  return {
    fieldMapping,
    unmappedSourceFields: columns.filter((c) => !usedSrc.has(c.key)).map((c) => ({ sourceField: c })),
    unmappedDestinationFields: destinations.filter((d) => !usedDst.has(d.key)).map((d) => ({ destinationField: d }))
  };
}
function egressRecord(record, update) {
  const values = {};
  for (const [key, cell] of Object.entries(record.values)) values[key] = { value: cell?.value };
  for (const [key, cell] of Object.entries(update?.values ?? {})) {
    values[key] = { value: "value" in cell ? cell.value : values[key]?.value, messages: cell.messages };
  }
  return { id: record.id, values };
}
var manifestDir = (manifestPath) => dirname(manifestPath);

export {
  compileDateFormat,
  isEmail,
  parseNumber,
  parseBoolean,
  readFile,
  tryFile,
  manifestDir
};
//# sourceMappingURL=chunk-QVFNLZA2.js.map
