/**
 * The contract-driven pipeline, run in process: what the reusable workflow runs as one job of
 * actions, in the same order, with the same stage reports, so `meshkit ci` gives the same verdict
 * and writes the same PR comment markdown as the actions do on GitHub.
 *
 * - pull_request: lint → compat (against the base) → policy → contract-test → provision plan.
 * - push: provision apply → contract-test → catalog-publish (only if both passed) → release tags.
 *
 * Stage packages are imported when their stage runs, so a failing early stage costs nothing more.
 */
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import {
  ExitCode,
  type FailOn,
  type Finding,
  type LoadedDocument,
  type ReleaseTagOutcome,
  type StageReport,
  StoppedRunError,
  UsageError,
  defaultBranchCandidates,
  exitCodeFor,
  findingKey,
  git,
  INCLUDE_UNMATCHED_RULE,
  INPUT_RULE_IDS,
  isShallowRepository,
  loadConfig,
  mergeBase,
  tagProductReleases,
  tryResolveCommit,
  withReleaseTags,
} from "@meshkit/core";
import {
  DEFAULT_TOOL,
  type PipelineEvent,
  type GithubEvent,
  type ResolvedBase,
  type StageSection,
  baseFromEvent,
  errorStageSection,
  readEvent,
  renderPipelineComment,
  renderStageSection,
  resolveBase,
  skippedStageSection,
} from "@meshkit/github";

export interface PipelineOptions {
  cwd: string;
  paths: string[];
  configPath?: string;
  event: PipelineEvent;
  /** pull_request: what compat compares with (default: where HEAD left the default branch). */
  base?: string;
  /** Where products are published (push) and consumers looked up (pull_request, when it exists). */
  catalog: string;
  /** Provision target (default local: the DuckDB warehouse and the lake folders). */
  target?: "local" | "postgres" | "aws" | "snowflake" | "bigquery";
  /** Judge SLA ages as of this time (sample data taken at a known moment); a push publishes as of it too. */
  now?: Date;
  /**
   * The contract server contract-test reads (`meshkit test --server`): on a push, where the produced data
   * lives (`warehouse` after `-t postgres`). Default: the first local or duckdb server (the sample data).
   */
  server?: string;
  /** Where contract-test writes its results document (the catalog shows it). */
  resultsFile: string;
  failOn: FailOn;
  /**
   * Let provision drop or narrow what holds data. The plan on a pull request is judged as the apply
   * will be: a destructive change approved for the apply passes the plan too (and is listed in it).
   */
  allowDestructive?: boolean;
  /** push: tag each released product version `<product>/v<version>`. */
  tagReleases: boolean;
  /**
   * Who publishes (the catalog records it); the repository and commit recorded with the name are those of the
   * products' checkout (`productsSource`), which need not be the working directory's.
   */
  publisher: { name: string };
  /** Called when a stage finishes (progress on a terminal). */
  onStage?: (stage: StageRun) => void;
  /**
   * Where every output (progress lines, PR comment, report) names files: findings' files as `placeFindings`
   * gives them, and files named in messages as `displayFile` does (the same place). Default: from `cwd`.
   */
  places?: { placeFindings: <F extends Finding>(findings: readonly F[]) => F[]; displayFile: (file: string) => string };
}

export interface StageRun {
  stage: string;
  /**
   * Undefined when the stage was skipped (`skipped` says why) or could not run before it found anything (`error`
   * says why). A stage that stopped after it had findings (`error` set too) has them here.
   */
  report?: StageReport;
  exitCode: ExitCode;
  skipped?: string;
  /** The one-line reason a stage could not run (a bad input only the stage found): exit code 2. */
  error?: string;
  seconds: number;
}

export interface PipelineRun {
  event: PipelineEvent;
  stages: StageRun[];
  /** The worst stage exit code: 2 when an input could not be processed, 1 when a check failed. */
  exitCode: ExitCode;
  /** The PR comment, exactly as the actions would leave it after every stage. */
  comment: string;
  tags: ReleaseTagOutcome[];
}

type StageBody = () => Promise<StageReport>;

export async function runPipeline(options: PipelineOptions): Promise<PipelineRun> {
  const stages: StageRun[] = [];
  const once = saidOnce();
  const run = async (stage: string, body: StageBody): Promise<StageRun> => {
    const started = performance.now();
    const done: StageRun = { ...placed(await reportOrError(stage, async () => once(await body()), options.failOn), options.places?.placeFindings), seconds: (performance.now() - started) / 1000 };
    stages.push(done);
    options.onStage?.(done);
    return done;
  };
  const skip = (stage: string, reason: string) => {
    const done: StageRun = { stage, exitCode: ExitCode.ok, skipped: reason, seconds: 0 };
    stages.push(done);
    options.onStage?.(done);
  };

  let tags: ReleaseTagOutcome[] = [];
  const publishAndTag = async (): Promise<void> => {
    await run("catalog-publish", async () => {
      const report = await publishStage(options);
      // Released: tag each product version, as the catalog-publish action does after publishing. Only when
      // the stage passes as --fail-on judges it: a publish that fails on a warning is not released either.
      if (!options.tagReleases || exitCodeFor(report.findings, options.failOn) !== ExitCode.ok) return report;
      const released = await tagReleasedVersions(options);
      tags = released.tags;
      const { withUntaggedReleases } = await import("@meshkit/catalog");
      return withUntaggedReleases(withLocalTagsNotice(withReleaseTags(report, tags), tags, released.checkoutBeside, released.pushTags), tags, released.documents);
    });
  };
  if (options.event === "pull_request") {
    let linted: StageReport = { findings: [], files: 0, rules: [] };
    await run("contract-lint", async () => (linted = await lintStage(options)));
    // With nothing to compare with, compat did not run: the verdict lists it as skipped, not passed. A base
    // that exists but is not in this clone (a shallow checkout) is a stage that could not run, never a skip.
    const base = options.base ? { ref: options.base, label: options.base } : await pullRequestBase(options.cwd).catch(stageInputError);
    if (base.ref !== undefined) await run("schema-compat", () => compatStage(options, base));
    else if ("error" in base) await run("schema-compat", () => Promise.reject(base.error));
    else skip("schema-compat", base.reason);
    const policies = await policyCheckPlan(options);
    if (policies.skip) skip("policy-check", policies.skip);
    else await run("policy-check", () => policyStage(options));
    // What lint said of the contracts (an SLA property meshkit does not know) is not said again by contract-test.
    await run("contract-test", async () => (await import("@meshkit/quality")).withoutLintRepeats(await contractTestStage(options), linted));
    await run("provision", () => provisionStage(options, "plan"));
  } else {
    // As the workflow runs it: each step only if the one before passed.
    const applied = await run("provision", () => provisionStage(options, "apply"));
    if (applied.exitCode !== ExitCode.ok) {
      skip("contract-test", `not run: provision ${outcomeWord(applied)}`);
      skip("catalog-publish", `not published: provision ${outcomeWord(applied)}`);
    } else {
      const tested = await run("contract-test", () => contractTestStage(options));
      if (tested.exitCode !== ExitCode.ok) skip("catalog-publish", `not published: contract-test ${outcomeWord(tested)}`);
      else await publishAndTag();
    }
  }
  const exitCode = Math.max(...stages.map((s) => s.exitCode)) as ExitCode;
  return { event: options.event, stages, exitCode, comment: renderPipelineComment(stages.map(sectionOf), options.event, FOOTER), tags };
}

/**
 * A filter of the stages' reports, in the order they run, that keeps an `include-unmatched` finding in the first
 * report only: every stage that reads files.include (lint, compat, policy, publish) says it, at the same globs, and
 * the run's output listed it under each (and counted it in each stage's line), where the combined report lists it once.
 */
function saidOnce(): (report: StageReport) => StageReport {
  const said = new Set<string>();
  return (report) => {
    const findings = report.findings.filter((f) => f.ruleId !== INCLUDE_UNMATCHED_RULE.id || !said.has(findingKey(f)));
    for (const f of findings) if (f.ruleId === INCLUDE_UNMATCHED_RULE.id) said.add(findingKey(f));
    return findings.length === report.findings.length ? report : { ...report, findings };
  };
}

/**
 * A stage's report and exit code; a bad input only the stage finds (a `UsageError`) makes it a stage
 * that could not run, as the actions report one: its section says why, the later stages still run
 * (pull_request) or are skipped (push), and the run exits 2. A stage that stopped after it had found
 * things (a `StoppedRunError`: a catalog that stopped answering part-way, an unreachable consumer catalog
 * after compat compared) keeps them as its report beside the reason, as `meshkit publish` and `meshkit
 * compat` report them. An internal error still stops the run.
 */
async function reportOrError(stage: string, body: StageBody, failOn: FailOn): Promise<Omit<StageRun, "seconds">> {
  try {
    const report = await body();
    return { stage, report, exitCode: exitCodeFor(report.findings, failOn, new Set([...INPUT_RULE_IDS, ...(report.inputRuleIds ?? [])])) };
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    if (error instanceof StoppedRunError && error.findings.length > 0) {
      const report: StageReport = { findings: [...error.findings], files: error.files, rules: error.rules };
      return { stage, report, exitCode: ExitCode.badInput, error: error.message };
    }
    return { stage, exitCode: ExitCode.badInput, error: error.message };
  }
}

/** A stage's findings with their files where ci's outputs name them (see PipelineOptions.places). */
function placed(run: Omit<StageRun, "seconds">, place: NonNullable<PipelineOptions["places"]>["placeFindings"] | undefined): Omit<StageRun, "seconds"> {
  if (!place || !run.report) return run;
  const { findings, suppressed, suppressedInSource } = run.report;
  return { ...run, report: { ...run.report, findings: place(findings), ...(suppressed ? { suppressed: place(suppressed) } : {}), ...(suppressedInSource ? { suppressedInSource: place(suppressedInSource) } : {}) } };
}

/**
 * How a stage that stopped the push ended, for the skipped stages' reason: "could not run" whenever its
 * exit code says an input could not be processed, whether it threw (`error`) or reported the input
 * finding itself (no data for contract-test: `quality-data-unreadable`), as its own line and section say.
 */
function outcomeWord(stage: StageRun): string {
  return stage.error !== undefined || stage.exitCode === ExitCode.badInput ? "could not run" : "failed";
}

const FOOTER = `<sub>[meshkit](${DEFAULT_TOOL.informationUri ?? "https://github.com/meshkit/meshkit"}) ${DEFAULT_TOOL.version}</sub>`;

function sectionOf(stage: StageRun): StageSection {
  if (stage.error !== undefined) return errorStageSection(stage.stage, stage.error, undefined, stage.report ? { report: stage.report, tool: DEFAULT_TOOL } : undefined);
  if (stage.report) return renderStageSection(stage.stage, stage.report, stage.exitCode, DEFAULT_TOOL);
  return skippedStageSection(stage.stage, stage.skipped ?? "skipped");
}

/** How the stages whose messages name files name them (see PipelineOptions.places). */
function displayFileOf(options: PipelineOptions): { displayFile?: (file: string) => string } {
  return options.places ? { displayFile: options.places.displayFile } : {};
}

function common(options: PipelineOptions) {
  return { cwd: options.cwd, paths: options.paths, ...(options.configPath ? { configPath: options.configPath } : {}) };
}

async function lintStage(options: PipelineOptions): Promise<StageReport> {
  const { LINT_RULES, lintPaths } = await import("@meshkit/lint");
  const { findings, suppressed, files } = await lintPaths(options.paths, { ...common(options), ...displayFileOf(options) });
  // What a `meshkit-disable` comment silenced, as `meshkit lint` and the action keep it (SARIF's in-source suppressions).
  return { findings, files, rules: LINT_RULES, suppressedInSource: suppressed };
}

async function compatStage(options: PipelineOptions, base: { ref: string; label: string }): Promise<StageReport> {
  const { compatStageReport, runCompat } = await import("@meshkit/compat");
  const consumers = await catalogConsumersIfAny(options);
  const run = await runCompat({ ...common(options), ...displayFileOf(options), base: base.ref, ...(consumers ? { consumers } : {}) });
  return compatStageReport(run, base.label);
}

/** Whether policy-check has anything to check against: meshkit.yaml may opt out with `policy.packs: []`. */
async function policyCheckPlan(options: PipelineOptions): Promise<{ skip?: string }> {
  const [{ hasPolicies }, { config, findings }] = await Promise.all([import("@meshkit/policy"), loadConfig(common(options))]);
  // A config that does not load is the stage's own finding to report.
  if (findings.length > 0 || hasPolicies(config, {})) return {};
  return { skip: "meshkit.yaml sets policy.packs: [] and no OPA server" };
}

async function policyStage(options: PipelineOptions): Promise<StageReport> {
  const { policyStageReport, runPolicy } = await import("@meshkit/policy");
  return policyStageReport(await runPolicy(common(options)));
}

async function contractTestStage(options: PipelineOptions): Promise<StageReport> {
  const { contractTestStageReport, testContracts } = await import("@meshkit/quality");
  const run = await testContracts({ ...common(options), ...(options.now ? { now: options.now } : {}), ...(options.server !== undefined ? { server: options.server } : {}) });
  // The checks table names each contract's file as the findings are named (the action does the same).
  return contractTestStageReport(run, resolve(options.cwd, options.resultsFile), options.places ? { fileLabel: options.places.displayFile } : {});
}

async function provisionStage(options: PipelineOptions, mode: "plan" | "apply"): Promise<StageReport> {
  const [{ POLICY_INPUT_RULES, checkInfrastructureDocuments }, { provisionStageReport, runProvision }] = await Promise.all([import("@meshkit/policy"), import("@meshkit/provision")]);
  const run = await runProvision({
    ...common(options),
    ...displayFileOf(options),
    mode,
    ...(options.target ? { target: options.target } : {}),
    ...(options.allowDestructive ? { allowDestructive: true } : {}),
    // Rendered and planned infrastructure goes through the same policy packs as the documents.
    policyCheck: (documents) => checkInfrastructureDocuments(documents, common(options)),
  });
  return provisionStageReport(run, POLICY_INPUT_RULES);
}

async function publishStage(options: PipelineOptions): Promise<StageReport> {
  const { catalogStageReport, nothingToPublish, parseCatalogTarget, productsSource, projectInRepository, publishToCatalog, readCatalogDocuments, readQualityRun, readsWholeProject, repositoryLayout, unreadableDocuments } = await import("@meshkit/catalog");
  const spec = parseCatalogTarget(options.catalog, { cwd: options.cwd });
  const { documents, findings, config, unmatched } = await readCatalogDocuments(options.paths, common(options));
  if (findings.length > 0) return unreadableDocuments(spec, findings);
  if (!documents.some((d) => d.kind.type === "DataProduct")) return nothingToPublish(spec, options.paths, unmatched);
  const source = await productsSource(documents, { cwd: options.cwd, configRoot: config.root });
  const result = await publishToCatalog({
    target: spec.text,
    cwd: options.cwd,
    products: documents,
    results: readQualityRun(resolve(options.cwd, options.resultsFile)),
    dryRun: false,
    // --now is the run's clock: a rerun on the same sample (`npm run demo`) records the same publication times.
    publisher: { ...options.publisher, ...source.origin, ...(options.now ? { now: options.now } : {}), project: await projectInRepository(source.projectRoot) },
    changelogFor: (await import("@meshkit/compat")).releaseNotesUnder(config.compat),
    wholeRepository: readsWholeProject(options.paths, options.cwd, config),
    layout: await repositoryLayout(source.projectRoot, options.cwd),
  });
  return catalogStageReport(result, { files: new Set(documents.map((d) => d.file)).size, dryRunReason: undefined });
}

/**
 * The consumers registered in the catalog; none for a dir catalog that does not exist yet (the first
 * run, before anything was published) or a catalog that holds no entries (DataHub, ...).
 */
async function catalogConsumersIfAny(options: PipelineOptions) {
  const { catalogConsumers, parseCatalogTarget } = await import("@meshkit/catalog");
  const spec = parseCatalogTarget(options.catalog, { cwd: options.cwd });
  if (spec.type === "git" || (spec.type === "dir" && existsSync(spec.path))) return catalogConsumers(spec, { cwd: options.cwd });
  return undefined;
}

/**
 * The branches a pull request may target, in the order they are tried, by the names people know them by
 * (`origin/main`, `main`): core's defaultBranchCandidates, which the pre-push hook judges by too, with the
 * local branches after the remote's (a repository with no remote).
 */
async function defaultBranches(cwd: string): Promise<string[]> {
  return (await defaultBranchCandidates(cwd, { local: true })).map((ref) => ref.replace(/^refs\/(remotes|heads)\//, ""));
}

/**
 * The first of `branches` (by default the branches that may be the default one) this clone has, and its tip;
 * undefined when it has none.
 */
export async function defaultBranchTip(cwd: string, branches?: readonly string[]): Promise<{ branch: string; tip: string } | undefined> {
  for (const branch of branches ?? (await defaultBranches(cwd))) {
    const tip = await tryResolveCommit(branch, cwd);
    if (tip !== undefined) return { branch, tip };
  }
  return undefined;
}

/** What the event-base messages tell a `meshkit ci` user to do (the action's wording names its `base` input). */
const ASK_FOR_BASE_OPTION = "pass --base <ref|dir> to compare with (e.g. `--base origin/main` or a release tag)";

/** Events whose payload names the commit a change is compared with (see `baseFromEvent`). */
const EVENTS_WITH_BASE = new Set(["pull_request", "pull_request_target", "merge_group", "push"]);

/**
 * What a pull request compares with. Inside GitHub Actions (in a git checkout) the event names the base
 * commit, which is fetched into actions/checkout's shallow clone when missing, as the schema-compat
 * action does: the branches a shallow clone has say nothing about where HEAD left them. Elsewhere, or
 * when the payload names no base: where HEAD left the default branch.
 */
export async function pullRequestBase(cwd: string): Promise<ResolvedBase> {
  const event = process.env.GITHUB_ACTIONS === "true" ? readEvent() : undefined;
  if (event && EVENTS_WITH_BASE.has(event.name) && namesBase(event) && (await tryResolveCommit("HEAD", cwd).catch(() => undefined)) !== undefined) {
    // As the action chooses it: where HEAD forked from the event's base, when HEAD is a pull request's head.
    return resolveBase({ input: "", event: () => event, cwd, askForBase: ASK_FOR_BASE_OPTION });
  }
  return defaultBranchBase(cwd);
}

function namesBase(event: GithubEvent): boolean {
  try {
    baseFromEvent(event);
    return true;
  } catch (error) {
    if (error instanceof UsageError) return false;
    throw error;
  }
}

/** A bad input found while choosing the base: the compat stage could not run. */
function stageInputError(error: unknown): { ref: undefined; error: UsageError } {
  if (error instanceof UsageError) return { ref: undefined, error };
  throw error;
}

/** Where HEAD left the default branch (the pull request's base), or why there is nothing to compare with. */
async function defaultBranchBase(cwd: string): Promise<ResolvedBase> {
  let head: string | undefined;
  try {
    head = await tryResolveCommit("HEAD", cwd);
  } catch {
    head = undefined; // not a repository at all
  }
  if (head === undefined) return { ref: undefined, reason: "nothing to compare with: not a git repository with a commit (pass --base <ref|dir>)" };
  let unrelated: string | undefined;
  const branches = await defaultBranches(cwd);
  for (const branch of branches) {
    const tip = await tryResolveCommit(branch, cwd);
    if (tip === undefined) continue;
    const base = await mergeBase(tip, head, cwd);
    if (base !== undefined && base !== head) return { ref: base, label: `${base.slice(0, 12)} (where HEAD left ${branch})` };
    // HEAD is on the default branch (its tip, a new branch without commits, or an earlier commit checked
    // out detached): what a pull request would bring is the working tree's uncommitted changes.
    if (base === head) return { ref: head, label: uncommittedLabel(head, tip, branch) };
    unrelated ??= branch;
  }
  if (unrelated !== undefined) {
    // The branch is here but shares no commit with HEAD: in a shallow clone the history that joins them
    // was not fetched. Skipping would pass a breaking change unseen.
    const why = (await isShallowRepository(cwd))
      ? `this shallow clone has no commit that HEAD and ${unrelated} share: fetch their history (\`git fetch --unshallow\`; actions/checkout: \`fetch-depth: 0\`)`
      : `HEAD shares no commit with ${unrelated} (unrelated histories)`;
    throw new UsageError(`cannot tell where HEAD left the default branch: ${why}, or pass --base <ref|dir>`);
  }
  const looked = `no default branch here (looked for ${branches.join(", ")})`;
  // A CI checkout of one branch (GitLab's shallow clone, `git clone --single-branch`) has origin's history in
  // part, but not the branch a change merges into: the base exists, it was only not fetched. Skipping would pass
  // a breaking change unseen; only a repository that never had a default branch has nothing to compare with.
  const shallow = await isShallowRepository(cwd);
  const partial = shallow ? "this is a shallow clone" : (await hasRemoteBranches(cwd)) ? "this clone has branches of origin but none of these (a single-branch checkout, or a default branch renamed: `git remote set-head origin --auto` records it)" : undefined;
  if (partial !== undefined) {
    // In a shallow clone the default branch alone is not enough: HEAD's history stops at its own commit, so
    // the commit where it left the branch is found only once that history is fetched too (--unshallow).
    const fetch = `git fetch${shallow ? " --unshallow" : ""} origin +refs/heads/<branch>:refs/remotes/origin/<branch>`;
    throw new UsageError(
      `cannot tell what the change merges into: ${looked}, and ${partial}: fetch the default branch (\`${fetch}\`; actions/checkout: \`fetch-depth: 0\`), or pass --base <ref|dir>`,
    );
  }
  return { ref: undefined, reason: `nothing to compare with: ${looked}; pass --base <ref|dir>` };
}

/** Whether the clone has any remote-tracking branch of origin (it was cloned or fetched from it). */
async function hasRemoteBranches(cwd: string): Promise<boolean> {
  return (await git(["for-each-ref", "--count=1", "--format=%(refname)", "refs/remotes/origin/"], cwd)).trim() !== "";
}

/**
 * What compat compared with when that is HEAD: the label names the commit actually compared, and says
 * "is <branch>" only when HEAD is that branch's tip, not an earlier commit of it (a detached checkout).
 */
export function uncommittedLabel(head: string, tip: string, branch: string): string {
  if (head === tip) return `HEAD (the uncommitted changes; HEAD is ${branch})`;
  return `HEAD ${head.slice(0, 12)} (the uncommitted changes; HEAD is an earlier commit of ${branch}, not its tip)`;
}

/**
 * Tags each product's released version on HEAD (`<product id>/v<version>`), never moving a tag; with the products
 * tagged. HEAD of the products' checkout, the commit the catalog records: products of another repository checked
 * out beside the working directory's are released in that repository, not in this one.
 */
async function tagReleasedVersions(options: PipelineOptions): Promise<{ tags: ReleaseTagOutcome[]; documents: LoadedDocument[]; checkoutBeside: string; pushTags: string }> {
  // The contracts too, as the publish read them (a product named without its contracts brings those from the rest
  // of the project): a version whose contract changed since its tag is not the release the tag marks.
  const { checkoutBesideWorkingDirectory, gitCommandIn, productsCheckout, readCatalogDocuments } = await import("@meshkit/catalog");
  const { documents } = await readCatalogDocuments(options.paths, common(options));
  const products = documents.filter((d) => d.kind.type === "DataProduct");
  const checkout = await productsCheckout(products.map((d) => resolve(options.cwd, d.file)), options.cwd);
  const checkoutBeside = checkoutBesideWorkingDirectory(checkout, options.cwd);
  return { tags: await tagProductReleases(documents, checkout), documents, checkoutBeside, pushTags: `${gitCommandIn(checkoutBeside)} push origin --tags` };
}

/**
 * `meshkit ci` tags in the local repository only (the catalog-publish action pushes its tags with its token;
 * ci has none to push with): a team that expects the release on origin learns how to share the new tags, which
 * `--base <id>/v<version>` and the pre-push hook on other clones compare with.
 */
function withLocalTagsNotice(report: StageReport, tags: readonly ReleaseTagOutcome[], checkoutBeside: string, pushTags: string): StageReport {
  const created = tags.filter((t) => t.outcome === "created").length;
  if (created === 0) return report;
  // Products of another checkout are tagged there (`checkoutBeside`), so that is where the push runs (`pushTags`).
  const where = checkoutBeside === "" ? "this repository" : `the checkout ${checkoutBeside}`;
  const notice = `the release tag${created === 1 ? " is" : "s are"} in ${where} only: ${pushTags} publishes ${created === 1 ? "it" : "them"}`;
  return { ...report, notices: [...(report.notices ?? []), notice] };
}
