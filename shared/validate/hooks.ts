import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Feed } from '../manifest/index.js';
import { error, info, warning, type CellResult, type Message, type Outcome, type Scalar } from './types.js';

/**
 * A feed's own validation code (`validation.hooks` in the manifest): a module whose default export is a FeedHooks.
 * `record` runs after the manifest rules, for every record of a commit, and may change values and add messages.
 * It must be deterministic (same record in, same changes out): that is what keeps re-validation a no-op.
 */
export interface FeedHooks {
  record?(record: HookRecord, ctx: HookContext): void | Promise<void>;
}

export interface HookContext {
  feed: string;
  commitId: string;
}

export interface HookRecord {
  readonly id: string;
  /** The value after the manifest rules (transformed, ISO dates, canonical enum values). */
  get(key: string): Scalar;
  set(key: string, value: Scalar): void;
  addError(key: string, message: string): void;
  addWarning(key: string, message: string): void;
  addInfo(key: string, message: string): void;
  /** Does the field already have an error from the manifest rules (or an earlier hook call)? */
  hasError(key: string): boolean;
}

/** Lets a hook work on a validated record in place. */
export function hookRecord(outcome: Outcome): HookRecord {
  const cell = (key: string): CellResult => {
    const c = outcome.cells[key];
    if (!c) throw new Error(`hook used unknown field "${key}"; fields: ${Object.keys(outcome.cells).join(', ')}`);
    return c;
  };
  const add = (key: string, m: Message) => {
    const c = cell(key);
    // Results share a frozen empty list; copy before adding.
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
    hasError: (key) => cell(key).messages.some((m) => m.type === 'error'),
  };
}

const loaded = new Map<string, Promise<FeedHooks>>();

/**
 * Loads a feed's hook module once per process with a dynamic import. `baseDir` is the manifest's folder. Locally tsx
 * compiles the TypeScript; in Lambda the worker bundle must contain the module (see hooks note in the report).
 */
export function loadFeedHooks(feed: Feed, baseDir: string): Promise<FeedHooks> {
  const path = feed.validation.hooks;
  if (!path) return Promise.resolve({});
  const file = isAbsolute(path) ? path : resolve(baseDir, path);
  let pending = loaded.get(file);
  if (!pending) {
    pending = import(pathToFileURL(file).href).then((mod: { default?: unknown }) => asHooks(mod.default, file));
    pending.catch(() => loaded.delete(file));
    loaded.set(file, pending);
  }
  return pending;
}

function asHooks(value: unknown, file: string): FeedHooks {
  const hooks = value as FeedHooks | undefined;
  if (!hooks || typeof hooks !== 'object' || (hooks.record !== undefined && typeof hooks.record !== 'function')) {
    throw new Error(`${file}: expected a default export like { record(record, ctx) { … } }`);
  }
  return hooks;
}
