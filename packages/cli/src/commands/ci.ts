/**
 * `meshkit ci`: the whole pipeline locally (or in any CI system), with the verdict and the PR comment
 * markdown the GitHub actions produce. Prints one line per stage, the findings of the stages that did
 * not pass, the verdict, where the comment went and, after a push, the tags and the catalog site.
 */
import { resolve } from "node:path";
import { ExitCode, UsageError, renderReport, summarize, tryResolveCommit, writeFileAtomic } from "@meshkit/core";
import { DEFAULT_TOOL, PIPELINE_STAGES, type PipelineEvent, ciRefusesProductionChange, parseStageSections, verdictOf } from "@meshkit/github";
import { parseFailOn } from "../output.js";
import { type PipelineOptions, type StageRun, runPipeline } from "../pipeline.js";
import { catalogBuildCommand, localPublisher } from "./catalog.js";

export interface CiCommandOptions {
  event?: string;
  base?: string;
  catalog?: string;
  site?: string;
  target?: string;
  now?: string;
  results?: string;
  markdown?: string;
  tags?: boolean;
  failOn?: string;
  config?: string;
}

export const CI_DEFAULTS = {
  catalog: "dir:.meshkit/catalog",
  site: ".meshkit/site",
  results: ".meshkit/ci/contract-test.json",
  /** `<event>` is the event's name: the comments of both events stay side by side. */
  markdown: ".meshkit/ci/<event>.md",
} as const;

export async function ciCommand(paths: string[], options: CiCommandOptions, cwd = process.cwd()): Promise<number> {
  const event = parseEvent(options.event);
  const markdownFile = resolve(cwd, options.markdown ?? CI_DEFAULTS.markdown.replace("<event>", event));
  const pipeline: PipelineOptions = {
    cwd,
    paths,
    event,
    catalog: options.catalog ?? CI_DEFAULTS.catalog,
    resultsFile: options.results ?? CI_DEFAULTS.results,
    failOn: parseFailOn(options.failOn),
    tagReleases: options.tags !== false,
    publisher: await localPublisher(cwd),
    onStage: printStage,
    ...(options.config ? { configPath: options.config } : {}),
    ...(options.base ? { base: options.base } : {}),
    ...(options.target ? { target: options.target as NonNullable<PipelineOptions["target"]> } : {}),
    // Imported only here: @meshkit/quality loads DuckDB, which the stages load when they need it.
    ...(options.now !== undefined ? { now: (await import("@meshkit/quality")).parseAsOf(options.now, "--now") } : {}),
  };
  await checkBeforeStages(pipeline);
  process.stdout.write(`meshkit ci (${event}): ${PIPELINE_STAGES[event].join(" → ")}\n`);
  const run = await runPipeline(pipeline);
  writeFileAtomic(markdownFile, run.comment);

  let exitCode = run.exitCode;
  const published = run.stages.some((s) => s.stage === "catalog-publish" && s.report && s.exitCode === ExitCode.ok);
  let siteIndex: string | undefined;
  if (published && options.site !== "") {
    // The site shows what the catalog holds now, this release included.
    const site = options.site ?? CI_DEFAULTS.site;
    exitCode = Math.max(exitCode, await catalogBuildCommand({ catalog: pipeline.catalog, out: site }, cwd)) as ExitCode;
    siteIndex = resolve(cwd, site, "index.html");
  }
  const verdict = verdictOf(parseStageSections(run.comment), PIPELINE_STAGES[event], event);
  process.stdout.write(`\n${plainText(verdict)}\nPR comment markdown: ${markdownFile}\n`);
  if (siteIndex) process.stdout.write(`Catalog site: ${siteIndex}\n`);
  return exitCode;
}

/**
 * What would stop the pipeline half-way, checked before its first stage: a push applies infrastructure
 * before it publishes, and must not apply and then find that the catalog or the release tags cannot be.
 */
async function checkBeforeStages(pipeline: PipelineOptions): Promise<void> {
  const { checkCatalogReachable, parseCatalogTarget } = await import("@meshkit/catalog");
  if (pipeline.event === "push") {
    const refused = ciRefusesProductionChange();
    if (refused) throw new UsageError(`--event push applies and publishes, and ${refused}; run the pull_request pipeline here`);
  }
  const catalog = parseCatalogTarget(pipeline.catalog, { cwd: pipeline.cwd });
  if (pipeline.event === "push") await checkCatalogReachable(catalog);
  if (pipeline.event === "push" && pipeline.tagReleases && (await tryResolveCommit("HEAD", pipeline.cwd).catch(() => undefined)) === undefined) {
    throw new UsageError("--event push tags each released version on HEAD, and this is not a git repository with a commit: commit first, or pass --no-tags");
  }
}

function parseEvent(event: string | undefined): PipelineEvent {
  const value = event ?? "pull_request";
  if (!Object.hasOwn(PIPELINE_STAGES, value)) throw new UsageError(`unknown --event ${value}; use pull_request or push`);
  return value as PipelineEvent;
}

/** One line per stage; the findings of a stage that did not pass, gcc style, under it. */
function printStage(stage: StageRun): void {
  const seconds = `${stage.seconds.toFixed(1)} s`;
  if (!stage.report) {
    process.stdout.write(`⏭ ${stage.stage}: skipped (${stage.skipped ?? ""})\n`);
    return;
  }
  const summary = summarize(stage.report.findings, stage.report.files);
  const text = renderReport("text", { findings: stage.report.findings, summary, tool: DEFAULT_TOOL, rules: [...stage.report.rules], title: stage.stage });
  const lines = text.trimEnd().split("\n");
  const headline = lines.pop() ?? "";
  process.stdout.write(`${headline.replace(/^(✔|✖)/, (mark) => `${mark} ${stage.stage}:`)} (${seconds})\n`);
  for (const notice of stage.report.notices ?? []) process.stdout.write(`  note: ${notice}\n`);
  // Infos and passes stay in the comment; what needs action is printed.
  if (stage.exitCode !== ExitCode.ok || summary.warnings > 0) for (const line of lines.filter((l) => l !== "")) process.stdout.write(`  ${line}\n`);
}

function plainText(markdown: string): string {
  return markdown.replace(/\*\*|`/g, "");
}
