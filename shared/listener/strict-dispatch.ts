import { FlatfileListener, type FlatfileEvent } from '@flatfile/listener';

export type EventCallback = (event: FlatfileEvent) => Promise<void>;
export type Register = (
  on: (topic: string | string[], filter: Record<string, unknown>, cb: EventCallback) => void,
) => void;

export class EventHandlingError extends AggregateError {
  override readonly name = 'EventHandlingError';
}

/**
 * Dispatches one event through @flatfile/listener and rethrows what its callbacks threw. dispatchEvent itself
 * catches callback errors and only logs them, so without this a failed event would be acknowledged, never retried
 * and never reach the DLQ.
 */
export async function dispatchStrict(
  register: Register,
  event: unknown,
  credentials: { token: string; apiUrl?: string },
): Promise<void> {
  const errors: unknown[] = [];
  const listener = FlatfileListener.create((l) =>
    register((topic, filter, cb) => {
      l.on(topic, filter, async (e: FlatfileEvent) => {
        try {
          await cb(e);
        } catch (err) {
          errors.push(err);
        }
      });
    }),
  );
  listener.setVariables({ accessToken: credentials.token, ...(credentials.apiUrl ? { apiUrl: credentials.apiUrl } : {}) });
  await listener.dispatchEvent(event as never);
  if (errors.length === 1) throw errors[0];
  if (errors.length > 1) throw new EventHandlingError(errors, `${errors.length} handlers failed for one event`);
}
