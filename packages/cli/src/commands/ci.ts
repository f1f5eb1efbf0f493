/**
 * `meshkit ci`: the whole pipeline locally (or in any CI system), with the verdict and the PR comment
 * markdown the GitHub actions produce. Prints one line per stage, the findings of the stages that did
 * not pass, the verdict, where the comment went and, after a push, the tags and the catalog site.
 */
import { existsSync, realpathSync, rmSync, statSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import {
  ExitCode,
  type ReportFormat,
  UsageError,
  configGlobFilter,
  currentBranch,
  defaultBranchName,
  displayPath,
  gitTopLevel,
  isAncestor,
  isInsideFolder,
  isShallowRepository,
  loadConfig,
  missingPaths,
  plural,
  refuseSharedOutputFile,
  renderReport,
  resolveCommit,
  singleLine,
  summarize,
  tryResolveCommit,
  worktreeChanges,
  withoutRepeats,
  writeOutputFile,
} from "@meshkit/core";
import { DEFAULT_TOOL, PIPELINE_STAGES, type PipelineEvent, ciRefusesProductionChange, parseStageSections, verdictOf } from "@meshkit/github";
import { checkWritable, parseFailOn, parseFormat, report, reportPlaces, writeOutputOption } from "../output.js";
import { type PipelineOptions, type StageRun, defaultBranchTip, runPipeline } from "../pipeline.js";
import { CATALOG_OUTPUTS, chosenCatalogTarget, parseCatalogTarget } from "@meshkit/catalog";
import { LOCAL_CATALOG, catalogBuildCommand, publisherName } from "./catalog.js";
import { writeInert } from "../workflow-commands.js";

export interface CiCommandOptions {
  event?: string;
  base?: string;
  catalog?: string;
  site?: string;
  target?: string;
  now?: string;
  server?: string;
  results?: string;
  markdown?: string;
  tags?: boolean;
  allowDestructive?: boolean;
  failOn?: string;
  config?: string;
  /** A report of every stage's findings (markdown: the PR comment), to `output` or stdout. */
  format?: string;
  output?: string;
}

export const CI_DEFAULTS = {
  catalog: LOCAL_CATALOG,
  site: ".meshkit/site",
  results: ".meshkit/ci/contract-test.json",
  /** `<event>` is the event's name: the comments of both events stay side by side. */
  markdown: ".meshkit/ci/<event>.md",
} as const;

/** What ci writes besides the stages' own outputs: checked before the first stage. */
interface CiOutputs {
  markdownFile: string;
  /** --output: the report of every stage's findings. */
  reportFile: string | undefined;
  /** The catalog site folder, undefined when none is built. */
  siteDir: string | undefined;
}

export async function ciCommand(paths: string[], options: CiCommandOptions, cwd = process.cwd()): Promise<number> {
  const event = parseEvent(options.event);
  const markdownFile = resolve(cwd, options.markdown ?? CI_DEFAULTS.markdown.replace("<event>", event));
  const site = options.site ?? CI_DEFAULTS.site;
  const format = options.format === undefined ? undefined : parseFormat(options.format, process.stdout);
  const reportFile = options.output === undefined ? undefined : resolve(cwd, options.output);
  const places = format === undefined ? undefined : reportPlaces(format, cwd);
  const outputs: CiOutputs = { markdownFile, reportFile, siteDir: site === "" ? undefined : resolve(cwd, site) };
  // Two of ci's files as one, a default among them (`ci -f json -o .meshkit/ci/contract-test.json`): the report replaced
  // the results document a push publishes. Those given are compared before the run (`--results r.json -o r.json`).
  const files: [label: string, path: string, given: boolean][] = [
    ["--results", options.results ?? CI_DEFAULTS.results, options.results !== undefined],
    ["--markdown", markdownFile, options.markdown !== undefined],
    ["--output", options.output ?? "", true],
  ];
  // A default first, so that the message names the option given: `--output … names the same file as the default --results`.
  refuseSharedOutputFile([...files.filter(([, , given]) => !given), ...files.filter(([, , given]) => given)].map(([label, path, given]) => [given ? label : `the default ${label}`, path] as const), cwd);
  // A report on stdout is all stdout holds, for a program to read: the stages' lines go to stderr then.
  // (`-f text` without --output is those lines themselves.)
  const progress = format !== undefined && format !== "text" && reportFile === undefined ? process.stderr : process.stdout;
  // A comment or report left by an earlier run claims a verdict this run has not reached: whatever stops
  // this one (a refused input, an internal error), it must not be read as this run's.
  removeStaleOutput(markdownFile);
  if (reportFile !== undefined) removeStaleOutput(reportFile);
  const pipeline: PipelineOptions = {
    cwd,
    paths,
    event,
    catalog: options.catalog ?? chosenCatalogTarget(undefined, (await loadConfig({ cwd, ...(options.config ? { configPath: options.config } : {}) })).config) ?? CI_DEFAULTS.catalog,
    resultsFile: options.results ?? CI_DEFAULTS.results,
    failOn: parseFailOn(options.failOn),
    tagReleases: options.tags !== false,
    allowDestructive: options.allowDestructive === true,
    publisher: { name: publisherName() },
    onStage: (stage) => printStage(stage, progress),
    // One place for files in every output: as the -f report names them (from the workspace for github and sarif in a
    // GitHub Actions step below it, as the actions do), so a path in a message reads as its finding's file does.
    ...(places ? { places } : {}),
    ...(options.config ? { configPath: options.config } : {}),
    ...(options.base ? { base: options.base } : {}),
    ...(options.target ? { target: options.target as NonNullable<PipelineOptions["target"]> } : {}),
    ...(options.server !== undefined ? { server: options.server } : {}),
    // Imported only here: @meshkit/quality loads DuckDB, which the stages load when they need it.
    ...(options.now !== undefined ? { now: (await import("@meshkit/quality")).parseAsOf(options.now, "--now") } : {}),
  };
  const notices = await checkBeforeStages(pipeline, outputs);
  writeInert(`meshkit ci (${event}): ${PIPELINE_STAGES[event].join(" → ")}\n${notices.map((notice) => `note: ${notice}\n`).join("")}`, progress);
  const run = await runPipeline(pipeline);
  writeOutputFile(markdownFile, run.comment);

  let exitCode = run.exitCode;
  // Published: the stage wrote product versions to the catalog (with no product among the paths it did not, and a
  // catalog that was never published to has no site to build). Also when it failed after writing them (a release
  // it could not tag, an entry replaced under a released version): the site must not show what the catalog no longer holds.
  const published = run.stages.some((s) => s.stage === "catalog-publish" && Number(s.report?.outputs?.[CATALOG_OUTPUTS.published] ?? 0) > 0);
  let siteIndex: string | undefined;
  // The site is built from catalog entries, which only dir: and git: catalogs hold (DataHub, OpenMetadata and
  // Backstage have their own pages for what was published).
  const holdsEntries = ["dir", "git"].includes(parseCatalogTarget(pipeline.catalog, { cwd }).type);
  if (published && outputs.siteDir !== undefined && holdsEntries) {
    // The site shows what the catalog holds now, this release included.
    exitCode = Math.max(exitCode, await catalogBuildCommand({ catalog: pipeline.catalog, out: site, outOption: "--site" }, cwd, progress)) as ExitCode;
    siteIndex = join(outputs.siteDir, "index.html");
  }
  const verdict = verdictOf(parseStageSections(run.comment), PIPELINE_STAGES[event], event);
  writeInert(`\n${plainText(verdict)}\nPR comment markdown: ${markdownFile}\n${siteIndex ? `Catalog site: ${siteIndex}\n` : ""}`, progress);
  if (format !== undefined && !(format === "text" && reportFile === undefined)) reportStages(run.stages, plainText(verdict), run.comment, { format, options, cwd });
  // The pipeline's own exit code: a stage that could not run has no finding to count, yet stops the run (2).
  return exitCode;
}

/**
 * Every stage's findings as one report in `format`: JSON adds the event, the verdict and each stage's
 * outcome; SARIF is one run whose category is the event's (a pull request's stages are not a push's);
 * markdown is the PR comment itself.
 */
function reportStages(stages: readonly StageRun[], verdict: string, comment: string, { format, options, cwd }: { format: ReportFormat; options: CiCommandOptions; cwd: string }): void {
  const event = parseEvent(options.event);
  if (format === "markdown") {
    if (options.output === undefined) writeInert(comment);
    else {
      writeOutputOption(options.output, comment, cwd);
      process.stderr.write(`${singleLine(verdict)}; PR comment written to ${options.output}\n`);
    }
    return;
  }
  const reports = stages.flatMap((s) => (s.report ? [s.report] : []));
  const rules = new Map(reports.flatMap((r) => r.rules.map((rule) => [rule.id, rule] as const)));
  const stopped = stages.filter((s) => s.error !== undefined).map((s) => `${s.stage} could not run: ${singleLine(s.error!)}`);
  // A file that does not parse is an input problem of every stage that reads it: one report says it once.
  report(withoutRepeats(reports.flatMap((r) => r.findings)), Math.max(0, ...reports.map((r) => r.files)), [...rules.values()], `meshkit ci (${event})`, { format, ...(options.output !== undefined ? { output: options.output } : {}), ...(options.failOn !== undefined ? { failOn: options.failOn } : {}) }, cwd, {
    // The stages' own input rules (contract-test's unreadable data, a policy that does not compile): JUnit errors, as their exit 2 says.
    inputRuleIds: reports.flatMap((r) => r.inputRuleIds ?? []),
    suppressed: reports.flatMap((r) => r.suppressed ?? []),
    suppressedInSource: reports.flatMap((r) => r.suppressedInSource ?? []),
    sarifCategory: `ci-${event}`,
    placed: true,
    summary: () => comment,
    ...(stopped.length > 0 ? { error: stopped.join("; ") } : {}),
    extra: {
      event,
      verdict,
      stages: stages.map((s) => ({
        stage: s.stage,
        status: stageStatus(s),
        exitCode: s.exitCode,
        seconds: Number(s.seconds.toFixed(1)),
        ...(s.report ? { summary: summarize(s.report.findings, s.report.files) } : {}),
        ...(s.skipped !== undefined ? { skipped: s.skipped } : {}),
        ...(s.error !== undefined ? { error: singleLine(s.error) } : {}),
      })),
    },
  });
}

/** A stage's outcome in the JSON report, in the PR comment's words. */
function stageStatus(stage: StageRun): "passed" | "failed" | "could not run" | "skipped" {
  if (stage.error !== undefined || stage.exitCode === ExitCode.badInput) return "could not run";
  if (!stage.report) return "skipped";
  return stage.exitCode === ExitCode.ok ? "passed" : "failed";
}

/**
 * What would stop the pipeline half-way, checked before its first stage: a push applies infrastructure
 * before it publishes, and must not apply and then find that the catalog, the release tags or the
 * comment cannot be written; a pull request's stages all run, so a bad --base must not stop them after
 * the first. Returns the notices to print before the stages.
 */
async function checkBeforeStages(pipeline: PipelineOptions, outputs: CiOutputs): Promise<string[]> {
  const missing = missingPaths(pipeline.paths, pipeline.cwd);
  if (missing.length > 0) throw new UsageError(`no such file or folder: ${fileList(missing)}; check the path${missing.length > 1 ? "s" : ""}`);
  // A meshkit.yaml every stage would refuse: said once, before any of them runs.
  const { findings: configProblems } = await loadConfig({ cwd: pipeline.cwd, ...(pipeline.configPath ? { configPath: pipeline.configPath } : {}) });
  if (configProblems[0]) {
    const [first] = configProblems;
    throw new UsageError(`${first.file}:${first.line}:${first.column}: ${first.severity} ${first.ruleId} ${singleLine(first.message)}${configProblems.length > 1 ? ` (and ${plural(configProblems.length - 1, "more problem")})` : ""}`);
  }
  const { checkCatalogReachable, parseCatalogTarget } = await import("@meshkit/catalog");
  if (pipeline.event === "push") {
    const refused = ciRefusesProductionChange();
    if (refused) throw new UsageError(`--event push applies and publishes, and ${refused}; run the pull_request pipeline here`);
  }
  const catalog = parseCatalogTarget(pipeline.catalog, { cwd: pipeline.cwd });
  if (pipeline.event === "push") await checkCatalogReachable(catalog);
  const notices: string[] = [];
  // compat is a pull request's stage: a push has nothing --base would change, and says so rather than seem to use it.
  if (pipeline.event === "push" && pipeline.base !== undefined) notices.push("--base is not used by a push (schema-compat runs on pull requests)");
  if (pipeline.event === "push" && pipeline.tagReleases) {
    if ((await tryResolveCommit("HEAD", pipeline.cwd).catch(() => undefined)) === undefined) {
      throw new UsageError("--event push tags each released version on HEAD, and this is not a git repository with a commit: commit first, or pass --no-tags");
    }
    await checkReleaseBranch(pipeline.cwd);
  }
  if (pipeline.event === "push") {
    const ignored = [outputs.markdownFile, resolve(pipeline.cwd, pipeline.resultsFile), ...(outputs.siteDir ? [outputs.siteDir] : []), ...(catalog.type === "dir" ? [catalog.path] : [])];
    const changed = await uncommittedProjectChanges(pipeline, ignored);
    if (changed.length > 0 && pipeline.tagReleases) {
      throw new UsageError(
        `--event push tags HEAD with each released version, and the project differs from HEAD: ${fileList(changed)}; commit first (a tag must point at what was released), or pass --no-tags`,
      );
    }
    if (changed.length > 0) notices.push(`this push releases uncommitted changes (${fileList(changed)}): what is applied and published is in no commit (--no-tags: nothing is tagged)`);
  }
  if (pipeline.event === "pull_request" && pipeline.base !== undefined) await checkBase(pipeline.base, pipeline.cwd);
  checkWritable(outputs.markdownFile, "--markdown");
  if (outputs.reportFile !== undefined) checkWritable(outputs.reportFile, "--output");
  // A push writes these after provision has applied (and the site after publishing): a path that cannot
  // be written is refused now, not once the infrastructure has changed.
  checkWritable(resolve(pipeline.cwd, pipeline.resultsFile), "--results");
  if (pipeline.event === "push" && outputs.siteDir !== undefined) checkWritable(join(outputs.siteDir, "index.html"), "--site");
  return notices;
}

/**
 * Releases are made from the default branch (the actions refuse any other ref): a push run that tags
 * refuses a named branch that is not it, and a detached HEAD (what GitLab and other CI systems check
 * out) that is not a commit of it. Wherever a GitHub event is named (a workflow run, or a script or container
 * a step starts without GITHUB_ACTIONS) the production gate already checked the event's branch against the
 * default branch its payload names, which a checkout without origin/HEAD cannot tell.
 */
async function checkReleaseBranch(cwd: string): Promise<void> {
  if ((process.env.GITHUB_EVENT_NAME ?? "") !== "") return;
  const branch = await currentBranch(cwd);
  if (branch === undefined) return checkDetachedRelease(cwd);
  // Unknown (no origin/HEAD, no init.defaultBranch): git's two usual default names both stand for it.
  const defaultBranch = await defaultBranchName(cwd);
  if (defaultBranch === undefined ? branch === "main" || branch === "master" : branch === defaultBranch) return;
  throw new UsageError(
    `--event push tags releases, and branch ${branch} is not the default branch (${defaultBranch ?? "main or master"}): releases are made from it; use --event pull_request to check this branch, or --no-tags`,
  );
}

/**
 * A detached HEAD releases only a commit of the default branch (its tip, or an earlier commit when a
 * pipeline is re-run): a tag on a feature branch's commit would be read back as a release. With no
 * default branch in the clone there is nothing to hold it to.
 */
async function checkDetachedRelease(cwd: string): Promise<void> {
  // The default branch as a named branch is judged: origin/HEAD, else init.defaultBranch, else the usual names.
  const named = await defaultBranchName(cwd);
  const target = await defaultBranchTip(cwd, named === undefined ? undefined : [`origin/${named}`, named]);
  if (target === undefined || (await isAncestor("HEAD", target.tip, cwd))) return;
  const head = (await resolveCommit("HEAD", cwd)).slice(0, 12);
  const shallow = (await isShallowRepository(cwd)) ? ", as far as this shallow clone shows (fetch more history if it is one)" : "";
  throw new UsageError(
    `--event push tags releases, and the detached HEAD ${head} is not a commit of the default branch (${target.branch})${shallow}: releases are made from it; use --event pull_request to check this commit, or --no-tags`,
  );
}

/** meshkit's own outputs under the project root: the warehouse and plans (.meshkit/), the lake folders. */
function projectOutputs(root: string): string[] {
  return [join(root, ".meshkit"), join(root, "lake")];
}

/**
 * The project's files that differ from HEAD (display paths): tracked files under the project's folder
 * (or the folders named on the command line) that are modified, staged or deleted, and untracked files
 * the config's document globs select. meshkit's own outputs are left out. Empty outside git.
 */
async function uncommittedProjectChanges(pipeline: PipelineOptions, outputs: readonly string[]): Promise<string[]> {
  const { config } = await loadConfig({ cwd: pipeline.cwd, ...(pipeline.configPath ? { configPath: pipeline.configPath } : {}) });
  let top: string;
  try {
    top = await gitTopLevel(config.root);
  } catch {
    return []; // not a git repository: nothing is tagged, nothing to compare with
  }
  const isDocument = configGlobFilter(config, top);
  // git names paths from its real top level; compare and display from real paths too (a /tmp link).
  const ignored = [...projectOutputs(config.root), ...outputs].map(realPath);
  const cwd = realPath(pipeline.cwd);
  const changed = new Set<string>();
  for (const change of await worktreeChanges(config.root, projectScopes(pipeline, config.root, config.file))) {
    const file = join(top, change.path);
    if (ignored.some((output) => file === output || isInsideFolder(file, output)) || /\.duckdb(?:\.wal)?$/.test(file)) continue;
    if (change.untracked && !isDocument(change.path)) continue;
    changed.add(displayPath(file, cwd));
  }
  return [...changed].sort();
}

/**
 * Where the released content lives: the files and folders named on the command line, with the config
 * file; the project's folder when none is named or a glob is (its base is unknown).
 */
function projectScopes(pipeline: PipelineOptions, root: string, configFile: string | undefined): string[] {
  const named = pipeline.paths.map((path) => resolve(pipeline.cwd, path));
  if (named.length === 0 || !named.every((path) => existsSync(path))) return [root];
  // meshkit.yaml decides how everything is checked: a change to it is a change to the release.
  return configFile ? [...named, configFile] : named;
}

/** The real path of `path`, whose tail may not exist yet (an output not written so far). */
function realPath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    const parent = dirname(path);
    return parent === path ? path : join(realPath(parent), basename(path));
  }
}

/** Up to three paths, then how many more. */
function fileList(paths: readonly string[]): string {
  const shown = paths.slice(0, 3).join(", ");
  return paths.length > 3 ? `${shown} and ${paths.length - 3} more` : shown;
}

/**
 * --base names a folder or file on disk, else a git ref; a ref that is not there (a typo, a tag a
 * shallow clone lacks) is refused now, with the reason compat would give, not after the first stage.
 */
async function checkBase(base: string, cwd: string): Promise<void> {
  if (existsSync(resolve(cwd, base))) return;
  try {
    await resolveCommit(base, cwd);
  } catch (error) {
    if (error instanceof UsageError && / is not in a git repository/.test(error.message)) {
      throw new UsageError(`--base ${base} is not a file or folder, and ${cwd} is not in a git repository where it could be a ref: run meshkit in a clone, or give --base the released contract's file or folder`);
    }
    throw error;
  }
}

function removeStaleOutput(file: string): void {
  // Only a file an earlier run can have written, where writeOutputFile will write: `--markdown /dev/null`
  // names a device (run as root, rm deleted the device node itself), `/dev/stdout` the shell's redirect, and
  // through a symbolic link the comment is the file it leads to (the link stays).
  if (/^\/(?:dev|proc)\//.test(file)) return;
  try {
    if (statSync(file).isFile()) rmSync(realpathSync(file), { force: true });
  } catch {
    // nothing there, a folder, or a place that cannot be written: checkWritable says so before the first stage
  }
}

function parseEvent(event: string | undefined): PipelineEvent {
  const value = event ?? "pull_request";
  if (!Object.hasOwn(PIPELINE_STAGES, value)) throw new UsageError(`unknown --event ${value}; use pull_request or push`);
  return value as PipelineEvent;
}

/**
 * The mark of a stage's line: ✖ only when it failed; ⚠ when it passed with warnings (the verdict says
 * passed, and so must the line); ✔ otherwise.
 */
function stageMark(stage: StageRun, warnings: number): string {
  if (stage.exitCode === ExitCode.badInput) return "⛔";
  if (stage.exitCode !== ExitCode.ok) return "✖";
  return warnings > 0 ? "⚠" : "✔";
}

/** One line per stage; the findings of a stage that did not pass, gcc style, under it. */
function printStage(stage: StageRun, stream: NodeJS.WritableStream): void {
  const seconds = `${stage.seconds.toFixed(1)} s`;
  if (stage.error !== undefined) {
    // What a stage found before it stopped (a catalog that stopped answering part-way) is listed under its line.
    const found = stage.report?.findings.length ? findingLines(stage.report, stage.stage).slice(0, -1).filter((line) => line !== "") : [];
    writeInert(`⛔ ${stage.stage}: could not run (${singleLine(stage.error)}) (${seconds})\n${found.map((line) => `  ${line}\n`).join("")}`, stream);
    return;
  }
  if (!stage.report) {
    writeInert(`⏭ ${stage.stage}: skipped (${stage.skipped ?? ""})\n`, stream);
    return;
  }
  const summary = summarize(stage.report.findings, stage.report.files);
  const lines = findingLines(stage.report, stage.stage);
  const headline = lines.pop() ?? "";
  // A stage whose input could not be processed (exit 2) "could not run", as the PR comment says.
  const label = stage.exitCode === ExitCode.badInput ? `${stage.stage}: could not run,` : `${stage.stage}:`;
  const out = [`${headline.replace(/^(✔|✖)/, () => `${stageMark(stage, summary.warnings)} ${label}`)} (${seconds})`];
  for (const notice of stage.report.notices ?? []) out.push(`  note: ${notice}`);
  // Infos and passes stay in the comment; what needs action is printed.
  if (stage.exitCode !== ExitCode.ok || summary.warnings > 0) for (const line of lines.filter((l) => l !== "")) out.push(`  ${line}`);
  // Names and messages come from the documents: inside GitHub Actions none of them may run as a workflow command.
  writeInert(`${out.join("\n")}\n`, stream);
}

/** A stage's report as text: a gcc-style line per finding, then its summary line (last). */
function findingLines(report: NonNullable<StageRun["report"]>, title: string): string[] {
  // Waived failures (policy-check) are counted on the stage line and listed with its findings, as `meshkit policy` shows them.
  const suppressed = report.suppressed?.length ? { suppressed: report.suppressed } : {};
  const text = renderReport("text", { findings: report.findings, summary: summarize(report.findings, report.files), tool: DEFAULT_TOOL, rules: [...report.rules], title, ...suppressed });
  return text.trimEnd().split("\n");
}

function plainText(markdown: string): string {
  return markdown.replace(/\*\*|`/g, "");
}
