/**
 * Reading a git repository for the hooks and the schema-compat stage: staged content, trees and blobs
 * at a commit, release tags, and the ranges a pre-push hook is asked about.
 *
 * git is always run with an argument array (`execFile` / `spawn`, never a shell). Refs that come from
 * users are verified (`rev-parse --verify --end-of-options <ref>^{commit}`) before they reach any other
 * command, so they are never read as options. Every failure is a `UsageError` with one line.
 */
import { execFile, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join, posix, resolve } from "node:path";
import semver from "semver";
import { MAX_FILE_BYTES, OVERSIZED_PREVIEW_BYTES, OversizedBlob } from "./source.js";
import { UsageError } from "./findings.js";
import { oneLine, shellQuote, withoutUrlCredentials } from "./message-text.js";
import { CLI_OPTION_NAMES } from "./option-names.js";

/** git's output is read into memory; a repository listing larger than this is refused, not truncated. */
const MAX_OUTPUT_BYTES = 256 * 1024 * 1024;

interface GitResult<Out = string> {
  code: number;
  stdout: Out;
  stderr: string;
}

/** Runs git and resolves with its exit code and output; rejects only when git cannot be run at all. */
async function runGit(args: readonly string[], cwd: string, env?: NodeJS.ProcessEnv, input?: string): Promise<GitResult> {
  const result = await runGitBytes(args, cwd, env, input);
  return { ...result, stdout: result.stdout.toString("utf8") };
}

/**
 * runGit with stdout as git wrote it: paths are bytes to git, and a name that is not UTF-8 must stay itself.
 * `input`: what git reads on stdin (`--stdin`).
 */
function runGitBytes(args: readonly string[], cwd: string, env?: NodeJS.ProcessEnv, input?: string): Promise<GitResult<Buffer>> {
  return new Promise((resolvePromise, reject) => {
    const child = execFile("git", args, { cwd, maxBuffer: MAX_OUTPUT_BYTES, encoding: "buffer", ...(env ? { env } : {}) }, (error, stdout, stderr) => {
      if (error && typeof error.code !== "number") return reject(new UsageError(cannotRun(args, cwd, error)));
      resolvePromise({ code: error ? Number(error.code) : 0, stdout, stderr: stderr.toString("utf8") });
    });
    if (input === undefined) return;
    child.stdin?.on("error", () => {}); // git exited early: its exit code says why
    child.stdin?.end(input);
  });
}

function cannotRun(args: readonly string[], cwd: string, error: { code?: string | number | null; message: string }): string {
  if (error.code === "ENOENT") return existsSync(cwd) ? "git is not installed or not on PATH" : `cannot run git: directory ${cwd} does not exist`;
  if (error.code === "ERR_CHILD_PROCESS_STDIO_MAXBUFFER") return `git ${args[0]} printed more than ${MAX_OUTPUT_BYTES / 1024 / 1024} MiB; narrow it down (pathspecs)`;
  return `cannot run git ${args[0]}: ${gitMessageLine(error.message)}`;
}

/** The line of git's stderr that says what went wrong (`fatal:` / `error:` first, not `hint:`), with credentials in URLs masked. */
function gitReason(stderr: string): string {
  const lines = stderr.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  const line = lines.find((l) => /^(fatal|error):/.test(l)) ?? lines.find((l) => !/^(hint|warning):/.test(l)) ?? lines[0] ?? "";
  // A refused push ends with "error: failed to push some refs"; why is in the lines before it: what the
  // remote said (`remote: Permission … denied`, a protected-ref message) and each ref's `! [rejected] … (reason)`.
  if (!/^error: failed to push/.test(line)) return gitMessageLine(line);
  const why = lines.filter((l) => /^remote: \S/.test(l) || /^! \[/.test(l)).map((l) => l.replace(/^remote:\s*/, ""));
  return gitMessageLine(why.length > 0 ? `${line} (${why.slice(0, 3).join("; ")})` : line);
}

/** One line of git's output, its remote URLs masked (`https://***@host`): a remote can carry a token, and messages are printed. */
export function gitMessageLine(text: string): string {
  return withoutUrlCredentials(oneLine(text), "***@");
}

/** Runs git with arguments (never through a shell) and returns stdout; a non-zero exit is a `UsageError`. */
export async function git(args: string[], cwd: string, env?: NodeJS.ProcessEnv): Promise<string> {
  const result = await runGit(args, cwd, env);
  if (result.code !== 0) throw gitFailure(args[0]!, cwd, result);
  return result.stdout;
}

/** `git`, with stdout as the bytes git wrote (file names that are not UTF-8 kept apart: see the pre-commit hook). */
export async function gitBytes(args: string[], cwd: string, env?: NodeJS.ProcessEnv): Promise<Buffer> {
  const result = await runGitBytes(args, cwd, env);
  if (result.code !== 0) throw gitFailure(args[0]!, cwd, result);
  return result.stdout;
}

/** The one-line error of a failed git command; outside any repository it says so plainly. */
function gitFailure(command: string, cwd: string, result: { code: number; stderr: string }): UsageError {
  if (/not a git repository/i.test(result.stderr)) return new UsageError(`${cwd} is not in a git repository, and this needs one (git ${command}): run meshkit in a clone of the repository`);
  // git's own "this operation must be run in a work tree" names neither the folder nor where to go instead.
  if (/must be run in a work tree/i.test(result.stderr)) return new UsageError(`${cwd} is a bare repository or a .git folder, with no working tree (git ${command}): run meshkit in the working tree of a clone`);
  return new UsageError(`git ${command} failed: ${gitReason(result.stderr) || `exit code ${result.code}`}`);
}

/**
 * `env` with git configuration added for one command (GIT_CONFIG_COUNT / GIT_CONFIG_KEY_n /
 * GIT_CONFIG_VALUE_n, after any the environment already holds): unlike `-c`, values never appear on a
 * command line, where other processes could read them.
 */
export function withGitConfig(env: NodeJS.ProcessEnv, config: readonly (readonly [string, string])[]): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = { ...env };
  let count = Number(env.GIT_CONFIG_COUNT ?? 0) || 0;
  for (const [key, value] of config) {
    out[`GIT_CONFIG_KEY_${count}`] = key;
    out[`GIT_CONFIG_VALUE_${count}`] = value;
    count++;
  }
  out.GIT_CONFIG_COUNT = String(count);
  return out;
}

/**
 * The configuration that sends a GitHub token over https as actions/checkout does: an
 * `Authorization: Basic` header of `x-access-token:<token>`. Nothing when the token is empty.
 *
 * With `url`, the header is set for that URL only, after clearing the headers set for it so far: a
 * checkout that persisted credentials has stored one for `https://github.com/`, and git would send
 * that one instead of a header set for no URL (the more specific URL wins), or both at once.
 */
export function gitTokenConfig(token: string | undefined, url?: string): [string, string][] {
  if (!token) return [];
  const header = `Authorization: Basic ${Buffer.from(`x-access-token:${token}`).toString("base64")}`;
  if (url === undefined) return [["http.extraHeader", header]];
  return [
    [`http.${url}.extraHeader`, ""],
    [`http.${url}.extraHeader`, header],
  ];
}

/** How long a git transfer over http(s) may go without receiving a byte before git gives it up. */
export const GIT_STALL_SECONDS = 60;

/**
 * The configuration that ends a stalled http(s) transfer: a remote (or a proxy) that takes the connection and
 * then sends nothing held git, and the CI job with it, until the job's own timeout. curl's low-speed check
 * gives up after `seconds` below 1 byte a second (`Operation too slow`), which git reports as a fetch or push
 * that failed; a slow but moving transfer goes on.
 */
export function gitStallConfig(seconds = GIT_STALL_SECONDS): [string, string][] {
  return [
    ["http.lowSpeedLimit", "1"],
    ["http.lowSpeedTime", String(seconds)],
  ];
}

/**
 * The environment for one git command that talks to `remote` (a fetch or a push): prompts off, a stalled
 * transfer given up (`gitStallConfig`), and `token`
 * sent as actions/checkout sends it (`gitTokenConfig`) when the remote's URL for that direction is https.
 * A workflow may then check out with `persist-credentials: false`: git gets the token for this command only.
 */
export async function remoteTokenEnv(remote: string, cwd: string, token: string | undefined, direction: "fetch" | "push"): Promise<NodeJS.ProcessEnv> {
  const env = { ...process.env, GIT_TERMINAL_PROMPT: "0" };
  if (!token) return withGitConfig(env, gitStallConfig());
  const url = (await git(["remote", "get-url", ...(direction === "push" ? ["--push"] : []), "--end-of-options", remote], cwd)).trim();
  return withGitConfig(env, [...gitStallConfig(), ...(/^https?:\/\//i.test(url) ? gitTokenConfig(token, url) : [])]);
}

/** The absolute path of the working tree's top level. */
export async function gitTopLevel(cwd: string): Promise<string> {
  return withoutLineEnd(await git(["rev-parse", "--show-toplevel"], cwd));
}

/**
 * A path git printed on a line of its own, without that line's end: only the end, since a folder's name
 * may itself end in a space (trimming it names a folder that does not exist).
 */
export function withoutLineEnd(line: string): string {
  return line.replace(/\r?\n$/, "");
}

/** Paths (relative to the top level) of files added, copied, modified, renamed or changed in type (a link made a file) in the index. */
export async function stagedPaths(top: string): Promise<string[]> {
  const out = await git(["diff", "--cached", "--name-only", "-z", "--diff-filter=ACMRT", "--no-renames"], top);
  return out.split("\0").filter(Boolean);
}

/** The paths the index holds (what the next commit will contain) under `folder` (relative to the top level; "" for all). */
export async function indexPaths(top: string, folder = ""): Promise<string[]> {
  const out = await git(["ls-files", "--cached", "-z", "--", folder === "" ? "." : folder], top);
  return [...new Set(out.split("\0").filter(Boolean))];
}

/**
 * The staged (index, stage 0) content of each path, through one `git cat-file --batch` process:
 * what will be committed, not what is in the working tree. Paths are relative to the top level;
 * paths that are not in the index, or that the batch protocol cannot carry (see `readBlobs`), are left out.
 */
export function stagedBlobs(top: string, paths: readonly string[]): Promise<Map<string, Buffer>> {
  // `:0:<path>`, not `:<path>`: a file named `1:x` must not be read as stage 1 of `x`, nor `/text` as a message search.
  return catFileBatch(top, paths, (path) => `:0:${path}`);
}

/** A full object name: 40 hex digits (SHA-1) or 64 (SHA-256). */
const FULL_SHA = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;
const ZERO_SHA = /^0+$/;
// Refs and remote names never contain control characters; refusing them keeps odd input out of git's argv.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\0-\x1f\x7f]/;

function checkRef(ref: string, what: string): void {
  if (ref === "" || CONTROL_CHARACTERS.test(ref) || ref.startsWith("-")) {
    throw new UsageError(`${what} ${JSON.stringify(ref)} is not a valid git ref: expected a branch, tag, commit SHA or expression like HEAD~1`);
  }
}

/** The commit `ref` names, or undefined when there is no such commit (one git process, no explaining). */
export async function tryResolveCommit(ref: string, cwd: string): Promise<string | undefined> {
  return tryResolve(ref, cwd);
}

async function tryResolve(ref: string, cwd: string): Promise<string | undefined> {
  // `:/<text>` (the youngest commit whose message matches <text>) takes the rest of the argument as its text,
  // so a `^{commit}` after it would be searched for too; it only ever names a commit.
  const commit = ref.startsWith(":/") ? ref : `${ref}^{commit}`;
  const result = await runGit(["rev-parse", "--verify", "--quiet", "--end-of-options", commit], cwd);
  if (result.code === 0) return result.stdout.trim();
  // --quiet: exit 1 means "no such commit" (or an object that is not one); anything else (not a repository...) is an error.
  if (result.code === 1) return undefined;
  throw gitFailure("rev-parse", cwd, result);
}

/** `baseOption`: how the user names the base (`--base`, or an action's input), which a message may advise to give a folder. */
async function resolveOrExplain(ref: string, cwd: string, what: string, baseOption: string = CLI_OPTION_NAMES.base): Promise<string> {
  checkRef(ref, what);
  const sha = await tryResolve(ref, cwd);
  if (sha) return sha;
  const object = await runGit(["rev-parse", "--verify", "--quiet", "--end-of-options", ref], cwd);
  // A full SHA "verifies" without existing; ask for the object's type to tell "not a commit" from "not here".
  const type = object.code === 0 ? await runGit(["cat-file", "-t", object.stdout.trim()], cwd) : undefined;
  if (type?.code === 0) throw new UsageError(`${what} ${ref} names a ${type.stdout.trim()}, not a commit: give a branch, tag or commit`);
  if (await isShallowRepository(cwd)) {
    throw new UsageError(`${what} ${ref} is not in this shallow clone: fetch it with \`${fetchHint(ref)}\`, or check out with actions/checkout \`fetch-depth: 0\``);
  }
  // HEAD (or HEAD~1 …) of a repository without a commit names nothing yet: fetching would not help.
  if (/^HEAD(?:$|[~^@])/.test(ref) && (await tryResolve("HEAD", cwd)) === undefined) {
    throw new UsageError(`${what} ${ref} names no commit: this repository has no commits yet (commit first, or give ${baseOption} a released file or folder)`);
  }
  throw new UsageError(`${what} ${ref} not found: no commit, branch or tag by that name in this repository (fetch it first, or check the spelling)`);
}

/** Whether this is a shallow clone (`git clone --depth`, actions/checkout's default): older commits and tags may be missing. */
export async function isShallowRepository(cwd: string): Promise<boolean> {
  return (await git(["rev-parse", "--is-shallow-repository"], cwd)).trim() === "true";
}

/**
 * The command that brings `ref` into a shallow clone under the name it was given: a plain
 * `git fetch origin <name>` only fills FETCH_HEAD, and the same ref would still be missing.
 */
function fetchHint(ref: string): string {
  // A revision expression (HEAD~2, main^, @{u}) cannot be fetched by name: fetch the missing history instead.
  // So can no abbreviated commit id: a server fetches a commit by its full id only.
  if (/[~^@:]/.test(ref) || /^[0-9a-f]{7,39}$/i.test(ref)) return "git fetch --no-tags --unshallow origin";
  // A full commit id (SHA-1 or SHA-256): fetching it brings the object, which is all a SHA needs.
  if (/^(?:[0-9a-f]{40}|[0-9a-f]{64})$/i.test(ref)) return `git fetch --no-tags --depth=1 origin ${ref}`;
  const remote = /^(?:refs\/remotes\/)?origin\/(.+)$/.exec(ref);
  if (remote) return `git fetch --no-tags --depth=1 origin +refs/heads/${remote[1]}:refs/remotes/origin/${remote[1]}`;
  if (/^refs\/(?:tags|heads)\//.test(ref)) return `git fetch --no-tags --depth=1 origin +${ref}:${ref}`;
  // A name may be a tag (v1.2.0, stable) or a branch (release/1.2), and the clone has neither to tell which: its
  // look was guessed from, and a wrong guess's command failed ("couldn't find remote ref"). `refs/*/<name>` fetches
  // whichever the remote has, each to its own place (a tag to refs/tags, a branch to refs/heads); quoted for the shell.
  return `git fetch --no-tags --depth=1 origin ${shellQuote(`+refs/*/${ref}:refs/*/${ref}`)}`;
}

/**
 * The full SHA of the commit a ref names (branch, tag, SHA, `HEAD~1`, `origin/main`).
 * A ref that is missing is a `UsageError` that says why: not found, or not in this shallow clone (and how to fetch it).
 */
export async function resolveCommit(ref: string, cwd: string, baseOption?: string): Promise<string> {
  const sha = await resolveOrExplain(ref, cwd, "base ref", baseOption);
  await refuseAmbiguousRef(ref, cwd, "base ref");
  return sha;
}

/**
 * A short name that is a tag and a branch (or a remote-tracking branch) at different commits (`main` tagged by
 * mistake, a maintenance branch `v1` beside the moving tag `v1`): git reads it in its own order, the tag first,
 * and only warns, so the base compared could be another release than the one meant. Refused, naming the full refs.
 */
async function refuseAmbiguousRef(ref: string, cwd: string, what: string): Promise<void> {
  // The name a revision expression starts from (`main~1`, `v1^`, `main@{1}`, `main:path`) is read the same way.
  const name = ref.split(/[~^:]|@\{/)[0] ?? "";
  if (name === "" || name.startsWith("refs/")) return;
  // The places git looks a short name up in, in its order (gitrevisions(7)).
  const places = [`refs/${name}`, `refs/tags/${name}`, `refs/heads/${name}`, `refs/remotes/${name}`, `refs/remotes/${name}/HEAD`];
  // for-each-ref lists them sorted, and the refs below each place too (refs/heads/main/x): only the exact names count.
  const listed = new Set((await git(["for-each-ref", "--format=%(refname)", ...places], cwd)).split("\n"));
  const found = places.filter((full) => listed.has(full));
  if (found.length < 2) return;
  const commits = await Promise.all(found.map(async (full) => ({ full, commit: await tryResolve(full, cwd) })));
  if (new Set(commits.map((c) => c.commit)).size < 2) return;
  const named = commits.map((c) => `${c.full} (${c.commit?.slice(0, 12) ?? "not a commit"})`).join(", ");
  throw new UsageError(`${what} ${ref} is ambiguous: ${named} are different commits, and git reads ${name} as ${found[0]}: write the full ref of the one meant`);
}

/**
 * Paths (relative to the top level) of the files (blobs, including symlinks; not submodules) in a commit's tree,
 * optionally limited to pathspecs (relative to the top level; `git ls-tree` matches directories and files, not globs).
 */
export async function listTreeFiles(commit: string, cwd: string, options: { pathspecs?: string[] } = {}): Promise<string[]> {
  return (await listTree(commit, cwd, options)).files;
}

/** A submodule as a commit's tree records it: its folder (relative to the top level) and the commit it is at. */
export interface TreeSubmodule {
  path: string;
  commit: string;
}

/**
 * The files (blobs) of a commit's tree and its submodules (the commits it records for them), as listTreeFiles
 * lists them; `blobIds`: each file's object id (the same content has the same id in every commit).
 */
export async function listTree(commit: string, cwd: string, options: { pathspecs?: string[]; resolved?: boolean } = {}): Promise<{ files: string[]; blobIds: Map<string, string>; submodules: TreeSubmodule[]; links: Set<string> }> {
  // `resolved`: `commit` is a commit's id the caller has resolved already (a release tag's): not asked about again.
  const sha = options.resolved ? commit : await resolveOrExplain(commit, cwd, "commit");
  const pathspecs = options.pathspecs ?? [];
  // Not --name-only: the type column tells blobs from submodules (commits) in the same listing.
  const out = await git(["ls-tree", "-r", "-z", "--full-tree", sha, "--", ...pathspecs], cwd);
  const files: string[] = [];
  const blobIds = new Map<string, string>();
  const submodules: TreeSubmodule[] = [];
  const links = new Set<string>();
  for (const entry of out.split("\0")) {
    const tab = entry.indexOf("\t");
    if (tab === -1) continue;
    const [mode, type, object] = entry.slice(0, tab).split(" ");
    const path = entry.slice(tab + 1);
    if (type === "blob" && object) {
      files.push(path);
      blobIds.set(path, object);
      if (mode === SYMLINK_MODE) links.add(path);
    } else if (type === "commit" && object) submodules.push({ path, commit: object });
  }
  return { files, blobIds, submodules, links };
}

/** The mode git records a symbolic link with: its blob holds the link's target, not the file's content. */
const SYMLINK_MODE = "120000";

/** Links followed in a row before a chain is taken as a loop (Linux's own limit, MAXSYMLINKS). */
const MAX_LINK_HOPS = 40;

/** Where a symbolic link of a commit's tree leads: the file (a path of the tree), or why it leads to none. */
export type TreeLinkTarget = { file: string } | { folder: string } | { unresolved: string; why: string };

/**
 * Where each of `links` (symbolic links of a tree that listTree listed) leads within the tree, as the working tree
 * follows it: the target read name by name from the link's folder, each name that is itself a link (a file's or a
 * folder's, `shared -> real/deep` in `../shared/a.yaml`) followed where it stands, so that a `..` after it leaves the
 * folder it leads to, as the system resolves a path. A commit holds only what is inside the repository, so a target
 * outside it (absolute, or `..` past the top), missing, or a loop leads to no file (`why` says which); a folder is
 * said as such (a link to a folder is not a file of the tree).
 */
export async function treeLinkTargets(tree: { blobIds: ReadonlyMap<string, string>; links: ReadonlySet<string> }, links: readonly string[], reader: BlobReader): Promise<Map<string, TreeLinkTarget>> {
  const texts = new Map<string, string>();
  const read = async (paths: readonly string[]) => {
    const wanted = paths.filter((path) => !texts.has(path));
    const blobs = await reader.read([...new Set(wanted.map((path) => tree.blobIds.get(path)!))], { maxBytes: 4096 });
    for (const path of wanted) {
      const bytes = blobs.get(tree.blobIds.get(path)!);
      texts.set(path, bytes instanceof Buffer ? bytes.toString("utf8") : "");
    }
  };
  const folders = new Set([...tree.blobIds.keys()].flatMap((path) => path.split("/").slice(0, -1).map((_, i, parts) => parts.slice(0, i + 1).join("/"))));
  const targets = new Map<string, TreeLinkTarget>();
  // Each link's walk: the folder reached (`at`, names of the tree), the names still to follow, the links followed.
  type Walk = { link: string; at: string[]; rest: string[] | undefined; hops: number; reading: string };
  const outside = "outside the repository, so the commit does not hold it";
  const missing = "a path the commit does not hold";
  // A link's text, its names to follow from the link's folder; undefined when it leads out of the repository.
  const namesOf = (text: string) => (text === "" || posix.isAbsolute(text) ? undefined : text.split("/"));
  let pending: Walk[] = links.map((link) => ({ link, at: link.split("/").slice(0, -1), rest: undefined, hops: 0, reading: link }));
  while (pending.length > 0) {
    await read(pending.map((walk) => walk.reading));
    const next: Walk[] = [];
    for (const walk of pending) {
      // Said as the link itself is written (a chain's later links are the commit's to show).
      const end = (why: string) => targets.set(walk.link, { unresolved: texts.get(walk.link)!, why });
      const names = namesOf(texts.get(walk.reading)!);
      if (names === undefined) {
        end(outside);
        continue;
      }
      const rest = [...names, ...(walk.rest ?? [])];
      let waiting = false;
      let why: string | undefined;
      while (rest.length > 0 && why === undefined && !waiting) {
        const name = rest.shift()!;
        if (name === "" || name === ".") continue;
        if (name === "..") {
          if (walk.at.length === 0) why = outside;
          else walk.at.pop();
          continue;
        }
        const path = [...walk.at, name].join("/");
        if (tree.links.has(path)) {
          // Followed from the folder it stands in (`at` stays): its own names go before the rest.
          if (++walk.hops >= MAX_LINK_HOPS) why = "a chain of links that does not end (a loop)";
          else {
            next.push({ ...walk, rest, reading: path });
            waiting = true;
          }
        } else if (folders.has(path)) walk.at.push(name);
        // A file with anything after it (`a.yaml/..`, `a.yaml/`) is no folder to go on from (ENOTDIR).
        else if (tree.blobIds.has(path) && rest.length === 0) walk.at.push(name);
        else why = missing;
      }
      if (waiting) continue;
      if (why !== undefined) end(why);
      else {
        const path = walk.at.join("/");
        if (tree.blobIds.has(path)) targets.set(walk.link, { file: path });
        else targets.set(walk.link, { folder: path === "" ? "." : path });
      }
    }
    pending = next;
  }
  return targets;
}

/**
 * The files of the checked-out submodules a commit's tree (or the index) records (absolute paths), as of the
 * commits it records for them, read from their own repositories: the working tree walks into them, so their base must
 * be there too. A submodule that is checked out without that commit is listed in `unread`.
 */
export async function checkedOutSubmoduleFiles(submodules: readonly TreeSubmodule[], repo: string, covered: (path: string) => boolean, prefix = ""): Promise<{ files: { path: string; bytes: Buffer | OversizedBlob }[]; unread: TreeSubmodule[] }> {
  const files: { path: string; bytes: Buffer | OversizedBlob }[] = [];
  const unread: TreeSubmodule[] = [];
  for (const submodule of submodules) {
    const dir = join(repo, submodule.path);
    // Not checked out (`git submodule update` never ran): the working tree has none of its files either.
    if (!existsSync(join(dir, ".git"))) continue;
    if ((await tryResolveCommit(submodule.commit, dir)) === undefined) {
      unread.push({ ...submodule, path: dir });
      continue;
    }
    const innerPrefix = `${prefix}${submodule.path}/`;
    const tree = await listTree(submodule.commit, dir, { resolved: true });
    const blobs = await readBlobs(submodule.commit, tree.files.filter((path) => covered(innerPrefix + path)), dir);
    files.push(...[...blobs].map(([path, bytes]) => ({ path: join(dir, path), bytes })));
    const nested = await checkedOutSubmoduleFiles(tree.submodules, dir, covered, innerPrefix);
    files.push(...nested.files);
    unread.push(...nested.unread);
  }
  return { files, unread };
}

/**
 * The content of many files at a commit, through one `git cat-file --batch` process (binary-safe).
 * Paths are relative to the top level. The map holds only the paths that are files at that commit: a missing
 * path or a directory is left out, and so is a path the batch protocol cannot carry (a newline, or a trailing
 * carriage return). A file over `maxBytes` is an OversizedBlob (its size and first bytes), never read whole.
 */
export async function readBlobs(commit: string, paths: readonly string[], cwd: string, maxBytes = MAX_FILE_BYTES): Promise<Map<string, Buffer | OversizedBlob>> {
  const sha = await resolveOrExplain(commit, cwd, "commit");
  return catFileBatch(cwd, paths, (path) => `${sha}:${path}`, { maxBytes, preview: OVERSIZED_PREVIEW_BYTES });
}

/**
 * Runs one `git cat-file --batch`, asking for `objectName(path)` for each path, and keeps the blobs.
 */
async function catFileBatch(cwd: string, paths: readonly string[], objectName: (path: string) => string): Promise<Map<string, Buffer>>;
async function catFileBatch(cwd: string, paths: readonly string[], objectName: (path: string) => string, limit: { maxBytes: number; preview: number }): Promise<Map<string, Buffer | OversizedBlob>>;
async function catFileBatch(cwd: string, paths: readonly string[], objectName: (path: string) => string, limit?: { maxBytes: number; preview: number }): Promise<Map<string, Buffer | OversizedBlob>> {
  // One object name per line, and git strips a CR before the LF: such paths cannot be asked for.
  const asked = [...new Set(paths)].filter((p) => p !== "" && !p.includes("\n") && !p.endsWith("\r"));
  if (asked.length === 0) return new Map();
  const reader = openBlobReader(cwd);
  try {
    const found: Map<string, Buffer | OversizedBlob> = limit ? await reader.read(asked.map(objectName), limit) : await reader.read(asked.map(objectName));
    return new Map(asked.flatMap((path) => {
      const blob = found.get(objectName(path));
      return blob ? [[path, blob] as const] : [];
    }));
  } finally {
    await reader.close();
  }
}

/**
 * One `git cat-file` process for several rounds of questions, each asked when the answers to the
 * last one tell what to ask next (the pre-commit hook: the configs first, then the documents they cover):
 * one process start (several milliseconds each) instead of one per round.
 */
export interface BlobReader {
  /**
   * The blobs among `objects` (object names: a SHA, `:0:<path>`, `<commit>:<path>`; none holding a
   * newline), by name; a missing object, a tree or a submodule is left out. With `maxBytes`, so is a blob
   * larger than that, unread: git ≥ 2.36 is asked its size first, an older git's content is passed over.
   */
  read(objects: readonly string[], options?: { maxBytes?: number }): Promise<Map<string, Buffer>>;
  /**
   * As `read`, but a blob larger than `maxBytes` is an OversizedBlob: its size and first `preview` bytes,
   * the rest streamed past, so memory stays bounded whatever is committed.
   */
  read(objects: readonly string[], options: { maxBytes: number; preview: number }): Promise<Map<string, Buffer | OversizedBlob>>;
  /** Ends the process; resolves when it has exited, rejects when it failed. Always call it. */
  close(): Promise<void>;
}

/**
 * `git cat-file --batch-command` (git ≥ 2.36), else `--batch`: the first is asked, and when git does not
 * know it the questions go to the second. Both answer `<oid> <type> <size>\n<content>\n` for contents.
 */
export function openBlobReader(cwd: string): BlobReader {
  let reader = catFileReader(cwd, true);
  const retried = <T>(ask: (r: CatFileReader) => Promise<T>): Promise<T> =>
    ask(reader).catch((error: unknown) => {
      if (!(error instanceof BatchCommandUnknown)) throw error;
      // Every question so far failed the same way: the first to get here starts the older protocol.
      if (reader.commands) reader = catFileReader(cwd, false);
      return ask(reader);
    });
  const read = (objects: readonly string[], options: { maxBytes?: number; preview?: number } = {}) =>
    retried(async (r) => {
      // With a preview every blob is streamed (the large ones cut short); without, git ≥ 2.36 is asked sizes first.
      if (options.maxBytes === undefined || options.preview !== undefined || !r.commands) return r.contents(objects, options.maxBytes, options.preview);
      const sizes = await r.sizes(objects);
      return r.contents(objects.filter((name) => (sizes.get(name) ?? Infinity) <= options.maxBytes!));
    });
  return {
    read: read as BlobReader["read"],
    close: () => retried((r) => r.close()),
  };
}

/** git older than 2.36: no `cat-file --batch-command`. */
class BatchCommandUnknown extends UsageError {}

interface CatFileReader {
  /** Whether it speaks `--batch-command` (`info` and `contents`), not `--batch` (contents only). */
  commands: boolean;
  /** The blobs among `objects`; one larger than `maxBytes` is left out, its content passed over, or with `preview` an OversizedBlob. */
  contents(objects: readonly string[], maxBytes?: number, preview?: number): Promise<Map<string, Buffer | OversizedBlob>>;
  /** `--batch-command` only: the size of each blob among `objects`. */
  sizes(objects: readonly string[]): Promise<Map<string, number>>;
  close(): Promise<void>;
}

interface CatFileRequest {
  names: readonly string[];
  /** `info`: headers only, no content follows. */
  info: boolean;
  maxBytes: number;
  /** Bytes kept of a blob over maxBytes (0: none, the blob left out). */
  preview: number;
  index: number; // the name the next header answers
  blobs: Map<string, Buffer | OversizedBlob>;
  sizes: Map<string, number>;
  done(): void;
  reject(error: Error): void;
}

/** Starts `git cat-file` in `cwd`: answers are parsed as they stream, `<oid> <type> <size>\n[<content>\n]`, or `<name> missing\n` (and the like). */
function catFileReader(cwd: string, commands: boolean): CatFileReader {
  const child = spawn("git", ["cat-file", commands ? "--batch-command" : "--batch"], { cwd, stdio: ["pipe", "pipe", "pipe"] });
  const queue: CatFileRequest[] = [];
  let pending: Buffer = Buffer.alloc(0); // bytes of an incomplete header
  // The content being read (+1 byte: the LF after it); `data` undefined: passed over (too large, not a blob);
  // `oversized`: only the first data.length bytes kept.
  let body: { name: string | undefined; data: Buffer | undefined; size: number; filled: number; oversized: boolean } | undefined;
  let answered = false;
  let stderr = "";
  let failure: UsageError | undefined;
  const fail = (error: UsageError) => {
    if (failure) return;
    failure = error;
    child.kill();
    for (const request of queue.splice(0)) request.reject(failure);
  };
  // Requests are answered in order: the first one is done when each of its names has had its answer.
  const settle = () => {
    for (let done = queue[0]; done && done.index === done.names.length && !body; done = queue[0]) {
      queue.shift();
      done.done();
    }
  };

  child.stdout.on("data", (chunk: Buffer) => {
    answered = true;
    let offset = 0;
    while (offset < chunk.length && !failure) {
      const request = queue[0];
      if (body) {
        const n = Math.min(body.size - body.filled, chunk.length - offset);
        if (body.data && body.filled < body.data.length) body.data.set(chunk.subarray(offset, offset + Math.min(n, body.data.length - body.filled)), body.filled);
        body.filled += n;
        offset += n;
        if (body.filled === body.size) {
          if (body.name !== undefined && body.data) request?.blobs.set(body.name, body.oversized ? new OversizedBlob(body.size - 1, body.data) : body.data.subarray(0, body.size - 1));
          body = undefined;
          settle();
        }
        continue;
      }
      const lf = chunk.indexOf(0x0a, offset);
      if (lf === -1) {
        pending = Buffer.concat([pending, chunk.subarray(offset)]);
        break;
      }
      const header = Buffer.concat([pending, chunk.subarray(offset, lf)]).toString("utf8");
      pending = Buffer.alloc(0);
      offset = lf + 1;
      if (!request) return fail(new UsageError("git cat-file failed: it answered a question not asked"));
      const name = request.names[request.index++];
      // Found: `<oid> <type> <size>`. Not found: `<name> missing` / `ambiguous` (no content follows).
      const match = /^[0-9a-f]+ ([a-z]+) (\d+)$/.exec(header);
      const blob = match?.[1] === "blob" ? name : undefined;
      const size = Number(match?.[2]);
      if (match && request.info) {
        if (blob !== undefined) request.sizes.set(blob, size);
        settle();
      } else if (match) {
        const oversized = size > request.maxBytes;
        const kept = blob === undefined ? 0 : oversized ? Math.min(request.preview, size) : size + 1;
        body = { name: blob, data: kept > 0 ? Buffer.allocUnsafe(kept) : undefined, size: size + 1, filled: 0, oversized };
      } else settle();
    }
  });
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString("utf8");
  });
  child.stdin.on("error", () => {}); // git exited early; `close` reports why
  child.on("error", (error: NodeJS.ErrnoException) => fail(new UsageError(cannotRun(["cat-file"], cwd, error))));
  const exited = new Promise<void>((resolvePromise, reject) => {
    child.on("close", (code) => {
      // 129: git's usage error; an older git says `unknown option `batch-command'`.
      if (commands && code === 129 && !answered && /batch-command/.test(stderr)) fail(new BatchCommandUnknown("git cat-file --batch-command is unknown to this git"));
      if (!failure && code !== 0) fail(new UsageError(`git cat-file failed: ${gitReason(stderr) || `exit code ${code}`}`));
      if (!failure && (body || queue.length > 0)) fail(new UsageError("git cat-file failed: its output ended early"));
      if (failure) reject(failure);
      else resolvePromise();
    });
  });
  exited.catch(() => {}); // reported by the questions and close()

  const ask = (objects: readonly string[], info: boolean, maxBytes = Infinity, preview = 0) =>
    new Promise<CatFileRequest>((resolvePromise, reject) => {
      const request: CatFileRequest = { names: [...objects], info, maxBytes, preview, index: 0, blobs: new Map(), sizes: new Map(), done: () => resolvePromise(request), reject };
      if (failure) return reject(failure);
      if (objects.length === 0) return resolvePromise(request);
      queue.push(request);
      const verb = commands ? (info ? "info " : "contents ") : "";
      child.stdin.write(objects.map((name) => `${verb}${name}\n`).join(""));
    });
  return {
    commands,
    contents: async (objects, maxBytes, preview) => (await ask(objects, false, maxBytes, preview)).blobs,
    sizes: async (objects) => (await ask(objects, true)).sizes,
    close() {
      child.stdin.end();
      return exited;
    },
  };
}

export interface ReleaseTag {
  /** The tag name, e.g. `customer_360/v1.2.0`. */
  tag: string;
  /** The full SHA of the commit it points at (annotated tags peeled). */
  commit: string;
  /** The version after the `v`, e.g. `1.2.0`. */
  version: string;
}

/**
 * Release tags, `<prefix>v<semver>` (e.g. prefix `customer_360/` for `customer_360/v1.2.0`) or, with no prefix,
 * `v<semver>`, with the commits they point at, sorted by version ascending. The `v` may be left out (`1.2.0`,
 * `customer_360/1.2.0`): semver's FAQ calls the `v` only a common way to mark a version, and many repositories
 * tag without it; a transitive compat run that skipped their tags would pass a break of an older release unseen.
 * `prefixes` reads the tags of several prefixes at once (`""` for `v<semver>` itself). Other tags, versions that
 * are not semver, and tags of something other than a commit are skipped.
 */
export async function releaseTags(cwd: string, options: { prefix?: string; prefixes?: readonly string[] } = {}): Promise<ReleaseTag[]> {
  const prefixes = (options.prefixes ?? [options.prefix ?? ""]).flatMap((prefix) => [`${prefix}v`, prefix]);
  const format = "%(refname)%00%(objecttype)%00%(objectname)%00%(*objecttype)%00%(*objectname)";
  const out = await git(["for-each-ref", `--format=${format}`, "refs/tags"], cwd);
  const tags: ReleaseTag[] = [];
  for (const line of out.split("\n")) {
    const [refname = "", type, object, peeledType, peeled] = line.split("\0");
    const tag = refname.replace(/^refs\/tags\//, "");
    if (!refname.startsWith("refs/tags/")) continue;
    // semver.parse would also take `v1.0.0` or ` 1.0.0`; the version must start right after the `v`.
    const version = prefixes.filter((prefix) => tag.startsWith(prefix)).map((prefix) => tag.slice(prefix.length)).find((rest) => /^\d/.test(rest) && semver.parse(rest) !== null);
    if (version === undefined) continue;
    let commit: string | undefined;
    if (type === "commit") commit = object;
    else if (type === "tag" && peeledType === "commit") commit = peeled;
    else if (type === "tag" && peeledType === "tag") commit = await tryResolve(refname, cwd); // a tag of a tag
    if (commit) tags.push({ tag, commit, version });
  }
  return tags.sort((a, b) => semver.compareBuild(a.version, b.version) || (a.tag < b.tag ? -1 : a.tag > b.tag ? 1 : 0));
}

async function commitsOf(a: string, b: string, cwd: string): Promise<[string, string]> {
  return [await resolveOrExplain(a, cwd, "commit"), await resolveOrExplain(b, cwd, "commit")];
}

/** Whether commit `a` is an ancestor of (or the same as) commit `b`. */
export async function isAncestor(a: string, b: string, cwd: string): Promise<boolean> {
  const [shaA, shaB] = await commitsOf(a, b, cwd);
  const result = await runGit(["merge-base", "--is-ancestor", shaA, shaB], cwd);
  if (result.code === 0 || result.code === 1) return result.code === 0;
  throw gitFailure("merge-base", cwd, result);
}

/** A path git ignores, and the rule that ignores it (`source`: the absolute path of the file that has it, a .gitignore or an excludes file). */
export interface IgnoredPath {
  path: string;
  source: string;
  line: number;
  pattern: string;
}

/**
 * Which of `paths` (relative to `cwd`, inside a git working tree) git ignores — `git add` would pass them over —
 * and by which rule (`git check-ignore -v`). A path already tracked is not ignored.
 */
export async function ignoredPaths(paths: readonly string[], cwd: string): Promise<IgnoredPath[]> {
  if (paths.length === 0) return [];
  const top = await gitTopLevel(cwd); // git names a .gitignore by its path from the top
  const result = await runGit(["check-ignore", "-v", "-z", "--stdin"], cwd, undefined, paths.map((path) => `${path}\0`).join(""));
  if (result.code === 1) return []; // none is ignored
  if (result.code !== 0) throw gitFailure("check-ignore", cwd, result);
  // -z -v: source, line number, pattern and path, each ended by a NUL. A `!` pattern matched re-includes its path.
  const fields = result.stdout.split("\0");
  const ignored: IgnoredPath[] = [];
  for (let i = 0; i + 3 < fields.length; i += 4) {
    const [source, line, pattern, path] = fields.slice(i, i + 4) as [string, string, string, string];
    if (source !== "" && !pattern.startsWith("!")) ignored.push({ path, source: resolve(top, source), line: Number(line), pattern });
  }
  return ignored;
}

/** The best common ancestor of two commits, or undefined when their histories are unrelated. */
export async function mergeBase(a: string, b: string, cwd: string): Promise<string | undefined> {
  const [shaA, shaB] = await commitsOf(a, b, cwd);
  const result = await runGit(["merge-base", shaA, shaB], cwd);
  if (result.code === 0) return result.stdout.trim();
  if (result.code === 1 && gitReason(result.stderr) === "") return undefined;
  throw gitFailure("merge-base", cwd, result);
}

export interface PushRange {
  /** What is being pushed. */
  localSha: string;
  /** What the remote has now, the base to compare with; undefined when there is none (a new branch with no upstream). */
  remoteSha: string | undefined;
  localRef: string;
  remoteRef: string;
  /** Why the base may not be the one CI compares with, or why there is none, for the hook to say (the remote's default branch is not known here). */
  note?: string;
}

/**
 * The ranges a pre-push hook checks, from the lines git writes to its stdin:
 * `<local ref> <local sha> <remote ref> <remote sha>`. Deletions (local sha all zeros) are skipped, and so are
 * tags of a blob or a tree, which name no commit.
 * When the remote has no such branch yet (remote sha all zeros), or has a commit this clone does not,
 * the base is the merge-base with the local branch's upstream or else the remote's default branch (see
 * remoteDefaultBranches), when there is one. So is it for a branch the remote has that is not its default branch:
 * that branch's earlier pushes are no release (the upstream `push -u` set to it is passed over).
 * When this clone knows no default branch of the remote, a branch it has is compared with its upstream when
 * that is another branch, else with its last push, with a note saying how to let meshkit tell.
 * `remote` is the remote's name (the hook's first argument), `origin` by default.
 */
export async function prePushRanges(stdin: string, cwd: string, options: { remote?: string } = {}): Promise<PushRange[]> {
  const remote = options.remote ?? "origin";
  const ranges: PushRange[] = [];
  let defaults: string[] | undefined;
  for (const [n, raw] of stdin.split("\n").entries()) {
    const line = raw.replace(/\r$/, "");
    if (line.trim() === "") continue;
    const fields = line.split(" ");
    const [localRef = "", localSha = "", remoteRef = "", remoteSha = ""] = fields;
    if (fields.length !== 4 || !FULL_SHA.test(localSha) || !FULL_SHA.test(remoteSha) || localRef === "" || remoteRef === "") {
      throw new UsageError(`pre-push: line ${n + 1} is not "<local ref> <local sha> <remote ref> <remote sha>": ${JSON.stringify(line.slice(0, 200))}`);
    }
    if (ZERO_SHA.test(localSha)) continue; // a deletion: nothing to check
    // A tag of a blob or a tree (a maintainer's public key published as `git tag key <blob>`) is no commit: it holds
    // no project to compare, CI runs no pipeline for it, and `git push --tags` must not be refused because of it.
    if ((await tryResolve(localSha, cwd)) === undefined) continue;
    defaults ??= await remoteDefaultBranches(remote, cwd);
    const known = !ZERO_SHA.test(remoteSha) && (await tryResolve(remoteSha, cwd)) !== undefined;
    if (!known) {
      const base = await upstreamBase(localRef, localSha, defaults, cwd);
      // A remote this clone knows branches of, none of them the default one by name (a `trunk` team's `git remote
      // add`): the new branch goes unchecked for a reason the user can remove. A remote with no branch yet (the first
      // push) has no default to name.
      const note = base === undefined && defaults.length === 0 && (await knowsBranchesOf(remote, cwd)) && (await isConfiguredRemote(remote, cwd))
        ? `${remote}'s default branch is not known here (${await defaultBranchesLookedFor(remote, cwd)}): run \`git remote set-head ${remote} --auto\` so that a new branch is compared with where it left the default one`
        : undefined;
      ranges.push({ localSha, remoteSha: base, localRef, remoteRef, ...(note ? { note } : {}) });
      continue;
    }
    const branch = remoteRef.startsWith("refs/heads/") ? remoteRef.slice("refs/heads/".length) : undefined;
    const own = branch !== undefined && usableRemoteName(remote) ? `refs/remotes/${remote}/${branch}` : undefined;
    // A branch other than the default one holds no release: its earlier pushes (a 3.0.0 not merged yet) are not
    // what its versions are judged against, but where it left the branch its pull request goes into, as CI judges it.
    if (own !== undefined && defaults.length > 0 && defaults[0] !== own) {
      ranges.push({ localSha, remoteSha: (await upstreamBase(localRef, localSha, defaults, cwd, own)) ?? remoteSha, localRef, remoteRef });
      continue;
    }
    // No default branch known here (`git remote add` of a remote whose default is `trunk`): the branch may be it
    // or a feature branch. An upstream that is another branch says where its pull request goes; else its last push.
    const upstream = own !== undefined && defaults.length === 0 ? await upstreamBase(localRef, localSha, [], cwd, own) : undefined;
    const note = own !== undefined && defaults.length === 0 && upstream === undefined && (await isConfiguredRemote(remote, cwd))
      ? `${remote}'s default branch is not known here (${await defaultBranchesLookedFor(remote, cwd)}): ${branch} is compared with its last push, as if it were the default branch; run \`git remote set-head ${remote} --auto\` so that another branch is compared with where it left the default one`
      : undefined;
    ranges.push({ localSha, remoteSha: upstream ?? remoteSha, localRef, remoteRef, ...(note ? { note } : {}) });
  }
  return ranges;
}

/**
 * The merge-base of `sha` with the upstream of the branch `localRef` names, or else with one of `defaults`
 * (the remote's default branch, see remoteDefaultBranches). `pushedTo`: the remote-tracking ref of the branch
 * being pushed to, which is no base of its own (the upstream `push -u` set is skipped).
 */
async function upstreamBase(localRef: string, sha: string, defaults: readonly string[], cwd: string, pushedTo?: string): Promise<string | undefined> {
  const candidates: string[] = [];
  const branch = localRef === "HEAD" ? await currentBranch(cwd) : localRef.startsWith("refs/heads/") ? localRef : undefined;
  if (branch) {
    const out = await git(["for-each-ref", "--format=%(refname)%00%(upstream)", branch], cwd);
    const upstream = out.split("\n").map((l) => l.split("\0")).find(([ref]) => ref === branch)?.[1];
    if (upstream && upstream !== pushedTo) candidates.push(upstream);
  }
  candidates.push(...defaults);
  for (const candidate of candidates) {
    const target = await tryResolve(candidate, cwd);
    if (!target) continue;
    const base = await mergeBase(sha, target, cwd);
    if (base) return base;
  }
  return undefined;
}

/** A remote name that can stand in a ref name (`refs/remotes/<remote>/…`): not empty, no option, no control character. */
function usableRemoteName(remote: string): boolean {
  return !CONTROL_CHARACTERS.test(remote) && !remote.startsWith("-") && remote !== "";
}

/**
 * The refs that may be the default branch, likeliest first, whether or not this clone has them: where
 * `<remote>/HEAD` points (set by a clone, not by `git remote add`), `<remote>/main`, `<remote>/master`, then
 * the branch `init.defaultBranch` names (a team whose default is `trunk`); with `local`, the local branches of
 * those names after them (a repository with no remote). Full ref names; one list serves the pre-push hook and
 * `meshkit ci`/`compat` so both judge a change against the same branch. A setting git would not take as a
 * branch name is left out.
 */
export async function defaultBranchCandidates(cwd: string, options: { remote?: string; local?: boolean } = {}): Promise<string[]> {
  const remote = options.remote ?? "origin";
  const configured = await initDefaultBranch(cwd);
  const names = ["main", "master", ...(configured !== undefined ? [configured] : [])];
  const candidates: string[] = [];
  if (usableRemoteName(remote)) {
    const head = await runGit(["symbolic-ref", "--quiet", `refs/remotes/${remote}/HEAD`], cwd);
    candidates.push(...(head.code === 0 ? [head.stdout.trim()] : []), ...names.map((name) => `refs/remotes/${remote}/${name}`));
  }
  if (options.local) candidates.push(...names.map((name) => `refs/heads/${name}`));
  const valid: string[] = [];
  for (const candidate of new Set(candidates)) {
    if ((await runGit(["check-ref-format", candidate], cwd)).code === 0) valid.push(candidate);
  }
  return valid;
}

/** The branch git's `init.defaultBranch` setting names, when it is set. */
async function initDefaultBranch(cwd: string): Promise<string | undefined> {
  const configured = await runGit(["config", "--get", "init.defaultBranch"], cwd);
  return configured.code === 0 && configured.stdout.trim() !== "" ? configured.stdout.trim() : undefined;
}

/**
 * What was looked for, none of it found, for a note on an unknown default branch (defaultBranchCandidates'
 * names): `init.defaultBranch` is one of them, so a note that left it out would not say why a `trunk` team's
 * setting did not help, or that setting it would.
 */
async function defaultBranchesLookedFor(remote: string, cwd: string): Promise<string> {
  const configured = await initDefaultBranch(cwd);
  const names = [...new Set(["main", "master", ...(configured !== undefined ? [configured] : [])])];
  const list = `${names.slice(0, -1).join(", ")} or ${names.at(-1)!}`;
  return `no ${remote}/HEAD, ${list}${configured === undefined ? ", and no init.defaultBranch" : `; init.defaultBranch is ${configured}`}`;
}

/**
 * The remote-tracking refs that may be `remote`'s default branch, as this clone has them, likeliest first
 * (see defaultBranchCandidates). A `<remote>/HEAD` left pointing at a pruned branch (the default renamed
 * master → main, then `fetch --prune`) names nothing and is passed over.
 * Empty when none is here: nothing to tell the default branch by.
 */
async function remoteDefaultBranches(remote: string, cwd: string): Promise<string[]> {
  const found: string[] = [];
  for (const candidate of await defaultBranchCandidates(cwd, { remote })) {
    if ((await tryResolve(candidate, cwd)) !== undefined) found.push(candidate);
  }
  return found;
}

/** Whether this clone has a remote-tracking branch of `remote` (it was fetched from, or pushed to, at least once). */
async function knowsBranchesOf(remote: string, cwd: string): Promise<boolean> {
  if (!usableRemoteName(remote)) return false;
  return (await git(["for-each-ref", "--count=1", "--format=%(refname)", `refs/remotes/${remote}/`], cwd)).trim() !== "";
}

/** Whether `remote` names a remote of this repository (not a URL given to `git push`). */
async function isConfiguredRemote(remote: string, cwd: string): Promise<boolean> {
  return (await runGit(["config", "--get", `remote.${remote}.url`], cwd)).code === 0;
}

async function currentBranch(cwd: string): Promise<string | undefined> {
  const result = await runGit(["symbolic-ref", "--quiet", "HEAD"], cwd);
  return result.code === 0 ? result.stdout.trim() : undefined;
}

/** Who a commit or tag is by, for git. */
export interface GitIdentity {
  name: string;
  email: string;
}

/** meshkit's identity when nobody better is known (a catalog commit, a release tag made outside a workflow run). */
export const MESHKIT_GIT_IDENTITY: GitIdentity = { name: "meshkit", email: "meshkit@users.noreply.github.com" };

/** What `createReleaseTag` did: a release tag, once made, never moves. */
export interface ReleaseTagOutcome {
  tag: string;
  /** `exists`: already on this commit (a re-run); `conflict`: on another commit, left as it is. */
  outcome: "created" | "exists" | "conflict" | "invalid";
  /** The commit the tag points at. */
  commit?: string;
  /** `conflict` only: the product document there is the one being tagged (a push that did not change it). */
  unchanged?: boolean;
  /**
   * `conflict` only, when another tag name marks this version: the release tag of a version that differs in
   * build metadata only (`orders/v1.0.0` for `1.0.0+build.2`), the same version by semver precedence (§10).
   */
  releasedAs?: string;
  /** `invalid` only: why it cannot be a release tag (no valid git tag name, a version that is not semver). */
  reason?: string;
}

/**
 * Tags `commit` as the release `tag` (annotated, with `message`) unless the tag exists. Never moves a
 * tag: a version released from another commit is a `conflict` for the caller to report.
 */
export async function createReleaseTag(tag: string, commit: string, message: string, cwd: string, tagger?: GitIdentity): Promise<ReleaseTagOutcome> {
  // A name git would take for an option is refused too: arguments never carry options from data.
  const valid = tag.startsWith("-") ? undefined : await runGit(["check-ref-format", `refs/tags/${tag}`], cwd);
  if (valid?.code !== 0) return { tag, outcome: "invalid", reason: "git refuses it as a tag name (a space, `..`, `~`, `^`, `:` or another character it does not take)" };
  const existing = await tryResolve(`refs/tags/${tag}`, cwd);
  if (existing !== undefined) return { tag, outcome: existing === commit ? "exists" : "conflict", commit: existing };
  // An annotated tag records its tagger; a CI runner has no git identity configured, so one is given.
  const env = tagger ? { ...process.env, GIT_COMMITTER_NAME: tagger.name, GIT_COMMITTER_EMAIL: tagger.email } : undefined;
  await git(["tag", "-a", "-m", message, tag, commit], cwd, env);
  return { tag, outcome: "created", commit };
}
