// Change subscriptions: record-level change events out of a done run's workbook (manifest `subscribe`).
export { openSubscription } from './baseline.js';
export { ChangesBusy, deliverChanges, type ChangesDeps } from './changes.js';
export { type ChangeEvent, toChangeEvent } from './change-event.js';
export { readCursor, type Cursor } from './cursor.js';
export { changesQueueEnv, changesQueueId, changesQueueUrl } from './queues.js';
