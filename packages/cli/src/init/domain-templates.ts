/**
 * The golden-path domain repository: the platform's meshkit.yaml, the workflow that runs meshkit's
 * pipeline on every pull request and push to main (workflow-template.ts, shared with meshkit's reusable
 * workflow), husky hooks, and the package.json that installs both.
 * Fixed text for given settings (no clock, no randomness).
 */
import { VERSION } from "../version.js";
import type { DomainSettings } from "./settings.js";
import { SAMPLE_AS_OF } from "./product-templates.js";
import { PULL_REQUEST_STAGES, domainWorkflow } from "./workflow-template.js";
import { lines, scalar } from "./yaml-text.js";

export { PINNED_ACTIONS } from "./workflow-template.js";

/** The meshkit stages the workflow runs on a pull request, in order: `<actions repo>/actions/<stage>@v1`. */
export const WORKFLOW_STAGES = PULL_REQUEST_STAGES;

export interface DomainTemplateOptions {
  /** `owner/repo` hosting the meshkit actions (a platform team may run its own fork). */
  actionsRepo: string;
  /** Name of the first product, to mention in the README. */
  firstProduct?: string;
  /** Options that were not given (`--owner`, ...): the README lists the made-up values to replace. */
  placeholders?: string[];
  /** package.json's `prepare` (default `husky`): `cd .. && husky` for a domain in a folder of a bigger repository. */
  prepare?: string;
  /** The branch whose pushes apply and publish (default `main`): a clone's own branch. */
  defaultBranch?: string;
  /**
   * The domain is a folder (`below`, relative to the top) of a bigger repository: its hooks and Dependabot's
   * settings are the top's, and so is its workflow when `topWorkflow` (its path from the top) is given.
   */
  inRepository?: { below: string; topWorkflow?: string };
}

/** The workflow file of a domain in the folder `below` of a bigger repository, at that repository's top. */
export function topWorkflowPath(domain: string): string {
  return `.github/workflows/data-product-${domain}.yml`;
}

/** Files of the domain repository (or folder), relative to its root; the hooks are added by the caller. */
export function domainFiles(settings: DomainSettings, options: DomainTemplateOptions): Record<string, string> {
  const folder = options.inRepository;
  return {
    "meshkit.yaml": meshkitYaml(settings, folder?.topWorkflow),
    "package.json": packageJson(settings, options.prepare ?? "husky"),
    "README.md": readme(settings, options),
    ".gitignore": gitignore(),
    ...(folder?.topWorkflow ? {} : { ".github/workflows/data-product.yml": domainWorkflow({ asOf: SAMPLE_AS_OF, defaultBranch: options.defaultBranch }, { actionsRepo: options.actionsRepo }) }),
    ...(folder ? {} : { ".github/dependabot.yml": dependabot("/") }),
  };
}

/**
 * The files a domain in the folder `below` of a bigger repository puts at that repository's top, by their
 * path from it: the workflow (every stage in the folder, run by changes there) and dependabot.yml.
 */
export function topFiles(settings: DomainSettings, below: string, options: Pick<DomainTemplateOptions, "actionsRepo" | "defaultBranch">): { workflow: [string, string]; dependabot: [string, string] } {
  const workflowFile = topWorkflowPath(settings.domain);
  const folder = { domain: settings.domain, path: below, workflowFile };
  return {
    workflow: [workflowFile, domainWorkflow({ asOf: SAMPLE_AS_OF, defaultBranch: options.defaultBranch, folder }, { actionsRepo: options.actionsRepo })],
    dependabot: [".github/dependabot.yml", dependabot(`/${below}`)],
  };
}

/** An `updates:` entry of dependabot.yml: what Dependabot updates, and where (from the top). */
export interface DependabotEntry {
  ecosystem: "github-actions" | "npm";
  directory: string;
}

/** What dependabot.yml updates for a domain whose package.json is in `directory` (from the top). */
export function dependabotUpdates(directory: string): DependabotEntry[] {
  return [
    { ecosystem: "github-actions", directory: "/" },
    { ecosystem: "npm", directory },
  ];
}

/** The `updates:` entries as dependabot.yml writes them. */
export function dependabotEntries(entries: readonly DependabotEntry[]): string[] {
  return entries.flatMap(({ ecosystem, directory }) => [
    `  - package-ecosystem: ${ecosystem}`,
    `    directory: ${directory === "/" ? "/" : scalar(directory)}`,
    "    schedule:",
    "      interval: weekly",
  ]);
}

function meshkitYaml(settings: DomainSettings, topWorkflow: string | undefined): string {
  return lines(
    `# meshkit.yaml: how meshkit checks the ${settings.domain} domain's data products, locally (npm run check,`,
    ...(topWorkflow
      ? [
          `# the git hooks) and in CI (${topWorkflow}, at the repository's top).`,
          "# Every key is checked: a misspelled key or an unknown value stops meshkit with `config-invalid`",
          "# (exit code 2) and the line of the mistake.",
        ]
      : [
          "# the git hooks) and in CI (.github/workflows/data-product.yml). Every key is checked: a misspelled key",
          "# or an unknown value stops meshkit with `config-invalid` (exit code 2) and the line of the mistake.",
        ]),
    "apiVersion: meshkit/v1",
    "kind: Config",
    "",
    "# Documents are recognised by content (apiVersion + kind); the globs only narrow the search.",
    "# Globs are relative to this file. Sample data under data/ is never a document.",
    "files:",
    '  include: ["products/**/*.yaml", "products/**/*.yml", "products/**/*.json"]',
    '  exclude: ["**/data/**"]',
    "",
    "lint:",
    "  # Per rule id: off | info | warning | error (docs/rules in the meshkit repository).",
    "  rules:",
    "    # Every column says how sensitive it is; access policies and the catalog rely on it.",
    "    property-classification: error",
    "    # Names become table and column names in every warehouse.",
    "    naming-convention: error",
    "    # No fields that ODCS 4.0 drops (slaDefaultElement, array-form team, dataProduct).",
    "    deprecated-field: error",
    "    # Every contract names its owning team or support channel (ODCS leaves it optional).",
    "    contract-owner: error",
    "  naming:",
    "    objects: snake_case",
    "    properties: snake_case",
    "",
    "# How a contract change is judged against its last release (pre-push hook, CI).",
    "compat:",
    "  # forward: consumers still reading with the old contract keep working.",
    "  mode: forward",
    "  rules:",
    "    # A column that becomes nullable breaks consumers that assume it never is.",
    "    property-made-optional: error",
    "",
    "# Governance as code: the platform baseline (owner, support channel, PII handling and retention,",
    "# encrypted and tagged storage under domain=<domain>/, output ports with a freshness SLA, non-null keys).",
    "policy:",
    "  packs:",
    "    - builtin:platform-baseline",
  );
}

function packageJson(settings: DomainSettings, prepare: string): string {
  const test = `meshkit test --now ${SAMPLE_AS_OF}`;
  const pkg = {
    name: `${settings.domain.replace(/_+/g, "-").replace(/^-+|-+$/g, "")}-data-products`,
    private: true,
    description: `Data products of the ${settings.domain} domain: ODPS products and ODCS contracts, checked by meshkit.`,
    scripts: {
      prepare,
      lint: "meshkit lint",
      policy: "meshkit policy",
      test: test,
      check: `meshkit lint && meshkit policy && ${test}`,
      // The whole pull-request pipeline, one verdict: the sample data judged as of when it was taken.
      ci: `meshkit ci --now ${SAMPLE_AS_OF}`,
    },
    devDependencies: {
      husky: "^9.1.7",
      "@meshkit/cli": `^${VERSION}`,
    },
    // Read by `meshkit init product`: the defaults for every new product of this domain.
    meshkit: {
      domain: settings.domain,
      team: settings.team,
      owner: settings.owner,
      supportChannel: settings.supportChannel,
      bucket: settings.bucket,
      ...(settings.costCenter !== undefined ? { costCenter: settings.costCenter } : {}),
    },
  };
  return JSON.stringify(pkg, null, 2) + "\n";
}

function gitignore(): string {
  return lines(
    "node_modules/",
    "# meshkit test --results, provision's local warehouse, plans and lake folders",
    ".results/",
    ".meshkit/",
    "*.duckdb",
    "*.duckdb.wal",
    "lake/",
  );
}

function readme(settings: DomainSettings, options: DomainTemplateOptions): string {
  const { domain } = settings;
  const example = options.firstProduct ?? "<product>";
  const branch = options.defaultBranch ?? "main";
  const folder = options.inRepository;
  const workflow = folder?.topWorkflow ?? ".github/workflows/data-product.yml";
  return lines(
    `# ${domain} data products`,
    "",
    `The data products of the **${domain}** domain, owned by **${settings.team}**. Each product is an`,
    "[ODPS](https://bitol-io.github.io/open-data-product-standard/) descriptor and the",
    "[ODCS](https://bitol-io.github.io/open-data-contract-standard/) data contract(s) its output ports",
    "promise. [meshkit](https://github.com/meshkit/meshkit) checks them on every commit, push and pull",
    "request: lint, compatibility with the last release, the platform's policies, and the contract's own",
    `tests on its sample data; on ${branch} it provisions them, tests them again and publishes them to the catalog.`,
    "",
    "## What is here",
    "",
    "```",
    "meshkit.yaml                        the platform's settings: rule levels, naming, policy packs",
    "products/<product>/",
    "  product.odps.yaml                 the product: owner team, support, output ports -> contracts",
    "  <product>.odcs.yaml               its contract: schema, quality rules, SLAs, servers, roles",
    "  data/<table>.csv                  sample rows that pass every check of the contract",
    !folder?.topWorkflow && `.github/workflows/data-product.yml  CI: the checks on pull requests, apply + publish on ${branch} (below)`,
    !folder && ".github/dependabot.yml              keeps the pinned actions and npm packages up to date",
    !folder && ".husky/pre-commit, pre-merge-commit, pre-push   the same checks before you commit, merge and push",
    "package.json                        meshkit and husky; `npm run check`",
    "```",
    ...(folder
      ? [
          "",
          `This folder, \`${folder.below}\`, is part of a bigger repository; what git and GitHub read is at its top:`,
          "",
          ...(folder.topWorkflow
            ? [`- \`${folder.topWorkflow}\`: this folder's CI; every stage runs in \`${folder.below}\`,`, "  and only changes here (or to the workflow) run it."]
            : []),
          "- `.husky/pre-commit`, `pre-merge-commit`, `pre-push`: the hooks (`npm install` here sets husky up",
          "  there); they check the files of every domain folder with that folder's own `meshkit.yaml`.",
          `- \`.github/dependabot.yml\`: its \`npm\` entry for \`/${folder.below}\` keeps meshkit and husky here up to date.`,
        ]
      : []),
    "",
    "## Commands",
    "",
    "`@meshkit/cli` (the `meshkit` command) is on the platform team's npm registry, not on npmjs.org: before the",
    "first `npm install`, name that registry in `.npmrc` (`@meshkit:registry=<its URL>`, e.g. `https://npm.pkg.github.com`,",
    "with a read token for GitHub Packages), or `npm install` fails with `E404`. The platform team knows the URL.",
    "",
    "```sh",
    "npm install                          # meshkit and husky; sets up the git hooks",
    "npm run check                        # lint + policy + test, as CI runs them",
    `npm run ci                           # meshkit ci: the whole pull-request pipeline (lint, compat, policy, test, plan), one verdict`,
    "npx meshkit lint                     # contract-lint: every product and contract",
    "npx meshkit policy                   # policy-check against builtin:platform-baseline",
    `npx meshkit test --now ${SAMPLE_AS_OF}   # contract-test on the sample data`,
    `npx meshkit compat --base origin/${branch}   # what changed since ${branch}, and the version bump it needs`,
    `npx meshkit init product ${domain}/<name>   # a new product: ODPS + ODCS + sample data`,
    "```",
    "",
    "Hooks: `pre-commit` (and `pre-merge-commit`, for merges) lints and policy-checks the staged contracts and products; `pre-push`",
    "refuses a push whose contracts break consumers without a major version bump. Skip once with",
    "`--no-verify`; CI runs the same checks.",
    "",
    `## CI: \`${workflow}\``,
    "",
    "- **Pull requests** (job `checks`): contract-lint, schema-compat (against the base), policy-check,",
    "  contract-test on the sample data and the provision plan. Every stage runs and reports even when one",
    "  before it failed, as annotations, in the job summary and in meshkit's one PR comment (updated in",
    "  place on every push).",
    `- **Pushes to ${branch}** (jobs \`apply and test\`, then \`publish\`): provision apply and contract-test in a`,
    "  read-only job, then catalog-publish in the only job that may write, which registers each product",
    "  version with its test results and tags it `<id>/v<version>`; each step only if the one before passed.",
    "  Two applies never run at once.",
    "- The workflow provisions the embedded `local` target and publishes to this repository's `catalog`",
    "  branch: set `provision.target` in meshkit.yaml (postgres, aws, snowflake, bigquery, with credentials",
    "  from secrets through the workflow's `env:`) and change `catalog` to the platform's. Add `environment:`",
    "  to the apply job for required reviewers.",
    "- Permissions are none by default and the least per job; third-party actions are pinned by commit SHA",
    "  (Dependabot updates them); meshkit's actions follow `@v1`, the platform team's moving major release.",
    "",
    "## Sample data and `--now`",
    "",
    `The rows in \`products/*/data/\` are a snapshot taken at **${SAMPLE_AS_OF}**: every timestamp is`,
    "an offset from that time. `npm run check` and the workflow's contract-test judge the SLAs (latency,",
    "retention) as of that time (`--now` / `as-of`), so the checks keep passing on the committed",
    "snapshot. When you replace the sample with new rows, move both to the time they were taken.",
    "",
    "## Next steps",
    "",
    // No product yet: `npm run check` stops at `meshkit test` (no data contract), and so do CI's contract-test and provision.
    !options.firstProduct && `0. Create a first product: \`npx meshkit init product ${domain}/<name>\`; the checks need a contract to test.`,
    `1. Fill in the descriptions in \`products/${example}/\` and replace the example columns with`,
    "   yours (keep a `classification` on every column). No personal data? Remove `contact_email`",
    "   and the `pii` tag; the PII rules then no longer apply.",
    options.placeholders?.length
      ? `2. Replace the made-up values (${options.placeholders.join(", ")} ${options.placeholders.length === 1 ? "was" : "were"} not given) in each product and contract,\n` +
        "   and in `package.json` `meshkit`, which holds the defaults for new products."
      : "2. `package.json` `meshkit` holds the owner, team, support channel and lake bucket that new products get.",
    "3. Change a contract in a pull request: schema-compat annotates what changed, and `version`",
    `   must carry the semver bump the change needs (\`npx meshkit compat --base origin/${branch}\` tells you which).`,
  );
}

function dependabot(npmDirectory: string): string {
  return lines(
    "# Weekly updates of the pinned actions (SHA and version comment together) and of meshkit and husky.",
    "version: 2",
    "updates:",
    ...dependabotEntries(dependabotUpdates(npmDirectory)),
  );
}
