import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, lstatSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { withoutMeshkitLines } from "./commands/hooks-uninstall.js";
import { BROKEN_CONTRACT, domainRepo, git, meshkit, requireBuiltCli, tempDir, writeFiles } from "./test-support.js";

beforeAll(requireBuiltCli);

const HOOKS = ["pre-commit", "pre-merge-commit", "pre-push"];

/** `meshkit hooks install` then `meshkit hooks uninstall` in `dir`: the uninstall's result. */
function installThenUninstall(dir: string, cwd = dir): ReturnType<typeof meshkit> {
  const installed = meshkit(["hooks", "install"], cwd);
  expect([installed.status, installed.stderr]).toEqual([0, ""]);
  return meshkit(["hooks", "uninstall"], cwd);
}

function packageJson(dir: string): { scripts?: Record<string, string>; devDependencies?: Record<string, string> } {
  return JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
}

/** Commits a broken contract: refused while meshkit's pre-commit hook runs, made once it is gone. */
function commitBrokenContract(dir: string): number | null {
  writeFiles(dir, { "orders.odcs.yaml": BROKEN_CONTRACT });
  git(dir, "add", "orders.odcs.yaml");
  return git(dir, "commit", "-q", "-m", "broken contract").status;
}

describe("meshkit hooks uninstall", () => {
  it("takes out everything the install set up when no other hook is left, and git commits unchecked again", () => {
    const dir = domainRepo();
    const removed = installThenUninstall(dir);
    expect([removed.status, removed.stderr]).toEqual([0, ""]);
    expect(removed.stdout).toBe([
      ...HOOKS.map((name) => `.husky/${name}: removed meshkit, and the file: nothing else ran in it`),
      "husky: no hook is left to run: core.hooksPath unset (git runs .git/hooks again); .husky/ removed",
      ".gitattributes: removed (it only kept the hook files LF)",
      "package.json: prepare no longer runs husky; husky stays in devDependencies: `npm uninstall husky` removes it",
      "",
    ].join("\n"));
    expect(existsSync(join(dir, ".husky"))).toBe(false);
    expect(existsSync(join(dir, ".gitattributes"))).toBe(false);
    expect(git(dir, "config", "core.hooksPath").stdout).toBe("");
    expect(packageJson(dir).scripts).toEqual({});
    expect(packageJson(dir).devDependencies).toEqual({ husky: expect.stringMatching(/^\^9/) });
    expect(commitBrokenContract(dir)).toBe(0);

    const again = meshkit(["hooks", "uninstall"], dir);
    expect([again.status, again.stdout, again.stderr]).toEqual([0, "meshkit's hooks are not installed here: no .husky/ hook runs meshkit\n", ""]);
  });

  it("takes out only the .gitattributes lines the install added, once no husky hook is left to keep LF", () => {
    // A team's own rule for the hooks, the same line without meshkit's comment, is theirs: it stays.
    const own = "*.png binary\r\n/.husky/** text eol=lf\r\n";
    const kept = domainRepo({ ".gitattributes": own });
    const keptInstalled = meshkit(["hooks", "install"], kept);
    expect(keptInstalled.stdout).not.toContain(".gitattributes");
    expect(meshkit(["hooks", "uninstall"], kept).stdout).not.toContain(".gitattributes");
    expect(readFileSync(join(kept, ".gitattributes"), "utf8")).toBe(own);

    const dir = domainRepo({ ".gitattributes": "*.png binary\r\n", ".husky/commit-msg": "npx commitlint --edit \"$1\"\n" });
    expect(meshkit(["hooks", "install"], dir).stdout).toContain(".gitattributes: added `/.husky/** text eol=lf`");
    const added = readFileSync(join(dir, ".gitattributes"), "utf8");
    expect(added).toMatch(/^\*\.png binary\r\n# meshkit: [^\n]*\r\n\/\.husky\/\*\* text eol=lf\r\n$/);
    // commit-msg is still husky's to run, with LF ends: the lines stay.
    expect(meshkit(["hooks", "uninstall"], dir).stdout).not.toContain(".gitattributes");
    expect(readFileSync(join(dir, ".gitattributes"), "utf8")).toBe(added);
    writeFileSync(join(dir, ".husky/commit-msg"), "# nothing\n");
    expect(meshkit(["hooks", "install"], dir).stdout).not.toContain(".gitattributes");
    expect(meshkit(["hooks", "uninstall"], dir).stdout).toContain(".gitattributes: removed meshkit's `/.husky/** text eol=lf`\n");
    expect(readFileSync(join(dir, ".gitattributes"), "utf8")).toBe("*.png binary\r\n");
  });

  it("gives back a team's own hook lines exactly as they were, and leaves husky running them", () => {
    const preCommit = "#!/bin/sh\nnpm test\n";
    const prePush = 'git lfs pre-push "$@"\n';
    const dir = domainRepo({ ".husky/pre-commit": preCommit, ".husky/pre-push": prePush, ".husky/commit-msg": "npx commitlint --edit \"$1\"\n" });
    const installed = meshkit(["hooks", "install"], dir);
    expect(readFileSync(join(dir, ".husky/pre-push"), "utf8")).toContain("meshkit_push_refs=$(cat)");
    expect(installed.status).toBe(0);

    const removed = meshkit(["hooks", "uninstall"], dir);
    expect([removed.status, removed.stderr]).toEqual([0, ""]);
    expect(removed.stdout).toBe([
      ".husky/pre-commit: removed meshkit; its other lines stay",
      ".husky/pre-merge-commit: removed meshkit, and the file: nothing else ran in it",
      ".husky/pre-push: removed meshkit; its other lines stay",
      "husky stays set up: .husky/commit-msg runs other lines",
      "",
    ].join("\n"));
    expect(readFileSync(join(dir, ".husky/pre-commit"), "utf8")).toBe(preCommit);
    expect(readFileSync(join(dir, ".husky/pre-push"), "utf8")).toBe(prePush);
    expect(existsSync(join(dir, ".husky/pre-merge-commit"))).toBe(false);
    expect(git(dir, "config", "core.hooksPath").stdout.trim()).toBe(".husky/_");
    expect(packageJson(dir).scripts).toEqual({ prepare: "husky" });
  });

  it("hands a hook kept from .git/hooks back to git when husky goes", () => {
    const dir = domainRepo();
    const legacy = join(dir, ".git/hooks/pre-commit");
    writeFileSync(legacy, "#!/bin/sh\ntouch legacy-hook-ran\n");
    chmodSync(legacy, 0o755);
    const removed = installThenUninstall(dir);
    expect(removed.status).toBe(0);
    expect(removed.stdout).toContain(".husky/pre-commit: removed meshkit, and the file: nothing else ran in it\n");
    expect(git(dir, "config", "core.hooksPath").stdout).toBe("");
    expect(commitBrokenContract(dir)).toBe(0);
    expect(existsSync(join(dir, "legacy-hook-ran"))).toBe(true);
  });

  it("keeps the line running a .git/hooks hook while husky stays", () => {
    const dir = domainRepo({ ".husky/commit-msg": "test -s \"$1\"\n" });
    const legacy = join(dir, ".git/hooks/pre-commit");
    writeFileSync(legacy, "#!/bin/sh\ntouch legacy-hook-ran\n");
    chmodSync(legacy, 0o755);
    expect(installThenUninstall(dir).status).toBe(0);
    expect(readFileSync(join(dir, ".husky/pre-commit"), "utf8")).toBe('"$(git rev-parse --git-common-dir)/hooks/pre-commit" "$@"\n');
    writeFiles(dir, { "a.txt": "a\n" });
    git(dir, "add", "a.txt");
    expect(git(dir, "commit", "-q", "-m", "a", "--no-verify").status).toBe(0);
    expect(git(dir, "commit", "-q", "--allow-empty", "-m", "b").status).toBe(0);
    expect(existsSync(join(dir, "legacy-hook-ran"))).toBe(true);
  });

  it("takes husky out of the prepare script the install wrote, in a project below the repository's top and after the project's own script", () => {
    const dir = domainRepo({ "package.json": "{}\n", "data/package.json": '{"scripts": {"prepare": "node setup.js"}}\n' });
    const removed = installThenUninstall(dir, join(dir, "data"));
    expect(removed.status).toBe(0);
    expect(removed.stdout).toContain("data/package.json: prepare no longer runs husky;");
    expect(packageJson(join(dir, "data")).scripts).toEqual({ prepare: "node setup.js" });
    expect(existsSync(join(dir, ".husky"))).toBe(false);
  });

  it("leaves a prepare script of the project's own that runs husky, and says so", () => {
    const dir = domainRepo({ "package.json": '{"scripts": {"prepare": "husky && node setup.js"}}\n' });
    const removed = installThenUninstall(dir);
    expect(removed.stdout).toContain('package.json: notice: prepare still runs husky ("husky && node setup.js"): take husky out of it, or npm install sets its hooks up again');
    expect(packageJson(dir).scripts).toEqual({ prepare: "husky && node setup.js" });
  });

  it("turns husky off when the only other file in .husky/ is no hook (husky's install.mjs)", () => {
    const installMjs = "if (process.env.CI === \"true\") process.exit(0)\nconst husky = (await import(\"husky\")).default\nconsole.log(husky())\n";
    const dir = domainRepo({ ".husky/install.mjs": installMjs });
    const removed = installThenUninstall(dir);
    expect([removed.status, removed.stderr]).toEqual([0, ""]);
    expect(removed.stdout).toContain("husky: no hook is left to run: core.hooksPath unset (git runs .git/hooks again); .husky/_ removed\n");
    expect(git(dir, "config", "core.hooksPath").stdout).toBe("");
    expect(readdirSync(join(dir, ".husky"))).toEqual(["install.mjs"]);
    expect(readFileSync(join(dir, ".husky/install.mjs"), "utf8")).toBe(installMjs);
  });

  it("says so when a global core.hooksPath of husky's still keeps git from .git/hooks", () => {
    const globalConfig = join(tempDir("global"), "gitconfig");
    writeFileSync(globalConfig, "[core]\n\thooksPath = .husky/_\n");
    const env = { GIT_CONFIG_GLOBAL: globalConfig };
    const dir = domainRepo();
    expect(meshkit(["hooks", "install"], dir, env).status).toBe(0);
    const removed = meshkit(["hooks", "uninstall"], dir, env);
    expect([removed.status, removed.stderr]).toEqual([0, ""]);
    expect(removed.stdout).toContain(
      "husky: no hook is left to run: core.hooksPath unset here, but your global git config sets it to .husky/_ too, so git runs no hook here, not even .git/hooks: unset it there (git config --global --unset core.hooksPath) for git to run .git/hooks again; .husky/ removed\n",
    );
    const scopes = spawnSync("git", ["config", "--show-scope", "--get-all", "core.hooksPath"], { cwd: dir, encoding: "utf8", env: { ...process.env, ...env } });
    expect(scopes.stdout).toBe("global\t.husky/_\n");
  });

  it("gives a linked hook's script its own lines back when the link goes", () => {
    const script = "#!/bin/sh\n# the team's pre-commit, linked into .husky/\n";
    const dir = domainRepo({ "scripts/pre-commit": script });
    chmodSync(join(dir, "scripts/pre-commit"), 0o755);
    writeFiles(dir, { ".husky/.keep": "" });
    symlinkSync("../scripts/pre-commit", join(dir, ".husky/pre-commit"));
    const removed = installThenUninstall(dir);
    expect([removed.status, removed.stderr]).toEqual([0, ""]);
    expect(removed.stdout).toContain(".husky/pre-commit: removed meshkit from scripts/pre-commit, and the link to it: nothing else ran in it\n");
    expect(() => lstatSync(join(dir, ".husky/pre-commit"))).toThrow(/ENOENT/);
    expect(readFileSync(join(dir, "scripts/pre-commit"), "utf8")).toBe(script);
  });

  it("changes nothing when meshkit's lines were edited by hand", () => {
    const dir = domainRepo();
    expect(meshkit(["hooks", "install"], dir).status).toBe(0);
    const file = join(dir, ".husky/pre-push");
    const edited = readFileSync(file, "utf8").replace(/^# meshkit pre-push:.*\n/m, "");
    writeFileSync(file, edited);
    const before = HOOKS.map((name) => readFileSync(join(dir, ".husky", name), "utf8"));

    const refused = meshkit(["hooks", "uninstall"], dir);
    expect([refused.status, refused.stdout]).toEqual([2, ""]);
    expect(refused.stderr).toBe('meshkit: .husky/pre-push: meshkit\'s lines are not as meshkit hooks install writes them (from "# meshkit pre-push:" to the "fi" after "meshkit hook pre-push"): remove them by hand\n');
    expect(HOOKS.map((name) => readFileSync(join(dir, ".husky", name), "utf8"))).toEqual(before);
    expect(git(dir, "config", "core.hooksPath").stdout.trim()).toBe(".husky/_");
  });
});

describe("withoutMeshkitLines", () => {
  it("keeps the blank lines of the other lines as they were", () => {
    const own = "\n#!/bin/sh\nnpm test\n\n\n\nnpm run lint\n";
    const block = "# meshkit pre-commit: lint.\nif [ -x m ]; then meshkit hook pre-commit; fi\n";
    expect(withoutMeshkitLines(`${own}${block}exit 0\n`, "pre-commit")).toBe(`${own}exit 0\n`);
    expect(withoutMeshkitLines(`${block}\nnpm test\n`, "pre-commit")).toBe("npm test\n");
  });


  it("takes out the one-line hook an earlier meshkit installed", () => {
    const earlier = [
      "npm test",
      "",
      "# meshkit pre-commit: lint the staged ODCS contracts and ODPS products before they are committed.",
      "# Installed into .husky/pre-commit by `meshkit hooks install`.",
      "if [ -x ./node_modules/.bin/meshkit ]; then ./node_modules/.bin/meshkit hook pre-commit; else npx --no-install meshkit hook pre-commit; fi",
      "",
    ].join("\n");
    expect(withoutMeshkitLines(earlier, "pre-commit")).toBe("npm test\n");
  });

  it("refuses a meshkit call outside the block the install writes", () => {
    expect(withoutMeshkitLines("npx meshkit hook pre-commit\n", "pre-commit")).toBeUndefined();
  });
});
