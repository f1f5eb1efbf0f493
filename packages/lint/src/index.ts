export { lintSources, LINT_RULES, LINT_RULE_IDS, ENGINE_RULES, ruleLevel, type LintOutcome, type LintSourcesOptions } from "./engine.js";
export { bytesSource, fileSource, type LintSource } from "./sources.js";
export { lintPaths, loadLintConfig, type LintOptions, type LintResult } from "./run.js";
export { DOCUMENT_RULES } from "./rules/index.js";
export type { FileLabel, Rule, RuleContext } from "./rule.js";
