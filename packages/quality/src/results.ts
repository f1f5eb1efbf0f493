/**
 * The results document of a contract-test run: one entry per check, in plan order, plus run metadata.
 * Its shape is a stable interface (the catalog stage displays it, CI keeps it as an artifact): add
 * fields, never rename or remove them, and bump `version` if a meaning changes.
 */
import { type JsonValue, type QualityComparator, type Severity, jsonFilePieces, writeOutputFile } from "@meshkit/core";
import type { QualityRuleId } from "./rules.js";

export type CheckStatus = "pass" | "fail" | "warn" | "error";

/** A sample row: column name → value as the engine shows it; masked columns hold `***`. */
export type SampleRow = Record<string, JsonValue>;

export interface CheckResult {
  id: string;
  rule: QualityRuleId;
  object: string;
  property?: string;
  /** pass; fail (error severity) or warn (warning/info severity) when the threshold is not met; error when the check could not run. */
  status: CheckStatus;
  severity: Severity;
  /** Failing rows (or percent), row count, SQL value, SLA age in `unit`, the column's type…; null when not measured. */
  measured: number | string | boolean | null;
  /** The comparison, as written in ODCS: `{ "mustBe": 0 }`; null when the rule has none that could be read. */
  threshold: Partial<Record<QualityComparator, JsonValue>> | null;
  /** `rows`, `percent`, or the SLA's duration unit. */
  unit?: string;
  /** Rows of the object when they were counted. */
  rowsChecked: number | null;
  /** Rows failing a row-level check; null for checks that do not count rows (row count, SQL, SLA, type). */
  failedRows: number | null;
  /** The same sentence as the finding (also for passing checks). */
  message: string;
  /** JSON pointer of the contract node the check comes from. */
  path: string;
  /** A few failing rows (or repeated keys with their count), only for failed row-level checks. */
  sample?: SampleRow[];
  /**
   * Warnings beside the status, as the run's findings say them (its sample could not be fetched, its newest
   * value is in the future): a reader of the results alone sees why a failed check has no sample.
   */
  notes?: CheckNote[];
}

export interface CheckNote {
  ruleId: QualityRuleId;
  severity: Severity;
  message: string;
}

/** A finding about a whole object rather than one check (it has no rows, its data could not be read). */
export interface ObjectNote extends CheckNote {
  object: string;
}

export interface ResultsSummary {
  checks: number;
  passed: number;
  failed: number;
  warned: number;
  errors: number;
}

export interface QualityResults {
  kind: "meshkit-quality-results";
  version: 1;
  contract: { id: string; version: string; name?: string; domain?: string; dataProduct?: string; file: string };
  /** The contract server the data came from, or `data:<path>` for an override. */
  source: string;
  engine: string;
  startedAt: string;
  finishedAt: string;
  summary: ResultsSummary;
  checks: CheckResult[];
  /**
   * Findings about whole objects, as the run's findings say them: a reader of the results alone sees that
   * an object's passing checks ran on no rows. Absent when there are none.
   */
  notes?: ObjectNote[];
}

export function summarizeResults(checks: readonly CheckResult[]): ResultsSummary {
  const count = (status: CheckStatus) => checks.filter((c) => c.status === status).length;
  return { checks: checks.length, passed: count("pass"), failed: count("fail"), warned: count("warn"), errors: count("error") };
}

/** Writes the results as indented JSON, atomically (a reader never sees half a file), in pieces (one per check). */
export function writeResults(file: string, results: QualityResults): void {
  writeOutputFile(file, jsonFilePieces(results, 2));
}
