/**
 * `meshkit test` over a project: every contract found (as `meshkit lint` finds them) tested against
 * its data, one results document for the run; or, with a dialect, the SQL it would run. What the
 * CLI and the contract-test action call.
 */
import { availableParallelism } from "node:os";
import { dirname, resolve } from "node:path";
import { CLI_OPTION_NAMES, type DataContract, type DataProduct, type Finding, type LoadedDocument, UsageError, contractsOfPort, findPortContracts, isMapping, portContracts, jsonFilePieces, loadProjectDocuments, noDocumentFound, parseZonedTime, serverTypeOf, shellQuote, writeOutputFile } from "@meshkit/core";
import { planChecks, type ObjectPlan, type QualityPlan } from "./checks.js";
import { type EmittedStatement, commentText, compilePlanStatements, emittedCheck, endOfLineCommentText, emittedNotCheckedReason, notCheckedReason, renderStatements } from "./compile.js";
import { type Dialect, type DialectName, getDialect } from "./dialects.js";
import { notCheckedOutcome, unrunnableOutcome } from "./evaluate.js";
import { type ProductLabels, PushRefusedError, productLabelsFor, pushQualityMetrics } from "./metrics.js";
import { type QualityResults, type ResultsSummary } from "./results.js";
import { type QualityRunOptions, checkedPartIssues, contractIssueFinding, contractIssueResults, planNoteFinding, reportedBySchema, runQualityChecks } from "./run.js";
import { DEFAULT_POSTGRES_SCHEMA, type OptionNames, displayPath } from "./sources.js";

export interface ContractTestOptions {
  cwd: string;
  /** Contract files, folders or globs; default: every contract of the project. */
  paths: readonly string[];
  configPath?: string;
  /** A server name of the contracts (`--server`). */
  server?: string;
  /** `--data FILE|DIR`, over the servers. */
  data?: string;
  /** `--object NAME`: only these schema objects. */
  objects?: readonly string[];
  now?: Date;
  sampleSize?: number;
  /** `--query-timeout`: longest a single query may run, DuckDB or PostgreSQL (defaults: 300 s and 60 s). */
  queryTimeoutMs?: number;
  /** How the caller's user names `server` and `data`, for messages; default the CLI's `--server` and `--data`. */
  optionNames?: OptionNames;
}

/** The results of one run over one or more contracts: the format `--results FILE` writes. */
export interface QualityRunDocument {
  kind: "meshkit-quality-run";
  version: 1;
  startedAt: string;
  finishedAt: string;
  /** Over every contract. */
  summary: ResultsSummary;
  contracts: QualityResults[];
}

export interface ContractTestRun {
  findings: Finding[];
  /** Files read: those of the contracts tested, and those a finding is about (one that could not be parsed too). */
  files: number;
  run: QualityRunDocument;
}

/**
 * `--object NAME…` over several contracts: each is tested on the named objects it has, and one that has
 * none of them is not tested. A name no contract has is a usage error (a typo must not pass as nothing to test).
 */
function withObjects(contracts: readonly LoadedDocument[], names: readonly string[] | undefined): { document: LoadedDocument; objects?: string[] }[] {
  if (!names?.length) return contracts.map((document) => ({ document }));
  const objectNames = (document: LoadedDocument) => {
    const schema = (document.value as { schema?: unknown }).schema;
    return new Set((Array.isArray(schema) ? schema : []).flatMap((o: { name?: unknown; physicalName?: unknown } | null) => [o?.name, o?.physicalName].filter((n): n is string => typeof n === "string")));
  };
  const selected = contracts.map((document) => {
    const has = objectNames(document);
    return { document, objects: names.filter((name) => has.has(name)) };
  });
  const unknown = names.filter((name) => !selected.some((s) => s.objects.includes(name)));
  if (unknown.length > 0) {
    const where = contracts.length === 1 ? `the contract ${contracts[0]!.file} (objects: ${[...new Set([...objectNames(contracts[0]!)])].join(", ") || "none"})` : `any of the ${contracts.length} contracts`;
    throw new UsageError(`no schema object named ${unknown.map((n) => `\`${n}\``).join(", ")} in ${where}`);
  }
  return selected.filter((s) => s.objects.length > 0);
}

/**
 * Contracts tested at once, one engine each. On the many small files of a domain repository a contract's
 * time is mostly the engine's fixed costs (starting DuckDB, sniffing each file, a dozen small queries), on
 * one core: 200 generated products (340 CSV tables), 23.4 s → 19.2 s with two at once on a busy 2-core
 * machine, the same results. A large file's queries already use every core, so more than the cores gain nothing.
 */
const CONTRACTS_AT_ONCE = Math.max(1, Math.min(availableParallelism(), 4));

/** `run` over `items`, at most `atOnce` at a time, the results in the items' order. */
async function mapInOrder<T, R>(items: readonly T[], atOnce: number, run: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await run(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: atOnce }, worker));
  return results;
}

/** Throws a UsageError when both `server` and `data` are given, or `objects` names an object no contract has. */
export async function testContracts(options: ContractTestOptions): Promise<ContractTestRun> {
  const startedAt = new Date();
  // --data replaces the servers altogether: beside it, a --server (a postgres warehouse, a name with a typo) would
  // be ignored, and the run would pass on the local file while the user believes the server was tested.
  if (options.server !== undefined && options.data !== undefined) {
    const { server, data } = options.optionNames ?? CLI_OPTION_NAMES;
    throw new UsageError(`${server} ${options.server} and ${data} ${options.data} cannot go together: ${data} is read instead of every server of the contracts, so ${server} would be ignored; pass ${server} to test that server's data, or ${data} to test the file`);
  }
  const found = await findContracts(options);
  const findings = [...found.findings, ...found.notFound];
  const contracts = withObjects(found.contracts, options.objects);
  const atOnce = Math.min(CONTRACTS_AT_ONCE, contracts.length);
  const runs = await mapInOrder(contracts, atOnce, ({ document, objects }) => {
    const runOptions: QualityRunOptions = {
      document,
      cwd: options.cwd,
      ...(options.server !== undefined ? { server: options.server } : {}),
      ...(options.data !== undefined ? { data: options.data } : {}),
      ...(options.optionNames ? { optionNames: options.optionNames } : {}),
      ...(objects ? { objects } : {}),
      ...(options.now ? { now: options.now } : {}),
      ...(options.sampleSize !== undefined ? { sampleSize: options.sampleSize } : {}),
      // Engines side by side share DuckDB's memory limit instead of each taking all of it.
      duckdb: { ...(options.queryTimeoutMs !== undefined ? { statementTimeoutMs: options.queryTimeoutMs } : {}), ...(atOnce > 1 ? { memoryShare: 1 / atOnce } : {}) },
      ...(options.queryTimeoutMs !== undefined ? { postgres: { statementTimeoutMs: options.queryTimeoutMs } } : {}),
    };
    return runQualityChecks(runOptions);
  });
  const results: QualityResults[] = [];
  for (const run of runs) {
    findings.push(...run.findings);
    results.push(run.results);
  }
  const summary = results.reduce<ResultsSummary>(
    (total, r) => ({ checks: total.checks + r.summary.checks, passed: total.passed + r.summary.passed, failed: total.failed + r.summary.failed, warned: total.warned + r.summary.warned, errors: total.errors + r.summary.errors }),
    { checks: 0, passed: 0, failed: 0, warned: 0, errors: 0 },
  );
  return {
    findings,
    // As lint counts them: "1 error in 0 files" would put an unparseable file's error nowhere.
    files: new Set([...contracts.map((c) => c.document.file), ...findings.map((f) => f.file)]).size,
    run: { kind: "meshkit-quality-run", version: 1, startedAt: startedAt.toISOString(), finishedAt: new Date().toISOString(), summary, contracts: results },
  };
}

/**
 * "Now" for SLA ages from a user's text (`--now`, the action's `as-of`): an ISO 8601 date, or a
 * date-time with its zone — one without a zone would be read in the machine's local zone (core's parseZonedTime).
 */
export const parseAsOf: (text: string, label: string) => Date = parseZonedTime;

/** `--query-timeout SECONDS` (the action's query-timeout): a positive number of seconds, as milliseconds. */
export function parseQueryTimeout(text: string, label: string): number {
  const seconds = /^\d+(?:\.\d+)?$/.test(text) ? Number(text) : Number.NaN;
  if (!(seconds > 0) || seconds > 86_400) throw new UsageError(`${label} ${text}: expected a number of seconds, more than 0 and at most 86400`);
  return Math.max(1, Math.round(seconds * 1000));
}

/**
 * `--pushgateway URL`: the run's metrics, one push per data product (the Pushgateway groups by
 * domain and product). A contract belongs to each product of the project whose output port names it: its
 * id, at the port's version when the project has that version (as `meshkit test <product>` tests it); a
 * contract no port names is labelled by its own `dataProduct`/name and domain. Another version of a contract
 * a port names (an old one kept beside the current one) is no product's output, and is not pushed.
 *
 * A push replaces all of the product's metrics: a product of which the run tested only some of the
 * project's contracts (one file named on the command line) is not pushed, since its push would drop the
 * other contracts' series and score the product on a part of it; the others still are, and the error says so.
 * Nothing is pushed while a file of the project cannot be read (see below).
 */
export async function pushRunMetrics(url: string, run: QualityRunDocument, options: { cwd: string; configPath?: string }): Promise<number> {
  const { documents, findings } = await loadProjectDocuments([], options, ["DataProduct", "DataContract"]);
  // A file that cannot be read may be a product, whose contracts would be pushed under labels of their own (a
  // product that never expires from the Pushgateway), or one of a product's contracts, which the push would drop.
  if (findings.length > 0) {
    const first = findings[0]!;
    const more = findings.length > 1 ? ` (and ${findings.length - 1} more)` : "";
    throw new UsageError(
      `Not pushing metrics: ${first.file}:${first.line}:${first.column} cannot be read${more} (${first.ruleId}), and the project's data products and contracts say which product each contract's metrics belong to; fix it (meshkit lint) to push`,
    );
  }
  const productDocuments = documents.filter((doc) => doc.kind.type === "DataProduct");
  const contracts = documents.filter((doc) => doc.kind.type === "DataContract");
  // A contract the output ports of several products name (one dataset two products publish) is an output of each:
  // its checks count in every one's metrics, as `meshkit test <product>` tests it with each.
  const owners = new Map<LoadedDocument, DataProduct[]>();
  for (const product of productDocuments) {
    for (const contract of new Set(portContracts(product).flatMap((port) => contractsOfPort(port, contracts)))) owners.set(contract, [...(owners.get(contract) ?? []), product.value as DataProduct]);
  }
  const portIds = new Set(productDocuments.flatMap((product) => portContracts(product).map((port) => port.contractId)));
  const documentAt = new Map(contracts.map((doc) => [resolve(options.cwd, doc.file), doc]));
  const keyOf = (labels: ProductLabels) => JSON.stringify([labels.domain, labels.product]);
  // None for another version of a port's contract: pushed with the product, it scored the product on an old
  // version's data and renamed the `contract` label of the current one, but only in runs that tested it too
  // (`meshkit test`, not `meshkit test <product>`), so the product's series changed with how the run was started.
  const labelsOf = (contract: Pick<DataContract, "id" | "name" | "domain" | "dataProduct">, file: string): ProductLabels[] => {
    const doc = documentAt.get(resolve(options.cwd, file));
    const products = doc ? (owners.get(doc) ?? []) : productDocuments.map((p) => p.value as DataProduct).filter((p) => (p.outputPorts ?? []).some((port) => port.contractId === contract.id));
    // Two products of the same domain and name are one product to the Pushgateway: the contract counts once in it.
    if (products.length > 0) return [...new Map(products.map((product) => productLabelsFor(contract, product)).map((labels) => [keyOf(labels), labels])).values()];
    return doc && portIds.has(contract.id) ? [] : [productLabelsFor(contract)];
  };
  const groups = new Map<string, { labels: ProductLabels; results: QualityResults[]; untested: string[] }>();
  for (const results of run.contracts) {
    for (const labels of labelsOf(results.contract, results.contract.file)) {
      const key = keyOf(labels);
      const group = groups.get(key) ?? { labels, results: [], untested: [] };
      group.results.push(results);
      groups.set(key, group);
    }
  }
  // Only other versions were tested (`meshkit test orders-v1.odcs.yaml`): said, as a push asked for and not made.
  if (groups.size === 0 && run.contracts.length > 0) {
    const { file, id, version } = run.contracts[0]!.contract;
    const others = run.contracts.length > 1 ? `, nor the ${run.contracts.length - 1} other contracts tested` : "";
    throw new UsageError(`Not pushing metrics: ${file} (contract ${id} ${version}) is not the version a data product's output port names, so no product's output${others}; test the version the port names, or the product, to push its metrics`);
  }
  // The project's contracts of a pushed product that the run did not test.
  const tested = new Set(run.contracts.map((results) => resolve(options.cwd, results.contract.file)));
  for (const doc of contracts) {
    if (tested.has(resolve(options.cwd, doc.file))) continue;
    for (const labels of labelsOf(doc.value as DataContract, doc.file)) groups.get(keyOf(labels))?.untested.push(doc.file);
  }
  // A product of which the run tested only contracts it shares with a product pushed whole (`meshkit test
  // a.odps.yaml`, one of whose contracts b.odps.yaml names too) is not what the run was about: left as it is,
  // as a product the run did not test, rather than an error for a push nobody asked for.
  const whole = [...groups.values()].filter((group) => group.untested.length === 0);
  for (const [key, group] of groups) {
    if (group.untested.length > 0 && group.results.every((results) => whole.some((other) => other.results.includes(results)))) groups.delete(key);
  }
  // A product whose metrics the Pushgateway refuses does not keep the others from being pushed; one that
  // cannot be pushed at all (server unreachable, credentials refused) stops the rest, which would fail alike.
  const refused: { labels: ProductLabels; error: PushRefusedError }[] = [];
  const partial: { labels: ProductLabels; tested: number; untested: string[] }[] = [];
  for (const { labels, results, untested } of groups.values()) {
    if (untested.length > 0) {
      partial.push({ labels, tested: results.length, untested });
      continue;
    }
    try {
      await pushQualityMetrics(url, results, labels);
    } catch (error) {
      if (!(error instanceof PushRefusedError)) throw error;
      refused.push({ labels, error });
    }
  }
  const notPushed = refused.length + partial.length;
  // "the others pushed" only when there are others: with every product left out, none was pushed.
  const outcome = (what: string) =>
    notPushed === groups.size ? `the metrics of ${groups.size === 1 ? "the product" : `all ${groups.size} products`} ${what}, none pushed` : `the metrics of ${notPushed} of ${groups.size} products ${what}, the others pushed`;
  if (partial.length > 0) {
    const first = partial[0]!;
    const shown = first.untested.slice(0, 3).join(", ") + (first.untested.length > 3 ? `, and ${first.untested.length - 3} more` : "");
    throw new UsageError(
      `Not pushing the metrics of product ${first.labels.product} of domain ${first.labels.domain}: the run tested ${first.tested} of its ${first.tested + first.untested.length} contracts (not ${shown}), and a push replaces all of the product's metrics; test every contract of the product (its folder, or meshkit test without paths) to push them${groups.size > 1 ? ` (${outcome(refused.length > 0 ? "were left out or refused" : "were left out")})` : ""}`,
    );
  }
  if (refused.length === 1 && groups.size === 1) throw refused[0]!.error;
  if (refused.length > 0) {
    const first = refused[0]!;
    throw new UsageError(`${first.error.message} (product ${first.labels.product} of domain ${first.labels.domain}; ${outcome("were refused")})`);
  }
  return groups.size;
}

/**
 * Writes a run's results as indented JSON, atomically, in pieces (one per check: `contracts[i].checks[j]`
 * is 4 levels down): the results of a large project are more text than one string holds (~512 MB).
 */
export function writeRunResults(file: string, run: QualityRunDocument): void {
  writeOutputFile(file, jsonFilePieces(run, 4));
}

/**
 * `--emit-sql --dialect D`: the statements each contract's checks need, values inlined, for running
 * where the data lives. Tables are named as the chosen server (`--server`) places them
 * (database/catalog/project, schema/dataset, then the object's physicalName).
 */
/**
 * The SQL of the contracts' checks in a dialect. `findings`: input problems (nothing was emitted);
 * `notChecked`: the checks no SQL can run (an SLA on an unknown object, a rule as written that cannot be
 * checked), as `meshkit test` reports them: listed in the SQL as comments, never dropped in silence.
 * `files`: the contracts read.
 */
export async function emitContractSql(
  options: ContractTestOptions & { dialect: DialectName },
): Promise<{ sql: string; statements: (EmittedStatement & { file: string })[]; findings: Finding[]; notChecked: Finding[]; files: number }> {
  const found = await findContracts(options);
  const { findings } = found;
  const dialect = getDialect(options.dialect);
  const notChecked: Finding[] = [...found.notFound];
  const all: (EmittedStatement & { file: string })[] = [];
  const sections = withObjects(found.contracts, options.objects).map(({ document, objects }) => {
    const contract = document.value as Record<string, unknown>;
    const plan = planChecks(document.value as DataContract, { sourceAt: (pointer) => document.sourceAt(pointer), ...(objects ? { objects } : {}) });
    const server = options.server !== undefined ? serverNamed(contract, options.server, document.file) : undefined;
    const statements = compilePlanStatements(plan, dialect, { relation: (object) => relationOf(server, object), ...(options.sampleSize !== undefined ? { sampleSize: options.sampleSize } : {}) });
    all.push(...statements.map((statement) => ({ ...statement, file: document.file })));
    // What the schema refuses in the checked parts was read as nothing: reported as `meshkit test` reports it.
    const schemaIssues = checkedPartIssues(document.value as DataContract, plan);
    notChecked.push(...schemaIssues.map((issue) => contractIssueFinding(document, issue)), ...plan.notes.map((note) => planNoteFinding(document, note)));
    // Rules that cannot run as written (errors), and checks the dialect does not run (warnings: nested properties outside DuckDB).
    const checks = [...plan.objects.flatMap((object) => object.checks.map((check) => ({ check: emittedCheck(check), object }))), ...plan.unassigned.map((check) => ({ check, object: undefined }))];
    const listed: string[] = [];
    const lines = checks.flatMap(({ check, object }) => {
      const reason = check.measure.kind === "unrunnable" ? undefined : object ? emittedNotCheckedReason(check, object, dialect, relationOf(server, object)) : notCheckedReason(check, dialect);
      if (check.measure.kind !== "unrunnable" && reason === undefined) return [];
      const { result, finding } = reason === undefined ? unrunnableOutcome(check) : notCheckedOutcome(check, reason);
      // A rule the schema already reported is one problem, reported once, as `meshkit test` does.
      if (finding && !(finding.ruleId === "quality-rule-invalid" && reportedBySchema(check.pointer, schemaIssues))) {
        notChecked.push(document.finding({ ruleId: finding.ruleId, severity: finding.severity, message: result.message, path: check.pointer, stage: "test" }));
      }
      if (check.measure.kind === "unrunnable") listed.push(check.pointer);
      return [`-- not checked: ${endOfLineCommentText(`${check.id}: ${result.message.replace(/^Not checked: /, "")}`)}\n`];
    });
    // A schema problem no listed rule covers gets its own line, under the id its result has in `meshkit test`.
    const unlisted = schemaIssues.filter((issue) => !listed.some((pointer) => issue.pointer === pointer || issue.pointer.startsWith(`${pointer}/`)));
    for (const result of contractIssueResults(document.value as DataContract, unlisted, new Set(checks.map(({ check }) => check.id)))) {
      lines.push(`-- not checked: ${endOfLineCommentText(`${result.id}: ${result.message}`)}\n`);
    }
    const opened = server === undefined ? "" : `${serverTypeOf(server) === "duckdb" ? duckDbServerNote(server, document.file, options.cwd) : ""}${sqlRuleNamesNote(server, contract.domain, plan, dialect)}`;
    // The id and version are the contract's text (a YAML string may hold a line break), and so is a file name.
    const heading = commentText(`${document.file}: contract ${plan.contract.id} ${plan.contract.version} (${options.dialect})`);
    return `-- ${heading}\n${opened}${lines.join("")}\n${renderStatements(statements)}`;
  });
  // Every contract read counts, as in `meshkit test`, statements or not (`schema: []` has none), and so
  // does a file that could not be read.
  return { sql: sections.join("\n"), statements: all, findings, notChecked, files: new Set([...found.contracts.map((c) => c.file), ...findings.map((f) => f.file)]).size };
}

/**
 * The contracts to test: those the paths hold, and those the output ports of the products they hold
 * name (`meshkit test domains/sales/orders/product.odps.yaml`, or a pull request that changed only a
 * product), found anywhere in the project. `notFound`: a warning for each port whose contract is not.
 */
async function findContracts(options: ContractTestOptions): Promise<{ contracts: LoadedDocument[]; findings: Finding[]; notFound: Finding[] }> {
  // With no paths every contract of the project is tested already.
  const { documents, findings, config } = await loadProjectDocuments(options.paths, options, options.paths.length > 0 ? ["DataContract", "DataProduct"] : ["DataContract"]);
  const given = documents.filter((d) => d.kind.type === "DataContract");
  const { found, missing } = await findPortContracts(
    documents.filter((d) => d.kind.type === "DataProduct"),
    given,
    options,
  );
  const contracts = [...given, ...found];
  const notFound = missing.map((port) =>
    port.product.finding({ ruleId: "quality-not-checked", severity: "warning", message: `Output port ${port.name} names contract ${port.contractId}, which is not in this project: its data is not tested here.`, path: port.pointer, stage: "test" }),
  );
  if (contracts.length === 0 && findings.length === 0) {
    const named = notFound.length > 0 ? ` (${notFound.map((f) => f.message.replace(/: its data is not tested here\.$/, "")).join("; ")})` : "";
    if (options.paths.length > 0) throw new UsageError(`no data contract in ${options.paths.join(", ")}${named}`);
    throw new UsageError(await noDocumentFound(config, options.cwd, "test", "no data contract found under the current directory: write one (meshkit init product <domain>/<name> scaffolds a product and its contract) or name the files to test"));
  }
  return { contracts, findings, notFound };
}

function serverNamed(contract: Record<string, unknown>, name: string, file: string): Record<string, unknown> {
  const servers = Array.isArray(contract.servers) ? contract.servers.filter(isMapping) : [];
  const server = servers.find((s) => s.server === name);
  if (!server) throw new UsageError(`${file}: no server named ${name}; the contract has ${servers.map((s) => String(s.server)).join(", ") || "no servers"}`);
  return server;
}

/** A DuckDB server's database file (`database`, else `path`). */
function duckDbFile(server: Record<string, unknown>): string | undefined {
  const file = typeof server.database === "string" && server.database !== "" ? server.database : server.path;
  return typeof file === "string" && file !== "" ? file : undefined;
}

/**
 * The catalog name DuckDB gives a database file it opens or attaches: the file's base name up to its first
 * dot (`./data/warehouse.duckdb` → `warehouse`), which is how its tables are qualified once it is open.
 */
export function duckDbCatalogName(file: string): string {
  const base = file.replace(/[\\/]+$/, "").split(/[\\/]/).pop() ?? file;
  const name = base.split(".")[0];
  return name === undefined || name === "" ? base : name;
}

/**
 * Whether a DuckDB server's SQL, run in DuckDB, has the server's file open as the session's default catalog, as
 * duckDbServerNote says to: not when the server names its own `catalog`, under which whoever runs it attaches the file.
 */
function opensAsDefaultCatalog(server: Record<string, unknown>): boolean {
  return serverTypeOf(server) === "duckdb" && typeof server.catalog !== "string";
}

/**
 * Which database file to open for a DuckDB server's SQL, and how. The runner reads `database` from the contract's
 * folder, so the file is named as found from the working directory (`products/orders/data/warehouse.duckdb` for a
 * contract in products/orders): `duckdb ./data/warehouse.duckdb` run there would create an empty database instead.
 */
function duckDbServerNote(server: Record<string, unknown>, contractFile: string, cwd: string): string {
  const file = duckDbFile(server);
  if (file === undefined || !opensAsDefaultCatalog(server)) return "";
  const shown = displayPath(resolve(dirname(resolve(cwd, contractFile)), file), cwd);
  return `-- server ${commentText(String(server.server))}: run in DuckDB with ${commentText(shown)} open (\`duckdb ${commentText(shellQuote(shown))}\`), whose catalog is ${commentText(duckDbCatalogName(file))}\n`;
}

/**
 * The schema a server's tables are in: its `schema` (or `dataset`); for a PostgreSQL server without one,
 * `public`, where the runner reads it (`"analytics"."orders"` would name a schema `analytics`, not the database).
 */
function serverSchema(server: Record<string, unknown>): string | undefined {
  const named = [server.schema, server.dataset].find((part): part is string => typeof part === "string" && part !== "");
  return named ?? (serverTypeOf(server) === "postgres" ? DEFAULT_POSTGRES_SCHEMA : undefined);
}

/**
 * How the SQL rules' unqualified table names are read, which SQL run elsewhere must set up as the runners do,
 * or `FROM customers` reads another schema's table, or none: on a PostgreSQL server `search_path` is the
 * server's schema, then the contract's domain (where `meshkit provision` creates tables); on a DuckDB server
 * the `schema` is the connection's (`SET schema`). Nothing to say without SQL rules, or in DuckDB's `main`.
 * The set-up is written in the emitted `dialect`, where it is run (Snowflake has no `SET search_path`).
 */
function sqlRuleNamesNote(server: Record<string, unknown>, domain: unknown, plan: QualityPlan, dialect: Dialect): string {
  if (!plan.objects.some((object) => object.checks.some((check) => check.measure.kind === "sqlValue"))) return "";
  const schema = serverSchema(server);
  let schemas: string[] = [];
  if (serverTypeOf(server) === "postgres") {
    schemas = [schema ?? DEFAULT_POSTGRES_SCHEMA, ...(typeof domain === "string" && domain !== "" && domain !== schema ? [domain] : [])];
  } else if (serverTypeOf(server) === "duckdb" && schema !== undefined && schema.toLowerCase() !== "main") {
    schemas = [schema];
  }
  if (schemas.length === 0) return "";
  // A DuckDB server's SQL run in DuckDB has the server's file open as the default catalog (duckDbServerNote), whose
  // schemas the runner's own `SET schema` names, unless the server names its own `catalog`; anywhere else the
  // server's database is not the session's.
  const catalog = opensAsDefaultCatalog(server) && dialect.name === "duckdb" ? undefined : serverCatalog(server);
  const { statement, searched } = schemaSetUp(dialect, schemas, catalog);
  const unsearched = schemas.slice(searched).map((name) => qualifiedName(dialect, catalog, name));
  const qualify = unsearched.length === 0 ? "" : `; ${dialect.name} searches one schema: qualify the tables of ${unsearched.join(", ")} there`;
  return `-- server ${commentText(String(server.server))}: SQL rules read unqualified table names as the runner does: run ${commentText(statement)} first${commentText(qualify)}\n`;
}

/**
 * The statement that makes a session of `dialect` read unqualified table names in `schemas`, in that order, and how
 * many of them it searches: PostgreSQL's and DuckDB's search path takes them all, the others' `USE` the first only.
 * Those name the schema in `catalog`, the database the emitted tables are named in (`analytics.public.orders`):
 * `USE SCHEMA public` would take the session's own database's, and Snowflake has a PUBLIC in every database, so
 * the rules would read another database's tables without an error. So does DuckDB's search path, given a `catalog`:
 * a PostgreSQL database read from DuckDB is an attached catalog, and a bare `"sales"` is the default catalog's schema
 * (one of the DuckDB file open there), or refused. (A PostgreSQL session is in one database.)
 */
function schemaSetUp(dialect: Dialect, schemas: readonly string[], catalog: string | undefined): { statement: string; searched: number } {
  const [first] = schemas as [string, ...string[]];
  const quoted = schemas.map((name) => dialect.quoteIdentifier(name));
  const firstInCatalog = qualifiedName(dialect, catalog, first);
  switch (dialect.name) {
    case "postgres":
      return { statement: `SET search_path TO ${quoted.join(", ")}`, searched: schemas.length };
    case "duckdb": {
      // DuckDB's search_path is one string of (quoted, catalog-qualified) names.
      const searchPath = dialect.stringLiteral(schemas.map((name) => qualifiedName(dialect, catalog, name)).join(","));
      return { statement: schemas.length === 1 && catalog === undefined ? `SET schema = ${dialect.stringLiteral(first)}` : `SET search_path = ${searchPath}`, searched: schemas.length };
    }
    case "snowflake":
      return { statement: `USE SCHEMA ${firstInCatalog}`, searched: 1 };
    case "bigquery": {
      // A script's default dataset (BigQuery has no USE), in the project the tables are named in.
      const project = catalog === undefined ? "" : `SET @@dataset_project_id = ${dialect.stringLiteral(catalog)}; `;
      return { statement: `${project}SET @@dataset_id = ${dialect.stringLiteral(first)}`, searched: 1 };
    }
    case "trino":
    case "spark":
      return { statement: `USE ${firstInCatalog}`, searched: 1 };
  }
}

/** A schema's name in `dialect`, after its catalog when there is one (`analytics."Sales Dept"`). */
function qualifiedName(dialect: Dialect, catalog: string | undefined, schema: string): string {
  return [...(catalog === undefined ? [] : [catalog]), schema].map((name) => dialect.quoteIdentifier(name)).join(".");
}

/**
 * The catalog a server's schemas are in, as the emitted table names name it: a DuckDB server's `catalog`, else its
 * file's; another server's `catalog` or `database` (BigQuery's `project`); undefined when it names none.
 */
function serverCatalog(server: Record<string, unknown>): string | undefined {
  if (serverTypeOf(server) === "duckdb") {
    // DuckDB names an open database file's catalog by the file, not by its path: `"./data/w.duckdb"."main"` is no catalog.
    const file = duckDbFile(server);
    return typeof server.catalog === "string" && server.catalog !== "" ? server.catalog : file !== undefined ? duckDbCatalogName(file) : undefined;
  }
  const named = serverTypeOf(server) === "bigquery" ? server.project : (server.catalog ?? server.database);
  return typeof named === "string" && named !== "" ? named : undefined;
}

/** Where a server keeps an object's table: its container names that are set, then the table. */
function relationOf(server: Record<string, unknown> | undefined, object: ObjectPlan): readonly string[] {
  if (!server) return [object.physicalName];
  const type = serverTypeOf(server);
  const schema = type === "duckdb" ? (typeof server.schema === "string" && server.schema !== "" ? server.schema : "main") : type === "bigquery" ? server.dataset : serverSchema(server);
  return [...[serverCatalog(server), schema].filter((part): part is string => typeof part === "string" && part !== ""), object.physicalName];
}
