import { execFile } from "node:child_process";
import { type Stats, chmodSync, existsSync, lstatSync, readFileSync, realpathSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { basename, dirname, join, relative, resolve, sep } from "node:path";
import { promisify } from "node:util";
import { UsageError, git, gitTopLevel, isMapping, makeDirectory, readTextOrThrow, shellQuote, withoutLineEnd, writeFileAtomic } from "@meshkit/core";
import { topLevelEnd } from "./hook-end.js";

/**
 * The hooks meshkit installs (commands/hook.ts runs them). `pre-merge-commit`: `git merge` makes its
 * commit without running pre-commit, and runs this hook (with the same checks) instead.
 */
export const HOOK_NAMES = ["pre-commit", "pre-merge-commit", "pre-push"] as const;

/**
 * The repository's `hooks/<name>` script. The bundle step copies `hooks/` into dist/; this module may be
 * the entry file or one of its split chunks one folder down, so both places are tried.
 */
export function hookScript(name: string): string {
  const candidates = [`./hooks/${name}`, `../hooks/${name}`].map((p) => new URL(p, import.meta.url));
  const found = candidates.find((url) => existsSync(url));
  if (!found) throw new UsageError(`hook script ${name} is missing from this meshkit build; rebuild it with npm run build`);
  return readFileSync(found, "utf8");
}
export const MARKER = "meshkit hook";
export const HUSKY_DIR = ".husky";

/**
 * The `.gitattributes` lines that keep the hook files LF in every clone: git for Windows' default
 * core.autocrlf=true checks them out with CRLF, and sh then fails on every commit with a syntax error.
 * The comment marks the lines as meshkit's, for `meshkit hooks uninstall` to take out.
 */
export const HOOKS_EOL_LINES = ["# meshkit: the husky hooks are sh scripts, which fail with CRLF line ends (core.autocrlf on Windows)", `/${HUSKY_DIR}/** text eol=lf`] as const;
export const GITATTRIBUTES = ".gitattributes";

/** Whether a `.gitattributes` text has the line that keeps the hook files LF (meshkit's or the team's own). */
export function keepsHooksLf(text: string): boolean {
  return text.split("\n").some((line) => line.trim() === HOOKS_EOL_LINES[1]);
}

/**
 * `meshkit hooks install`: sets up husky in the repository (core.hooksPath, `prepare: husky`) and adds
 * meshkit's hook lines to `.husky/<hook>`. Idempotent, and it never removes what is there: existing
 * husky hook lines stay, and a hook already in .git/hooks is called from the husky hook.
 */
export async function hooksInstallCommand(cwd = process.cwd(), log: (line: string) => void = console.log): Promise<number> {
  const top = await gitTopLevel(cwd);
  // Git runs hooks at the repository's top; the project with meshkit installed may be a folder below it.
  const project = projectRoot(realpathSync(cwd), top);
  const projectPath = relative(top, project).split(sep).join("/");
  const { value: hooksPath, scope: hooksPathScope } = await hooksPathSetting(top);
  const commonDir = withoutLineEnd(await git(["rev-parse", "--git-common-dir"], top));
  if (hooksPath && !isHuskyHooksPath(hooksPath, top) && !isGitsOwnHooksFolder(hooksPath, top, commonDir)) {
    throw new UsageError(otherHooksPathMessage(hooksPath, top, meshkitCommandFromTop(top, projectPath)));
  }
  // Read before anything is changed: a package.json that cannot be read must not leave the hooks half set up.
  const pkg = readPackageJson(project);
  const attributesFile = join(top, GITATTRIBUTES);
  const attributes = existsSync(attributesFile) ? readTextOrThrow(attributesFile, GITATTRIBUTES) : undefined;
  const inTheWay = huskyLayoutProblem(top);
  if (inTheWay) throw new UsageError(`${inTheWay}, then run meshkit hooks install again`);
  try {
    await runHusky(top);
  } catch (error) {
    // husky sets core.hooksPath before it writes .husky/_: failed, it would leave git running no hooks at all.
    await restoreHooksPath(top, hooksPath, hooksPathScope);
    throw error;
  }
  makeDirectory(join(top, HUSKY_DIR));
  for (const name of HOOK_NAMES) {
    const script = projectHookScript(name, projectPath);
    const file = join(top, HUSKY_DIR, name);
    const existing = existsSync(file) ? readTextOrThrow(file, `${HUSKY_DIR}/${name}`) : "";
    if (existing.includes(MARKER)) {
      const upgraded = name === "pre-push" ? keepingPushRefsOfInstalled(existing) : undefined;
      if (upgraded) writeHook(file, upgraded);
      log(`${HUSKY_DIR}/${name}: meshkit already installed${upgraded ? "; its check now gets the pushed refs the lines before it read" : ""}`);
      continue;
    }
    // husky moves core.hooksPath away from .git/hooks; keep a hook that was there running.
    const keepLegacy = hasLegacyHook(top, commonDir, name) && !existing.includes(`hooks/${name}`) ? `${legacyHookLine(name)}\n` : "";
    // A top-level `exit` (or `exec <command>`) ends the hook there: meshkit's lines go before it, or they would
    // never run. One inside an `if`, a loop or a function is no end: lines before it would run only with that block.
    const end = topLevelEnd(existing);
    const [before, after] = end === undefined ? [existing, ""] : [existing.slice(0, end.offset), existing.slice(end.offset)];
    const parts = name === "pre-push" && (before.trim() || keepLegacy)
      ? keepingPushRefs(before, keepLegacy, script, after)
      : [before.trimEnd(), keepLegacy.trimEnd(), script.trimEnd(), after.trimEnd()].filter(Boolean);
    writeHook(file, parts.join("\n") + "\n");
    const where = !existing ? "" : end === undefined ? " after the existing lines" : ` before the existing lines' \`${end.command}\``;
    log(`${HUSKY_DIR}/${name}: added meshkit${where}${keepLegacy ? ` (and kept .git/hooks/${name})` : ""}`);
  }
  if (attributes === undefined || !keepsHooksLf(attributes)) {
    // Written with the file's own line ends, after its lines: a CRLF .gitattributes stays CRLF throughout.
    const lineEnd = attributes?.includes("\r\n") ? "\r\n" : "\n";
    const before = attributes && !attributes.endsWith("\n") ? `${attributes}${lineEnd}` : (attributes ?? "");
    writeHook(attributesFile, `${before}${HOOKS_EOL_LINES.join(lineEnd)}${lineEnd}`);
    log(`${GITATTRIBUTES}: added \`${HOOKS_EOL_LINES[1]}\` (every clone checks the hook files out with LF line ends, which sh needs)`);
  }
  addPrepareScript(top, pkg, huskyPrepare(project, top), log);
  const unset = await worktreesWithoutHusky(top, commonDir);
  if (unset.length > 0) {
    log(
      `notice: core.hooksPath is shared by every worktree of this repository, and ${unset.map((dir) => JSON.stringify(dir)).join(", ")} ${unset.length === 1 ? "has" : "have"} no ${HUSKY_DIR}/_ (husky's scripts, not tracked by git): git runs no hook there, not even those of .git/hooks, until husky is set up in ${unset.length === 1 ? "it" : "each"} (npm install there)`,
    );
  }
  return 0;
}

/**
 * The other working trees of the repository (`git worktree add`, or the main one when installing from a linked one)
 * where husky's `.husky/_` is not there: git, told by the shared core.hooksPath to look in it, runs no hook in them.
 */
async function worktreesWithoutHusky(top: string, commonDir: string): Promise<string[]> {
  const list = await git(["worktree", "list", "--porcelain", "-z"], top).catch(() => "");
  const here = realPathToBe(top);
  const gitFolder = realPathToBe(resolve(top, commonDir));
  // One record a worktree, its fields each ended by a NUL, and the record by one more; a bare repository's has no files.
  const dirs = list
    .split("\0\0")
    .map((record) => record.split("\0"))
    .filter((fields) => !fields.includes("bare"))
    .flatMap((fields) => fields.filter((field) => field.startsWith("worktree ")).map((field) => field.slice("worktree ".length)));
  const worktrees = await Promise.all(dirs.map((dir) => (realPathToBe(dir) === gitFolder ? workTreeOfGitFolder(top, gitFolder) : dir)));
  return worktrees.filter((dir): dir is string => dir !== undefined && existsSync(dir) && realPathToBe(dir) !== here && !existsSync(join(dir, HUSKY_DIR, "_", "h")));
}

/**
 * The main working tree of a repository whose git folder is elsewhere (a submodule's, `.git/modules/<name>` of its
 * superproject): `git worktree list` (git 2.39) names that folder itself, which holds no files and no `.husky/_`.
 * Its `core.worktree` names the working tree, from the git folder; undefined when it is not set.
 */
async function workTreeOfGitFolder(top: string, gitFolder: string): Promise<string | undefined> {
  const workTree = withoutLineEnd(await git(["config", "--get", "core.worktree"], top).catch(() => ""));
  return workTree ? resolve(gitFolder, workTree) : undefined;
}

/**
 * Whether git runs a hook `name` of its own folder (`.git/hooks/<name>`, executable: git-lfs's pre-push, another
 * tool's pre-commit), which husky's core.hooksPath would stop. `commonDir`: `git rev-parse --git-common-dir` in `top`.
 */
export function hasLegacyHook(top: string, commonDir: string, name: string): boolean {
  // In a linked worktree git names the common folder by its absolute path: `join` would put it below the top.
  const legacy = resolve(top, commonDir, "hooks", name);
  return existsSync(legacy) && (statSync(legacy).mode & 0o111) !== 0;
}

/**
 * The hooks of `.git/hooks` that husky would stop (see hasLegacyHook), of the repository `top`: none when it is
 * not a repository (yet).
 */
export async function legacyHooksOf(top: string): Promise<Set<string>> {
  const commonDir = await git(["rev-parse", "--git-common-dir"], top).then(withoutLineEnd, () => undefined);
  return new Set(commonDir === undefined ? [] : HOOK_NAMES.filter((name) => hasLegacyHook(top, commonDir, name)));
}

/**
 * A new `.git/hooks`-keeping hook file as `meshkit hooks install` writes it where there is none: meshkit's script
 * for the project `projectPath`, after the line that runs `.git/hooks/<name>` when `keepLegacy` (the refs of a
 * pre-push kept for both).
 */
export function newHookText(name: string, projectPath: string, keepLegacy: boolean): string {
  const script = projectHookScript(name, projectPath).trimEnd();
  if (!keepLegacy) return `${script}\n`;
  const legacy = legacyHookLine(name);
  return `${(name === "pre-push" ? keepingPushRefs("", legacy, script, "") : [legacy, script]).join("\n")}\n`;
}

/** The line that runs a hook kept from `.git/hooks` (husky moves core.hooksPath away from it). */
export function legacyHookLine(name: string): string {
  return `"$(git rev-parse --git-common-dir)/hooks/${name}" "$@"`;
}

/**
 * Writes a hook file through a symbolic link (a team's hook kept elsewhere in the repository and linked
 * into .husky/ stays linked, and gets meshkit's lines), keeping the mode it had: an executable script
 * others also run stays executable.
 */
export function writeHook(file: string, text: string): void {
  const target = existsSync(file) ? realpathSync(file) : file;
  const mode = existsSync(target) ? statSync(target).mode & 0o7777 : undefined;
  writeFileAtomic(target, text, file);
  if (mode !== undefined) chmodSync(target, mode);
}

/**
 * git writes the refs being pushed to the pre-push hook's stdin, once. A line before meshkit's that reads
 * them (a kept .git/hooks/pre-push, `git lfs pre-push "$@"`) would leave meshkit's check nothing to compare,
 * and the push would go through unchecked. So the refs are read once at the top (after a `#!` line) and
 * given again, as the stdin of the lines that follow, before the existing lines and before meshkit's.
 */
export const KEEP_PUSH_REFS = "# meshkit: git writes the pushed refs to stdin once; kept here and given again to the lines below and to meshkit's check.\nmeshkit_push_refs=$(cat)";
export const GIVE_PUSH_REFS = 'if [ -n "$meshkit_push_refs" ]; then exec <<MESHKIT_PUSH_REFS\n$meshkit_push_refs\nMESHKIT_PUSH_REFS\nelse exec </dev/null; fi';

/** The parts of a pre-push hook that has lines before meshkit's: the refs are kept for every reader. */
function keepingPushRefs(before: string, keepLegacy: string, script: string, after: string): string[] {
  const shebang = /^#!.*(?:\n|$)/.exec(before)?.[0] ?? "";
  return [shebang.trimEnd(), KEEP_PUSH_REFS, GIVE_PUSH_REFS, before.slice(shebang.length).trimEnd(), keepLegacy.trimEnd(), GIVE_PUSH_REFS, script.trimEnd(), after.trimEnd()].filter(Boolean);
}

/**
 * A pre-push hook meshkit was added to before the refs were kept (an install of an earlier meshkit) whose
 * lines before meshkit's run a command that may read them: rewritten to keep them, meshkit's lines (of
 * whichever version) as they are. Undefined when there is nothing to change.
 */
function keepingPushRefsOfInstalled(existing: string): string | undefined {
  const start = existing.search(/^# meshkit pre-push:/m);
  if (start <= 0 || existing.includes(KEEP_PUSH_REFS)) return undefined;
  const before = existing.slice(0, start);
  const runsCommand = before.split("\n").some((line) => line.trim() !== "" && !line.trimStart().startsWith("#"));
  return runsCommand ? keepingPushRefs(before, "", existing.slice(start), "").join("\n") + "\n" : undefined;
}

/**
 * The hook script for a project `projectPath` below the repository's top (`/`-separated; "" for the top):
 * git runs the hook at the top, so it looks first for the meshkit that `npm install` put in that project's
 * node_modules, then (as every hook does) at the top and in the other project folders: in a repository of
 * several domains, a developer may have installed only the one they work on.
 */
export function projectHookScript(name: string, projectPath: string): string {
  const script = hookScript(name);
  return projectPath ? script.replace("in ./node_modules/.bin/meshkit ", `in ${shellQuote(`./${projectPath}/node_modules/.bin/meshkit`)} ./node_modules/.bin/meshkit `) : script;
}

/**
 * The `prepare` script that sets husky up on `npm install` in `project`: `husky` at the repository's top,
 * else `cd <path to the top> && husky` (husky looks for `.git` in the folder it runs in), as husky's docs
 * have it for a project below the git root.
 */
export function huskyPrepare(project: string, top: string): string {
  const up = relative(project, top).split(sep).join("/");
  return up === "" ? "husky" : `cd ${shellQuote(up)} && husky`;
}

/**
 * Where `path` (which may not exist yet) is, with the links of its existing part resolved: as git names
 * the top level, so that a path reached through a linked folder compares with it.
 */
export function realPathToBe(path: string): string {
  const parent = dirname(path);
  if (existsSync(path) || parent === path) return realpathSync(path);
  return join(realPathToBe(parent), basename(path));
}

/** Whether core.hooksPath is husky's, in this repository: `.husky/…` as husky sets it, or the same folder as an absolute path. */
export function isHuskyHooksPath(hooksPath: string, top: string): boolean {
  const inRepo = relative(top, resolve(top, hooksPath)).split(sep).join("/");
  return inRepo === HUSKY_DIR || inRepo.startsWith(`${HUSKY_DIR}/`);
}

/**
 * Why a core.hooksPath that is not husky's `.husky/_` is refused, and what to add where instead. husky set up with a
 * folder of its own (`husky .config/husky`: core.hooksPath `.config/husky/_`, where husky writes the scripts git
 * runs, ignored by git and rewritten on each `npm install`) is named as husky's, and the lines go into the hook
 * files of that folder, which husky's scripts run, not into its `_/`.
 */
function otherHooksPathMessage(hooksPath: string, top: string, meshkit: string): string {
  const folder = resolve(top, hooksPath);
  const hook = (name: string): string => `\`${meshkit} hook ${name}${name === "pre-push" ? ' "$@"' : ""}\``;
  if (basename(folder) === "_" && existsSync(join(folder, "h"))) {
    const dir = relative(top, dirname(folder)).split(sep).join("/") || ".";
    const lines = HOOK_NAMES.map((name) => `${hook(name)} to ${dir}/${name}`).join(", ");
    return `core.hooksPath is set to ${hooksPath}: husky's, with its hooks in ${dir}/, not in ${HUSKY_DIR}/ where meshkit installs them; add ${lines} instead`;
  }
  const lines = HOOK_NAMES.map((name) => `${hook(name)} to its ${name} hook`).join(", ");
  return `core.hooksPath is set to ${hooksPath} (another hook manager); add ${lines} instead`;
}

/**
 * The meshkit command a hook of another hook manager runs, as git runs hooks: from the top, with no
 * node_modules/.bin on PATH (husky puts only the top's there; a plain `.githooks` folder, none), so bare
 * `meshkit` is not found where it is a devDependency. The project's installed one by its path from the top;
 * `meshkit` (one on PATH) when it has none.
 */
function meshkitCommandFromTop(top: string, projectPath: string): string {
  const bin = `./${projectPath ? `${projectPath}/` : ""}node_modules/.bin/meshkit`;
  return existsSync(join(top, bin)) ? shellQuote(bin) : "meshkit";
}

/**
 * Whether core.hooksPath names the folder git runs hooks from without it (`.git/hooks`, as set to undo another
 * hook manager): no hook manager's. Its hooks are kept as those of an unset core.hooksPath are. The setting is shared
 * by every worktree: `.git/hooks`, set in the main one, is read in a linked one too, where `.git` is a file.
 */
export function isGitsOwnHooksFolder(hooksPath: string, top: string, commonDir: string): boolean {
  const folder = resolve(top, hooksPath);
  return realPathToBe(folder) === realPathToBe(resolve(top, commonDir, "hooks")) || relative(top, folder).split(sep).join("/") === ".git/hooks";
}

/** The folder of the nearest package.json from `cwd` up to the repository's top (the top if there is none). */
export function projectRoot(cwd: string, top: string): string {
  for (let dir = cwd; relative(top, dir) !== "" && !relative(top, dir).startsWith(".."); dir = dirname(dir)) {
    if (existsSync(join(dir, "package.json"))) return dir;
  }
  return top;
}

/**
 * What in the repository stops husky or meshkit writing the hooks (a file where a folder goes, a link that leads
 * nowhere), said before anything is changed: husky's own `ENOTDIR: not a directory, lstat '.husky/_/husky.sh'`
 * names neither the file in the way nor what to do.
 */
function huskyLayoutProblem(top: string): string | undefined {
  const wanted: [string, "folder" | "file", string][] = [
    [HUSKY_DIR, "folder", "husky keeps the hooks in it"],
    [`${HUSKY_DIR}/_`, "folder", "husky writes the scripts git runs into it"],
    ...HOOK_NAMES.map((name): [string, "file", string] => [`${HUSKY_DIR}/${name}`, "file", "it is the hook script meshkit adds its lines to"]),
  ];
  for (const [path, kind, why] of wanted) {
    const file = join(top, path);
    const link = lstatOrUndefined(file);
    if (link === undefined) continue;
    const stats = statOrUndefined(file);
    if (stats === undefined) return `${path} is a link that leads nowhere (${why}): remove it or fix its target`;
    if (kind === "folder" && !stats.isDirectory()) return `${path} is not a folder (${why}): move it away`;
    if (kind === "file" && stats.isDirectory()) return `${path} is a folder, not a file (${why}): move it away`;
  }
  return undefined;
}

function lstatOrUndefined(file: string): Stats | undefined {
  try {
    return lstatSync(file);
  } catch {
    return undefined;
  }
}

function statOrUndefined(file: string): Stats | undefined {
  try {
    return statSync(file);
  } catch {
    return undefined;
  }
}

/** core.hooksPath as git reads it, and the config it comes from (`local`, `global`, `system`, `worktree`; "" when unset). */
export async function hooksPathSetting(top: string): Promise<{ value: string; scope: string }> {
  const out = withoutLineEnd(await git(["config", "--show-scope", "--get", "core.hooksPath"], top).catch(() => ""));
  const tab = out.indexOf("\t");
  return tab === -1 ? { value: "", scope: "" } : { scope: out.slice(0, tab), value: out.slice(tab + 1) };
}

/**
 * Puts core.hooksPath back as it was before husky set it (husky writes it to the repository's config): the
 * repository's own value set again, else the repository's setting removed. A value read from the global or
 * system config (`.husky/_` for every clone of a developer's) stays there and is not copied into the repository,
 * where it would outlive a later change of the global one.
 */
async function restoreHooksPath(top: string, previous: string, scope: string): Promise<void> {
  const restore = scope === "local" && previous ? ["config", "--local", "core.hooksPath", previous] : ["config", "--local", "--unset", "core.hooksPath"];
  await git(restore, top).catch(() => "");
}

/** Runs husky's own installer in the repository (it sets core.hooksPath and writes .husky/_). */
async function runHusky(top: string): Promise<void> {
  // husky exports only its installer module; its command sits beside it.
  const huskyBin = join(dirname(createRequire(import.meta.url).resolve("husky")), "bin.js");
  try {
    const { stdout } = await promisify(execFile)(process.execPath, [huskyBin], { cwd: top, env: { ...process.env, HUSKY: "" } });
    if (stdout.trim()) throw new UsageError(`husky: ${stdout.trim()}`);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    // Why husky failed is on its stderr (`Error: ENOTDIR: …`); execFile's message only names the command.
    const reason = /^\w*Error: (.+)$/m.exec(String((error as { stderr?: unknown }).stderr ?? ""))?.[1] ?? (error as Error).message.split("\n")[0];
    throw new UsageError(`husky could not be set up: ${reason}`);
  }
}

/**
 * `prepare: husky` in package.json, so every clone gets the hooks on `npm install`; husky as a devDependency.
 * A project below the repository's top runs husky there (`cd .. && husky`), as husky's docs have it.
 */
export interface PackageJson {
  file: string;
  text: string;
  pkg: { scripts?: Record<string, string>; devDependencies?: Record<string, string> };
}

/** The project's package.json, parsed; undefined when there is none. */
export function readPackageJson(project: string, command = "install"): PackageJson | undefined {
  const file = join(project, "package.json");
  if (!existsSync(file)) return undefined;
  const text = readTextOrThrow(file, "package.json");
  let pkg: unknown;
  try {
    pkg = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`package.json is not valid JSON: ${(error as Error).message}`);
  }
  // The fields this command changes must have the shape npm gives them, or adding to them would mangle them
  // (a string `scripts` spread into {"0": …}) or fail halfway, with the hooks already set up.
  if (!isMapping(pkg)) throw new UsageError(`package.json is not a JSON object: fix it, then run meshkit hooks ${command} again`);
  for (const field of ["scripts", "devDependencies", "dependencies"]) {
    if (pkg[field] !== undefined && !isMapping(pkg[field])) throw new UsageError(`package.json: "${field}" is not an object: fix it, then run meshkit hooks ${command} again`);
  }
  const prepare = (pkg.scripts as Record<string, unknown> | undefined)?.prepare;
  if (prepare !== undefined && typeof prepare !== "string") throw new UsageError(`package.json: "scripts.prepare" is not a string: fix it, then run meshkit hooks ${command} again`);
  return { file, text, pkg: pkg as PackageJson["pkg"] };
}

function addPrepareScript(top: string, read: PackageJson | undefined, husky: string, log: (line: string) => void): void {
  if (!read) {
    log("no package.json: hooks are set up for this clone only (run `meshkit hooks install` in each clone)");
    return;
  }
  const { file, pkg } = read;
  const prepare = pkg.scripts?.prepare;
  let changed = false;
  // A bare `husky` is the scaffolded default (older `meshkit init` wrote it in a subfolder too): made the right form.
  const bare = prepare?.trim() === "husky";
  if (!prepare || bare || !/\bhusky\b/.test(prepare)) {
    const wanted = !prepare || bare ? husky : `${prepare} && ${husky}`;
    changed = wanted !== prepare;
    pkg.scripts = { ...pkg.scripts, prepare: wanted };
  } else if (!prepare.includes(husky)) {
    // Someone's own script: theirs to change, but from here husky finds no repository without the `cd`.
    log(`${relative(top, file)}: notice: prepare runs husky, but husky must run at the repository's top: make it run \`${husky}\` (prepare is ${JSON.stringify(prepare)})`);
  }
  const declared = pkg.devDependencies?.husky ?? (pkg as { dependencies?: Record<string, string> }).dependencies?.husky;
  const addHusky = !declared;
  // husky 8 has no bare `husky` command (it was `husky install`) and reads hooks that source its husky.sh:
  // `prepare: husky` would print its usage, and no hook would run.
  const major = typeof declared === "string" ? /^\D*(\d+)/.exec(declared)?.[1] : undefined;
  if (major !== undefined && Number(major) < 9) log(`${relative(top, file)}: notice: husky ${declared} is older than 9, which these hooks need: run \`npm install --save-dev husky@^9\``);
  if (addHusky) {
    pkg.devDependencies = { ...pkg.devDependencies, husky: "^9.1.7" };
    changed = true;
  }
  if (!changed) return;
  writePackageJson(read);
  log(`${relative(top, file)}: prepare runs husky${addHusky ? "; husky added to devDependencies" : ""}`);
}

/**
 * Writes package.json back with its changed `pkg`, indented and with line ends as it was (as npm writes it): a
 * file checked out with CRLF (Windows, `core.autocrlf`) rewritten with LF showed every line as changed.
 */
export function writePackageJson({ file, text, pkg }: PackageJson): void {
  const indent = /^[ ]+|\t/m.exec(text.split("\n")[1] ?? "")?.[0] ?? 2;
  const lineEnd = text.includes("\r\n") ? "\r\n" : "\n";
  writeFileAtomic(file, `${JSON.stringify(pkg, null, indent)}\n`.replaceAll("\n", lineEnd));
}
