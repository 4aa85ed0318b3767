import type { Json, Property } from '../types.js';

/** An accepted mapping, remembered as source key → destination key (+ enum value translations). */
export interface RememberedEdge {
  source: string;
  destination: string;
  enumMapping?: { sourceValue?: unknown; destinationValue?: unknown }[];
}

/**
 * The "Job Plan that improves over time": plans accepted on execute, keyed by the source headers' signature and the
 * destination sheet slug, so the next file with the same headers for that sheet is planned from memory.
 */
export class PlanMemory {
  private entries = new Map<string, RememberedEdge[]>();

  static key(sourceFields: Property[], destinationSlug: string): string {
    const headers = sourceFields.map((f) => f.key.toLowerCase()).sort();
    return `${destinationSlug}\u0000${headers.join('\u0001')}`;
  }

  get(key: string): RememberedEdge[] | undefined {
    return this.entries.get(key);
  }

  remember(key: string, plan: Json): void {
    const edges = (plan.fieldMapping as Json[] | undefined) ?? [];
    this.entries.set(
      key,
      edges.map((e) => ({
        source: (e.sourceField as Property).key,
        destination: (e.destinationField as Property).key,
        enumMapping: (e.enumDetails as Json | undefined)?.mapping as RememberedEdge['enumMapping'],
      })),
    );
  }

  toJSON(): [string, RememberedEdge[]][] {
    return [...this.entries];
  }

  load(entries: [string, RememberedEdge[]][]): void {
    this.entries = new Map(entries);
  }
}
