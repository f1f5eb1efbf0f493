import { existsSync, readFileSync, statSync } from "node:fs";
import { basename, dirname, isAbsolute, join, posix, relative, resolve, sep } from "node:path";
import { DOCUMENT_RULES, LINT_RULES, LINT_RULE_IDS, type LintSource, bytesSource, lintSources } from "@meshkit/lint";
import {
  type BlobReader,
  type ConfigReader,
  type ConfigResult,
  type Finding,
  type MeshkitConfig,
  type PolicySettings,
  type SourceText,
  UsageError,
  checkedOutSubmoduleFiles,
  configGlobFilter,
  decodeSource,
  defaultConfig,
  displayPath,
  git,
  gitBytes,
  gitTopLevel,
  isMapping,
  filesWithFindings,
  findingKey,
  listTreeFiles,
  isInsideFolder,
  loadConfig,
  loadText,
  MAX_FILE_BYTES,
  headMayBeMeshkitDocument,
  OVERSIZED_PREVIEW_BYTES,
  OversizedBlob,
  mayBeMeshkitConfig,
  mayBeMeshkitDocument,
  namedAsMeshkitDocument,
  nodeCrypto,
  openBlobReader,
  prePushRanges,
  readSourceFile,
  realPathOf,
  rebasePath,
  withLintedRuleIds,
  withoutLineEnd,
  withoutRepeats,
  unmatchedInclude,
} from "@meshkit/core";
import { type ReportOptions, report } from "../output.js";
import { HOOK_NAMES, realPathToBe } from "./hooks-install.js";
import { configFilesByFolder, governingConfig, pathsByConfig } from "./staged-configs.js";
import { type IndexContent, indexPackFiles, untrackedPacksRefused } from "./staged-packs.js";
import { GITLINK_MODE, INDEX_ARGS, type IndexEntry, type IndexSubmodule, STAGED_DIFF_ARGS, type StagedChange, type StagedPrefetch, type StagedState, gitPathsText, parseIndex, parseStagedDiff, prefetchStaged, shownPath } from "./staged-prefetch.js";
import type { ModuleFiles, PackFiles } from "@meshkit/policy";

/** The hooks that check what is about to be committed: `git commit`, and the commit `git merge` makes. */
const COMMIT_HOOKS: ReadonlySet<string> = new Set(["pre-commit", "pre-merge-commit"]);

/** `meshkit hook <name> [args...]`: what the installed git hooks run. */
export async function hookCommand(
  name: string | undefined,
  args: string[],
  options: ReportOptions & { config?: string },
  cwd = process.cwd(),
  prefetch?: StagedPrefetch,
): Promise<number> {
  if (name === undefined) throw new UsageError(`name the hook to run: meshkit hook <name>; known hooks: ${HOOK_NAMES.join(", ")}`);
  if (COMMIT_HOOKS.has(name)) {
    // git passes these hooks no arguments: any is a mistake in the hook script, not something to ignore.
    if (args.length > 0) throw new UsageError(`hook ${name} takes no arguments (got ${args.map((a) => JSON.stringify(a)).join(" ")})`);
    const exitCode = await preCommit(name, options, cwd, prefetch);
    // What the findings above do not say: how to go ahead knowingly. An input meshkit could not read (exit 2)
    // refuses the commit as much as an error finding does.
    if (exitCode !== 0) process.stderr.write(`meshkit: ${refusal(name)}; CI checks again.\n`);
    return exitCode;
  }
  if (name === "pre-push") {
    await resolveHookGitDir(cwd);
    return prePush(args[0], await readStdin(), options, cwd);
  }
  throw new UsageError(`unknown hook ${name}; known hooks: ${HOOK_NAMES.join(", ")}`);
}

/**
 * How to go on after a refused commit. A refused `git merge` leaves the merge in progress (MERGE_HEAD): `git commit`
 * makes its commit once the findings are fixed, and `git commit --no-verify` skips the check; running `git merge
 * --no-verify` again, the way a reader of "merge with --no-verify" would take, stops at "You have not concluded your merge".
 */
function refusal(hook: string): string {
  return hook === "pre-merge-commit"
    ? "merge refused: the merge is still in progress; fix the findings above and `git add` them, then `git commit` concludes it (`git commit --no-verify` to skip this check, `git merge --abort` to give it up)"
    : "commit refused: fix the findings above, or commit with --no-verify to skip";
}

/**
 * git runs the hooks of a linked worktree (`git worktree add`) with GIT_DIR set and no GIT_WORK_TREE, and git then
 * takes the folder each command runs in for the top of the working tree. The pre-push hook runs compat in each
 * project's folder (`domains/sales`): git there saw a working tree rooted at that folder, so every committed path
 * got a doubled prefix, the project's `files` globs matched nothing and a breaking change was pushed with "no
 * problems in 0 files" (a submodule's own repository was not found either). The hook runs at the top of the working
 * tree (githooks(5)): when git finds the same repository from there without GIT_DIR, it is dropped, as for a hook
 * of the main working tree; when it names another one (`git --git-dir=… push`), the working tree is pinned to here.
 */
async function resolveHookGitDir(cwd: string): Promise<void> {
  const gitDir = process.env.GIT_DIR;
  if (gitDir === undefined || process.env.GIT_WORK_TREE !== undefined) return;
  const named = resolve(cwd, gitDir);
  const withoutGitDir = { ...process.env };
  delete withoutGitDir.GIT_DIR;
  const found = await git(["rev-parse", "--absolute-git-dir"], cwd, withoutGitDir).then(withoutLineEnd, () => undefined);
  if (found !== undefined && realPathOf(found) === realPathOf(named)) delete process.env.GIT_DIR;
  else Object.assign(process.env, { GIT_DIR: named, GIT_WORK_TREE: resolve(cwd) });
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
 *
 * Each meshkit project of the pushed commit (a folder with a meshkit.yaml in its tree, and the top folder)
 * is compared as `meshkit compat --base <remote sha>` run in that folder would: its mode, rule levels and
 * globs, duplicate ids within it; a file belongs to the nearest project above it. One report.
 */
async function prePush(remote: string | undefined, stdin: string, options: ReportOptions & { config?: string }, cwd: string): Promise<number> {
  // Loaded here, not at the top: the pre-commit hook shares this module and must start fast.
  const { COMPAT_RULES, runCompat } = await import("@meshkit/compat");
  const top = await gitTopLevel(cwd);
  const ranges = await prePushRanges(stdin, top, remote ? { remote } : {});
  const findings: Finding[] = [];
  let files = 0;
  let compared = 0;
  // `git push origin main --tags` sends the branch and the release tag on its commit: one comparison, not two.
  const seen = new Set<string>();
  // A note about the remote (its default branch not known here) is the same for every ref of the push: said once,
  // not once per new branch or tag of a `git push --tags`.
  const noted = new Set<string>();
  const note = (text: string | undefined) => {
    if (text === undefined || noted.has(text)) return;
    noted.add(text);
    process.stderr.write(`meshkit: ${text}.\n`);
  };
  for (const range of ranges) {
    if (!range.remoteSha) {
      process.stderr.write(`meshkit: ${range.localRef} has no upstream to compare with; schema-compat will run in CI.\n`);
      note(range.note);
      continue;
    }
    note(range.note);
    // An annotated tag (meshkit's release tags are) arrives as the tag object: its commit is what is compared.
    const [base, head] = await Promise.all([commitOf(range.remoteSha, top), commitOf(range.localSha, top)]);
    // A release tag on a commit of the default branch, a new branch where another one is: nothing to compare
    // (`git push --tags` of a repository's release tags must not compare every tagged commit with itself).
    if (base === head) continue;
    const pair = `${base}..${head}`;
    if (seen.has(pair)) continue;
    seen.add(pair);
    // `--config` is one config for the whole repository, as before projects were looked for.
    const configs = options.config ? new Map<string, string>() : configFilesByFolder(await listTreeFiles(range.localSha, top));
    // The configs as the pushed commit holds them: CI judges that commit, not an uncommitted edit of a meshkit.yaml.
    const readConfig = commitConfigReader(range.localSha, top);
    const governing = governingConfig(configs);
    const projectOf = (path: string) => {
      const file = governing(path);
      return file === undefined ? "." : posix.dirname(file);
    };
    // A project the push changes no file of has nothing to compare: its documents are as the remote has them. Its
    // standing problems (a duplicate id pushed with --no-verify) are its own, for CI and its own pushes, and do not
    // refuse another team's push; nor does a repository of many projects compare them all in every push.
    const changed = await changedProjects(base, head, top, projectOf);
    for (const folder of new Set([".", ...configs.keys()])) {
      if (changed !== undefined && !changed.has(folder)) continue;
      const projectDir = join(top, folder);
      // A project the pushed branch adds, while another branch is checked out, has no folder here to run in.
      if (!isDirectory(projectDir)) {
        process.stderr.write(`meshkit: ${folder} (a project of ${range.localRef}) is not in the working tree; its schema-compat runs in CI.\n`);
        continue;
      }
      // `--config` is named from where meshkit runs, as every command's is: the top when git runs the hook, a
      // project's folder when someone runs it there by hand.
      const configFile = options.config ? resolve(cwd, options.config) : configs.has(folder) ? join(top, configs.get(folder)!) : undefined;
      // The folder's files as the report shows them (from where the hook runs): in findings' positions and in
      // the paths their messages name (`was at …`), so both point at the same file.
      // The repository's top is `.` (compat-history-incomplete is about the whole repository).
      const displayFile = (file: string) => rebasePath(file, projectDir, cwd);
      // No config of the folder in the pushed commit: the defaults, as CI reads that commit (not an untracked meshkit.yaml).
      compared++;
      const run = await runCompat({ cwd: projectDir, paths: [], base: range.remoteSha, head: range.localSha, readConfig, displayFile, ...(configFile ? { configPath: configFile } : { configSearch: false }) });
      // A folder's run also covers the projects below it (its globs reach them): those are theirs to judge.
      // A finding about the whole repository (at its top: no release tags here) is the run's that reported it.
      const owns = (file: string) => resolve(projectDir, file) === top || projectOf(relative(top, resolve(projectDir, file)).split(sep).join("/")) === folder;
      findings.push(...run.findings.filter((f) => !f.file || owns(f.file)).map((f) => (f.file ? { ...f, file: displayFile(f.file) } : f)));
      files += run.contracts.filter((c) => c.declaredBump !== "removed" && owns(c.file)).length;
    }
  }
  // Nothing compared (the notices above say why), or no document where the push changes something (a README):
  // a green "no problems in 0 files" would claim a check.
  if (compared === 0 || (files === 0 && findings.length === 0)) return 0;
  // Projects without release tags each say so, at the top: once is enough.
  const exitCode = report(withoutRepeats(findings), files, COMPAT_RULES, "pre-push", { ...options, format: options.format ?? "text" }, cwd);
  if (exitCode !== 0) process.stderr.write(`meshkit: push refused: ${pushRefusalAdvice(findings, exitCode)}, or push with --no-verify to skip; CI checks again.\n`);
  return exitCode;
}

/**
 * The projects (their folders, `.` for the top) that hold a path the commits `base` and `head` differ in, by the
 * project `projectOf` places it in; undefined when that cannot be told (a path that is not UTF-8): every project then.
 */
async function changedProjects(base: string, head: string, top: string, projectOf: (path: string) => string): Promise<Set<string> | undefined> {
  const out = await gitBytes(["diff", "--name-only", "-z", "--no-renames", "--no-relative", "--no-ext-diff", "--no-textconv", base, head, "--"], top);
  const paths = out.toString("utf8").split("\0").filter(Boolean);
  if (paths.some((path) => path.includes("\uFFFD"))) return undefined;
  return new Set(paths.map(projectOf));
}

/** The commit `object` names (a tag object peeled), or `object` itself when git cannot tell. */
async function commitOf(object: string, top: string): Promise<string> {
  return (await git(["rev-parse", "--verify", "--quiet", "--end-of-options", `${object}^{commit}`], top).catch(() => object)).trim();
}

/**
 * Reads a config (and a config it `extends`) from `commit` when the commit holds it as a file, else from
 * disk (resolves undefined): a platform config under `node_modules/`, which no commit holds. A config
 * committed as a symbolic link is read from disk too, through the link, as `meshkit compat` would.
 */
function commitConfigReader(commit: string, top: string): ConfigReader {
  const realTop = realPathOf(top);
  return async (file) => {
    const inside = [top, realTop].map((folder) => relative(folder, file)).find((path) => path !== "" && !path.startsWith("..") && !isAbsolute(path));
    if (inside === undefined) return undefined;
    const path = inside.split(sep).join("/");
    // `<mode> <type> <object>\t<path>`; literal, so a name with glob characters is that name.
    const entry = await gitBytes(["ls-tree", "-z", "--full-tree", commit, "--", path], top, { ...process.env, GIT_LITERAL_PATHSPECS: "1" });
    const fields = entry.toString("utf8").split("\0")[0]?.split("\t")[0]?.split(" ") ?? [];
    // A file of the repository the commit does not hold (untracked, or committed later) is not what CI reads;
    // an ignored one (a platform config under node_modules/) is in no commit and is read from disk.
    if (!fields[0] && (await gitWouldCommit(path, top))) return { missing: `that the pushed commit ${commit.slice(0, 7)} does not hold (CI reads that commit: commit the file)` };
    if (fields[0] !== "100644" && fields[0] !== "100755") return undefined;
    return decodeSource(await gitBytes(["cat-file", "blob", fields[2]!], top), displayPath(file, top));
  };
}

/**
 * Whether `path` (relative to the repository's top, `/`-separated) is under a `node_modules/` folder: a package
 * installed there (a platform config, a policy pack) is what CI's `npm ci` installs too, not a file to commit,
 * even in a repository whose .gitignore forgot node_modules/ (git would list it as untracked).
 */
function isInstalledPackagePath(path: string): boolean {
  return path.split("/").includes("node_modules");
}

/** Whether `path` (relative to the repository's top, `/`-separated) names something inside it. */
function isInsideRepository(path: string): boolean {
  return path !== "" && path !== ".." && !path.startsWith("../") && !posix.isAbsolute(path);
}

/**
 * Whether git has or would add the file `path` of the repository at `top`: in the index (intent-to-add too),
 * or untracked and not ignored. A commit that lacks such a file is missing it; an ignored one is in no commit,
 * and neither is an installed package's (see isInstalledPackagePath).
 */
async function gitWouldCommit(path: string, top: string): Promise<boolean> {
  if (isInstalledPackagePath(path)) return false;
  const listed = await git(["ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", `:(literal)${path}`], top);
  return listed.split("\0").includes(path);
}

/**
 * What fixes a refused push. Only `version-bump` is fixed by the version: a change kind meshkit.yaml's
 * `compat.rules` makes an error (the scaffold's `property-made-optional`), a duplicate id or a removed
 * document fails whatever the version says, and telling the developer to bump it sends them round in circles.
 */
function pushRefusalAdvice(findings: readonly Finding[], exitCode: number): string {
  if (exitCode === 2) return "meshkit could not read what is pushed: fix what the findings above name";
  const errors = findings.filter((f) => f.severity === "error");
  const notVersion = [...new Set(errors.filter((f) => f.ruleId !== "version-bump").map((f) => f.ruleId))];
  if (errors.length > 0 && notVersion.length === 0) return "fix the version (the findings above say which)";
  // --fail-on warning: warnings refused it.
  if (notVersion.length === 0) return "fix the findings above";
  return `fix the findings above: ${notVersion.join(", ")} ${notVersion.length === 1 ? "is an error" : "are errors"} whatever the version says (compat.rules in meshkit.yaml sets the level; compat.ignore accepts a change, with its reason)`;
}

/** The staged state, asked through @meshkit/core when the early answer is missing (which then reports why git failed). */
async function readStagedState(cwd: string): Promise<StagedState> {
  const top = await gitTopLevel(cwd);
  const [diff, index] = await Promise.all([gitBytes(STAGED_DIFF_ARGS, top), gitBytes(INDEX_ARGS, top)]);
  const submodules: IndexSubmodule[] = [];
  return { top, changes: parseStagedDiff(gitPathsText(diff)), index: parseIndex(gitPathsText(index), submodules), submodules };
}

/** A blob reader that starts its git process on the first question: a commit with nothing to check starts none. */
function lazyBlobReader(top: string): BlobReader {
  let reader: BlobReader | undefined;
  return {
    read: (objects, options) => (reader ??= openBlobReader(top)).read(objects, options),
    close: () => reader?.close() ?? Promise.resolve(),
  };
}

/** What an index path holds for the commit: its content, or why it cannot be read (a link into the disk that leads nowhere). */
type Content = IndexContent;

const LINK_MODE = "120000";
/** The empty blob's id (SHA-1, SHA-256): what the index lists for an intent-to-add path. */
const EMPTY_BLOBS: ReadonlySet<string> = new Set(["e69de29bb2d1d6434b8b29ae775ad8c2e48c5391", "473a0f4c3be8a93681a267e3b1e9a7dcda1185436fe141f7749120a303721813"]);
/** The blob id git lists for the side of a change that has no file (an added path's HEAD side). */
const ZERO_SHA = /^0+$/;
/** Terraform's name for a JSON configuration: a folder's such files are one module. */
const TF_JSON = /\.tf\.json$/i;
/** As the kernel's limit on links followed (ELOOP): a longer chain is a loop. */
const MAX_LINK_HOPS = 40;

/**
 * The project as the commit will hold it: index contents, read through one git process, with symbolic
 * links followed as `meshkit lint` follows them on disk — to the index version of the target when it is
 * in the repository and in the index, else to the file on disk (a dangling link: lint's finding for it).
 */
class StagedIndex {
  private readonly changed: ReadonlyMap<string, StagedChange>;
  /** Whether the commit only adds files (see unchangedOnDisk). */
  private readonly onlyAdds: boolean;
  /** The index path each link read so far leads to (through the index): the file whose content it shows. */
  private readonly linkTargets = new Map<string, string>();

  constructor(
    readonly state: StagedState,
    private readonly reader: BlobReader,
    private readonly cwd: string,
  ) {
    this.changed = new Map(state.changes.map((change) => [change.path, change]));
    this.onlyAdds = state.changes.every((change) => ZERO_SHA.test(change.oldSha));
  }

  /**
   * Takes the intent-to-add entries (`git add -N`) among `paths` out of the index: git lists them with the
   * empty blob's id, but leaves them out of the commit and out of the staged diff. An empty-blob entry the
   * diff lists as deleted is one (`git rm --cached`, then `git add -N`); one the diff does not list is one
   * when HEAD has no such path (else it is a committed empty file). Only such entries are asked about:
   * usually there are none, and no git process starts for them.
   */
  async dropIntentToAdd(paths: Iterable<string>): Promise<void> {
    const { index } = this.state;
    const unsure: string[] = [];
    for (const path of new Set(paths)) {
      const entry = index.get(path);
      if (!entry || !EMPTY_BLOBS.has(entry.sha)) continue;
      const status = this.changed.get(path)?.status;
      if (status === "D") index.delete(path);
      // `HEAD:<path>` cannot carry a line break (git's batch protocol reads one name a line): such an entry
      // is kept, and as an empty file it is no document, whether intent-to-add or committed empty.
      else if (status === undefined && !path.includes("\n") && !path.endsWith("\r")) unsure.push(path);
    }
    if (unsure.length === 0) return;
    const inHead = await this.reader.read(unsure.map((path) => `HEAD:${path}`));
    for (const path of unsure) if (!inHead.has(`HEAD:${path}`)) index.delete(path);
  }

  /** Blobs by id (a missing one, and one over MAX_FILE_BYTES, which no rule reads, left out). */
  blobs(shas: readonly string[]): Promise<Map<string, Buffer>> {
    return shas.length === 0 ? Promise.resolve(new Map()) : this.reader.read([...new Set(shas)], { maxBytes: MAX_FILE_BYTES });
  }

  /** A path as findings show it: relative to the working directory (a name that is not UTF-8 as git quotes it). */
  display(path: string): string {
    return displayPath(join(this.state.top, shownPath(path)), this.cwd);
  }

  /**
   * The content of each index path (paths not in the index are left out, and so are those larger than
   * `maxBytes`, unless a `preview` keeps them as an OversizedBlob: their size and first bytes).
   */
  async contents(paths: Iterable<string>, options: { maxBytes?: number; preview?: number } = {}): Promise<Map<string, Content>> {
    const out = new Map<string, Content>();
    let pending = [...new Set(paths)].flatMap((path) => {
      const entry = this.state.index.get(path);
      return entry ? [{ path, at: path, entry, hops: 0 }] : [];
    });
    const onDisk = (path: string, target: string) => {
      const disk = fromDisk(target, this.display(path));
      if (disk) out.set(path, disk);
    };
    // Each round reads the blobs the links of the one before lead to; most commits need one round.
    while (pending.length > 0) {
      await this.dropIntentToAdd(pending.map((item) => item.at));
      const blobs = this.unchangedOnDisk(pending, options.maxBytes);
      const shas = [...new Set(pending.map((item) => item.entry.sha))].filter((sha) => !blobs.has(sha));
      const { maxBytes, preview } = options;
      const fromGit: Map<string, Buffer | OversizedBlob> = shas.length === 0 ? new Map() : maxBytes !== undefined && preview !== undefined ? await this.reader.read(shas, { maxBytes, preview }) : await this.reader.read(shas, options);
      for (const [sha, blob] of fromGit) blobs.set(sha, blob);
      const next: typeof pending = [];
      for (const item of pending) {
        // Intent-to-add: not in the commit. A link to it leads to the file on disk, as to any path not in the index.
        if (!this.state.index.has(item.at)) {
          if (item.hops > 0) onDisk(item.path, join(this.state.top, item.at));
          continue;
        }
        const blob = blobs.get(item.entry.sha);
        if (!blob) continue;
        if (item.entry.mode !== LINK_MODE || !Buffer.isBuffer(blob)) {
          out.set(item.path, blob);
          if (item.hops > 0) this.linkTargets.set(item.path, item.at);
          continue;
        }
        const target = resolve(this.state.top, posix.dirname(item.at), blob.toString("utf8"));
        const inRepo = this.inRepository(target);
        const entry: IndexEntry | undefined = inRepo === undefined ? undefined : this.state.index.get(inRepo);
        if (inRepo !== undefined && entry && item.hops < MAX_LINK_HOPS) next.push({ ...item, at: inRepo, entry, hops: item.hops + 1 });
        else onDisk(item.path, target);
      }
      pending = next;
    }
    return out;
  }

  /**
   * The blobs of `items` whose working-tree file holds them unchanged, by id, when the commit only adds files:
   * files are usually staged and left be, and reading those from disk spares starting `git cat-file` (~10 ms
   * of the hook, from the start of the process to its first answer). A file is taken only when its content
   * hashes to the index's blob id, so it is that blob byte for byte; anything else (edited since `git add`,
   * changed by a clean filter such as autocrlf, a link, larger than `maxBytes`, unreadable) is left to git.
   * A commit that changes or deletes a file reads HEAD's version of it from git anyway (what a changed
   * contract was, for the products naming it): hashing would then only add loading node:crypto (~7 ms).
   */
  private unchangedOnDisk(items: readonly { at: string; entry: IndexEntry }[], maxBytes = MAX_FILE_BYTES): Map<string, Buffer | OversizedBlob> {
    const found = new Map<string, Buffer | OversizedBlob>();
    if (!this.onlyAdds) return found;
    for (const { at, entry } of items) {
      if (entry.mode === LINK_MODE || found.has(entry.sha)) continue;
      const content = fileHoldingBlob(join(this.state.top, at), entry.sha, Math.min(maxBytes, MAX_FILE_BYTES));
      if (content) found.set(entry.sha, content);
    }
    return found;
  }

  /** The index path whose content `path` holds: a link's target, once `contents` has followed it; else the path itself. */
  fileOf(path: string): string {
    return this.linkTargets.get(path) ?? path;
  }

  /**
   * A link target's path relative to the top level when it is in the repository by any path: an absolute
   * link through a linked folder (`/tmp/x-link/a.yaml`, `/tmp/x-link` -> the top level) too, as the disk
   * resolves its folders. Undefined outside.
   */
  private inRepository(target: string): string | undefined {
    const inside = (top: string, path: string) => {
      const rel = relative(top, path).split(sep).join("/");
      return rel.startsWith("../") || rel === ".." || isAbsolute(rel) ? undefined : rel;
    };
    // Lexically inside: the index decides, whatever links the disk has on the way (the commit's links count).
    return inside(this.state.top, target) ?? inside(realPathToBe(this.state.top), join(realPathToBe(dirname(target)), basename(target)));
  }

  /** The configs' local policy packs as the commit holds them (see indexPackFiles); `disk` for the rest. */
  async packFiles(configs: readonly MeshkitConfig[], disk: PackFiles): Promise<PackFiles> {
    const packs = [...new Set(configs.flatMap((config) => config.policy.packs.filter((pack) => !pack.startsWith("builtin:"))))];
    if (packs.length === 0) return disk;
    const { top } = this.state;
    const inPacks = [...this.state.index.keys()].filter((path) => packs.some((pack) => isInsideFolder(join(top, path), pack)));
    // An intent-to-add policy file is not in the commit.
    await this.dropIntentToAdd(inPacks);
    const files = await indexPackFiles(packs, top, this.state.index.keys(), (paths) => this.contents(paths, { maxBytes: MAX_FILE_BYTES, preview: OVERSIZED_PREVIEW_BYTES }), disk);
    return untrackedPacksRefused(files, await this.untrackedPacks(packs));
  }

  /**
   * The packs of the repository the index holds nothing of but git would add: untracked, not ignored.
   * Read from disk (as an ignored one under node_modules/ is), the hook would pass a commit whose checks
   * in CI, on a checkout of that commit, do not find the pack.
   */
  private async untrackedPacks(packs: readonly string[]): Promise<Set<string>> {
    const { top, index } = this.state;
    const paths = [...index.keys()].map((path) => join(top, path));
    const outside = packs.filter((pack) => pack !== top && isInsideFolder(pack, top) && !isInstalledPackagePath(relative(top, pack).split(sep).join("/")) && !paths.some((path) => path === pack || isInsideFolder(path, pack)));
    if (outside.length === 0) return new Set();
    const listed = await git(["ls-files", "-z", "--others", "--exclude-standard", "--", ...outside.map((pack) => `:(literal)${relative(top, pack).split(sep).join("/")}`)], top);
    const untracked = listed.split("\0").filter(Boolean).map((path) => join(top, path));
    return new Set(outside.filter((pack) => untracked.some((path) => path === pack || isInsideFolder(path, pack))));
  }

  /**
   * The `*.tf.json` files of the folders where the commit adds, changes or deletes one, as the index holds
   * them (`side: "commit"`) or as HEAD does: Terraform reads a folder's files as one module, and a staged
   * configuration is checked with the commit's module — not an untracked sibling file, nor one deleted from
   * the index but still on disk; HEAD's module is what an unchanged sibling was checked with before the
   * commit (see modulesChanged). Other folders are read from `disk`.
   */
  async moduleFiles(disk: ModuleFiles, side: "commit" | "head" = "commit"): Promise<ModuleFiles> {
    const { top, changes, index } = this.state;
    const moduleChanges = changes.filter((change) => TF_JSON.test(change.path));
    const folders = new Set(moduleChanges.map((change) => posix.dirname(change.path)));
    if (folders.size === 0) return disk;
    const inFolders = [...index.keys()].filter((path) => TF_JSON.test(path) && folders.has(posix.dirname(path)));
    // Read first: that leaves intent-to-add entries out of the index, as they are out of the commit.
    const contents = await this.contents(inFolders, { maxBytes: MAX_FILE_BYTES });
    const files = new Map<string, Content | undefined>(inFolders.filter((path) => index.has(path)).map((path) => [path, contents.get(path)]));
    if (side === "head") {
      // HEAD is the index without what the commit adds, with what it changes or deletes as it was.
      const before = moduleChanges.filter((change) => !ZERO_SHA.test(change.oldSha));
      const blobs = await this.blobs(before.map((change) => change.oldSha));
      for (const change of moduleChanges) files.delete(change.path);
      for (const change of before) files.set(change.path, blobs.get(change.oldSha));
    }
    const names = new Map([...folders].map((folder) => [join(top, folder), [] as string[]]));
    for (const path of files.keys()) names.get(join(top, posix.dirname(path)))?.push(posix.basename(path));
    return {
      names: (dir) => names.get(dir) ?? disk.names(dir),
      text: (path, display) => {
        if (!names.has(dirname(path))) return disk.text(path, display);
        const content = files.get(relative(top, path).split(sep).join("/"));
        const decoded = Buffer.isBuffer(content) ? decodeSource(content, display) : undefined;
        return decoded?.ok ? decoded.text : undefined;
      },
    };
  }

  /**
   * The index's `*.tf.json` files in the folders where the commit adds, changes or deletes one, that it does
   * not change themselves: their module may be another with the commit.
   */
  terraformSiblings(): string[] {
    const folders = new Set(this.state.changes.filter((change) => TF_JSON.test(change.path)).map((change) => posix.dirname(change.path)));
    if (folders.size === 0) return [];
    return [...this.state.index.keys()].filter((path) => TF_JSON.test(path) && !this.changed.has(path) && folders.has(posix.dirname(path)));
  }

  /**
   * Configs as the commit holds them: a config file in the index is read from there, an ignored one or one outside
   * the repository (a platform config under node_modules/) from disk; an untracked file of the repository is missing.
   */
  configReader(): ConfigReader {
    return async (file) => {
      const path = relative(this.state.top, file).split(sep).join("/");
      const content = (await this.contents([path])).get(path);
      if (content === undefined) return isInsideRepository(path) && (await gitWouldCommit(path, this.state.top)) ? { missing: "that the commit does not hold (CI reads the commit: git add it)" } : undefined;
      // Named as the report names every file: from where meshkit runs.
      return "finding" in content ? { ok: false, finding: content.finding } : decodeSource(content, displayPath(file, this.cwd));
    };
  }
}

/** The content of `file` when it is the blob `sha` (git's object id: SHA-1, or SHA-256 in a SHA-256 repository) and at most `maxBytes` long. */
function fileHoldingBlob(file: string, sha: string, maxBytes: number): Buffer | undefined {
  let content: Buffer;
  try {
    const stat = statSync(file);
    if (!stat.isFile() || stat.size > maxBytes) return undefined;
    content = readFileSync(file);
  } catch {
    return undefined;
  }
  const hash = nodeCrypto().createHash(sha.length === 64 ? "sha256" : "sha1").update(`blob ${content.length}\0`).update(content);
  return hash.digest("hex") === sha ? content : undefined;
}

/**
 * A link's target on disk; undefined for a folder, which lint's walk takes for a folder (whatever the link's name), not a file.
 * A target that cannot even be looked at (a link loop: ELOOP) is no folder: readSourceFile reports it as lint does.
 */
function fromDisk(file: string, display: string): Content | undefined {
  if (isDirectory(file)) return undefined;
  const read = readSourceFile(file, display);
  return read.ok ? Buffer.from(read.text) : { finding: read.finding };
}


/**
 * A staged file as lint reads it. A file not named as a document (`*.odcs.yaml`…) that is binary, or too
 * large and does not start like a document, is skipped as `meshkit lint` skips it when a folder walk finds
 * it: sample data or a logo under a `*.yaml` glob is not a broken contract.
 */
function stagedSource(file: string, content: Content, named: boolean): LintSource {
  if ("finding" in content) return { file, explicit: named, read: () => ({ ok: false, finding: content.finding }) };
  const source = bytesSource(file, content, named);
  if (named) return source;
  return { file, explicit: false, read: () => asFoundByWalk(source.read(), content) };
}

function asFoundByWalk(read: SourceText | undefined, bytes: Buffer | OversizedBlob): SourceText | undefined {
  if (read === undefined || read.ok) return read;
  // Whether a file too large to read, or not UTF-8 text (a contract saved as Windows-1252 or UTF-16), is meant
  // as a document shows in its first bytes, as core's readDocumentFile looks: then it is reported, not passed.
  if ((read.finding.ruleId === "file-not-text" || read.finding.ruleId === "file-too-large") && !headMayBeMeshkitDocument(bytes)) return undefined;
  return read;
}

/** Rules that judge a document by others (a product's port contract, unique ids): what a change to a contract can break elsewhere. */
const CROSS_FILE_RULE_IDS: ReadonlySet<string> = new Set(DOCUMENT_RULES.filter((rule) => rule.checkRepository).map((rule) => rule.meta.id));

/** The ids of the contracts in these contents (a contract's staged and committed versions). */
function contractIds(contents: readonly Content[]): Set<string> {
  const ids = new Set<string>();
  for (const content of contents) {
    const decoded = Buffer.isBuffer(content) ? decodeSource(content, "") : undefined;
    if (!decoded?.ok || !mayBeMeshkitDocument(decoded.text)) continue;
    for (const doc of loadText("", decoded.text).documents) {
      const id = isMapping(doc.value) ? doc.value.id : undefined;
      if (doc.kind.type === "DataContract" && (typeof id === "string" || typeof id === "number")) ids.add(String(id));
    }
  }
  return ids;
}

/** Whether a project file may be a product naming one of `ids` (a text search: the lint run that follows decides). */
function mayReference(source: LintSource, ids: ReadonlySet<string>): boolean {
  const read = source.read();
  return read?.ok === true && read.text.includes("DataProduct") && [...ids].some((id) => read.text.includes(id));
}

/**
 * A config as the commit holds it, with the rule ids and change kinds it names that no lint or compat rule has (as `meshkit lint` loads it).
 * `cwd`: where a relative `configPath` is named from.
 */
async function loadStagedConfig(configPath: string, cwd: string, read: ConfigReader): Promise<ConfigResult> {
  return withLintedRuleIds(await loadConfig({ cwd, configPath, read }), LINT_RULE_IDS);
}

/** One project's share of the commit: its config, and its staged and deleted paths that config covers. */
interface StagedGroup {
  config: MeshkitConfig;
  documents: (path: string) => boolean;
  infrastructure: (path: string) => boolean;
  /** Whether this project governs a path (a nested project's meshkit.yaml governs its own files). */
  owns: (path: string) => boolean;
  staged: StagedChange[];
  deleted: StagedChange[];
  /** Its submodules whose recorded commit the commit changes: added, moved to another commit, or removed. */
  submodules: StagedChange[];
  /** Its meshkit.yaml, a config it extends or a file of one of its local policy packs is staged (or deleted): the packs must load. */
  packsStaged: boolean;
  /** Its meshkit.yaml, or a config it extends, is staged: every document of the project is judged by it anew. */
  configStaged: boolean;
}

/**
 * Lints and policy-checks the staged version of each staged contract or product: the content that will
 * be committed, even when the working tree has other edits. The rest of the project, as the index holds
 * it, is context for cross-file rules; a staged (or deleted) contract also has the project's products
 * that name it checked for the cross-file findings the change makes.
 *
 * Each staged path is checked with the config that governs it — the nearest meshkit.yaml in the index
 * upwards from it, stopping at the top level (none: the defaults), or `--config` for every path — exactly
 * as `meshkit lint` run in that config's folder would: its globs, rule levels and policy packs, and its
 * project as the context of cross-file rules. One report for all of them.
 */
async function preCommit(hook: string, options: ReportOptions & { config?: string }, cwd: string, prefetch = prefetchStaged(cwd)): Promise<number> {
  // git was asked before this module loaded (run.ts); its answers are used when it gave them.
  const state = (await prefetch.state) ?? (await readStagedState(cwd));
  const reader = lazyBlobReader(state.top);
  try {
    return await checkStaged(hook, new StagedIndex(state, reader, cwd), options, cwd);
  } finally {
    await reader.close();
  }
}

/**
 * Whether the commit modifies a config that is not named as one (`platform/base.yaml`, which a project's meshkit.yaml
 * `extends`): found by its content. Only a modified file: a committed config can name no file the commit adds, and
 * one the commit deletes or moves is `deletedFiles`'.
 */
async function modifiesOtherConfig(staged: StagedIndex, named: ReadonlySet<string>): Promise<boolean> {
  const candidates = staged.state.changes.filter((change) => (change.status === "M" || change.status === "T") && /\.(?:ya?ml|json)$/i.test(change.path) && !named.has(change.path));
  if (candidates.length === 0) return false;
  const contents = await staged.contents(candidates.map((change) => change.path), { maxBytes: MAX_FILE_BYTES });
  return [...contents.values()].some((content) => Buffer.isBuffer(content) && mayBeMeshkitConfig(content.toString("utf8")));
}

async function checkStaged(hook: string, staged: StagedIndex, options: ReportOptions & { config?: string }, cwd: string): Promise<number> {
  const { top, changes, index } = staged.state;
  const readConfig = staged.configReader();
  const changed = new Map(changes.map((change) => [change.path, change]));
  // An intent-to-add meshkit.yaml is not in the commit: it governs nothing, as an untracked one.
  await staged.dropIntentToAdd(configFilesByFolder(index.keys()).values());
  // `--config` is for every path: loaded (and a broken one reported) whatever is staged.
  const configFiles = configFilesByFolder(index.keys());
  const governing = governingConfig(configFiles);
  const loaded = options.config
    ? // Named from where meshkit runs, as every command's `--config` (and pre-push's) is.
      [{ ...(await loadStagedConfig(options.config, cwd, readConfig)), paths: [...changed.keys()], owns: () => true }]
    : // Each governing config once, all at the same time. A project's files are judged by that project alone:
      // a folder's globs reach the projects below it, whose files are not its context (as in pre-push).
      await Promise.all(
        [...pathsByConfig([...changed.keys()], configFiles)].map(async ([file, paths]) => ({
          ...(file === undefined ? { config: defaultConfig(top), findings: [] } : await loadStagedConfig(join(top, file), cwd, readConfig)),
          paths,
          owns: (path: string) => governing(path) === file,
        })),
      );
  // A staged config judges anew the documents of every project whose config reads it: its own, and those of the
  // configs that `extend` it (a platform's meshkit.yaml in the same repository), which the commit may touch no file of.
  const stagedFiles = new Set(changes.filter((change) => change.status !== "D").map((change) => join(top, change.path)));
  const readsStaged = (config: MeshkitConfig) => config.sources.some((doc) => stagedFiles.has(resolve(cwd, doc.file)));
  // A config that `extends` one the commit deletes (or moves) stops every stage in CI (config-invalid), though the
  // commit touches no file of its project: the documents whose extends failed are its `invalid` ones.
  const deletedFiles = new Set(changes.filter((change) => change.status === "D").map((change) => join(top, change.path)));
  const extendsDeleted = (group: ConfigResult) =>
    (group.invalid ?? []).some((doc) => isMapping(doc.value) && typeof doc.value.extends === "string" && deletedFiles.has(resolve(cwd, dirname(doc.file), doc.value.extends)));
  // The other configs are read only when a meshkit.yaml is staged, a file is deleted, or a modified file is a config of
  // another name (an `extends` may name a file of any name): most commits do none of these, and the hook must feel instant.
  const others = options.config ? [] : [...configFiles.values()].filter((file) => !loaded.some((group) => group.config.file === join(top, file)));
  const configsStaged =
    others.length > 0 && (deletedFiles.size > 0 || [...configFiles.values()].some((file) => stagedFiles.has(join(top, file))) || (await modifiesOtherConfig(staged, new Set(configFiles.values()))));
  const unloaded = configsStaged ? others : [];
  const extending = unloaded.length > 0
    ? (await Promise.all(unloaded.map(async (file) => ({ ...(await loadStagedConfig(join(top, file), cwd, readConfig)), paths: [] as string[], owns: (path: string) => governing(path) === file }))))
        // One that does not load for another reason is left to its own commits: the staged config's own project
        // reports what is wrong in it, and one broken before the commit is not the commit's doing.
        .filter((group) => (group.findings.length === 0 ? readsStaged(group.config) : extendsDeleted(group)))
    : [];
  // Nothing to check: silence in a terminal (the hook must feel instant), but a report asked for in a
  // file or a machine format is still written, empty, so a step that reads or uploads it finds one.
  const nothingChecked = () => (options.output || (options.format !== undefined && options.format !== "text") ? report([], 0, LINT_RULES, hook, options, cwd) : 0);
  const configFindings = [...loaded, ...extending].flatMap((group) => group.findings);
  // Counted as the files it checked: the configs at fault ("in 0 files" would say the errors are nowhere).
  if (configFindings.length > 0) return report(configFindings, filesWithFindings(configFindings), LINT_RULES, hook, options, cwd);

  const projects = [...loaded, ...extending].map(({ config, paths, owns }) => stagedGroup(config, paths.map((path) => changed.get(path)!), top, owns, readsStaged(config)));
  // A project's Terraform configurations that the commit leaves as they were, in a folder where it changes
  // another `*.tf.json` file: Terraform reads a folder as one module, so their verdict may change with it.
  const terraformSiblings = staged.terraformSiblings();
  const siblingsOf = (group: StagedGroup) => {
    if (terraformSiblings.length === 0) return [];
    const inProject = projectFilter(group, top);
    return terraformSiblings.filter((path) => inProject(path) && (group.documents(path) || group.infrastructure(path)));
  };
  const groups = projects.filter((group) => group.staged.length > 0 || group.deleted.length > 0 || group.packsStaged || siblingsOf(group).length > 0 || group.submodules.length > 0);
  if (groups.length === 0) return nothingChecked();

  // Everything each project holds that its checks read — the staged files, the rest of the project, the
  // committed versions of staged and deleted contracts — through one git process. A project file over the
  // document limit is left unread, as lint's walk leaves it unparsed: no rule or policy could read it (sample data).
  const contexts = groups.map((group) => projectPaths(group, top, index.keys()));
  const siblings = groups.map(siblingsOf);
  const projectRead = staged.contents([...contexts.flat(), ...siblings.flat()], { maxBytes: MAX_FILE_BYTES });
  // Whether a project holds a document that may be a product, which may name a contract of a submodule the commit moves.
  const mayHaveProducts = (i: number) => async () => {
    const read = await projectRead;
    return (contexts[i] ?? []).some((path) => {
      const content = read.get(path);
      return Buffer.isBuffer(content) && content.includes("DataProduct");
    });
  };
  const [contents, projectContents, previous, submoduleContexts] = await Promise.all([
    // A staged document over the limit is read only as far as its size and first bytes (file-too-large).
    staged.contents(groups.flatMap((group) => group.staged.map((change) => change.path)), { maxBytes: MAX_FILE_BYTES, preview: OVERSIZED_PREVIEW_BYTES }),
    projectRead,
    readPrevious(groups, staged),
    Promise.all(groups.map((group, i) => submoduleContext(group, staged, mayHaveProducts(i), group.staged.length + group.deleted.length === 0 && !group.packsStaged && (siblings[i] ?? []).length === 0))),
  ]);
  const { POLICY_ENGINE_RULES, POLICY_INPUT_RULE_IDS, isUnreadSource, policyTargets } = await import("@meshkit/policy/targets");

  const checks = groups.map((group, i) => {
    const present = onePerFile(
      group.staged.flatMap((change) => {
        const content = contents.get(change.path);
        return content ? [{ path: change.path, file: staged.display(change.path), content }] : [];
      }),
      staged,
    );
    // contract-lint on the staged documents; the rest of the project is context for cross-file rules.
    // A staged `*.odcs.yaml` that is not a contract (a typo in `kind`, an empty file) is reported, as lint reports it.
    const targets = present.filter((s) => group.documents(s.path)).map((s) => stagedSource(s.file, s.content, namedAsMeshkitDocument(s.path)));
    const projectFiles = onePerFile(
      (contexts[i] ?? []).flatMap((path) => {
        const content = projectContents.get(path);
        const file = staged.display(path);
        return content ? [{ path, file, content, source: stagedSource(file, content, false) }] : [];
      }),
      staged,
      new Set(present.map((s) => staged.fileOf(s.path))),
    );
    const submodules = submoduleContexts[i] ?? NO_SUBMODULE_CONTEXT;
    const context = [...projectFiles.map((f) => f.source), ...submodules.sources];
    // A contract changed or deleted: the products naming it are checked too, for what it did to them. So is
    // each contract of a submodule whose recorded commit the commit changes (`git add shared` after a pull there).
    const touched = contractIds([...present.filter((s) => group.documents(s.path)).map((s) => s.content), ...[...group.staged, ...group.deleted].flatMap((c) => previous.get(c.oldSha) ?? []), ...submodules.changed]);
    const dependents = touched.size > 0 ? projectFiles.filter((f) => mayReference(f.source, touched)) : [];
    const dependentFiles = new Set(dependents.map((f) => f.file));
    // A staged meshkit.yaml (a rule made an error, other globs) judges the committed documents anew: they are all
    // linted, with all their findings, as `meshkit lint` in CI will lint them; else only the staged ones are.
    const linted = group.configStaged ? projectFiles : dependents;
    const lintedFiles = new Set(linted.map((f) => f.file));
    const lint = lintSources([...targets, ...linted.map((f) => f.source)], context.filter((source) => !lintedFiles.has(source.file)), group.config);
    let findings = lint.findings.filter((f) => group.configStaged || !dependentFiles.has(f.file) || CROSS_FILE_RULE_IDS.has(f.ruleId));
    // Globs that select no contract or product (only meshkit.yaml, a pack's files) would leave every later commit checking nothing.
    const unmatched = group.configStaged && lint.selected === 0 ? unmatchedInclude(group.config, group.config.root, "lint") : undefined;
    if (unmatched) findings = [unmatched, ...findings];
    // policy-check on the same staged content, in the same process; and on the products that use a changed
    // contract, as `meshkit policy` checks them in the tree the commit makes (all their findings: see hooks/README.md).
    // A staged meshkit.yaml (a pack added, a policy rule made an error) judges every document anew, as for lint.
    const policyInputs = [...present, ...linted].flatMap((s) => (Buffer.isBuffer(s.content) ? policyTargets(s.file, s.content, group.infrastructure(s.path)) : []));
    // The same products as they stand now: with HEAD's versions of the changed documents (a deleted contract back).
    // None with a staged meshkit.yaml: all the findings of every document are the commit's to answer for.
    const before = dependents.length === 0 || group.configStaged ? undefined : {
      targets: dependents.flatMap((f) => (Buffer.isBuffer(f.content) ? policyTargets(f.file, f.content, false) : [])),
      // The changed submodules' documents as HEAD records them, in place of the index's.
      context: [...context.filter((source) => !submodules.changedFiles.has(source.file)), ...submodules.before, ...[...group.staged, ...group.deleted].flatMap((c) => {
        const blob = previous.get(c.oldSha);
        return blob && group.documents(c.path) ? [stagedSource(staged.display(c.path), blob, false)] : [];
      })],
    };
    // As for policy below: a dependent product's cross-file finding that it has with HEAD's contracts too is
    // not the change's doing (asked only when there is one: a clean commit lints once).
    if (before && findings.some((f) => dependentFiles.has(f.file))) {
      const now = lintSources(dependents.map((f) => f.source), before.context.filter((source) => !dependentFiles.has(source.file)), group.config);
      findings = onlyNewOn(findings, dependentFiles, now.findings);
    }
    const siblingTargets = (siblings[i] ?? []).flatMap((path) => {
      const content = projectContents.get(path);
      return Buffer.isBuffer(content) ? policyTargets(staged.display(path), content, group.infrastructure(path)) : [];
    });
    // The staged documents that could not be read or parsed: a port's contract not found may be in one, as
    // `meshkit policy` says of the files it reads (the rest of the project's, policy-check finds in the context).
    const unreadFiles = targets.filter((source) => isUnreadSource(source.file, source.read())).map((source) => source.file);
    return { config: group.config, lint: { findings, files: lint.files }, policyInputs, siblingTargets, context, dependentFiles, before, unreadFiles, packsStaged: group.packsStaged };
  });
  const nothingToCheck = (siblingCounts: readonly number[]) => checks.every((check, i) => check.lint.files === 0 && check.policyInputs.length === 0 && !check.packsStaged && siblingCounts[i] === 0);
  if (nothingToCheck(checks.map((check) => check.siblingTargets.length))) return nothingChecked();

  // The CEL engine is loaded only when a config has something for it to do: packs, OPA, rule levels to
  // check, waivers to expire (with none of these, checkDocuments reports nothing and the engine's rules, exactly as below).
  const policyApplies = ({ packs, opa, rules: levels, waivers }: PolicySettings) => packs.length > 0 || Boolean(opa) || Object.keys(levels).length > 0 || waivers.length > 0;
  const needsPolicy = checks.some((check) => (check.policyInputs.length > 0 || check.siblingTargets.length > 0) && policyApplies(check.config.policy));
  const checkDocuments = needsPolicy ? (await import("@meshkit/policy")).checkDocuments : undefined;
  const packsOnly = checks.some((check) => check.packsStaged && check.policyInputs.length === 0 && check.config.policy.packs.length > 0);
  const packsFor = packsOnly ? (await import("@meshkit/policy")).packsFor : undefined;
  // The packs' policies as the commit holds them, like its configs: a staged policy, not its working-tree copy.
  const packFiles = checkDocuments || packsFor ? await staged.packFiles(checks.map((check) => check.config), (await import("@meshkit/policy")).DISK_PACK_FILES) : undefined;
  // And the Terraform modules of staged configurations (their folders' other *.tf.json files).
  const moduleFiles = checkDocuments ? await staged.moduleFiles((await import("@meshkit/policy")).DISK_MODULE_FILES) : undefined;
  const fromIndex = { ...(packFiles ? { packFiles } : {}), ...(moduleFiles ? { moduleFiles } : {}) };
  // Of the unchanged siblings, those whose module the commit changes are checked, for what it gives them.
  const headModules = moduleFiles && checks.some((check) => check.siblingTargets.length > 0) ? await staged.moduleFiles((await import("@meshkit/policy")).DISK_MODULE_FILES, "head") : undefined;
  const { modulesChanged } = headModules ? await import("@meshkit/policy") : { modulesChanged: undefined };
  const siblingInputs = checks.map((check) => (modulesChanged && moduleFiles && headModules && policyApplies(check.config.policy) ? modulesChanged(cwd, check.siblingTargets, moduleFiles, headModules) : []));
  if (nothingToCheck(siblingInputs.map((inputs) => inputs.length))) return nothingChecked();
  const policies = await Promise.all(
    checks.map(async (check, i) => {
      const siblingTargets = siblingInputs[i] ?? [];
      if (packsFor && check.packsStaged && check.policyInputs.length === 0 && siblingTargets.length === 0 && check.config.policy.packs.length > 0) {
        return { findings: packsFor(undefined, check.config, cwd, packFiles).findings, rules: POLICY_ENGINE_RULES };
      }
      if (!checkDocuments || check.policyInputs.length + siblingTargets.length === 0 || !policyApplies(check.config.policy)) return undefined;
      // The contracts products' rules look up are the project's as the commit holds it, too. `cwd`, not the top:
      // the documents are named from there (staged.display), and waiver globs and Terraform modules resolve them.
      const run = await checkDocuments([...check.policyInputs, ...siblingTargets], check.config, { cwd, projectSources: check.context, unreadFiles: check.unreadFiles, ...fromIndex });
      let { findings, waived } = run;
      // A product that uses a changed contract, and a configuration whose module the commit changes, get the
      // findings the change gives them: those they do not have now (asked only when they have any: a clean
      // commit pays for no second run). Their waived failures are shown only when that run is made anyway (a
      // standing waiver on a product must not cost every commit of its contract a second run).
      const onlyNew = async (files: ReadonlySet<string>, before: () => Promise<{ findings: Finding[]; waived: typeof waived }>) => {
        if (!findings.some((f) => files.has(f.file))) {
          waived = waived.filter((f) => !files.has(f.file));
          return;
        }
        const now = await before();
        findings = onlyNewOn(findings, files, now.findings);
        waived = onlyNewOn(waived, files, now.waived);
      };
      if (check.before) {
        const before = check.before;
        await onlyNew(check.dependentFiles, () => checkDocuments(before.targets, check.config, { cwd, projectSources: before.context, ...fromIndex }));
      }
      const siblingFiles = new Set(siblingTargets.map((target) => target.doc.file));
      if (headModules) await onlyNew(siblingFiles, () => checkDocuments(siblingTargets, check.config, { cwd, projectSources: check.context, ...fromIndex, moduleFiles: headModules }));
      return { ...run, findings, waived };
    }),
  );
  const findings = checks.flatMap((check, i) => {
    // A staged pack file that does not parse is read by lint (a staged YAML file) and by the packs' load:
    // its yaml-syntax is one problem, reported once.
    const linted = new Set(check.lint.findings.map(findingKey));
    return [...check.lint.findings, ...(policies[i]?.findings ?? []).filter((f) => !linted.has(findingKey(f)))];
  });
  const files = checks.reduce((sum, check, i) => sum + Math.max(check.lint.files, check.policyInputs.length + (siblingInputs[i]?.length ?? 0), check.packsStaged ? 1 : 0), 0);
  // Each rule once, though several configs' packs may have it.
  const rules = [...new Map([...LINT_RULES, ...policies.flatMap((policy) => policy?.rules ?? POLICY_ENGINE_RULES)].map((rule) => [rule.id, rule])).values()];
  // Waived failures stay in view, as in every report of policy-check (listed after the findings, counted apart).
  const suppressed = policies.flatMap((policy) => (policy && "waived" in policy ? policy.waived : []));
  return report(findings, files, rules, hook, { ...options, format: options.format ?? "text" }, cwd, { inputRuleIds: POLICY_INPUT_RULE_IDS, suppressed });
}

/**
 * One entry per file of the index, as lint's walk counts them on disk: a link and the file it leads to
 * (or two links to one file) are one document, else a contract would duplicate its own id. The file itself
 * is kept over a link to it; a file in `taken` (checked as a staged file already) is left out.
 */
function onePerFile<T extends { path: string }>(entries: readonly T[], staged: StagedIndex, taken: ReadonlySet<string> = new Set()): T[] {
  const kept = new Map<string, T>();
  for (const entry of entries) {
    const file = staged.fileOf(entry.path);
    if (taken.has(file)) continue;
    if (!kept.has(file) || entry.path === file) kept.set(file, entry);
  }
  return [...kept.values()];
}

/** `findings` without those on `files` that `before` has too: for documents a commit does not change, what the change gives them. */
function onlyNewOn<F extends Finding>(findings: readonly F[], files: ReadonlySet<string>, before: readonly Finding[]): F[] {
  const existing = new Set(before.filter((f) => files.has(f.file)).map(findingKey));
  return findings.filter((f) => !files.has(f.file) || !existing.has(findingKey(f)));
}

/** The staged and deleted paths of one project that its config covers (documents, or infrastructure for policy-check). */
function stagedGroup(config: MeshkitConfig, changes: readonly StagedChange[], top: string, owns: (path: string) => boolean, configStaged: boolean): StagedGroup {
  // Staged files are read by object id, so a name with a line break is checked like any other.
  const documents = configGlobFilter(config, top, { lineBreaks: true });
  const infrastructure = config.policy.infrastructure.length > 0 ? configGlobFilter({ ...config, files: { include: config.policy.infrastructure, exclude: config.files.exclude } }, top, { lineBreaks: true }) : () => false;
  // meshkit.yaml and its packs are looked for among all the project's changes: `files.include` selects
  // documents, and `products/**` (what meshkit init writes) leaves out meshkit.yaml and a `policies/` pack.
  const isConfig = (change: StagedChange) => join(top, change.path) === config.file;
  // A staged meshkit.yaml, or a staged file of one of its policy packs: its packs must load, even with no
  // document staged to check them on (a pack that is not there, a policy with a CEL error).
  const packsStaged = configStaged || changes.some((change) => {
    const path = join(top, change.path);
    return isConfig(change) || config.policy.packs.some((pack) => !pack.startsWith("builtin:") && (path === pack || isInsideFolder(path, pack)));
  });
  return {
    config,
    documents,
    infrastructure,
    owns,
    // The config in use is policy-checked as `Config` whatever the globs say, as `meshkit policy` checks it.
    staged: changes.filter((change) => change.status !== "D" && (documents(change.path) || infrastructure(change.path) || isConfig(change))),
    deleted: changes.filter((change) => change.status === "D" && documents(change.path)),
    submodules: changes.filter((change) => change.mode === GITLINK_MODE || change.oldMode === GITLINK_MODE),
    packsStaged,
    configStaged,
  };
}

/** The index's documents of a project, besides its staged ones: the context of its cross-file rules (and of policies' contract look-ups). */
function projectPaths(group: StagedGroup, top: string, indexPaths: Iterable<string>): string[] {
  const staged = new Set(group.staged.map((change) => change.path));
  const inProject = projectFilter(group, top);
  // The globs first: they leave out most of a large repository's files, and cost least per path.
  return [...indexPaths].filter((path) => group.documents(path) && !staged.has(path) && inProject(path));
}

/** A project's documents in its checked-out submodules (see submoduleContext). */
interface SubmoduleContext {
  /** As the index records the submodules: context of the project's cross-file rules and policies. */
  sources: LintSource[];
  /** The contents of those of `sources` in a submodule whose recorded commit the commit changes. */
  changed: Buffer[];
  /** Their files, as `sources` names them. */
  changedFiles: ReadonlySet<string>;
  /** The documents of those submodules as HEAD records them: the project before the commit. */
  before: LintSource[];
}

const NO_SUBMODULE_CONTEXT: SubmoduleContext = { sources: [], changed: [], changedFiles: new Set(), before: [] };

/**
 * The project's documents in its checked-out submodules, at the commits the index records for them: `meshkit
 * lint` and `policy` walk into a submodule's folder, so a product may name a contract kept there (a shared
 * contracts repository), and the commit must not be refused for a contract CI finds. A commit of this
 * repository changes no file of theirs, but it may change the commit it records for one (`git pull` in the
 * submodule, then `git add shared`): its contracts are then changed ones, and the products naming them are
 * checked for what that does to them, as for a staged contract (HEAD's commit of it is their `before`).
 */
async function submoduleContext(group: StagedGroup, staged: StagedIndex, mayHaveProducts: () => Promise<boolean>, onlySubmodules: boolean): Promise<SubmoduleContext> {
  const { top } = staged.state;
  // A moved submodule changes nothing to check in a project without products (a folder of vendored code, say).
  const moved = group.submodules.length > 0 && (await mayHaveProducts()) ? group.submodules : [];
  if (onlySubmodules && moved.length === 0) return NO_SUBMODULE_CONTEXT;
  // Only those inside the project's folder may hold its documents: one elsewhere (vendor/, another project's folder)
  // would cost git processes in every commit and add nothing.
  const prefix = projectPrefix(group, top);
  const submodules = staged.state.submodules.filter((submodule) => `${submodule.path}/`.startsWith(prefix));
  if (submodules.length === 0 && moved.length === 0) return NO_SUBMODULE_CONTEXT;
  const inProject = projectFilter(group, top);
  const read = async (list: readonly IndexSubmodule[]) => {
    const { files, unread } = await checkedOutSubmoduleFiles(list, top, (path) => group.documents(path) && inProject(path));
    return { files: files.map(({ path, bytes }) => ({ path: relative(top, path).split(sep).join("/"), bytes })), unread: new Set(unread.map((submodule) => submodule.path)) };
  };
  const source = (file: { path: string; bytes: Buffer | OversizedBlob }) => stagedSource(staged.display(file.path), file.bytes, false);
  const { files: now, unread } = await read(submodules);
  // One moved to a commit its clone has not fetched yet (a `git pull` that merges a teammate's move) is judged by CI:
  // its contracts are not here to tell what the move does, and their absence is none of the commit's doing.
  const judged = moved.filter((change) => !unread.has(join(top, change.path)));
  const changedFolders = judged.map((change) => `${change.path}/`);
  const changed = now.filter((file) => changedFolders.some((folder) => file.path.startsWith(folder)));
  // A submodule the commit removes is read from its clone when that is still there (`git rm --cached`), else from
  // the repository git keeps for it (`git rm shared` removes the folder, not `.git/modules/shared`).
  const left = judged.filter((change) => change.oldMode === GITLINK_MODE);
  const { files: kept } = await read(left.map((change) => ({ path: change.path, commit: change.oldSha })));
  const gone = await Promise.all(left.filter((change) => change.mode !== GITLINK_MODE).map((change) => removedSubmoduleFiles(change, top, (path) => group.documents(path) && inProject(path))));
  const before = [...kept, ...gone.flat()];
  return {
    sources: now.map(source),
    changed: [...changed, ...before].flatMap((file) => (Buffer.isBuffer(file.bytes) ? [file.bytes] : [])),
    changedFiles: new Set(changed.map((file) => staged.display(file.path))),
    before: before.map(source),
  };
}

/**
 * The documents (`covered` paths, from the top) of a submodule the commit removes, at the commit HEAD records for
 * it, when its folder no longer holds its clone (`git rm shared` removes the folder): git keeps its repository as
 * `modules/<name>` of the superproject's git folder, the name from HEAD's `.gitmodules`. None when the folder
 * still holds the clone (read as a checked-out submodule), or no such repository or commit is there.
 */
async function removedSubmoduleFiles(change: StagedChange, top: string, covered: (path: string) => boolean): Promise<{ path: string; bytes: Buffer }[]> {
  if (existsSync(join(top, change.path, ".git"))) return [];
  // `-z`: `<key>\n<value>\0` for each; no `.gitmodules` in HEAD, or no path set: nothing to look for.
  const out = await git(["config", "--blob", "HEAD:.gitmodules", "-z", "--get-regexp", "^submodule\\..*\\.path$"], top).catch(() => "");
  const entry = out.split("\0").find((e) => e.includes("\n") && e.slice(e.indexOf("\n") + 1) === change.path);
  if (entry === undefined) return [];
  const name = entry.slice("submodule.".length, entry.indexOf("\n") - ".path".length);
  // git refuses such a name too: it would lead out of `modules/`.
  if (name.split(/[\\/]/).includes("..")) return [];
  const gitDir = resolve(top, withoutLineEnd(await git(["rev-parse", "--git-path", `modules/${name}`], top).catch(() => "")));
  if (gitDir === resolve(top) || !existsSync(gitDir)) return [];
  // Its own work tree is gone (git would go there first): the repository stands for it, for commands that read objects.
  const inRepository = ["--git-dir", gitDir, "--work-tree", gitDir];
  // `<mode> <type> <object> <size>\t<path>`: documents within the size lint reads.
  const tree = await gitBytes([...inRepository, "ls-tree", "-r", "-z", "-l", "--full-tree", change.oldSha], top).catch(() => Buffer.alloc(0));
  const files: { path: string; bytes: Buffer }[] = [];
  for (const line of tree.toString("utf8").split("\0")) {
    const tab = line.indexOf("\t");
    const [, type, object, size] = line.slice(0, tab).split(/ +/);
    const path = `${change.path}/${line.slice(tab + 1)}`;
    if (tab === -1 || type !== "blob" || !object || Number(size) > MAX_FILE_BYTES || !covered(path)) continue;
    files.push({ path, bytes: await gitBytes([...inRepository, "cat-file", "blob", object], top) });
  }
  return files;
}

/** Whether an index path is in a project: under its config's folder, and not a nested project's. */
function projectFilter(group: StagedGroup, top: string): (path: string) => boolean {
  const prefix = projectPrefix(group, top);
  return (path) => path.startsWith(prefix) && group.owns(path);
}

/** The project's folder as a prefix of index paths (`domains/sales/`; empty for the top level). */
function projectPrefix(group: StagedGroup, top: string): string {
  const folder = relative(top, group.config.root).split(sep).join("/");
  return folder === "" || folder.startsWith("..") ? "" : `${folder}/`;
}

/** The committed (HEAD) versions of the staged and deleted documents, by blob id: which contracts the commit changes or removes. */
function readPrevious(groups: readonly StagedGroup[], staged: StagedIndex): Promise<Map<string, Buffer>> {
  const shas = groups.flatMap((group) => [...group.staged, ...group.deleted].filter((change) => group.documents(change.path) && !ZERO_SHA.test(change.oldSha)).map((change) => change.oldSha));
  return staged.blobs(shas);
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
