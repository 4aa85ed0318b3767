export { validateCommit, validatorFor, type ValidateOptions, type ValidateResult } from './validate-commit.js';
export { compileFeed, compileField, type CompiledField, type Validator } from './compile.js';
export { diffRecord } from './diff.js';
export { checkRecord, type Checked } from './check-record.js';
export { loadFeedHooks, hookRecord, type FeedHooks, type HookContext, type HookRecord } from './hooks.js';
export type { CellResult, Message, Outcome, RecordUpdate, Scalar, SheetRecord } from './types.js';
