import { resolve } from "node:path";
import { UsageError, writeOutputFile } from "@meshkit/core";
import { type DialectName, QUALITY_INPUT_RULE_IDS, QUALITY_RULES, checkPushgatewayUrl, emitContractSql, parseAsOf, parseQueryTimeout, pushRunMetrics, renderQualityMarkdown, testContracts, writeRunResults } from "@meshkit/quality";
import { type ReportOptions, checkWritable, parseFormat, report, reportedFile } from "../output.js";

export interface TestCommandOptions extends ReportOptions {
  config?: string;
  server?: string;
  data?: string;
  object?: string[];
  results?: string;
  emitSql?: boolean;
  dialect?: DialectName;
  now?: string;
  samples?: string;
  pushgateway?: string;
  queryTimeout?: string;
}

/** Samples are for reading: more than a page of rows per check only makes results documents heavy. */
const MAX_SAMPLES = 100;

function parseSamples(text: string): number {
  const rows = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!(rows <= MAX_SAMPLES)) throw new UsageError(`--samples ${text}: expected a whole number of rows from 0 to ${MAX_SAMPLES}`);
  return rows;
}

/** `meshkit test`: contracts against their data; or `--emit-sql`: the SQL for running them elsewhere. */
export async function testCommand(paths: string[], options: TestCommandOptions, cwd = process.cwd()): Promise<number> {
  const common = {
    cwd,
    paths,
    ...(options.config ? { configPath: options.config } : {}),
    ...(options.server ? { server: options.server } : {}),
    ...(options.data ? { data: options.data } : {}),
    ...(options.object?.length ? { objects: options.object } : {}),
    ...(options.now !== undefined ? { now: parseAsOf(options.now, "--now") } : {}),
    ...(options.queryTimeout !== undefined ? { queryTimeoutMs: parseQueryTimeout(options.queryTimeout, "--query-timeout") } : {}),
  };
  const sampleSize = options.samples !== undefined ? parseSamples(options.samples) : undefined;
  if (options.pushgateway !== undefined) {
    checkPushgatewayUrl(options.pushgateway);
    // A push replaces all of the product's metrics (PUT): metrics of some of its objects would drop the
    // others' series and give the product the score of a part of it (a failing object left out reads 1).
    if (options.object?.length) {
      throw new UsageError("--object cannot go with --pushgateway: the metrics describe every object of a product, and a push replaces the product's metrics, so a push of some objects would drop the others' and score the product on a part of it; run without --object to push");
    }
  }
  if (options.emitSql || options.dialect) {
    if (!options.emitSql || !options.dialect) throw new UsageError("--emit-sql and --dialect go together: meshkit test --emit-sql --dialect postgres");
    // --emit-sql reads no data and runs no check: a results document or metrics of it would be empty, and
    // ignoring them would leave an earlier run's file (or the Pushgateway's last push) looking like this
    // run's; the SQL names the warehouse's tables, never the files --data points at. Nor does it judge an
    // SLA (the SQL gives the newest and oldest values' epoch seconds) or time a query: --now and
    // --query-timeout would be taken and have no effect, as if the SQL measured ages as of --now.
    const flags = { "--data": options.data, "--results": options.results, "--pushgateway": options.pushgateway, "--now": options.now, "--query-timeout": options.queryTimeout };
    const unused = Object.entries(flags).flatMap(([flag, value]) => (value !== undefined ? [flag] : []));
    if (unused.length > 0) {
      throw new UsageError(`${unused.join(", ")} cannot go with --emit-sql: it prints the SQL for the warehouse's tables (or --server's) and reads no data, so there is nothing to write, push, judge as of a time or time out; run meshkit test without --emit-sql for that`);
    }
    const emitted = await emitContractSql({ ...common, ...(sampleSize !== undefined ? { sampleSize } : {}), dialect: options.dialect });
    const { sql, statements, files } = emitted;
    // A file that could not be read (exit 2) is reported beside the SQL of the contracts that could, as
    // `meshkit test` tests those; so are the checks no SQL can run (listed in the SQL as comments too).
    const findings = [...emitted.findings, ...emitted.notChecked];
    // A machine format carries the statements beside those findings.
    if (options.format !== undefined && options.format !== "text") {
      return report(findings, files, QUALITY_RULES, "contract-test --emit-sql", options, cwd, { extra: { dialect: options.dialect, sql, statements }, inputRuleIds: [...QUALITY_INPUT_RULE_IDS] });
    }
    // The SQL is the output, as a report is in the other formats: to --output when given — unless no
    // contract could be read, which would leave an empty file where an earlier script may be.
    if (options.output) {
      if (sql !== "" || emitted.findings.length === 0) writeOutputFile(resolve(cwd, options.output), sql);
    } else process.stdout.write(sql);
    if (findings.length === 0) return 0;
    return report(findings, files, QUALITY_RULES, "contract-test --emit-sql", { ...options, output: undefined }, cwd, { inputRuleIds: [...QUALITY_INPUT_RULE_IDS], stream: process.stderr });
  }
  const resultsFile = options.results ? resolve(cwd, options.results) : undefined;
  // Written once every check has run (minutes on a warehouse): a path that cannot take it is refused now,
  // not after the run.
  if (resultsFile) checkWritable(resultsFile, "--results");
  const { findings, files, run } = await testContracts({ ...common, ...(sampleSize !== undefined ? { sampleSize } : {}) });
  // A write or a push that fails after the checks ran (a full disk, a Pushgateway that is down) must not
  // lose their report: it comes first, then the first failure (one line, exit 2).
  let failure: unknown;
  if (resultsFile) {
    try {
      writeRunResults(resultsFile, run);
    } catch (error) {
      failure = error;
    }
  }
  // Metrics of a run whose data could not be read would say "0 checks passed": push only what ran.
  if (options.pushgateway && files > 0) await pushRunMetrics(options.pushgateway, run, { cwd, ...(options.config ? { configPath: options.config } : {}) }).catch((error: unknown) => (failure ??= error));
  const failed = failure === undefined ? {} : { error: String((failure as Error)?.message ?? failure) };
  const exitCode = report(findings, files, QUALITY_RULES, "contract-test", options, cwd, { extra: { results: run }, inputRuleIds: [...QUALITY_INPUT_RULE_IDS], summary: () => renderQualityMarkdown(run, { fileLabel: reportedFile(parseFormat(options.format, process.stdout), cwd) }), ...failed });
  if (failure !== undefined) throw failure;
  return exitCode;
}

