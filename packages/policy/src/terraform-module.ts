/**
 * A Terraform configuration's module: the `*.tf.json` files of its folder. Terraform reads every file
 * of a folder as one module, so a provider's `default_tags` in `providers.tf.json` apply to the buckets
 * of `main.tf.json`, and an encryption configuration in `encryption.tf.json` encrypts them. A policy
 * checks one document at a time and reports on it alone; `module` (a CEL variable) shows it what the
 * module's other files declare that bears on it: their provider blocks, and their resources that refer
 * to one of the document's or that one of the document's refers to.
 *
 * Only related resources, not all of them: meshkit's own provision output is one folder of a file per
 * product, tens of thousands at scale, and every file seeing every other's would make a run quadratic.
 */
import { readdirSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { isDeepStrictEqual } from "node:util";
import { isMapping, readSourceFile } from "@meshkit/core";
import { isPlainData } from "./cel-js.js";
import type { PolicyTarget } from "./engine.js";
import { type Located, isTerraformConfiguration, terraformProviders, terraformResources } from "./views.js";

/** What a configuration's module declares outside it, as far as it bears on it. */
export interface TerraformModule {
  /** The provider blocks of the module's other files, one `{name: block}` each (HCL's array form): `{"aws": {"region": …, "default_tags": …}}`. */
  provider: Record<string, unknown>[];
  /**
   * The resources of the module's other files that refer to one of the document's resources (an
   * encryption configuration with `bucket = "${aws_s3_bucket.raw.id}"`) or that one of its resources
   * refers to (a KMS key), as `resources` lists a document's, each with its `file`; in file order.
   */
  resources: Located[];
}

/** The module of a document that is in none: a plan, a contract, a file that is not `*.tf.json`, a pack's test fixture. */
export const NO_MODULE: TerraformModule = { provider: [], resources: [] };

const TF_JSON = /\.tf\.json$/i;

/**
 * Where a module folder's files are read from: the disk, for `meshkit policy`; the pre-commit hook gives
 * the git index for the folders of staged configurations, so that the module is the commit's (not an
 * untracked sibling file, nor one deleted from the index but still on disk).
 */
export interface ModuleFiles {
  /** The names of the files in a folder (an absolute path); none when it cannot be read. */
  names(dir: string): string[];
  /** A file's text; undefined when it cannot be read. */
  text(path: string, display: string): string | undefined;
}

export const DISK_MODULE_FILES: ModuleFiles = {
  names: (dir) => {
    try {
      return readdirSync(dir);
    } catch {
      return [];
    }
  },
  text: (path, display) => {
    const read = readSourceFile(path, display);
    return read.ok ? read.text : undefined;
  },
};

/** A resource of a module folder, with the resources of the module's other files it names. */
interface ModuleResource {
  resource: Located;
  /** Its place in the folder (file order, then the file's order): the order `module.resources` keeps. */
  ordinal: number;
  file: string;
  references: string[];
}

/** A module folder, read once per run. */
interface ModuleFolder {
  providers: { file: string; provider: Record<string, unknown>[] }[];
  byAddress: Map<string, ModuleResource>;
  referencedBy: Map<string, ModuleResource[]>;
}

export type ModuleOf = (target: PolicyTarget) => { module: TerraformModule; plain: boolean };

/**
 * Modules as a run sees them: a folder's files from disk (read once per folder), except those among
 * `given` (the documents the run checks, which may differ from disk: the pre-commit hook checks what is
 * staged), whose checked value is used. A file that cannot be read or is not a configuration is left
 * out: it is reported where it is checked, and cannot say what the module declares.
 */
export function terraformModules(cwd: string, given: readonly PolicyTarget[] = [], files: ModuleFiles = DISK_MODULE_FILES): ModuleOf {
  const folders = new Map<string, ModuleFolder>();
  const givenValues = new Map<string, unknown>();
  for (const target of given) if (target.kind === "Infrastructure") givenValues.set(resolve(cwd, target.doc.file), target.doc.value);
  const folder = (dir: string, shown: string): ModuleFolder => {
    let known = folders.get(dir);
    if (known) return known;
    known = { providers: [], byAddress: new Map(), referencedBy: new Map() };
    const names = files.names(dir).filter((name) => TF_JSON.test(name)).sort();
    const resources: ModuleResource[] = [];
    for (const name of names) {
      const path = join(dir, name);
      const value = givenValues.has(path) ? givenValues.get(path) : readConfiguration(files.text(path, join(shown, name)));
      if (!isTerraformConfiguration(value)) continue;
      const file = join(shown, name);
      const provider = terraformProviders(value);
      if (provider.length > 0) known.providers.push({ file, provider });
      for (const resource of terraformResources(value)) {
        const entry: ModuleResource = { resource: { ...resource, file }, ordinal: resources.length, file, references: [] };
        resources.push(entry);
        known.byAddress.set(resource.address as string, entry);
      }
    }
    // References are resolved once every address of the module is known, and only those between files are
    // kept: a resource no other file's refers to, and that refers to none of another file, is no one's
    // concern but its own file's, and is let go (a folder of self-contained files keeps next to nothing).
    const byAddress = known.byAddress;
    for (const entry of resources) entry.references = referencedAddresses(entry.resource.values, byAddress).filter((address) => byAddress.get(address)!.file !== entry.file);
    const crossFile = new Set<ModuleResource>();
    for (const entry of resources) {
      for (const address of entry.references) {
        crossFile.add(entry).add(byAddress.get(address)!);
        const list = known.referencedBy.get(address);
        if (list) list.push(entry);
        else known.referencedBy.set(address, [entry]);
      }
    }
    for (const entry of resources) if (!crossFile.has(entry)) byAddress.delete(entry.resource.address as string);
    folders.set(dir, known);
    return known;
  };
  return (target) => {
    const file = target.doc.file;
    if (target.kind !== "Infrastructure" || !TF_JSON.test(file) || !isTerraformConfiguration(target.doc.value)) return { module: NO_MODULE, plain: true };
    const module = folder(resolve(cwd, dirname(file)), dirname(file));
    const own = join(dirname(file), basename(file));
    const related = new Set<ModuleResource>();
    for (const resource of terraformResources(target.doc.value)) {
      const address = resource.address as string;
      for (const entry of module.referencedBy.get(address) ?? []) if (entry.file !== own) related.add(entry);
      for (const referenced of referencedAddresses(resource.values, module.byAddress)) {
        const entry = module.byAddress.get(referenced);
        if (entry && entry.file !== own) related.add(entry);
      }
    }
    const result: TerraformModule = {
      provider: module.providers.filter((p) => p.file !== own).flatMap((p) => p.provider),
      resources: [...related].sort((a, b) => a.ordinal - b.ordinal).map((entry) => entry.resource),
    };
    return { module: result, plain: isPlainData(result) };
  };
}

/**
 * The configurations among `targets` whose module reads otherwise from `before`'s files than from `now`'s
 * (the pre-commit hook: HEAD's folder and the commit's). A configuration a commit leaves as it was still
 * changes with its module: deleting the sibling file that encrypts its bucket leaves the bucket unencrypted.
 */
export function modulesChanged(cwd: string, targets: readonly PolicyTarget[], now: ModuleFiles, before: ModuleFiles): PolicyTarget[] {
  const moduleNow = terraformModules(cwd, targets, now);
  const moduleBefore = terraformModules(cwd, targets, before);
  return targets.filter((target) => !isDeepStrictEqual(moduleNow(target).module, moduleBefore(target).module));
}

/** `aws_s3_bucket.raw` in `"${aws_s3_bucket.raw.id}"`; not the `aws_s3_bucket.raw` of `data.aws_s3_bucket.raw` or `var.x.aws_s3_bucket.raw`. */
const REFERENCE = /(?<![\w.-])([A-Za-z][\w-]*)\.([A-Za-z_][\w-]*)/g;

/** The module resources an argument value names in its interpolations (`${…}`), at any depth. */
function referencedAddresses(value: unknown, addresses: ReadonlyMap<string, unknown>): string[] {
  const found = new Set<string>();
  const visit = (v: unknown, depth: number) => {
    if (depth > 64) return;
    if (typeof v === "string") {
      if (!v.includes("${")) return;
      for (const match of v.matchAll(REFERENCE)) {
        const address = `${match[1]}.${match[2]}`;
        if (addresses.has(address)) found.add(address);
      }
    } else if (Array.isArray(v)) {
      for (const item of v) visit(item, depth + 1);
    } else if (isMapping(v)) {
      for (const item of Object.values(v)) visit(item, depth + 1);
    }
  };
  visit(value, 0);
  return [...found];
}

function readConfiguration(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch {
    return undefined;
  }
}
