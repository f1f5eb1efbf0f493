import type { RuleMeta } from "@meshkit/core";

/**
 * Every rule id a contract-test finding can carry. Schema checks come from the declared properties,
 * quality rules from `quality` entries, SLAs from `slaProperties`; the rest say a check could not run.
 */
export const QUALITY_RULES = [
  { id: "schema-column-exists", defaultSeverity: "error", stage: "test", description: "Every declared property is a column of the data." },
  { id: "schema-column-type", defaultSeverity: "error", stage: "test", description: "The column's type in the data is compatible with the property's logicalType (or physicalType)." },
  { id: "schema-required", defaultSeverity: "error", stage: "test", description: "A `required` property has no null values." },
  { id: "schema-unique", defaultSeverity: "error", stage: "test", description: "A `unique` property has no value twice." },
  { id: "schema-primary-key", defaultSeverity: "error", stage: "test", description: "The primary key (composite keys ordered by primaryKeyPosition) is never null and never repeated." },
  { id: "schema-length", defaultSeverity: "error", stage: "test", description: "String values respect logicalTypeOptions minLength and maxLength." },
  { id: "schema-items", defaultSeverity: "error", stage: "test", description: "Array values respect logicalTypeOptions minItems and maxItems." },
  { id: "schema-pattern", defaultSeverity: "error", stage: "test", description: "String values match logicalTypeOptions pattern." },
  { id: "schema-range", defaultSeverity: "error", stage: "test", description: "Values respect logicalTypeOptions minimum, maximum, exclusiveMinimum, exclusiveMaximum and multipleOf." },
  { id: "schema-format", defaultSeverity: "error", stage: "test", description: "String values have the logicalTypeOptions format (email, uuid, date, date-time, time, ipv4, uri); integer values fit theirs (i8 … u128)." },
  { id: "quality-null-values", defaultSeverity: "error", stage: "test", description: "The number (or percentage) of null values meets the rule's threshold." },
  { id: "quality-missing-values", defaultSeverity: "error", stage: "test", description: "The number (or percentage) of missing values (arguments.missingValues) meets the rule's threshold." },
  { id: "quality-invalid-values", defaultSeverity: "error", stage: "test", description: "The number (or percentage) of values outside arguments.validValues / arguments.pattern meets the rule's threshold." },
  { id: "quality-duplicate-values", defaultSeverity: "error", stage: "test", description: "The number (or percentage) of duplicate rows meets the rule's threshold." },
  { id: "quality-row-count", defaultSeverity: "error", stage: "test", description: "The number of rows meets the rule's threshold." },
  { id: "quality-sql", defaultSeverity: "error", stage: "test", description: "The single value returned by a `type: sql` rule's query meets the rule's threshold." },
  { id: "quality-sql-not-read-only", defaultSeverity: "error", stage: "test", description: "A `type: sql` rule's query is not one read-only SELECT, so it is refused before it runs." },
  { id: "quality-rule-invalid", defaultSeverity: "error", stage: "test", description: "A quality rule or SLA cannot be checked as written (unknown metric, missing argument or comparison, bad unit or element)." },
  { id: "quality-check-error", defaultSeverity: "error", stage: "test", description: "A check could not run against the data (query error, unexpected result); it counts as an error, never a pass." },
  { id: "quality-no-checks", defaultSeverity: "warning", stage: "test", description: "A contract, or one of its schema objects, declares nothing that can be checked (no schema object, or no property, quality rule or SLA): testing it would pass on nothing." },
  { id: "quality-no-rows", defaultSeverity: "warning", stage: "test", description: "A schema object's data has no rows and the contract has no rowCount rule for it: its checks passed on no data." },
  { id: "quality-not-checked", defaultSeverity: "warning", stage: "test", description: "A check the contract asks for is not run on this engine or dialect (e.g. nested properties outside DuckDB); reported so that nothing passes in silence." },
  { id: "quality-data-unreadable", defaultSeverity: "error", stage: "test", description: "The data of a schema object cannot be found or read (missing file, unreadable file, unknown server or table)." },
  { id: "quality-contract-invalid", defaultSeverity: "error", stage: "test", description: "The contract breaks the ODCS schema, so a part of it may not be checked as its author meant (a misspelt logicalType, `required: \"yes\"`…)." },
  { id: "sla-latency", defaultSeverity: "error", stage: "test", description: "The newest value of the SLA element is not older than the agreed latency." },
  { id: "sla-freshness", defaultSeverity: "error", stage: "test", description: "The newest value of the SLA element is not older than the agreed freshness." },
  { id: "sla-retention", defaultSeverity: "error", stage: "test", description: "The oldest value of the SLA element is not older than the agreed retention." },
] as const satisfies readonly RuleMeta[];

export type QualityRuleId = (typeof QUALITY_RULES)[number]["id"];

export const QUALITY_RULE_IDS: ReadonlySet<string> = new Set(QUALITY_RULES.map((r) => r.id));

/**
 * Rule ids that mean "the data could not be read" rather than "the data breaks the contract": the CLI
 * exits 2 on them, as for any input that cannot be processed.
 */
export const QUALITY_INPUT_RULE_IDS: ReadonlySet<QualityRuleId> = new Set<QualityRuleId>(["quality-data-unreadable"]);
