import { resolve } from "node:path";
import { UsageError, inertJson, plural, singleLine } from "@meshkit/core";
import { releaseNotesUnder } from "@meshkit/compat";
import { ciRefusesProductionChange } from "@meshkit/github";
import { CATALOG_RULES, CatalogDeliveryError, type PublishResult, buildCatalogSite, catalogStageReport, catalogTargetFor, catalogFindingLine, nothingToPublishReason, publishToCatalog, readCatalogDocuments, productsSource, projectInRepository, readQualityRun, readsWholeProject, repositoryLayout, searchCatalogTarget, searchTextOutput } from "@meshkit/catalog";
import { type ReportOptions, parseFormat, report } from "../output.js";
import { writeInert } from "../workflow-commands.js";

export interface PublishCommandOptions extends ReportOptions {
  catalog?: string;
  results?: string;
  dryRun?: boolean;
  config?: string;
  /**
   * A dir: or git: catalog whose registered products resolve the input ports (lineage for DataHub and
   * Backstage across repositories). Read only: `--lineage-catalog <target>`.
   */
  lineageCatalog?: string;
}

/** `meshkit publish`: the project's products (with their contracts and test results) into a catalog. */
export async function publishCommand(paths: string[], options: PublishCommandOptions, cwd = process.cwd()): Promise<number> {
  const target = await catalogTargetFor(options.catalog, { cwd, ...(options.config ? { configPath: options.config } : {}), missing: MISSING_CATALOG });
  if (options.dryRun !== true) {
    const refused = ciRefusesProductionChange();
    if (refused) throw new UsageError(`publish changes the catalog, and ${refused}; use --dry-run here`);
  }
  const { documents, findings, config, unmatched } = await readCatalogDocuments(paths, { cwd, ...(options.config ? { configPath: options.config } : {}) });
  // The files read, those that could not be too: "1 error in 0 files" would say the error is nowhere.
  if (findings.length > 0) return report(findings, new Set([...documents.map((d) => d.file), ...findings.map((f) => f.file)]).size, CATALOG_RULES, "catalog-publish", options, cwd);
  // Read before the note below: results that cannot be read stop the run, which then published nothing for that reason.
  const results = options.results ? readQualityRun(resolve(cwd, options.results)) : undefined;
  // Contracts are published with their product; given none, say so rather than report a quiet success.
  if (!documents.some((d) => d.kind.type === "DataProduct")) process.stderr.write(`meshkit: nothing to publish: ${nothingToPublishReason(paths)}\n`);
  const source = await productsSource(documents, { cwd, configRoot: config.root });
  const result = await publishToCatalog({
    target,
    cwd,
    products: documents,
    ...(results ? { results } : {}),
    ...(options.lineageCatalog ? { lineageCatalog: options.lineageCatalog } : {}),
    dryRun: options.dryRun === true,
    publisher: { name: publisherName(), ...source.origin, project: await projectInRepository(source.projectRoot) },
    changelogFor: releaseNotesUnder(config.compat),
    // Without paths the whole project is read: every product of the repository.
    wholeRepository: readsWholeProject(paths, cwd, config),
    layout: await repositoryLayout(source.projectRoot, cwd),
  }).catch((error: unknown) => {
    // A catalog service failed for good part-way: what was published before it, which product failed and which were not
    // sent are reported (json: `catalog`, beside `error`) with the findings made so far; then the one-line error, exit 2.
    if (error instanceof CatalogDeliveryError && error.result) reportStoppedPublish(error, error.result, new Set(documents.map((d) => d.file)).size, options, cwd);
    throw error;
  });
  if (parseFormat(options.format, process.stdout) === "text" && !options.output) {
    writeInert(result.changes.map((change) => `${result.dryRun ? "(dry run) " : ""}${singleLine(change.message)}\n`).join(""));
  }
  const files = new Set(documents.map((d) => d.file)).size;
  return report(unmatched ? [unmatched, ...result.findings] : result.findings, files, CATALOG_RULES, "catalog-publish", options, cwd, {
    extra: { catalog: result },
    summary: () => catalogStageReport(result, { files, dryRunReason: result.dryRun ? "--dry-run" : undefined }).summary ?? "",
  });
}

/**
 * The report of a publish a catalog service stopped: machine formats always (a program reads what happened); the others
 * when a warning or error was found before the failure (infos alone would end in a summary line ticked as a success).
 */
function reportStoppedPublish(error: CatalogDeliveryError, result: PublishResult, files: number, options: PublishCommandOptions, cwd: string): void {
  const format = parseFormat(options.format, process.stdout);
  if (format === "text" && !options.output) writeInert(result.changes.map((change) => `${singleLine(change.message)}\n`).join(""));
  if (!["json", "sarif", "junit"].includes(format) && !result.findings.some((f) => f.severity !== "info")) return;
  const catalog = { ...result, published: error.published, failed: error.failed, notPublished: error.notPublished };
  report([...result.findings], files, CATALOG_RULES, "catalog-publish", options, cwd, { extra: { catalog }, error: error.message });
}

/**
 * `meshkit catalog build`: the static catalog site from a catalog; its line goes to `stream` (`meshkit ci`'s beside its stages' lines).
 * `outOption` is the option that named the site folder, for errors (`meshkit ci` passes `--site`).
 */
export async function catalogBuildCommand(options: { catalog?: string; out?: string; config?: string; outOption?: string }, cwd = process.cwd(), stream: NodeJS.WritableStream = process.stdout): Promise<number> {
  const target = await readableCatalog(options, cwd);
  if (!options.out) throw new UsageError("catalog build needs --out <dir> for the site");
  const site = await buildCatalogSite(target, resolve(cwd, options.out), { cwd, outLabel: `${options.outOption ?? "--out"} ${options.out}` });
  stream.write(`catalog site: ${plural(site.products, "product")} (${plural(site.versions, "version")}), ${plural(site.files.length, "file")} in ${options.out} (${site.written.length} written)\n`);
  // Finding lines name the catalog's files, which anyone who publishes names: none may run as a workflow command.
  writeInert(site.findings.map((finding) => `${catalogFindingLine(finding)}\n`).join(""), process.stderr);
  return site.findings.some((f) => f.severity === "error") ? 1 : 0;
}

/** `meshkit catalog search`: products, columns, owners and tags matching a text. */
export async function catalogSearchCommand(text: string, options: { catalog?: string; format?: string; config?: string }, cwd = process.cwd()): Promise<number> {
  let searched: Awaited<ReturnType<typeof searchCatalogTarget>>;
  try {
    searched = await searchCatalogTarget(await readableCatalog(options, cwd), text, { cwd });
  } catch (error) {
    // A program reading -f json gets a document saying why, as every checking command's stopped run does;
    // the one-line error still goes to stderr (exit 2).
    if (options.format === "json" && error instanceof UsageError) process.stdout.write(`${inertJson(JSON.stringify({ hits: [], findings: [], error: error.message }, null, 2))}\n`);
    throw error;
  }
  const { hits, findings } = searched;
  // A damaged entry is left out of the hits: an error finding (exit 1, as for every command), said on stderr
  // in text, so that "no product matches" is not the whole story.
  const exitCode = findings.some((f) => f.severity === "error") ? 1 : 0;
  // Names, purposes and columns are the publishers' words, printed to a CI log: inside GitHub Actions none may run as a
  // workflow command (`::error::…` starting a line, `##[…` anywhere), as for every other command's output.
  if (options.format === "json") {
    process.stdout.write(`${inertJson(JSON.stringify({ hits, findings }, null, 2))}\n`);
    return exitCode;
  }
  const output = searchTextOutput(text, { hits, findings });
  writeInert(output.stdout);
  writeInert(output.stderr, process.stderr);
  return exitCode;
}

const MISSING_CATALOG = "name the catalog with --catalog";

/** The catalog `meshkit ci` publishes to when none is named: a folder of the project. */
export const LOCAL_CATALOG = "dir:.meshkit/catalog";

/**
 * The catalog `catalog build` and `catalog search` read: --catalog, else meshkit.yaml's catalog.target, else
 * the one `meshkit ci` publishes to (so `meshkit catalog search` works right after `meshkit ci --event push`).
 * Only dir: and git: catalogs hold entries to read.
 */
function readableCatalog(options: { catalog?: string; config?: string }, cwd: string): Promise<string> {
  return catalogTargetFor(options.catalog, { cwd, ...(options.config ? { configPath: options.config } : {}), missing: MISSING_CATALOG, forms: "dir:<path> or git:<repo>#<branch>", fallback: LOCAL_CATALOG });
}

/**
 * Who publishes, as the catalog records it: GITHUB_ACTOR, else USER, else meshkit. A variable set but blank
 * (`GITHUB_ACTOR=` in an env file) names no one: git refuses a commit by an empty name. The repository and
 * commit recorded with it are the products' checkout's (`productsSource`).
 */
export function publisherName(env: NodeJS.ProcessEnv = process.env): string {
  return env.GITHUB_ACTOR?.trim() || env.USER?.trim() || "meshkit";
}
