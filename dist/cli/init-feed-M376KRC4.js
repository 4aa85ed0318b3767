import {
  compileDateFormat,
  isEmail,
  parseBoolean,
  parseNumber,
  readFile
} from "./chunk-3JOGA3LU.js";
import "./chunk-QPB4VWX4.js";
import "./chunk-ZVKV3OJC.js";
import "./chunk-GDEB4I5J.js";
import "./chunk-ZU3FEKYI.js";
import "./chunk-7KWDS5G2.js";
import {
  parseManifest
} from "./chunk-KBICBZ7T.js";
import {
  FILE_FORMATS,
  Feed
} from "./chunk-LNUHMRFO.js";
import "./chunk-MNF22CDU.js";
import "./chunk-NP6IF4YY.js";
import "./chunk-7OHJ3NUU.js";

// cli/init-feed.ts
import { basename, extname } from "node:path";
import { stringify } from "yaml";
var DATE_FORMATS = ["YYYY-MM-DD", "DD.MM.YYYY", "D.M.YYYY", "DD/MM/YYYY", "MM/DD/YYYY", "M/D/YYYY"];
var MAX_ENUM_OPTIONS = 8;
async function draftFeed(file, options = {}) {
  const name = options.name ?? slugOf(basename(file));
  const probe = Feed.parse({ name: "draft", source: { inboxPrefix: "draft/" }, format: { accept: [...FILE_FORMATS] }, sheet: { slug: "draft", name: "Draft" }, fields: [{ key: "draft", type: "string" }] });
  const read = await readFile(file, probe);
  const notes = [];
  const fields = read.columns.map((c) => {
    const values = read.rows.map((r) => (r[c.key] ?? "").trim());
    const field = guessField(c.key, c.label ?? c.key, values);
    notes.push(`${field.key}: ${field.type}${field.dateFormats ? ` (${field.dateFormats[0]})` : ""}${field.required ? ", required (no empty cell in the sample)" : ""}`);
    return field;
  });
  const feed = {
    name,
    description: `Drafted by flatfeed init from ${basename(file)}: check types, required fields and aliases.`,
    source: { inboxPrefix: options.prefix ?? `${name}/` },
    format: {
      accept: [read.format],
      ...read.encoding && read.encoding !== "utf-8" && read.encoding !== "ascii" ? { encoding: read.encoding } : {},
      ...read.delimiter && read.delimiter !== "," ? { delimiter: read.delimiter } : {},
      ...read.sheet && read.format === "xlsx" ? { sheet: read.sheet } : {}
    },
    sheet: { slug: keyOf(name), name: titleOf(name) },
    fields
  };
  parseManifest(stringify({ version: 1, feeds: [feed] }), `${name} (draft)`);
  return { feed, notes, yaml: stringify([feed], { lineWidth: 0 }) };
}
function guessField(key, label, values) {
  const filled = values.filter((v) => v !== "");
  const base = { key: keyOf(key), label, type: "string" };
  if (filled.length > 0 && filled.length === values.length) base.required = true;
  if (label !== base.key) base.aliases = [label];
  if (filled.length === 0) return base;
  if (filled.every((v) => parseNumber(v) !== void 0)) return { ...base, type: "number" };
  if (filled.every((v) => parseBoolean(v) !== void 0)) return { ...base, type: "boolean" };
  for (const pattern of DATE_FORMATS) {
    const format = compileDateFormat(pattern);
    if (filled.every((v) => format.parse(v) !== void 0)) return { ...base, type: "date", dateFormats: [pattern] };
  }
  const formats = DATE_FORMATS.map(compileDateFormat);
  const used = formats.filter((f) => filled.some((v) => f.parse(v) !== void 0));
  if (used.length > 1 && filled.filter((v) => used.some((f) => f.parse(v) !== void 0)).length >= filled.length * 0.8) {
    return { ...base, type: "date", dateFormats: used.map((f) => f.pattern) };
  }
  if (filled.filter((v) => isEmail(v.toLowerCase())).length >= filled.length * 0.8) return { ...base, format: "email" };
  const distinct = [...new Set(filled.map((v) => v.toLowerCase()))];
  if (distinct.length <= MAX_ENUM_OPTIONS && filled.length >= distinct.length * 2) {
    return { ...base, type: "enum", options: distinct.map((value) => ({ value })) };
  }
  return base;
}
var keyOf = (s) => {
  const k = s.toLowerCase().replace(/[^a-z0-9]+/g, "_").replace(/^_+|_+$/g, "");
  return /^[a-z]/.test(k) ? k.slice(0, 64) : `f_${k}`.slice(0, 64);
};
function slugOf(fileName) {
  const stem = fileName.slice(0, fileName.length - extname(fileName).length).replace(/\.(csv|tsv|txt|json|xlsx)$/i, "");
  const slug = stem.toLowerCase().replace(/\d{4}-?\d{2}-?\d{2}/g, "").replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
  return /^[a-z]/.test(slug) ? slug.slice(0, 40).replace(/-+$/, "") : `feed-${slug}`.slice(0, 40).replace(/-+$/, "");
}
var titleOf = (name) => name.split("-").map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join(" ");
export {
  draftFeed,
  guessField
};
//# sourceMappingURL=init-feed-M376KRC4.js.map
