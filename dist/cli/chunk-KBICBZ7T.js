import {
  Manifest
} from "./chunk-LNUHMRFO.js";
import {
  ManifestError
} from "./chunk-NP6IF4YY.js";
import {
  DEFAULT_MANIFEST_PATH
} from "./chunk-7OHJ3NUU.js";

// shared/manifest/load.ts
import { readFile } from "node:fs/promises";
import { LineCounter, parseDocument, isMap, isNode, isScalar } from "yaml";

// shared/manifest/rules.ts
function checkRules(manifest) {
  return [
    ...uniqueFeedNames(manifest),
    ...disjointInboxPrefixes(manifest),
    ...fieldMapTargetsExist(manifest),
    ...fieldsWellFormed(manifest),
    ...formatOptionsPresent(manifest)
  ];
}
function uniqueFeedNames(m) {
  const seen = /* @__PURE__ */ new Map();
  const problems = [];
  m.feeds.forEach((feed, i) => {
    const first = seen.get(feed.name);
    if (first === void 0) seen.set(feed.name, i);
    else problems.push({ path: ["feeds", i, "name"], message: `duplicate feed name "${feed.name}" (also feeds[${first}])` });
  });
  return problems;
}
function disjointInboxPrefixes(m) {
  const problems = [];
  m.feeds.forEach((feed, i) => {
    m.feeds.slice(0, i).forEach((other, j) => {
      const a = feed.source.inboxPrefix;
      const b = other.source.inboxPrefix;
      if (a.startsWith(b) || b.startsWith(a)) {
        problems.push({
          path: ["feeds", i, "source", "inboxPrefix"],
          message: `inbox prefix "${a}" overlaps "${b}" of feed "${other.name}" (feeds[${j}]): a file must belong to one feed`
        });
      }
    });
  });
  return problems;
}
function fieldMapTargetsExist(m) {
  const problems = [];
  m.feeds.forEach((feed, i) => {
    const keys = new Set(feed.fields.map((f) => f.key));
    for (const [header, key] of Object.entries(feed.mapping.fieldMap)) {
      if (!keys.has(key)) {
        problems.push({
          path: ["feeds", i, "mapping", "fieldMap", header],
          message: `unknown field key "${key}"; expected one of ${[...keys].join("|")}`
        });
      }
    }
  });
  return problems;
}
function fieldsWellFormed(m) {
  const problems = [];
  m.feeds.forEach((feed, i) => {
    const seen = /* @__PURE__ */ new Set();
    feed.fields.forEach((field, k) => {
      const at = (...rest) => ["feeds", i, "fields", k, ...rest];
      if (seen.has(field.key)) problems.push({ path: at("key"), message: `duplicate field key "${field.key}"` });
      seen.add(field.key);
      if (field.type === "enum" && !field.options) {
        problems.push({ path: at("options"), message: "expected options for a field of type enum" });
      }
      if (field.type !== "enum" && field.options) {
        problems.push({ path: at("options"), message: `options are only allowed on enum fields, not ${field.type}` });
      }
      if (field.type === "enum" && field.options && field.default !== void 0) {
        const values = field.options.map((o) => o.value);
        if (!values.includes(field.default)) {
          problems.push({
            path: at("default"),
            message: `expected one of ${values.join("|")}, got "${field.default}"`
          });
        }
      }
      if (field.min !== void 0 && field.max !== void 0 && field.min > field.max) {
        problems.push({ path: at("min"), message: `min ${field.min} is greater than max ${field.max}` });
      }
      if (field.dateFormats && field.type !== "date") {
        problems.push({ path: at("dateFormats"), message: `dateFormats only apply to date fields, not ${field.type}` });
      }
    });
  });
  return problems;
}
function formatOptionsPresent(m) {
  const problems = [];
  m.feeds.forEach((feed, i) => {
    if (feed.format.accept.includes("fixed") && !feed.format.fixedWidth) {
      problems.push({
        path: ["feeds", i, "format", "fixedWidth"],
        message: "expected fixedWidth.columns when the feed accepts fixed-width files"
      });
    }
  });
  return problems;
}

// shared/manifest/hints.ts
var defOf = (s) => s._zod.def;
var SYNONYMS = {
  values: "options",
  choices: "options",
  enum: "options",
  alias: "aliases",
  synonyms: "aliases",
  headers: "aliases",
  regex: "pattern",
  mandatory: "required",
  optional: "required",
  columns: "fields",
  minimum: "min",
  maximum: "max",
  delimeter: "delimiter",
  separator: "delimiter",
  charset: "encoding",
  prefix: "inboxPrefix",
  map: "fieldMap",
  mappings: "fieldMap"
};
function schemaAt(root, path, valueAt) {
  let s = unwrap(root, valueAt([]));
  for (let i = 0; i < path.length && s; i++) {
    const def = defOf(s);
    const step = path[i];
    let next;
    if (def.type === "object") next = def.shape[String(step)];
    else if (def.type === "array") next = def.element;
    else if (def.type === "record") next = def.valueType;
    s = next && unwrap(next, valueAt(path.slice(0, i + 1)));
  }
  return s;
}
function unwrap(s, value) {
  for (; ; ) {
    const def = defOf(s);
    if (["optional", "default", "prefault", "nullable", "readonly", "nonoptional", "catch"].includes(def.type)) s = def.innerType;
    else if (def.type === "pipe") s = def.in;
    else if (def.type === "lazy") s = def.getter();
    else if (def.type === "union") {
      const options = def.options;
      const discriminator = def.discriminator;
      const tag = discriminator && value && typeof value === "object" ? value[discriminator] : void 0;
      const matching = options.find((o) => {
        const od = defOf(o);
        if (od.type !== "object" || !discriminator) return false;
        const lit = od.shape[discriminator];
        return lit !== void 0 && defOf(lit).values?.includes(tag);
      });
      s = matching ?? options.find((o) => defOf(o).type === "object") ?? options[0];
    } else return s;
  }
}
function keysOf(s) {
  return s && defOf(s).type === "object" ? Object.keys(defOf(s).shape) : void 0;
}
function didYouMean(key, allowed) {
  const synonym = SYNONYMS[key] ?? SYNONYMS[key.toLowerCase()];
  if (synonym && allowed.includes(synonym)) return synonym;
  const lower = key.toLowerCase();
  const sameCase = allowed.find((a) => a.toLowerCase() === lower);
  if (sameCase) return sameCase;
  let best;
  for (const a of allowed) {
    const d = editDistance(lower, a.toLowerCase());
    if (d <= Math.max(1, Math.floor(a.length / 3)) && (!best || d < best.distance)) best = { key: a, distance: d };
  }
  return best?.key;
}
function editDistance(a, b) {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length];
}
function exampleOf(s, depth = 0) {
  const u = unwrap(s, void 0);
  const def = defOf(u);
  switch (def.type) {
    case "boolean":
      return "true";
    case "number":
    case "int":
      return "1";
    case "string":
      return '"\u2026"';
    case "enum":
      return String(Object.values(def.entries)[0]);
    case "literal":
      return JSON.stringify(def.values[0]);
    case "array":
      return depth > 2 ? "[\u2026]" : `[${exampleOf(def.element, depth + 1)}]`;
    case "record":
      return '{"\u2026": \u2026}';
    case "object": {
      if (depth > 2) return "{\u2026}";
      const shape = def.shape;
      const required = Object.entries(shape).filter(([, v]) => !isOptional(v));
      const shown = required.length > 0 ? required : Object.entries(shape).slice(0, 1);
      return `{${shown.map(([k, v]) => `${k}: ${exampleOf(v, depth + 1)}`).join(", ")}}`;
    }
    default:
      return "\u2026";
  }
}
function isOptional(s) {
  return ["optional", "default", "prefault"].includes(defOf(s).type);
}

// shared/manifest/load.ts
async function loadManifest(path = DEFAULT_MANIFEST_PATH) {
  const text = await readFile(path, "utf8").catch((e) => {
    if (e.code !== "ENOENT" && e.code !== "EISDIR") throw e;
    const problem = `${path}: ${e.code === "ENOENT" ? "no such file" : "is a folder, not a file"} (the feed manifest; pass another with -m/--manifest)`;
    throw new ManifestError(problem, [problem], { cause: e });
  });
  return parseManifest(text, path);
}
function parseManifest(text, fileName = DEFAULT_MANIFEST_PATH) {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const where = (offset) => {
    if (offset === void 0) return fileName;
    const { line, col } = lineCounter.linePos(offset);
    return `${fileName}:${line}:${col}`;
  };
  if (doc.errors.length > 0) {
    const problems = doc.errors.map((e) => `${where(e.pos[0])} ${e.message.split("\n")[0]}`);
    throw new ManifestError(summary(fileName, problems), problems);
  }
  const parsed = Manifest.safeParse(doc.toJS(), { reportInput: true });
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const path = issue.path;
      const offset = (issue.code === "unrecognized_keys" ? keyOffset(doc, path, issue.keys[0]) : void 0) ?? offsetOf(doc, path);
      return `${where(offset)} ${formatPath(path)}: ${describeIssue(issue, doc)}`;
    });
    throw new ManifestError(summary(fileName, problems), problems);
  }
  const ruleProblems = checkRules(parsed.data).map(
    (p) => `${where(offsetOf(doc, p.path))} ${formatPath(p.path)}: ${p.message}`
  );
  if (ruleProblems.length > 0) throw new ManifestError(summary(fileName, ruleProblems), ruleProblems);
  return parsed.data;
}
function summary(fileName, problems) {
  const n = problems.length;
  return `${fileName}: ${n} problem${n === 1 ? "" : "s"} in the feed manifest
  ${problems.join("\n  ")}`;
}
function formatPath(path) {
  return path.map((p, i) => typeof p === "number" ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`).join("");
}
function offsetOf(doc, path) {
  for (let n = path.length; n >= 0; n--) {
    const node = doc.getIn(path.slice(0, n), true);
    if (isNode(node) && node.range) return node.range[0];
  }
  return void 0;
}
function keyOffset(doc, path, key) {
  const map = path.length === 0 ? doc.contents : doc.getIn(path, true);
  if (!isMap(map)) return void 0;
  const pair = map.items.find((p) => isScalar(p.key) && p.key.value === key);
  return isNode(pair?.key) ? pair.key.range?.[0] : void 0;
}
function describeIssue(issue, doc) {
  const path = issue.path;
  const got = () => JSON.stringify(doc.getIn(path));
  const valueAt = (p) => p.length === 0 ? doc.toJS() : doc.getIn(p);
  const schema = () => schemaAt(Manifest, path, valueAt);
  const example = () => {
    const s = schema();
    const key = path.at(-1);
    return s ? `, e.g. ${typeof key === "string" ? `${key}: ` : ""}${exampleOf(s)}` : "";
  };
  switch (issue.code) {
    case "invalid_value":
      return `expected one of ${issue.values.map(String).join("|")}, got ${got()}`;
    case "invalid_type":
      return issue.input === void 0 ? `required ${issue.expected} is missing${example()}` : `expected ${issue.expected}, got ${got()}${example()}`;
    case "unrecognized_keys": {
      const here = schema();
      const allowed = keysOf(here) ?? [];
      return issue.keys.map((k) => {
        const meant = didYouMean(k, allowed);
        const shape = meant && schemaAt(here, [meant], () => void 0);
        if (meant) return `unknown key "${k}"; did you mean "${meant}"?${shape ? ` e.g. ${meant}: ${exampleOf(shape)}` : ""}`;
        return `unknown key "${k}"${allowed.length > 0 ? `; expected one of ${allowed.join("|")}` : ""}`;
      }).join(", ");
    }
    case "invalid_union":
      return `${issue.message}, got ${got()}${example()}`;
    default:
      return issue.message.startsWith("expected") ? `${issue.message}, got ${got()}` : issue.message;
  }
}

export {
  checkRules,
  loadManifest,
  parseManifest,
  formatPath
};
//# sourceMappingURL=chunk-KBICBZ7T.js.map
