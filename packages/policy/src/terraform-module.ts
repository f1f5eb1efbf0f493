/**
 * A Terraform configuration's module: the other `*.tf.json` files of its folder. Terraform reads every
 * file of a folder as one module, so a provider's `default_tags` in `providers.tf.json` applies to the
 * buckets of `main.tf.json`, and an encryption configuration in `encryption.tf.json` encrypts them. A
 * policy checks one document at a time and reports on it alone; `module` (a CEL variable) lets it read
 * what the rest of the module declares.
 */
import { readdirSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { readSourceFile } from "@meshkit/core";
import { isPlainData } from "./cel-js.js";
import type { PolicyTarget } from "./engine.js";
import { type Located, isTerraformConfiguration, terraformProviders, terraformResources } from "./views.js";

/** What a configuration's module declares outside it. */
export interface TerraformModule {
  /** The module's other files, as paths are shown (beside the document's own). */
  files: string[];
  /** Their provider blocks, one `{name: block}` each (HCL's array form): `{"aws": {"region": …, "default_tags": …}}`. */
  provider: Record<string, unknown>[];
  /** Their resources, as `resources` lists a document's, each with its `file`. */
  resources: Located[];
}

/** The module of a document that is in none: a plan, a contract, a file that is not `*.tf.json`, a pack's test fixture. */
export const NO_MODULE: TerraformModule = { files: [], provider: [], resources: [] };

const TF_JSON = /\.tf\.json$/i;

/** One file of a module folder, read once per run. */
interface ModuleFile {
  name: string;
  provider: Record<string, unknown>[];
  resources: Located[];
}

export type ModuleOf = (target: PolicyTarget) => { module: TerraformModule; plain: boolean };

/**
 * Modules as a run sees them: a folder's files from disk (read once per folder), except those among
 * `given` (the documents the run checks, which may differ from disk: the pre-commit hook checks what is
 * staged), whose checked value is used. A file that cannot be read or is not a configuration is left
 * out: it is reported where it is checked, and cannot say what the module declares.
 */
export function terraformModules(cwd: string, given: readonly PolicyTarget[] = []): ModuleOf {
  const folders = new Map<string, ModuleFile[]>();
  const givenValues = new Map<string, unknown>();
  for (const target of given) if (target.kind === "Infrastructure") givenValues.set(resolve(cwd, target.doc.file), target.doc.value);
  const folder = (dir: string, shown: string): ModuleFile[] => {
    let files = folders.get(dir);
    if (files) return files;
    files = [];
    let names: string[];
    try {
      names = readdirSync(dir).filter((name) => TF_JSON.test(name)).sort();
    } catch {
      names = [];
    }
    for (const name of names) {
      const path = join(dir, name);
      const value = givenValues.has(path) ? givenValues.get(path) : readConfiguration(path, join(shown, name));
      if (!isTerraformConfiguration(value)) continue;
      const display = join(shown, name);
      files.push({ name, provider: terraformProviders(value), resources: terraformResources(value).map((r) => ({ ...r, file: display })) });
    }
    folders.set(dir, files);
    return files;
  };
  return (target) => {
    const file = target.doc.file;
    if (target.kind !== "Infrastructure" || !TF_JSON.test(file) || !isTerraformConfiguration(target.doc.value)) return { module: NO_MODULE, plain: true };
    const own = basename(file);
    const others = folder(resolve(cwd, dirname(file)), dirname(file)).filter((f) => f.name !== own);
    const module: TerraformModule = {
      files: others.map((f) => join(dirname(file), f.name)),
      provider: others.flatMap((f) => f.provider),
      resources: others.flatMap((f) => f.resources),
    };
    return { module, plain: isPlainData(module) };
  };
}

function readConfiguration(path: string, display: string): unknown {
  const read = readSourceFile(path, display);
  if (!read.ok) return undefined;
  try {
    return JSON.parse(read.text.replace(/^\uFEFF/, ""));
  } catch {
    return undefined;
  }
}
