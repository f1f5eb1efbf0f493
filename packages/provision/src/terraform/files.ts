/**
 * Writing a render to its directory, idempotently: each file atomically (and only when it changed),
 * and the files of an earlier render that this one no longer has removed — a product whose file
 * stayed behind would keep its resources in every plan. Only files meshkit rendered (their `"//"`
 * header says so) are ever removed.
 *
 * Terraform plans every configuration file in the directory, not only meshkit's: a committed
 * `zz_extra.tf` would add resources, a `zz_override.tf` would change the rendered provider, and
 * neither would show in the contracts. So any other Terraform configuration there is refused (one
 * line, exit 2), never silently deleted — it may be someone's work. The one exception is a
 * backend-only JSON file (`{"terraform": {"backend": …}}`): it says where the state lives, declares
 * nothing, and CI needs it (docs/provision.md).
 */
import { lstatSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { UsageError, makeDirectory, writeFileAtomic } from "@meshkit/core";
import { RENDERED_HEADER } from "./module.js";

export interface WrittenFiles {
  written: string[];
  unchanged: string[];
  removed: string[];
}

/** What an existing file in the directory that this render does not write is to meshkit. */
type Existing = "not-configuration" | "stale-render" | "backend" | "foreign";

export function writeTerraformFiles(dir: string, files: Readonly<Record<string, string>>): WrittenFiles {
  for (const name of Object.keys(files)) {
    if (name.includes("/") || name.includes("\\") || !name.endsWith(".tf.json")) throw new Error(`not a rendered file name: ${name}`);
  }
  const others = existing(dir).filter((name) => !(name in files));
  const classified = new Map(others.map((name) => [name, classify(dir, name)]));
  // Checked before anything is written: a refused run leaves the directory as it was.
  const foreign = others.filter((name) => classified.get(name) === "foreign");
  if (foreign.length > 0) throw new UsageError(foreignMessage(dir, foreign));

  const result: WrittenFiles = { written: [], unchanged: [], removed: [] };
  const remove = (name: string) => {
    rmSync(join(dir, name), { force: true });
    result.removed.push(name);
  };
  const stale = others.filter((name) => classified.get(name) === "stale-render");
  // An earlier render's file whose name this render writes in another case (product `orders` renamed `Orders`) is
  // removed first: on a case-insensitive file system (macOS's, Windows' defaults) the two names are one file, and
  // removing it after the write would remove the render just written.
  const written = new Set(Object.keys(files).map((name) => name.toLowerCase()));
  const recased = stale.filter((name) => written.has(name.toLowerCase()));
  makeDirectory(dir);
  for (const name of recased) remove(name);
  for (const [name, text] of Object.entries(files)) {
    if (readRegular(join(dir, name)) === text) result.unchanged.push(name);
    else {
      writeFileAtomic(join(dir, name), text);
      result.written.push(name);
    }
  }
  for (const name of stale) if (!recased.includes(name)) remove(name);
  result.removed.sort();
  return result;
}

/**
 * Whether Terraform (or OpenTofu, which may be installed as `terraform`) reads `name` from a root
 * module's directory: configuration and override files, and the CLI configuration files some
 * installations look for there. Compared without case: a case-insensitive file system loads `X.TF`.
 */
export function isTerraformConfigurationName(name: string): boolean {
  const lower = name.toLowerCase();
  return /\.(tf|tofu)(\.json)?$/.test(lower) || lower === ".terraformrc" || lower === "terraform.rc";
}

/**
 * Whether terraform's state for `dir` may hold resources an earlier apply made: the local state of the workspace
 * terraform will select there is present, or a backend-only file says where the state lives (in CI, where the folder
 * is new on every run). `env` is the environment terraform runs in (its `TF_WORKSPACE` and `TF_DATA_DIR`).
 */
export function holdsTerraformState(dir: string, env: Readonly<Record<string, string | undefined>> = process.env): boolean {
  return present(join(dir, localStatePath(dir, env))) || existing(dir).some((name) => classify(dir, name) === "backend");
}

/**
 * Where the local backend keeps the selected workspace's state, relative to `dir`: `terraform.tfstate` for the default
 * workspace, `terraform.tfstate.d/<name>/terraform.tfstate` for another. Terraform selects `TF_WORKSPACE`, else the name
 * `terraform workspace select` left in its data folder's `environment` file (`TF_DATA_DIR`, `.terraform` by default).
 */
function localStatePath(dir: string, env: Readonly<Record<string, string | undefined>>): string {
  const selected = env.TF_WORKSPACE || readRegular(join(resolve(dir, env.TF_DATA_DIR || ".terraform"), "environment"))?.trim() || "default";
  return selected === "default" ? "terraform.tfstate" : join("terraform.tfstate.d", selected, "terraform.tfstate");
}

/** Whether anything is at `path` (a link too, as a directory listing shows it). */
function present(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

function classify(dir: string, name: string): Existing {
  if (!isTerraformConfigurationName(name)) return "not-configuration";
  // Only a regular file is read: a link (to /dev/zero, to a file outside) is never meshkit's.
  const text = readRegular(join(dir, name));
  if (text === undefined) return "foreign";
  const value = parseObject(text);
  if (value === undefined) return "foreign";
  // meshkit renders `*.tf.json` only; its header on any other name is not its own.
  if (name.endsWith(".tf.json") && typeof value["//"] === "string" && value["//"].startsWith(RENDERED_HEADER)) return "stale-render";
  return isBackendOnly(value) && !/_override\.(tf|tofu)\.json$/i.test(name) ? "backend" : "foreign";
}

/** `{"terraform": {"backend": {…}}}` and an optional `"//"` comment: where the state lives, nothing else. */
function isBackendOnly(value: Record<string, unknown>): boolean {
  const terraform = value.terraform;
  const onlyKeys = (object: Record<string, unknown>, allowed: readonly string[]) => Object.keys(object).every((key) => allowed.includes(key));
  return onlyKeys(value, ["//", "terraform"]) && isObject(terraform) && onlyKeys(terraform, ["backend"]) && isObject(terraform.backend);
}

function foreignMessage(dir: string, names: readonly string[]): string {
  const list = names.join(", ");
  const verb = names.length === 1 ? "is Terraform configuration" : "are Terraform configuration";
  return `Refusing to render into ${dir}: ${list} ${verb} meshkit did not render, which terraform would plan and apply with the contracts' infrastructure; remove ${names.length === 1 ? "it" : "them"} (only a backend-only *.tf.json file may stay)`;
}

function existing(dir: string): string[] {
  try {
    return readdirSync(dir).sort();
  } catch {
    return [];
  }
}

/** The text of a regular file (not a link, a folder or a device), else undefined. */
function readRegular(path: string): string | undefined {
  try {
    return lstatSync(path).isFile() ? readFileSync(path, "utf8") : undefined;
  } catch {
    return undefined;
  }
}

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return isObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
