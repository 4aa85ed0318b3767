import type { FlatfileEvent } from '@flatfile/listener';
import type { Feed } from '../manifest/index.js';
import { EGRESS_OPERATION } from '../work/messages.js';
import { feedResolver, type ListenerDeps } from './deps.js';
import { onCommitCompleted, onEgressReady } from './egress-trigger.js';
import { onExtractionReady, onFileCreated } from './extraction.js';
import { onExtractionCompleted, onMapCompleted, onMapUpdated } from './mapping.js';
import type { Register } from './strict-dispatch.js';
import { onJobFailed } from './job-failed.js';
import { onCommitCreated } from './validation.js';

export { dispatchStrict } from './strict-dispatch.js';
export { destinationCheck, type ListenerDeps } from './deps.js';

type Step = (deps: ListenerDeps, feed: Feed, event: FlatfileEvent) => Promise<void>;

/**
 * The pipeline's routes through Flatfile's events. Each step only decides and enqueues; streaming work happens in
 * the worker and egress functions. Events of Spaces that belong to no feed are ignored.
 */
export function pipelineRoutes(deps: ListenerDeps): Register {
  const feedOf = feedResolver(deps);
  const step = (fn: Step) => async (event: FlatfileEvent) => {
    const feed = await feedOf(event.context.spaceId as string | undefined);
    if (feed) await fn(deps, feed, event);
  };
  return (on) => {
    on('file:created', {}, step(onFileCreated));
    on('job:ready', { operation: 'extract-plugin-*' }, step(onExtractionReady));
    on('job:completed', { job: 'file:extract*' }, step(onExtractionCompleted));
    on('job:updated', { job: 'workbook:map' }, step(onMapUpdated));
    on('job:completed', { job: 'workbook:map' }, step(onMapCompleted));
    on('commit:created', {}, step(onCommitCreated));
    on('commit:completed', {}, step(onCommitCompleted));
    on('job:ready', { operation: EGRESS_OPERATION }, step(onEgressReady));
    on('job:failed', {}, step(onJobFailed));
  };
}
