import { relative, resolve } from "node:path";
import { type MeshkitConfig, displayPath, isFolder } from "./config.js";
import type { Finding, RuleMeta, Stage } from "./findings.js";
import { isContractWithMisspeltKind, isContractWithoutKind, isMapping } from "./kinds.js";
import { discoverFiles, leftOutMatches, readDocumentFile } from "./discover.js";
import { type LoadedDocument, loadText } from "./document.js";

/**
 * A whole-project run whose configured `files.include` selects no document, or (policy) a `policy.infrastructure` glob that
 * matches no file: every command that reads the globs reports it.
 */
export const INCLUDE_UNMATCHED_RULE: RuleMeta = {
  id: "include-unmatched",
  defaultSeverity: "warning",
  stage: "lint",
  // The SARIF rule's description, code scanning's for both kinds of finding.
  description: "The files.include globs of meshkit.yaml select no contract or product, or a policy.infrastructure glob matches no file: a run with no paths checked nothing.",
};

/** The level of include-unmatched, for every glob of meshkit.yaml it reports: `lint.rules` sets it. */
function unmatchedLevel(config: MeshkitConfig) {
  return config.lint.rules[INCLUDE_UNMATCHED_RULE.id] ?? INCLUDE_UNMATCHED_RULE.defaultSeverity;
}

/**
 * `include-unmatched` at the `files.include` a config wrote, for a run with no paths that found no contract or
 * product: a mistyped glob (`contract/*.yaml`, globs written from the repository's top in a subfolder's config)
 * would otherwise pass as "no problems in 0 files", in lint and in every later stage alike. One level for all of
 * them, `lint.rules.include-unmatched`: a warning by default, as a domain repository made before its first
 * product (meshkit init) rightly has none yet. The defaults' globs are nobody's mistake: undefined then.
 */
export function unmatchedInclude(config: MeshkitConfig, cwd: string, stage: Stage): Finding | undefined {
  const level = unmatchedLevel(config);
  // The last config that lists globs wrote those in use (a domain's replace the platform's).
  const writer = config.sources.findLast((doc) => isMapping(doc.value) && isMapping(doc.value.files) && Array.isArray(doc.value.files.include));
  if (level === "off" || !writer || !isMapping(writer.value) || !isMapping(writer.value.files)) return undefined;
  const globs = (writer.value.files.include as unknown[]).map((glob) => JSON.stringify(glob)).join(", ");
  // Run in a subfolder of the project, only the files below it were looked for.
  const below = relative(config.root, resolve(cwd));
  const where = below === "" ? "" : ` in ${displayPath(resolve(cwd), config.root)}`;
  const message = `files.include (${globs}) selects no contract or product${where}, so nothing was checked; the globs are relative to the folder of ${writer.file}: fix them, or name the files to check.`;
  return writer.finding({ ruleId: INCLUDE_UNMATCHED_RULE.id, severity: level, message, path: "/files/include", stage });
}

/**
 * unmatchedInclude for a stage that does not itself know whether the globs selected a contract or product
 * (policy-check also checks infrastructure and meshkit.yaml; publish reads products only; test and provision
 * stop with nothing to run): the project's candidates are read as lint reads them. A file that cannot be read
 * or parsed, or a contract of an apiVersion meshkit does not read, counts as selected: the stage reports it. Nothing
 * is read when the globs are the defaults or the rule is off, and the walk stops at the first contract or product.
 */
export async function unmatchedIncludeOfProject(config: MeshkitConfig, cwd: string, stage: Stage): Promise<Finding | undefined> {
  const finding = unmatchedInclude(config, cwd, stage);
  if (!finding) return undefined;
  const configFiles = new Set(config.sources.map((doc) => resolve(cwd, doc.file)));
  for (const file of await discoverFiles([], config, cwd, { allowEmpty: true })) {
    if (configFiles.has(file.path)) continue;
    const read = readDocumentFile(file);
    if (!read) continue;
    if (!read.ok) return undefined;
    const loaded = loadText(file.display, read.text);
    if (loaded.findings.length > 0 || loaded.documents.some(isDataDocument)) return undefined;
  }
  return finding;
}

/**
 * `include-unmatched` at each glob of `policy.infrastructure` that matches no file (files.exclude and .gitignore
 * apply), for a policy run with no paths: a plan the CI job wrote elsewhere or not at all (`terraform show -json`
 * run in another folder), or one .gitignore leaves out, would pass as "no problems", the infrastructure never
 * checked. Reported at the glob the config wrote, at include-unmatched's level: one rule for the globs of
 * meshkit.yaml that select nothing.
 */
export async function unmatchedInfrastructure(config: MeshkitConfig, stage: Stage): Promise<Finding[]> {
  const level = unmatchedLevel(config);
  // The last config that lists globs wrote those in use (rebased one for one when inherited).
  const writer = config.sources.findLast((doc) => isMapping(doc.value) && isMapping(doc.value.policy) && Array.isArray(doc.value.policy.infrastructure));
  if (level === "off" || !writer || !isMapping(writer.value) || !isMapping(writer.value.policy)) return [];
  const written = writer.value.policy.infrastructure as unknown[];
  const findings: Finding[] = [];
  for (const [index, glob] of config.policy.infrastructure.entries()) {
    const matched = await discoverFiles([], { ...config, files: { include: [glob], exclude: config.files.exclude } }, config.root, { allowEmpty: true });
    if (matched.length > 0) continue;
    // A plan that is there but left out needs no other glob nor another `terraform show -json`: say what leaves it out.
    const left = await leftOutMatches(glob, config.root);
    const asWritten = String(written[index] ?? glob);
    const shown = JSON.stringify(asWritten);
    // `infra/plans` (or `infra/plans/`): a glob matches files, so it names no file in the folder, a folder of
    // plans or configurations that is there. Say so, and what to write, rather than to write a file there.
    const folder = isFolder(resolve(config.root, glob)) ? asWritten.replace(/\/+$/, "") : undefined;
    const message = folder
      ? `policy.infrastructure glob ${shown} names a folder, and globs match files, not folders, so no infrastructure was checked from it: write ${JSON.stringify(`${folder}/**/*.json`)} for the Terraform JSON under it (or the files' own extension: ${JSON.stringify(`${folder}/**/*.yaml`)}).`
      : left
        ? `policy.infrastructure glob ${shown} matches no file meshkit reads: every file it matches (${left.count}) is ${left.reason}, so no infrastructure was checked from it; name the file to check it anyway.`
        : `policy.infrastructure glob ${shown} matches no file (files.exclude and .gitignore apply), so no infrastructure was checked from it; globs are relative to the folder of ${writer.file}: fix it, write the file there before the check (terraform show -json), or name the file to check.`;
    findings.push(writer.finding({ ruleId: INCLUDE_UNMATCHED_RULE.id, severity: level, message, path: `/policy/infrastructure/${index}`, stage }));
  }
  return findings;
}

/**
 * Whether a document counts as selected by files.include (include-unmatched): a contract or a product, whatever its
 * apiVersion, or one that lost or misspelt its kind (lint's not-a-document says so: the globs found the file meant);
 * not meshkit.yaml, nor a policy pack's file, which globs such as `*.yaml` select too.
 */
export function isDataDocument(doc: Pick<LoadedDocument, "kind" | "value">): boolean {
  const type = doc.kind.type === "unsupported" ? doc.kind.kind : doc.kind.type;
  return type === "DataContract" || type === "DataProduct" || isContractWithoutKind(doc.value) || isContractWithMisspeltKind(doc.value);
}

/**
 * The one-line error of a stage that has nothing to run on with no path named (contract-test, provision): when
 * globs of files.include select no contract or product, it says so at them, rather than `otherwise` (there may
 * well be contracts under the current directory, outside the globs).
 */
export async function noDocumentFound(config: MeshkitConfig, cwd: string, stage: Stage, otherwise: string): Promise<string> {
  const unmatched = await unmatchedIncludeOfProject(config, cwd, stage);
  return unmatched ? `${unmatched.file}:${unmatched.line}:${unmatched.column}: ${unmatched.message}` : otherwise;
}
