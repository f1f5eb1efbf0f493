/**
 * The husky hooks of a new domain repository: the same `hooks/<name>` scripts `meshkit hooks install`
 * adds to `.husky/<name>`, in the same form (a fresh hook file is the script, trailing space trimmed).
 * The husky set-up itself (core.hooksPath, `.husky/_`) is `meshkit hooks install`'s: see commands/init.ts.
 */
import { GITATTRIBUTES, HOOKS_EOL_LINES, HOOK_NAMES, newHookText } from "../commands/hooks-install.js";

/** The `.gitattributes` init writes beside the hook files: the lines `meshkit hooks install` adds to keep them LF. */
export const hooksGitattributes: [string, string] = [GITATTRIBUTES, `${HOOKS_EOL_LINES.join("\n")}\n`];

/**
 * `.husky/<hook>` for each hook meshkit installs (pre-commit, pre-merge-commit, pre-push), relative to the
 * repository's top. `projectPath`: the domain's folder below the top (`/`-separated), whose installed
 * meshkit the hooks run, as `meshkit hooks install` run in that folder writes them; "" for the top itself.
 * `legacy`: the hooks the repository already runs from `.git/hooks` (git-lfs's pre-push, another tool's
 * pre-commit), which husky's core.hooksPath would stop: each hook file runs its own first, as install keeps them.
 */
export function huskyHookFiles(projectPath = "", legacy: ReadonlySet<string> = new Set()): Record<string, string> {
  return Object.fromEntries(HOOK_NAMES.map((name) => [`.husky/${name}`, newHookText(name, projectPath, legacy.has(name))]));
}
