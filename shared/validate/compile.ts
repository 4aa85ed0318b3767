import type { Feed, Field } from '../manifest/index.js';
import { compileDateFormat, parseIso } from './dates.js';
import { compileNumberFormat, type NumberFormat } from './numbers.js';
import { aNoun, compileEnum, compileTransforms, isEmail, isUrl, parseBoolean, quote } from './rules.js';
import { NONE, error, isEmpty, type CellResult, type Message, type Outcome, type Scalar, type SheetRecord, valueOf } from './types.js';

export interface CompiledField {
  key: string;
  label: string;
  /** Transforms, defaults and checks one raw cell value. Pure: the same input always gives the same result. */
  check(raw: unknown): CellResult;
}

export interface Validator {
  fields: readonly CompiledField[];
  /**
   * Every field's rules except uniqueness: the blueprint declares `unique` fields with Flatfile's own unique
   * constraint, which the platform keeps across the whole sheet as records are written (see shared/flatfile/blueprint.ts).
   */
  validate(record: SheetRecord): Outcome;
}

export function compileFeed(feed: Feed): Validator {
  const numbers = compileNumberFormat(feed.format.numberFormat);
  const fields = feed.fields.map((f) => compileField(f, numbers));
  // Every outcome starts as a copy of this: one shape for all of them, so filling in cells is a store, not a
  // hidden-class transition per key (several times faster per record).
  const blank = Object.fromEntries(fields.map((f) => [f.key, undefined])) as unknown as Record<string, CellResult>;
  return {
    fields,
    validate(record) {
      const cells = { ...blank };
      for (const f of fields) cells[f.key] = f.check(valueOf(record, f.key));
      return { id: record.id, cells };
    },
  };
}

export function compileField(field: Field, numbers: NumberFormat = compileNumberFormat(undefined)): CompiledField {
  const label = field.label ?? field.key;
  const transform = compileTransforms(field.transform);
  const typed = typedCheck(field, label, numbers);
  const missing: CellResult['messages'] = field.required ? [error(`${label} is required, but the cell is empty`)] : NONE;
  const fallback = field.default;
  return {
    key: field.key,
    label,
    check(raw) {
      const v = typeof raw === 'string' && transform ? transform(raw) : raw;
      if (!isEmpty(v)) return typed(v);
      if (fallback !== undefined) return typed(fallback);
      return { value: v, messages: missing };
    },
  };
}

type Typed = (v: NonNullable<unknown>) => CellResult;

function typedCheck(field: Field, label: string, numbers: NumberFormat): Typed {
  switch (field.type) {
    case 'string':
      return stringCheck(field);
    case 'enum': {
      const rule = compileEnum(field.options ?? []);
      const noun = aNoun(label);
      return (v) => {
        const value = rule.resolve(String(v));
        return value !== undefined
          ? { value, messages: NONE }
          : { value: scalar(v), messages: [error(`${quote(v)} is not ${noun}; expected ${rule.allowed}`)] };
      };
    }
    case 'number': {
      const { min, max } = field;
      return (v) => {
        const n = numbers.parse(v);
        if (n === undefined) return { value: scalar(v), messages: [error(numbers.notANumber(quote(v)))] };
        if (min !== undefined && n < min) return { value: n, messages: [error(`expected at least ${min}, got ${n}`)] };
        if (max !== undefined && n > max) return { value: n, messages: [error(`expected at most ${max}, got ${n}`)] };
        return { value: n, messages: NONE };
      };
    }
    case 'boolean':
      return (v) => {
        const b = parseBoolean(v);
        return b !== undefined
          ? { value: b, messages: NONE }
          : { value: scalar(v), messages: [error(`expected true or false (or yes/no, 1/0), got ${quote(v)}`)] };
      };
    case 'date': {
      const formats = (field.dateFormats ?? ['YYYY-MM-DD']).map(compileDateFormat);
      const expected = `expected a date like ${formats.map((f) => `${f.example} (${f.pattern})`).join(' or ')}`;
      const dateOf = (text: string) => {
        let iso = parseIso(text);
        for (let i = 0; iso === undefined && i < formats.length; i++) iso = formats[i]!.parse(text);
        return iso;
      };
      const policy = field.dateTime;
      return (v) => {
        const text = String(v);
        const iso = dateOf(text);
        if (iso !== undefined) return { value: iso, messages: NONE };
        const split = splitTime(text);
        const day = split && dateOf(split.date);
        if (split && day !== undefined) {
          if (policy === 'date') return { value: day, messages: NONE };
          if (policy === 'keep') return { value: `${day}T${split.time}`, messages: NONE };
          return {
            value: scalar(v),
            messages: [error(`${quote(v)} is a date and time; ${label} takes a date (the feed's dateTime setting can keep the date part)`)],
          };
        }
        return { value: scalar(v), messages: [error(`${expected}, got ${quote(v)}`)] };
      };
    }
  }
}

function stringCheck(field: Field): Typed {
  const checks: ((s: string) => Message | undefined)[] = [];
  if (field.pattern !== undefined) {
    const re = new RegExp(field.pattern, 'u');
    const expected = field.patternMessage ?? `expected a value matching ${field.pattern}`;
    checks.push((s) => (re.test(s) ? undefined : error(`${expected}, got ${quote(s)}`)));
  }
  if (field.format === 'email') {
    checks.push((s) => (isEmail(s) ? undefined : error(`expected an email address like name@example.com, got ${quote(s)}`)));
  }
  if (field.format === 'url') {
    checks.push((s) => (isUrl(s) ? undefined : error(`expected a web address like https://example.com, got ${quote(s)}`)));
  }
  if (checks.length === 0) return (v) => ({ value: scalar(v), messages: NONE });
  return (v) => {
    const s = String(v);
    let messages: Message[] | undefined;
    for (const check of checks) {
      const m = check(s);
      if (m) (messages ??= []).push(m);
    }
    return { value: scalar(v), messages: messages ?? NONE };
  };
}

/** Cells hold scalars; anything else (a list from a reference field) is shown as text. */
function scalar(v: unknown): Scalar {
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? v : String(v);
}

// "2026-11-17T09:30:00", "17.11.2026 09:30", "2026-11-17 09:30:00.000Z", "2026-11-17T09:30+01:00": a date, a T or a
// space, a time of day (seconds, fraction and zone optional).
const TIME_SUFFIX = /^(.+?)[T ]((?:[01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d{1,9})?)?(?:Z|[+-](?:[01]\d|2[0-3]):?[0-5]\d)?)$/;

/** The date part and the time part of a date-time, or undefined for text that is not one. */
function splitTime(text: string): { date: string; time: string } | undefined {
  const m = TIME_SUFFIX.exec(text.trim());
  if (!m) return undefined;
  const time = m[2]!;
  // HH:mm → HH:mm:00, so kept values are ISO 8601 extended times of one shape.
  return { date: m[1]!, time: /^\d\d:\d\d(?!:)/.test(time) ? `${time.slice(0, 5)}:00${time.slice(5)}` : time };
}
