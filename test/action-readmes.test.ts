/*
 * Each action's README documents the action.yml beside it: the inputs and outputs tables between the
 * <!-- meshkit:inputs --> / <!-- meshkit:outputs --> markers are what scripts/action-readme.mjs renders
 * from action.yml now (`npm run docs:actions` rewrites them), and the hand-written rest has what a
 * domain team needs: what it does, a `uses:` example, permissions, exit behaviour.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../", import.meta.url));

type Action = {
  name: string;
  description: string;
  inputs: { name: string; description: string; required: boolean; default: string | undefined }[];
  outputs: { name: string; description: string }[];
};
type CheckResult = { action: string; readme: string; current: string | undefined; expected: string; problems: string[] };
// The script is plain JavaScript: its exports are untyped here.
type Script = {
  FIX: string;
  parseAction(text: string): Action;
  cell(text: string): string;
  renderSection(action: Action, section: "inputs" | "outputs"): string;
  syncReadme(readme: string, action: Action, options?: { insert?: boolean }): { text: string; problems: string[] };
  actionNames(root?: string): string[];
  checkActionReadmes(root?: string, options?: { insert?: boolean }): CheckResult[];
};
let script: Script;
beforeAll(async () => {
  script = (await import(pathToFileURL(`${root}scripts/action-readme.mjs`).href)) as Script;
});

/** Actions whose README differs from what the script would write, with the reason. */
const outOfSync = (results: CheckResult[]): string[] =>
  results.filter((r) => r.problems.length > 0 || r.current !== r.expected).map((r) => `${r.action}: ${r.problems.join("; ") || "tables differ from action.yml"}`);

const ACTIONS = ["catalog-publish", "contract-lint", "contract-test", "policy-check", "provision", "schema-compat"];

describe("action READMEs", () => {
  it("cover every action", () => {
    expect(script.actionNames(root)).toEqual(expect.arrayContaining(ACTIONS));
  });

  it.each(ACTIONS)("actions/%s/README.md has the inputs and outputs of its action.yml", (name) => {
    const result = script.checkActionReadmes(root).find((r) => r.action === name);
    expect(result, `actions/${name} has no action.yml`).toBeDefined();
    expect(outOfSync([result!]), `actions/${name}/README.md is out of date with its action.yml: ${script.FIX}`).toEqual([]);
  });

  it.each(ACTIONS)("actions/%s/README.md says what it does, how to use it, what it needs and how it exits", (name) => {
    const readme = readFileSync(join(root, "actions", name, "README.md"), "utf8");
    const missing: string[] = [];
    if (!readme.startsWith(`# meshkit ${name}\n`)) missing.push("a '# meshkit <name>' title");
    if (!/^# .+\n\n\S/.test(readme)) missing.push("a first paragraph saying what it does");
    if (!readme.includes(`uses: meshkit/meshkit/actions/${name}@v1`)) missing.push(`a 'uses: meshkit/meshkit/actions/${name}@v1' example`);
    if (!/^## Usage$/m.test(readme)) missing.push("## Usage");
    if (!/^## Permissions$/m.test(readme) || !readme.includes("contents: read")) missing.push("## Permissions with contents: read");
    if (!/^## Result$/m.test(readme) || !/^\| 2 \|/m.test(readme)) missing.push("## Result with the exit codes");
    const unpinned = [...readme.matchAll(/uses: (actions\/checkout|github\/codeql-action\/[\w-]+)@(\S+)/g)].filter((m) => !/^[0-9a-f]{40}$/.test(m[2]!));
    if (unpinned.length > 0) missing.push(`third-party actions pinned by commit SHA (${unpinned.map((m) => m[0]).join(", ")})`);
    expect(missing).toEqual([]);
  });
});

describe("scripts/action-readme.mjs", () => {
  const actionYml = [
    "name: meshkit example",
    "description: An example.",
    "inputs:",
    "  paths:",
    "    description: >-",
    "      Files to check,",
    "      relative to working-directory.",
    "    required: false",
    '    default: ""',
    "  catalog:",
    "    description: The catalog - dir:<folder> or git:<repo>#<branch>. Use `a|b` | not c*d.",
    "    required: true",
    "  allow:",
    "    description: Let it.",
    "    default: false",
    "outputs:",
    "  errors:",
    "    description: Number of error-level findings.",
    "runs:",
    "  using: node24",
    "  main: dist/index.js",
    "",
  ].join("\n");
  const readme = [
    "# meshkit example",
    "",
    "Does things.",
    "",
    "## Inputs",
    "",
    "<!-- meshkit:inputs -->",
    "<!-- /meshkit:inputs -->",
    "",
    "Hand-written note.",
    "",
    "## Outputs",
    "",
    "<!-- meshkit:outputs -->",
    "old table",
    "<!-- /meshkit:outputs -->",
    "",
  ].join("\n");

  it("renders name, description, required and default, one line per input", () => {
    const table = script.renderSection(script.parseAction(actionYml), "inputs");
    expect(table).toContain("| input | description | required | default |");
    expect(table).toContain('| `paths` | Files to check, relative to working-directory. | no | `""` |');
    expect(table).toContain("| `catalog` | The catalog - `dir:<folder>` or `git:<repo>#<branch>`. Use `a\\|b` \\| not c\\*d. | yes |  |");
    expect(table).toContain("| `allow` | Let it. | no | `false` |");
    expect(script.renderSection(script.parseAction(actionYml), "outputs")).toContain("| `errors` | Number of error-level findings. |");
  });

  it("replaces only what is between the markers, and is idempotent", () => {
    const action = script.parseAction(actionYml);
    const { text, problems } = script.syncReadme(readme, action);
    expect(problems).toEqual([]);
    expect(text).not.toContain("old table");
    expect(text).toContain("Hand-written note.");
    expect(text.startsWith("# meshkit example\n\nDoes things.\n\n## Inputs\n\n<!-- meshkit:inputs -->\n")).toBe(true);
    expect(script.syncReadme(text, action).text).toBe(text);
  });

  it("detects a changed description", () => {
    const synced = script.syncReadme(readme, script.parseAction(actionYml)).text;
    const changed = script.parseAction(actionYml.replace("Number of error-level findings.", "How many errors were found."));
    const { text } = script.syncReadme(synced, changed);
    expect(text).not.toBe(synced);
    expect(text).toContain("| `errors` | How many errors were found. |");
  });

  it("names the action whose README is out of date, and --write's sync fixes it", () => {
    const scratch = mkdtempSync(join(tmpdir(), "meshkit-action-readme-"));
    try {
      for (const name of ["contract-lint", "provision"]) {
        mkdirSync(join(scratch, "actions", name), { recursive: true });
        for (const file of ["action.yml", "README.md"]) cpSync(join(root, "actions", name, file), join(scratch, "actions", name, file));
      }
      expect(outOfSync(script.checkActionReadmes(scratch))).toEqual([]);

      const yml = join(scratch, "actions", "provision", "action.yml");
      const before = readFileSync(yml, "utf8");
      const after = before.replace("Number of changes in the plan (to make, or made by apply).", "Changes in the plan.");
      expect(after).not.toBe(before);
      writeFileSync(yml, after);
      expect(outOfSync(script.checkActionReadmes(scratch))).toEqual(["provision: tables differ from action.yml"]);

      const fixed = script.checkActionReadmes(scratch).find((r) => r.action === "provision")!;
      writeFileSync(fixed.readme, fixed.expected);
      expect(outOfSync(script.checkActionReadmes(scratch))).toEqual([]);
      expect(readFileSync(fixed.readme, "utf8")).toContain("| `changes` | Changes in the plan. |");
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });

  it("reports a README without markers; with insert, replaces the table under the heading", () => {
    const action = script.parseAction(actionYml);
    const handWritten = "# meshkit example\n\n## Inputs\n\n| input | default |\n|---|---|\n| `paths` | `\"\"` |\n\nAfter.\n\n## Outputs\n\n| output |\n|---|\n| `errors` |\n";
    expect(script.syncReadme(handWritten, action).problems).toHaveLength(2);
    const { text, problems } = script.syncReadme(handWritten, action, { insert: true });
    expect(problems).toEqual([]);
    expect(text).toContain("<!-- meshkit:inputs -->\n<!-- generated");
    expect(text).toContain("<!-- /meshkit:inputs -->\n\nAfter.\n\n## Outputs\n\n<!-- meshkit:outputs -->");
    expect(text).not.toContain("| input | default |");
    expect(text.endsWith("<!-- /meshkit:outputs -->\n")).toBe(true);
  });
});
