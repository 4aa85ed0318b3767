import type { Flatfile } from '@flatfile/api';
import type { Certainty, Feed } from '../manifest/index.js';

const RANK: Record<Certainty, number> = { absolute: 4, strong: 3, moderate: 2, weak: 1 };

export type PlanDecision =
  | { action: 'execute'; plan: Flatfile.JobExecutionPlan }
  | { action: 'review'; plan: Flatfile.JobExecutionPlan; missingFields: string[]; reason: string };

/** Header normalisation for matching: case, spaces, underscores, dashes and punctuation do not matter. */
export const normalizeHeader = (s: string): string => s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');

const headerOf = (p: Flatfile.Property): string => p.label ?? p.key;
const certaintyOf = (e: Flatfile.Edge): Certainty => (e.metadata?.certainty as Certainty | undefined) ?? 'weak';

/**
 * Adjusts the platform's mapping plan with what the manifest knows, then decides whether it may run unattended.
 * The manifest's explicit `fieldMap` always wins (certainty absolute); a field's `aliases` count as strong matches;
 * platform suggestions below the feed's minimum certainty are dropped rather than executed. The plan executes only if
 * every required destination field is mapped with enough certainty and the feed allows unattended runs.
 */
export function decidePlan(feed: Feed, platform: Flatfile.JobExecutionPlan): PlanDecision {
  const sources = [...platform.fieldMapping.map((e) => e.sourceField), ...platform.unmappedSourceFields.map((u) => u.sourceField)];
  const destinations = [
    ...platform.fieldMapping.map((e) => e.destinationField),
    ...platform.unmappedDestinationFields.map((u) => u.destinationField),
  ];
  const destByKey = new Map(destinations.map((d) => [d.key, d]));
  const previewOf = new Map(platform.fieldMapping.map((e) => [e.sourceField.key, e.preview]));
  const edges = new Map<string, Flatfile.Edge>(); // by destination key
  const usedSources = new Set<string>();
  const add = (source: Flatfile.Property, destKey: string, certainty: Certainty, origin: string) => {
    const destinationField = destByKey.get(destKey);
    if (!destinationField || edges.has(destKey) || usedSources.has(source.key)) return;
    const preview = previewOf.get(source.key);
    edges.set(destKey, {
      sourceField: source,
      destinationField,
      ...(preview ? { preview } : {}),
      metadata: { certainty, confidence: RANK[certainty] / 4, source: origin },
    });
    usedSources.add(source.key);
  };

  const explicit = new Map(Object.entries(feed.mapping.fieldMap).map(([header, key]) => [normalizeHeader(header), key]));
  for (const s of sources) {
    const key = explicit.get(normalizeHeader(headerOf(s))) ?? explicit.get(normalizeHeader(s.key));
    if (key) add(s, key, 'absolute', 'manifest');
  }
  for (const field of feed.fields) {
    const names = new Set([field.key, field.label ?? '', ...field.aliases].filter(Boolean).map(normalizeHeader));
    const s = sources.find((src) => names.has(normalizeHeader(headerOf(src))) || names.has(normalizeHeader(src.key)));
    if (s) add(s, field.key, names.has(normalizeHeader(s.key)) && s.key === field.key ? 'absolute' : 'strong', 'alias');
  }
  const min = RANK[feed.mapping.minCertainty];
  for (const e of platform.fieldMapping) {
    if (RANK[certaintyOf(e)] >= min) add(e.sourceField, e.destinationField.key, certaintyOf(e), e.metadata?.source ?? 'platform');
  }

  const plan: Flatfile.JobExecutionPlan = {
    fieldMapping: [...edges.values()].map((e) => withEnumDetails(e, platform)),
    unmappedSourceFields: sources.filter((s) => !usedSources.has(s.key)).map((sourceField) => ({ sourceField })),
    unmappedDestinationFields: destinations.filter((d) => !edges.has(d.key)).map((destinationField) => ({ destinationField })),
  };
  const missingFields = feed.fields.filter((f) => f.required && !edges.has(f.key)).map((f) => f.key);
  if (missingFields.length > 0) {
    return {
      action: 'review',
      plan,
      missingFields,
      reason: `required field${missingFields.length > 1 ? 's' : ''} ${missingFields.join(', ')} could not be mapped with ${feed.mapping.minCertainty} certainty or better`,
    };
  }
  if (!feed.mapping.autoExecute) {
    return { action: 'review', plan, missingFields: [], reason: 'the feed asks a person to confirm every mapping' };
  }
  return { action: 'execute', plan };
}

/** Keeps the platform's enum value mapping for an edge when the same source → destination pair was suggested. */
function withEnumDetails(edge: Flatfile.Edge, platform: Flatfile.JobExecutionPlan): Flatfile.Edge {
  const same = platform.fieldMapping.find(
    (e) => e.sourceField.key === edge.sourceField.key && e.destinationField.key === edge.destinationField.key,
  );
  return same?.enumDetails ? { ...edge, enumDetails: same.enumDetails } : edge;
}
