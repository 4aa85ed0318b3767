import type { Field } from '../manifest/index.js';

// The building blocks a field's validator is compiled from. Each is built once per feed; per cell they are a lookup,
// a regex test or a short loop.

type Transform = Field['transform'][number];

const STEPS: Record<Transform, (s: string) => string> = {
  trim: (s) => s.trim(),
  lower: (s) => s.toLowerCase(),
  upper: (s) => s.toUpperCase(),
  'collapse-spaces': (s) => s.replace(/\s+/g, ' '),
};

/** The field's transforms as one function, in manifest order; undefined when there are none. */
export function compileTransforms(transforms: readonly Transform[]): ((s: string) => string) | undefined {
  const steps = transforms.map((t) => STEPS[t]);
  if (steps.length === 0) return undefined;
  if (steps.length === 1) return steps[0];
  return (s) => {
    for (const step of steps) s = step(s);
    return s;
  };
}

export interface EnumRule {
  /** The canonical option value for a value, label or alternative name (any case), or undefined. */
  resolve(text: string): string | undefined;
  /** "lead, active or inactive", for messages. */
  allowed: string;
}

export function compileEnum(options: NonNullable<Field['options']>): EnumRule {
  const lookup = new Map<string, string>();
  // Values win over labels and labels over alternative names, should two options share a spelling.
  for (const pass of ['alternativeNames', 'label', 'value'] as const) {
    for (const o of options) {
      const names = pass === 'alternativeNames' ? o.alternativeNames : o[pass] === undefined ? [] : [o[pass]];
      for (const name of names) lookup.set(name.trim().toLowerCase(), o.value);
    }
  }
  const names = options.map((o) =>
    o.label && o.label.toLowerCase() !== o.value.toLowerCase() ? `${o.value} (${o.label})` : o.value,
  );
  return {
    resolve: (text) => lookup.get(text.trim().toLowerCase()),
    allowed: names.length === 1 ? names[0]! : `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`,
  };
}

// RFC 5322 "lite", as one precompiled regex: dot-atom local part (max 64), host names of letter/digit/hyphen
// labels with at least one dot and a top-level label starting with a letter, 254 characters in all. No quoted local
// parts or IP literals, which partner feeds never carry legitimately.
const EMAIL =
  /^(?=.{3,254}$)(?=[^@]{1,64}@)[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

export const isEmail = (s: string): boolean => EMAIL.test(s);

export function isUrl(s: string): boolean {
  if (!/^https?:\/\/[^\s]+$/i.test(s)) return false;
  try {
    return new URL(s).hostname.includes('.');
  } catch {
    return false;
  }
}

const TRUE = new Set(['true', 'yes', 'y', '1']);
const FALSE = new Set(['false', 'no', 'n', '0']);

export function parseBoolean(v: unknown): boolean | undefined {
  if (typeof v === 'boolean') return v;
  const s = String(v).trim().toLowerCase();
  return TRUE.has(s) ? true : FALSE.has(s) ? false : undefined;
}

/** "a status", "an email": messages name the field the way a person would. */
export function aNoun(label: string): string {
  const noun = label.toLowerCase();
  return /^[aeiou]/.test(noun) ? `an ${noun}` : `a ${noun}`;
}

/** A value quoted for a message, shortened so one bad cell cannot make a huge message. */
export function quote(v: unknown): string {
  const s = typeof v === 'string' ? v : String(v);
  return JSON.stringify(s.length > 80 ? `${s.slice(0, 77)}...` : s);
}
