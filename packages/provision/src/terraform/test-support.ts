/**
 * Test helpers of the Terraform renderers: the repository's examples as a model, rendered files written
 * to a directory, and what is installed to check them (terraform, cached providers, the built CLI).
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { type LoadedDocument, loadText } from "@meshkit/core";
import { type ProvisionModel, provisionModel } from "../model.js";

export const REPO_ROOT = fileURLToPath(new URL("../../../../", import.meta.url));
export const EXAMPLES = join(REPO_ROOT, "examples", "domains");

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? walk(join(dir, entry.name)) : [join(dir, entry.name)]));
}

/** Contracts and products of examples/domains, loaded as meshkit loads them (paths relative to the repo). */
export function exampleDocuments(): { contracts: LoadedDocument[]; products: LoadedDocument[] } {
  const files = walk(EXAMPLES)
    .filter((f) => f.endsWith(".odcs.yaml") || f.endsWith("product.odps.yaml"))
    .sort();
  const contracts: LoadedDocument[] = [];
  const products: LoadedDocument[] = [];
  for (const file of files) {
    const { documents, findings } = loadText(relative(REPO_ROOT, file), readFileSync(file, "utf8"));
    if (findings.length > 0) throw new Error(`${file}: ${findings[0]!.message}`);
    for (const doc of documents) (doc.kind.type === "DataContract" ? contracts : products).push(doc);
  }
  return { contracts, products };
}

export function exampleModel(order: (docs: LoadedDocument[]) => LoadedDocument[] = (d) => d): ProvisionModel {
  const { contracts, products } = exampleDocuments();
  return provisionModel({ contracts: order(contracts), products: order(products) });
}

/** Loads YAML documents written inline (one per string) as contracts/products. */
export function documentsFrom(texts: Record<string, string>): { contracts: LoadedDocument[]; products: LoadedDocument[] } {
  const contracts: LoadedDocument[] = [];
  const products: LoadedDocument[] = [];
  for (const [file, text] of Object.entries(texts)) {
    const { documents, findings } = loadText(file, text);
    if (findings.length > 0) throw new Error(`${file}: ${findings[0]!.message}`);
    for (const doc of documents) (doc.kind.type === "DataContract" ? contracts : products).push(doc);
  }
  return { contracts, products };
}

export function writeFiles(dir: string, files: Record<string, string>): string[] {
  mkdirSync(dir, { recursive: true });
  return Object.entries(files).map(([name, text]) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  });
}

export function which(binary: string): string | undefined {
  const found = spawnSync("sh", ["-c", `command -v ${binary}`], { encoding: "utf8" });
  return found.status === 0 && found.stdout.trim() !== "" ? found.stdout.trim() : undefined;
}

export const TERRAFORM = which("terraform");

/**
 * A local provider directory (`terraform init -plugin-dir`) holding `<namespace>/<type>`: the
 * MESHKIT_TF_PLUGIN_DIR environment variable, else /opt/tf-plugins. There is no network in tests, so a
 * provider that is not there cannot be installed.
 */
export function pluginDirFor(namespace: string, type: string): string | undefined {
  for (const dir of [process.env.MESHKIT_TF_PLUGIN_DIR, "/opt/tf-plugins"]) {
    if (dir && existsSync(join(dir, "registry.terraform.io", namespace, type))) return dir;
  }
  return undefined;
}

/** The terraform CLI, run in `dir` without touching the user's CLI configuration or the network. */
export function terraform(dir: string, args: string[]): { status: number; stdout: string; stderr: string } {
  const result = spawnSync(TERRAFORM ?? "terraform", args, {
    cwd: dir,
    encoding: "utf8",
    env: { ...process.env, CHECKPOINT_DISABLE: "1", TF_IN_AUTOMATION: "1", TF_CLI_CONFIG_FILE: "/dev/null"},
    maxBuffer: 256 * 1024 * 1024,
  });
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

export const CLI = join(REPO_ROOT, "packages", "cli", "dist", "meshkit.js");

let built = false;

/** Builds the workspace once (turbo cache makes this quick) so that the CLI bundle is current. */
export function buildCli(): void {
  if (built) return;
  built = true;
  try {
    execFileSync("npx", ["turbo", "run", "build", "--output-logs=errors-only"], { cwd: REPO_ROOT, stdio: "pipe" });
  } catch (error) {
    // Another package's build may be broken mid-change; the policy command only needs an existing bundle.
    if (!existsSync(CLI)) throw error;
  }
}

/** `meshkit policy <files> --policies builtin:platform-baseline --format json`, run as a user runs it. */
export function policyCheck(cwd: string, files: string[]): { status: number; report: { findings: unknown[]; results: { rule: string; result: string }[] }; stderr: string } {
  const result = spawnSync(process.execPath, [CLI, "policy", ...files, "--policies", "builtin:platform-baseline", "--format", "json"], { cwd, encoding: "utf8" });
  let report = { findings: [] as unknown[], results: [] as { rule: string; result: string }[] };
  try {
    report = JSON.parse(result.stdout);
  } catch {
    throw new Error(`meshkit policy printed no JSON (exit ${result.status}): ${result.stderr}`);
  }
  return { status: result.status ?? -1, report, stderr: result.stderr };
}
