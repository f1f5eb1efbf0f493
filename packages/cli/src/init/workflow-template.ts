/**
 * meshkit's PR-to-production pipeline as a GitHub Actions workflow. ONE template renders both files that
 * carry it, so they cannot drift apart:
 *
 * - `reusableWorkflow()`: this repository's `.github/workflows/data-product.yml` (`on: workflow_call`),
 *   which a domain repository calls in a few lines; every setting is a documented input or secret;
 * - `domainWorkflow()`: the `.github/workflows/data-product.yml` that `meshkit init domain` writes, the
 *   same jobs and steps with the domain's values written in (it calls the actions one by one, so a team
 *   can read, and change, every step). For a domain that is a folder of a bigger repository (`folder`),
 *   the `.github/workflows/data-product-<domain>.yml` at that repository's top: every stage runs in the
 *   folder (`working-directory`), only changes under it (or to the workflow) run it, and its concurrency
 *   groups are the domain's own, so two domains' runs never cancel or replace each other.
 *
 * The jobs:
 * - `checks` (pull_request, and merge_group: a repository with a merge queue requires the same status on the
 *   queue's commit, and a required check that never reports there holds every pull request in the queue):
 *   checkout (full history: the base commit and the release tags) ->
 *   contract-lint -> schema-compat -> policy-check -> contract-test (sample data) -> provision plan. Every
 *   stage after the first runs `if: !cancelled()` (once the checkout succeeded), so each one reports in
 *   the job and in meshkit's one sticky PR comment even when an earlier stage failed. `pull-requests:
 *   write` for that comment; fork pull requests get a read-only token and the comment falls back to the
 *   job summary.
 * - `release` (push, or a manual run, on the default branch): provision apply -> contract-test on what
 *   apply produced (its results kept as a one-day artifact). `contents: read` only: the warehouse
 *   credentials, Terraform and its providers never share a job with a token that may write to the
 *   repository, and the steps get no GitHub token at all (`github-token: ""`). A `concurrency` group per
 *   project (the reusable workflow's working-directory, a folder's domain) never cancels a running apply,
 *   nor another project's pending one, and an optional `environment` for
 *   protection rules (required reviewers, wait timers).
 * - `publish` (after `release` passed): catalog-publish with those results, which then tags each released
 *   contract and product version `<id>/v<version>`. The only job with `contents: write` (the catalog
 *   branch and the tags), and it runs no third-party code but checkout and download-artifact. Its
 *   concurrency group is per project and commit: a commit that was applied is always published, never replaced.
 *
 * Pushes to the default branch: no run is ever cancelled by the workflow-level group (it is per commit
 * there). GitHub keeps one pending run per job-level group and replaces it with a newer one, so of pushes
 * that land while an apply runs only the newest is applied next: it applies the newest contracts, which
 * include the skipped commits' changes (apply is declarative), tests and publishes them. A version that
 * only ever existed on a skipped commit is not tagged: it never reached production.
 *
 * Hardening (test/workflows.test.ts checks every workflow of the repository, and these rendered ones):
 * `permissions: {}` at the top and least privilege per job, third-party actions pinned by commit SHA,
 * `persist-credentials: false` everywhere (catalog-publish pushes the release tags with the token it is
 * given, as a header, so no step finds one in .git/config), no `${{ }}` inside a `run:` script (the one
 * script, which names the results artifact, reads its value from `env:`), no `pull_request_target`,
 * secrets only through a step's `env:` or `with:`, never printed.
 */
import { lines, scalar } from "./yaml-text.js";

/**
 * Third-party actions, pinned by full commit SHA with the release in a comment (Dependabot updates both).
 * A tag can be moved to other code; a commit cannot.
 */
export const PINNED_ACTIONS = {
  checkout: { uses: "actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683", version: "v4.2.2" },
  setupNode: { uses: "actions/setup-node@49933ea5288caeca8642d1e84afbd3f7d6820020", version: "v4.4.0" },
  uploadArtifact: { uses: "actions/upload-artifact@ea165f8d65b6e75b540449e92b4886f43607fa02", version: "v4.6.2" },
  downloadArtifact: { uses: "actions/download-artifact@d3f86a106a0bac45b974a628896c90dbdf5c8093", version: "v4.3.0" },
} as const;

/** The meshkit stages of a pull request, in order: `<actions repo>/actions/<stage>@<ref>`. */
export const PULL_REQUEST_STAGES = ["contract-lint", "schema-compat", "policy-check", "contract-test", "provision"] as const;
/** The stages of a push to the default branch, in order: the `release` job's, then the `publish` job's. */
export const RELEASE_STAGES = ["provision", "contract-test", "catalog-publish"] as const;
/** Which job of a push runs each release stage: the write token is only in `publish`. */
export const RELEASE_JOBS = { release: ["provision", "contract-test"], publish: ["catalog-publish"] } as const;

/** Where contract-test writes its results on the release job, for catalog-publish to publish them. */
export const RELEASE_RESULTS_FILE = ".meshkit/contract-test.json";
/** The artifact that carries them from the release job to the publish job (the reusable workflow adds a per-project suffix). */
export const RESULTS_ARTIFACT = "meshkit-contract-test";
/** The events the `checks` job runs on: pull requests, and the commits of a merge queue. */
const ON_CHECKED_EVENT = "github.event_name == 'pull_request' || github.event_name == 'merge_group'";
/** A stage that needs no GitHub token gets none (an empty input is passed as it is; the default is not used). */
const NO_GITHUB_TOKEN: [string, string, string] = ["github-token", '""', "nothing here writes to GitHub"];

/** An input of the reusable workflow (`on.workflow_call.inputs`). */
export interface WorkflowInput {
  name: string;
  type: "string" | "boolean";
  default: string | boolean;
  description: string;
}

/** The reusable workflow's inputs, in the order they are documented. */
export const REUSABLE_INPUTS: readonly WorkflowInput[] = [
  { name: "working-directory", type: "string", default: ".", description: "Folder of the domain's meshkit project (its meshkit.yaml), relative to the repository root." },
  { name: "paths", type: "string", default: "", description: "Contracts and products to check, as files, folders or globs separated by spaces or newlines, relative to working-directory. Empty - every document meshkit.yaml's files globs select." },
  { name: "config", type: "string", default: "", description: "meshkit.yaml to use, relative to working-directory. Empty - the nearest meshkit.yaml upwards." },
  { name: "fail-on", type: "string", default: "error", description: "Lowest severity that fails a stage - error or warning." },
  { name: "compat-mode", type: "string", default: "", description: "schema-compat mode - none, backward, forward, full or a -transitive variant. Empty - compat.mode of meshkit.yaml, else forward." },
  { name: "compat-catalog", type: "string", default: "", description: "A catalog (dir:<folder> or git:<repository>#<branch>) in which schema-compat looks up the consumers a breaking change reaches. Empty - no consumer lookup." },
  { name: "test-server", type: "string", default: "", description: "Pull requests - the contract server contract-test reads, by name. Empty - each contract's first local or duckdb server (its sample data)." },
  { name: "as-of", type: "string", default: "", description: "Judge SLA ages as of this ISO 8601 time (when the sample data was taken). Empty - now." },
  { name: "provision-target", type: "string", default: "", description: "provision target - local (DuckDB file and lake folders), postgres, aws, snowflake or bigquery. Empty - meshkit.yaml's provision.target, else local." },
  { name: "provision-server", type: "string", default: "", description: "postgres target - the contract server to provision, by name. Empty - each contract's environment: prod postgres server, else its first. Refused (exit 2) with any other target." },
  { name: "allowed-hosts", type: "string", default: "", description: "Host names the warehouse, OPA, catalog and Pushgateway credentials may be sent to (MESHKIT_ALLOWED_HOSTS), comma-separated - db.example.com, host:port, *.example.com. A pull request's contract or meshkit.yaml cannot add one. Empty - any host they name." },
  { name: "allow-destructive", type: "boolean", default: false, description: "Let provision drop tables or columns, narrow types or destroy resources - the apply on the default branch, and the pull request's plan, judged as the apply will be. Set it for the change that needs it." },
  { name: "output-test-server", type: "string", default: "", description: "Default branch - the server contract-test reads after apply (the produced output, e.g. the postgres server). Empty - the same as test-server." },
  { name: "catalog", type: "string", default: "", description: "Where catalog-publish registers the products - dir:, git:<repository>#<branch>, datahub:, openmetadata: or backstage:. Empty - the catalog branch of this repository (git:<server>/<repository>.git#catalog, written with the job's token)." },
  { name: "tag-releases", type: "boolean", default: true, description: "After publishing, tag each released product version <product id>/v<version>, so later compat runs compare with released versions." },
  { name: "pr-comment", type: "boolean", default: true, description: "On pull requests, write each stage's section of meshkit's one sticky PR comment (fork pull requests - the job summary only)." },
  { name: "environment", type: "string", default: "", description: "GitHub environment of the apply job (release), for its protection rules (required reviewers, wait timer) and environment secrets. Empty - none." },
  { name: "runs-on", type: "string", default: "ubuntu-latest", description: "Runner label of every job - an x64 Linux runner: contract-test and provision bundle DuckDB for Linux x64 only." },
];

/** The reusable workflow's secrets; all optional. */
export const REUSABLE_SECRETS: readonly { name: string; description: string }[] = [
  { name: "catalog-token", description: "Token for the catalog - a token that may push to a git catalog repository, or the DataHub / OpenMetadata bearer token. Not needed for this repository's own catalog branch (the job's token is used)." },
  { name: "warehouse-user", description: "postgres target - the user that applies (MESHKIT_POSTGRES_USER), also used by contract-test after apply." },
  { name: "warehouse-password", description: "postgres target - its password (MESHKIT_POSTGRES_PASSWORD)." },
  { name: "warehouse-plan-user", description: "postgres target - a read-only user for the plan on pull requests. Empty - warehouse-user." },
  { name: "warehouse-plan-password", description: "postgres target - its password. Empty - warehouse-password." },
];

/** The values `meshkit init domain` writes into its workflow where the reusable one has inputs. */
export interface DomainWorkflowValues {
  /** `as-of` of contract-test: when the sample rows were taken. */
  asOf: string;
  /** The branch whose pushes apply and publish. */
  defaultBranch?: string;
  /** The domain is a folder of a bigger repository, and the workflow sits at that repository's top. */
  folder?: DomainFolder;
}

/** A domain in a folder of a bigger repository (a monorepo's `domains/sales`). */
export interface DomainFolder {
  /** The domain's name: in the workflow's name and its concurrency groups. */
  domain: string;
  /** The folder, relative to the repository's top, `/`-separated: every stage's `working-directory`. */
  path: string;
  /** The workflow's own path from the top (`.github/workflows/data-product-<domain>.yml`): changing it runs it too. */
  workflowFile: string;
}

export interface PipelineWorkflowOptions {
  /** `owner/repo` hosting the meshkit actions (a platform team may run its own fork). */
  actionsRepo?: string;
  /** The release of the actions: the moving major tag (`v1`) or a commit SHA. */
  actionsRef?: string;
}

type Variant = { kind: "reusable" } | ({ kind: "domain" } & Required<Omit<DomainWorkflowValues, "folder">> & Pick<DomainWorkflowValues, "folder">);

/** `.github/workflows/data-product.yml` of the meshkit repository: the pipeline as a reusable workflow. */
export function reusableWorkflow(options: PipelineWorkflowOptions = {}): string {
  return renderPipelineWorkflow({ kind: "reusable" }, options);
}

/** `.github/workflows/data-product.yml` of a domain repository made by `meshkit init domain`. */
export function domainWorkflow(values: DomainWorkflowValues, options: PipelineWorkflowOptions = {}): string {
  return renderPipelineWorkflow({ kind: "domain", asOf: values.asOf, defaultBranch: values.defaultBranch ?? "main", ...(values.folder ? { folder: values.folder } : {}) }, options);
}

/** One `with:` (or `env:`) entry; `undefined` leaves it out (the action's default applies). */
type Entry = [key: string, value: string | undefined, comment?: string];

function renderPipelineWorkflow(variant: Variant, options: PipelineWorkflowOptions): string {
  const reusable = variant.kind === "reusable";
  const actionsRepo = options.actionsRepo ?? "meshkit/meshkit";
  const actionsRef = options.actionsRef ?? "v1";
  const input = (name: string): string => `\${{ inputs.${name} }}`;
  /** The reusable workflow passes its input; the domain workflow leaves the action's default. */
  const passed = (name: string): string | undefined => (reusable ? input(name) : undefined);
  /** A domain in a folder of a bigger repository: every stage runs there. */
  const folder = reusable ? undefined : variant.folder;
  /** A path below the project's folder, for the steps that take no `working-directory` (the artifacts). */
  const inProject = (path: string): string => (reusable ? `${input("working-directory")}/${path}` : folder ? scalar(`${folder.path}/${path}`) : path);
  /**
   * What a project's own concurrency groups add, so that two projects' runs never cancel or replace each other:
   * GitHub keeps one pending job per group and cancels it when another queues, so with one group for the
   * repository, the third of three calls (a matrix of working-directories) cancelled the second's apply.
   */
  const groupOf = reusable ? `${input("working-directory")}-` : folder ? `${folder.domain}-` : "";
  const common: Entry[] = [
    ["working-directory", reusable ? input("working-directory") : folder && scalar(folder.path)],
    ["paths", passed("paths")],
    ["config", passed("config")],
    ["fail-on", passed("fail-on")],
  ];
  const prComment: Entry[] = [["pr-comment", passed("pr-comment")]];
  const asOf: Entry = reusable ? ["as-of", input("as-of")] : ["as-of", scalar(variant.asOf), "when the sample rows were taken (see README)"];
  // Without one, the provision action takes meshkit.yaml's provision.target (else the embedded local warehouse).
  const target: Entry = reusable ? ["target", input("provision-target")] : ["target", undefined];
  const credentials = (kind: "plan" | "apply"): Entry[] =>
    reusable
      ? [
          ["MESHKIT_POSTGRES_USER", kind === "plan" ? "${{ secrets.warehouse-plan-user || secrets.warehouse-user }}" : "${{ secrets.warehouse-user }}"],
          ["MESHKIT_POSTGRES_PASSWORD", kind === "plan" ? "${{ secrets.warehouse-plan-password || secrets.warehouse-password }}" : "${{ secrets.warehouse-password }}"],
        ]
      : [];
  const credentialsHint = reusable ? [] : ["# target: postgres reads MESHKIT_POSTGRES_USER / MESHKIT_POSTGRES_PASSWORD from the step's env: (secrets)"];
  const uses = (stage: string): string => `${actionsRepo}/actions/${stage}@${actionsRef}`;
  const onDefaultBranch = reusable
    ? // Only the repository's default branch: provision and catalog-publish refuse any other (productionGate), so
      // an input naming another branch could only make the job run and then stop at a dry run.
      "github.ref == format('refs/heads/{0}', github.event.repository.default_branch)"
    : // (a `'` in a branch name is doubled, as GitHub's expressions escape it)
      `github.ref == 'refs/heads/${variant.defaultBranch.replace(/'/g, "''")}'`;
  const afterCheckout = "${{ !cancelled() && steps.checkout.outcome == 'success' }}";
  const onDefaultBranchPush = `(github.event_name == 'push' || github.event_name == 'workflow_dispatch') && ${onDefaultBranch}`;

  const checkout = (comment: string): string[] => [
    "      - id: checkout",
    `        uses: ${PINNED_ACTIONS.checkout.uses} # ${PINNED_ACTIONS.checkout.version}`,
    "        with:",
    `          fetch-depth: 0 # ${comment}`,
    "          persist-credentials: false # the stages use the token they are given, never a stored one",
  ];

  const checksJob = lines(
    "  checks:",
    "    # Pull requests (and a merge queue's commits): every stage reports, in the job and in meshkit's one sticky PR comment.",
    "    name: checks",
    // merge_group too: with a merge queue, a required `checks` status must also report on the queue's merge
    // commit (schema-compat compares it with merge_group.base_sha); release never runs there (not a push).
    `    if: ${ON_CHECKED_EVENT}`,
    `    runs-on: ${reusable ? input("runs-on") : "ubuntu-latest"}`,
    "    timeout-minutes: 30",
    "    permissions:",
    "      contents: read",
    "      pull-requests: write # the sticky PR comment (read-only on forks: the job summary instead)",
    ...(reusable
      ? [
          "    # A new push to the pull request cancels the checks of the previous one, of the same calling",
          "    # workflow and project only: two calls (two working-directories, two callers) must not cancel each other.",
          "    concurrency:",
          "      group: meshkit-checks-${{ github.workflow }}-${{ inputs.working-directory }}-${{ github.ref }}",
          "      cancel-in-progress: true",
        ]
      : []),
    "    outputs:",
    "      required-bump: ${{ steps.schema-compat.outputs.required-bump }}",
    "      breaking: ${{ steps.schema-compat.outputs.breaking }}",
    "      plan-changes: ${{ steps.provision.outputs.changes }}",
    "    steps:",
    ...checkout("the base commit and the release tags are in the clone: nothing to fetch later"),
    step({ id: "contract-lint", uses: uses("contract-lint"), comment: "Schema validity and meshkit's rules, annotated on the offending line.", with: [...common, ...prComment] }),
    step({
      id: "schema-compat",
      uses: uses("schema-compat"),
      comment: "Changes against the pull request's base, and the version bump they need.",
      if: afterCheckout,
      with: [...common, ["mode", passed("compat-mode")], ["catalog", passed("compat-catalog")], ...prComment],
    }),
    step({ id: "policy-check", uses: uses("policy-check"), comment: "The policy packs of meshkit.yaml, on documents and rendered infrastructure.", if: afterCheckout, with: [...common, ...prComment] }),
    step({
      id: "contract-test",
      uses: uses("contract-test"),
      comment: "Each contract against its sample data: schema, quality rules, SLAs.",
      if: afterCheckout,
      with: [...common, ["server", passed("test-server")], asOf, ...prComment],
    }),
    step({
      id: "provision",
      uses: uses("provision"),
      comment: "What merging would change in the warehouse and the lake (apply is refused on pull requests).",
      if: afterCheckout,
      // Judged as the apply will be: a destructive change the caller approved passes the plan too.
      with: [...common, ["command", "plan"], target, ["server", passed("provision-server")], ["allow-destructive", passed("allow-destructive")], ...prComment],
      env: credentials("plan"),
      envHint: credentialsHint,
    }),
  );

  const releaseJob = lines(
    "  release:",
    "    # The default branch: apply, then test what was produced (each only if the one before passed). Read-only:",
    "    # the warehouse credentials and Terraform's providers never share a job with a token that may write.",
    "    name: apply and test",
    `    if: ${onDefaultBranchPush}`,
    `    runs-on: ${reusable ? input("runs-on") : "ubuntu-latest"}`,
    "    timeout-minutes: 60",
    reusable ? `    environment: ${input("environment")} # empty - no environment` : "    # environment: production # protection rules (required reviewers) before apply",
    "    permissions:",
    "      contents: read",
    `    # Two applies of this ${reusable ? "project (working-directory)" : "repository (of this folder's domain)"} never race, whatever target they name (an empty`,
    "    # target and `postgres` can be one warehouse); a running apply is never cancelled. A pending one is",
    "    # replaced by a newer push's, which applies the newest contracts (they include the skipped changes).",
    "    concurrency:",
    `      group: meshkit-apply-\${{ github.repository }}-${groupOf}provision`,
    "      cancel-in-progress: false",
    "    outputs:",
    "      applied: ${{ steps.provision.outputs.applied }}",
    `      results-artifact: ${reusable ? "${{ steps.results-name.outputs.name }}" : RESULTS_ARTIFACT}`,
    "    steps:",
    ...checkout("the release tags: what is already published"),
    step({
      id: "provision",
      uses: uses("provision"),
      comment: "Make the infrastructure match the contracts (no GitHub token: nothing here writes to GitHub).",
      with: [...common, ["command", "apply"], target, ["server", passed("provision-server")], ["allow-destructive", passed("allow-destructive")], NO_GITHUB_TOKEN],
      env: credentials("apply"),
      envHint: credentialsHint,
    }),
    step({
      id: "contract-test",
      uses: uses("contract-test"),
      comment: reusable ? "The produced output (output-test-server) against its contract." : "The contracts against their data again, now on the default branch.",
      with: [
        ...common,
        ["server", reusable ? "${{ inputs.output-test-server || inputs.test-server }}" : undefined],
        // The sample data is judged as of when it was taken; real output as of now.
        reusable ? ["as-of", "${{ inputs.output-test-server == '' && inputs.as-of || '' }}"] : asOf,
        ["results-file", RELEASE_RESULTS_FILE],
        NO_GITHUB_TOKEN,
      ],
      env: credentials("apply"),
    }),
    ...(reusable
      ? [
          "      # One artifact name per project, so that two calls of this workflow in one run never mix their results.",
          "      - id: results-name",
          "        shell: bash",
          "        env:",
          "          PROJECT: ${{ inputs.working-directory }}",
          `        run: echo "name=${RESULTS_ARTIFACT}-$(printf '%s' "$PROJECT" | sha256sum | cut -c1-16)" >> "$GITHUB_OUTPUT"`,
        ]
      : []),
    "      # The test results, for the publish job (kept one day).",
    "      - id: results",
    `        uses: ${PINNED_ACTIONS.uploadArtifact.uses} # ${PINNED_ACTIONS.uploadArtifact.version}`,
    "        with:",
    `          name: ${reusable ? "${{ steps.results-name.outputs.name }}" : RESULTS_ARTIFACT}`,
    `          path: ${inProject(RELEASE_RESULTS_FILE)}`,
    "          include-hidden-files: true # .meshkit/",
    "          if-no-files-found: error",
    "          retention-days: 1",
    // Artifact names are per run, not per attempt: without it "Re-run all jobs" (after a failed publish) fails
    // here with 409 Conflict, after apply, and the publish never runs again.
    "          overwrite: true # a re-run replaces the earlier attempt's results (artifact names are per run)",
  ).trimEnd();

  const publishJob = lines(
    "  publish:",
    "    # Register the products with the results of the test after apply, then tag each released version.",
    "    # The only job that may write to the repository (the catalog branch, the tags); it runs no stage but this one.",
    "    name: publish",
    "    needs: release",
    `    if: ${onDefaultBranchPush}`,
    `    runs-on: ${reusable ? input("runs-on") : "ubuntu-latest"}`,
    "    timeout-minutes: 30",
    "    permissions:",
    "      contents: write # the catalog branch and the <id>/v<version> release tags",
    `    # One group per ${reusable ? "project and " : ""}commit: a publish waits for nothing and is never replaced, so every version that was`,
    "    # applied is published and tagged (a git catalog takes concurrent publishers; tags are created, never moved).",
    "    concurrency:",
    `      group: meshkit-publish-\${{ github.repository }}-${groupOf}\${{ github.sha }}`,
    "      cancel-in-progress: false",
    "    outputs:",
    "      published: ${{ steps.catalog-publish.outputs.published }}",
    "    steps:",
    ...checkout("the release tags: what is already published"),
    "      - id: results",
    `        uses: ${PINNED_ACTIONS.downloadArtifact.uses} # ${PINNED_ACTIONS.downloadArtifact.version}`,
    "        with:",
    "          name: ${{ needs.release.outputs.results-artifact }}",
    `          path: ${inProject(RELEASE_RESULTS_FILE.slice(0, RELEASE_RESULTS_FILE.lastIndexOf("/")))}`,
    step({
      id: "catalog-publish",
      uses: uses("catalog-publish"),
      comment: "Register the products with their test results, then tag each released version <id>/v<version>.",
      with: [
        ...common,
        reusable
          ? ["catalog", "${{ inputs.catalog != '' && inputs.catalog || format('git:{0}/{1}.git#catalog', github.server_url, github.repository) }}"]
          : ["catalog", "git:${{ github.server_url }}/${{ github.repository }}.git#catalog", "this repository's catalog branch; or the platform's catalog"],
        // The job's own token only for this repository's catalog branch: never sent to another catalog.
        reusable ? ["token", "${{ secrets.catalog-token || (inputs.catalog == '' && github.token || '') }}"] : ["token", "${{ github.token }}"],
        ["results-file", RELEASE_RESULTS_FILE],
        ["tag-releases", passed("tag-releases")],
      ],
    }),
  ).trimEnd();

  const header = reusable ? reusableHeader(actionsRepo, actionsRef) : domainHeader(variant.defaultBranch, folder);
  // Another team's change to the repository runs its own workflow, not this one.
  const pathsFilter = folder
    ? [`    paths: # changes to ${folder.path}/ or to this workflow`, ...[`${globEscaped(folder.path)}/**`, globEscaped(folder.workflowFile)].map((path) => `      - ${scalar(path)}`)]
    : [];
  const trigger = reusable
    ? reusableTrigger()
    : lines(
        "on:",
        "  pull_request:",
        ...pathsFilter,
        // No paths filter: GitHub has none for merge_group, and a required check must report on every queued commit.
        "  merge_group: # a merge queue's commit gets the same required checks",
        "  push:",
        `    branches: [${scalar(globEscaped(variant.defaultBranch))}]`,
        ...pathsFilter,
        "  workflow_dispatch: # re-run apply and publish by hand (on the default branch only)",
      );
  return lines(
    ...header,
    `name: data-product${folder ? `-${folder.domain}` : ""}`,
    "",
    trigger.trimEnd(),
    "",
    "# No permissions unless a job asks for them.",
    "permissions: {}",
    "",
    "# Credentials go only to these hosts (meshkit refuses others before it sends anything), whatever a pull",
    "# request's contract or meshkit.yaml names. Empty: any host.",
    "env:",
    `  MESHKIT_ALLOWED_HOSTS: ${reusable ? "${{ inputs.allowed-hosts }}" : "${{ vars.MESHKIT_ALLOWED_HOSTS }}"}`,
    "",
    ...(reusable
      ? []
      : [
          "# A new push to a pull request cancels its older run. Runs on the default branch have a group per commit,",
          "# so none is ever cancelled or replaced here; the apply job's own group runs applies one at a time.",
          "concurrency:",
          `  group: ${folder ? `meshkit-${folder.domain}` : "${{ github.workflow }}"}-\${{ github.event_name == 'pull_request' && github.ref || github.sha }}`,
          "  cancel-in-progress: ${{ github.event_name == 'pull_request' }}",
          "",
        ]),
    ...(folder
      ? [
          "# A run: step added to a job runs in the domain's folder too, like the stages.",
          "defaults:",
          "  run:",
          `    working-directory: ${scalar(folder.path)}`,
          "",
        ]
      : []),
    "jobs:",
    checksJob,
    releaseJob,
    "",
    publishJob,
  );
}

interface StepSpec {
  id: string;
  uses: string;
  comment: string;
  if?: string;
  with: Entry[];
  env?: Entry[];
  /** Comment lines where the env: block would be, when there is none. */
  envHint?: string[];
}

function step(spec: StepSpec): string {
  const block = (name: string, entries: Entry[] = []): string[] => {
    const present = entries.filter((e): e is [string, string, string?] => e[1] !== undefined);
    if (present.length === 0) return [];
    return [`        ${name}:`, ...present.map(([key, value, comment]) => `          ${key}: ${value}${comment ? ` # ${comment}` : ""}`)];
  };
  const env = block("env", spec.env);
  return lines(
    `      # ${spec.comment}`,
    `      - id: ${spec.id}`,
    spec.if !== undefined && `        if: ${spec.if}`,
    `        uses: ${spec.uses}`,
    ...block("with", spec.with),
    ...(env.length > 0 ? env : (spec.envHint ?? []).map((hint) => `        ${hint}`)),
  ).trimEnd();
}

function reusableHeader(actionsRepo: string, actionsRef: string): string[] {
  return [
    "# meshkit's PR-to-production pipeline for a domain repository's data products, as a reusable workflow.",
    "# Generated by reusableWorkflow() in packages/cli/src/init/workflow-template.ts (the template",
    "# `meshkit init domain` writes its workflow with); test/workflows.test.ts keeps this file equal to it.",
    "#",
    "# Pull requests: contract-lint -> schema-compat -> policy-check -> contract-test -> provision plan; every",
    "# stage reports (in meshkit's one sticky PR comment too), even after an earlier one failed.",
    "# Push to the default branch: provision apply -> contract-test -> catalog-publish (and <id>/v<version> tags).",
    "#",
    "# A domain repository's whole workflow:",
    "#",
    "#   name: data-product",
    "#   on:",
    "#     pull_request:",
    "#     merge_group:   # with a merge queue: the required checks report on its commits too",
    "#     push:",
    "#       branches: [main]",
    "#   permissions: {}",
    "#   jobs:",
    "#     data-product:",
    `#       uses: ${actionsRepo}/.github/workflows/data-product.yml@${actionsRef}`,
    "#       permissions:",
    "#         contents: write       # publish job: the catalog branch and the release tags",
    "#         pull-requests: write  # checks job: the sticky PR comment",
    "#       with:",
    "#         as-of: '2026-01-15T06:00:00Z'   # when the sample data was taken",
    "#       secrets:",
    "#         catalog-token: ${{ secrets.CATALOG_TOKEN }}   # only for a catalog outside this repository",
    "#",
    "# The caller grants the most a job may have; each job here keeps only what it needs.",
  ];
}

/** A path as a GitHub filter pattern that matches only itself: `*`, `?`, `+`, `[`, `]` and `!` escaped. */
function globEscaped(path: string): string {
  return path.replace(/[*?+[\]!\\]/g, "\\$&");
}

function domainHeader(branch: string, folder: DomainFolder | undefined): string[] {
  return [
    folder
      ? `# meshkit's pipeline for the ${folder.domain} domain's data products (${folder.path}/), with meshkit's actions:`
      : "# meshkit's pipeline for every data product in this repository, with meshkit's actions:",
    "# pull requests: lint, compatibility with the base, the platform's policies, each contract's tests on its",
    "# sample data and the provision plan, each reported even when an earlier one failed, in one PR comment;",
    `# pushes to ${branch}: provision apply, contract-test, then catalog-publish (and <id>/v<version> release tags).`,
    "# Hardened: no permissions by default and the least per job, third-party actions pinned by commit SHA,",
    "# no scripts with expressions, no pull_request_target (fork pull requests get a read-only token and no",
    "# secrets), and applies that never race.",
    ...(folder
      ? [
          `# Every stage runs in ${folder.path} (working-directory); only pull requests and pushes that change files`,
          "# there (or this workflow) run it, and its concurrency groups are the domain's own.",
        ]
      : []),
  ];
}

function reusableTrigger(): string {
  const inputs = REUSABLE_INPUTS.flatMap((i) => [
    `      ${i.name}:`,
    `        description: ${scalar(i.description)}`,
    `        type: ${i.type}`,
    "        required: false",
    `        default: ${typeof i.default === "boolean" ? String(i.default) : i.default === "" ? '""' : scalar(i.default)}`,
  ]);
  const secrets = REUSABLE_SECRETS.flatMap((s) => [`      ${s.name}:`, `        description: ${scalar(s.description)}`, "        required: false"]);
  const outputs = [
    ["required-bump", "The version bump the pull request's contract changes require - major, minor, patch or none.", "jobs.checks.outputs.required-bump"],
    ["breaking", '"true" when a contract change requires a major bump.', "jobs.checks.outputs.breaking"],
    ["plan-changes", "Number of infrastructure changes in the pull request's provision plan.", "jobs.checks.outputs.plan-changes"],
    ["applied", "true when apply ran on the default branch and the infrastructure matches the contracts.", "jobs.release.outputs.applied"],
    ["published", "Number of product versions written to the catalog.", "jobs.publish.outputs.published"],
  ].flatMap(([name, description, value]) => [`      ${name}:`, `        description: ${scalar(description!)}`, `        value: \${{ ${value} }}`]);
  return lines("on:", "  workflow_call:", "    inputs:", ...inputs, "    secrets:", ...secrets, "    outputs:", ...outputs);
}
