import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { type MeshkitConfig, isSymbolicLink } from "./config.js";
import { type Finding, UsageError } from "./findings.js";
import { isMapping } from "./kinds.js";
import type { LoadedDocument } from "./document.js";

/** How `policy.packs` (and `--policies`) names a pack meshkit ships: `builtin:<name>`. */
export const BUILTIN_PACK_PREFIX = "builtin:";

/**
 * The names of the packs meshkit ships (the folders of packages/policy/packs), here so that `meshkit lint`
 * can check a config's `policy.packs` without loading the policy engine; @meshkit/policy's tests keep the
 * list in step with the packs it builds in.
 */
export const BUILTIN_POLICY_PACKS: readonly string[] = ["platform-baseline"];

/**
 * Why a pack of `policy.packs` or `--policies` cannot be used, or undefined: a built-in name meshkit does not
 * ship, an empty path, or a path (resolved against `cwd`) where `exists` finds nothing.
 */
export function policyPackProblem(pack: string, cwd: string, exists: (path: string) => boolean = existsSync): string | undefined {
  if (pack.startsWith(BUILTIN_PACK_PREFIX)) {
    const name = pack.slice(BUILTIN_PACK_PREFIX.length);
    return BUILTIN_POLICY_PACKS.includes(name) ? undefined : `unknown built-in policy pack ${pack}; built-in packs: ${BUILTIN_POLICY_PACKS.map((n) => BUILTIN_PACK_PREFIX + n).join(", ")}`;
  }
  // An empty path would name the working directory itself.
  if (pack.trim() === "") return "policy pack path is empty: name a folder, a file or builtin:<name>";
  const path = resolve(cwd, pack);
  try {
    if (exists(path)) return undefined;
  } catch (error) {
    // `exists` may say why a pack that is there cannot be used (the pre-commit hook: its files are untracked).
    if (error instanceof UsageError) return error.message;
    throw error;
  }
  return isSymbolicLink(path) ? `policy pack ${pack} is a symbolic link that leads nowhere (a missing target or a loop)` : `policy pack not found: ${pack}`;
}

/**
 * The first pack of meshkit.yaml's `policy.packs` that cannot be used (policyPackProblem), as a `config-invalid`
 * finding at its entry in the file that lists it; undefined when all can. `meshkit policy` stops on it, and
 * `meshkit lint` reports it: a misspelt pack would otherwise pass lint and every hook until policy ran.
 */
export function missingConfigPack(config: MeshkitConfig, cwd: string, exists?: (path: string) => boolean): Finding | undefined {
  // The last file that lists packs wrote the list in use (a domain's list replaces the platform's).
  const writer = config.sources.findLast((doc) => isMapping(doc.value) && isMapping(doc.value.policy) && Array.isArray(doc.value.policy.packs));
  if (!writer || !isMapping(writer.value) || !isMapping(writer.value.policy)) return undefined;
  const written = writer.value.policy.packs as unknown[];
  for (const [i, pack] of config.policy.packs.entries()) {
    const problem = policyPackProblem(pack, cwd, exists);
    if (problem === undefined) continue;
    // Packs are resolved against the config's folder: the message shows the entry as written.
    const asWritten = typeof written[i] === "string" ? written[i] : pack;
    return packFinding(writer, i, problem.replace(pack, asWritten));
  }
  return undefined;
}

/**
 * missingConfigPack for a config that is not the one in use (`meshkit lint platform/meshkit.yaml`, the platform's
 * config that domains extend): the first of its `policy.packs`, as written, that cannot be used from `folder`, its own.
 */
export function missingWrittenPack(doc: LoadedDocument, folder: string): Finding | undefined {
  if (!isMapping(doc.value) || !isMapping(doc.value.policy) || !Array.isArray(doc.value.policy.packs)) return undefined;
  for (const [i, pack] of (doc.value.policy.packs as unknown[]).entries()) {
    const problem = typeof pack === "string" ? policyPackProblem(pack, folder) : undefined;
    if (problem !== undefined) return packFinding(doc, i, problem);
  }
  return undefined;
}

function packFinding(doc: LoadedDocument, index: number, problem: string): Finding {
  const message = `${doc.file}: ${problem} (policy.packs are relative to this file)`;
  return doc.finding({ ruleId: "config-invalid", severity: "error", message, path: `/policy/packs/${index}`, stage: "config" });
}
