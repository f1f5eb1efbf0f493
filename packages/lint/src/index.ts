export { lintSources, LINT_RULES, LINT_RULE_IDS, ENGINE_RULES, ruleLevel, type LintSource } from "./engine.js";
export { lintPaths, loadLintConfig, projectContext, readSources, type LintOptions, type LintResult } from "./run.js";
export { DOCUMENT_RULES } from "./rules/index.js";
export type { Rule, RuleContext } from "./rule.js";
