// The Monaco half of the case view, built as a chunk of its own (about 5 MB of script): the first
// screen paints without it, and SourceProposalDiff imports it through load-diff-editors.ts.
export { DiffSlot } from './diff-slot'
export { DiffModelPool } from './diff-model-pool'
export { followSystemTheme } from './monaco'
