import type { Manifest } from './schema.js';

/** A problem the schema alone cannot see, located by its path in the manifest. */
export interface RuleProblem {
  path: (string | number)[];
  message: string;
}

// Cross-field rules: each returns the problems it finds, with the path a person should look at.
export function checkRules(manifest: Manifest): RuleProblem[] {
  return [
    ...uniqueFeedNames(manifest),
    ...disjointInboxPrefixes(manifest),
    ...fieldMapTargetsExist(manifest),
    ...fieldsWellFormed(manifest),
    ...formatOptionsPresent(manifest),
  ];
}

function uniqueFeedNames(m: Manifest): RuleProblem[] {
  const seen = new Map<string, number>();
  const problems: RuleProblem[] = [];
  m.feeds.forEach((feed, i) => {
    const first = seen.get(feed.name);
    if (first === undefined) seen.set(feed.name, i);
    else problems.push({ path: ['feeds', i, 'name'], message: `duplicate feed name "${feed.name}" (also feeds[${first}])` });
  });
  return problems;
}

function disjointInboxPrefixes(m: Manifest): RuleProblem[] {
  const problems: RuleProblem[] = [];
  m.feeds.forEach((feed, i) => {
    m.feeds.slice(0, i).forEach((other, j) => {
      const a = feed.source.inboxPrefix;
      const b = other.source.inboxPrefix;
      if (a.startsWith(b) || b.startsWith(a)) {
        problems.push({
          path: ['feeds', i, 'source', 'inboxPrefix'],
          message: `inbox prefix "${a}" overlaps "${b}" of feed "${other.name}" (feeds[${j}]): a file must belong to one feed`,
        });
      }
    });
  });
  return problems;
}

function fieldMapTargetsExist(m: Manifest): RuleProblem[] {
  const problems: RuleProblem[] = [];
  m.feeds.forEach((feed, i) => {
    const keys = new Set(feed.fields.map((f) => f.key));
    for (const [header, key] of Object.entries(feed.mapping.fieldMap)) {
      if (!keys.has(key)) {
        problems.push({
          path: ['feeds', i, 'mapping', 'fieldMap', header],
          message: `unknown field key "${key}"; expected one of ${[...keys].join('|')}`,
        });
      }
    }
  });
  return problems;
}

function fieldsWellFormed(m: Manifest): RuleProblem[] {
  const problems: RuleProblem[] = [];
  m.feeds.forEach((feed, i) => {
    const seen = new Set<string>();
    feed.fields.forEach((field, k) => {
      const at = (...rest: (string | number)[]) => ['feeds', i, 'fields', k, ...rest];
      if (seen.has(field.key)) problems.push({ path: at('key'), message: `duplicate field key "${field.key}"` });
      seen.add(field.key);
      if (field.type === 'enum' && !field.options) {
        problems.push({ path: at('options'), message: 'expected options for a field of type enum' });
      }
      if (field.type !== 'enum' && field.options) {
        problems.push({ path: at('options'), message: `options are only allowed on enum fields, not ${field.type}` });
      }
      if (field.type === 'enum' && field.options && field.default !== undefined) {
        const values = field.options.map((o) => o.value);
        if (!values.includes(field.default)) {
          problems.push({
            path: at('default'),
            message: `expected one of ${values.join('|')}, got "${field.default}"`,
          });
        }
      }
      if (field.min !== undefined && field.max !== undefined && field.min > field.max) {
        problems.push({ path: at('min'), message: `min ${field.min} is greater than max ${field.max}` });
      }
      if (field.dateFormats && field.type !== 'date') {
        problems.push({ path: at('dateFormats'), message: `dateFormats only apply to date fields, not ${field.type}` });
      }
    });
  });
  return problems;
}

function formatOptionsPresent(m: Manifest): RuleProblem[] {
  const problems: RuleProblem[] = [];
  m.feeds.forEach((feed, i) => {
    if (feed.format.accept.includes('fixed') && !feed.format.fixedWidth) {
      problems.push({
        path: ['feeds', i, 'format', 'fixedWidth'],
        message: 'expected fixedWidth.columns when the feed accepts fixed-width files',
      });
    }
  });
  return problems;
}
