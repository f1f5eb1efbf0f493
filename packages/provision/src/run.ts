/**
 * `meshkit provision plan|apply --target T`: the project's contracts and products → the model → the
 * target's planner. What the CLI and the provision action call. Policy-check is the caller's (a stage
 * package does not import another): `policyCheck` receives every rendered or planned infrastructure
 * document, and an error finding stops an apply.
 */
import { dirname, join, relative, resolve, sep } from "node:path";
import { CLI_OPTION_NAMES, type Finding, displayPath, type LoadedDocument, type MeshkitConfig, type OptionNames, StoppedRunError, UsageError, isMapping, joinedPieces, jsonFilePieces, postgresAddress, postgresServerAddress, prepareOutputFolder, readsWholeProject, realPathSoFar, serverTypeOf, writeFileAtomic } from "@meshkit/core";
import { refuseLinksOutOfFolder, refuseLinksOutOfProject } from "./confined.js";
import { applyLocal, planLocal } from "./local.js";
import { ALLOW_DESTRUCTIVE_FLAG, provisionModel, provisionModelByProduct } from "./model.js";
import { type ProvisionPlan, type ProvisionTarget } from "./plan.js";
import { PostgresProvisionError, applyPostgres, planPostgres, postgresConnectionFor } from "./postgres.js";
import { type ProvisionInputs, loadProvisionInputs } from "./project.js";
import { ALL_PROVISION_RULES } from "./rules.js";
import { type TerraformTarget, renderTerraform } from "./terraform/index.js";
import { holdsTerraformState, writeTerraformFiles } from "./terraform/files.js";
import { serverEntryOf, serverLocationFindings } from "./terraform/render.js";
import { TerraformError, type TerraformExec, childProcessExec, findTerraformBinary, keptPartitionExpirations, notNullChanges, runTerraform, unsupportedChanges } from "./terraform/run.js";

/** An infrastructure document to check: a rendered `*.tf.json` file or a `terraform show -json` plan. */
export interface InfrastructureDocument {
  file: string;
  text: string;
}

export interface ProvisionOptions {
  cwd: string;
  paths: readonly string[];
  configPath?: string;
  /** Default: meshkit.yaml's `provision.target`, else local. */
  target?: ProvisionTarget;
  mode: "plan" | "apply";
  /** Where the full plan goes (plan.json, and plan.sql or the Terraform files); default: `.meshkit/provision/<target>` under the project root. */
  out?: string;
  /** How the caller's user named `out`, for messages (`--out plans`, the `plan-dir` input); default: the path itself. */
  outLabel?: string;
  allowDestructive?: boolean;
  /** How messages name the switch that allows destructive changes (the action's `allow-destructive: true`); default `--allow-destructive`. */
  allowDestructiveLabel?: string;
  /** `postgres`: the contract server to provision (default: the first `type: postgres` server). */
  server?: string;
  /** How the caller's user named `server`, for messages (`--server prod`, the `server` input); default: `server <name>`. */
  serverLabel?: string;
  /** How the caller's user names the options a message advises (`--server`, or the action's `server` input); default the CLI's. */
  optionNames?: OptionNames<"server" | "target">;
  /** Where credentials and MESHKIT_TERRAFORM_PLUGIN_DIR are read; default: the process's environment. */
  env?: Readonly<Record<string, string | undefined>>;
  /** policy-check over infrastructure documents; error findings stop an apply. */
  policyCheck?: (documents: readonly InfrastructureDocument[]) => Promise<readonly Finding[]>;
  /**
   * How the `terraform` CLI is run (tests pass a fake); default: a child process, when terraform is on
   * PATH. Providers come from the registry, or from MESHKIT_TERRAFORM_PLUGIN_DIR (`init -plugin-dir`).
   */
  terraformExec?: TerraformExec;
  /** How messages name other files (default: as findings do, from `cwd`); see ModelOptions. */
  displayFile?: (file: string) => string;
  /**
   * The report the caller writes after the run (`-o`, the action's `sarif-file`), relative to `cwd`, and how its
   * user named it: refused before anything is planned when it is one of the plan's files in `out` (`planFileIn`).
   */
  report?: { file: string; label: string };
}

export interface ProvisionRun {
  plan: ProvisionPlan;
  findings: Finding[];
  /** Files that held a contract or a product. */
  files: number;
  applied: boolean;
  /** Files written under `out`. */
  written: string[];
  /** One-line notes for people (e.g. terraform is not installed, so the plan is the rendered configuration). */
  notices: string[];
}

const TERRAFORM_TARGETS = new Set<ProvisionTarget>(["aws", "snowflake", "bigquery"]);

/**
 * The run stopped (exit 2) after the contracts were read: the local warehouse could not be locked or
 * opened, or its apply failed; the server refused the connection or a statement; or `terraform`
 * init/plan/apply failed. It carries the findings made before, so the
 * caller reports them with the error: a warning about a contract must not be lost because the
 * network was down.
 */
export class ProvisionStoppedError extends StoppedRunError {
  override readonly rules = ALL_PROVISION_RULES;
}

/**
 * `server` picks the postgres server entry to provision; the other targets read no server entry by name
 * (local plans the sample warehouse, the Terraform targets each contract's own server), so a server named
 * for them was ignored in silence and the run planned something else than the user asked for.
 */
function refuseServerOffPostgres(target: ProvisionTarget, options: ProvisionOptions): void {
  if (options.server === undefined || target === "postgres") return;
  const label = options.serverLabel ?? `server ${options.server}`;
  throw new UsageError(`${label} names the postgres server to provision, and the target is ${target}, which reads none: drop it, or provision with target postgres`);
}

export async function runProvision(options: ProvisionOptions): Promise<ProvisionRun> {
  const env = options.env ?? process.env;
  const targetIn = (config: MeshkitConfig): ProvisionTarget => options.target ?? config.provision.target ?? "local";
  // The local planner plans product by product, reading each product's contracts again then: the project is
  // kept as an index until it does.
  const inputs = await loadProvisionInputs({ ...options, indexed: (config) => targetIn(config) === "local" });
  const target = targetIn(inputs.config);
  refuseServerOffPostgres(target, options);
  const empty: ProvisionPlan = { kind: "meshkit-provision-plan", version: 1, target, products: [], changes: [] };
  // Nothing was planned: the plan must not read "No changes" above the findings that say why.
  if (inputs.findings.length > 0) return { plan: { ...empty, unknown: "the documents could not be used (see the findings)" }, findings: inputs.findings, files: inputs.files, applied: false, written: [], notices: [] };
  const labels = options.allowDestructiveLabel ? { allowDestructiveLabel: options.allowDestructiveLabel } : {};
  const modelOptions = { target, ...labels, ...(options.displayFile ? { displayFile: options.displayFile } : {}) };
  const model = target === "local" ? provisionModelByProduct(inputs, modelOptions) : provisionModel(inputs, modelOptions);
  const out = resolve(options.cwd, options.out ?? join(inputs.config.root, ".meshkit", "provision", target));
  refuseLinksOutOfProject(inputs.config.root, out, "the plan to");
  if (options.report) refuseReportOverPlan(out, resolve(options.cwd, options.report.file), options.report.label, options.outLabel ?? out);
  // Before anything is planned or applied: an apply whose plan cannot then be written changed the infrastructure unreported.
  prepareOutputFolder(out, options.outLabel ?? options.out ?? out);
  const products = model.products.map((p) => `${p.domain}/${p.name}`);
  const base = { findings: [...model.findings], files: inputs.files };

  // No product made it into the model (its name or domain cannot be a database name, every contract
  // is retired, …): "No changes" would read as if the warehouse matched the contracts.
  if ((target === "local" || target === "postgres") && model.products.length === 0) {
    if (model.findings.some((f) => f.severity === "error")) return { ...base, plan: { ...empty, unknown: "no product could be planned (see the findings)" }, applied: false, written: [], notices: [] };
    if (model.findings.some((f) => f.ruleId === "provision-retired")) return { ...base, plan: { ...empty, unknown: "every contract given is retired (see the findings)" }, applied: false, written: [], notices: [] };
  }

  if ("contractsOf" in model) {
    // target local: its model is read product by product
    const local = { ...inputs.defaults, ...labels, ...(options.allowDestructive ? { allowDestructive: true } : {}), ...projectContracts(options, inputs) };
    refuseLinksOutOfProject(inputs.config.root, dirname(local.warehouse), "the warehouse in");
    refuseLinksOutOfProject(inputs.config.root, local.lake, "the lake folders in");
    const result = await (options.mode === "apply" ? applyLocal(model, local) : planLocal(model, local).then((r) => ({ ...r, applied: false })))
      // The warehouse could not be locked or opened, or the apply failed and was rolled back: one line, exit 2, after
      // what the contracts read so far said (planning adds to the model's findings as it reads them).
      .catch((error: unknown) => {
        throw error instanceof UsageError && !(error instanceof StoppedRunError) ? new ProvisionStoppedError(error.message, model.findings, base.files) : error;
      });
    // The model's findings now: planning read the contracts, and added what is wrong in them.
    const findings = [...model.findings, ...result.findings];
    const plan = withLeftOut(result.plan, findings);
    const written = writePlan(out, { ...plan, products }, result.statements);
    return { ...base, plan, findings, applied: result.applied, written, notices: options.mode === "apply" && !result.applied ? notAppliedNotices(findings) : [] };
  }

  if (target === "postgres") {
    // Only the contracts the model plans choose the database: a retired one is not planned at all, and one the
    // model left out (an invalid `servers`, a name it cannot use) has its own finding.
    const planned = model.products.flatMap((p) => p.contracts.map((c) => c.document));
    // An entry that cannot be connected to (no host, a port that is none…) stops the run, after what was found before.
    const chosen = (() => {
      try {
        return postgresServer(planned, options.server, options.displayFile, options.optionNames);
      } catch (error) {
        throw error instanceof UsageError ? new ProvisionStoppedError(`postgres: ${error.message}`, base.findings, base.files) : error;
      }
    })();
    const server = postgresConnectionFor(chosen, env);
    if (!server.ok) throw new ProvisionStoppedError(`postgres: ${server.problem}`, base.findings, base.files);
    const { connection } = server;
    const pgOptions = { ...labels, ...(options.allowDestructive ? { allowDestructive: true } : {}), ...(readsWholeProject(options.paths, options.cwd, inputs.config) ? { projectContracts: contractIds(inputs.contracts) } : {}) };
    // A contract without a postgres server of its own is not the other contracts' database's: reported, not planned there.
    const unserved = new Set(planned.filter((doc) => postgresServerOf(doc, options.server) === undefined));
    for (const doc of unserved) {
      base.findings.push(
        doc.finding({
          ruleId: "provision-no-server",
          severity: "error",
          message: `No server of type postgres${options.server ? ` named ${options.server}` : ""}: it is not provisioned in the database the other contracts name. Add its server, or provision it on its own.`,
          path: "servers" in (doc.value as object) ? "/servers" : "",
          stage: "provision",
        }),
      );
    }
    const served = { ...model, products: model.products.map((p) => ({ ...p, contracts: p.contracts.filter((c) => !unserved.has(c.document)) })).filter((p) => p.contracts.length > 0) };
    // Tables go to the domain's schema whatever the server entry says; an entry that names another says so.
    for (const product of served.products) {
      const location = { fields: { schema: product.domain }, caseInsensitive: false, layout: "a schema per domain" };
      for (const contract of product.contracts) {
        const entry = serverEntryOf(contract.document, ["postgres"], options.server);
        if (entry) base.findings.push(...serverLocationFindings(contract.document, entry, location, "postgres"));
      }
    }
    // All or nothing, as the planner's own errors stop it: a contract left out here (no postgres server) stops the
    // apply of the others too, rather than applying them with an exit code that says the apply failed.
    const applies = options.mode === "apply" && !base.findings.some((f) => f.severity === "error");
    const result = await (applies ? applyPostgres(served, connection, pgOptions) : planPostgres(served, connection, pgOptions).then((r) => ({ ...r, applied: false })))
      // A refused connection or a statement that failed (and was rolled back): one line, exit 2.
      .catch((error: unknown) => {
        throw error instanceof PostgresProvisionError ? new ProvisionStoppedError(`postgres: ${error.message}`, base.findings, base.files) : error;
      });
    const findings = [...base.findings, ...result.findings];
    const plan = withLeftOut(result.plan, findings);
    const written = writePlan(out, plan, result.statements);
    return { ...base, plan, findings, applied: result.applied, written, notices: options.mode === "apply" && !result.applied ? notAppliedNotices(findings) : [] };
  }

  if (!TERRAFORM_TARGETS.has(target)) throw new UsageError(`unknown provision target ${target}`);
  const terraformTarget = target as TerraformTarget;
  // terraform writes its plan, state and providers in the folder, through whatever links are there.
  refuseLinksOutOfFolder(inputs.config.root, out, "the Terraform folder");
  // When every product leaves the target (retired, moved to another), what earlier applies made is destroyed only by a
  // plan of the configuration without them: not running terraform would keep it, with the plan saying nothing.
  const stateful = holdsTerraformState(out, env);
  const rendered = renderTerraform(terraformTarget, model, { requireServer: inputs.config.provision.requireServer === true, ...(stateful ? { emptyConfiguration: true } : {}) });
  const findings = [...base.findings, ...rendered.findings];
  const written = writeTerraformFiles(out, rendered.files).written.map((file) => join(out, file));
  // The rendered configuration is checked before anything runs: it is what review sees in the PR.
  const configuration = Object.entries(rendered.files).map(([file, text]) => ({ file: join(out, file), text }));
  findings.push(...(options.policyCheck ? await options.policyCheck(configuration) : []));

  // Nothing rendered, and no state that could hold anything: terraform would only fail on an empty configuration and
  // hide the findings that say why.
  if (rendered.products.length === 0 && !stateful) {
    const errors = findings.some((f) => f.severity === "error");
    const retired = !errors && findings.some((f) => f.ruleId === "provision-retired");
    const elsewhere = !errors && findings.some((f) => f.ruleId === "provision-on-other-target");
    // Both left out: naming one reason would tell of the other contracts what is not so (an active contract "retired").
    const why =
      retired && elsewhere
        ? `every contract given is retired, or on another target than ${target} (its servers place it there)`
        : retired
          ? "every contract given is retired"
          : elsewhere
            ? `no contract given is on ${target}: their servers place them on other targets`
            : "no product could be rendered";
    const plan: ProvisionPlan = { ...empty, unknown: `${why} (see the findings)` };
    return { plan, findings, files: base.files, applied: false, written: [...written, ...writePlan(out, plan)], notices: [] };
  }
  const binary = options.terraformExec ? "terraform" : findTerraformBinary();
  if (!binary) {
    if (options.mode === "apply") throw new UsageError(`apply --target ${target} runs the terraform CLI, which is not installed (the configuration is rendered in ${out})`);
    const notice = `terraform is not installed: rendered ${Object.keys(rendered.files).length} files (${rendered.resources} resources) in ${out}; run terraform plan there to see the changes against the real state`;
    const plan: ProvisionPlan = { ...empty, products: rendered.products, changes: [], unknown: notice };
    return { plan, findings, files: base.files, applied: false, written: [...written, ...writePlan(out, plan)], notices: [] };
  }
  // As local and postgres do: a product that could not be rendered (or rendered configuration that
  // fails a policy) stops the whole apply, rather than applying the others and dropping it.
  const blockedBy = findings.filter((f) => f.severity === "error");
  const mode = options.mode === "apply" && blockedBy.length > 0 ? "plan" : options.mode;
  const run = await runTerraform(out, mode, {
    ...(env.MESHKIT_TERRAFORM_PLUGIN_DIR ? { pluginDir: env.MESHKIT_TERRAFORM_PLUGIN_DIR } : {}),
    exec: options.terraformExec ?? childProcessExec,
    target: terraformTarget,
    binary,
    products: rendered.products,
    ...(options.allowDestructive ? { allowDestructive: true } : {}),
    ...labels,
    // The plan JSON is checked again: it is what apply will do, with values only Terraform knows.
    policyCheck: async (plan) => (options.policyCheck ? options.policyCheck([{ file: join(out, "meshkit.tfplan.json"), text: plan.text }]) : []),
  }).catch((error: unknown) => {
    // terraform's own failure (no network for init, bad credentials): one line, exit 2.
    if (error instanceof TerraformError) throw new ProvisionStoppedError(`${target}: ${terraformReason(error)}`, findings, base.files);
    throw error;
  });
  writeFileAtomic(join(out, "meshkit.tfplan.json"), run.planJsonText);
  const notices = run.blocked ? [run.blocked.message] : [];
  if (mode !== options.mode) notices.push(...notAppliedNotices(blockedBy));
  // A plan refuses what its apply would: the pull request's plan fails, not the apply after the merge
  // (docs/pipeline.md, Destructive changes), as on local and postgres.
  const planFile = join(out, "meshkit.tfplan.json");
  // A change the warehouse refuses (a Snowflake text column shortened) or the provider does (a BigQuery table's
  // deletion_protection) fails the apply half-way, flag or not: the plan says so, and how to make the change instead.
  const unsupported = unsupportedChanges(run.planJson);
  for (const change of unsupported) {
    findings.push({ ruleId: "provision-destructive-change", severity: "error", message: `${change.address}: ${change.detail}; the apply would fail even with destructive changes allowed. ${change.advice}`, file: planFile, line: 1, column: 1, path: "", stage: "provision" });
  }
  // A column made NOT NULL, or a NOT NULL column added: the rows decide, and terraform's plan cannot count
  // them (postgres counts; see provision-data-unchecked). The apply would stop half-way on a NULL.
  for (const change of notNullChanges(run.planJson)) {
    findings.push({ ruleId: "provision-data-unchecked", severity: "warning", message: `${change.address}: ${change.detail}; this plan cannot count the rows, so it cannot tell whether the data allows it, and an apply the data stops fails half-way. Fill the column in (or add it optional, backfill it, then make it required) before applying.`, file: planFile, line: 1, column: 1, path: "", stage: "provision" });
  }
  // The retention that set it is gone, but the provider plans nothing: BigQuery goes on deleting the partitions.
  for (const kept of keptPartitionExpirations(run.planJson, rendered.files)) {
    const message =
      `${kept.address}: BigQuery still deletes each day partition of table ${kept.table} ${kept.days} days after its date (the expiration_ms in its state), though no retention SLA measured at its partitioning column asks for it any more: ` +
      `the Google provider keeps an expiration the configuration no longer sets. If the rows must be kept, clear it in BigQuery (ALTER TABLE \`${kept.table}\` SET OPTIONS (partition_expiration_days = NULL)); else measure the retention at the partitioning column again.`;
    findings.push({ ruleId: "provision-expiration-kept", severity: "warning", message, file: planFile, line: 1, column: 1, path: "", stage: "provision" });
  }
  if (!options.allowDestructive) {
    for (const change of run.plan.changes.filter((c) => c.destructive && !unsupported.some((u) => u.address === c.address))) {
      findings.push({ ruleId: "provision-destructive-change", severity: "error", message: `${change.address}: ${change.detail ?? change.action} loses data; allow destructive changes (${options.allowDestructiveLabel ?? ALLOW_DESTRUCTIVE_FLAG}) to apply it.`, file: planFile, line: 1, column: 1, path: "", stage: "provision" });
    }
  }
  const all = [...findings, ...run.policyFindings];
  const plan = withLeftOut(run.plan, all);
  return { plan, findings: all, files: base.files, applied: run.applied, written: [...written, join(out, "meshkit.tfplan.json"), ...writePlan(out, plan)], notices };
}

/**
 * On a whole-project run, for the local planner, the id of every contract the project holds (retired and unplannable ones too: their tables
 * have findings of their own), so the planner can name what it made for any other. A run given paths, or run with none
 * from a folder below the project's root (which reads that folder only, while the warehouse is the whole project's), plans
 * a part of the project and cannot tell a contract it was not given from one that is gone.
 */
function projectContracts(options: ProvisionOptions, inputs: ProvisionInputs): { projectContracts?: { ids: ReadonlySet<string>; warehouseLabel: string } } {
  if (!readsWholeProject(options.paths, options.cwd, inputs.config)) return {};
  const { warehouse } = inputs.defaults;
  return { projectContracts: { ids: contractIds(inputs.contracts), warehouseLabel: options.displayFile?.(warehouse) ?? displayPath(warehouse, options.cwd) } };
}

/** The ids of `contracts`, as the model reads a contract's id (a number written unquoted names the same tables). */
function contractIds(contracts: readonly LoadedDocument[]): ReadonlySet<string> {
  return new Set(contracts.map((doc) => String((isMapping(doc.value) ? doc.value.id : undefined) ?? "")));
}

/**
 * The line an apply that error findings stopped ends with, on every target: without it, the plan it printed reads as
 * what the apply did, and only the exit code says that nothing was changed.
 */
function notAppliedNotices(findings: readonly Finding[]): string[] {
  const errors = findings.filter((f) => f.severity === "error");
  if (errors.length === 0) return [];
  return [`Not applied: ${errors.length} error finding${errors.length === 1 ? "" : "s"} (${[...new Set(errors.map((f) => f.ruleId))].join(", ")}); fix them and apply again.`];
}

/**
 * The plan with `leftOut`: how many files have error findings, when there are any. Those errors left
 * something out (a product, a contract, a table) or stop the apply, so a plan without changes covers
 * the rest only and must not say the infrastructure matches the contracts.
 */
function withLeftOut(plan: ProvisionPlan, findings: readonly Finding[]): ProvisionPlan {
  if (plan.unknown !== undefined) return plan;
  const files = new Set(findings.filter((f) => f.severity === "error").map((f) => f.file));
  return files.size > 0 ? { ...plan, leftOut: files.size } : plan;
}

/** The files of a plan folder that a run writes, or that terraform reads there: its state, its lock file, its variables. */
const PLAN_FOLDER_FILES = new Set(["plan.json", "plan.sql", "meshkit.tfplan", "meshkit.tfplan.json", "terraform.tfstate", "terraform.tfstate.backup", ".terraform.lock.hcl", "terraform.tfvars", "terraform.tfvars.json"]);

/**
 * The name in the plan folder `out` (both absolute) of `file`, when it is one that folder holds: plan.json (the `plan-file` output), plan.sql, the Terraform
 * configuration (`*.tf.json`, whose stale files a run removes), terraform's plan and its JSON, and what terraform reads
 * there (its local state `terraform.tfstate` and `terraform.tfstate.d/`, the lock file, `*.tfvars`, anything in `.terraform/`). A report written
 * there (`provision plan --out plans -f sarif -o plans/plan.json`) replaced the plan in silence, or, over the state, lost
 * what the infrastructure holds. Both are compared with their links resolved (`--out plans-link -o plans/plan.json`).
 */
export function planFileIn(out: string, file: string): string | undefined {
  const inFolder = relative(realPathSoFar(out), realPathSoFar(file));
  const [first, ...rest] = inFolder.split(sep);
  // (terraform.tfstate.d holds the local state of each workspace other than the default)
  if ((first === ".terraform" || first === "terraform.tfstate.d") && rest.length > 0) return inFolder;
  if (rest.length > 0 || first === undefined || first === "" || first === "..") return undefined;
  return PLAN_FOLDER_FILES.has(first) || first.endsWith(".tf.json") || /\.auto\.tfvars(?:\.json)?$/.test(first) ? first : undefined;
}

/** Refuses a report (`report`, absolute; `label`: how its user named it) that is one of the plan's files in `out` (absolute). */
export function refuseReportOverPlan(out: string, report: string, label: string, outLabel: string): void {
  const name = planFileIn(out, report);
  if (name) throw new UsageError(`${label} is ${name} of the plan in ${outLabel}: the report would replace it; write to another file`);
}

/** `out/plan.json` (and `out/plan.sql` with the statements apply runs, in order). */
function writePlan(out: string, plan: ProvisionPlan, statements?: readonly string[]): string[] {
  const files = [join(out, "plan.json")];
  // Both in pieces (a change, a statement each): the plan.json of ~60,000 contracts is more text than one string
  // holds, and below that one string of it is one more copy of the plan in memory.
  writeFileAtomic(files[0]!, jsonFilePieces(plan, 2));
  if (statements) {
    files.push(join(out, "plan.sql"));
    writeFileAtomic(files[1]!, planSqlPieces(statements));
  }
  return files;
}

/** The text of `plan.sql`, in pieces: the statements apply runs, in order, each ended by `;`, a blank line between them. */
export function planSqlPieces(statements: readonly string[]): Iterable<string> {
  return statements.length > 0 ? joinedPieces(statements.map((s, i) => `${i > 0 ? "\n\n" : ""}${s.trimEnd().replace(/;$/, "")};`).concat("\n")) : ["-- nothing to do\n"];
}

/**
 * The postgres server to provision: the one named `--server`, else each contract's production entry
 * (`environment` prod/production) if it has one, else its first, as the Terraform targets choose. Every
 * contract must then name the same host, port and database: one run provisions one database, never
 * silently the first contract's for all. An entry that cannot be read as one (no `host` or `database`, a
 * port that is none, credentials in its host) is refused with its `file:line:column`, so the domain team
 * sees which contract to fix.
 */
export function postgresServer(contracts: readonly LoadedDocument[], name: string | undefined, displayFile: (file: string) => string = (file) => file, optionNames: OptionNames<"server" | "target"> = CLI_OPTION_NAMES): Record<string, unknown> {
  const chosen = contracts.flatMap((doc) => {
    const entry = serverEntryOf(doc, ["postgres"], name);
    return entry ? [{ ...entry, doc }] : [];
  });
  if (chosen.length === 0 && name !== undefined) {
    // `--server` names an entry whatever its type: say which type the entry of that name has, rather than that there is none.
    const servers = contracts.flatMap((doc) => {
      const list = (doc.value as Record<string, unknown>).servers;
      return Array.isArray(list) ? (list as unknown[]) : [];
    });
    const named = servers.filter((s): s is Record<string, unknown> => isMapping(s) && s.server === name);
    const types = [...new Set(named.map((s) => serverTypeOf(s)).filter((type) => type !== undefined))];
    const what = types.length > 0 ? `is of type ${types.join(", ")}` : "has no type";
    throw new UsageError(`no contract has a postgres server named ${name}${named.length > 0 ? ` (the contracts' server ${name} ${what}: name a postgres server)` : ""}`);
  }
  if (chosen.length === 0) throw new UsageError(`no contract has a server of type postgres to provision (add one, or set ${optionNames.target} to local)`);
  // Read as the connection reads it, before the hosts are compared: the message naming both would print a password
  // written into one. One server however its IPv6 address is written (`::1`, `[::1]`) or its port (`"5432"`, 5432).
  const addresses = chosen.map(({ server, pointer, doc }) => {
    const label = typeof server.server === "string" ? server.server : "postgres";
    const read = postgresServerAddress(label, server);
    if (!read.ok) {
      const at = doc.locate(pointer);
      throw new UsageError(`${displayFile(doc.file)}:${at.line}:${at.column}: ${read.problem}`);
    }
    // Named as connection messages name it (`[::1]:5432`).
    return { file: doc.file, server, where: `${postgresAddress(read.address.host, read.address.port)}/${read.address.database}` };
  });
  const first = addresses[0]!;
  const other = addresses.find((a) => a.where !== first.where);
  if (other) throw new UsageError(`the contracts name different postgres servers (${displayFile(first.file)}: ${first.where}, ${displayFile(other.file)}: ${other.where}); provision one at a time, or choose one with ${optionNames.server}`);
  return first.server;
}

/** A contract's postgres server: the one named `name`, else its production entry, else its first. */
function postgresServerOf(doc: LoadedDocument, name: string | undefined): Record<string, unknown> | undefined {
  return serverEntryOf(doc, ["postgres"], name)?.server;
}

/**
 * The command that failed and terraform's first `Error:` (its warnings come first and say less), with the
 * first sentence of that error's detail: the summary alone often names no culprit (`No value for required
 * variable` says which only below: `The root module input variable "cost_center" is not set, …`).
 */
export function terraformReason(error: Pick<TerraformError, "message" | "stderr">): string {
  const command = error.message.split(":")[0]!;
  // Terraform frames each diagnostic in `╷`/`│`/`╵` unless -no-color is honoured everywhere: read the text inside.
  // Its stderr, else the message (which ends with the output's tail), never both: the message would read as detail.
  const linesOf = (text: string) => text.split("\n").map((line) => line.replace(/^\s*[│╷╵]\s?/, "").trimEnd());
  const isError = (line: string) => /^\s*Error: \S/.test(line);
  const stderr = linesOf(error.stderr);
  const lines = stderr.some(isError) ? stderr : linesOf(error.message);
  const at = lines.findIndex(isError);
  if (at < 0) return error.message.split("\n")[0]!;
  const summary = lines[at]!.trim().slice("Error: ".length).trim();
  const detail = terraformDetail(lines.slice(at + 1));
  // A provider's summary may end with its own full stop (`… found.`), which would read `found.: Please see …`.
  return detail ? `${command}: ${summary.replace(/\.$/, "")}: ${detail}` : `${command}: ${summary}`;
}

/** The first sentence of a diagnostic's detail: its first unindented paragraph, after the source snippet (`  on x.tf line 3:`). */
function terraformDetail(lines: readonly string[]): string | undefined {
  const paragraph: string[] = [];
  for (const line of lines) {
    if (/^\s*(Error|Warning): /.test(line)) break;
    if (line.trim() === "" || /^\s/.test(line)) {
      if (paragraph.length > 0) break;
      continue;
    }
    paragraph.push(line.trim());
  }
  const text = paragraph.join(" ");
  if (text === "") return undefined;
  // A sentence ends where the next begins with no lower-case letter: `e.g. a string is required` is one.
  const sentence = /^.*?[.!?](?=\s+[^\sa-z]|$)/.exec(text)?.[0] ?? text;
  return sentence.length > 300 ? `${sentence.slice(0, 299)}…` : sentence;
}
