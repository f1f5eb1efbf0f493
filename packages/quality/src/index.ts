export { QUALITY_RULES, QUALITY_RULE_IDS, QUALITY_INPUT_RULE_IDS, type QualityRuleId } from "./rules.js";
export { substituteSqlPlaceholders } from "./quality-rules.js";
export { ruleSeverity } from "@meshkit/core";
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
  DEFAULT_SAMPLE_SIZE,
  compileDuplicateQueries,
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
export { inspectReadOnlySql, type SqlInspection } from "@meshkit/core";
export { familyOfSqlType, isCompatibleFamily, TYPE_FAMILIES, type TypeFamily } from "./type-families.js";
export { MASKED_VALUE } from "./masking.js";
export { DataSourceError, FlaggedRowsTimeout, executePlan, notRunOutcome, type ColumnInfo, type DescribedRelation, type Execution, type ExecuteOptions, type QueryExecutor, type ScalarValue } from "./engine.js";
export type { CheckOutcome } from "./evaluate.js";
export { openDuckDb, type DuckDbExecutor } from "./duckdb.js";
export {
  DEFAULT_POSTGRES_PORT,
  DEFAULT_POSTGRES_SCHEMA,
  displayPath,
  resolveDataSource,
  resolveDuckDbSource,
  type DataSource,
  type DataSourceResolution,
  type DuckDbSource,
  type FileFormat,
  type FileReading,
  type FileLocation,
  type PostgresSource,
  type SourceOptions,
  type SourceResolution,
} from "./sources.js";
export {
  DEFAULT_CONNECT_TIMEOUT_MS,
  DEFAULT_STATEMENT_TIMEOUT_MS,
  openPostgres,
  type PostgresExecutor,
  type PostgresOptions,
  type PostgresTarget,
} from "./postgres.js";
export { summarizeResults, writeResults, type CheckResult, type CheckStatus, type QualityResults, type ResultsSummary, type SampleRow } from "./results.js";
export { runQualityChecks, type QualityRun, type QualityRunOptions } from "./run.js";
export { emitContractSql, parseAsOf, parseQueryTimeout, pushRunMetrics, testContracts, writeRunResults, type ContractTestOptions, type ContractTestRun, type QualityRunDocument } from "./project.js";
export { type QualityMarkdownOptions, renderQualityMarkdown } from "./markdown.js";
export { DEFAULT_PUSH_JOB, DEFAULT_PUSH_TIMEOUT_MS, PUSH_CONTENT_TYPE, checkPushgatewayUrl, PUSHGATEWAY_PASSWORD_ENV, PUSHGATEWAY_USERNAME_ENV, QUALITY_METRIC_NAMES, escapeHelp, escapeLabelValue, formatExposition, formatSampleValue, productLabelsFor, pushMetrics, pushQualityMetrics, pushgatewayGroupingPath, qualityMetricFamilies, renderMetrics, type MetricFamily, type MetricSample, type MetricType, type ProductLabels, type PushGrouping, type PushOptions, type PushResult } from "./metrics.js";
export { CONTRACT_TEST_OUTPUTS, contractTestStageReport, withoutLintRepeats } from "./stage-report.js";
