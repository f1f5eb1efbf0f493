/**
 * Contract-test results as the catalog keeps them. The input is the results document `meshkit test
 * --results FILE` writes (`kind: meshkit-quality-run`, see @meshkit/quality's project.ts/results.ts),
 * read as JSON: the catalog does not import the quality stage. A single contract's results document
 * (`kind: meshkit-quality-results`) is accepted too.
 *
 * What is kept per check: id, rule, object, property, status, severity, measured value, threshold,
 * unit, counts and message. Sample rows are never kept: a catalog is read by everyone (often a
 * public GitHub Pages site), and samples are data.
 */
import { resolve } from "node:path";
import { UsageError, displayPath, isMapping, parseZonedTime } from "@meshkit/core";
import { MAX_RESULTS_DEPTH, exceedsDepth, parseCatalogJson, readCatalogFile } from "./catalog-file.js";

export type QualityStatus = "pass" | "warn" | "fail" | "error";

export interface QualitySummary {
  checks: number;
  passed: number;
  failed: number;
  warned: number;
  errors: number;
}

export interface CatalogCheck {
  id: string;
  rule: string;
  object: string;
  property?: string;
  status: QualityStatus;
  severity: string;
  measured: number | string | boolean | null;
  threshold: unknown;
  unit?: string;
  rowsChecked: number | null;
  failedRows: number | null;
  message: string;
}

/** A finding about a whole object (it had no rows, its data could not be read), as the results document says it. */
export interface CatalogNote {
  object: string;
  ruleId: string;
  severity: string;
  message: string;
}

/** The results of one contract (one id + version) from one run. */
export interface ContractQuality {
  contractId: string;
  contractVersion: string;
  /** The contract server the data came from (`local`, `warehouse`, `data:<path>`). */
  source: string;
  engine: string;
  checkedAt: string;
  status: QualityStatus;
  summary: QualitySummary;
  checks: CatalogCheck[];
  /** Findings about whole objects; absent when there are none. */
  notes?: CatalogNote[];
}

/** One input results document, reduced to what the catalog needs, by contract. */
export interface QualityRun {
  contracts: ContractQuality[];
  /** The results file as the user sees it (relative to the working directory when inside it), when read from one. */
  file?: string;
}

/**
 * Best to worst. A failed check is the worst a consumer can be told: the data was read and is wrong. A check that
 * could not run (`error`) leaves the data unknown, worse than a warning but not a proven failure, so it does not
 * hide one: a product with a failing contract and one whose checks errored is failing, as DataHub, OpenMetadata
 * and Backstage say (they count both as failed).
 */
const STATUSES: readonly QualityStatus[] = ["pass", "warn", "error", "fail"];

/** The worst status of several: fail > error > warn > pass. */
export function worstStatus(statuses: Iterable<QualityStatus>): QualityStatus {
  let worst = 0;
  for (const status of statuses) worst = Math.max(worst, STATUSES.indexOf(status));
  return STATUSES[worst]!;
}

export function statusOfSummary(summary: QualitySummary): QualityStatus {
  if (summary.failed > 0) return "fail";
  if (summary.errors > 0) return "error";
  if (summary.warned > 0) return "warn";
  return "pass";
}

export function addSummaries(summaries: Iterable<QualitySummary>): QualitySummary {
  const total: QualitySummary = { checks: 0, passed: 0, failed: 0, warned: 0, errors: 0 };
  for (const s of summaries) {
    total.checks += s.checks;
    total.passed += s.passed;
    total.failed += s.failed;
    total.warned += s.warned;
    total.errors += s.errors;
  }
  return total;
}

/**
 * Reads a results file (`--results FILE`); anything that is not a results document is a one-line
 * UsageError naming the file (and the line and column of a JSON error). The file is read as core reads
 * documents: a regular file of at most 10 MiB (not a device or a pipe, which would never end).
 */
export function readQualityRun(file: string): QualityRun {
  const read = readCatalogFile(file);
  if (!read.ok) throw new UsageError(`cannot read results file ${file}: ${read.reason}`);
  const parsed = parseCatalogJson(read.text, MAX_RESULTS_DEPTH);
  if (!parsed.ok) {
    const what = parsed.kind === "depth" ? `is not a contract-test results document: its ${parsed.reason}` : `is not JSON: ${parsed.reason}`;
    throw new UsageError(`results file ${file} ${what} (line ${parsed.line}, column ${parsed.column})`);
  }
  return { ...parseQualityRun(parsed.value, file), file: displayPath(resolve(file), process.cwd()) };
}

/** Already `readQualityRun`'s reduced form (not a results document, which carries a `kind`). */
export function isQualityRun(value: unknown): value is QualityRun {
  return typeof value === "object" && value !== null && !("kind" in value) && Array.isArray((value as QualityRun).contracts);
}

/** Validates a parsed results document (a run, or one contract's results) and keeps what the catalog shows. */
export function parseQualityRun(value: unknown, label = "results"): QualityRun {
  if (!isMapping(value)) throw new UsageError(`${label}: not a contract-test results document (expected a JSON object)`);
  // Thresholds are copied into catalog entries as they are; an entry nested deeper than it may be could not be read back.
  if (exceedsDepth(value, MAX_RESULTS_DEPTH)) throw new UsageError(`${label}: not a contract-test results document (its collections nest more than ${MAX_RESULTS_DEPTH} levels deep)`);
  if (value.kind === "meshkit-quality-run") {
    checkVersion(value, label);
    if (!Array.isArray(value.contracts)) throw new UsageError(`${label}: a meshkit-quality-run document needs a "contracts" array`);
    return { contracts: value.contracts.map((c, i) => parseContractResults(c, `${label}: contracts[${i}]`)) };
  }
  if (value.kind === "meshkit-quality-results") return { contracts: [parseContractResults(value, label)] };
  // Named by what writes one, not by a CLI flag: the catalog-publish action reads the file the contract-test action wrote.
  throw new UsageError(`${label}: kind ${JSON.stringify(value.kind)} is not a contract-test results document (meshkit-quality-run, the results file contract-test writes)`);
}

function parseContractResults(value: unknown, label: string): ContractQuality {
  if (!isMapping(value) || value.kind !== "meshkit-quality-results") throw new UsageError(`${label}: not a meshkit-quality-results document`);
  checkVersion(value, label);
  const contract = isMapping(value.contract) ? value.contract : {};
  if (typeof contract.id !== "string" || typeof contract.version !== "string") throw new UsageError(`${label}: the results name no contract id and version`);
  const checkedAt = checkedAtOf(value, label);
  // A results document without its checks would show as "pass" with nothing checked.
  if (!Array.isArray(value.checks)) throw new UsageError(`${label}: "checks" must be a list of check results`);
  const bad = value.checks.findIndex((check) => !isMapping(check));
  if (bad !== -1) throw new UsageError(`${label}: checks[${bad}] is not a check result (an object with id, status, …)`);
  const records = value.checks as Record<string, unknown>[];
  const checks = records.map(parseCheck);
  const summary = summarize(checks);
  const notes = [
    ...(Array.isArray(value.notes) ? value.notes : []).filter(isMapping).map((note) => catalogNote(note, note.object)),
    // A check's own notes (a newest value after now, which meets any latency; a sample query that failed) are
    // warnings of the run beside a passing status: kept with the object's, so that the catalog does not show a
    // plain pass where `meshkit test --fail-on warning` fails.
    ...records.flatMap((check) => (Array.isArray(check.notes) ? check.notes : []).filter(isMapping).map((note) => catalogNote(note, check.object))),
  ];
  // Checks that all passed on an object with no rows passed on nothing: the contract's status says so.
  const noted = notes.map((note): QualityStatus => (note.severity === "error" ? "error" : note.severity === "warning" ? "warn" : "pass"));
  return {
    contractId: contract.id,
    contractVersion: contract.version,
    source: text(value.source),
    engine: text(value.engine),
    checkedAt: checkedAt.toISOString(),
    status: worstStatus([statusOfSummary(summary), ...noted]),
    summary,
    checks,
    ...(notes.length > 0 ? { notes } : {}),
  };
}

/**
 * When a contract's checks ran: its `finishedAt`, else its `startedAt` (null or absent: not given), each an ISO 8601
 * time with its zone, as `meshkit test` writes them. A value given that is no such time is refused by name, not passed
 * over for the other field (`finishedAt: 0` recorded the start as the time checked) nor read as the publishing machine's
 * local time (`2026-06-30T06:00:00`, which runners in two zones recorded hours apart, ordering the history wrongly).
 */
function checkedAtOf(value: Record<string, unknown>, label: string): Date {
  const field = (["finishedAt", "startedAt"] as const).find((name) => value[name] !== undefined && value[name] !== null);
  if (field === undefined) throw new UsageError(`${label}: the results do not say when the checks ran (no finishedAt or startedAt); give finishedAt as an ISO 8601 time with a zone, e.g. 2026-06-30T06:00:00Z, as meshkit test writes it`);
  const time = value[field];
  if (typeof time !== "string") {
    const shown = JSON.stringify(time) ?? String(time);
    throw new UsageError(`${label}: ${field} ${shown.length > 40 ? `${shown.slice(0, 40)}…` : shown} is not an ISO 8601 time with a zone; write it as a string, e.g. "2026-06-30T06:00:00Z", as meshkit test does`);
  }
  return parseZonedTime(time, `${label}: ${field}`);
}

/** The results format this catalog reads. */
const RESULTS_VERSION = 1;

/**
 * A results document's `version` changes when a meaning does (docs/contract-test.md): one of another version
 * is refused, not read as this one. A document without one (written by hand, by an older tool) is read as version 1.
 */
function checkVersion(value: Record<string, unknown>, label: string): void {
  if (value.version === undefined || value.version === RESULTS_VERSION) return;
  throw new UsageError(`${label}: ${String(value.kind)} version ${JSON.stringify(value.version)} is not one this meshkit reads (version ${RESULTS_VERSION}): publish with the meshkit that wrote the results`);
}

function catalogNote(note: Record<string, unknown>, object: unknown): CatalogNote {
  return { object: text(object), ruleId: text(note.ruleId), severity: text(note.severity), message: text(note.message) };
}

function parseCheck(check: Record<string, unknown>): CatalogCheck {
  const status = STATUSES.includes(check.status as QualityStatus) ? (check.status as QualityStatus) : "error";
  const measured = check.measured;
  const out: CatalogCheck = {
    id: text(check.id),
    rule: text(check.rule),
    object: text(check.object),
    status,
    severity: text(check.severity),
    measured: typeof measured === "number" || typeof measured === "string" || typeof measured === "boolean" ? measured : null,
    threshold: check.threshold ?? null,
    rowsChecked: typeof check.rowsChecked === "number" ? check.rowsChecked : null,
    failedRows: typeof check.failedRows === "number" ? check.failedRows : null,
    message: text(check.message),
  };
  if (typeof check.property === "string") out.property = check.property;
  if (typeof check.unit === "string") out.unit = check.unit;
  return out;
}

function summarize(checks: readonly CatalogCheck[]): QualitySummary {
  const count = (status: QualityStatus) => checks.filter((c) => c.status === status).length;
  return { checks: checks.length, passed: count("pass"), failed: count("fail"), warned: count("warn"), errors: count("error") };
}

function text(value: unknown): string {
  return typeof value === "string" ? value : "";
}
