/**
 * `runQualityChecks`: one contract against its data on DuckDB, as findings (positioned at the contract
 * node each check comes from) and a results document. What the CLI and the action call.
 */
import { dirname, resolve } from "node:path";
import type { DataContract, Finding, LoadedDocument } from "@meshkit/core";
import { planChecks } from "./checks.js";
import { openDuckDb } from "./duckdb.js";
import { executePlan, notRunOutcome } from "./engine.js";
import { type CheckOutcome, unrunnableOutcome } from "./evaluate.js";
import { type QualityResults, summarizeResults } from "./results.js";
import { displayPath, resolveDuckDbSource } from "./sources.js";

export interface QualityRunOptions {
  /** The contract, loaded with source positions (`loadText`). */
  document: LoadedDocument;
  /** A server of the contract (`local` or `duckdb`); default: the first such server. */
  server?: string;
  /** A file or folder of data overriding the servers. */
  data?: string;
  /** Only these schema objects (by name or physicalName). */
  objects?: readonly string[];
  /** "Now" for SLA ages; default the current time. */
  now?: Date;
  /** Failing rows shown per failed check; default 5. */
  sampleSize?: number;
  /** Base for relative paths (`data`, the document's file); default the process's working directory. */
  cwd?: string;
}

export interface QualityRun {
  findings: Finding[];
  results: QualityResults;
}

export const DEFAULT_SAMPLE_SIZE = 5;

/** Throws a UsageError when `objects` names an object the contract does not have. */
export async function runQualityChecks(options: QualityRunOptions): Promise<QualityRun> {
  const startedAt = new Date();
  const cwd = options.cwd ?? process.cwd();
  const { document } = options;
  const contract = document.value as DataContract;
  const plan = planChecks(contract, options.objects ? { objects: options.objects } : {});
  const resolution = resolveDuckDbSource(contract, {
    baseDir: dirname(resolve(cwd, document.file)),
    cwd,
    objects: plan.objects.map((o) => o.name),
    ...(options.server !== undefined ? { server: options.server } : {}),
    ...(options.data !== undefined ? { data: options.data } : {}),
  });
  const findings: Finding[] = [];
  let outcomes: CheckOutcome[];
  let source: string;
  if (!resolution.ok) {
    source = options.data !== undefined ? `data:${options.data}` : (options.server ?? "");
    findings.push(document.finding({ ruleId: "quality-data-unreadable", severity: "error", message: `No data to test: ${resolution.problem}.`, path: resolution.pointer, stage: "test" }));
    outcomes = [...plan.objects.flatMap((o) => o.checks).map((check) => notRunOutcome(check, `${resolution.problem}.`)), ...plan.unassigned.map(unrunnableOutcome)];
  } else {
    source = resolution.source.label;
    // Views for every object of the contract, not only the tested ones: SQL rules may join the others.
    const everyObject = options.objects ? planChecks(contract).objects : plan.objects;
    const executor = await openDuckDb(resolution.source, everyObject, (path) => displayPath(path, cwd));
    try {
      const execution = await executePlan(plan, executor, { now: options.now ?? new Date(), sampleSize: options.sampleSize ?? DEFAULT_SAMPLE_SIZE });
      outcomes = execution.outcomes;
      for (const { object, message } of execution.unreadable) {
        findings.push(document.finding({ ruleId: "quality-data-unreadable", severity: "error", message, path: object.pointer, stage: "test" }));
      }
    } finally {
      executor.close();
    }
  }
  for (const { result, finding } of outcomes) {
    if (finding) findings.push(document.finding({ ruleId: finding.ruleId, severity: finding.severity, message: result.message, path: result.path, stage: "test" }));
  }
  const checks = outcomes.map((o) => o.result);
  return {
    findings,
    results: {
      kind: "meshkit-quality-results",
      version: 1,
      contract: { ...plan.contract, file: document.file },
      source,
      engine: "duckdb",
      startedAt: startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
      summary: summarizeResults(checks),
      checks,
    },
  };
}
