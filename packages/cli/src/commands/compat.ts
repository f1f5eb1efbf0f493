import { UsageError } from "@meshkit/core";
import { COMPAT_RULES, CompatStoppedError, type CompatOptions, compatStageReport, isUncompared, renderChangelog, runCompat } from "@meshkit/compat";
import { type ReportOptions, parseFormat, report, reportedFile, writeOutputOption } from "../output.js";

export interface CompatCommandOptions extends ReportOptions {
  base?: string;
  mode?: string;
  config?: string;
  /** `--catalog`: a dir or git catalog whose products' input ports say who consumes each contract. */
  catalog?: string;
}

/**
 * What to compare with: `--base`, else what `meshkit ci` compares a pull request with (where HEAD left the
 * default branch, or the event's base inside GitHub Actions), with the label reports show for it.
 */
async function baseOf(options: CompatCommandOptions, cwd: string): Promise<{ ref: string; label: string }> {
  if (options.base) return { ref: options.base, label: options.base };
  const { pullRequestBase } = await import("../pipeline.js");
  const base = await pullRequestBase(cwd);
  if (base.ref === undefined) throw new UsageError(`no --base given, and ${base.reason}`);
  return base;
}

/** The runCompat options of a command line; with --catalog, the catalog's consumers (read only if something breaks). */
async function compatOptions(paths: string[], options: CompatCommandOptions, cwd: string, base: string): Promise<CompatOptions> {
  // Loaded only with --catalog, so that a plain compare does not load the catalog package.
  const consumers = options.catalog ? (await import("@meshkit/catalog")).catalogConsumers(options.catalog, { cwd }) : undefined;
  return { cwd, paths, base, ...(options.mode ? { mode: options.mode } : {}), ...(options.config ? { configPath: options.config } : {}), ...(consumers ? { consumers } : {}) };
}

/** `meshkit compat`: breaking changes and semver verdicts against a base (and, with --catalog, the consumers they reach). */
export async function compatCommand(paths: string[], options: CompatCommandOptions, cwd = process.cwd()): Promise<number> {
  const base = await baseOf(options, cwd);
  // Files named in messages read as the report shows findings' files (from the workspace, in a GitHub Actions step below it).
  const displayFile = reportedFile(parseFormat(options.format, process.stdout), cwd);
  const title = (mode: string) => `schema-compat (${mode})`;
  const run = await runCompat({ ...(await compatOptions(paths, options, cwd, base.ref)), displayFile }).catch((error: unknown) => {
    // The consumer catalog could not be read once the comparison was done: its findings (a breaking change, a
    // version verdict) are reported with the reason the consumers are not listed; then the one-line error, exit 2.
    if (error instanceof CompatStoppedError && error.findings.length > 0) {
      report([...error.findings], error.files, COMPAT_RULES, title(error.mode), options, cwd, { sarifCategory: "schema-compat", error: error.message, extra: { contracts: error.contracts } });
    }
    throw error;
  });
  return report(run.findings, run.files, COMPAT_RULES, title(run.mode), options, cwd, {
    sarifCategory: "schema-compat",
    extra: { contracts: run.contracts },
    summary: () => compatStageReport(run, base.label).summary ?? "",
  });
}

/** `meshkit changelog`: the contract changes since a base, as markdown grouped by bump. */
export async function changelogCommand(paths: string[], options: CompatCommandOptions, cwd = process.cwd()): Promise<number> {
  const base = await baseOf(options, cwd);
  const run = await runCompat(await compatOptions(paths, options, cwd, base.ref));
  // What was not read or not compared (an unparseable file, a named one that holds no contract, a list that
  // is no list, two documents with one id) would be missing from the changelog in silence: reported instead of it.
  const inputProblems = run.findings.filter((f) => isUncompared(f) && f.severity === "error");
  if (inputProblems.length > 0) return report(inputProblems, run.files, COMPAT_RULES, "changelog", { ...options, format: "text" }, cwd);
  // Warnings about the input (compat-history-incomplete, a base file not compared) are not part of the markdown, but must be seen.
  for (const warning of run.findings.filter((f) => isUncompared(f) && f.severity === "warning")) {
    const at = warning.file === "." ? "" : `${warning.file}:${warning.line}:${warning.column}: `;
    process.stderr.write(`meshkit: warning: ${at}${warning.message}\n`);
  }
  const markdown = renderChangelog(run.contracts, { title: `Contract changes since ${base.label}` });
  if (options.output) writeOutputOption(options.output, markdown, cwd);
  else process.stdout.write(markdown);
  return 0;
}
