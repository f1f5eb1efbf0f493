import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, cpSync, existsSync, lstatSync, readFileSync, realpathSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { BROKEN_CONTRACT, CLI, GOOD_CONTRACT, REPO_ROOT, domainRepo, git, meshkit, requireBuiltCli, tempDir, writeFiles } from "./test-support.js";

beforeAll(requireBuiltCli);

describe("meshkit hooks install", () => {
  it("sets up husky, prepare and the pre-commit hook, idempotently", () => {
    const dir = domainRepo();
    const first = meshkit(["hooks", "install"], dir);
    expect(first.stderr).toBe("");
    expect(first.status).toBe(0);
    expect(git(dir, "config", "core.hooksPath").stdout.trim()).toBe(".husky/_");
    const hook = readFileSync(join(dir, ".husky/pre-commit"), "utf8");
    expect(hook).toContain("meshkit hook pre-commit");
    const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
    expect(pkg.scripts.prepare).toBe("husky");
    expect(pkg.devDependencies.husky).toMatch(/^\^9/);

    expect(meshkit(["hooks", "install"], dir).status).toBe(0);
    expect(readFileSync(join(dir, ".husky/pre-commit"), "utf8")).toBe(hook);
  });

  it("keeps the hook files LF in a clone with core.autocrlf=true (Windows), where sh fails on CRLF ends", () => {
    const origin = domainRepo({ ".gitattributes": "*.png binary" });
    const installed = meshkit(["hooks", "install"], origin);
    expect(installed.stdout).toContain(".gitattributes: added `/.husky/** text eol=lf` (every clone checks the hook files out with LF line ends, which sh needs)\n");
    expect(readFileSync(join(origin, ".gitattributes"), "utf8")).toMatch(/^\*\.png binary\n# meshkit: [^\n]+\n\/\.husky\/\*\* text eol=lf\n$/);
    git(origin, "add", ".");
    git(origin, "commit", "-q", "-m", "hooks");
    const clone = join(tempDir("autocrlf"), "clone");
    expect(git(origin, "-c", "core.autocrlf=true", "clone", "-q", origin, clone).status).toBe(0);
    git(clone, "config", "core.autocrlf", "true");
    writeFiles(clone, { "node_modules/.bin/.keep": "" });
    symlinkSync(CLI, join(clone, "node_modules/.bin/meshkit"));
    execFileSync(process.execPath, [join(REPO_ROOT, "node_modules/husky/bin.js")], { cwd: clone, env: { ...process.env, HUSKY: "" } });
    expect(readFileSync(join(clone, "package.json"), "utf8")).toContain("\r\n");
    expect(readFileSync(join(clone, ".husky/pre-commit"), "utf8")).not.toContain("\r");
    writeFiles(clone, { "orders.odcs.yaml": BROKEN_CONTRACT });
    git(clone, "add", "orders.odcs.yaml");
    const refused = git(clone, "commit", "-m", "broken");
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).not.toContain("Syntax error");
    expect(refused.stdout + refused.stderr).toContain("orders.odcs.yaml:");
    // Run again, the install finds its line there and adds nothing.
    expect(meshkit(["hooks", "install"], origin).stdout).not.toContain(".gitattributes");
  });

  it("changes nothing when package.json cannot be read: no hooks half set up", () => {
    const dir = domainRepo({ "package.json": "{bad\n" });
    const refused = meshkit(["hooks", "install"], dir);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/^meshkit: package\.json is not valid JSON: /);
    expect(refused.stdout).toBe("");
    expect(existsSync(join(dir, ".husky"))).toBe(false);
    expect(git(dir, "config", "core.hooksPath").stdout.trim()).toBe("");
  });

  it("changes nothing when package.json is JSON of another shape than npm's: no mangled scripts, no internal error", () => {
    const cases: [string, string][] = [
      ['"sales-domain"', "package.json is not a JSON object"],
      ['{"scripts": "node setup.js"}', 'package.json: "scripts" is not an object'],
      ['{"devDependencies": null}', 'package.json: "devDependencies" is not an object'],
      ['{"scripts": {"prepare": 5}}', 'package.json: "scripts.prepare" is not a string'],
    ];
    for (const [pkg, message] of cases) {
      const dir = domainRepo({ "package.json": `${pkg}\n` });
      const refused = meshkit(["hooks", "install"], dir);
      expect([refused.status, refused.stderr], pkg).toEqual([2, expect.stringMatching(new RegExp(`^meshkit: ${message.replace(/[.*"]/g, "\\$&")}: fix it, then run meshkit hooks install again\n$`))]);
      expect(readFileSync(join(dir, "package.json"), "utf8")).toBe(`${pkg}\n`);
      expect(existsSync(join(dir, ".husky"))).toBe(false);
      expect(git(dir, "config", "core.hooksPath").stdout.trim()).toBe("");
    }
  });

  it("says husky was added to devDependencies only when it was", () => {
    const dir = domainRepo({ "package.json": '{"devDependencies": {"husky": "^9.0.0"}}\n' });
    const installed = meshkit(["hooks", "install"], dir);
    expect(installed.stdout).toContain("package.json: prepare runs husky\n");
    expect(installed.stdout).not.toContain("husky added");
    expect(JSON.parse(readFileSync(join(dir, "package.json"), "utf8")).devDependencies).toEqual({ husky: "^9.0.0" });
  });

  it("writes package.json back as it was laid out: its indentation and its CRLF line ends (a Windows checkout)", () => {
    const dir = domainRepo({ "package.json": '{\r\n\t"name": "sales",\r\n\t"private": true\r\n}\r\n' });
    expect(meshkit(["hooks", "install"], dir).status).toBe(0);
    expect(readFileSync(join(dir, "package.json"), "utf8")).toBe('{\r\n\t"name": "sales",\r\n\t"private": true,\r\n\t"scripts": {\r\n\t\t"prepare": "husky"\r\n\t},\r\n\t"devDependencies": {\r\n\t\t"husky": "^9.1.7"\r\n\t}\r\n}\r\n');
  });

  it("says when the husky a project already has is older than the 9 its hooks need", () => {
    const dir = domainRepo({ "package.json": '{"devDependencies": {"husky": "^8.0.3"}}\n' });
    const installed = meshkit(["hooks", "install"], dir);
    expect(installed.status).toBe(0);
    expect(installed.stdout).toContain("package.json: notice: husky ^8.0.3 is older than 9, which these hooks need: run `npm install --save-dev husky@^9`");
    expect(meshkit(["hooks", "install"], domainRepo({ "package.json": '{"devDependencies": {"husky": "~9.1.0"}}\n' })).stdout).not.toContain("older than 9");
  });

  it("keeps existing husky lines, an existing prepare script and a legacy .git/hooks hook", () => {
    const dir = domainRepo({ ".husky/pre-commit": "npm run format:check\n", "package.json": '{"scripts":{"prepare":"node setup.js"}}\n' });
    writeFileSync(join(dir, ".git/hooks/pre-commit"), "#!/bin/sh\necho legacy-hook-ran\n");
    chmodSync(join(dir, ".git/hooks/pre-commit"), 0o755);
    expect(meshkit(["hooks", "install"], dir).status).toBe(0);
    const hook = readFileSync(join(dir, ".husky/pre-commit"), "utf8");
    expect(hook.startsWith("npm run format:check\n")).toBe(true);
    expect(hook).toContain("hooks/pre-commit");
    expect(JSON.parse(readFileSync(join(dir, "package.json"), "utf8")).scripts.prepare).toBe("node setup.js && husky");
  });

  it("keeps a legacy .git/hooks hook running when installed from a linked worktree (git names the common folder absolutely there)", () => {
    const main = domainRepo();
    git(main, "add", ".");
    git(main, "commit", "-q", "-m", "init");
    writeFileSync(join(main, ".git/hooks/pre-commit"), "#!/bin/sh\necho legacy-hook-ran\n");
    chmodSync(join(main, ".git/hooks/pre-commit"), 0o755);
    const worktree = join(tempDir("worktree"), "wt");
    expect(git(main, "worktree", "add", "-q", "-b", "wt", worktree).status).toBe(0);
    writeFiles(worktree, { "node_modules/.bin/.keep": "" });
    symlinkSync(join(REPO_ROOT, "packages/cli/bin/meshkit.js"), join(worktree, "node_modules/.bin/meshkit"));
    const installed = meshkit(["hooks", "install"], worktree);
    expect(installed.status, installed.stderr).toBe(0);
    expect(installed.stdout).toContain("kept .git/hooks/pre-commit");
    writeFiles(worktree, { "README.md": "x\n" });
    git(worktree, "add", "README.md");
    const committed = git(worktree, "commit", "-m", "readme");
    expect(committed.status, committed.stderr).toBe(0);
    expect(committed.stdout + committed.stderr).toContain("legacy-hook-ran");
  });

  it("says which other worktrees run no hook once core.hooksPath, which they share, points at husky's folder", () => {
    const main = domainRepo();
    git(main, "add", ".");
    git(main, "commit", "-q", "-m", "init");
    const worktree = join(tempDir("worktree"), "wt with space");
    expect(git(main, "worktree", "add", "-q", "-b", "wt", worktree).status).toBe(0);
    const installed = meshkit(["hooks", "install"], main);
    expect(installed.status, installed.stderr).toBe(0);
    expect(installed.stdout).toContain(
      `notice: core.hooksPath is shared by every worktree of this repository, and ${JSON.stringify(realpathSync(worktree))} has no .husky/_ (husky's scripts, not tracked by git): git runs no hook there, not even those of .git/hooks, until husky is set up in it (npm install there)`,
    );
    // Set up there too, no worktree is left without hooks: nothing to say.
    execFileSync(process.execPath, [join(REPO_ROOT, "node_modules/husky/bin.js")], { cwd: worktree, env: { ...process.env, HUSKY: "" } });
    expect(meshkit(["hooks", "install"], main).stdout).not.toContain("notice: core.hooksPath");
    expect(meshkit(["hooks", "install"], domainRepo()).stdout).not.toContain("notice: core.hooksPath");
  });

  it("installed in a submodule, names no other worktree: its git folder, which git lists as its main worktree, is none", () => {
    const domain = domainRepo();
    git(domain, "add", ".");
    git(domain, "commit", "-q", "-m", "init");
    const superproject = tempDir("superproject");
    git(superproject, "init", "-q", "-b", "main");
    expect(git(superproject, "-c", "protocol.file.allow=always", "submodule", "add", "-q", domain, "sales").status).toBe(0);
    const submodule = join(superproject, "sales");
    writeFiles(submodule, { "node_modules/.bin/.keep": "" });
    symlinkSync(CLI, join(submodule, "node_modules/.bin/meshkit"));
    const installed = meshkit(["hooks", "install"], submodule);
    expect(installed.status, installed.stderr).toBe(0);
    expect(installed.stdout).not.toContain("notice: core.hooksPath");
    // A linked worktree of the submodule without husky is still named.
    const worktree = join(tempDir("worktree"), "wt");
    expect(git(submodule, "worktree", "add", "-q", "-b", "wt", worktree).status).toBe(0);
    expect(meshkit(["hooks", "install"], submodule).stdout).toContain(`notice: core.hooksPath is shared by every worktree of this repository, and ${JSON.stringify(realpathSync(worktree))} has no .husky/_`);
    // Done: a broken contract committed in the submodule is refused.
    writeFiles(submodule, { "orders.yaml": BROKEN_CONTRACT });
    git(submodule, "add", "orders.yaml");
    const refused = git(submodule, "commit", "-m", "broken");
    expect(refused.status).not.toBe(0);
    expect(refused.stdout + refused.stderr).toMatch(/orders\.yaml:\d+:\d+: error /);
  });

  it("puts its lines before an existing hook's top-level `exit`, so that they run; a broken contract is then refused", () => {
    const dir = domainRepo({ ".husky/pre-commit": "echo checking\nexit 0\n" });
    const installed = meshkit(["hooks", "install"], dir);
    expect(installed.stdout).toContain("before the existing lines' `exit`");
    const hook = readFileSync(join(dir, ".husky/pre-commit"), "utf8");
    expect(hook.indexOf("meshkit hook pre-commit")).toBeLessThan(hook.indexOf("exit 0"));
    expect(hook.startsWith("echo checking\n")).toBe(true);
    writeFiles(dir, { "orders.yaml": BROKEN_CONTRACT });
    git(dir, "add", "orders.yaml");
    expect(git(dir, "commit", "-m", "broken").status).not.toBe(0);
  });

  it("takes an `exit` inside an existing hook's `if`, or on the line after `&&` (`||`, a `\\`), for no end of it: its lines go after it, and run on every commit", () => {
    for (const own of ['if [ "$SKIP_OWN_CHECKS" = 1 ]; then\nexit 0\nfi\necho own-check\n', '[ "$SKIP_OWN_CHECKS" = 1 ] &&\n  exit 0\necho own-check\n']) {
      const dir = domainRepo({ ".husky/pre-commit": own });
      const installed = meshkit(["hooks", "install"], dir);
      expect(installed.stdout).toContain(".husky/pre-commit: added meshkit after the existing lines");
      const hook = readFileSync(join(dir, ".husky/pre-commit"), "utf8");
      expect(hook.indexOf("meshkit hook pre-commit")).toBeGreaterThan(hook.indexOf("echo own-check"));
      writeFiles(dir, { "orders.yaml": BROKEN_CONTRACT });
      git(dir, "add", "orders.yaml");
      const refused = git(dir, "commit", "-m", "broken");
      expect(refused.status).not.toBe(0);
      expect(refused.stdout + refused.stderr).toContain("own-check");
      expect(refused.stdout + refused.stderr).toMatch(/orders\.yaml:\d+:\d+: error /);
    }
  });

  it("puts its lines before an existing hook's `exec <command>`, which replaces the shell", () => {
    const dir = domainRepo({ ".husky/pre-commit": "exec < /dev/null\nexec echo own-check\n" });
    const installed = meshkit(["hooks", "install"], dir);
    expect(installed.stdout).toContain("before the existing lines' `exec`");
    writeFiles(dir, { "orders.yaml": BROKEN_CONTRACT });
    git(dir, "add", "orders.yaml");
    expect(git(dir, "commit", "-m", "broken").status).not.toBe(0);
  });

  it("installed from a project below the repository's top, runs that project's meshkit and prepares husky from there", () => {
    const dir = tempDir("domain-subfolder");
    git(dir, "init", "-q", "-b", "main");
    // meshkit is installed only in the `data platform/` project, not at the top: the hook must find it there.
    writeFiles(dir, { "data platform/package.json": '{\n  "name": "sales-data"\n}\n', ".gitignore": "node_modules/\n", "data platform/node_modules/.bin/.keep": "" });
    symlinkSync(join(REPO_ROOT, "packages/cli/bin/meshkit.js"), join(dir, "data platform/node_modules/.bin/meshkit"));
    const installed = meshkit(["hooks", "install"], join(dir, "data platform"));
    expect(installed.status, installed.stderr).toBe(0);
    expect(installed.stdout).toContain("data platform/package.json: prepare runs husky");
    expect(readFileSync(join(dir, ".husky/pre-commit"), "utf8")).toContain("for meshkit_bin in './data platform/node_modules/.bin/meshkit' ./node_modules/.bin/meshkit ");
    expect(JSON.parse(readFileSync(join(dir, "data platform/package.json"), "utf8")).scripts.prepare).toBe("cd .. && husky");
    expect(existsSync(join(dir, "package.json"))).toBe(false);

    writeFiles(dir, { "data platform/contracts/orders.yaml": BROKEN_CONTRACT });
    git(dir, "add", ".");
    const refused = git(dir, "commit", "-m", "broken");
    expect(refused.status).not.toBe(0);
    expect(refused.stdout + refused.stderr).toMatch(/data platform\/contracts\/orders\.yaml:\d+:\d+: error /);
  });

  it("installed in a subfolder whose prepare is the scaffolded `husky`, makes it go up to the top; another script gets a notice", () => {
    const dir = tempDir("domain-subfolder");
    git(dir, "init", "-q", "-b", "main");
    writeFiles(dir, { "data/package.json": '{\n  "scripts": {"prepare": "husky"}\n}\n', "deep/er/package.json": '{"scripts": {"prepare": "node setup.js && husky"}}\n' });
    const installed = meshkit(["hooks", "install"], join(dir, "data"));
    expect([installed.status, installed.stdout]).toEqual([0, expect.stringContaining("data/package.json: prepare runs husky")]);
    expect(JSON.parse(readFileSync(join(dir, "data/package.json"), "utf8")).scripts.prepare).toBe("cd .. && husky");
    const custom = meshkit(["hooks", "install"], join(dir, "deep/er"));
    expect(custom.status).toBe(0);
    expect(custom.stdout).toContain("deep/er/package.json: notice: prepare runs husky, but husky must run at the repository's top: make it run `cd ../.. && husky`");
    expect(JSON.parse(readFileSync(join(dir, "deep/er/package.json"), "utf8")).scripts.prepare).toBe("node setup.js && husky");
  });

  it("refuses to take over another hook manager's hooksPath, naming lines that run the project's meshkit where git puts no node_modules/.bin on PATH", () => {
    const dir = tempDir("domain-githooks");
    git(dir, "init", "-q", "-b", "main");
    writeFiles(dir, { "data/package.json": '{"name": "sales-data"}\n', ".gitignore": "node_modules/\n", "data/node_modules/.bin/.keep": "", ".githooks/.keep": "" });
    symlinkSync(CLI, join(dir, "data/node_modules/.bin/meshkit"));
    git(dir, "config", "core.hooksPath", ".githooks");
    const result = meshkit(["hooks", "install"], join(dir, "data"));
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(
      "meshkit: core.hooksPath is set to .githooks (another hook manager); add `./data/node_modules/.bin/meshkit hook pre-commit` to its pre-commit hook, `./data/node_modules/.bin/meshkit hook pre-merge-commit` to its pre-merge-commit hook, `./data/node_modules/.bin/meshkit hook pre-push \"$@\"` to its pre-push hook instead\n",
    );
    // Done as said, the hook runs meshkit's check, with the PATH git gives a hook (this test's has node_modules/.bin).
    writeFiles(dir, { ".githooks/pre-commit": `#!/bin/sh\n${/`([^`]+)` to its pre-commit hook/.exec(result.stderr)?.[1]}\n`, "data/orders.yaml": BROKEN_CONTRACT });
    chmodSync(join(dir, ".githooks/pre-commit"), 0o755);
    git(dir, "add", "data/orders.yaml");
    const commit = withoutNodeModulesOnPath(() => git(dir, "commit", "-m", "broken"));
    expect(commit.status).not.toBe(0);
    expect(commit.stdout + commit.stderr).toMatch(/data\/orders\.yaml:\d+:\d+: error /);
  });

  it("names husky set up with a folder of its own as husky's, and the hook files of that folder to add meshkit's lines to", () => {
    const dir = domainRepo({ "package.json": '{"scripts": {"prepare": "husky .config/husky"}, "devDependencies": {"husky": "^9.1.7"}}\n' });
    execFileSync(process.execPath, [join(REPO_ROOT, "node_modules/husky/bin.js"), ".config/husky"], { cwd: dir, env: { ...process.env, HUSKY: "" } });
    expect(git(dir, "config", "core.hooksPath").stdout.trim()).toBe(".config/husky/_");
    const refused = meshkit(["hooks", "install"], dir);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toBe(
      "meshkit: core.hooksPath is set to .config/husky/_: husky's, with its hooks in .config/husky/, not in .husky/ where meshkit installs them; add `./node_modules/.bin/meshkit hook pre-commit` to .config/husky/pre-commit, `./node_modules/.bin/meshkit hook pre-merge-commit` to .config/husky/pre-merge-commit, `./node_modules/.bin/meshkit hook pre-push \"$@\"` to .config/husky/pre-push instead\n",
    );
    expect(existsSync(join(dir, ".husky"))).toBe(false);
    expect(git(dir, "config", "core.hooksPath").stdout.trim()).toBe(".config/husky/_");
    // Done as said, the hook runs meshkit's check.
    writeFiles(dir, { ".config/husky/pre-commit": "./node_modules/.bin/meshkit hook pre-commit\n", "orders.yaml": BROKEN_CONTRACT });
    git(dir, "add", "orders.yaml");
    const commit = git(dir, "commit", "-m", "broken");
    expect(commit.status).not.toBe(0);
    expect(commit.stdout + commit.stderr).toMatch(/orders\.yaml:\d+:\d+: error /);
  });

  it("takes a core.hooksPath naming git's own .git/hooks for no hook manager's, and keeps the hook there running (installed from a linked worktree too)", () => {
    for (const [hooksPath, linked] of [[".git/hooks", false], ["./.git/hooks/", false], [".git/hooks", true]] as const) {
      const main = domainRepo({ ".git/hooks/pre-commit": "#!/bin/sh\necho legacy-hook-ran\n" });
      chmodSync(join(main, ".git/hooks/pre-commit"), 0o755);
      git(main, "config", "core.hooksPath", hooksPath);
      // The setting is shared by every worktree: one made in the main one is read in a linked one (whose .git is a file) too.
      let dir = main;
      if (linked) {
        git(main, "add", ".");
        git(main, "commit", "-q", "--no-verify", "-m", "init");
        dir = join(tempDir("linked"), "wt");
        expect(git(main, "worktree", "add", "-q", "-b", "wt", dir).status).toBe(0);
      }
      const installed = meshkit(["hooks", "install"], dir);
      expect([installed.status, installed.stderr], hooksPath).toEqual([0, ""]);
      expect(installed.stdout).toContain(".husky/pre-commit: added meshkit (and kept .git/hooks/pre-commit)");
      expect(git(dir, "config", "core.hooksPath").stdout.trim()).toBe(".husky/_");
      writeFiles(dir, { "orders.yaml": BROKEN_CONTRACT });
      git(dir, "add", "orders.yaml");
      const refused = git(dir, "commit", "-m", "broken");
      expect(refused.status).not.toBe(0);
      expect(refused.stdout + refused.stderr).toContain("legacy-hook-ran");
    }
  });

  it("refuses a .husky that is not a folder, or that husky cannot set up, in one line that says why, and keeps it", () => {
    const dir = domainRepo({ ".husky": "mine\n" });
    const result = meshkit(["hooks", "install"], dir);
    expect([result.status, result.stderr]).toEqual([2, "meshkit: .husky is not a folder (husky keeps the hooks in it): move it away, then run meshkit hooks install again\n"]);
    expect(readFileSync(join(dir, ".husky"), "utf8")).toBe("mine\n");
    // A file or a link to nothing where husky or meshkit writes is named, not husky's ENOTDIR on a path of its own;
    // and nothing is changed: core.hooksPath pointing at a .husky/_ that cannot be made would run no hooks at all.
    const cases: [Record<string, string>, string][] = [
      [{ ".husky/_": "mine\n" }, ".husky/_ is not a folder (husky writes the scripts git runs into it): move it away"],
      [{ ".husky/pre-commit/notes": "mine\n" }, ".husky/pre-commit is a folder, not a file (it is the hook script meshkit adds its lines to): move it away"],
    ];
    for (const [files, message] of cases) {
      const inside = domainRepo(files);
      const failed = meshkit(["hooks", "install"], inside);
      expect([failed.status, failed.stderr]).toEqual([2, `meshkit: ${message}, then run meshkit hooks install again\n`]);
      expect(git(inside, "config", "core.hooksPath").stdout).toBe("");
    }
    const dangling = domainRepo();
    symlinkSync("elsewhere/hooks", join(dangling, ".husky"));
    const toNothing = meshkit(["hooks", "install"], dangling);
    expect([toNothing.status, toNothing.stderr]).toEqual([2, "meshkit: .husky is a link that leads nowhere (husky keeps the hooks in it): remove it or fix its target, then run meshkit hooks install again\n"]);
    // Anything else husky's installer fails on is said with its reason, and core.hooksPath is left as it was.
    const other = domainRepo({ ".husky/_/h/keep": "" });
    const failed = meshkit(["hooks", "install"], other);
    expect([failed.status, failed.stderr]).toEqual([2, expect.stringMatching(/^meshkit: husky could not be set up: EISDIR[^\n]*\n$/)]);
    expect(git(other, "config", "core.hooksPath").stdout).toBe("");
  });

  it("when husky fails, leaves a core.hooksPath of the global config there, and sets the repository's own back", () => {
    const globalConfig = join(tempDir("global-git-config"), "gitconfig");
    writeFileSync(globalConfig, "[core]\n\thooksPath = .husky/_\n");
    const dir = domainRepo({ ".husky/_/h/keep": "" });
    const failed = meshkit(["hooks", "install"], dir, { GIT_CONFIG_GLOBAL: globalConfig });
    expect([failed.status, failed.stderr]).toEqual([2, expect.stringMatching(/^meshkit: husky could not be set up: /)]);
    // Not copied into the repository's config, where it would outlive a change of the global one.
    expect(git(dir, "config", "--local", "core.hooksPath").stdout).toBe("");
    expect(readFileSync(globalConfig, "utf8")).toBe("[core]\n\thooksPath = .husky/_\n");
    // The repository's own setting is set back as it was.
    const local = domainRepo({ ".husky/_/h/keep": "" });
    git(local, "config", "core.hooksPath", ".husky/old");
    expect(meshkit(["hooks", "install"], local, { GIT_CONFIG_GLOBAL: globalConfig }).status).toBe(2);
    expect(git(local, "config", "--local", "core.hooksPath").stdout).toBe(".husky/old\n");
  });

  it("refuses a package.json or a hook file that is a device or a named pipe in one line, instead of reading it forever", () => {
    const device = domainRepo();
    rmSync(join(device, "package.json"));
    symlinkSync("/dev/urandom", join(device, "package.json"));
    const fromDevice = meshkit(["hooks", "install"], device);
    expect([fromDevice.status, fromDevice.stderr.trim()]).toEqual([2, "meshkit: package.json: Not a regular file."]);
    const pipe = domainRepo({ ".husky/.keep": "" });
    execFileSync("mkfifo", [join(pipe, ".husky/pre-commit")]);
    const fromPipe = meshkit(["hooks", "install"], pipe);
    expect([fromPipe.status, fromPipe.stderr.trim()]).toEqual([2, "meshkit: .husky/pre-commit: Not a regular file: a named pipe."]);
  });
});

describe("the hook scripts without meshkit installed", () => {
  it("fail with one line that says to run npm install (or skip with --no-verify), not with an npm registry error", () => {
    const dir = tempDir("hooks-missing");
    for (const name of ["pre-commit", "pre-merge-commit", "pre-push"]) {
      const run = spawnSync("sh", [join(REPO_ROOT, "hooks", name)], { cwd: dir, encoding: "utf8", env: { PATH: "/usr/bin:/bin" } });
      expect([name, run.status, run.stderr]).toEqual([name, 1, `meshkit ${name}: meshkit is not installed here: run npm install (the devDependency @meshkit/cli), or skip this check with --no-verify; CI checks again.\n`]);
    }
  });
});

describe("the pre-commit hook", () => {
  it("refuses a commit with a broken contract, printing the finding, and lets a good one through", () => {
    const dir = domainRepo();
    expect(meshkit(["hooks", "install"], dir).status).toBe(0);

    writeFiles(dir, { "contracts/orders.yaml": BROKEN_CONTRACT });
    git(dir, "add", "contracts/orders.yaml");
    const refused = git(dir, "commit", "-m", "broken contract");
    expect(refused.status).not.toBe(0);
    expect(refused.stdout + refused.stderr).toContain("contracts/orders.yaml:5:10: error semver-version");
    expect(git(dir, "log", "--oneline").status).not.toBe(0); // still no commit

    writeFiles(dir, { "contracts/orders.yaml": GOOD_CONTRACT });
    git(dir, "add", "contracts/orders.yaml");
    const accepted = git(dir, "commit", "-m", "good contract");
    expect(accepted.stderr).not.toContain("error");
    expect(accepted.status).toBe(0);
  });

  it("refuses a staged meshkit.yaml whose compat.rules names no compat rule, as meshkit compat would in CI", () => {
    const dir = domainRepo();
    writeFiles(dir, { "meshkit.yaml": "apiVersion: meshkit/v1\nkind: Config\ncompat:\n  rules:\n    property-removed-optionl: warning\n" });
    git(dir, "add", "meshkit.yaml");
    const refused = meshkit(["hook", "pre-commit"], dir);
    expect(refused.status).toBe(2);
    expect(refused.stdout).toContain("meshkit.yaml:5:5: error config-invalid meshkit.yaml: unknown rule id `property-removed-optionl` in compat.rules; did you mean `property-removed-optional`?");
  });

  it("warns at a policy.rules level of a rule no pack defines (removed from the pack) and lets the commit through, as a waiver of it; a waiver of a lint rule is refused, as lint and policy refuse it", () => {
    const dir = domainRepo();
    writeFiles(dir, { "meshkit.yaml": "apiVersion: meshkit/v1\nkind: Config\npolicy:\n  packs: [builtin:platform-baseline]\n  rules:\n    table-description: warning\n", "contracts/orders.yaml": GOOD_CONTRACT });
    git(dir, "add", "meshkit.yaml", "contracts/orders.yaml");
    const warned = meshkit(["hook", "pre-commit"], dir);
    expect(warned.status).toBe(0);
    expect(warned.stdout).toContain("meshkit.yaml:6:5: warning rule-level-unused `table-description: warning` in policy.rules sets the level of a rule no pack in use defines");
    writeFiles(dir, { "meshkit.yaml": "apiVersion: meshkit/v1\nkind: Config\npolicy:\n  packs: [builtin:platform-baseline]\n  waivers:\n    - rule: contract-owner\n      approver: data-council@acme.example\n      justification: accepted until the migration ends\n      expires: 2099-01-01\n" });
    git(dir, "add", "meshkit.yaml");
    const refused = meshkit(["hook", "pre-commit"], dir);
    expect(refused.status).toBe(2);
    expect(refused.stdout).toContain("meshkit.yaml:6:13: error config-invalid meshkit.yaml: policy.waivers: `contract-owner` is one of meshkit's own rules");
  });

  it("checks that the packs load when only meshkit.yaml or a pack file is staged (a pack that is not there, a policy that does not compile)", () => {
    const dir = domainRepo();
    writeFiles(dir, { "meshkit.yaml": "apiVersion: meshkit/v1\nkind: Config\npolicy:\n  packs:\n    - builtin:nope\n" });
    git(dir, "add", "meshkit.yaml");
    const unknown = meshkit(["hook", "pre-commit"], dir);
    expect(unknown.status).toBe(2);
    expect(unknown.stdout).toContain("meshkit.yaml:5:7: error config-invalid meshkit.yaml: unknown built-in policy pack builtin:nope");
    writeFiles(dir, {
      "meshkit.yaml": "apiVersion: meshkit/v1\nkind: Config\npolicy:\n  packs: [policies]\n",
      "policies/owned.yaml": "apiVersion: meshkit/v1\nkind: Policy\nmetadata:\n  name: owned\nspec:\n  match:\n    kinds: [DataContract]\n  validations:\n    - id: owned\n      expression: has(objekt.team)\n      message: no team\n",
    });
    git(dir, "add", "meshkit.yaml", "policies/owned.yaml");
    const broken = meshkit(["hook", "pre-commit"], dir);
    expect(broken.status).toBe(2);
    expect(broken.stdout).toMatch(/policies\/owned\.yaml:10:\d+: error policy-invalid /);
    // A pack file that is not YAML: lint and the packs' load both read it, and the report says it once.
    writeFiles(dir, { "policies/owned.yaml": "apiVersion: meshkit/v1\nkind: Policy\nmetadata:\n  name: owned\nspec:\n  validations:\n    - id: owned\n      expression: [1] + 1\n" });
    git(dir, "add", "policies/owned.yaml");
    const unparsable = meshkit(["hook", "pre-commit"], dir);
    expect(unparsable.status).toBe(2);
    expect(unparsable.stdout.split("\n").filter((line) => line.startsWith("policies/owned.yaml:"))).toEqual([expect.stringMatching(/^policies\/owned\.yaml:8:\d+: error yaml-syntax /)]);
    // A good pack staged alone: checked, and passes.
    writeFiles(dir, { "policies/owned.yaml": "apiVersion: meshkit/v1\nkind: Policy\nmetadata:\n  name: owned\nspec:\n  match:\n    kinds: [DataContract]\n  validations:\n    - id: owned\n      expression: has(object.team)\n      message: no team\n" });
    git(dir, "add", "policies/owned.yaml");
    expect(meshkit(["hook", "pre-commit"], dir).status).toBe(0);
  });

  it("judges the committed documents by a staged meshkit.yaml, as lint in CI will: a rule it tightens, globs that select nothing", () => {
    const config = 'apiVersion: meshkit/v1\nkind: Config\nfiles:\n  include: ["contracts/*.yaml"]\npolicy:\n  packs: []\nlint:\n  rules:\n    semver-version: "off"\n';
    const dir = committed({ "meshkit.yaml": config, "contracts/orders.yaml": GOOD_CONTRACT.replace("version: 1.0.0", "version: one") });
    expect(meshkit(["lint"], dir).status).toBe(0);
    // semver-version back on: the committed contract, which no commit stages, fails in CI from now on.
    writeFiles(dir, { "meshkit.yaml": config.replace('lint:\n  rules:\n    semver-version: "off"\n', "") });
    git(dir, "add", "meshkit.yaml");
    const tightened = meshkit(["hook", "pre-commit"], dir);
    expect([tightened.status, text(tightened)]).toEqual([1, expect.stringMatching(/^contracts\/orders\.yaml:\d+:\d+: error semver-version /m)]);
    // A mistyped folder: nothing would be checked from now on, as `meshkit lint` warns.
    writeFiles(dir, { "meshkit.yaml": config.replace("contracts/*.yaml", "contract/*.yaml") });
    git(dir, "add", "meshkit.yaml");
    const unmatched = meshkit(["hook", "pre-commit"], dir);
    expect([unmatched.status, unmatched.stdout]).toEqual([0, expect.stringContaining('meshkit.yaml:4:12: warning include-unmatched files.include ("contract/*.yaml") selects no contract or product, so nothing was checked;')]);
    writeFiles(dir, { "meshkit.yaml": `# the sales domain\n${config}` });
    git(dir, "add", "meshkit.yaml");
    const fine = meshkit(["hook", "pre-commit"], dir);
    expect([fine.status, fine.stdout]).toEqual([0, expect.not.stringContaining("include-unmatched")]);
  });

  it("judges the committed documents by the packs a staged meshkit.yaml adds, as policy-check in CI will", () => {
    const owned = "apiVersion: meshkit/v1\nkind: Policy\nmetadata:\n  name: owned\nspec:\n  match:\n    kinds: [DataContract]\n  validations:\n    - id: owned\n      expression: has(object.team)\n      message: no team\n";
    const config = 'apiVersion: meshkit/v1\nkind: Config\nfiles:\n  include: ["contracts/*.yaml"]\npolicy:\n  packs: []\n';
    const teamless = GOOD_CONTRACT.replace(/^team:\n(?: .*\n)+/m, "");
    const dir = committed({ "meshkit.yaml": config, "policies/owned.yaml": owned, "contracts/orders.yaml": teamless });
    // The pack turned on: the committed contract, which no commit stages, fails `meshkit policy` in CI from now on.
    writeFiles(dir, { "meshkit.yaml": config.replace("packs: []", "packs: [policies/]") });
    git(dir, "add", "meshkit.yaml");
    expect(meshkit(["policy"], dir).status).toBe(1);
    const tightened = meshkit(["hook", "pre-commit"], dir);
    expect([tightened.status, text(tightened)]).toEqual([1, expect.stringMatching(/^contracts\/orders\.yaml:1:1: error owned no team \[policy owned, policies\/owned\.yaml\]$/m)]);
  });

  it("judges a domain's committed documents by a staged platform config its meshkit.yaml extends, as lint in CI will", () => {
    const platform = 'apiVersion: meshkit/v1\nkind: Config\nlint:\n  rules:\n    semver-version: "off"\n';
    // An extends may name a file of any name, not only a meshkit.yaml: the hook finds the modified config by its content.
    for (const base of ["meshkit.yaml", "base.yaml"]) {
      const domain = `apiVersion: meshkit/v1\nkind: Config\nextends: ../../platform/${base}\nfiles:\n  include: ["contracts/*.yaml"]\n`;
      const dir = committed({ [`platform/${base}`]: platform, "domains/sales/meshkit.yaml": domain, "domains/sales/contracts/orders.yaml": GOOD_CONTRACT.replace("version: 1.0.0", "version: one") });
      // The platform turns semver-version back on: the domain's contract, which the commit does not touch, fails in CI.
      writeFiles(dir, { [`platform/${base}`]: platform.replace('lint:\n  rules:\n    semver-version: "off"\n', "") });
      git(dir, "add", `platform/${base}`);
      expect(meshkit(["lint"], join(dir, "domains/sales")).status).toBe(1);
      const tightened = meshkit(["hook", "pre-commit"], dir);
      expect([base, tightened.status, text(tightened)]).toEqual([base, 1, expect.stringMatching(/^domains\/sales\/contracts\/orders\.yaml:\d+:\d+: error semver-version /m)]);
    }
  });

  it("refuses deleting or moving a platform config that a domain's meshkit.yaml extends, as every stage in CI will stop on it", () => {
    // An extends may name a file of any name, not only a meshkit.yaml.
    for (const base of ["meshkit.yaml", "base.yaml"]) {
      const domain = `apiVersion: meshkit/v1\nkind: Config\nextends: ../../platform/${base}\nfiles:\n  include: ["contracts/*.yaml"]\n`;
      const dir = committed({ [`platform/${base}`]: "apiVersion: meshkit/v1\nkind: Config\n", "domains/sales/meshkit.yaml": domain, "domains/sales/contracts/orders.yaml": GOOD_CONTRACT });
      git(dir, "mv", `platform/${base}`, "platform/shared.yaml");
      expect(meshkit(["lint"], join(dir, "domains/sales")).status).toBe(2);
      const moved = meshkit(["hook", "pre-commit"], dir);
      expect([moved.status, moved.stdout]).toEqual([2, expect.stringContaining(`domains/sales/meshkit.yaml:3:10: error config-invalid domains/sales/meshkit.yaml: extends names a file that does not exist: ../../platform/${base}`)]);
    }
  });

  it("leaves a domain whose extends was broken before the commit to its own commits when the commit deletes a file", () => {
    const domain = 'apiVersion: meshkit/v1\nkind: Config\nextends: ../../platform/gone.yaml\nfiles:\n  include: ["contracts/*.yaml"]\n';
    const dir = committed({ "platform/meshkit.yaml": "apiVersion: meshkit/v1\nkind: Config\n", "domains/sales/meshkit.yaml": domain, "domains/sales/contracts/orders.yaml": GOOD_CONTRACT });
    git(dir, "rm", "-q", "platform/meshkit.yaml");
    expect(meshkit(["hook", "pre-commit"], dir).status).toBe(0);
  });

  it("checks the packs, and meshkit.yaml as Config, when meshkit.yaml's files globs leave them out (as meshkit init writes them)", () => {
    const owned = "apiVersion: meshkit/v1\nkind: Policy\nmetadata:\n  name: owned\nspec:\n  match:\n    kinds: [DataContract]\n  validations:\n    - id: owned\n      expression: has(object.team)\n      message: no team\n";
    const config = 'apiVersion: meshkit/v1\nkind: Config\nfiles:\n  include: ["products/**/*.yaml"]\npolicy:\n  packs: [policies/]\n';
    const dir = committed({ "meshkit.yaml": config, "policies/owned.yaml": owned });
    writeFiles(dir, { "policies/owned.yaml": owned.replace("has(object.team)", "has(object.team) +") });
    git(dir, "add", "policies/owned.yaml");
    const broken = meshkit(["hook", "pre-commit"], dir);
    expect(broken.status).toBe(2);
    expect(broken.stdout).toMatch(/policies\/owned\.yaml:10:\d+: error policy-invalid /);
    git(dir, "checkout", "-q", "HEAD", "--", "policies/owned.yaml");
    writeFiles(dir, { "meshkit.yaml": config.replace("[policies/]", "[policiez/]") });
    git(dir, "add", "meshkit.yaml");
    const missing = meshkit(["hook", "pre-commit"], dir);
    expect(missing.status).toBe(2);
    expect(missing.stdout).toContain("error config-invalid meshkit.yaml: policy pack not found: policiez/");
    // The staged meshkit.yaml is policy-checked as Config, as `meshkit policy` checks it.
    const configPolicy = "apiVersion: meshkit/v1\nkind: Policy\nmetadata:\n  name: config-rules\nspec:\n  match:\n    kinds: [Config]\n  validations:\n    - id: compat-forward\n      expression: has(object.compat) && object.compat.mode == 'forward'\n      message: keep compat.mode forward\n";
    writeFiles(dir, { "meshkit.yaml": config, "policies/config.yaml": configPolicy });
    git(dir, "add", ".");
    expect(git(dir, "commit", "-q", "--no-verify", "-m", "config policy").status).toBe(0);
    writeFiles(dir, { "meshkit.yaml": `${config}compat:\n  mode: none\n` });
    git(dir, "add", "meshkit.yaml");
    const configFailure = meshkit(["hook", "pre-commit"], dir);
    expect(configFailure.status, configFailure.stdout).toBe(1);
    expect(configFailure.stdout).toContain("meshkit.yaml:1:1: error compat-forward keep compat.mode forward");
  });

  it("lints the staged content, not the working tree", () => {
    const dir = domainRepo();
    meshkit(["hooks", "install"], dir);
    writeFiles(dir, { "orders.yaml": BROKEN_CONTRACT });
    git(dir, "add", "orders.yaml");
    writeFiles(dir, { "orders.yaml": GOOD_CONTRACT }); // fixed on disk, but not staged
    expect(git(dir, "commit", "-m", "x").status).not.toBe(0);

    git(dir, "add", "orders.yaml");
    writeFiles(dir, { "orders.yaml": BROKEN_CONTRACT }); // broken on disk, good in the index
    expect(git(dir, "commit", "-m", "y").status).toBe(0);
  });

  it("reads a staged file the working tree holds unchanged from disk (no git cat-file), and one edited since `git add` from git", () => {
    const dir = domainRepo();
    writeFiles(dir, { "meshkit.yaml": "apiVersion: meshkit/v1\nkind: Config\npolicy:\n  packs: []\n", "orders.yaml": BROKEN_CONTRACT });
    git(dir, "add", "meshkit.yaml", "orders.yaml");
    // Every git command the hook runs, logged by a `git` first on PATH that then runs the real one.
    const realGit = execFileSync("sh", ["-c", "command -v git"], { encoding: "utf8" }).trim();
    const log = join(dir, ".git-commands");
    writeFiles(dir, { ".bin/git": `#!/bin/sh\necho "$*" >> "${log}"\nexec "${realGit}" "$@"\n` });
    chmodSync(join(dir, ".bin/git"), 0o755);
    const hook = () => {
      rmSync(log, { force: true });
      const run = meshkit(["hook", "pre-commit", "-f", "json"], dir, { PATH: `${join(dir, ".bin")}:${process.env.PATH}` });
      const commands = readFileSync(log, "utf8").trim().split("\n");
      return { status: run.status, rules: (JSON.parse(run.stdout) as { findings: { ruleId: string }[] }).findings.map((f) => f.ruleId), catFile: commands.some((c) => c.startsWith("cat-file")) };
    };
    const unchanged = hook();
    expect(unchanged).toMatchObject({ status: 1, catFile: false });
    expect(unchanged.rules.length).toBeGreaterThan(0);
    // Fixed on disk, not staged: the index's broken version is what is checked, read through git.
    writeFiles(dir, { "orders.yaml": GOOD_CONTRACT });
    expect(hook()).toEqual({ ...unchanged, catFile: true });
  });

  it("checks cross-file rules against the project as the commit holds it: the index, not unstaged edits or untracked files", () => {
    const dir = domainRepo();
    meshkit(["hooks", "install"], dir);
    writeFiles(dir, { "orders.yaml": GOOD_CONTRACT });
    git(dir, "add", "orders.yaml");
    expect(git(dir, "commit", "-m", "orders").status).toBe(0);
    // The committed orders.yaml keeps its id; a working-tree edit that gives it another one is not staged.
    writeFiles(dir, { "orders.yaml": GOOD_CONTRACT.replace("5b2f7c1e-orders", "renamed-on-disk-only") });
    writeFiles(dir, { "copy.yaml": GOOD_CONTRACT });
    git(dir, "add", "copy.yaml");
    const refused = git(dir, "commit", "-m", "a second contract with the same id");
    expect(refused.status).not.toBe(0);
    expect(refused.stdout + refused.stderr).toContain("unique-document-id");
    // An untracked file is not part of the commit: its id does not block one.
    git(dir, "checkout", "--", "orders.yaml");
    git(dir, "rm", "-q", "--cached", "copy.yaml");
    writeFiles(dir, { "refunds.yaml": GOOD_CONTRACT.replace("5b2f7c1e-orders", "refunds") });
    git(dir, "add", "refunds.yaml");
    const accepted = git(dir, "commit", "-m", "refunds, with copy.yaml untracked");
    expect([accepted.status, accepted.stdout + accepted.stderr]).toEqual([0, expect.not.stringContaining("unique-document-id")]);
  });

  it("ignores staged files that are not contracts, and files meshkit.yaml excludes", () => {
    const dir = domainRepo({ "meshkit.yaml": "apiVersion: meshkit/v1\nkind: Config\nfiles:\n  exclude: ['fixtures/**']\n" });
    meshkit(["hooks", "install"], dir);
    writeFiles(dir, { "ci.yaml": "on: push\n", "fixtures/bad.yaml": BROKEN_CONTRACT, "README.md": "# x\n" });
    git(dir, "add", ".");
    expect(git(dir, "commit", "-m", "no contracts").status).toBe(0);
    expect(existsSync(join(dir, ".husky/_/pre-commit"))).toBe(true);
  });

  it("with nothing to check, is silent in text but still writes a report asked for in JSON, SARIF or a file", () => {
    const dir = domainRepo();
    writeFiles(dir, { "README.md": "# x\n" });
    git(dir, "add", "README.md");
    const silent = meshkit(["hook", "pre-commit"], dir);
    expect([silent.status, silent.stdout, silent.stderr]).toEqual([0, "", ""]);
    const json = meshkit(["hook", "pre-commit", "-f", "json"], dir);
    expect([json.status, JSON.parse(json.stdout).summary]).toEqual([0, { errors: 0, warnings: 0, infos: 0, files: 0 }]);
    expect(meshkit(["hook", "pre-commit", "-f", "sarif", "-o", "r.sarif"], dir).status).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, "r.sarif"), "utf8"))).toMatchObject({ version: "2.1.0", runs: [{ results: [] }] });
  });

  it("refuses a staged file named as a contract that is not one, and a staged contract over 10 MiB", () => {
    const dir = domainRepo();
    meshkit(["hooks", "install"], dir);
    writeFiles(dir, { "typo.odcs.yaml": GOOD_CONTRACT.replace("kind: DataContract", "kind: Datacontract"), "empty.odps.yaml": "" });
    git(dir, "add", ".");
    const refused = git(dir, "commit", "-m", "not documents");
    expect(refused.status).not.toBe(0);
    expect(refused.stdout + refused.stderr).toMatch(/empty\.odps\.yaml:1:1: error not-a-document/);
    expect(refused.stdout + refused.stderr).toMatch(/typo\.odcs\.yaml:\d+:\d+: error not-a-document/);

    git(dir, "rm", "-q", "--cached", "typo.odcs.yaml", "empty.odps.yaml");
    // Staged content comes from git, not from a file readSourceFile sized: the limit holds there too.
    writeFiles(dir, { "huge.odcs.yaml": GOOD_CONTRACT + `description:\n  purpose: "${"x".repeat(11 * 1024 * 1024)}"\n` });
    git(dir, "add", "huge.odcs.yaml");
    const result = meshkit(["hook", "pre-commit"], dir);
    expect(result.status).toBe(2);
    expect(result.stdout + result.stderr).toContain("huge.odcs.yaml:1:1: error file-too-large");
    // A file meshkit could not read refuses the commit as an error does: the way past it is said too.
    expect(result.stderr).toContain("meshkit: commit refused: fix the findings above, or commit with --no-verify to skip; CI checks again.");
    const extra = meshkit(["hook", "pre-commit", "--", "oops"], dir);
    expect([extra.status, extra.stderr.trim()]).toEqual([2, 'meshkit: hook pre-commit takes no arguments (got "oops")']);
    // No hook named: the hooks there are, as for a name that is none of them (exit 2: bad arguments).
    const unnamed = meshkit(["hook"], dir);
    expect([unnamed.status, unnamed.stderr.trim()]).toEqual([2, "meshkit: name the hook to run: meshkit hook <name>; known hooks: pre-commit, pre-merge-commit, pre-push"]);
  });

  it("runs policy-check after lint on the staged contracts and infrastructure, in the same run", () => {
    const config = "apiVersion: meshkit/v1\nkind: Config\npolicy:\n  packs: [builtin:platform-baseline]\n  infrastructure: ['infra/**/*.tf.json']\n";
    const dir = domainRepo({ "meshkit.yaml": config });
    meshkit(["hooks", "install"], dir);
    // Lint-clean, but the baseline wants a support channel.
    writeFiles(dir, { "orders.yaml": GOOD_CONTRACT.replace('support: [{channel: "#sales-data", tool: slack}]\n', "") });
    git(dir, "add", "orders.yaml");
    const refused = git(dir, "commit", "-m", "no support channel");
    expect(refused.status).not.toBe(0);
    expect(refused.stdout + refused.stderr).toMatch(/orders\.yaml:\d+:\d+: error support-channel-declared/);

    writeFiles(dir, { "orders.yaml": GOOD_CONTRACT, "infra/lake.tf.json": JSON.stringify({ resource: { aws_s3_bucket: { lake: { bucket: "acme-lake" } } } }, null, 2) });
    git(dir, "add", ".");
    const bucket = git(dir, "commit", "-m", "an untagged, unencrypted bucket");
    expect(bucket.status).not.toBe(0);
    expect(bucket.stdout + bucket.stderr).toMatch(/infra\/lake\.tf\.json:\d+:\d+: error s3-bucket-encryption/);
    expect(bucket.stdout + bucket.stderr).not.toContain("orders.yaml");

    git(dir, "rm", "-q", "--cached", "infra/lake.tf.json");
    expect(git(dir, "commit", "-m", "compliant contract").status).toBe(0);

    // Terraform JSON outside policy.infrastructure is found by its content, as `meshkit policy` finds it;
    // other JSON (a tsconfig with comments that names `module`) is not policy-checked.
    writeFiles(dir, { "deploy/plan.json": JSON.stringify({ resource: { aws_s3_bucket: { raw: { bucket: "acme-raw" } } } }, null, 2), "tsconfig.json": '{\n  // build\n  "compilerOptions": { "module": "esnext" }\n}\n' });
    git(dir, "add", ".");
    const byContent = git(dir, "commit", "-m", "a plan outside policy.infrastructure");
    expect(byContent.status).not.toBe(0);
    expect(byContent.stdout + byContent.stderr).toMatch(/deploy\/plan\.json:\d+:\d+: error s3-bucket-encryption/);
    expect(byContent.stdout + byContent.stderr).not.toContain("tsconfig.json");
  });
});

describe("the pre-commit hook in a repository whose meshkit projects live in subfolders", () => {
  const config = (body: string) => `apiVersion: meshkit/v1\nkind: Config\n${body}`;
  /** naming-convention on, properties in camelCase: GOOD_CONTRACT's `order_id` is then an error. */
  const CAMEL_CASE = config("lint:\n  rules:\n    naming-convention: error\n  naming:\n    properties: camelCase\n");
  const VERSION_ONE = GOOD_CONTRACT.replace("version: 1.0.0", "version: one");
  const output = (result: { stdout: string; stderr: string }) => result.stdout + result.stderr;

  it("checks a staged file with the meshkit.yaml of the project it is in, with that project's globs", () => {
    const dir = domainRepo({ "domains/sales/meshkit.yaml": config("files:\n  exclude: ['fixtures/**']\nlint:\n  rules:\n    semver-version: off\n") });
    meshkit(["hooks", "install"], dir);
    // The project's config turns semver-version off, and excludes its fixtures (relative to its own folder).
    writeFiles(dir, { "domains/sales/contracts/orders.yaml": VERSION_ONE, "domains/sales/fixtures/broken.yaml": BROKEN_CONTRACT });
    git(dir, "add", ".");
    const accepted = git(dir, "commit", "-m", "sales contract");
    expect(accepted.status, output(accepted)).toBe(0);

    // And a rule it turns to error refuses the commit (semver-version and the fixtures are back, too).
    const tagged = (contract: string) => `${contract}tags: [sales]\n`;
    writeFiles(dir, { "domains/sales/meshkit.yaml": CAMEL_CASE, "domains/sales/contracts/orders.yaml": tagged(VERSION_ONE), "domains/sales/fixtures/broken.yaml": tagged(BROKEN_CONTRACT) });
    git(dir, "add", ".");
    const refused = git(dir, "commit", "-m", "camelCase");
    expect(refused.status).not.toBe(0);
    expect(output(refused)).toContain("domains/sales/contracts/orders.yaml:5:10: error semver-version");
    expect(output(refused)).toMatch(/domains\/sales\/contracts\/orders\.yaml:16:15: error naming-convention .*camelCase/);
    expect(output(refused)).toContain("domains/sales/fixtures/broken.yaml"); // no longer excluded
  });

  it("judges a nested project's files by that project alone, not also by the folder above it", () => {
    // No top-level meshkit.yaml: the top folder (default config) governs domains/b; domains/a has its own.
    const dir = domainRepo({ "domains/a/meshkit.yaml": config("lint:\n  rules:\n    semver-version: off\npolicy:\n  packs: []\n") });
    meshkit(["hooks", "install"], dir);
    writeFiles(dir, { "domains/a/c.odcs.yaml": GOOD_CONTRACT, "domains/b/c.odcs.yaml": GOOD_CONTRACT });
    git(dir, "add", ".");
    const run = meshkit(["hook", "pre-commit"], dir);
    expect(output(run)).not.toContain("unique-document-id");
    expect(run.status, output(run)).toBe(0);
  });

  it("checks each staged file of one commit with its own project's config, lint and policy, in one report", () => {
    const noSupport = GOOD_CONTRACT.replace('support: [{channel: "#sales-data", tool: slack}]\n', "");
    const dir = domainRepo({
      // sales: camelCase, and no policy packs; finance: semver-version off, and the default platform baseline.
      "domains/sales/meshkit.yaml": CAMEL_CASE + "policy:\n  packs: []\n",
      "domains/finance/meshkit.yaml": config("lint:\n  rules:\n    semver-version: off\n"),
    });
    meshkit(["hooks", "install"], dir);
    // The same contract id in two projects is no duplicate: each project is the context of its own files.
    writeFiles(dir, { "domains/sales/orders.yaml": noSupport, "domains/finance/ledger.yaml": noSupport.replace("version: 1.0.0", "version: one") });
    git(dir, "add", ".");
    const refused = git(dir, "commit", "-m", "one file in each project");
    expect(refused.status).not.toBe(0);
    const findings = output(refused).split("\n").filter((line) => /^\S+:\d+:\d+: (error|warning|info) /.test(line));
    expect(findings).toEqual([
      expect.stringMatching(/^domains\/finance\/ledger\.yaml:\d+:\d+: error support-channel-declared /),
      expect.stringMatching(/^domains\/sales\/orders\.yaml:\d+:\d+: error naming-convention /),
    ]);
    expect(output(refused).match(/✖ 2 errors/g)).toHaveLength(1); // one report, one summary
    expect(output(refused)).toContain("meshkit: commit refused: fix the findings above, or commit with --no-verify to skip; CI checks again.");

    // `--config` wins for every staged file: neither project's own levels apply then.
    writeFiles(dir, { "strict.yaml": CAMEL_CASE });
    const explicit = meshkit(["hook", "pre-commit", "--config", "strict.yaml"], dir);
    expect(explicit.status).toBe(1);
    expect(output(explicit)).toMatch(/domains\/finance\/ledger\.yaml:5:10: error semver-version /);
    expect(output(explicit)).toMatch(/domains\/finance\/ledger\.yaml:\d+:\d+: error naming-convention /);
    expect(output(explicit)).toMatch(/domains\/sales\/orders\.yaml:\d+:\d+: error support-channel-declared /);
  });

  it("run by hand in a project's folder, names --config and the staged meshkit.yaml from there, as lint does", () => {
    const dir = domainRepo({ "domains/sales/meshkit.yaml": CAMEL_CASE, "domains/sales/strict.yaml": CAMEL_CASE });
    writeFiles(dir, { "domains/sales/orders.yaml": GOOD_CONTRACT });
    git(dir, "add", ".");
    const sales = join(dir, "domains/sales");
    const explicit = meshkit(["hook", "pre-commit", "--config", "strict.yaml"], sales);
    expect([explicit.status, output(explicit)]).toEqual([1, expect.stringMatching(/^orders\.yaml:\d+:\d+: error naming-convention /m)]);
    expect(meshkit(["hook", "pre-commit", "--config", "missing.yaml"], sales).stderr).toContain("meshkit: config file not found: missing.yaml\n");
    // A broken meshkit.yaml staged: at its path from here, as the documents' findings are.
    writeFiles(dir, { "domains/sales/meshkit.yaml": "apiVersion: meshkit/v1\nkind: Config\nlint: [\n" });
    git(dir, "add", ".");
    const broken = meshkit(["hook", "pre-commit"], sales);
    expect([broken.status, output(broken)]).toEqual([2, expect.stringMatching(/^meshkit\.yaml:3:7: error yaml-syntax /m)]);
  });

  it("checks a staged file outside every project with the top folder's meshkit.yaml, or else the defaults", () => {
    const dir = domainRepo({ "domains/sales/meshkit.yaml": config("lint:\n  rules:\n    semver-version: off\n") });
    meshkit(["hooks", "install"], dir);
    // No meshkit.yaml at the top: the defaults, not the sales project's config, for a file outside it.
    writeFiles(dir, { "contracts/orders.yaml": VERSION_ONE, "domains/sales/orders.yaml": VERSION_ONE.replace("id: 5b2f7c1e-orders", "id: 5b2f7c1e-sales-orders") });
    git(dir, "add", ".");
    const defaults = git(dir, "commit", "-m", "x");
    expect(defaults.status).not.toBe(0);
    expect(output(defaults)).toContain("contracts/orders.yaml:5:10: error semver-version");
    expect(output(defaults)).not.toContain("domains/sales/orders.yaml");

    // The top folder's meshkit.yaml governs what no project below it does.
    writeFiles(dir, { "meshkit.yaml": CAMEL_CASE, "contracts/orders.yaml": GOOD_CONTRACT });
    git(dir, "add", ".");
    const top = git(dir, "commit", "-m", "y");
    expect(top.status).not.toBe(0);
    expect(output(top)).toContain("contracts/orders.yaml:16:15: error naming-convention");
    expect(output(top)).not.toContain("domains/sales/orders.yaml");
  });
});

describe("the pre-push hook", () => {
  /** A domain repository with hooks installed and a real upstream: a local bare repository. */
  function withUpstream(): string {
    const dir = domainRepo({ "meshkit.yaml": "apiVersion: meshkit/v1\nkind: Config\n" });
    const upstream = tempDir("upstream");
    git(upstream, "init", "-q", "--bare", "-b", "main");
    git(dir, "remote", "add", "origin", upstream);
    expect(meshkit(["hooks", "install"], dir).status).toBe(0);
    writeFiles(dir, { "contracts/orders.yaml": GOOD_CONTRACT });
    git(dir, "add", ".");
    expect(git(dir, "commit", "-q", "-m", "orders 1.0.0").status).toBe(0);
    const first = git(dir, "push", "-q", "-u", "origin", "main");
    expect(first.status, first.stderr).toBe(0);
    return dir;
  }

  const withoutAmount = GOOD_CONTRACT.replace("      - name: amount\n        logicalType: number\n", "");

  it("refuses a push that removes a column with only a minor bump, saying which version it needs", () => {
    const dir = withUpstream();
    writeFiles(dir, { "contracts/orders.yaml": withoutAmount.replace("version: 1.0.0", "version: 1.1.0") });
    git(dir, "commit", "-q", "-am", "drop amount");
    const refused = git(dir, "push", "-q", "origin", "main");
    expect(refused.status).not.toBe(0);
    const output = refused.stdout + refused.stderr;
    expect(output).toContain("contracts/orders.yaml:5:10: error version-bump");
    expect(output).toContain("make it 2.0.0");
    expect(output).toContain("property-removed-optional");
    expect(git(dir, "ls-remote", "origin", "main").stdout).not.toContain(git(dir, "rev-parse", "HEAD").stdout.trim());
  });

  it("reports a change once when the branch and a tag on the same commit are pushed together", () => {
    const dir = withUpstream();
    writeFiles(dir, { "contracts/orders.yaml": withoutAmount.replace("version: 1.0.0", "version: 1.1.0") });
    git(dir, "commit", "-q", "-am", "drop amount");
    git(dir, "tag", "-a", "-m", "orders 1.1.0", "orders/v1.1.0"); // annotated, as meshkit tags releases
    const refused = git(dir, "push", "-q", "origin", "main", "--tags");
    expect(refused.status).not.toBe(0);
    const output = refused.stdout + refused.stderr;
    expect(output.split("error version-bump").length - 1).toBe(1);
  });

  it("compares no tagged commit the remote's default branch has with itself when release tags are pushed, and still compares one it has not", () => {
    const dir = withUpstream();
    git(dir, "tag", "-a", "-m", "orders 1.0.0", "orders/v1.0.0");
    git(dir, "tag", "legacy");
    const pushed = git(dir, "push", "origin", "--tags");
    expect([pushed.status, text(pushed)]).toEqual([0, expect.not.stringContaining("no problems")]);
    git(dir, "switch", "-q", "-c", "drop-amount");
    writeFiles(dir, { "contracts/orders.yaml": withoutAmount.replace("version: 1.0.0", "version: 1.1.0") });
    git(dir, "commit", "-q", "--no-verify", "-am", "drop amount");
    git(dir, "tag", "-a", "-m", "orders 1.1.0", "orders/v1.1.0");
    const refused = git(dir, "push", "origin", "orders/v1.1.0");
    expect([refused.status, text(refused)]).toEqual([1, expect.stringContaining("make it 2.0.0")]);
  });

  it("compares a new branch with where it left the remote's default branch (no origin/HEAD after `git remote add`)", () => {
    const dir = withUpstream();
    git(dir, "switch", "-q", "-c", "drop-amount");
    writeFiles(dir, { "contracts/orders.yaml": withoutAmount.replace("version: 1.0.0", "version: 1.1.0") });
    git(dir, "commit", "-q", "-am", "drop amount");
    const refused = git(dir, "push", "-q", "-u", "origin", "drop-amount");
    expect(refused.status).not.toBe(0);
    expect(refused.stdout + refused.stderr).toContain("make it 2.0.0");
    expect(refused.stdout + refused.stderr).not.toContain("has no upstream");
  });

  it("judges the push by the meshkit.yaml the pushed commit holds, not an uncommitted edit of it", () => {
    const dir = withUpstream();
    writeFiles(dir, { "contracts/orders.yaml": withoutAmount.replace("version: 1.0.0", "version: 1.1.0") });
    git(dir, "commit", "-q", "-am", "drop amount");
    // An uncommitted edit that accepts any change: CI checks the commit, so the push is still refused.
    writeFiles(dir, { "meshkit.yaml": `${CONFIG}compat:\n  mode: none\n` });
    const refused = git(dir, "push", "-q", "origin", "main");
    expect(refused.status, text(refused)).not.toBe(0);
    expect(text(refused)).toContain("make it 2.0.0");

    // The other way round: the commit accepts the change (mode none), the working tree's edit would not.
    git(dir, "commit", "-q", "--no-verify", "-am", "compat mode none");
    writeFiles(dir, { "meshkit.yaml": CONFIG });
    const accepted = git(dir, "push", "-q", "origin", "main");
    expect(accepted.status, text(accepted)).toBe(0);
  });

  it("judges a pushed commit that holds no meshkit.yaml by the defaults, not by an untracked one in the working tree", () => {
    const dir = withUpstream();
    // The commit drops the config (CI then reads the defaults: forward); the file stays on disk, untracked, accepting any change.
    git(dir, "rm", "-q", "--cached", "meshkit.yaml");
    writeFiles(dir, { "contracts/orders.yaml": withoutAmount.replace("version: 1.0.0", "version: 1.1.0"), "meshkit.yaml": `${CONFIG}compat:\n  mode: none\n` });
    git(dir, "commit", "-q", "--no-verify", "-am", "drop amount, and the config");
    const refused = git(dir, "push", "-q", "origin", "main");
    expect(refused.status, text(refused)).not.toBe(0);
    expect(text(refused)).toContain("make it 2.0.0");
  });

  it("refuses a committed meshkit.yaml that extends a file of the repository the pushed commit does not hold, at the extends key", () => {
    const dir = withUpstream();
    // The base config accepts any change, but only on disk: CI, reading the commit, has no such file.
    writeFiles(dir, { "platform.yaml": `${CONFIG}compat:\n  mode: none\n`, "contracts/orders.yaml": withoutAmount.replace("version: 1.0.0", "version: 1.1.0") });
    writeFiles(dir, { "meshkit.yaml": `${CONFIG}extends: platform.yaml\n` });
    git(dir, "add", "meshkit.yaml", "contracts/orders.yaml");
    git(dir, "commit", "-q", "--no-verify", "-m", "extends an untracked platform.yaml");
    const refused = git(dir, "push", "-q", "origin", "main");
    expect(refused.status, text(refused)).not.toBe(0);
    expect(text(refused)).toMatch(/meshkit\.yaml:3:10: error config-invalid meshkit\.yaml: extends names a file that the pushed commit [0-9a-f]{7} does not hold \(CI reads that commit: commit the file\): platform\.yaml/);

    // Committed: the commit holds it, and its mode none accepts the change.
    git(dir, "add", "platform.yaml");
    git(dir, "commit", "-q", "--no-verify", "-m", "platform.yaml");
    const accepted = git(dir, "push", "-q", "origin", "main");
    expect(accepted.status, text(accepted)).toBe(0);
  });

  it("reads a platform config under node_modules/ from disk even where .gitignore leaves node_modules/ untracked (CI's npm ci installs it)", () => {
    const dir = withUpstream();
    // The repository's .gitignore forgot node_modules/: git lists the installed platform config as untracked.
    writeFiles(dir, { ".gitignore": "", "node_modules/@acme/platform/meshkit.yaml": `${CONFIG}compat:\n  mode: none\n`, "meshkit.yaml": `${CONFIG}extends: node_modules/@acme/platform/meshkit.yaml\n` });
    writeFiles(dir, { "contracts/orders.yaml": withoutAmount.replace("version: 1.0.0", "version: 1.1.0") });
    git(dir, "add", ".gitignore", "meshkit.yaml", "contracts/orders.yaml");
    expect(git(dir, "commit", "-q", "-m", "extends the platform config").status).toBe(0);
    const accepted = git(dir, "push", "-q", "origin", "main");
    expect(accepted.status, text(accepted)).toBe(0);
    expect(text(accepted)).not.toContain("config-invalid");
  });

  // Three repositories, each pushed twice: on a 2-core machine shared with other work it has taken over a minute.
  it("still checks the push when a line before meshkit's reads git's refs from stdin (a kept .git/hooks/pre-push, git lfs)", () => {
    for (const where of ["legacy", "husky", "installed earlier"] as const) {
      const dir = domainRepo({ "meshkit.yaml": "apiVersion: meshkit/v1\nkind: Config\n" });
      const upstream = tempDir("upstream");
      git(upstream, "init", "-q", "--bare", "-b", "main");
      git(dir, "remote", "add", "origin", upstream);
      // As `git lfs pre-push "$@"` does: read every ref line git sends.
      const reader = 'while read -r local_ref rest; do echo "reader saw $local_ref" >&2; done\n';
      if (where === "legacy") {
        writeFileSync(join(dir, ".git/hooks/pre-push"), `#!/bin/sh\n${reader}`);
        chmodSync(join(dir, ".git/hooks/pre-push"), 0o755);
      } else if (where === "husky") {
        writeFiles(dir, { ".husky/pre-push": `#!/usr/bin/env sh\n${reader}` });
      } else {
        // What an earlier meshkit wrote: its lines after the reader's, the refs not kept. Installing again upgrades it.
        expect(meshkit(["hooks", "install"], dir).status).toBe(0);
        writeFiles(dir, { ".husky/pre-push": `#!/usr/bin/env sh\n${reader}${readFileSync(join(REPO_ROOT, "hooks/pre-push"), "utf8")}` });
      }
      const installed = meshkit(["hooks", "install"], dir);
      expect(installed.status).toBe(0);
      if (where === "installed earlier") expect(installed.stdout).toContain(".husky/pre-push: meshkit already installed; its check now gets the pushed refs the lines before it read");
      if (where !== "legacy") expect(readFileSync(join(dir, ".husky/pre-push"), "utf8").startsWith("#!/usr/bin/env sh\n")).toBe(true);
      writeFiles(dir, { "contracts/orders.yaml": GOOD_CONTRACT });
      git(dir, "add", ".");
      expect(git(dir, "commit", "-q", "-m", "orders 1.0.0").status).toBe(0);
      const first = git(dir, "push", "-q", "-u", "origin", "main");
      expect(first.status, first.stderr).toBe(0);
      writeFiles(dir, { "contracts/orders.yaml": withoutAmount.replace("version: 1.0.0", "version: 1.1.0") });
      git(dir, "commit", "-q", "-am", "drop amount");
      const refused = git(dir, "push", "-q", "origin", "main");
      expect(refused.status, `${where}: ${refused.stderr}`).not.toBe(0);
      expect(refused.stderr).toContain("reader saw refs/heads/main");
      expect(refused.stdout + refused.stderr).toContain("make it 2.0.0");
    }
  }, 180_000);

  it("says the version is no fix when the error is a change compat.rules makes one, or a file it cannot read", () => {
    const dir = withUpstream();
    // As meshkit init's meshkit.yaml has it: a column made nullable is an error, whatever the version says.
    writeFiles(dir, { "meshkit.yaml": "apiVersion: meshkit/v1\nkind: Config\ncompat:\n  rules:\n    property-made-optional: error\n" });
    writeFiles(dir, { "contracts/orders.yaml": GOOD_CONTRACT.replace("version: 1.0.0", "version: 2.0.0").replace("        required: true\n", "") });
    git(dir, "commit", "-q", "-am", "order_id optional, 2.0.0");
    const refused = git(dir, "push", "-q", "origin", "main");
    expect(refused.status).not.toBe(0);
    expect(refused.stdout + refused.stderr).toContain("error property-made-optional");
    expect(refused.stdout + refused.stderr).not.toContain("fix the version");
    expect(refused.stderr).toContain("push refused: fix the findings above: property-made-optional is an error whatever the version says");

    writeFiles(dir, { "contracts/orders.yaml": "apiVersion: v3.1.0\nkind: DataContract\nid: [oops\n" });
    git(dir, "commit", "-q", "--no-verify", "-am", "broken");
    const unreadable = git(dir, "push", "-q", "origin", "main");
    expect(unreadable.status).not.toBe(0);
    expect(unreadable.stderr).toContain("push refused: meshkit could not read what is pushed");
  });

  it("lets the same change through with a major bump, and a compatible change with a minor one", () => {
    const dir = withUpstream();
    writeFiles(dir, { "contracts/orders.yaml": GOOD_CONTRACT.replace("version: 1.0.0", "version: 1.1.0") + "      - name: coupon\n        logicalType: string\n" });
    git(dir, "commit", "-q", "-am", "add coupon");
    const minor = git(dir, "push", "-q", "origin", "main");
    expect(minor.status, minor.stdout + minor.stderr).toBe(0);
    writeFiles(dir, { "contracts/orders.yaml": withoutAmount.replace("version: 1.0.0", "version: 2.0.0") });
    git(dir, "commit", "-q", "-am", "drop amount, 2.0.0");
    const major = git(dir, "push", "-q", "origin", "main");
    expect(major.status, major.stdout + major.stderr).toBe(0);
  });
});

/** A product whose output port is GOOD_CONTRACT at 1.0.0 (lint-clean and, with the contract's SLA, policy-clean). */
const PRODUCT = `apiVersion: v1.0.0
kind: DataProduct
id: orders-product
name: orders
version: 1.0.0
status: active
domain: sales
description:
  purpose: Orders of the shop.
team:
  name: sales
  members:
    - username: ana
      role: owner
support: [{channel: "#sales-data", tool: slack, url: "https://slack.example/sales-data"}]
outputPorts:
  - name: orders
    type: tables
    version: 1.0.0
    contractId: 5b2f7c1e-orders
`;
// Its latency measured on a timestamp column, as lint's sla-element and meshkit test want it.
const WITH_SLA = `${GOOD_CONTRACT}      - name: ordered_at\n        logicalType: timestamp\nslaProperties:\n  - property: latency\n    value: 1\n    unit: d\n    element: orders.ordered_at\n`;
const CONFIG = "apiVersion: meshkit/v1\nkind: Config\n";
const text = (result: { stdout: string; stderr: string }) => result.stdout + result.stderr;

/** A domain repository with `files` committed (no hooks installed: the tests run `meshkit hook …` themselves). */
function committed(files: Record<string, string>): string {
  const dir = domainRepo(files);
  git(dir, "add", ".");
  expect(git(dir, "commit", "-q", "--no-verify", "-m", "base").status).toBe(0);
  return dir;
}

/** A repository of its own holding the orders contract, with one commit: what a domain adds as a submodule. */
function contractsRepository(name: string): string {
  const shared = tempDir(name);
  git(shared, "init", "-q", "-b", "main");
  writeFiles(shared, { "orders.yaml": WITH_SLA });
  git(shared, "add", ".");
  expect(git(shared, "commit", "-q", "-m", "orders 1.0.0").status).toBe(0);
  return shared;
}

/** A project whose product names the orders contract of a submodule `shared` (a contractsRepository), committed. */
function productWithSharedContracts(name: string): string {
  const shared = contractsRepository(name);
    const dir = committed({ "meshkit.yaml": CONFIG, "products/orders.yaml": PRODUCT });
    const added = git(dir, "-c", "protocol.file.allow=always", "submodule", "add", "-q", shared, "shared");
    expect(added.status, text(added)).toBe(0);
    expect(git(dir, "commit", "-q", "--no-verify", "-m", "shared contracts").status).toBe(0);
  return dir;
}

describe("the pre-commit hook judges the project as the commit will hold it", () => {
  const VERSION_ONE = GOOD_CONTRACT.replace("version: 1.0.0", "version: one");
  const SEMVER_OFF = `${CONFIG}lint:\n  rules:\n    semver-version: off\n`;

  it("finds a contract a product names in a checked-out submodule, at the commit the index records, as lint and policy find it", () => {
    const shared = contractsRepository("shared-contracts");
    const dir = committed({ "meshkit.yaml": CONFIG });
    const added = git(dir, "-c", "protocol.file.allow=always", "submodule", "add", "-q", shared, "shared");
    expect(added.status, text(added)).toBe(0);
    writeFiles(dir, { "products/orders.yaml": PRODUCT });
    git(dir, "add", ".");
    const lint = meshkit(["lint"], dir);
    expect([lint.status, text(lint)]).toEqual([0, expect.stringContaining("no problems")]);
    const accepted = meshkit(["hook", "pre-commit"], dir);
    expect([accepted.status, text(accepted)]).toEqual([0, expect.not.stringContaining("not in this repository")]);
    // The port must match the contract at the submodule's recorded commit.
    writeFiles(dir, { "products/orders.yaml": PRODUCT.replace("    version: 1.0.0\n    contractId", "    version: 2.0.0\n    contractId") });
    git(dir, "add", ".");
    const refused = meshkit(["hook", "pre-commit"], dir);
    expect([refused.status, text(refused)]).toEqual([1, expect.stringContaining("is at 1.0.0 (shared/orders.yaml)")]);
  });

  it("checks the products naming a submodule's contract when the commit moves the submodule to another commit, as lint then finds them", () => {
    const dir = productWithSharedContracts("shared-contracts-bump");
    // The shared repository releases orders 2.0.0; the domain pulls it and records the new commit, nothing else.
    const clone = join(dir, "shared");
    writeFiles(clone, { "orders.yaml": WITH_SLA.replace("version: 1.0.0", "version: 2.0.0") });
    expect(git(clone, "commit", "-q", "-am", "orders 2.0.0").status).toBe(0);
    git(dir, "add", "shared");
    expect(meshkit(["lint"], dir).status).toBe(1);
    const refused = meshkit(["hook", "pre-commit"], dir);
    expect([refused.status, text(refused)]).toEqual([1, expect.stringContaining("declares version 1.0.0, but contract 5b2f7c1e-orders is at 2.0.0 (shared/orders.yaml)")]);
    // The port moved with it: nothing to refuse. A bump that leaves the contract as it was refuses nothing either.
    writeFiles(dir, { "products/orders.yaml": PRODUCT.replace("    version: 1.0.0\n    contractId", "    version: 2.0.0\n    contractId") });
    git(dir, "add", ".");
    expect(meshkit(["hook", "pre-commit"], dir).status).toBe(0);
    expect(git(dir, "commit", "-q", "--no-verify", "-m", "orders 2.0.0").status).toBe(0);
    writeFiles(clone, { "README.md": "shared contracts\n" });
    git(clone, "add", ".");
    expect(git(clone, "commit", "-q", "-m", "readme").status).toBe(0);
    git(dir, "add", "shared");
    expect(meshkit(["hook", "pre-commit"], dir).status).toBe(0);
  });

  it("checks the products naming a submodule's contract when the commit removes the submodule (`git rm shared` removes its folder too)", () => {
    const dir = productWithSharedContracts("shared-contracts-removed");
    expect(meshkit(["hook", "pre-commit"], dir).status).toBe(0);
    expect(git(dir, "rm", "-q", "shared").status).toBe(0);
    expect(existsSync(join(dir, "shared"))).toBe(false);
    expect(meshkit(["lint"], dir).stdout).toContain("warning output-port-contract");
    const refused = meshkit(["hook", "pre-commit"], dir);
    expect([refused.status, text(refused)]).toEqual([1, expect.stringContaining("output-port-contract Output port `orders` references contract 5b2f7c1e-orders, which is not in this repository")]);
    // Kept on disk (`git rm --cached`): read from its folder, the same.
    git(dir, "reset", "-q", "--hard");
    expect(git(dir, "submodule", "update", "-q").status).toBe(0);
    expect(git(dir, "rm", "-q", "--cached", "shared").status).toBe(0);
    expect(meshkit(["hook", "pre-commit"], dir).status).toBe(1);
  });

  it("reads no submodule outside the project's folder: it holds none of its documents, and every commit would pay for its git processes", () => {
    const shared = contractsRepository("vendored");
    const dir = committed({ "domains/sales/meshkit.yaml": CONFIG });
    const added = git(dir, "-c", "protocol.file.allow=always", "submodule", "add", "-q", shared, "vendor/lib");
    expect(added.status, text(added)).toBe(0);
    writeFiles(dir, { "domains/sales/orders.yaml": GOOD_CONTRACT });
    git(dir, "add", ".");
    const trace = join(tempDir("git-trace"), "trace.log");
    const run = meshkit(["hook", "pre-commit"], dir, { GIT_TRACE: trace });
    expect(run.stdout + run.stderr).not.toContain("vendor/lib");
    const commands = readFileSync(trace, "utf8").split("\n").filter((line) => line.includes("built-in: git"));
    expect(commands.filter((line) => / ls-tree | rev-parse --verify /.test(line))).toEqual([]);
  });

  it("reads meshkit.yaml from the index: not an unstaged edit of it, nor an untracked one", () => {
    const dir = committed({ "meshkit.yaml": SEMVER_OFF });
    writeFiles(dir, { "orders.yaml": VERSION_ONE });
    git(dir, "add", "orders.yaml");
    // Unstaged: the edit that turns semver-version back on is not what the commit holds.
    writeFiles(dir, { "meshkit.yaml": CONFIG });
    expect(meshkit(["hook", "pre-commit"], dir).status).toBe(0);
    // A broken config staged, a good copy on disk: the staged one is what is committed.
    writeFiles(dir, { "meshkit.yaml": `${SEMVER_OFF}lnit: {}\n` });
    git(dir, "add", "meshkit.yaml");
    writeFiles(dir, { "meshkit.yaml": SEMVER_OFF });
    const broken = meshkit(["hook", "pre-commit"], dir);
    expect([broken.status, text(broken)]).toEqual([2, expect.stringContaining("config-invalid")]);
    // An untracked meshkit.yaml governs nothing: the staged file gets the nearest config in the index.
    writeFiles(dir, { "meshkit.yaml": CONFIG });
    git(dir, "add", "meshkit.yaml");
    writeFiles(dir, { "sales/meshkit.yaml": SEMVER_OFF, "sales/orders.yaml": VERSION_ONE.replace("5b2f7c1e-orders", "sales-orders") });
    git(dir, "add", "sales/orders.yaml");
    git(dir, "rm", "-q", "--cached", "orders.yaml");
    const untracked = meshkit(["hook", "pre-commit"], dir);
    expect([untracked.status, text(untracked)]).toEqual([1, expect.stringContaining("sales/orders.yaml:5:10: error semver-version")]);
  });

  it("refuses an extends of an untracked file of the repository, and reads an ignored one (node_modules/) from disk", () => {
    const dir = committed({ ".gitignore": "node_modules/\n", "meshkit.yaml": CONFIG });
    writeFiles(dir, { "platform.yaml": SEMVER_OFF, "node_modules/@acme/platform/meshkit.yaml": SEMVER_OFF, "orders.yaml": VERSION_ONE, "meshkit.yaml": `${CONFIG}extends: platform.yaml\n` });
    git(dir, "add", "meshkit.yaml", "orders.yaml");
    const untracked = meshkit(["hook", "pre-commit"], dir);
    expect([untracked.status, text(untracked)]).toEqual([2, expect.stringContaining("meshkit.yaml:3:10: error config-invalid meshkit.yaml: extends names a file that the commit does not hold (CI reads the commit: git add it): platform.yaml")]);
    writeFiles(dir, { "meshkit.yaml": `${CONFIG}extends: node_modules/@acme/platform/meshkit.yaml\n` });
    git(dir, "add", "meshkit.yaml");
    const ignored = meshkit(["hook", "pre-commit"], dir);
    expect([ignored.status, text(ignored)]).toEqual([0, expect.not.stringContaining("error")]);
  });

  it("reads the policy packs from the index too: a staged policy, not its working-tree copy", () => {
    const owned = "apiVersion: meshkit/v1\nkind: Policy\nmetadata:\n  name: owned\nspec:\n  match:\n    kinds: [DataContract]\n  validations:\n    - id: owned\n      expression: has(object.team)\n      message: no team\n";
    const brokenPolicy = owned.replace("has(object.team)", "has(object.team) +");
    const dir = committed({ "meshkit.yaml": `${CONFIG}policy:\n  packs: [policies/]\n`, "policies/owned.yaml": owned, "orders.yaml": GOOD_CONTRACT });
    // A broken policy staged, a good copy on disk: the commit holds the broken one.
    writeFiles(dir, { "policies/owned.yaml": brokenPolicy });
    git(dir, "add", "policies/owned.yaml");
    writeFiles(dir, { "policies/owned.yaml": owned });
    const broken = meshkit(["hook", "pre-commit"], dir);
    expect([broken.status, text(broken)]).toEqual([2, expect.stringMatching(/policies\/owned\.yaml:10:\d+: error policy-invalid /)]);
    // A good policy staged, an unstaged broken edit on disk: the commit is fine, with a document staged too.
    git(dir, "add", "policies/owned.yaml");
    writeFiles(dir, { "policies/owned.yaml": brokenPolicy, "orders.yaml": GOOD_CONTRACT.replace("version: 1.0.0", "version: 1.0.1") });
    git(dir, "add", "orders.yaml");
    const good = meshkit(["hook", "pre-commit"], dir);
    expect([good.status, text(good)]).toEqual([0, expect.not.stringContaining("policy-invalid")]);
    // A staged stricter policy judges the staged contract; an unstaged one does not.
    const stricter = owned.replace("has(object.team)", "has(object.nowhere)");
    writeFiles(dir, { "policies/owned.yaml": stricter });
    expect(meshkit(["hook", "pre-commit"], dir).status).toBe(0);
    git(dir, "add", "policies/owned.yaml");
    writeFiles(dir, { "policies/owned.yaml": owned });
    const strict = meshkit(["hook", "pre-commit"], dir);
    expect([strict.status, text(strict)]).toEqual([1, expect.stringContaining("error owned no team")]);
  });

  it("refuses a pack the commit does not hold (untracked files), and reads an ignored one (node_modules/) from disk", () => {
    const owned = "apiVersion: meshkit/v1\nkind: Policy\nmetadata:\n  name: owned\nspec:\n  match:\n    kinds: [DataContract]\n  validations:\n    - id: owned\n      expression: has(object.team)\n      message: no team\n";
    const dir = committed({ ".gitignore": "node_modules/\n", "orders.yaml": GOOD_CONTRACT });
    // meshkit.yaml staged with a pack that exists only as untracked files: CI, on the commit, would not find it.
    writeFiles(dir, { "meshkit.yaml": `${CONFIG}policy:\n  packs: [./policies, node_modules/@acme/pack]\n`, "policies/owned.yaml": owned, "node_modules/@acme/pack/owned.yaml": owned.replaceAll("owned", "acme") });
    git(dir, "add", "meshkit.yaml");
    const untracked = meshkit(["hook", "pre-commit"], dir);
    expect([untracked.status, text(untracked)]).toEqual([2, expect.stringMatching(/meshkit\.yaml:\d+:\d+: error config-invalid meshkit\.yaml: policy pack \.\/policies is not in the commit: its files are untracked/)]);
    // Added: the commit holds it; the ignored pack is read from disk, as an `extends` is.
    git(dir, "add", "policies/owned.yaml");
    const added = meshkit(["hook", "pre-commit"], dir);
    expect([added.status, text(added)]).toEqual([0, expect.not.stringContaining("config-invalid")]);
  });

  it("checks a staged Terraform configuration with its module as the index holds it (the folder's other *.tf.json files)", () => {
    const config = "apiVersion: meshkit/v1\nkind: Config\npolicy:\n  packs: [builtin:platform-baseline]\n";
    const tags = { ManagedBy: "terraform", CostCenter: "CC-300", Domain: "sales", DataProduct: "true" };
    const bucket = JSON.stringify({ provider: { aws: { region: "eu-west-1", default_tags: { tags } } }, resource: { aws_s3_bucket: { raw: { bucket: "acme-sales-raw" } } } }, null, 2);
    const encryption = JSON.stringify({ resource: { aws_s3_bucket_server_side_encryption_configuration: { raw: { bucket: "${aws_s3_bucket.raw.id}", rule: { apply_server_side_encryption_by_default: { sse_algorithm: "aws:kms" } } } } } }, null, 2);
    const dir = committed({ "meshkit.yaml": config });
    // The encryption is in a sibling file that is not staged: the commit's bucket is unencrypted.
    writeFiles(dir, { "infra/main.tf.json": bucket, "infra/encryption.tf.json": encryption });
    git(dir, "add", "infra/main.tf.json");
    const untracked = meshkit(["hook", "pre-commit"], dir);
    expect([untracked.status, text(untracked)]).toEqual([1, expect.stringMatching(/infra\/main\.tf\.json:\d+:\d+: error s3-bucket-encryption/)]);
    // Both staged, the sibling then deleted from the working tree only: the commit's bucket is encrypted.
    git(dir, "add", "infra/encryption.tf.json");
    rmSync(join(dir, "infra/encryption.tf.json"));
    const staged = meshkit(["hook", "pre-commit"], dir);
    expect([staged.status, text(staged)]).toEqual([0, expect.not.stringContaining("s3-bucket-encryption")]);
    // Run from the configuration's folder (paths shown from there): the same module, the same verdict.
    const fromFolder = meshkit(["hook", "pre-commit"], join(dir, "infra"));
    expect([fromFolder.status, text(fromFolder)]).toEqual([0, expect.not.stringContaining("s3-bucket-encryption")]);
    // A waiver for the folder's documents applies wherever the hook runs from: the failure is no error, and
    // it stays in view as waived (listed after the findings, counted apart), as in every policy-check report.
    writeFiles(dir, { "meshkit.yaml": `${config}  waivers:\n    - rule: s3-bucket-encryption\n      document: infra/**\n      justification: legacy bucket\n      approver: lena\n      expires: 2099-01-01\n` });
    git(dir, "add", "meshkit.yaml");
    git(dir, "rm", "-q", "--cached", "infra/encryption.tf.json");
    for (const where of [dir, join(dir, "infra")]) {
      const waived = meshkit(["hook", "pre-commit"], where);
      expect([waived.status, text(waived)]).toEqual([0, expect.not.stringMatching(/error s3-bucket-encryption/)]);
      expect(text(waived)).toMatch(/main\.tf\.json:\d+:\d+: waived s3-bucket-encryption .*\(waived by lena until 2099-01-01: legacy bucket\)/);
      expect(text(waived)).toMatch(/\(1 waived\)/);
    }
  });

  it("checks again the Terraform configurations the commit leaves as they were when it changes their module (a sibling deleted)", () => {
    const config = "apiVersion: meshkit/v1\nkind: Config\npolicy:\n  packs: [builtin:platform-baseline]\n";
    const tags = { ManagedBy: "terraform", CostCenter: "CC-300", Domain: "sales", DataProduct: "true" };
    const provider = JSON.stringify({ provider: { aws: { region: "eu-west-1", default_tags: { tags } } } }, null, 2);
    const encrypted = (name: string) => JSON.stringify({ resource: { aws_s3_bucket_server_side_encryption_configuration: { [name]: { bucket: `\${aws_s3_bucket.${name}.id}`, rule: { apply_server_side_encryption_by_default: { sse_algorithm: "aws:kms" } } } } } }, null, 2);
    // raw.tf.json's bucket has a problem of its own already committed (its tags leave out Domain); its encryption is a sibling's.
    const raw = JSON.stringify({ resource: { aws_s3_bucket: { raw: { bucket: "acme-sales-raw", tags: { Domain: "" } } } } }, null, 2);
    const gold = JSON.stringify({ resource: { aws_s3_bucket: { gold: { bucket: "acme-sales-gold" } } } }, null, 2);
    const dir = committed({ "meshkit.yaml": config, "infra/providers.tf.json": provider, "infra/raw.tf.json": raw, "infra/raw-encryption.tf.json": encrypted("raw"), "infra/gold.tf.json": gold, "infra/gold-encryption.tf.json": encrypted("gold") });
    const before = meshkit(["policy", "infra"], dir);
    expect([before.status, text(before)]).toEqual([1, expect.stringMatching(/infra\/raw\.tf\.json:\d+:\d+: error s3-bucket-tags/)]);
    expect(text(before)).not.toContain("s3-bucket-encryption");

    // Deleting gold's encryption changes nothing staged but gold's module: gold is checked, with what the
    // deletion gives it (not raw's finding, which the commit neither makes nor touches).
    git(dir, "rm", "-q", "infra/gold-encryption.tf.json");
    const deleted = meshkit(["hook", "pre-commit"], dir);
    expect([deleted.status, text(deleted)]).toEqual([1, expect.stringMatching(/infra\/gold\.tf\.json:\d+:\d+: error s3-bucket-encryption/)]);
    expect(text(deleted)).not.toMatch(/raw\.tf\.json/);
    git(dir, "reset", "-q", "HEAD", "--", "infra/gold-encryption.tf.json");
    git(dir, "checkout", "--", "infra/gold-encryption.tf.json");

    // raw's encryption pointed at gold's bucket: raw is unencrypted, reported; its old tags finding is not new.
    writeFiles(dir, { "infra/raw-encryption.tf.json": encrypted("raw").replace("aws_s3_bucket.raw.id", "aws_s3_bucket.gold.id") });
    git(dir, "add", "infra/raw-encryption.tf.json");
    const retargeted = meshkit(["hook", "pre-commit"], dir);
    expect([retargeted.status, text(retargeted)]).toEqual([1, expect.stringMatching(/infra\/raw\.tf\.json:\d+:\d+: error s3-bucket-encryption/)]);
    expect(text(retargeted)).not.toContain("s3-bucket-tags");
    git(dir, "reset", "-q", "HEAD", "--", "infra/raw-encryption.tf.json");
    git(dir, "checkout", "--", "infra/raw-encryption.tf.json");

    // A new sibling that changes no one's module: nothing checked again (raw's finding is not the commit's).
    writeFiles(dir, { "infra/notes.tf.json": JSON.stringify({ locals: { team: "sales" } }, null, 2) });
    git(dir, "add", "infra/notes.tf.json");
    const unrelated = meshkit(["hook", "pre-commit"], dir);
    expect([unrelated.status, text(unrelated)]).toEqual([0, expect.not.stringMatching(/raw\.tf\.json|gold\.tf\.json/)]);
  });

  it("leaves intent-to-add entries (`git add -N`) out, as the commit does: a config, a document", () => {
    // A committed empty meshkit.yaml is in the commit: reported, as lint reports it.
    const dir = committed({ "meshkit.yaml": CONFIG, "empty/meshkit.yaml": "", "orders.yaml": GOOD_CONTRACT });
    writeFiles(dir, { "empty/orders.yaml": VERSION_ONE.replace("5b2f7c1e-orders", "empty-orders") });
    git(dir, "add", "empty/orders.yaml");
    expect(meshkit(["hook", "pre-commit"], dir).status).toBe(2);
    git(dir, "rm", "-q", "--cached", "empty/orders.yaml");
    // The index lists an intent-to-add file with the empty blob's id; the commit leaves it out.
    writeFiles(dir, { "sales/meshkit.yaml": SEMVER_OFF, "sales/orders.yaml": VERSION_ONE.replace("5b2f7c1e-orders", "sales-orders"), "copy.yaml": GOOD_CONTRACT });
    git(dir, "add", "sales/orders.yaml");
    git(dir, "add", "-N", "sales/meshkit.yaml", "copy.yaml");
    expect(git(dir, "ls-files", "--stage", "sales/meshkit.yaml").stdout).toContain("e69de29bb2d1d6434b8b29ae775ad8c2e48c5391");
    const result = meshkit(["hook", "pre-commit"], dir);
    // Governed by the top meshkit.yaml (semver-version on), not an empty config; copy.yaml is no duplicate id.
    expect([result.status, text(result)]).toEqual([1, expect.stringContaining("sales/orders.yaml:5:10: error semver-version")]);
    expect(text(result)).not.toContain("copy.yaml");
    expect(text(result)).not.toContain("config-invalid");
    // An intent-to-add contract, in place of a committed one (`git rm --cached`, `git add -N`): the commit deletes it.
    git(dir, "rm", "-q", "--cached", "orders.yaml");
    git(dir, "add", "-N", "orders.yaml");
    writeFiles(dir, { "product.odps.yaml": PRODUCT });
    git(dir, "add", "product.odps.yaml");
    expect(text(meshkit(["hook", "pre-commit"], dir))).toMatch(/product\.odps\.yaml:\d+:\d+: error output-port-freshness-sla .*not in this repository/);
    // A staged link to an intent-to-add file leads to the file on disk, as to any path not in the index.
    git(dir, "rm", "-q", "--cached", "product.odps.yaml");
    writeFiles(dir, { "shared/real.yaml.txt": BROKEN_CONTRACT.replace("5b2f7c1e-orders", "linked") });
    git(dir, "add", "-N", "shared/real.yaml.txt");
    symlinkSync("shared/real.yaml.txt", join(dir, "linked.odcs.yaml"));
    git(dir, "add", "linked.odcs.yaml");
    expect(text(meshkit(["hook", "pre-commit"], dir))).toContain("linked.odcs.yaml:5:10: error semver-version");
  });

  it("gives policy-check the index's contracts: a product staged without its contract, or with its SLA only on disk, is refused", () => {
    const dir = committed({ "meshkit.yaml": CONFIG });
    writeFiles(dir, { "product.odps.yaml": PRODUCT, "orders.odcs.yaml": WITH_SLA });
    git(dir, "add", "product.odps.yaml");
    const untracked = meshkit(["hook", "pre-commit"], dir);
    expect([untracked.status, text(untracked)]).toEqual([1, expect.stringMatching(/product\.odps\.yaml:\d+:\d+: error output-port-freshness-sla .*not in this repository/)]);
    // The index's contract has no SLA; the working tree's has one.
    writeFiles(dir, { "orders.odcs.yaml": GOOD_CONTRACT });
    git(dir, "add", "orders.odcs.yaml");
    writeFiles(dir, { "orders.odcs.yaml": WITH_SLA });
    const unstaged = meshkit(["hook", "pre-commit"], dir);
    expect([unstaged.status, text(unstaged)]).toEqual([1, expect.stringMatching(/product\.odps\.yaml:\d+:\d+: error output-port-freshness-sla .*promises no freshness/)]);
    git(dir, "add", "orders.odcs.yaml");
    expect(meshkit(["hook", "pre-commit"], dir).status).toBe(0);
  });

  it("checks the products that use a staged or deleted contract for what the change broke in them (cross-file findings only)", () => {
    const dir = committed({ "meshkit.yaml": CONFIG, "orders.odcs.yaml": WITH_SLA, "product.odps.yaml": `${PRODUCT}tags: [Not_Snake]\n` });
    writeFiles(dir, { "orders.odcs.yaml": WITH_SLA.replace("version: 1.0.0", "version: 2.0.0") });
    git(dir, "add", "orders.odcs.yaml");
    const bumped = meshkit(["hook", "pre-commit"], dir);
    expect(bumped.status).toBe(1);
    const findings = text(bumped).split("\n").filter((line) => /^\S+:\d+:\d+: (error|warning|info) /.test(line));
    expect(findings).toEqual([expect.stringMatching(/^product\.odps\.yaml:\d+:\d+: error output-port-contract .*declares version 1\.0\.0, but contract 5b2f7c1e-orders is at 2\.0\.0/)]);

    git(dir, "reset", "-q", "--hard");
    git(dir, "rm", "-q", "orders.odcs.yaml");
    const removed = meshkit(["hook", "pre-commit"], dir);
    // lint's warning (the product may name a contract kept in another repository), and policy's error, as `meshkit policy` gives it.
    expect(removed.status).toBe(1);
    expect(text(removed)).toMatch(/product\.odps\.yaml:\d+:\d+: warning output-port-contract .*not in this repository/);
    expect(text(removed)).toMatch(/product\.odps\.yaml:\d+:\d+: error output-port-freshness-sla .*is not in this repository/);

    // A product already wrong before the change (its port pins 1.0.0 of a contract at 2.0.0): a description edit
    // of the contract is not what broke it, and does not block.
    const stale = committed({ "meshkit.yaml": CONFIG, "orders.odcs.yaml": WITH_SLA.replace("version: 1.0.0", "version: 2.0.0"), "product.odps.yaml": PRODUCT });
    writeFiles(stale, { "orders.odcs.yaml": WITH_SLA.replace("version: 1.0.0", "version: 2.0.0").replace("name: orders\n", "name: orders\ndescription: {purpose: Orders.}\n") });
    git(stale, "add", "orders.odcs.yaml");
    const edited = meshkit(["hook", "pre-commit"], stale);
    expect(text(edited)).not.toContain("output-port-contract");
  });

  it("names a staged contract that does not parse, or is of an apiVersion not read, in policy's port finding, as `meshkit policy` does", () => {
    const dir = committed({ "meshkit.yaml": CONFIG, "orders.odcs.yaml": WITH_SLA, "product.odps.yaml": PRODUCT });
    const staged: [string, string][] = [
      ["unparsable", WITH_SLA.replace("status: active", "status: [active")],
      ["apiVersion v9.9.9", WITH_SLA.replace("apiVersion: v3.1.0", "apiVersion: v9.9.9")],
    ];
    for (const [what, contract] of staged) {
      writeFiles(dir, { "orders.odcs.yaml": contract });
      const policy = meshkit(["policy"], dir);
      const onDisk = text(policy).match(/^product\.odps\.yaml:.* output-port-freshness-sla .*$/m)?.[0];
      expect(onDisk, what).toContain("(or it is in a file meshkit could not read: orders.odcs.yaml; see the findings there)");
      git(dir, "add", "orders.odcs.yaml");
      // The working tree holds the good contract again: the hook reads the index.
      writeFiles(dir, { "orders.odcs.yaml": WITH_SLA });
      const hook = meshkit(["hook", "pre-commit"], dir);
      // Exit 2 for the file that does not parse, 1 for the apiVersion (an error finding), as policy-check exits.
      expect([hook.status, text(hook).match(/^product\.odps\.yaml:.* output-port-freshness-sla .*$/m)?.[0]], what).toEqual([policy.status, onDisk]);
      git(dir, "reset", "-q", "--hard");
    }
  });

  it("policy-checks the products that use a staged or deleted contract, for the findings the change gives them", () => {
    // The product has a policy finding already (no support channel): not the contract change's doing, not reported.
    const product = PRODUCT.replace(/^support: .*\n/m, "");
    const dir = committed({ "meshkit.yaml": CONFIG, "orders.odcs.yaml": WITH_SLA, "product.odps.yaml": product });
    expect(text(meshkit(["policy"], dir))).toMatch(/product\.odps\.yaml:\d+:\d+: error support-channel-declared/);
    // The staged contract drops its latency SLA: the product's port now promises no freshness.
    writeFiles(dir, { "orders.odcs.yaml": GOOD_CONTRACT });
    git(dir, "add", "orders.odcs.yaml");
    const dropped = meshkit(["hook", "pre-commit"], dir);
    expect(dropped.status).toBe(1);
    const findings = (result: { stdout: string; stderr: string }) => text(result).split("\n").filter((line) => /^\S+:\d+:\d+: (error|warning|info) /.test(line));
    expect(findings(dropped)).toEqual([expect.stringMatching(/^product\.odps\.yaml:\d+:\d+: error output-port-freshness-sla .*promises no freshness/)]);
    // The contract removed: its port names a contract that is not there.
    git(dir, "reset", "-q", "--hard");
    git(dir, "rm", "-q", "orders.odcs.yaml");
    const removed = meshkit(["hook", "pre-commit"], dir);
    expect(removed.status).toBe(1);
    expect(findings(removed)).toEqual([
      expect.stringMatching(/^product\.odps\.yaml:\d+:\d+: error output-port-freshness-sla .*is not in this repository/),
      expect.stringMatching(/^product\.odps\.yaml:\d+:\d+: warning output-port-contract /),
    ]);
    // A change that keeps the SLA: nothing on the product.
    git(dir, "reset", "-q", "--hard");
    writeFiles(dir, { "orders.odcs.yaml": WITH_SLA.replace("name: orders\n", "name: orders\ndescription: {purpose: Orders.}\n") });
    git(dir, "add", "orders.odcs.yaml");
    const kept = meshkit(["hook", "pre-commit"], dir);
    expect([kept.status, findings(kept)]).toEqual([0, []]);
  });

  it("lists a waived failure a contract change gives its product only when the product also has a finding (no second run otherwise)", () => {
    const waiver = `${CONFIG}policy:\n  waivers:\n    - rule: output-port-freshness-sla\n      document: product.odps.yaml\n      justification: batch product\n      approver: lena\n      expires: 2099-01-01\n`;
    const waivedLines = (result: { stdout: string; stderr: string }) => text(result).split("\n").filter((line) => /^\S+:\d+:\d+: waived /.test(line));
    // The staged contract drops its latency SLA; the waiver accepts the product's freshness failure: the commit
    // passes, and the product, with no finding, is not run a second time to list that waived failure.
    const clean = committed({ "meshkit.yaml": waiver, "orders.odcs.yaml": WITH_SLA, "product.odps.yaml": PRODUCT });
    writeFiles(clean, { "orders.odcs.yaml": GOOD_CONTRACT });
    git(clean, "add", "orders.odcs.yaml");
    const quiet = meshkit(["hook", "pre-commit"], clean);
    expect([quiet.status, waivedLines(quiet)]).toEqual([0, []]);
    expect(text(quiet)).not.toContain("output-port-freshness-sla");
    // The product has a finding (no support channel, from before): the hook compares it with the commit before,
    // and lists the waived failure the change gives it, not the finding it already had.
    const unsupported = committed({ "meshkit.yaml": waiver, "orders.odcs.yaml": WITH_SLA, "product.odps.yaml": PRODUCT.replace(/^support: .*\n/m, "") });
    writeFiles(unsupported, { "orders.odcs.yaml": GOOD_CONTRACT });
    git(unsupported, "add", "orders.odcs.yaml");
    const listed = meshkit(["hook", "pre-commit"], unsupported);
    expect([listed.status, waivedLines(listed)]).toEqual([0, [expect.stringMatching(/^product\.odps\.yaml:\d+:\d+: waived output-port-freshness-sla .*\(waived by lena until 2099-01-01: batch product\)/)]]);
    expect(text(listed)).not.toContain("support-channel-declared");
  });

  it("checks a file whose type changed (a link made a file)", () => {
    const dir = domainRepo({ "real.yaml": GOOD_CONTRACT });
    symlinkSync("real.yaml", join(dir, "orders.odcs.yaml"));
    git(dir, "add", ".");
    expect(git(dir, "commit", "-q", "--no-verify", "-m", "base").status).toBe(0);
    rmSync(join(dir, "orders.odcs.yaml"));
    writeFiles(dir, { "orders.odcs.yaml": BROKEN_CONTRACT.replace("5b2f7c1e-orders", "other") });
    git(dir, "add", "orders.odcs.yaml");
    expect(git(dir, "diff", "--cached", "--name-status").stdout).toMatch(/^T\torders\.odcs\.yaml/);
    const result = meshkit(["hook", "pre-commit"], dir);
    expect([result.status, text(result)]).toEqual([1, expect.stringContaining("orders.odcs.yaml:5:10: error semver-version")]);
  });

  it("follows a staged symbolic link as lint does: to the target's index version, else the disk; a dangling one is reported", () => {
    const dir = domainRepo({ "shared/real.yaml.txt": GOOD_CONTRACT });
    git(dir, "add", "shared");
    writeFiles(dir, { "shared/real.yaml.txt": BROKEN_CONTRACT }); // unstaged: the index's version counts
    writeFiles(dir, { "contracts/.keep": "" });
    symlinkSync("../shared/real.yaml.txt", join(dir, "contracts/x.odcs.yaml"));
    git(dir, "add", "contracts/x.odcs.yaml");
    const linked = meshkit(["hook", "pre-commit"], dir);
    expect([linked.status, text(linked)]).toEqual([0, expect.stringContaining("no problems in 1 file")]);
    // Not in the index (outside the repository, say): the file on disk.
    git(dir, "rm", "-q", "-f", "--cached", "shared/real.yaml.txt");
    const fromDisk = meshkit(["hook", "pre-commit"], dir);
    expect([fromDisk.status, text(fromDisk)]).toEqual([1, expect.stringContaining("contracts/x.odcs.yaml:5:10: error semver-version")]);
    rmSync(join(dir, "shared/real.yaml.txt"));
    const dangling = meshkit(["hook", "pre-commit"], dir);
    expect([dangling.status, text(dangling)]).toEqual([2, expect.stringContaining("contracts/x.odcs.yaml:1:1: error file-unreadable No such file or directory")]);
  });

  it("reports staged link loops (a document's, meshkit.yaml's) as lint does, not as an internal error", () => {
    const dir = committed({ "contracts/.keep": "" });
    symlinkSync("y.odcs.yaml", join(dir, "contracts/x.odcs.yaml"));
    symlinkSync("x.odcs.yaml", join(dir, "contracts/y.odcs.yaml"));
    git(dir, "add", "contracts");
    const documents = meshkit(["hook", "pre-commit"], dir);
    expect([documents.status, text(documents)]).toEqual([2, expect.stringContaining("contracts/x.odcs.yaml:1:1: error file-unreadable A symbolic link loop (ELOOP)")]);
    git(dir, "rm", "-q", "--cached", "contracts/x.odcs.yaml", "contracts/y.odcs.yaml");
    writeFiles(dir, { "orders.odcs.yaml": GOOD_CONTRACT });
    symlinkSync("meshkit.yml", join(dir, "meshkit.yaml"));
    symlinkSync("meshkit.yaml", join(dir, "meshkit.yml"));
    git(dir, "add", "orders.odcs.yaml", "meshkit.yaml", "meshkit.yml");
    const config = meshkit(["hook", "pre-commit"], dir);
    expect([config.status, text(config)]).toEqual([2, expect.stringContaining("meshkit.yaml:1:1: error file-unreadable A symbolic link loop (ELOOP)")]);
  });

  it("follows an absolute link that reaches the repository through a linked folder to the target's index version", () => {
    const dir = domainRepo({ "shared/real.yaml.txt": GOOD_CONTRACT });
    git(dir, "add", "shared");
    writeFiles(dir, { "shared/real.yaml.txt": BROKEN_CONTRACT, "contracts/.keep": "" }); // unstaged: the index's version counts
    const link = join(tempDir("link-to-repo"), "repo");
    symlinkSync(dir, link);
    symlinkSync(join(link, "shared/real.yaml.txt"), join(dir, "contracts/x.odcs.yaml"));
    git(dir, "add", "contracts/x.odcs.yaml");
    const linked = meshkit(["hook", "pre-commit"], dir);
    expect([linked.status, text(linked)]).toEqual([0, expect.stringContaining("no problems in 1 file")]);
  });

  it("takes a link to a project document and that document for one file, as lint does: no duplicate of its own id", () => {
    const dir = committed({ "contracts/orders.odcs.yaml": GOOD_CONTRACT });
    symlinkSync("contracts/orders.odcs.yaml", join(dir, "orders.yaml"));
    expect(meshkit(["lint"], dir).status).toBe(0);
    // A link staged beside the committed file it leads to.
    git(dir, "add", "orders.yaml");
    const linked = meshkit(["hook", "pre-commit"], dir);
    expect([linked.status, text(linked)]).toEqual([0, expect.stringContaining("no problems in 1 file")]);
    // The file staged, with a committed link to it in the project.
    expect(git(dir, "commit", "-q", "--no-verify", "-m", "link").status).toBe(0);
    writeFiles(dir, { "contracts/orders.odcs.yaml": `${GOOD_CONTRACT}# edited\n` });
    git(dir, "add", "contracts/orders.odcs.yaml");
    const edited = meshkit(["hook", "pre-commit"], dir);
    expect([edited.status, text(edited)]).toEqual([0, expect.stringContaining("no problems in 1 file")]);
    // Both staged: the file is checked, under its own name, once.
    writeFiles(dir, { "contracts/orders.odcs.yaml": BROKEN_CONTRACT });
    rmSync(join(dir, "orders.yaml"));
    symlinkSync("./contracts/orders.odcs.yaml", join(dir, "orders.yaml"));
    git(dir, "add", ".");
    const both = meshkit(["hook", "pre-commit"], dir);
    expect(both.status).toBe(1);
    expect(text(both).match(/^\S+:\d+:\d+: error semver-version/gm)).toEqual(["contracts/orders.odcs.yaml:5:10: error semver-version"]);
    expect(text(both)).not.toContain("unique-document-id");
  });

  it("skips a staged link to a folder, as lint's walk takes it for a folder; a broken config is counted as the file it is", () => {
    const dir = committed({ "meshkit.yaml": CONFIG, "folder/.keep": "" });
    symlinkSync("folder", join(dir, "dir.yaml"));
    git(dir, "add", "dir.yaml");
    const skipped = meshkit(["hook", "pre-commit"], dir);
    expect([skipped.status, text(skipped)]).toEqual([0, ""]);
    expect(meshkit(["lint"], dir).status).toBe(0);
    writeFiles(dir, { "meshkit.yaml": `${CONFIG}lnit: {}\n`, "orders.yaml": GOOD_CONTRACT });
    git(dir, "add", ".");
    const broken = meshkit(["hook", "pre-commit"], dir);
    expect([broken.status, text(broken)]).toEqual([2, expect.stringMatching(/config-invalid[\s\S]*in 1 file/)]);
  });

  it("skips a staged binary or huge file not named as a document, as lint's folder walk does", () => {
    const dir = committed({ "meshkit.yaml": CONFIG });
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]);
    writeFiles(dir, { "products/x/logo.yaml": png, "products/x/sample_rows.yaml": "- {a: 1}\n".repeat(4 * 1024 * 1024) });
    git(dir, "add", ".");
    const skipped = meshkit(["hook", "pre-commit"], dir);
    expect([skipped.status, text(skipped)]).toEqual([0, ""]);
    expect(meshkit(["lint"], dir).status).toBe(0);
    // Named as a document, it is reported, by lint and the hook alike.
    git(dir, "mv", "products/x/logo.yaml", "products/x/logo.odcs.yaml");
    const named = meshkit(["hook", "pre-commit"], dir);
    expect([named.status, text(named)]).toEqual([2, expect.stringContaining("products/x/logo.odcs.yaml:1:1: error file-not-text")]);
    expect(meshkit(["lint"], dir).status).toBe(2);
  });

  it("refuses a staged contract that is not UTF-8 (Windows-1252, UTF-16) though not named as one, as lint's folder walk reports it", () => {
    const dir = committed({ "meshkit.yaml": CONFIG });
    writeFiles(dir, {
      "products/x/latin1.yaml": Buffer.from(GOOD_CONTRACT.replace("apiVersion", "# café\napiVersion"), "latin1"),
      "products/x/utf16.yaml": Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(GOOD_CONTRACT.replace(/id: .*/, "id: other"), "utf16le")]),
    });
    git(dir, "add", ".");
    const refused = meshkit(["hook", "pre-commit"], dir);
    expect(refused.status).toBe(2);
    expect(text(refused).match(/^\S+: error file-not-text/gm)).toEqual(["products/x/latin1.yaml:1:6: error file-not-text", "products/x/utf16.yaml:1:1: error file-not-text"]);
    expect(meshkit(["lint"], dir).status).toBe(2);
  });

  it("leaves a committed project file over 10 MiB unread, as lint leaves it unparsed: sample rows, or a contract too large to read", () => {
    const huge = `${GOOD_CONTRACT}# ${"x".repeat(11 * 1024 * 1024)}\n`; // the same id as the staged contract, if it could be read
    const dir = committed({ "meshkit.yaml": CONFIG, "products/x/sample_rows.yaml": "- {a: 1}\n".repeat(2 * 1024 * 1024), "products/x/huge.yaml": huge });
    writeFiles(dir, { "products/x/orders.odcs.yaml": WITH_SLA });
    git(dir, "add", ".");
    const result = meshkit(["hook", "pre-commit"], dir);
    expect([result.status, text(result)]).toEqual([0, expect.stringContaining("no problems in 1 file")]);
    expect(text(meshkit(["lint"], dir))).not.toContain("duplicate");
  });

  it("checks a staged document whose name holds a line break, as lint checks it on disk (read by object id, not by name)", () => {
    const dir = committed({ "meshkit.yaml": CONFIG });
    writeFiles(dir, { "odd\nname.yaml": BROKEN_CONTRACT, "new\nfolder/orders.yaml": BROKEN_CONTRACT.replace(/^id: .*$/m, "id: 3a1f0c9e-5b2d-4e6f-8a7b-9c0d1e2f3a4b") });
    git(dir, "add", ".");
    const result = meshkit(["hook", "pre-commit", "--format", "json"], dir);
    expect(result.status).toBe(1);
    const files = new Set((JSON.parse(result.stdout) as { findings: { file: string; severity: string }[] }).findings.filter((f) => f.severity === "error").map((f) => f.file));
    expect([...files].sort()).toEqual(["new\nfolder/orders.yaml", "odd\nname.yaml"]);
    expect(result.stderr).not.toContain("was not checked");
    // Fixed (the index holds a good version; the working tree keeps the broken one): the commit goes through.
    writeFiles(dir, { "good\nname.yaml": GOOD_CONTRACT });
    git(dir, "rm", "-q", "--cached", "odd\nname.yaml", "new\nfolder/orders.yaml");
    git(dir, "add", "good\nname.yaml");
    expect(meshkit(["hook", "pre-commit"], dir).status).toBe(0);
  });

  it("checks each of two staged names that are not UTF-8 and differ only there, naming them as git quotes them", () => {
    const dir = committed({ "meshkit.yaml": CONFIG });
    // Windows-1252 names, `cafè` and `café`: decoded as UTF-8, both were `caf\ufffd.odcs.yaml`, one path, and the
    // hook checked one of the two files (the good one here) and passed the broken one unseen.
    const name = (byte: number) => Buffer.concat([Buffer.from("caf"), Buffer.from([byte]), Buffer.from(".odcs.yaml")]);
    writeFileSync(Buffer.concat([Buffer.from(`${dir}/`), name(0xe8)]), BROKEN_CONTRACT);
    writeFileSync(Buffer.concat([Buffer.from(`${dir}/`), name(0xe9)]), GOOD_CONTRACT.replace(/^id: .*$/m, "id: 3a1f0c9e-5b2d-4e6f-8a7b-9c0d1e2f3a4b"));
    git(dir, "add", ".");
    const result = meshkit(["hook", "pre-commit", "--format", "json"], dir);
    const report = JSON.parse(result.stdout) as { summary: { files: number }; findings: { file: string; severity: string }[] };
    expect([result.status, report.summary.files, [...new Set(report.findings.filter((f) => f.severity === "error").map((f) => f.file))]]).toEqual([1, 2, ["caf\\350.odcs.yaml"]]);
  });
});

describe("the pre-merge-commit hook", () => {
  it("is installed, and refuses a merge commit that brings a broken contract", () => {
    const dir = domainRepo();
    expect(meshkit(["hooks", "install"], dir).status).toBe(0);
    expect(readFileSync(join(dir, ".husky/pre-merge-commit"), "utf8")).toContain("meshkit hook pre-merge-commit");
    git(dir, "add", ".");
    expect(git(dir, "commit", "-q", "-m", "base").status).toBe(0);
    git(dir, "switch", "-q", "-c", "feature");
    writeFiles(dir, { "orders.yaml": BROKEN_CONTRACT });
    git(dir, "add", "orders.yaml");
    expect(git(dir, "commit", "-q", "--no-verify", "-m", "broken").status).toBe(0);
    git(dir, "switch", "-q", "main");
    writeFiles(dir, { "README.md": "# sales\n" });
    git(dir, "add", "README.md");
    expect(git(dir, "commit", "-q", "-m", "readme").status).toBe(0);
    const merge = git(dir, "merge", "--no-edit", "feature");
    expect(merge.status).not.toBe(0);
    expect(text(merge)).toContain("orders.yaml:5:10: error semver-version");
    expect(meshkit(["hook", "pre-merge-commit", "x"], dir).stderr).toContain("hook pre-merge-commit takes no arguments");
    // The way on it names is git's for a refused merge: the merge is still in progress, and `git commit` concludes it
    // (`git merge --no-verify` run again would stop at "You have not concluded your merge").
    expect(text(merge)).toContain("meshkit: merge refused: the merge is still in progress; fix the findings above and `git add` them, then `git commit` concludes it (`git commit --no-verify` to skip this check, `git merge --abort` to give it up); CI checks again.");
    expect(git(dir, "merge", "--no-verify", "--no-edit", "feature").status).not.toBe(0);
    expect(git(dir, "commit", "-q", "--no-verify", "--no-edit").status).toBe(0);
    expect(git(dir, "rev-parse", "-q", "--verify", "HEAD^2").status).toBe(0);
  });
});

describe("meshkit hooks install, odd setups", () => {
  it("works in a repository whose folder name ends in a space", () => {
    const dir = join(tempDir("trailing-space"), "sales ");
    writeFiles(dir, { "package.json": '{"name": "sales"}\n', ".gitignore": "node_modules/\n", "node_modules/.bin/.keep": "" });
    symlinkSync(join(REPO_ROOT, "packages/cli/bin/meshkit.js"), join(dir, "node_modules/.bin/meshkit"));
    git(dir, "init", "-q", "-b", "main");
    const installed = meshkit(["hooks", "install"], dir);
    expect([installed.status, installed.stderr]).toEqual([0, ""]);
    writeFiles(dir, { "orders.yaml": BROKEN_CONTRACT });
    git(dir, "add", "orders.yaml");
    const refused = git(dir, "commit", "-m", "broken");
    expect(refused.status).not.toBe(0);
    expect(text(refused)).toContain("orders.yaml:5:10: error semver-version");
  });

  it("adds its lines through a linked .husky/pre-commit (a team's shared hook), which stays a link and keeps its mode", () => {
    const dir = domainRepo({ "scripts/hooks/pre-commit": "#!/bin/sh\nnpm run format:check\n" });
    chmodSync(join(dir, "scripts/hooks/pre-commit"), 0o755);
    writeFiles(dir, { ".husky/.keep": "" });
    symlinkSync("../scripts/hooks/pre-commit", join(dir, ".husky/pre-commit"));
    const installed = meshkit(["hooks", "install"], dir);
    expect([installed.status, installed.stderr]).toEqual([0, ""]);
    expect(lstatSync(join(dir, ".husky/pre-commit")).isSymbolicLink()).toBe(true);
    const shared = readFileSync(join(dir, "scripts/hooks/pre-commit"), "utf8");
    expect(shared).toMatch(/^#!\/bin\/sh\nnpm run format:check\n/);
    expect(shared).toContain("meshkit hook pre-commit");
    expect(statSync(join(dir, "scripts/hooks/pre-commit")).mode & 0o777).toBe(0o755);
  });

  it("takes an absolute core.hooksPath naming its own .husky/_ as its own, and names every hook when refusing another manager's", () => {
    const dir = domainRepo();
    git(dir, "config", "core.hooksPath", join(dir, ".husky/_"));
    expect(meshkit(["hooks", "install"], dir).status).toBe(0);
    git(dir, "config", "core.hooksPath", join(dir, ".githooks"));
    const refused = meshkit(["hooks", "install"], dir);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/meshkit hook pre-commit.*meshkit hook pre-merge-commit.*meshkit hook pre-push/);
  });
});

describe("the pre-push hook, per project", () => {
  /** A repository of `files` with the hooks installed, committed and pushed (unchecked) to a new bare `origin`. */
  function pushedRepository(files: Record<string, string>): string {
    const dir = domainRepo(files);
    const upstream = tempDir("upstream");
    git(upstream, "init", "-q", "--bare", "-b", "main");
    git(dir, "remote", "add", "origin", upstream);
    expect(meshkit(["hooks", "install"], dir).status).toBe(0);
    git(dir, "add", ".");
    expect(git(dir, "commit", "-q", "--no-verify", "-m", "base").status).toBe(0);
    const first = git(dir, "push", "-q", "--no-verify", "-u", "origin", "main");
    expect(first.status, text(first)).toBe(0);
    return dir;
  }

  const withoutAmount = GOOD_CONTRACT.replace("      - name: amount\n        logicalType: number\n", "").replace("version: 1.0.0", "version: 1.1.0");

  it("judges each project with its own meshkit.yaml, and duplicate ids only within a project", () => {
    // The same contract in two projects: no duplicate. Project a accepts any change (mode none); b is forward.
    const dir = pushedRepository({
      "domains/a/meshkit.yaml": `${CONFIG}compat:\n  mode: none\n`,
      "domains/b/meshkit.yaml": CONFIG,
      "domains/a/orders.yaml": GOOD_CONTRACT,
      "domains/b/orders.yaml": GOOD_CONTRACT,
    });

    // Compared with the remote from here on: one top-level run would call the two contracts duplicates.
    writeFiles(dir, { "domains/a/orders.yaml": withoutAmount });
    git(dir, "commit", "-q", "--no-verify", "-am", "a drops amount");
    const accepted = git(dir, "push", "-q", "origin", "main");
    expect(accepted.status, text(accepted)).toBe(0);

    writeFiles(dir, { "domains/b/orders.yaml": withoutAmount });
    git(dir, "commit", "-q", "--no-verify", "-am", "b drops amount");
    const refused = git(dir, "push", "-q", "origin", "main");
    expect(refused.status).not.toBe(0);
    expect(text(refused)).toContain("domains/b/orders.yaml:5:10: error version-bump");
    // Where the removed property was: named as the finding's own file is, from the top (not `orders.yaml:…`, the project's view).
    expect(text(refused)).toMatch(/domains\/b\/orders\.yaml:\d+:\d+: warning property-removed-\w+ .*\(was at domains\/b\/orders\.yaml:\d+ in [0-9a-f]{40}\)/);
    expect(text(refused)).not.toContain("domains/a/");
  });

  it("run by hand in a project's folder, names --config from there, as every command does", () => {
    const dir = pushedRepository({ "domains/b/meshkit.yaml": CONFIG, "domains/b/lenient.yaml": `${CONFIG}compat:\n  mode: none\n`, "domains/b/orders.yaml": GOOD_CONTRACT });
    writeFiles(dir, { "domains/b/orders.yaml": withoutAmount });
    git(dir, "commit", "-q", "--no-verify", "-am", "b drops amount");
    const refs = (head: string, remote: string) => `refs/heads/main ${head} refs/heads/main ${remote}\n`;
    const input = refs(git(dir, "rev-parse", "HEAD").stdout.trim(), git(dir, "rev-parse", "origin/main").stdout.trim());
    const run = spawnSync(process.execPath, [CLI, "hook", "pre-push", "origin", "--config", "lenient.yaml"], { cwd: join(dir, "domains/b"), input, encoding: "utf8", env: { ...process.env, NO_COLOR: "1", GITHUB_ACTIONS: "" } });
    // mode none: the removed column needs no major version.
    expect([run.status, run.stderr]).toEqual([0, ""]);
    expect(run.stdout).not.toContain("version-bump");
  });

  it("refuses a breaking change pushed with its project's folder renamed: the contract is followed to its old folder, not new", () => {
    const dir = pushedRepository({ "domains/sales/meshkit.yaml": CONFIG, "domains/sales/orders.yaml": GOOD_CONTRACT });
    git(dir, "mv", "domains/sales", "domains/sales_eu");
    writeFiles(dir, { "domains/sales_eu/orders.yaml": withoutAmount });
    git(dir, "commit", "-q", "--no-verify", "-am", "sales becomes sales_eu, without amount");
    const refused = git(dir, "push", "-q", "origin", "main");
    expect(refused.status, text(refused)).toBe(1);
    expect(text(refused)).toContain("domains/sales_eu/orders.yaml:5:10: error version-bump");
    expect(text(refused)).not.toContain("contract-added");
  });

  it("compares no project the push changes no file of: another project's standing duplicate id refuses no push, its own push still is", () => {
    // domains/b's duplicate id was pushed with --no-verify.
    const dir = pushedRepository({
      "domains/a/meshkit.yaml": CONFIG,
      "domains/b/meshkit.yaml": CONFIG,
      "domains/a/orders.yaml": GOOD_CONTRACT,
      "domains/b/orders.yaml": GOOD_CONTRACT,
      "domains/b/orders-copy.yaml": GOOD_CONTRACT,
    });

    writeFiles(dir, { "domains/a/orders.yaml": GOOD_CONTRACT.replace("version: 1.0.0", "version: 1.0.1") });
    git(dir, "commit", "-q", "--no-verify", "-am", "a 1.0.1");
    const accepted = git(dir, "push", "origin", "main");
    expect([accepted.status, text(accepted)]).toEqual([0, expect.stringContaining("0 errors, 0 warnings, 1 info in 1 file")]);
    expect(text(accepted)).not.toContain("domains/b/");
    // A push that changes no project at all compares nothing, and says no green line for it.
    writeFiles(dir, { "README.md": "sales and finance\n" });
    git(dir, "add", ".");
    git(dir, "commit", "-q", "--no-verify", "-m", "readme");
    const readme = git(dir, "push", "origin", "main");
    expect([readme.status, text(readme)]).toEqual([0, expect.not.stringContaining("no problems")]);

    writeFiles(dir, { "domains/b/orders.yaml": GOOD_CONTRACT.replace("version: 1.0.0", "version: 1.0.1") });
    git(dir, "commit", "-q", "--no-verify", "-am", "b 1.0.1");
    const refused = git(dir, "push", "origin", "main");
    expect([refused.status, text(refused)]).toEqual([1, expect.stringContaining("compat-duplicate-id")]);
  });

  it("says a subfolder project's transitive mode has no release tags to compare with (a finding about the repository, at its top)", () => {
    const dir = pushedRepository({ "domains/b/meshkit.yaml": `${CONFIG}compat:\n  mode: forward-transitive\n`, "domains/b/orders.yaml": GOOD_CONTRACT });
    writeFiles(dir, { "domains/b/orders.yaml": GOOD_CONTRACT.replace("version: 1.0.0", "version: 1.0.1") });
    git(dir, "commit", "-q", "--no-verify", "-am", "patch");
    const pushed = git(dir, "push", "-q", "origin", "main");
    // A warning: the push goes; the file is `.`, the top, as the hook names files from there (not the project's `..`).
    expect(pushed.status, text(pushed)).toBe(0);
    expect(text(pushed)).toMatch(/^\.:1:1: warning compat-history-incomplete forward-transitive compares with every earlier release/m);
  });

  it("leaves a project the pushed branch adds to CI when another branch is checked out (no failed push)", () => {
    const dir = pushedRepository({ "domains/a/meshkit.yaml": CONFIG, "domains/a/orders.yaml": GOOD_CONTRACT });
    git(dir, "switch", "-q", "-c", "feat");
    writeFiles(dir, { "domains/x/meshkit.yaml": CONFIG, "domains/x/orders.yaml": GOOD_CONTRACT.replace("5b2f7c1e-orders", "x-orders") });
    git(dir, "add", ".");
    expect(git(dir, "commit", "-q", "--no-verify", "-m", "x").status).toBe(0);
    git(dir, "switch", "-q", "main");
    const pushed = git(dir, "push", "-q", "origin", "feat");
    expect(pushed.status, text(pushed)).toBe(0);
    expect(text(pushed)).toContain("domains/x (a project of refs/heads/feat) is not in the working tree; its schema-compat runs in CI");
  });

  it("judges a project in a subfolder when pushed from a linked worktree (git sets GIT_DIR for its hooks)", () => {
    const dir = pushedRepository({ "domains/sales/meshkit.yaml": `${CONFIG}files:\n  include: ["contracts/**/*.yaml"]\n`, "domains/sales/contracts/orders.yaml": GOOD_CONTRACT });
    const worktree = join(tempDir("worktree"), "wt");
    expect(git(dir, "worktree", "add", "-q", "-b", "drop-amount", worktree).status).toBe(0);
    // What `npm install` in the worktree gives it (see hooks/README): husky's folder and meshkit.
    cpSync(join(dir, ".husky/_"), join(worktree, ".husky/_"), { recursive: true });
    cpSync(join(dir, "node_modules"), join(worktree, "node_modules"), { recursive: true, verbatimSymlinks: true });
    writeFiles(worktree, { "domains/sales/contracts/orders.yaml": withoutAmount });
    git(worktree, "commit", "-q", "--no-verify", "-am", "drop amount");
    const refused = git(worktree, "push", "-q", "origin", "drop-amount");
    expect(refused.status, text(refused)).not.toBe(0);
    expect(text(refused)).toContain("domains/sales/contracts/orders.yaml:5:10: error version-bump");
  });

  it("says nothing is compared, and no green line, for a new branch pushed to a URL", () => {
    const dir = committed({ "orders.yaml": GOOD_CONTRACT });
    const upstream = tempDir("upstream");
    git(upstream, "init", "-q", "--bare", "-b", "main");
    expect(meshkit(["hooks", "install"], dir).status).toBe(0);
    const pushed = git(dir, "push", upstream, "main:feature");
    expect(pushed.status, text(pushed)).toBe(0);
    expect(text(pushed)).toContain("has no upstream to compare with");
    expect(text(pushed)).not.toContain("no problems");
  });

  it("says how to let it compare a new branch when the clone knows none of the remote's default branch names", () => {
    const dir = committed({ "orders.yaml": GOOD_CONTRACT });
    const upstream = tempDir("upstream");
    git(upstream, "init", "-q", "--bare", "-b", "trunk");
    // A `trunk` team's `git remote add` (no origin/HEAD), whatever the machine's own init.defaultBranch.
    git(dir, "config", "init.defaultBranch", "main");
    git(dir, "remote", "add", "origin", upstream);
    expect(git(dir, "push", "-q", "--no-verify", "origin", "HEAD:trunk").status).toBe(0);
    expect(meshkit(["hooks", "install"], dir).status).toBe(0);
    writeFiles(dir, { "orders.yaml": withoutAmount });
    git(dir, "commit", "-q", "--no-verify", "-am", "drop amount");
    const pushed = git(dir, "push", "origin", "HEAD:refs/heads/feature");
    expect(pushed.status, text(pushed)).toBe(0);
    expect(text(pushed)).toContain("has no upstream to compare with; schema-compat will run in CI.");
    expect(text(pushed)).toContain("origin's default branch is not known here (no origin/HEAD, main or master; init.defaultBranch is main): run `git remote set-head origin --auto`");
    // Said of the remote, once a push: not again for each new branch and tag beside it.
    git(dir, "tag", "v1");
    const several = git(dir, "push", "origin", "HEAD:refs/heads/other", "HEAD:refs/heads/third", "v1");
    expect(several.status, text(several)).toBe(0);
    expect(text(several).match(/has no upstream to compare with/g)).toHaveLength(3);
    expect(text(several).match(/origin's default branch is not known here/g)).toHaveLength(1);
  });
});

/** Runs `run` with the PATH git gives a hook outside npm: without the node_modules/.bin folders vitest's npx put on it. */
function withoutNodeModulesOnPath<T>(run: () => T): T {
  const path = process.env.PATH;
  process.env.PATH = (path ?? "").split(":").filter((dir) => !dir.includes("node_modules")).join(":");
  try {
    return run();
  } finally {
    process.env.PATH = path;
  }
}
