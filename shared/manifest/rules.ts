import { EXTRACTABLE_FORMATS } from '../extract/formats.js';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { CronExpressionParser } from 'cron-parser';
import { parseEventBridgeCron } from '../cadence/eventbridge-cron.js';
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
    ...cronsValid(manifest),
    ...acceptedFormatsExtractable(manifest),
    ...portalPullsAcceptJsonl(manifest),
    ...writesAcceptJson(manifest),
    ...watchFieldsExist(manifest),
  ];
}

/** A feed may accept only formats something extracts; any other file of it could never become records. */
function acceptedFormatsExtractable(m: Manifest): RuleProblem[] {
  const problems: RuleProblem[] = [];
  m.feeds.forEach((feed, i) =>
    feed.format.accept.forEach((format, j) => {
      if (!EXTRACTABLE_FORMATS.includes(format)) {
        problems.push({ path: ['feeds', i, 'format', 'accept', j], message: `expected one of ${EXTRACTABLE_FORMATS.join('|')} (formats with an extractor), got "${format}"` });
      }
    }),
  );
  return problems;
}

/**
 * Every cron a feed names (scheduled pull, cadence) must be one EventBridge accepts and the cadence check can
 * evaluate: a bad one would make the schedule fail to deploy, or the stale-feed alarm never judge the feed.
 */
function cronsValid(m: Manifest): RuleProblem[] {
  const problems: RuleProblem[] = [];
  const check = (cron: string, path: (string | number)[]) => {
    try {
      CronExpressionParser.parse(parseEventBridgeCron(cron).classic);
    } catch (e) {
      problems.push({ path, message: `expected a valid EventBridge cron expression, got "${cron}" (${(e as Error).message.replace(/^"[^"]*": /, '')})` });
    }
  };
  m.feeds.forEach((feed, i) => {
    if (feed.source.pull) check(feed.source.pull.schedule.cron, ['feeds', i, 'source', 'pull', 'schedule', 'cron']);
    if (feed.expectations.cadence) check(feed.expectations.cadence.cron, ['feeds', i, 'expectations', 'cadence', 'cron']);
  });
  return problems;
}

/** Hook modules a feed names must exist beside the manifest: a missing one would fail every commit's validation. */
export function hookModulesExist(m: Manifest, baseDir: string): RuleProblem[] {
  const problems: RuleProblem[] = [];
  m.feeds.forEach((feed, i) => {
    const hooks = feed.validation.hooks;
    if (hooks && !existsSync(resolve(baseDir, hooks))) {
      problems.push({ path: ['feeds', i, 'validation', 'hooks'], message: `expected a module file, got "${hooks}" (no file at ${resolve(baseDir, hooks)})` });
    }
  });
  return problems;
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

/** A legacy Portal pull writes each batch as JSONL into the inbox: the feed must accept it. */
function portalPullsAcceptJsonl(m: Manifest): RuleProblem[] {
  return m.feeds.flatMap((feed, i): RuleProblem[] =>
    feed.source.pull?.type === 'flatfile-portal' && !feed.format.accept.includes('jsonl')
      ? [{ path: ['feeds', i, 'format', 'accept'], message: 'expected jsonl among the formats of a feed pulled from the legacy Portal (batches land as JSONL)' }]
      : [],
  );
}

/** Record writes land as the JSON or JSONL they were sent in: the feed must accept one of them. */
function writesAcceptJson(m: Manifest): RuleProblem[] {
  return m.feeds.flatMap((feed, i): RuleProblem[] =>
    feed.source.write && !feed.format.accept.some((f) => f === 'json' || f === 'jsonl')
      ? [{ path: ['feeds', i, 'format', 'accept'], message: 'expected json or jsonl among the formats of a feed that takes record writes' }]
      : [],
  );
}

/** A watched field must be one of the feed's fields: a typo would silently filter out every update. */
function watchFieldsExist(m: Manifest): RuleProblem[] {
  const problems: RuleProblem[] = [];
  m.feeds.forEach((feed, i) =>
    (feed.subscribe?.watchFields ?? []).forEach((key, j) => {
      if (!feed.fields.some((f) => f.key === key)) {
        problems.push({ path: ['feeds', i, 'subscribe', 'watchFields', j], message: `expected one of the feed's field keys (${feed.fields.map((f) => f.key).join('|')}), got "${key}"` });
      }
    }),
  );
  return problems;
}

