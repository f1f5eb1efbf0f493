import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { meantValue } from "@meshkit/core/suggest";
import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import { prefetchStaged } from "./commands/staged-prefetch.js";
import { VERSION } from "./version.js";

const FORMATS = ["text", "json", "github", "sarif", "junit", "markdown"];
// Listed here (not imported) so that `meshkit --help` does not load the compat or quality packages.
const PROVISION_TARGETS = ["local", "postgres", "aws", "snowflake", "bigquery"];
const DIALECTS = ["duckdb", "postgres", "snowflake", "bigquery", "trino", "spark"];
const MODES = ["none", "backward", "forward", "full", "backward-transitive", "forward-transitive", "full-transitive"];

/** The (sub)command `argv` names (`policy test` → test), else `program` itself. */
function commandIn(program: Command, argv: readonly string[]): Command {
  let command = program;
  for (const arg of argv) {
    const sub = command.commands.find((c) => c.name() === arg || c.aliases().includes(arg));
    if (!sub) break;
    command = sub;
  }
  return command;
}

/**
 * What a stopped run's report is titled (its JUnit suite, its SARIF category): the command as typed,
 * `meshkit policy test`, not its last name alone, which is another command's (`meshkit test`).
 */
function reportTitleOf(command: Command): string {
  const names: string[] = [];
  for (let c: Command | null = command; c?.parent; c = c.parent) names.unshift(c.name());
  return ["meshkit", ...names].join(" ");
}

/** A stopped run's report (output.ts's reportStoppedRun), titled by the command and in its SARIF category. */
async function reportStopped(error: string, command: Command, options: { format?: string; output?: string }, reporting: Reporting): Promise<void> {
  const sarifCategory = reporting.sarifCategory?.(command);
  (await import("./output.js")).reportStoppedRun(error, options, reportTitleOf(command), process.cwd(), { byDefault: reporting.byDefault, ...(sarifCategory !== undefined ? { sarifCategory } : {}) });
}

/** The CommanderError code of an argument refused by dashedPath. */
const DASHED_PATH = "meshkit.dashedPath";

/**
 * The first argument (before `--`) that starts with `-` and names a file or folder that exists. Such an
 * argument reads as an option: `-orders.odcs.yaml` as `-o rders.odcs.yaml`, a report written over a file
 * while the whole project is linted instead of the file meant; so it is refused, with how to name it.
 */
function dashedPath(argv: readonly string[]): string | undefined {
  const end = argv.indexOf("--");
  return (end === -1 ? argv : argv.slice(0, end)).find((arg) => arg.length > 1 && arg.startsWith("-") && existsSync(arg));
}

/** Options whose empty value says something (`meshkit ci --site ""`: build no site); any other given "" is refused. */
const EMPTY_MEANS_NONE = new Set(["site"]);

/**
 * Commands that write a findings report (`--format`, `--output`): they report a run that stopped too. Each
 * says whether it writes one without `--format` (text, or github inside GitHub Actions); `meshkit ci` does not.
 */
const REPORTING = new WeakMap<Command, Reporting>();

interface Reporting {
  byDefault: boolean;
  /**
   * The SARIF category of the command's reports, when it is not the command's title (`meshkit lint`): the stage, as
   * its report and its action name it (`contract-lint`). A stopped run's SARIF belongs to the analysis the command's
   * other runs upload: in a category of its own it would be one that no later run replaces, and code scanning on
   * a pull request warns of a configuration the default branch lacks.
   */
  sarifCategory?: (command: Command) => string;
}

/**
 * An option taking one of `choices`, whose refusal names the one meant (`--fail-on warn`: warning, ESLint's word),
 * as meshkit.yaml's values do; commander's own `.choices()` lists them only. (From core's small suggest module: the
 * whole of core must not load before a command runs.)
 */
function choiceOption(flags: string, description: string, choices: readonly string[]): Option {
  return new Option(flags, description).choices(choices).argParser((value: string) => {
    if (choices.includes(value)) return value;
    const meant = meantValue(value, choices);
    throw new InvalidArgumentError(`Allowed choices are ${choices.join(", ")}.${meant === undefined ? "" : ` Did you mean ${meant}?`}`);
  });
}

function reportOptions(command: Command, sarifCategory?: Reporting["sarifCategory"]): Command {
  return formatOptions(command, "output format (default: text; github inside GitHub Actions)", true, sarifCategory)
    .addOption(choiceOption("--fail-on <level>", "lowest severity that fails the command", ["error", "warning"]).default("error"))
    .option("-c, --config <file>", "meshkit.yaml to use (default: the nearest one upwards)");
}

/** `--format` and `--output`: the command writes a findings report, and reports a run that stopped too. */
function formatOptions(command: Command, formatHelp: string, byDefault = false, sarifCategory?: Reporting["sarifCategory"]): Command {
  REPORTING.set(command, { byDefault, ...(sarifCategory ? { sarifCategory } : {}) });
  return command.addOption(choiceOption("-f, --format <format>", formatHelp, FORMATS)).option("-o, --output <file>", "write the report to a file instead of stdout");
}

/**
 * `--format` and `--output` as written in arguments commander could not parse (an unknown option, a bad
 * value elsewhere): the last of each, `-f json`, `--format=json` or `-fjson` alike.
 */
function reportOptionsIn(argv: readonly string[]): { format?: string; output?: string } {
  const found: { format?: string; output?: string } = {};
  const names: Record<string, "format" | "output"> = { "-f": "format", "--format": "format", "-o": "output", "--output": "output" };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--") break;
    const [flag, inline] = arg.startsWith("--") ? (arg.split(/=(.*)/s) as [string, string | undefined]) : [arg.slice(0, 2), arg.length > 2 && arg.startsWith("-") && !arg.startsWith("--") ? arg.slice(2) : undefined];
    const name = names[flag];
    if (name === undefined) continue;
    const value = inline ?? argv[++i];
    if (value !== undefined && value !== "-") found[name] = value;
    else if (value === "-") delete found[name];
  }
  return found;
}

/** Options that name files a command reads, which what it writes must not replace. */
const FILE_OPTIONS = ["config", "base", "params", "policies", "data", "results"];

/** Options that name files a command writes, by command (every command writes --output). */
const WRITTEN_OPTIONS: Readonly<Record<string, readonly string[]>> = { test: ["output", "results"], ci: ["output", "results", "markdown"] };

/** Options that name folders a command writes, by command: none of them is stdout's, as `-` means for --output. */
const WRITTEN_FOLDER_OPTIONS: Readonly<Record<string, readonly string[]>> = { ci: ["site"], provision: ["out"], build: ["out"] };

/** The paths an action's arguments and the file options it reads name. */
function namedPaths(action: Command, written: readonly string[]): string[] {
  const options = action.opts();
  const values = [...action.args, ...FILE_OPTIONS.filter((name) => !written.includes(name)).flatMap((name) => options[name] ?? [])];
  return values.filter((value): value is string => typeof value === "string");
}

function policyOptions(command: Command): Command {
  return command
    // Repeatable, not variadic: a variadic option would swallow the paths after it.
    .option("-p, --policies <pack>", "a pack to use instead of meshkit.yaml policy.packs: builtin:<name>, a folder or a file (repeat for several, in order)", (pack: string, packs: string[] = []) => [...packs, pack])
    .option("--params <file>", "YAML or JSON file of policy parameters (over meshkit.yaml policy.params)", oneParamsFile);
}

/**
 * `--params` names one file. Given twice (`--params base.yaml --params prod.yaml`, layered as other tools
 * layer values files), commander kept the last one and dropped the first in silence, with every value only
 * it set: refused instead (exit 2).
 */
function oneParamsFile(file: string, previous: string | undefined): string {
  if (previous !== undefined) throw new InvalidArgumentError(`--params takes one file, and ${previous} was given before it: merge the two files into one (the later one's values over the earlier's), or set the shared values in meshkit.yaml's policy.params`);
  return file;
}

/**
 * The `meshkit` command. Returns the exit code (0 no error findings, 1 findings, 2 bad input);
 * a usage or input problem is one line on stderr, never a stack trace.
 */
export async function run(argv: string[]): Promise<number> {
  let exitCode = 0;
  /** The command that ran, once its written files passed refuseOutputOverInput (a stopped run may report to them). */
  let started: Command | undefined;
  const program = new Command("meshkit")
    .description("Contract-driven governance for data products: ODCS contracts and ODPS products, checked from commit to catalog.")
    .version(VERSION)
    .exitOverride()
    // `meshkit policy test --format json`: options after a subcommand belong to it, not to `policy`.
    .enablePositionalOptions()
    // A usage error is one `meshkit: …` line, as every other error is.
    .configureOutput({ writeErr: (s) => process.stderr.write(s), outputError: (s, write) => write(s.replace(/^error: /, "meshkit: ")) })
    // Before the command does anything (an apply, a publish): its report must not replace its input.
    .hook("preAction", async (_program, action) => {
      // An option given "" (`-o "$REPORT"` with the variable unset) was dropped in silence: the report went to
      // stdout, the default config was read, the results were not written. Only `--site ""` means "none".
      for (const option of action.options) {
        if (option.required && action.getOptionValue(option.attributeName()) === "" && !EMPTY_MEANS_NONE.has(option.attributeName())) {
          action.error(`error: ${option.long ?? option.short} needs a value, and "" was given (an unset variable?)`, { exitCode: 2, code: "meshkit.emptyOption" });
        }
      }
      // `-o -` is stdout, as for most command-line tools (not a file named `-`).
      if (action.opts().output === "-") action.setOptionValue("output", undefined);
      const written = WRITTEN_OPTIONS[action.name()] ?? ["output"];
      // `--results -` meant stdout too, but stdout is the report's: it wrote a file named `-` in silence.
      for (const name of written.filter((option) => option !== "output" && action.opts()[option] === "-")) {
        action.error(`error: --${name} - names a file, and stdout is the report's: give a file name (./- for a file named -)`, {
          exitCode: 2,
          code: "meshkit.dashFile",
        });
      }
      // `--site -`, `--out -`: created a folder named `-` in silence, as `--results -` wrote a file of that name.
      for (const name of (WRITTEN_FOLDER_OPTIONS[action.name()] ?? []).filter((option) => action.opts()[option] === "-")) {
        action.error(`error: --${name} - names a folder, and stdout takes none: give a folder name (./- for a folder named -)`, { exitCode: 2, code: "meshkit.dashFile" });
      }
      const targets = written.map((name) => [name, action.opts()[name]] as const).filter((entry): entry is readonly [string, string] => typeof entry[1] === "string");
      if (targets.length > 0) {
        const { refuseOutputOverInput, refuseSharedOutputFile } = await import("@meshkit/core");
        for (const [name, target] of targets) refuseOutputOverInput(target, namedPaths(action, written), process.cwd(), `--${name}`);
        // `--results r.json -o r.json`: the report replaced the results document.
        refuseSharedOutputFile(targets.map(([name, target]) => [`--${name}`, target] as const), process.cwd());
        // provision's report must not replace the plan it writes to --out (`--out plans -o plans/plan.json`); with the
        // default folder, runProvision checks it. Here, before a usage error's report could be written there.
        const { out, output } = action.opts<{ out?: unknown; output?: unknown }>();
        if (action.name() === "provision" && typeof out === "string" && typeof output === "string") {
          const { refuseReportOverPlan } = await import("@meshkit/provision");
          refuseReportOverPlan(resolve(out), resolve(output), `--output ${output}`, `--out ${out}`);
        }
      }
      started = action;
    });

  reportOptions(program.command("lint").description("lint ODCS contracts and ODPS products (default: every one under the current directory)").argument("[paths...]", "files, folders or globs"), () => "contract-lint")
    .action(async (paths: string[], options) => {
      const { lintCommand } = await import("./commands/lint.js");
      exitCode = await lintCommand(paths, options);
    });

  reportOptions(
    program
      .command("hook")
      .description("run a git hook's checks (what the installed hooks call)")
      // Optional here so that a missing name gets the list of hooks, not only commander's "missing argument".
      .argument("[name]", "pre-commit, pre-merge-commit or pre-push")
      .argument("[args...]", "the arguments git passed to the hook"),
  ).action(async (name: string | undefined, args: string[], options) => {
    // pre-commit: git lists the staged files while the hook's modules load (they take longer than git).
    const prefetch = name === "pre-commit" ? prefetchStaged(process.cwd()) : undefined;
    const { hookCommand } = await import("./commands/hook.js");
    exitCode = await hookCommand(name, args, options, process.cwd(), prefetch);
  });

  reportOptions(
    program
      .command("compat")
      .description("compare contracts and products with a base (git ref, folder or file): breaking changes and the version bump they need")
      .argument("[paths...]", "head files, folders or globs (default: every one under the current directory)")
      .option("-b, --base <ref|dir|file>", "the released side: a git ref (origin/main, v1.2.0, a SHA), or a folder or file (default: where HEAD left origin/HEAD, origin/main, main or the init.defaultBranch one, as meshkit ci)")
      .addOption(choiceOption("-m, --mode <mode>", "compatibility mode (default: meshkit.yaml compat.mode, else forward)", MODES))
      .option("--catalog <target>", "list the consumers registered in this catalog of each breaking contract (or of the contracts a breaking product change takes away) (dir:<folder> or git:<repo>#<branch>) and whether the change hits the columns they read"),
    () => "schema-compat",
  ).action(async (paths: string[], options) => {
    const { compatCommand } = await import("./commands/compat.js");
    exitCode = await compatCommand(paths, options);
  });

  const policy = reportOptions(
    policyOptions(
      program
        .command("policy")
        .description("check contracts, products, meshkit.yaml and infrastructure against policy packs (CEL); `policy test` runs a pack's fixtures")
        .argument("[paths...]", "files, folders or globs (default: every document under the current directory)"),
    ),
    () => "policy-check",
  ).action(async (paths: string[], options) => {
    const { policyCommand } = await import("./commands/policy.js");
    exitCode = await policyCommand(paths, options);
  });
  reportOptions(
    policyOptions(
      policy
        .command("test")
        .description("run policy fixtures: documents with `# expect: <rule-id> <line>` comments (or `# expect: none`) checked against the packs")
        .argument("[dirs...]", "fixture folders or files (default: the tests/ folder of every local pack in policy.packs)"),
    ),
    () => "policy test",
  ).action(async (dirs: string[], options) => {
    const { policyTestCommand } = await import("./commands/policy.js");
    exitCode = await policyTestCommand(dirs, options);
  });

  reportOptions(
    program
      .command("test")
      .description("test contracts against their data: schema, quality rules and SLAs, one scan per table (DuckDB by default, or PostgreSQL)")
      .argument("[paths...]", "contract files, folders or globs (default: every contract under the current directory)")
      .option("-s, --server <name>", "the contract server to read (default: its first local/duckdb server)")
      .option("-d, --data <file|dir>", "data to test instead of the servers' (a file, or a folder of <object>.<parquet|csv|json> files)")
      .option("--object <name>", "only this schema object (repeat for several)", (name: string, names: string[] = []) => [...names, name])
      .option("-r, --results <file>", "write the results document (every check, measured values, samples) as JSON")
      .option("--emit-sql", "print the SQL the checks need instead of running them (with --dialect)")
      .addOption(choiceOption("--dialect <dialect>", "SQL dialect for --emit-sql", DIALECTS))
      .option("--now <time>", "judge SLA ages (latency, freshness, retention) as of this ISO 8601 time, e.g. when a sample was taken (default: now)")
      .option("--samples <rows>", "failing rows (and most repeated keys) shown per failed check, 0 to 100; 0 fetches none (default: 5)")
      .option("--query-timeout <seconds>", "stop any single query that runs longer, and report its check as an error (default: 300 on DuckDB, 60 on PostgreSQL)")
      .option("--pushgateway <url>", "push per-product quality metrics to this Prometheus Pushgateway (credentials: MESHKIT_PUSHGATEWAY_USERNAME / _PASSWORD)"),
    (command) => (command.opts().emitSql ? "contract-test --emit-sql" : "contract-test"),
  ).action(async (paths: string[], options) => {
    const { testCommand } = await import("./commands/test.js");
    exitCode = await testCommand(paths, options);
  });

  reportOptions(
    program
      .command("provision")
      .description("turn contracts into infrastructure: a local DuckDB warehouse and lake, PostgreSQL with roles and masking, or Terraform for aws/snowflake/bigquery")
      .argument("<mode>", "plan (show what would change) or apply (make it so)")
      .argument("[paths...]", "contract and product files, folders or globs (default: the whole project)")
      .addOption(choiceOption("-t, --target <target>", "where to provision (default: meshkit.yaml's provision.target, else local)", PROVISION_TARGETS))
      .option("--out <dir>", "where the full plan goes (plan.json, plan.sql or the Terraform files; default .meshkit/provision/<target>)")
      .option("--allow-destructive", "let plan and apply drop tables and columns, narrow types or destroy resources (both refuse such a change without it; revokes need no flag)")
      .option("-s, --server <name>", "postgres: the contract server to provision (default: each contract's `environment: prod` postgres server, else its first)"),
    () => "provision",
  ).action(async (mode: string, paths: string[], options) => {
    const { provisionCommand } = await import("./commands/provision.js");
    exitCode = await provisionCommand(mode, paths, options);
  });

  reportOptions(
    program
      .command("publish")
      .description("publish data products (with their contracts and test results) to a catalog: dir:, git:, datahub:, openmetadata:, backstage:")
      .argument("[paths...]", "product and contract files, folders or globs (default: the whole project)")
      .option("--catalog <target>", "dir:<folder> | git:<repo>#<branch> | datahub:<gms-url> | openmetadata:<url> | backstage:<folder> (default: meshkit.yaml's catalog.target)")
      .option("-r, --results <file>", "contract-test results to show (meshkit test --results)")
      .option("--lineage-catalog <target>", "a dir: or git: catalog where the upstream products of the input ports are registered (lineage for DataHub and Backstage across repositories)")
      .option("--dry-run", "show what would change, write nothing"),
    () => "catalog-publish",
  ).action(async (paths: string[], options) => {
    const { publishCommand } = await import("./commands/catalog.js");
    exitCode = await publishCommand(paths, options);
  });

  formatOptions(
    program
      .command("ci")
      .description("run the whole pipeline as CI does: pull_request (lint, compat, policy, contract-test, provision plan) or push (provision apply, contract-test, publish, release tags), with the PR comment's verdict and markdown")
      .argument("[paths...]", "files, folders or globs (default: the whole project)")
      .addOption(choiceOption("-e, --event <event>", "which path to run", ["pull_request", "push"]).default("pull_request"))
      .option("-b, --base <ref|dir|file>", "pull_request: what compat compares with (default: where HEAD left origin/HEAD, origin/main, main or the init.defaultBranch one)")
      .option("--catalog <target>", "push: where to publish; pull_request: whose consumers a breaking change reaches (default: meshkit.yaml's catalog.target, else dir:.meshkit/catalog)")
      .option("--site <dir>", "push: build the catalog site here after publishing; \"\" for none (default .meshkit/site)")
      .addOption(choiceOption("-t, --target <target>", "where to provision (default: meshkit.yaml's provision.target, else local)", PROVISION_TARGETS))
      .option("--now <time>", "judge SLA ages as of this ISO 8601 time (default: now; waiver expiry is always judged by today's date)")
      .option("--server <name>", "the contract server contract-test reads: on a push, where the produced data lives, e.g. warehouse after -t postgres (default: the first local or duckdb server, the sample data)")
      .option("-r, --results <file>", "where contract-test writes its results (default .meshkit/ci/contract-test.json)")
      .option("--markdown <file>", "where the PR comment markdown goes (default .meshkit/ci/<event>.md)")
      .option("--no-tags", "push: do not tag released product versions (<product>/v<version>)")
      .option("--allow-destructive", "let provision (plan and apply) drop tables and columns, narrow types or destroy resources: a destructive change approved explicitly")
      .addOption(choiceOption("--fail-on <level>", "lowest severity that fails a stage", ["error", "warning"]).default("error"))
      .option("-c, --config <file>", "meshkit.yaml to use (default: the nearest one upwards)"),
    "a report of every stage's findings (default: none, the stages' lines; markdown: the PR comment); on stdout, the stages' lines go to stderr",
    false,
    (command) => `ci-${String(command.opts().event)}`,
  )
    .action(async (paths: string[], options) => {
      const { ciCommand } = await import("./commands/ci.js");
      exitCode = await ciCommand(paths, options);
    });

  const catalog = program.command("catalog").description("the data product catalog: build its static site, search it");
  catalog
    .command("build")
    .description("build the static catalog site (offline, for GitHub Pages) from a catalog")
    .option("--catalog <target>", "dir:<folder> or git:<repo>#<branch> (default: meshkit.yaml's catalog.target, else dir:.meshkit/catalog, where meshkit ci publishes)")
    .usage("--out <dir> [options]")
    .requiredOption("--out <dir>", "where the site goes (required)")
    .option("-c, --config <file>", "meshkit.yaml to use (default: the nearest one upwards)")
    .action(async (options) => {
      const { catalogBuildCommand } = await import("./commands/catalog.js");
      exitCode = await catalogBuildCommand(options);
    });
  catalog
    .command("search")
    .description("search products, columns, owners and tags as the site's search box does")
    .argument("<text>", "words to look for")
    .option("--catalog <target>", "dir:<folder> or git:<repo>#<branch> (default: meshkit.yaml's catalog.target, else dir:.meshkit/catalog, where meshkit ci publishes)")
    .addOption(choiceOption("-f, --format <format>", "output format", ["text", "json"]))
    .option("-c, --config <file>", "meshkit.yaml to use (default: the nearest one upwards)")
    .action(async (text: string, options) => {
      const { catalogSearchCommand } = await import("./commands/catalog.js");
      exitCode = await catalogSearchCommand(text, options);
    });

  program
    .command("changelog")
    .description("the contract changes since a base, as markdown grouped by version bump")
    .argument("[paths...]", "head files, folders or globs")
    .option("-b, --base <ref|dir|file>", "the released side: a git ref, or a folder or file (default: where HEAD left the default branch, as meshkit ci)")
    .addOption(choiceOption("-m, --mode <mode>", "compatibility mode", MODES))
    .option("-o, --output <file>", "write the markdown to a file")
    .option("-c, --config <file>", "meshkit.yaml to use")
    .action(async (paths: string[], options) => {
      const { changelogCommand } = await import("./commands/compat.js");
      exitCode = await changelogCommand(paths, options);
    });

  const hooks = program.command("hooks").description("manage git hooks");
  hooks
    .command("install")
    .description("set up husky and meshkit's pre-commit, pre-merge-commit and pre-push hooks in this repository, keeping existing hooks")
    .action(async () => {
      const { hooksInstallCommand } = await import("./commands/hooks-install.js");
      exitCode = await hooksInstallCommand();
    });
  hooks
    .command("uninstall")
    .description("take meshkit's lines out of the husky hooks, keeping the others; with no hook left, turn husky off")
    .action(async () => {
      const { hooksUninstallCommand } = await import("./commands/hooks-uninstall.js");
      exitCode = await hooksUninstallCommand();
    });

  const init = program
    .command("init")
    .description("scaffold a domain repository, or a data product in one, from the platform's golden-path template (never overwrites)");
  // `init product` takes what `init domain` recorded in package.json's `meshkit` block first: its help says so.
  const ownership = (command: Command, recordedIn?: string): Command => {
    const byDefault = (key: string, fallback?: string): string => {
      const sources = [...(recordedIn ? [`${recordedIn}.${key}`] : []), ...(fallback ? [fallback] : [])];
      return sources.length > 0 ? ` (default: ${sources.join(", else ")})` : "";
    };
    return command
      // Defaults are built from the domain with its underscores as dashes (supply_chain → supply-chain-data).
      .option("--owner <email>", `email of the product owner (team member with role owner)${byDefault("owner", "owner@<domain-with-dashes>.example")}`)
      .option("--team <name>", `the owning team's name${byDefault("team", "<domain-with-dashes>-data")}`)
      .option("--support-channel <channel>", `where consumers ask: #channel, an email address or an https:// link${byDefault("supportChannel", "#<domain-with-dashes>-data")}`)
      .option("--bucket <name>", `S3 bucket of the data lake; data goes under domain=<domain>/product=<product>/${byDefault("bucket", "<domain-with-dashes>-data-lake")}`)
      .option("--cost-center <code>", `cost center for the products and their storage tags, e.g. CC-530${byDefault("costCenter")}`);
  };
  ownership(
    init
      .command("domain")
      .description("create a domain repository: meshkit.yaml, workflow, husky hooks, package.json, README (and a first product with --product)")
      .argument("<name>", "the domain: a snake_case identifier, e.g. supply_chain")
      .option("--dir <dir>", "where to create it: a new or empty folder, inside an existing repository or not (a fresh clone of an empty repository too) (default: ./<name>)")
      .option("--product <name>", "also create a first data product")
      .option("--actions-repo <owner/repo>", "GitHub repository of the meshkit actions the workflow calls", "meshkit/meshkit")
      .option("--no-git", "do not run git init and set up husky (default: a new repository unless inside one)"),
  ).action(async (name: string, options) => {
    const { initDomainCommand } = await import("./commands/init.js");
    exitCode = await initDomainCommand(name, options);
  });
  ownership(
    init
      .command("product")
      .description("create products/<name>/ in a domain repository: an ODPS product, its ODCS contract and sample data (defaults from package.json meshkit)")
      .argument("<domain/name>", "the domain and the product, snake_case identifiers, e.g. supply_chain/inventory_snapshot")
      .option("--dir <repo>", "a folder of the domain repository (default: the current folder)"),
    "package.json meshkit",
  ).action(async (ref: string, options) => {
    const { initProductCommand } = await import("./commands/init.js");
    exitCode = await initProductCommand(ref, options);
  });

  try {
    const dashed = dashedPath(argv);
    if (dashed !== undefined) program.error(`error: ${dashed} names a file here, but reads as an option; write ./${dashed} (or put the paths after --)`, { code: DASHED_PATH, exitCode: 2 });
    await program.parseAsync(argv, { from: "user" });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.exitCode === 0) return 0;
      // The report (asked for, or github by default in GitHub Actions) says the run stopped, as for any other
      // usage error. Only of a command that writes one: `meshkit ci -f json` is refused for its -f alone.
      const asked = reportOptionsIn(argv);
      // `-orders.odcs.yaml` reads as `-o rders.odcs.yaml` here too: the report goes to stdout, over no file.
      if (error.code === DASHED_PATH) delete asked.output;
      const command = commandIn(program, argv);
      const reporting = REPORTING.get(command);
      if (reporting) await reportStopped(error.message.replace(/^error: /, ""), command, asked, reporting);
      return 2;
    }
    // Imported here, not at the top: this module is the entry, and @meshkit/core (~1 MB with its schemas
    // and parsers) would load before any command ran, even before the pre-commit hook's git prefetch.
    // A UsageError came from a command that has loaded core already.
    const { UsageError, singleLine } = await import("@meshkit/core");
    if (error instanceof UsageError) {
      // One line, without the control characters a document or a server's answer may put in it (an
      // escape sequence would clear the terminal or retitle it).
      // A message may quote a document (a meshkit.yaml key): inert in a GitHub Actions log too.
      (await import("./workflow-commands.js")).writeInert(`meshkit: ${singleLine(error.message)}\n`, process.stderr);
      // A CI step that reads the JSON, SARIF or JUnit report gets one that says the run stopped, not none.
      const reporting = started ? REPORTING.get(started) : undefined;
      if (started && reporting) await reportStopped(singleLine(error.message), started, started.opts(), reporting);
      return error.exitCode;
    }
    const message = error instanceof Error ? error.message : String(error);
    (await import("./workflow-commands.js")).writeInert(`meshkit: internal error: ${singleLine(message.split("\n")[0] ?? "")}${process.env.MESHKIT_DEBUG ? `\n${(error as Error).stack}` : " (MESHKIT_DEBUG=1 shows the stack)"}\n`, process.stderr);
    return 2;
  }
}
