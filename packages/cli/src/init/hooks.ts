/**
 * The husky hooks of a new domain repository: the same `hooks/<name>` scripts `meshkit hooks install`
 * adds to `.husky/<name>`, in the same form (a fresh hook file is the script, trailing space trimmed).
 * The husky set-up itself (core.hooksPath, `.husky/_`) is `meshkit hooks install`'s: see commands/init.ts.
 */
import { HOOK_NAMES, projectHookScript } from "../commands/hooks-install.js";

/**
 * `.husky/<hook>` for each hook meshkit installs (pre-commit, pre-merge-commit, pre-push), relative to the
 * repository's top. `projectPath`: the domain's folder below the top (`/`-separated), whose installed
 * meshkit the hooks run, as `meshkit hooks install` run in that folder writes them; "" for the top itself.
 */
export function huskyHookFiles(projectPath = ""): Record<string, string> {
  return Object.fromEntries(HOOK_NAMES.map((name) => [`.husky/${name}`, projectHookScript(name, projectPath).trimEnd() + "\n"]));
}
