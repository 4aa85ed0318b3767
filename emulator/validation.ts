import type { Json, Message, Property, SheetConfig } from './types.js';

/** One sheet field compiled once per sheet config, so validating a write is a few closure calls per cell. */
export interface FieldRule {
  key: string;
  /** Normalises a written value (e.g. "42" → 42 for numbers); values that do not coerce are kept as written. */
  coerce(value: unknown): unknown;
  /** Messages that follow from the value alone: required, type coercion, enum option. */
  check(value: unknown): Message[];
  unique?: { caseSensitive: boolean; ignoreEmpty: boolean; type: Message['type']; message: string };
}

export interface Schema {
  fields: FieldRule[];
  byKey: Map<string, FieldRule>;
  allowAdditionalFields: boolean;
}

const NONE: Message[] = [];

export const isEmpty = (v: unknown): boolean =>
  v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);

const TRUE = new Set(['true', 't', 'yes', 'y', '1']);
const FALSE = new Set(['false', 'f', 'no', 'n', '0']);

/**
 * Plain decimal text only ("42", "-7.5", "1e3"). Anything else — "1.234,56", "12,50", "1,000", "0x10", "Infinity" —
 * is kept as written and flagged invalid: a platform that deleted commas (as the optional autocast plugin does)
 * would turn the German "49,90" into 4990 and "12,50" into 1250 without a word. Stricter than or equal to the
 * platform, never looser: the feed's own validation hook parses declared formats (shared/validate/numbers.ts).
 */
const PLAIN_NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

function coerceNumber(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  const text = v.trim();
  if (!PLAIN_NUMBER.test(text)) return v;
  const n = Number(text);
  return Number.isFinite(n) ? n : v;
}

function coerceBoolean(v: unknown): unknown {
  if (typeof v === 'number') return v === 1 ? true : v === 0 ? false : v;
  if (typeof v !== 'string') return v;
  const s = v.trim().toLowerCase();
  return TRUE.has(s) ? true : FALSE.has(s) ? false : v;
}

const identity = (v: unknown): unknown => v;

function typeCheck(p: Property): ((v: unknown) => string | undefined) | undefined {
  switch (p.type) {
    case 'number':
      return (v) => (typeof v === 'number' ? undefined : `Invalid number: ${String(v)}`);
    case 'boolean':
      return (v) => (typeof v === 'boolean' ? undefined : `Invalid boolean: ${String(v)}`);
    case 'date':
      return (v) => (typeof v === 'string' && !Number.isNaN(Date.parse(v)) ? undefined : `Invalid date: ${String(v)}`);
    default:
      return undefined;
  }
}

function enumCheck(p: Property): ((v: unknown) => boolean) | undefined {
  if (p.type !== 'enum' && p.type !== 'enum-list') return undefined;
  const config = (p.config ?? {}) as { options?: { value: unknown }[]; allowCustom?: boolean };
  if (config.allowCustom) return undefined;
  const allowed = new Set((config.options ?? []).map((o) => String(o.value)));
  return (v) => (Array.isArray(v) ? v.every((x) => allowed.has(String(x))) : allowed.has(String(v)));
}

function constraint(p: Property, type: string): Json | undefined {
  return p.constraints?.find((c) => c.type === type);
}

function level(c: Json): Message['type'] {
  const l = (c.config as Json | undefined)?.level;
  return l === 'warn' || l === 'info' ? l : 'error';
}

function compileField(p: Property): FieldRule {
  const key = p.key;
  const required = constraint(p, 'required');
  const requiredMsg: Message[] | undefined = required && [
    {
      type: level(required),
      source: 'required-constraint',
      message: String((required.config as Json | undefined)?.message ?? `${p.label ?? key} is required`),
      field: key,
    },
  ];
  const badType = typeCheck(p);
  const inOptions = enumCheck(p);
  const coerce = p.type === 'number' ? coerceNumber : p.type === 'boolean' ? coerceBoolean : identity;
  const uniqueC = constraint(p, 'unique');
  const uniqueConfig = (uniqueC?.config ?? {}) as { caseSensitive?: boolean; ignoreEmpty?: boolean; message?: string };
  return {
    key,
    coerce,
    check(v) {
      if (isEmpty(v)) return requiredMsg ?? NONE;
      const typeError = badType?.(v);
      if (typeError) return [{ type: 'error', message: typeError, field: key }];
      if (inOptions && !inOptions(v)) {
        return [{ type: 'error', source: 'invalid-option', message: `Invalid option: ${String(v)}`, field: key }];
      }
      return NONE;
    },
    unique: uniqueC && {
      // Flatfile's unique constraint is case sensitive unless told otherwise.
      caseSensitive: uniqueConfig.caseSensitive ?? true,
      ignoreEmpty: uniqueConfig.ignoreEmpty ?? false,
      type: level(uniqueC),
      message: uniqueConfig.message ?? `Value is not unique`,
    },
  };
}

export function compileSchema(config: SheetConfig): Schema {
  const fields = config.fields.map(compileField);
  return { fields, byKey: new Map(fields.map((f) => [f.key, f])), allowAdditionalFields: !!config.allowAdditionalFields };
}

/** Key under which a value is counted for a unique constraint; undefined when the value does not take part. */
export function uniqueKey(rule: NonNullable<FieldRule['unique']>, v: unknown): string | undefined {
  if (isEmpty(v)) return rule.ignoreEmpty ? undefined : '';
  const s = Array.isArray(v) ? JSON.stringify(v) : String(v);
  return rule.caseSensitive ? s : s.toLowerCase();
}

export const hasError = (messages: Message[] | undefined): boolean =>
  !!messages && messages.some((m) => m.type === undefined || m.type === 'error');
