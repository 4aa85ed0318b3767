// shared/validate/hooks.ts
import { isAbsolute, resolve } from "node:path";
import { pathToFileURL } from "node:url";

// shared/validate/types.ts
var isEmpty = (v) => v === void 0 || v === null || v === "";
var error = (message) => ({ type: "error", message, source: "custom-logic" });
var warning = (message) => ({ type: "warn", message, source: "custom-logic" });
var info = (message) => ({ type: "info", message, source: "custom-logic" });
var NONE = Object.freeze([]);

// shared/validate/hooks.ts
function hookRecord(outcome) {
  const cell = (key) => {
    const c = outcome.cells[key];
    if (!c) throw new Error(`hook used unknown field "${key}"; fields: ${Object.keys(outcome.cells).join(", ")}`);
    return c;
  };
  const add = (key, m) => {
    const c = cell(key);
    outcome.cells[key] = { value: c.value, messages: [...c.messages, m] };
  };
  return {
    id: outcome.id,
    get: (key) => cell(key).value,
    set: (key, value) => {
      outcome.cells[key] = { value, messages: cell(key).messages };
    },
    addError: (key, message) => add(key, error(message)),
    addWarning: (key, message) => add(key, warning(message)),
    addInfo: (key, message) => add(key, info(message)),
    hasError: (key) => cell(key).messages.some((m) => m.type === "error")
  };
}
var loaded = /* @__PURE__ */ new Map();
function loadFeedHooks(feed, baseDir) {
  const path = feed.validation.hooks;
  if (!path) return Promise.resolve({});
  const file = isAbsolute(path) ? path : resolve(baseDir, path);
  let pending = loaded.get(file);
  if (!pending) {
    pending = import(pathToFileURL(file).href).then((mod) => asHooks(mod.default, file));
    pending.catch(() => loaded.delete(file));
    loaded.set(file, pending);
  }
  return pending;
}
function asHooks(value, file) {
  const hooks = value;
  if (!hooks || typeof hooks !== "object" || hooks.record !== void 0 && typeof hooks.record !== "function") {
    throw new Error(`${file}: expected a default export like { record(record, ctx) { \u2026 } }`);
  }
  return hooks;
}

export {
  isEmpty,
  error,
  NONE,
  hookRecord,
  loadFeedHooks
};
//# sourceMappingURL=chunk-QPB4VWX4.js.map
