/** The part of a Flatfile event the intake relies on; everything else travels through untouched. */
export interface EventEnvelope {
  id: string;
  createdAt?: string | Date;
  context?: { environmentId?: string; spaceId?: string; [key: string]: unknown };
  [key: string]: unknown;
}

export function isEventEnvelope(value: unknown): value is EventEnvelope {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    typeof (value as { id?: unknown }).id === 'string' &&
    (value as { id: string }).id.length > 0
  );
}

/**
 * FIFO ordering is per space: events of one space are handled in order, spaces in parallel. Events without a space
 * (environment, agent, secret events) share the environment's group.
 */
export function messageGroupOf(event: EventEnvelope): string {
  return event.context?.spaceId || event.context?.environmentId || 'no-environment';
}
