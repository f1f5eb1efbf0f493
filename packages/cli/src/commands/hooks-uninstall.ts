import { existsSync, lstatSync, readdirSync, realpathSync, rmSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { UsageError, displayPath, git, gitTopLevel, readTextOrThrow } from "@meshkit/core";
import {
  GITATTRIBUTES, GIVE_PUSH_REFS, HOOK_NAMES, HOOKS_EOL_LINES, HUSKY_DIR, KEEP_PUSH_REFS, MARKER, type PackageJson, hooksPathSetting, huskyPrepare, isHuskyHooksPath, legacyHookLine,
  projectRoot, readPackageJson, writeHook, writePackageJson,
} from "./hooks-install.js";

/** One of meshkit's hook files, as it will be once meshkit's lines are out of it. */
interface HookEdit {
  name: string;
  file: string;
  /** The file without meshkit's lines. */
  text: string;
}

/**
 * `meshkit hooks uninstall`: takes out of `.husky/<hook>` what `meshkit hooks install` added, and keeps every
 * other line. A hook file left with nothing to run is deleted (husky runs no hook whose file is not there).
 * When no husky hook is left at all, husky is turned off too: core.hooksPath unset, so that git runs
 * `.git/hooks` again (a hook kept from there by the install runs as before it), and `prepare` no longer runs
 * husky, so that `npm install` does not turn it back on. Nothing is changed when a hook's meshkit lines
 * cannot be told apart from the rest.
 */
export async function hooksUninstallCommand(cwd = process.cwd(), log: (line: string) => void = console.log): Promise<number> {
  const top = await gitTopLevel(cwd);
  const project = projectRoot(realpathSync(cwd), top);
  // Everything is read and worked out before anything changes: an error leaves no hook half edited.
  const pkg = readPackageJson(project, "uninstall");
  const edits: HookEdit[] = [];
  for (const name of HOOK_NAMES) {
    const file = join(top, HUSKY_DIR, name);
    if (!existsSync(file) || statSync(file).isDirectory()) continue;
    const existing = readTextOrThrow(file, `${HUSKY_DIR}/${name}`);
    if (!existing.includes(MARKER)) continue;
    const text = withoutMeshkitLines(existing, name);
    if (text === undefined) {
      throw new UsageError(`${HUSKY_DIR}/${name}: meshkit's lines are not as meshkit hooks install writes them (from "# meshkit ${name}:" to the "fi" after "meshkit hook ${name}"): remove them by hand`);
    }
    edits.push({ name, file, text });
  }
  if (edits.length === 0) {
    log(`meshkit's hooks are not installed here: no ${HUSKY_DIR}/ hook runs meshkit`);
    return 0;
  }
  const otherHook = huskyHookStillRunning(top, edits);
  for (const { name, file, text } of edits) {
    if (runsSomething(text, otherHook ? undefined : name)) {
      writeHook(file, text);
      log(`${HUSKY_DIR}/${name}: removed meshkit; its other lines stay`);
    } else if (lstatSync(file).isSymbolicLink()) {
      // A link is removed, not the script it leads to: that is someone else's file, which the install wrote
      // meshkit's lines into through the link; it gets its own lines back.
      const target = displayPath(realpathSync(file), top);
      writeHook(file, text);
      rmSync(file);
      log(`${HUSKY_DIR}/${name}: removed meshkit from ${target}, and the link to it: nothing else ran in it`);
    } else {
      rmSync(file);
      log(`${HUSKY_DIR}/${name}: removed meshkit, and the file: nothing else ran in it`);
    }
  }
  if (otherHook) {
    log(`husky stays set up: ${HUSKY_DIR}/${otherHook} runs other lines`);
    return 0;
  }
  await turnHuskyOff(top, log);
  removeHooksEolLines(top, log);
  if (pkg) stopPrepareRunningHusky(pkg, huskyPrepare(project, top), top, log);
  return 0;
}

/**
 * `text` without the blocks `meshkit hooks install` added for hook `name` (from the comment `# meshkit <name>:`
 * to the `fi` that ends the lines calling `meshkit hook <name>`, in every form an install has written) and,
 * in a pre-push hook, without the lines that kept git's pushed refs for them. Undefined when meshkit's lines
 * are not in that form (edited by hand): what else would go with them cannot be told.
 */
export function withoutMeshkitLines(text: string, name: string): string | undefined {
  const lines = text.split("\n");
  let removed = false;
  for (let start = findLine(lines, `# meshkit ${name}:`); start !== -1; start = findLine(lines, `# meshkit ${name}:`)) {
    const end = blockEnd(lines, start, name);
    if (end === -1) return undefined;
    lines.splice(start, end - start + 1);
    // A blank line that set meshkit's block apart from the lines around it (as earlier installs wrote it) goes with it.
    if ((start === 0 || lines[start - 1]!.trim() === "") && start < lines.length && lines[start]!.trim() === "") lines.splice(start, 1);
    removed = true;
  }
  if (!removed || lines.some((line) => line.includes(`${MARKER} ${name}`))) return undefined;
  if (name === "pre-push") {
    for (const run of [KEEP_PUSH_REFS, GIVE_PUSH_REFS]) removeLineRuns(lines, run.split("\n"));
  }
  // The install wrote the file ending in one line end; the lines before and after meshkit's are kept as they are.
  return lines.join("\n").replace(/\s*$/, "\n");
}

function findLine(lines: string[], prefix: string): number {
  return lines.findIndex((line) => line.trimEnd().startsWith(prefix));
}

/** The index of the `fi` line ending meshkit's block that starts at `start`; -1 when a blank line or the end comes first. */
function blockEnd(lines: string[], start: number, name: string): number {
  let called = false;
  for (let i = start; i < lines.length && lines[i]!.trim() !== ""; i++) {
    const line = lines[i]!.trimEnd();
    called ||= line.includes(`${MARKER} ${name}`);
    if (called && /(?:^|[\s;])fi$/.test(line)) return i;
  }
  return -1;
}

/** Removes every run of consecutive lines equal to `run`. */
function removeLineRuns(lines: string[], run: string[]): void {
  for (let i = 0; i <= lines.length - run.length; ) {
    if (run.every((line, k) => lines[i + k]!.trimEnd() === line)) lines.splice(i, run.length);
    else i++;
  }
}

/**
 * Whether a hook file runs a command: a line that is not blank, a comment, or (with `bridgeOf`, when husky
 * is being turned off) the line the install added to run `.git/hooks/<bridgeOf>`, which git runs itself again
 * once core.hooksPath is unset.
 */
function runsSomething(text: string, bridgeOf?: string): boolean {
  return text.split("\n").some((raw) => {
    const line = raw.trim();
    return line !== "" && !line.startsWith("#") && (bridgeOf === undefined || line !== legacyHookLine(bridgeOf));
  });
}

/**
 * The git hooks husky 9 runs from `.husky/<hook>` (the scripts it writes into `.husky/_`): another file in
 * `.husky/` (the `install.mjs` husky's docs suggest for `prepare`, a README) is no hook, and keeps husky for nothing.
 */
const HUSKY_HOOKS: ReadonlySet<string> = new Set([
  "pre-commit", "pre-merge-commit", "prepare-commit-msg", "commit-msg", "post-commit", "applypatch-msg", "pre-applypatch",
  "post-applypatch", "pre-rebase", "post-rewrite", "post-checkout", "post-merge", "pre-push", "pre-auto-gc",
]);

/**
 * The name of a husky hook that still runs something once meshkit's lines are out (a team's own
 * `commit-msg`, or a meshkit hook's other lines); undefined when none does and husky has nothing left to run.
 */
function huskyHookStillRunning(top: string, edits: HookEdit[]): string | undefined {
  const dir = join(top, HUSKY_DIR);
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (!HUSKY_HOOKS.has(entry.name)) continue;
    const edit = edits.find((candidate) => candidate.name === entry.name);
    const file = join(dir, entry.name);
    if (!edit && (!existsSync(file) || statSync(file).isDirectory())) continue;
    if (runsSomething(edit ? edit.text : readTextOrThrow(file, `${HUSKY_DIR}/${entry.name}`), entry.name)) return entry.name;
  }
  return undefined;
}

/**
 * Unsets core.hooksPath where husky set it (the repository's config), so that git runs `.git/hooks` again,
 * and removes husky's own `.husky/_` (written by husky, ignored by git); `.husky/` goes when nothing is left in it.
 * A husky core.hooksPath in the global or system config (which the repository's hid) is the user's to unset: said.
 */
async function turnHuskyOff(top: string, log: (line: string) => void): Promise<void> {
  const parts: string[] = [];
  // git reads the last core.hooksPath it finds: husky's in the repository's config hides a global or system one,
  // which is what git reads once the repository's is unset. So the setting is read again after each unset.
  let setting = await hooksPathSetting(top);
  let unset = false;
  while (setting.value && isHuskyHooksPath(setting.value, top) && (setting.scope === "local" || setting.scope === "worktree")) {
    await git(["config", `--${setting.scope}`, "--unset-all", "core.hooksPath"], top);
    unset = true;
    setting = await hooksPathSetting(top);
  }
  const { value, scope } = setting;
  if (!value) {
    if (unset) parts.push("core.hooksPath unset (git runs .git/hooks again)");
  } else if (isHuskyHooksPath(value, top)) {
    const command = scope === "global" || scope === "system" ? ` (git config --${scope} --unset core.hooksPath)` : "";
    parts.push(`${unset ? "core.hooksPath unset here, but your" : "your"} ${scope} git config sets it to ${value}${unset ? " too" : ""}, so git runs no hook here, not even .git/hooks: unset it there${command} for git to run .git/hooks again`);
  } else if (unset) {
    parts.push(`core.hooksPath unset here (git runs the hooks in ${value}, from your ${scope} git config)`);
  }
  const dir = join(top, HUSKY_DIR);
  rmSync(join(dir, "_"), { recursive: true, force: true });
  if (readdirSync(dir).length === 0) {
    rmSync(dir, { recursive: true });
    parts.push(`${HUSKY_DIR}/ removed`);
  } else {
    parts.push(`${HUSKY_DIR}/_ removed`);
  }
  log(`husky: no hook is left to run: ${parts.join("; ")}`);
}

/**
 * Takes the `.gitattributes` lines the install added (meshkit's comment and the rule after it) out, once no husky
 * hook is left for them to keep LF; the file goes when nothing else is in it. The same rule without meshkit's
 * comment is the team's own, and stays.
 */
function removeHooksEolLines(top: string, log: (line: string) => void): void {
  const file = join(top, GITATTRIBUTES);
  if (!existsSync(file) || statSync(file).isDirectory()) return;
  const text = readTextOrThrow(file, GITATTRIBUTES);
  const lines = text.split("\n");
  removeLineRuns(lines, [...HOOKS_EOL_LINES]);
  const rest = lines.join("\n");
  if (rest === text) return;
  if (rest.trim() === "") {
    rmSync(file);
    log(`${GITATTRIBUTES}: removed (it only kept the hook files LF)`);
  } else {
    writeHook(file, rest);
    log(`${GITATTRIBUTES}: removed meshkit's \`${HOOKS_EOL_LINES[1]}\``);
  }
}

/**
 * Takes husky out of package.json's `prepare` (as the install wrote it: alone, or after the project's own
 * script with `&&`); another script that runs husky is the project's to change, and said so. husky stays a
 * devDependency: removing it here would leave package-lock.json disagreeing, and `npm ci` failing.
 */
function stopPrepareRunningHusky(read: PackageJson, husky: string, top: string, log: (line: string) => void): void {
  const file = relative(top, read.file);
  const scripts = read.pkg.scripts ?? {};
  const prepare = scripts.prepare;
  const dependency = read.pkg.devDependencies?.husky ? "; husky stays in devDependencies: `npm uninstall husky` removes it" : "";
  if (prepare === undefined || !/\bhusky\b/.test(prepare)) return;
  const own = [husky, "husky"].map((form) => ` && ${form}`).find((suffix) => prepare.endsWith(suffix));
  if (prepare.trim() === husky || prepare.trim() === "husky" || own) {
    const next = { ...scripts };
    if (own) next.prepare = prepare.slice(0, -own.length);
    else delete next.prepare;
    read.pkg.scripts = next;
    writePackageJson(read);
    log(`${file}: prepare no longer runs husky${dependency}`);
  } else {
    log(`${file}: notice: prepare still runs husky (${JSON.stringify(prepare)}): take husky out of it, or npm install sets its hooks up again${dependency}`);
  }
}
