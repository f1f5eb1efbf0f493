/**
 * `plan` and `apply` with the terraform CLI on a rendered directory: `init`, `plan -out`, `show -json`,
 * then — for apply — the plan JSON through the caller's policy check (policy-check's platform pack:
 * provision must not import the policy stage, so the CLI or the action passes it in) and `apply` of
 * exactly that saved plan. Commands run through an `exec` function the caller supplies
 * (`@actions/exec` in the action, child_process in the CLI, a fake in tests). An apply is refused when
 * the policy check reports errors, or when the plan destroys or replaces anything and destructive
 * changes were not allowed.
 */
import { spawn } from "node:child_process";
import { accessSync, constants, statSync } from "node:fs";
import { delimiter, join } from "node:path";
import type { Finding } from "@meshkit/core";
import { ALLOW_DESTRUCTIVE_FLAG } from "../model.js";
import type { Change, ProvisionPlan } from "../plan.js";
import type { TerraformTarget } from "./render.js";
import { judgeRetype, type RetypeVerdict } from "./retype.js";

export interface ExecResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** Runs `command args` in `cwd` and resolves with its exit code and output (it must not reject on a non-zero exit). */
export type TerraformExec = (command: string, args: readonly string[], options: { cwd: string; env?: Record<string, string> }) => Promise<ExecResult>;

/**
 * The terraform binary on `PATH` (an executable file named `terraform`, or `names` in order), or
 * undefined: plan and apply need it; rendering does not.
 */
export function findTerraformBinary(path = process.env.PATH ?? "", names: readonly string[] = ["terraform"]): string | undefined {
  const exts = process.platform === "win32" ? ["", ".exe"] : [""];
  for (const name of names) {
    for (const dir of path.split(delimiter)) {
      if (dir === "") continue;
      for (const ext of exts) {
        const candidate = join(dir, `${name}${ext}`);
        try {
          if (!statSync(candidate).isFile()) continue;
          accessSync(candidate, constants.X_OK);
          return candidate;
        } catch {
          // not there, or not executable
        }
      }
    }
  }
  return undefined;
}

/** `TerraformExec` with node's child_process (the CLI's; the action passes `@actions/exec`). */
export const childProcessExec: TerraformExec = (command, args, options) =>
  new Promise((resolve, reject) => {
    const child = spawn(command, [...args], { cwd: options.cwd, env: { ...process.env, ...options.env }, stdio: ["ignore", "pipe", "pipe"] });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => stderr.push(chunk));
    child.on("error", reject);
    child.on("close", (code) => resolve({ exitCode: code ?? 1, stdout: Buffer.concat(stdout).toString("utf8"), stderr: Buffer.concat(stderr).toString("utf8") }));
  });

export interface PlanForPolicy {
  /** The `terraform show -json` document. */
  json: unknown;
  text: string;
  /** Path of the saved binary plan, relative to the directory. */
  planFile: string;
}

export interface RunTerraformOptions {
  exec: TerraformExec;
  target: TerraformTarget;
  /** Products rendered into the directory, as `domain/product`, for the plan summary. */
  products?: readonly string[];
  /** The terraform binary (default `terraform`). */
  binary?: string;
  /** Saved plan, relative to the directory (default `meshkit.tfplan`). */
  planFile?: string;
  varFiles?: readonly string[];
  vars?: Readonly<Record<string, string>>;
  /** `init -plugin-dir`: providers from a local directory (offline, pinned). */
  pluginDir?: string;
  env?: Record<string, string>;
  /** Apply a plan that destroys, replaces or loses data in resources (a column dropped, narrowed or retyped). */
  allowDestructive?: boolean;
  /** How the note of a refused apply names that switch (the provision action's `allow-destructive: true`); default `--allow-destructive`. */
  allowDestructiveLabel?: string;
  /** Checks the plan JSON (policy-check); error findings stop an apply. Called for plan and apply. */
  policyCheck?: (plan: PlanForPolicy) => Promise<readonly Finding[]> | readonly Finding[];
}

export interface TerraformRun {
  mode: "plan" | "apply";
  plan: ProvisionPlan;
  /** `terraform show -json` of the saved plan, parsed and as text (for a plan file on disk). */
  planJson: unknown;
  planJsonText: string;
  planFile: string;
  policyFindings: Finding[];
  applied: boolean;
  /** Why apply did not run although asked to. */
  blocked?: { reason: "policy" | "unsupported" | "destructive"; message: string };
  /** The commands run, without the values of `-var` arguments. */
  commands: string[];
}

export class TerraformError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
    readonly stderr: string,
  ) {
    super(message);
    this.name = "TerraformError";
  }
}

export async function runTerraform(dir: string, mode: "plan" | "apply", options: RunTerraformOptions): Promise<TerraformRun> {
  const binary = options.binary ?? "terraform";
  const planFile = options.planFile ?? "meshkit.tfplan";
  const env = { TF_IN_AUTOMATION: "1", CHECKPOINT_DISABLE: "1", ...options.env };
  const commands: string[] = [];
  const run = async (args: string[], okCodes: readonly number[] = [0]): Promise<ExecResult> => {
    const shown = `${binary} ${args.map(redact).join(" ")}`;
    commands.push(shown);
    const result = await options.exec(binary, args, { cwd: dir, env });
    if (!okCodes.includes(result.exitCode)) {
      throw new TerraformError(`\`${shown}\` failed (exit ${result.exitCode}): ${tail(result.stderr || result.stdout)}`, result.exitCode, result.stderr);
    }
    return result;
  };

  await run(["init", "-input=false", "-no-color", ...(options.pluginDir ? [`-plugin-dir=${options.pluginDir}`] : [])]);
  const variables = [...(options.varFiles ?? []).map((f) => `-var-file=${f}`), ...Object.entries(options.vars ?? {}).map(([k, v]) => `-var=${k}=${v}`)];
  // -detailed-exitcode: 0 no changes, 2 changes, 1 error.
  await run(["plan", "-input=false", "-no-color", "-detailed-exitcode", `-out=${planFile}`, ...variables], [0, 2]);
  const shown = await run(["show", "-json", "-no-color", planFile]);
  let planJson: unknown;
  try {
    planJson = JSON.parse(shown.stdout);
  } catch {
    throw new TerraformError(`\`terraform show -json ${planFile}\` did not print JSON`, 0, shown.stderr);
  }
  const plan = provisionPlanFromTerraform(options.target, planJson, options.products ?? []);
  const policyFindings = options.policyCheck ? [...(await options.policyCheck({ json: planJson, text: shown.stdout, planFile }))] : [];
  const result: TerraformRun = { mode, plan, planJson, planJsonText: shown.stdout, planFile, policyFindings, applied: false, commands };
  if (mode === "plan") return result;

  const errors = policyFindings.filter((f) => f.severity === "error");
  if (errors.length > 0) {
    return { ...result, blocked: { reason: "policy", message: `Not applied: the plan fails ${errors.length} policy check${errors.length === 1 ? "" : "s"} (${[...new Set(errors.map((f) => f.ruleId))].join(", ")}).` } };
  }
  const unsupported = unsupportedChanges(planJson);
  if (unsupported.length > 0) {
    const what = unsupported.map((c) => c.address).join(", ");
    return { ...result, blocked: { reason: "unsupported", message: `Not applied: the apply would fail on ${unsupported.length} table change${unsupported.length === 1 ? "" : "s"} (${what}), destructive changes allowed or not.` } };
  }
  const destructive = plan.changes.filter((c) => c.destructive);
  if (destructive.length > 0 && !options.allowDestructive) {
    return {
      ...result,
      blocked: {
        reason: "destructive",
        message: `Not applied: the plan destroys, replaces or loses data in ${destructive.length} resource${destructive.length === 1 ? "" : "s"} (${destructive.map((c) => c.address).join(", ")}); allow destructive changes (${options.allowDestructiveLabel ?? ALLOW_DESTRUCTIVE_FLAG}) to apply it.`,
      },
    };
  }
  if (plan.changes.length === 0) return result;
  await run(["apply", "-input=false", "-no-color", planFile]);
  return { ...result, applied: true, commands };
}

interface ResourceChange {
  address?: unknown;
  type?: unknown;
  mode?: unknown;
  change?: { actions?: unknown; before?: unknown; after?: unknown };
}

/** A column of a table resource in a plan: its name, and its type when the plan shows one. */
interface PlannedColumn {
  name: string;
  type?: string;
  /** `false` when the plan says the column is NOT NULL (Snowflake's `nullable`); unknown otherwise. */
  nullable?: boolean;
}

/**
 * The columns a table resource holds in a plan's `before` or `after`, for the table types meshkit
 * renders; undefined for any other resource, or when the plan does not show them.
 */
function tableColumns(type: string, state: unknown): PlannedColumn[] | undefined {
  if (!isObject(state)) return undefined;
  const columns = (list: unknown): PlannedColumn[] =>
    Array.isArray(list)
      ? list.flatMap((c) =>
          isObject(c) && typeof c.name === "string" ? [{ name: c.name, ...(typeof c.type === "string" ? { type: c.type } : {}), ...(typeof c.nullable === "boolean" ? { nullable: c.nullable } : {}) }] : [],
        )
      : [];
  switch (type) {
    case "snowflake_table":
      return Array.isArray(state.column) ? columns(state.column) : undefined;
    case "google_bigquery_table": {
      if (typeof state.schema !== "string") return undefined;
      try {
        return bigqueryColumns(JSON.parse(state.schema));
      } catch {
        return undefined;
      }
    }
    case "aws_glue_catalog_table": {
      // Terraform leaves a value known only after apply out of `after`: no descriptor is no column list, not an empty one.
      const descriptor = Array.isArray(state.storage_descriptor) ? state.storage_descriptor[0] : undefined;
      return isObject(descriptor) && Array.isArray(descriptor.columns) ? [...columns(descriptor.columns), ...columns(state.partition_keys)] : undefined;
    }
    default:
      return undefined;
  }
}

/**
 * The columns of a BigQuery schema, a parameterized type spelled with its parameters as the SQL
 * does (`STRING(50)`, `NUMERIC(12,2)`): the provider updates a `maxLength`, `precision` or `scale`
 * in place, and BigQuery refuses the ones that tighten the type (./retype.ts).
 */
function bigqueryColumns(fields: unknown): PlannedColumn[] {
  if (!Array.isArray(fields)) return [];
  return fields.flatMap((field) => {
    if (!isObject(field) || typeof field.name !== "string") return [];
    if (typeof field.type !== "string") return [{ name: field.name }];
    // The API answers an int64 as a string; a configuration may write a number.
    const parameter = (value: unknown) => (typeof value === "string" || typeof value === "number" ? String(value) : undefined);
    const maxLength = parameter(field.maxLength);
    const precision = parameter(field.precision);
    const scale = parameter(field.scale);
    const parameters = maxLength ?? (precision === undefined ? undefined : `${precision}${scale === undefined ? "" : `,${scale}`}`);
    return [{ name: field.name, type: parameters === undefined ? field.type : `${field.type}(${parameters})` }];
  });
}

/** A column a table resource's change gives another type, and what that does to its values. */
interface RetypedColumn {
  name: string;
  from: string;
  to: string;
  verdict: RetypeVerdict;
}

/**
 * The columns a table resource's change gives another type, with the warehouse's verdict on each
 * (./retype.ts): a plan line that says only `~ snowflake_table.x` hides a narrowed column from the pull
 * request's reviewers, and one that names it but calls it safe lets the apply after the merge fail.
 */
function retypedColumns(type: string, change: ResourceChange["change"]): RetypedColumn[] {
  const before = tableColumns(type, change?.before);
  const after = tableColumns(type, change?.after);
  if (before === undefined || after === undefined) return [];
  const spelled = (text: string) => text.replace(/\s+/g, "").toUpperCase();
  return after.flatMap((column) => {
    const old = before.find((c) => c.name === column.name);
    if (old?.type === undefined || column.type === undefined || spelled(old.type) === spelled(column.type)) return [];
    const verdict = judgeRetype(type, old.type, column.type);
    return verdict.kind === "same" ? [] : [{ name: column.name, from: old.type, to: column.type, verdict }];
  });
}

function retypedDetail(columns: readonly RetypedColumn[]): string {
  const one = (c: RetypedColumn) => `${c.name}: ${c.from} → ${c.to}${c.verdict.kind === "safe" || c.verdict.kind === "same" ? "" : ` (${c.verdict.why})`}`;
  return `changes the type of column${columns.length === 1 ? "" : "s"} ${columns.map(one).join(", ")}`;
}

/** A table change the apply would fail on, destructive changes allowed or not, with how to make it instead. */
export interface UnsupportedChange {
  address: string;
  detail: string;
  advice: string;
}

const RETYPE_ADVICE = "Keep the old type, or add a column of the new type, backfill it and remove the old one in a later release.";

/**
 * The table changes of a `terraform show -json` plan whose apply fails: an in-place update the warehouse
 * refuses (a Snowflake text column shortened, a number's scale or a column's type changed), and a destroy or
 * replacement of a resource whose state has `deletion_protection` on (every BigQuery table meshkit renders),
 * which the provider refuses when it comes to delete it. A plan must say so, not the apply after the merge,
 * which would stop half-way with the resources before it changed.
 */
export function unsupportedChanges(planJson: unknown): UnsupportedChange[] {
  return managedChanges(planJson).flatMap(({ address, type, actions, change }) => {
    if (actions.includes("delete")) {
      if (!isObject(change.before) || change.before.deletion_protection !== true) return [];
      const replaced = actions.includes("create");
      const retyped = retypedColumns(type, change);
      const what = replaced ? `replace (destroy, then create)${retyped.length > 0 ? `: ${retypedDetail(retyped)}` : ""}` : "destroy";
      return [
        {
          address,
          detail: `${what}, which the provider refuses in the apply: its state has deletion_protection on`,
          advice: replaced
            ? `Keep the table as it is (its column types, required columns and partitioning), or delete it by hand and remove it from the state (\`terraform state rm ${address}\`) so that the apply makes it again, empty.`
            : `Keep its object in the contract, or delete the table by hand and remove it from the state (\`terraform state rm ${address}\`) first.`,
        },
      ];
    }
    if (!actions.includes("update")) return [];
    const refused = retypedColumns(type, change).filter((c) => c.verdict.kind === "unsupported");
    return refused.length > 0 ? [{ address, detail: retypedDetail(refused), advice: RETYPE_ADVICE }] : [];
  });
}

/** The changes of managed resources in a `terraform show -json` plan, in its order. */
function managedChanges(planJson: unknown): { address: string; type: string; actions: string[]; change: NonNullable<ResourceChange["change"]> }[] {
  const resourceChanges = isObject(planJson) && Array.isArray(planJson.resource_changes) ? (planJson.resource_changes as ResourceChange[]) : [];
  return resourceChanges.flatMap((rc) => {
    if (!isObject(rc) || rc.mode === "data" || typeof rc.address !== "string" || typeof rc.type !== "string" || !isObject(rc.change)) return [];
    const actions = Array.isArray(rc.change.actions) ? rc.change.actions.map(String) : [];
    return [{ address: rc.address, type: rc.type, actions, change: rc.change }];
  });
}

/**
 * The in-place updates (not replacements) of managed resources in a `terraform show -json` plan that
 * `detailOf` says something about, each with its address and what it said.
 */
function inPlaceUpdates(planJson: unknown, detailOf: (type: string, change: ResourceChange["change"]) => string | undefined): { address: string; detail: string }[] {
  return managedChanges(planJson).flatMap(({ address, type, actions, change }) => {
    if (!actions.includes("update") || actions.includes("delete")) return [];
    const detail = detailOf(type, change);
    return detail === undefined ? [] : [{ address, detail }];
  });
}

/**
 * What an in-place update of a table resource loses: the columns it had and will not have. None of the
 * providers renames a column (a contract's `renamedFrom` rename is a column dropped and another added:
 * Snowflake and BigQuery drop the old column's values, Glue no longer reads them from the files), so
 * such an update is destructive, like a destroy.
 */
function droppedColumns(type: string, change: ResourceChange["change"]): string[] {
  const before = tableColumns(type, change?.before);
  const after = tableColumns(type, change?.after);
  if (before === undefined || after === undefined) return [];
  return before.filter((column) => !after.some((c) => c.name === column.name)).map((column) => column.name);
}

function droppedDetail(type: string, columns: readonly string[]): string {
  const one = columns.length === 1;
  const what = `column${one ? "" : "s"} ${columns.join(", ")}`;
  const why = "the provider renames no column: a renamed column is dropped and a new one added";
  return type === "aws_glue_catalog_table"
    ? `drops ${what} (the files keep ${one ? "its" : "their"} values, but the table no longer reads them; ${why})`
    : `drops ${what} and ${one ? "its" : "their"} values (${why})`;
}

/**
 * What an in-place update of a Glue table does to the files it reads: a new location (the contract's `s3`
 * server `location` changed) leaves its files under the old prefix, where no table reads them and, if a
 * retention rule expired them (`storage.expiring`), that rule (which follows the table's prefix) no longer
 * does; a new file format (the server's `format` changed) reads the files already written as the new one,
 * which they are not. Either way the table loses its data as a dropped column loses its values, so such an
 * update is destructive. Empty when neither changes, or the plan does not know them yet.
 */
function glueStorageChanges(type: string, change: ResourceChange["change"], storage: PlannedStorage): string[] {
  if (type !== "aws_glue_catalog_table") return [];
  const text = (value: unknown): string | undefined => (typeof value === "string" ? value : undefined);
  const format = (state: Record<string, unknown> | undefined): { library: string; name: string } | undefined => {
    const serde = Array.isArray(state?.ser_de_info) ? state.ser_de_info[0] : undefined;
    const library = isObject(serde) ? text(serde.serialization_library) : undefined;
    return library === undefined ? undefined : { library, name: (isObject(serde) ? text(serde.name) : undefined) ?? library };
  };
  const before = glueDescriptor(change?.before);
  const after = glueDescriptor(change?.after);
  const details: string[] = [];
  const from = text(before?.location);
  const to = text(after?.location);
  if (from !== undefined && to !== undefined && from !== to) {
    const expired = storage.expiring.has(from) ? " and its retention rule no longer expires them" : "";
    details.push(`moves the table from ${from} to ${to} (the files under the old location stay there, but the table no longer reads them${expired})`);
  }
  const oldFormat = format(before);
  const newFormat = format(after);
  if (oldFormat !== undefined && newFormat !== undefined && oldFormat.library !== newFormat.library) {
    details.push(`reads its files as ${newFormat.name} instead of ${oldFormat.name} (the files already written stay ${oldFormat.name}, which the table can no longer read)`);
  }
  return details;
}

/**
 * What an in-place update of a bucket's lifecycle configuration deletes: a rule (meshkit's retention rule
 * of a table, by its `id`, else by its prefix) whose expiration comes sooner than before — the contract's
 * `retention` SLA shortened, `10 y` → `1 y` — expires at once every object already older than the new age,
 * and removes them for good a day later (previous versions). So does a rule that expires objects no rule
 * expired before — a retention SLA added to a table that holds data —, unless its prefix is the location
 * of a Glue table the plan creates (`storage.created`), whose folder holds nothing yet. That loses data
 * as a dropped table does, so such an update is destructive. Empty when no rule expires sooner, or the
 * plan does not know the rules yet.
 */
function shortenedExpirations(type: string, change: ResourceChange["change"], storage: PlannedStorage): string[] {
  if (type !== "aws_s3_bucket_lifecycle_configuration") return [];
  const before = expiringRules(change?.before);
  const bucket = isObject(change?.after) && typeof change.after.bucket === "string" ? change.after.bucket : undefined;
  // (the bucket is known when the configuration is updated, not created; without it, any bucket's location of that key)
  const newTable = (prefix: string | undefined) =>
    prefix !== undefined && prefix !== "" && [...storage.created].some((location) => (bucket !== undefined ? location === `s3://${bucket}/${prefix}` : /^s3:\/\/[^/]+\//.test(location) && location.endsWith(`/${prefix}`)));
  return [...expiringRules(change?.after)].flatMap(([id, now]) => {
    // (a rule renamed with its table's product keeps its prefix: the same objects, expired before)
    const old = before.get(id) ?? [...before.values()].find((rule) => rule.prefix !== undefined && rule.prefix === now.prefix);
    const where = now.prefix ? `objects under ${now.prefix}` : "the bucket's objects";
    if (old === undefined) {
      return newTable(now.prefix) ? [] : [`expires ${where} after ${now.days} days, which no rule expired before (rule ${id}): those older than ${now.days} days are deleted at once`];
    }
    if (now.days >= old.days) return [];
    return [`expires ${where} after ${now.days} days instead of ${old.days} (rule ${id}): those between ${now.days} and ${old.days} days old are deleted at once`];
  });
}

/**
 * What an in-place update of a BigQuery table's partition expiration deletes: an `expiration_ms` that comes
 * sooner than before — the contract's `retention` SLA on the partitioning column shortened — or one the
 * table had none of (a retention added) deletes at once every partition already older than it. The provider
 * changes the expiration in place (a new table is created, not updated, so it holds nothing to lose). That
 * loses data as a dropped column does, so such an update is destructive.
 */
function shortenedPartitionExpiration(type: string, change: ResourceChange["change"]): string[] {
  if (type !== "google_bigquery_table") return [];
  const expiration = (state: unknown): number | undefined => {
    const block = isObject(state) ? (Array.isArray(state.time_partitioning) ? state.time_partitioning[0] : state.time_partitioning) : undefined;
    const ms = isObject(block) ? block.expiration_ms : undefined;
    return typeof ms === "number" && ms > 0 ? ms : undefined;
  };
  const now = expiration(change?.after);
  if (now === undefined) return [];
  const old = expiration(change?.before);
  const days = (ms: number) => `${Math.round((ms / 86_400_000) * 100) / 100} days`;
  if (old === undefined) return [`expires partitions after ${days(now)}, which no expiration deleted before: those older than ${days(now)} are deleted at once`];
  if (now >= old) return [];
  return [`expires partitions after ${days(now)} instead of ${days(old)}: those between ${days(now)} and ${days(old)} old are deleted at once`];
}

/** A column an in-place table update makes NOT NULL, or adds NOT NULL to a table that exists. */
export interface NotNullChange {
  address: string;
  detail: string;
}

/**
 * What an in-place update of a Snowflake table makes NOT NULL: an existing column made required
 * (`ALTER COLUMN … SET NOT NULL`, which Snowflake refuses while the column holds a NULL) and a required
 * column added (`ADD COLUMN … NOT NULL`, which it refuses on a table with rows: "Non-nullable column
 * cannot be added to non-empty table"). The plan cannot count those rows, so it names the columns and
 * says so; the apply after the merge would otherwise stop half-way. BigQuery's provider replaces a table
 * for either change (destructive already); Glue has no NOT NULL.
 */
function notNullDetail(type: string, change: ResourceChange["change"]): string | undefined {
  if (type !== "snowflake_table") return undefined;
  const before = tableColumns(type, change?.before);
  const after = tableColumns(type, change?.after);
  if (before === undefined || after === undefined) return undefined;
  const made: string[] = [];
  const added: string[] = [];
  for (const column of after) {
    if (column.nullable !== false) continue;
    const old = before.find((c) => c.name === column.name);
    if (old === undefined) added.push(column.name);
    else if (old.nullable !== false) made.push(column.name);
  }
  const list = (names: readonly string[]) => `column${names.length === 1 ? "" : "s"} ${names.join(", ")}`;
  const parts = [
    ...(made.length > 0 ? [`makes ${list(made)} required (NOT NULL: Snowflake refuses it while ${made.length === 1 ? "the column holds" : "a column holds"} a NULL)`] : []),
    ...(added.length > 0 ? [`adds required ${list(added)} (NOT NULL, no default: Snowflake refuses it on a table with rows)`] : []),
  ];
  return parts.length > 0 ? parts.join("; ") : undefined;
}

/**
 * The in-place table updates of a `terraform show -json` plan that the table's rows could stop (a Snowflake
 * column made NOT NULL, a NOT NULL column added): the plan cannot count those rows, so it warns.
 */
export function notNullChanges(planJson: unknown): NotNullChange[] {
  return inPlaceUpdates(planJson, notNullDetail);
}

/** A BigQuery table whose state expires partitions after an age the rendered configuration no longer sets. */
export interface KeptExpiration {
  address: string;
  /** `dataset.table`. */
  table: string;
  days: number;
}

/**
 * The BigQuery tables of a `terraform show -json` plan (kept, updated in place or not changed) whose state has a partition
 * expiration that `files`, the rendered configuration, does not set: the retention SLA at the partitioning column was
 * removed, or moved to another column. The Google provider's `expiration_ms` is optional and computed, so it plans no
 * change, and BigQuery goes on deleting partitions at the old age.
 */
export function keptPartitionExpirations(planJson: unknown, files: Readonly<Record<string, string>>): KeptExpiration[] {
  const rendered = new Map<string, unknown>();
  for (const text of Object.values(files)) {
    const tables = (JSON.parse(text) as { resource?: { google_bigquery_table?: Record<string, unknown> } }).resource?.google_bigquery_table ?? {};
    for (const [label, body] of Object.entries(tables)) rendered.set(`google_bigquery_table.${label}`, body);
  }
  const expirationOf = (value: unknown): unknown => {
    const partitioning = isObject(value) ? value.time_partitioning : undefined;
    const first: unknown = Array.isArray(partitioning) ? partitioning[0] : partitioning;
    return isObject(first) ? first.expiration_ms : undefined;
  };
  return managedChanges(planJson).flatMap(({ address, type, actions, change }) => {
    if (type !== "google_bigquery_table" || actions.includes("delete") || !rendered.has(address) || expirationOf(rendered.get(address)) !== undefined) return [];
    const before = change.before;
    const ms = expirationOf(before);
    if (typeof ms !== "number" || ms <= 0 || !isObject(before)) return [];
    return [{ address, table: `${String(before.dataset_id)}.${String(before.table_id)}`, days: ms / 86_400_000 }];
  });
}

/**
 * Resources that only grant access. Destroying or replacing one loses no data, and the contract's
 * reviewers decided the access: a role removed from the contract, or no longer approved for sensitive
 * data, loses it at once, without the destructive flag — keeping access they withdrew is the danger.
 */
const ACCESS_GRANTS: ReadonlySet<string> = new Set([
  "aws_lakeformation_permissions",
  "snowflake_grant_privileges_to_account_role",
  "snowflake_grant_account_role",
  "google_bigquery_table_iam_member",
]);

/**
 * Resources that only label others. A Snowflake tag association is one per tag, value and object type, and
 * the provider replaces it for another value: a cost center changed in the contract destroys one and creates
 * another. That loses no data, so it needs no destructive flag (AWS tags and BigQuery labels are updated in place).
 */
const TAG_ASSOCIATIONS: ReadonlySet<string> = new Set(["snowflake_tag_association"]);

/** The meshkit plan of a `terraform show -json` plan: one change per managed resource that changes. */
export function provisionPlanFromTerraform(target: TerraformTarget, planJson: unknown, products: readonly string[] = []): ProvisionPlan {
  const changes: Change[] = [];
  const resourceChanges = isObject(planJson) && Array.isArray(planJson.resource_changes) ? (planJson.resource_changes as ResourceChange[]) : [];
  const storage = plannedStorage(resourceChanges);
  for (const rc of resourceChanges) {
    if (!isObject(rc) || rc.mode === "data" || typeof rc.address !== "string") continue;
    const actions = isObject(rc.change) && Array.isArray(rc.change.actions) ? rc.change.actions.map(String) : [];
    const kind = typeof rc.type === "string" ? rc.type : "resource";
    const has = (a: string) => actions.includes(a);
    const loses = ACCESS_GRANTS.has(kind) || TAG_ASSOCIATIONS.has(kind) ? {} : { destructive: true };
    const change = isObject(rc.change) ? rc.change : undefined;
    const retyped = retypedColumns(kind, change);
    if (has("create") && has("delete")) {
      changes.push({ action: "update", kind, address: rc.address, detail: `replace (destroy, then create)${retyped.length > 0 ? `: ${retypedDetail(retyped)}` : ""}`, ...loses });
    } else if (has("create")) changes.push({ action: "create", kind, address: rc.address });
    else if (has("delete")) changes.push({ action: "delete", kind, address: rc.address, ...loses });
    else if (has("update")) {
      const dropped = droppedColumns(kind, change);
      const notNull = notNullDetail(kind, change);
      const lost = [...glueStorageChanges(kind, change, storage), ...shortenedExpirations(kind, change, storage), ...shortenedPartitionExpiration(kind, change)];
      const details = [
        ...lost,
        ...(dropped.length > 0 ? [droppedDetail(kind, dropped)] : []),
        ...(retyped.length > 0 ? [retypedDetail(retyped)] : []),
        ...(notNull !== undefined ? [notNull] : []),
      ];
      // A retype that is not safe loses values or makes them unreadable; one the warehouse refuses is
      // destructive too (the way to make it is to drop and recreate), and unsupportedChanges reports it.
      const loses = lost.length > 0 || dropped.length > 0 || retyped.some((c) => c.verdict.kind === "destructive" || c.verdict.kind === "unsupported");
      changes.push({ action: "update", kind, address: rc.address, ...(details.length > 0 ? { detail: details.join("; ") } : {}), ...(loses ? { destructive: true } : {}) });
    }
  }
  return { kind: "meshkit-provision-plan", version: 1, target, products: [...products], changes };
}

/** What a plan says about the S3 folders of a lake's tables, across its resources. */
interface PlannedStorage {
  /** The locations (`s3://<bucket>/<prefix>`) of the Glue tables it creates (not replaces): new tables, whose folders hold no files yet. */
  created: ReadonlySet<string>;
  /** The locations a lifecycle rule expired before the plan (a table's retention rule). */
  expiring: ReadonlySet<string>;
}

function plannedStorage(resourceChanges: readonly ResourceChange[]): PlannedStorage {
  const created = new Set<string>();
  const expiring = new Set<string>();
  for (const rc of resourceChanges) {
    if (!isObject(rc) || rc.mode === "data" || !isObject(rc.change)) continue;
    const actions = Array.isArray(rc.change.actions) ? rc.change.actions.map(String) : [];
    const before = rc.change.before;
    if (rc.type === "aws_glue_catalog_table" && actions.length === 1 && actions[0] === "create") {
      const location = glueDescriptor(rc.change.after)?.location;
      if (typeof location === "string") created.add(location);
    } else if (rc.type === "aws_s3_bucket_lifecycle_configuration" && isObject(before) && typeof before.bucket === "string") {
      for (const rule of expiringRules(before).values()) if (rule.prefix) expiring.add(`s3://${before.bucket}/${rule.prefix}`);
    }
  }
  return { created, expiring };
}

/** The enabled rules of a bucket lifecycle configuration's state that expire objects, by `id`: after how many days, under which prefix. */
function expiringRules(state: unknown): Map<string, { days: number; prefix: string | undefined }> {
  const list = isObject(state) && Array.isArray(state.rule) ? state.rule : [];
  const byId = new Map<string, { days: number; prefix: string | undefined }>();
  for (const rule of list) {
    if (!isObject(rule) || typeof rule.id !== "string" || rule.status === "Disabled") continue;
    const expiration = Array.isArray(rule.expiration) ? rule.expiration[0] : rule.expiration;
    const filter = Array.isArray(rule.filter) ? rule.filter[0] : rule.filter;
    if (!isObject(expiration) || typeof expiration.days !== "number" || expiration.days <= 0) continue;
    byId.set(rule.id, { days: expiration.days, prefix: isObject(filter) && typeof filter.prefix === "string" ? filter.prefix : undefined });
  }
  return byId;
}

/** The storage descriptor (location, format, columns) of a Glue table's state in a plan. */
function glueDescriptor(state: unknown): Record<string, unknown> | undefined {
  const first = isObject(state) && Array.isArray(state.storage_descriptor) ? state.storage_descriptor[0] : undefined;
  return isObject(first) ? first : undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function redact(arg: string): string {
  return arg.startsWith("-var=") ? `-var=${arg.slice(5).split("=")[0]}=***` : arg;
}

function tail(text: string): string {
  const trimmed = text.trim();
  return trimmed.length > 2000 ? `...${trimmed.slice(-2000)}` : trimmed;
}
