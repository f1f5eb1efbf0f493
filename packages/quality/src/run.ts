/**
 * `runQualityChecks`: one contract against its data, as findings (positioned at the contract node each
 * check comes from) and a results document. What the CLI and the action call. The data is read by
 * DuckDB in process (local files, DuckDB databases: the default) or on a PostgreSQL server, when the
 * chosen server entry is `type: postgres`; the same plan and SQL run either way.
 */
import { dirname, resolve } from "node:path";
import { type DataContract, type Finding, type LoadedDocument, type SchemaIssue, postgresCredentialsFromEnv, postgresTlsFromEnv, validateContractSchema } from "@meshkit/core";
import { type PlanNote, type QualityPlan, planChecks } from "./checks.js";
import { DEFAULT_SAMPLE_SIZE } from "./compile.js";
import { type DuckDbOptions, openDuckDb } from "./duckdb.js";
import { DataSourceError, type QueryExecutor, executePlan, notRunOutcome } from "./engine.js";
import { type CheckOutcome, unrunnableOutcome } from "./evaluate.js";
import { type PostgresOptions, openPostgres } from "./postgres.js";
import { type CheckResult, type ObjectNote, type QualityResults, summarizeResults } from "./results.js";
import { type OptionNames, displayPath, resolveDataSource } from "./sources.js";

export interface QualityRunOptions {
  /** The contract, loaded with source positions (`loadText`). */
  document: LoadedDocument;
  /** A server of the contract (`local`, `duckdb` or `postgres`); default: the first `local` or `duckdb` server. */
  server?: string;
  /** A file or folder of data overriding the servers. */
  data?: string;
  /** How the caller's user names `server` and `data`, for messages; default the CLI's flags. */
  optionNames?: OptionNames;
  /** Only these schema objects (by name or physicalName). */
  objects?: readonly string[];
  /** "Now" for SLA ages; default the current time. */
  now?: Date;
  /** Failing rows shown per failed check; default 5. */
  sampleSize?: number;
  /** Base for relative paths (`data`, the document's file); default the process's working directory. */
  cwd?: string;
  /**
   * Where a postgres server's credentials are read: MESHKIT_POSTGRES_USER (else PGUSER) and
   * MESHKIT_POSTGRES_PASSWORD (else PGPASSWORD), and its TLS settings (PGSSLMODE, PGSSLROOTCERT, PGSSLCERT,
   * PGSSLKEY, PGSSLNEGOTIATION). Default: the process's environment.
   */
  env?: Readonly<Record<string, string | undefined>>;
  /** Timeouts of a postgres server's connection and queries. */
  postgres?: PostgresOptions;
  /** The query timeout of DuckDB (local files, duckdb servers). */
  duckdb?: DuckDbOptions;
}

export interface QualityRun {
  findings: Finding[];
  results: QualityResults;
}

/** The parts of a contract that become checks: its schema (objects, properties, their quality rules) and its SLAs. */
const CHECKED_PARTS = /^\/(?:schema|slaProperties)(?:\/|$)/;

/** Throws a UsageError when `objects` names an object the contract does not have. */
export async function runQualityChecks(options: QualityRunOptions): Promise<QualityRun> {
  const startedAt = new Date();
  const cwd = options.cwd ?? process.cwd();
  const { document } = options;
  const contract = document.value as DataContract;
  // The source text gives whole numbers beyond 2^53 exactly, which the parsed contract holds as doubles.
  const sourceAt = (pointer: string) => document.sourceAt(pointer);
  const plan = planChecks(contract, { sourceAt, ...(options.objects ? { objects: options.objects } : {}) });
  const resolution = resolveDataSource(contract, {
    baseDir: dirname(resolve(cwd, document.file)),
    cwd,
    objects: plan.objects.map((o) => o.name),
    ...(options.server !== undefined ? { server: options.server } : {}),
    ...(options.data !== undefined ? { data: options.data } : {}),
    ...(options.optionNames ? { optionNames: options.optionNames } : {}),
  });
  const schemaIssues = checkedPartIssues(contract, plan);
  const findings: Finding[] = [...schemaIssues.map((issue) => contractIssueFinding(document, issue)), ...plan.notes.map((note) => planNoteFinding(document, note))];
  // What is reported of the contract without its data: an SLA property meshkit knows nothing of (quality-not-checked) reads none.
  const dataless = plan.unassigned.filter((check) => check.measure.kind === "notChecked");
  const checksNoData = dataless.length === plan.unassigned.length;
  // A contract (or object) that declares nothing to check would pass on any data, or none: said, as a warning.
  if (plan.objects.length === 0 && checksNoData) {
    const at = Array.isArray(contract.schema) ? "/schema" : "";
    findings.push(document.finding({ ruleId: "quality-no-checks", severity: "warning", message: "The contract declares no schema object, so nothing is tested: describe its tables under `schema` (properties, quality rules) for contract-test to check the data.", path: at, stage: "test" }));
  }
  for (const object of plan.objects.filter((o) => o.checks.length === 0)) {
    findings.push(document.finding({ ruleId: "quality-no-checks", severity: "warning", message: `\`${object.name}\` declares no property, quality rule or SLA, so nothing of its data is tested: list its properties (name, logicalType) for contract-test to check them.`, path: object.pointer, stage: "test" }));
  }
  const objectNotes: ObjectNote[] = [];
  // `cause`: the problem without its lead (`No data to test: `), as each object's note says it.
  const notRun = (problem: string, pointer: string, cause = problem) => {
    findings.push(document.finding({ ruleId: "quality-data-unreadable", severity: "error", message: problem, path: pointer, stage: "test" }));
    // Every object's data is unreadable (no source, a server that refused): noted per object in the words of a file
    // missing for one object (`No data for \`orders\`: …`), so that a reader of the results alone sees why; the finding is said once.
    for (const object of plan.objects) objectNotes.push({ object: object.name, ruleId: "quality-data-unreadable", severity: "error", message: `No data for \`${object.name}\`: ${cause}` });
    return [...plan.objects.flatMap((o) => o.checks).map((check) => notRunOutcome(check, problem)), ...plan.unassigned.map(unrunnableOutcome)];
  };
  const noteObject = (note: ObjectNote, pointer: string) => {
    objectNotes.push(note);
    findings.push(document.finding({ ruleId: note.ruleId, severity: note.severity, message: note.message, path: pointer, stage: "test" }));
  };
  const run = async (executor: QueryExecutor) => {
    const execution = await executePlan(plan, executor, { now: options.now ?? new Date(), sampleSize: options.sampleSize ?? DEFAULT_SAMPLE_SIZE });
    for (const { object, message } of execution.unreadable) {
      noteObject({ object: object.name, ruleId: "quality-data-unreadable", severity: "error", message }, object.pointer);
    }
    for (const object of execution.empty) {
      const message = `\`${object.name}\` has no rows, so its checks passed on no data: add a rowCount rule (e.g. mustBeGreaterThan: 0) to fail on empty data, or to accept it (mustBeGreaterOrEqualTo: 0).`;
      noteObject({ object: object.name, ruleId: "quality-no-rows", severity: "warning", message }, object.pointer);
    }
    return execution.outcomes;
  };
  let outcomes: CheckOutcome[];
  let source: string;
  let engine = "duckdb";
  // A contract that asks nothing of its data needs none: without servers (and no --data or --server named),
  // it passes with its quality-no-checks warnings, as docs/rules/quality-no-checks.md says, rather than not run.
  const checksNothing = checksNoData && plan.objects.every((o) => o.checks.length === 0);
  if (!resolution.ok && checksNothing && options.data === undefined && options.server === undefined) {
    source = "";
    outcomes = dataless.map(unrunnableOutcome);
  } else if (!resolution.ok) {
    source = options.data !== undefined ? `data:${options.data}` : (options.server ?? "");
    outcomes = notRun(`No data to test: ${resolution.problem}.`, resolution.pointer, `${resolution.problem}.`);
  } else if (resolution.source.kind === "postgres") {
    const target = resolution.source;
    source = target.label;
    engine = "postgres";
    // A server that cannot be reached is one finding at its entry, and no check passes.
    const env = options.env ?? process.env;
    const executor = await openPostgres(target, postgresCredentialsFromEnv(env), { tls: postgresTlsFromEnv(env), ...options.postgres }).catch((error: unknown) => {
      if (error instanceof DataSourceError) return error;
      throw error;
    });
    if (executor instanceof DataSourceError) {
      outcomes = notRun(executor.message, target.pointer);
    } else {
      try {
        outcomes = await run(executor);
      } finally {
        await executor.close();
      }
    }
  } else {
    source = resolution.source.label;
    // Views for every object of the contract, not only the tested ones: SQL rules may join the others.
    const everyObject = options.objects ? planChecks(contract, { sourceAt }).objects : plan.objects;
    const executor = await openDuckDb(resolution.source, everyObject, (path) => displayPath(path, cwd), options.duckdb);
    try {
      outcomes = await run(executor);
    } finally {
      executor.close();
    }
  }
  for (const { result, finding, notes } of outcomes) {
    if (finding && !(finding.ruleId === "quality-rule-invalid" && reportedBySchema(result.path, schemaIssues))) findings.push(document.finding({ ruleId: finding.ruleId, severity: finding.severity, message: result.message, path: result.path, stage: "test" }));
    for (const note of notes ?? []) findings.push(document.finding({ ruleId: note.ruleId, severity: note.severity, message: note.message, path: result.path, stage: "test" }));
  }
  // A part of the contract the schema refuses was read as nothing: an `error` entry each, so that the
  // results (what the catalog shows) do not pass a run whose findings fail.
  const results = outcomes.map(({ result, notes }) => (notes?.length ? { ...result, notes } : result));
  // A rule whose own check could not run already has its error entry.
  const unentered = schemaIssues.filter((issue) => !results.some((r) => r.status === "error" && (issue.pointer === r.path || issue.pointer.startsWith(`${r.path}/`))));
  const checks = [...results, ...contractIssueResults(contract, unentered, new Set(results.map((r) => r.id)))];
  return {
    findings,
    results: {
      kind: "meshkit-quality-results",
      version: 1,
      contract: { ...plan.contract, file: document.file },
      source,
      engine,
      startedAt: startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
      summary: summarizeResults(checks),
      checks,
      ...(objectNotes.length > 0 ? { notes: objectNotes } : {}),
    },
  };
}

/** A note of the plan (an SLA property of the contract's own name) as the finding `meshkit test` and `--emit-sql` report. */
export function planNoteFinding(document: LoadedDocument, note: PlanNote): Finding {
  return document.finding({ ruleId: note.ruleId, severity: note.severity, message: note.message, path: note.pointer, stage: "test" });
}

/**
 * The schema problems in the parts of a contract that become checks. What breaks the schema there is read as
 * nothing (a `required: "yes"`, a logicalType `intger`, a property without a name): `meshkit test` and its
 * emitted SQL say so, rather than skip it silently. Servers have their own messages. A missing field the plan's
 * own check names (an SLA without `value`: "add a positive number of d") is left to it, as lint leaves it to its
 * rule: one problem, said once, in the words that say what to write.
 */
export function checkedPartIssues(contract: DataContract, plan: Pick<QualityPlan, "objects" | "unassigned">): SchemaIssue[] {
  // Keyed by the rule's node, where the schema says a field is missing: the check may point inside it (at `unit`).
  const said = new Set([...plan.objects.flatMap((object) => object.checks), ...plan.unassigned].flatMap((check) => (check.measure.kind === "unrunnable" && check.measure.about !== undefined ? [`${ruleNode(check.pointer) ?? check.pointer}\u0000${check.measure.about}`] : [])));
  const issues = validateContractSchema(contract).filter((issue) => CHECKED_PARTS.test(issue.pointer));
  // Unless another issue at that node keeps the check's own finding back (reportedBySchema): then the schema says both.
  return issues.filter((issue) => !(issue.about !== undefined && said.has(`${issue.pointer}\u0000${issue.about}`) && !reportedBySchema(issue.pointer, issues.filter((other) => other !== issue))));
}

/** The `quality-contract-invalid` finding of one of checkedPartIssues, at the node the schema names. */
export function contractIssueFinding(document: LoadedDocument, issue: SchemaIssue): Finding {
  return document.finding({ ruleId: "quality-contract-invalid", severity: "error", message: contractIssueMessage(issue), path: issue.pointer, target: issue.target, stage: "test" });
}

const contractIssueMessage = (issue: { message: string }) => `Contract: ${issue.message}; this part may not be checked as meant (run meshkit lint)`;

/**
 * One `error` result per schema problem in the checked parts (`quality-contract-invalid`), named by its object
 * and property. `ids` are those of the other results: a rule named `contract-invalid` must not share its id.
 */
export function contractIssueResults(contract: DataContract, issues: readonly { pointer: string; message: string }[], ids: Set<string>): CheckResult[] {
  return issues.map((issue) => {
    const at = /^\/schema\/(\d+)(?:\/properties\/(\d+))?/.exec(issue.pointer);
    const object = at ? contract.schema?.[Number(at[1])] : undefined;
    const property = at?.[2] !== undefined ? object?.properties?.[Number(at[2])] : undefined;
    const nameOf = (node: { name?: unknown } | undefined) => (typeof node?.name === "string" ? node.name : undefined);
    const base = [nameOf(object) ?? (issue.pointer.startsWith("/slaProperties") ? "slaProperties" : "schema"), nameOf(property), "contract-invalid"].filter(Boolean).join(".");
    let id = base;
    // Repeats numbered as the plan numbers its check ids: `-2`, `-3`…
    for (let n = 2; ids.has(id); n++) id = `${base}-${n}`;
    ids.add(id);
    return {
      id,
      rule: "quality-contract-invalid",
      object: nameOf(object) ?? "",
      ...(nameOf(property) !== undefined ? { property: nameOf(property)! } : {}),
      status: "error",
      severity: "error",
      measured: null,
      threshold: null,
      rowsChecked: null,
      failedRows: null,
      message: contractIssueMessage(issue),
      path: issue.pointer,
    };
  });
}

/** A rule or option node: its own invalid-rule finding would repeat what the schema said about it. */
const RULE_NODE = /^(.*\/(?:quality|slaProperties)\/\d+)(?:\/.*)?$|^(.*\/logicalTypeOptions\/[^/]+)$/;

/** The rule or option node a pointer is at or inside (`/slaProperties/0` of `/slaProperties/0/unit`). */
function ruleNode(path: string): string | undefined {
  const match = RULE_NODE.exec(path);
  return match?.[1] ?? match?.[2];
}

/**
 * Whether the contract's schema already reported a problem at a rule's node (or inside it): a rule without
 * a comparison, or with `mustBeLessThan: '2'`, is one problem, reported once, as the schema's finding. The
 * check's result still says it did not run.
 */
export function reportedBySchema(path: string, issues: readonly { pointer: string }[]): boolean {
  // A refusal may point inside its rule (at the comparator or argument at fault, as lint does): the rule is the node.
  const node = ruleNode(path);
  return node !== undefined && issues.some((issue) => issue.pointer === node || issue.pointer.startsWith(`${node}/`));
}
