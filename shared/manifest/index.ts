export * from './schema.js';
// parseManifest (YAML) is not exported here: it would put the yaml package in every function's bundle. Import it from
// './parse-yaml.js' where YAML text is at hand (CLI, tests, infra).
export { loadManifest, parseManifestJson, DEFAULT_MANIFEST_PATH } from './load.js';
export { formatPath } from './validate.js';
export { checkRules, type RuleProblem } from './rules.js';
export { feedForKey, destinationPrefix } from './routing.js';
export * from './number-formats.js';
