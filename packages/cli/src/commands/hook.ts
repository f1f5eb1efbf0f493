import { join, relative } from "node:path";
import { LINT_RULES, type LintSource, bytesSource, lintSources, loadLintConfig } from "@meshkit/lint";
import { type Finding, type PolicySettings, UsageError, configGlobFilter, defaultConfig, displayPath, gitTopLevel, namedAsMeshkitDocument, prePushRanges, indexPaths, stagedBlobs, stagedPaths } from "@meshkit/core";
import { type ReportOptions, report } from "../output.js";
import { stagedPathsByConfig } from "./staged-configs.js";
import { type StagedPrefetch, prefetchStaged } from "./staged-prefetch.js";

export const HOOK_NAMES = ["pre-commit", "pre-push"] as const;

/** `meshkit hook <name> [args...]`: what the installed git hooks run. */
export async function hookCommand(
  name: string,
  args: string[],
  options: ReportOptions & { config?: string },
  cwd = process.cwd(),
  prefetch?: StagedPrefetch,
): Promise<number> {
  if (name === "pre-commit") {
    // git passes a pre-commit hook no arguments: any is a mistake in the hook script, not something to ignore.
    if (args.length > 0) throw new UsageError(`hook pre-commit takes no arguments (got ${args.map((a) => JSON.stringify(a)).join(" ")})`);
    return preCommit(options, cwd, prefetch);
  }
  if (name === "pre-push") return prePush(args[0], await readStdin(), options, cwd);
  throw new UsageError(`unknown hook ${name}; known hooks: ${HOOK_NAMES.join(", ")}`);
}

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) return "";
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/**
 * Compares each pushed commit with what the remote has (or, for a new branch, with its upstream) and
 * refuses the push when a contract breaks consumers without the version bump that says so.
 */
async function prePush(remote: string | undefined, stdin: string, options: ReportOptions & { config?: string }, cwd: string): Promise<number> {
  // Loaded here, not at the top: the pre-commit hook shares this module and must start fast.
  const { COMPAT_RULES, runCompat } = await import("@meshkit/compat");
  const top = await gitTopLevel(cwd);
  const ranges = await prePushRanges(stdin, top, remote ? { remote } : {});
  const findings: Finding[] = [];
  let files = 0;
  for (const range of ranges) {
    if (!range.remoteSha) {
      process.stderr.write(`meshkit: ${range.localRef} has no upstream to compare with; schema-compat will run in CI.\n`);
      continue;
    }
    const run = await runCompat({ cwd: top, paths: [], base: range.remoteSha, head: range.localSha, ...(options.config ? { configPath: options.config } : {}) });
    findings.push(...run.findings);
    files += run.files;
  }
  const exitCode = report(findings, files, COMPAT_RULES, "pre-push", { ...options, format: options.format ?? "text" }, cwd);
  if (exitCode !== 0) {
    process.stderr.write("meshkit: push refused: fix the version (the findings above say which), or push with --no-verify to skip; CI checks again.\n");
  }
  return exitCode;
}

/**
 * The project as the commit will hold it, the context of cross-file rules: the index version of every
 * document its config covers. Neither a working-tree edit that is not staged nor an untracked file is
 * part of the commit, so neither may pass or block it.
 */
async function stagedProjectContext(group: { config: { root: string }; documents: (path: string) => boolean }, top: string, cwd: string): Promise<LintSource[]> {
  const folder = relative(top, group.config.root).split("\\").join("/");
  const paths = (await indexPaths(top, folder.startsWith("..") ? "" : folder)).filter(group.documents);
  const blobs = await stagedBlobs(top, paths);
  return [...blobs].map(([path, bytes]) => bytesSource(displayPath(join(top, path), cwd), bytes));
}

/**
 * Lints the staged version of each staged contract or product: the content that will be committed,
 * even when the working tree has other edits. The rest of the repository is context for cross-file rules.
 *
 * Each staged path is checked with the config that governs it — the nearest meshkit.yaml upwards from
 * it, stopping at the top level (none: the defaults), or `--config` for every path — exactly as
 * `meshkit lint` run in that config's folder would: its globs, rule levels and policy packs, and its
 * project as the context of cross-file rules. One report for all of them.
 */
async function preCommit(options: ReportOptions & { config?: string }, cwd: string, prefetch = prefetchStaged(cwd)): Promise<number> {
  // git was asked before this module loaded (run.ts); its answers are used when it gave them.
  const prefetchedTop = await prefetch.top;
  const top = prefetchedTop ?? (await gitTopLevel(cwd));
  // `--config` is for every path: loaded (and a broken one reported) before the staged paths are known.
  const explicit = options.config ? await loadLintConfig({ cwd: top, configPath: options.config }) : undefined;
  const paths = (prefetchedTop !== undefined ? await prefetch.paths : undefined) ?? (await stagedPaths(top));
  const loaded = explicit
    ? [{ ...explicit, paths }]
    : // Each governing config once, all at the same time.
      await Promise.all(
        [...stagedPathsByConfig(top, paths)].map(async ([file, groupPaths]) => ({
          ...(file === undefined ? { config: defaultConfig(top), findings: [] } : await loadLintConfig({ cwd: top, configPath: file })),
          paths: groupPaths,
        })),
      );
  const configFindings = loaded.flatMap((group) => group.findings);
  if (configFindings.length > 0) return report(configFindings, 0, LINT_RULES, "pre-commit", options, cwd);

  const groups = loaded
    .map(({ config, paths: groupPaths }) => {
      const documents = configGlobFilter(config, top);
      const infrastructure = config.policy.infrastructure.length > 0 ? configGlobFilter({ ...config, files: { include: config.policy.infrastructure, exclude: config.files.exclude } }, top) : () => false;
      return { config, documents, infrastructure, candidates: groupPaths.filter((path) => documents(path) || infrastructure(path)) };
    })
    .filter((group) => group.candidates.length > 0);
  if (groups.length === 0) return 0;
  // The staged blobs of every group come from one git process while this one lists the rest of each
  // project (the context of its cross-file rules; files are read only when a rule needs them).
  const [blobs, contexts] = await Promise.all([
    stagedBlobs(top, groups.flatMap((group) => group.candidates)),
    Promise.all(groups.map((group) => (group.candidates.some(group.documents) ? stagedProjectContext(group, top, cwd) : []))),
  ]);
  const { POLICY_ENGINE_RULES, POLICY_INPUT_RULE_IDS, policyTargets } = await import("@meshkit/policy/targets");

  const checks = groups.map((group, i) => {
    const staged = group.candidates.flatMap((path) => {
      const bytes = blobs.get(path);
      return bytes ? [{ path, file: displayPath(join(top, path), cwd), bytes }] : [];
    });
    // contract-lint on the staged documents; the rest of the project is context for cross-file rules.
    // A staged `*.odcs.yaml` that is not a contract (a typo in `kind`, an empty file) is reported, as lint reports it.
    const targets = staged.filter((s) => group.documents(s.path)).map((s) => bytesSource(s.file, s.bytes, namedAsMeshkitDocument(s.path)));
    const targetFiles = new Set(targets.map((t) => t.file));
    const context = (contexts[i] ?? []).filter((source) => !targetFiles.has(source.file));
    const lint = lintSources(targets, context, group.config);
    // policy-check on the same staged content, in the same process.
    const policyInputs = staged.flatMap((s) => policyTargets(s.file, s.bytes, group.infrastructure(s.path)));
    return { config: group.config, lint, policyInputs };
  });
  if (checks.every((check) => check.lint.files === 0 && check.policyInputs.length === 0)) return 0;

  // The CEL engine is loaded only when a config has something for it to do: packs, OPA, rule levels to
  // check, waivers to expire (with none of these, checkDocuments reports nothing and the engine's rules, exactly as below).
  const policyApplies = ({ packs, opa, rules: levels, waivers }: PolicySettings) => packs.length > 0 || Boolean(opa) || Object.keys(levels).length > 0 || waivers.length > 0;
  const needsPolicy = checks.some((check) => check.policyInputs.length > 0 && policyApplies(check.config.policy));
  const checkDocuments = needsPolicy ? (await import("@meshkit/policy")).checkDocuments : undefined;
  const policies = await Promise.all(
    checks.map((check) => (checkDocuments && check.policyInputs.length > 0 && policyApplies(check.config.policy) ? checkDocuments(check.policyInputs, check.config, { cwd: top }) : undefined)),
  );
  const findings = checks.flatMap((check, i) => [...check.lint.findings, ...(policies[i]?.findings ?? [])]);
  const files = checks.reduce((sum, check) => sum + Math.max(check.lint.files, check.policyInputs.length), 0);
  // Each rule once, though several configs' packs may have it.
  const rules = [...new Map([...LINT_RULES, ...policies.flatMap((policy) => policy?.rules ?? POLICY_ENGINE_RULES)].map((rule) => [rule.id, rule])).values()];
  return report(findings, files, rules, "pre-commit", { ...options, format: options.format ?? "text" }, cwd, { inputRuleIds: POLICY_INPUT_RULE_IDS });
}
