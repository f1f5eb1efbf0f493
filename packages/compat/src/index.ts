export { CHANGE_KINDS, CHANGE_KINDS_BY_ID, DEFAULT_MODE, MODES, changeKind, isTransitive, maxBump, requiredBump, type Bump, type ChangeKind, type ChangeKindId, type Mode } from "./kinds.js";
export { DEPRECATION_PROPERTY, RENAME_PROPERTY, diffContracts, diffProducts, type Change, type DiffOptions } from "./diff.js";
export { relateLogicalTypes, relatePhysicalTypes, type TypeRelation } from "./types.js";
export { declaredBump, judgeVersion, suggestedVersion, type DeclaredBump, type Verdict } from "./verdict.js";
export { compareSides, isIgnored, type CompareOptions, type CompatResult, type DocumentReport, type ReportedChange, type Side } from "./compare.js";
export { renderChangelog } from "./changelog.js";
export { COMPAT_RULES, parseMode, runCompat, type CompatOptions, type CompatRun } from "./run.js";
export { loadBase, loadGitSide, loadWorkingTree, type LoadedSide } from "./sides.js";
