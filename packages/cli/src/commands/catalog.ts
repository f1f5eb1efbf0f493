import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { UsageError, git, gitTopLevel, isInsideFolder, plural, singleLine } from "@meshkit/core";
import { releaseNotesUnder } from "@meshkit/compat";
import { ciRefusesProductionChange } from "@meshkit/github";
import { CATALOG_RULES, buildCatalogSite, catalogStageReport, catalogTargetFor, catalogFindingLine, nothingToPublishReason, publishToCatalog, readCatalogDocuments, projectInRepository, readQualityRun, readsWholeProject, repositoryLayout, searchCatalogTarget, searchTextOutput } from "@meshkit/catalog";
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
  const { documents, findings, config } = await readCatalogDocuments(paths, { cwd, ...(options.config ? { configPath: options.config } : {}) });
  // The files read, those that could not be too: "1 error in 0 files" would say the error is nowhere.
  if (findings.length > 0) return report(findings, new Set([...documents.map((d) => d.file), ...findings.map((f) => f.file)]).size, CATALOG_RULES, "catalog-publish", options, cwd);
  // Read before the note below: results that cannot be read stop the run, which then published nothing for that reason.
  const results = options.results ? readQualityRun(resolve(cwd, options.results)) : undefined;
  // Contracts are published with their product; given none, say so rather than report a quiet success.
  if (!documents.some((d) => d.kind.type === "DataProduct")) process.stderr.write(`meshkit: nothing to publish: ${nothingToPublishReason(paths)}\n`);
  const productFiles = documents.filter((d) => d.kind.type === "DataProduct").map((d) => resolve(cwd, d.file));
  const checkout = await productsCheckout(productFiles, cwd);
  // The project is named within the products' repository: the config's project when it lies in that checkout, else
  // the checkout's top (a submodule's products, published from the repository around it, are the submodule's top's).
  const projectRoot = productFiles.length === 0 || (await gitTopLevel(config.root).catch(() => "")) === checkout ? config.root : checkout;
  const result = await publishToCatalog({
    target,
    cwd,
    products: documents,
    ...(results ? { results } : {}),
    ...(options.lineageCatalog ? { lineageCatalog: options.lineageCatalog } : {}),
    dryRun: options.dryRun === true,
    publisher: { ...(await localPublisher(checkout, cwd)), project: await projectInRepository(projectRoot) },
    changelogFor: releaseNotesUnder(config.compat),
    // Without paths the whole project is read: every product of the repository.
    wholeRepository: readsWholeProject(paths, cwd, config),
    layout: await repositoryLayout(projectRoot, cwd),
  });
  if (parseFormat(options.format, process.stdout) === "text" && !options.output) {
    writeInert(result.changes.map((change) => `${result.dryRun ? "(dry run) " : ""}${singleLine(change.message)}\n`).join(""));
  }
  const files = new Set(documents.map((d) => d.file)).size;
  return report(result.findings, files, CATALOG_RULES, "catalog-publish", options, cwd, {
    extra: { catalog: result },
    summary: () => catalogStageReport(result, { files, dryRunReason: result.dryRun ? "--dry-run" : undefined }).summary ?? "",
  });
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
  for (const finding of site.findings) process.stderr.write(`${catalogFindingLine(finding)}\n`);
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
    if (options.format === "json" && error instanceof UsageError) process.stdout.write(`${JSON.stringify({ hits: [], findings: [], error: error.message }, null, 2)}\n`);
    throw error;
  }
  const { hits, findings } = searched;
  // A damaged entry is left out of the hits: an error finding (exit 1, as for every command), said on stderr
  // in text, so that "no product matches" is not the whole story.
  const exitCode = findings.some((f) => f.severity === "error") ? 1 : 0;
  if (options.format === "json") {
    process.stdout.write(`${JSON.stringify({ hits, findings }, null, 2)}\n`);
    return exitCode;
  }
  const output = searchTextOutput(text, { hits, findings });
  process.stdout.write(output.stdout);
  process.stderr.write(output.stderr);
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
 * The folder whose git checkout the products come from, for the repository and commit the catalog records and
 * ownership compares: the products' own checkout, not the working directory's — `meshkit publish ../sales/products`
 * run in another checkout would record that one, and then refuse the sales repository its own products. Products in
 * no checkout name their folder (no repository, no commit); products of several checkouts are refused, since each
 * entry records one; without products (nothing to publish), the working directory.
 */
export async function productsCheckout(productFiles: readonly string[], cwd: string): Promise<string> {
  if (productFiles.length === 0) return cwd;
  // One git call per checkout, not per product (a domain repository may hold hundreds): a file inside a checkout
  // already found is that checkout's, unless a checkout nested in it (a submodule, a clone inside the working tree)
  // holds it, whichever of the two was found first.
  const tops = new Set<string>();
  for (const file of productFiles) {
    const dir = dirname(file);
    if ([...tops].some((top) => top !== "" && isInsideFolder(dir, top) && !nestedCheckoutHolds(dir, top))) continue;
    tops.add(await gitTopLevel(dir).catch(() => ""));
  }
  if (tops.size > 1) {
    const named = [...tops].map((top) => top || "(no git checkout)").join(", ");
    throw new UsageError(`the products come from several repositories (${named}): publish each repository's products from its own checkout`);
  }
  const [top] = tops;
  return top || dirname(productFiles[0]!);
}

/**
 * Whether a folder from `dir` up to (not including) the checkout `top` is a checkout's top of its own: it has a
 * `.git` (a folder, or the file a submodule or a linked worktree has), so `dir`'s files are not `top`'s.
 */
function nestedCheckoutHolds(dir: string, top: string): boolean {
  for (let folder = dir; folder !== top && isInsideFolder(folder, top); folder = dirname(folder)) {
    if (existsSync(join(folder, ".git"))) return true;
  }
  return false;
}

/**
 * Who publishes: the repository's remote and commit when there is one (the catalog records them).
 * A variable set but blank (`GITHUB_ACTOR=` in an env file) names no one: git refuses a commit by an empty
 * name, and an empty GITHUB_REPOSITORY would hide the remote the orphan and ownership checks compare.
 * GITHUB_REPOSITORY names the repository checked out where the command runs (`workingDirectory`): products of
 * another checkout (`meshkit publish ../sales/products` in a platform repository's workflow) are that checkout's,
 * named by its remote, or by none — recording the workflow's repository would hand them to it.
 */
export async function localPublisher(checkout: string, workingDirectory: string = checkout): Promise<{ name: string; repo?: string; commit?: string }> {
  const name = process.env.GITHUB_ACTOR?.trim() || process.env.USER?.trim() || "meshkit";
  const commit = (await git(["rev-parse", "HEAD"], checkout).catch(() => "")).trim();
  const fromEnvironment = process.env.GITHUB_REPOSITORY?.trim();
  const repo = (fromEnvironment && (await sameCheckout(checkout, workingDirectory)) ? fromEnvironment : "") || repositoryName((await git(["config", "--get", "remote.origin.url"], checkout).catch(() => "")).trim());
  return { name, ...(repo ? { repo } : {}), ...(commit ? { commit } : {}) };
}

/** Whether two folders lie in the same git checkout (or both in none). */
async function sameCheckout(folder: string, other: string): Promise<boolean> {
  if (folder === other) return true;
  const [top, otherTop] = await Promise.all([folder, other].map((f) => gitTopLevel(f).catch(() => "")));
  return top === otherTop;
}

/**
 * `owner/repo` of a remote URL (https, ssh or scp-like), as GITHUB_REPOSITORY names it, so ownership
 * compares the same text locally and in CI; never the URL itself, which may carry a token.
 */
export function repositoryName(url: string): string {
  const match = /(?:[:/])([^/:]+\/[^/]+?)(?:\.git)?\/?$/.exec(url.replace(/\/\/[^@/]*@/, "//"));
  return match ? match[1]! : "";
}
