export { QUALITY_RULES, QUALITY_RULE_IDS, QUALITY_INPUT_RULE_IDS, type QualityRuleId } from "./rules.js";
export { ruleSeverity, substituteSqlPlaceholders } from "./quality-rules.js";
export {
  planChecks,
  STRING_FORMAT_PATTERNS,
  type Check,
  type CountUnit,
  type Measure,
  type ObjectPlan,
  type PlanOptions,
  type PropertyPlan,
  type QualityPlan,
  type RowCondition,
  type SqlLiteral,
  type UniqueId,
} from "./checks.js";
export { MUST_BE_ZERO, describeThreshold, meetsThreshold, readThreshold, thresholdAsJson, type Threshold } from "./comparison.js";
export { DIALECT_NAMES, getDialect, isDialectName, type Dialect, type DialectName } from "./dialects.js";
export {
  compileDuplicateQueries,
  compileDuplicateSample,
  compileFailingSample,
  compileObjectScan,
  compilePlanStatements,
  compileSqlRule,
  renderStatements,
  type CompileOptions,
  type CompiledQuery,
  type DuplicateQuery,
  type EmitOptions,
  type EmittedStatement,
  type ObjectScan,
  type SampleOptions,
  type ScanTerm,
  type SqlParameter,
} from "./compile.js";
export { inspectReadOnlySql, type SqlInspection } from "./sql-guard.js";
export { familyOfSqlType, isCompatibleFamily, TYPE_FAMILIES, type TypeFamily } from "./type-families.js";
export { isMaskedProperty, MASKED_VALUE } from "./masking.js";
export { DataSourceError, executePlan, notRunOutcome, type ColumnInfo, type DescribedRelation, type Execution, type ExecuteOptions, type QueryExecutor, type ScalarValue } from "./engine.js";
export type { CheckOutcome } from "./evaluate.js";
export { openDuckDb, type DuckDbExecutor } from "./duckdb.js";
export { displayPath, resolveDuckDbSource, type DuckDbSource, type FileFormat, type FileLocation, type SourceOptions, type SourceResolution } from "./sources.js";
export { summarizeResults, writeResults, type CheckResult, type CheckStatus, type QualityResults, type ResultsSummary, type SampleRow } from "./results.js";
export { DEFAULT_SAMPLE_SIZE, runQualityChecks, type QualityRun, type QualityRunOptions } from "./run.js";
