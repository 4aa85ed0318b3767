export { redriveRun, sendObjectAgain, type Redrive, type RedriveDeps } from './redrive-run.js';
export { replayRun, REPLAY_FROM, type ReplayFrom, type Replayed } from './replay-run.js';
