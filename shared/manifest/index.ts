export * from './schema.js';
export { loadManifest, parseManifest, formatPath, DEFAULT_MANIFEST_PATH } from './load.js';
export { checkRules, type RuleProblem } from './rules.js';
export { feedForKey, destinationPrefix } from './routing.js';
export * from './number-formats.js';
