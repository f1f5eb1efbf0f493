#!/usr/bin/env node
// Cuts a meshkit release: builds every action's bundle, makes a release commit that holds the bundles
// (actions/*/dist, git-ignored on main) on top of HEAD, tags it with the immutable vX.Y.Z and moves
// the major tag vX to it, then pushes both tags. The release commit is on no branch: main never gets
// a bundle, so its history and the build cache stay clean; `uses: meshkit/meshkit/actions/<name>@v1`
// resolves to the release commit through the tag.
//
// Usage, from a clean checkout of the commit to release (normally main after the "Version Packages"
// pull request of changesets was merged):
//
//   node scripts/release.mjs [--dry-run] [--remote <name|url>] [--if-new] [--prebuilt <checkout>]
//
//   --dry-run            make the release commit and the tags locally, push nothing (undo: see its output)
//   --remote <name|url>  where to push the tags (default: origin); any git remote, e.g. a scratch bare
//                        repository when testing the script
//   --if-new             when vX.Y.Z exists already, say so and exit 0 (CI on every push to main);
//                        without it, an existing vX.Y.Z is refused with exit code 1
//   --prebuilt <dir>     take actions/*/dist from another checkout's build instead of building here
//                        (tests; the bundles build reproducibly, see scripts/check-bundles.mjs)
//
// The version is the one version line of changesets' fixed group (.changeset/config.json): every
// packages/*/package.json and actions/*/package.json must carry it. vX.Y.Z is never moved or replaced:
// a release that finds it (here or on the remote) stops. vX moves only forward: a patch of an older
// line (v1.2.4 after v1.3.0) leaves v1 where it is; a prerelease (v2.0.0-rc.1) never moves v2.
//
// Exit codes: 0 released (or nothing to do with --if-new), 1 refused (tag exists, versions differ,
// uncommitted changes), 2 could not run (bad arguments, build failed, git failed).
import { execFileSync, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, existsSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";

class Refusal extends Error {}
class Failure extends Error {}

function main() {
  let options;
  try {
    ({ values: options } = parseArgs({
      options: {
        "dry-run": { type: "boolean", default: false },
        remote: { type: "string", default: "origin" },
        "if-new": { type: "boolean", default: false },
        prebuilt: { type: "string" },
        help: { type: "boolean", short: "h", default: false },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new Failure(`${error.message}; see node scripts/release.mjs --help`);
  }
  if (options.help) {
    console.log(readFileSync(new URL(import.meta.url), "utf8").split("\n").filter((l) => l.startsWith("//")).map((l) => l.replace(/^\/\/ ?/, "")).join("\n"));
    return 0;
  }
  const dryRun = options["dry-run"];
  const root = git(["rev-parse", "--show-toplevel"], process.cwd());
  const head = git(["rev-parse", "--verify", "HEAD^{commit}"], root);
  const branch = gitMaybe(["symbolic-ref", "--short", "-q", "HEAD"], root) ?? "(detached HEAD)";

  const version = sharedVersion(root);
  const tag = `v${version}`;
  const major = `v${version.split(".")[0]}`;
  const prerelease = version.includes("-");

  const dirty = git(["status", "--porcelain", "--untracked-files=no"], root);
  if (dirty) throw new Refusal(`uncommitted changes in tracked files; a release is built from a commit:\n${dirty}`);

  const remote = remoteOf(root, options.remote);
  const existing = localTag(root, tag) ?? (remote.reachable ? remote.tags.get(tag) : undefined);
  if (existing) {
    if (options["if-new"]) {
      log(`${tag} is released already (${existing.slice(0, 12)}); nothing to do`);
      return 0;
    }
    throw new Refusal(`${tag} exists already (${existing.slice(0, 12)}): release tags are immutable. Version the next release with a changeset (npm run changeset, then changeset version)`);
  }
  if (!remote.reachable && !dryRun) throw new Failure(`cannot reach the remote ${options.remote}: ${remote.problem}`);
  if (!remote.reachable) log(`remote ${options.remote} not reachable (${remote.problem}); checked local tags only (dry run)`);

  const actions = actionDirs(root);
  for (const action of actions) {
    const tracked = git(["ls-tree", "-r", "--name-only", "HEAD", "--", `actions/${action.name}/dist`], root);
    if (tracked) throw new Refusal(`actions/${action.name}/dist is committed on ${branch}; bundles belong in release commits only (git rm -r --cached actions/${action.name}/dist)`);
  }
  const pending = pendingChangesets(root);
  if (pending.length > 0) log(`note: ${pending.length} changeset(s) not yet versioned (${pending.join(", ")}); they are not part of ${tag}`);

  log(`releasing ${tag} from ${head.slice(0, 12)} (${branch})${dryRun ? ", dry run" : ""}`);
  if (options.prebuilt) copyPrebuilt(resolve(options.prebuilt), root, actions);
  else build(root);

  const bundles = actions.map((action) => {
    const file = join(root, "actions", action.name, action.main);
    if (!existsSync(file)) throw new Failure(`actions/${action.name}/${action.main} (runs.main of its action.yml) was not built`);
    return { ...action, sha256: createHash("sha256").update(readFileSync(file)).digest("hex") };
  });

  // The release tree: HEAD's tree plus the bundles, staged in a temporary index (the real index, the
  // working tree and every branch stay as they are).
  const index = join(tmpdir(), `meshkit-release-index-${process.pid}-${Date.now()}`);
  let tree;
  try {
    const env = { GIT_INDEX_FILE: index };
    git(["read-tree", head], root, { env });
    git(["add", "--force", "--", ...actions.map((a) => `actions/${a.name}/dist`)], root, { env });
    tree = git(["write-tree"], root, { env });
  } finally {
    rmSync(index, { force: true });
  }
  const message = [
    `meshkit ${tag}`,
    "",
    `The sources of ${head} plus the bundle of every action (actions/*/dist), which`,
    "is built by scripts/release.mjs and committed only here, never on main.",
    "",
    ...bundles.map((b) => `${`actions/${b.name}/${b.main}`.padEnd(40)} sha256 ${b.sha256}`),
    "",
  ].join("\n");
  const commit = git(["commit-tree", tree, "-p", head, "-F", "-"], root, { input: message });

  git(["tag", "--annotate", "--message", `meshkit ${tag}`, tag, commit], root);
  const moveMajor = !prerelease && isNewestOfMajor(version, [...localTags(root, major), ...(remote.reachable ? [...remote.tags.keys()] : [])]);
  const previousMajor = localTag(root, major);
  if (moveMajor) git(["tag", "--force", "--annotate", "--message", `meshkit ${major} -> ${tag}`, major, commit], root);

  log(`release commit ${commit} (tree ${tree}), parent ${head}`);
  for (const b of bundles) log(`  actions/${b.name}/${b.main}  sha256 ${b.sha256}`);
  log(`tag ${tag} -> ${commit.slice(0, 12)}`);
  log(moveMajor ? `tag ${major} -> ${commit.slice(0, 12)}${previousMajor ? ` (was ${previousMajor.slice(0, 12)})` : ""}` : `tag ${major} stays: ${prerelease ? `${tag} is a prerelease` : `a newer ${major}.x release exists`}`);

  const refs = [`refs/tags/${tag}`, ...(moveMajor ? [`+refs/tags/${major}`] : [])];
  if (dryRun) {
    log(`dry run: nothing pushed. Would run: git push --atomic ${options.remote} ${refs.join(" ")}`);
    log(`undo: git tag -d ${tag}${moveMajor ? previousMajor ? ` && git tag -f ${major} ${previousMajor}` : ` ${major}` : ""}`);
    return 0;
  }
  // vX.Y.Z is pushed without force (the remote refuses it if it appeared meanwhile); vX with force. Atomic:
  // either both tags move or neither does.
  git(["push", "--atomic", options.remote, ...refs], root, { stdio: "inherit" });
  log(`pushed ${refs.map((r) => r.replace(/^\+?refs\/tags\//, "")).join(" and ")} to ${options.remote}`);
  return 0;
}

/** The version every package of the fixed group carries. */
function sharedVersion(root) {
  const versions = new Map();
  for (const top of ["packages", "actions"]) {
    const dir = join(root, top);
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir).sort()) {
      const file = join(dir, name, "package.json");
      if (!existsSync(file)) continue;
      const pkg = JSON.parse(readFileSync(file, "utf8"));
      const list = versions.get(pkg.version) ?? [];
      list.push(pkg.name ?? `${top}/${name}`);
      versions.set(pkg.version, list);
    }
  }
  if (versions.size === 0) throw new Failure("no packages/*/package.json or actions/*/package.json");
  if (versions.size > 1) {
    const lines = [...versions].map(([v, names]) => `  ${v}: ${names.join(", ")}`).join("\n");
    throw new Refusal(`the packages do not share one version (changesets' fixed group keeps them together; run npx changeset version):\n${lines}`);
  }
  const [version] = versions.keys();
  if (!/^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/.test(version ?? "")) throw new Refusal(`version ${version} is not X.Y.Z`);
  return version;
}

/** actions/<name>/ with an action.yml, and its runs.main. */
function actionDirs(root) {
  const dir = join(root, "actions");
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(dir, d.name, "action.yml")))
    .map((d) => {
      const text = readFileSync(join(dir, d.name, "action.yml"), "utf8");
      const main = /^runs:\s*\n(?:[ \t]+.*\n)*?[ \t]+main:[ \t]*['"]?([^'"\s#]+)/m.exec(text)?.[1];
      if (!main) throw new Failure(`actions/${d.name}/action.yml has no runs.main`);
      if (!main.startsWith("dist/")) throw new Failure(`actions/${d.name}/action.yml runs ${main}, not a bundle under dist/`);
      return { name: d.name, main };
    })
    .sort((a, b) => (a.name < b.name ? -1 : 1));
}

function pendingChangesets(root) {
  const dir = join(root, ".changeset");
  return existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith(".md") && f !== "README.md").sort() : [];
}

function build(root) {
  log("building: npx turbo run build");
  const result = spawnSync("npx", ["turbo", "run", "build", "--output-logs=errors-only"], { cwd: root, stdio: "inherit" });
  if (result.status !== 0) throw new Failure(`the build failed (exit ${result.status ?? result.signal})`);
}

function copyPrebuilt(from, root, actions) {
  log(`taking the bundles from ${from} (--prebuilt)`);
  for (const action of actions) {
    const source = join(from, "actions", action.name, "dist");
    if (!existsSync(join(source, action.main.replace(/^dist\//, "")))) throw new Failure(`--prebuilt ${from} has no actions/${action.name}/${action.main}: build it there first`);
    const target = join(root, "actions", action.name, "dist");
    rmSync(target, { recursive: true, force: true });
    cpSync(source, target, { recursive: true });
  }
}

/** True when `version` is at least the highest stable vMAJOR.x.y among `tags`. */
function isNewestOfMajor(version, tags) {
  const parse = (v) => v.replace(/^v/, "").split(".").map(Number);
  const [major] = parse(version);
  const mine = parse(version);
  for (const tag of tags) {
    if (!/^v\d+\.\d+\.\d+$/.test(tag)) continue;
    const other = parse(tag);
    if (other[0] !== major) continue;
    for (let i = 0; i < 3; i += 1) {
      if (other[i] > mine[i]) return false;
      if (other[i] < mine[i]) break;
    }
  }
  return true;
}

function localTag(root, tag) {
  return gitMaybe(["rev-parse", "-q", "--verify", `refs/tags/${tag}^{commit}`], root);
}

function localTags(root, major) {
  return git(["tag", "--list", `${major}.*`], root).split("\n").filter(Boolean);
}

/** The remote's tags (name -> commit), or why it cannot be read. */
function remoteOf(root, remote) {
  const result = spawnSync("git", ["ls-remote", "--tags", remote], { cwd: root, encoding: "utf8" });
  if (result.status !== 0) return { reachable: false, problem: (result.stderr || "").trim().split("\n")[0] || `exit ${result.status}`, tags: new Map() };
  const tags = new Map();
  for (const line of result.stdout.split("\n")) {
    const [sha, ref] = line.split("\t");
    if (!ref?.startsWith("refs/tags/")) continue;
    const name = ref.slice("refs/tags/".length).replace(/\^\{\}$/, "");
    // A peeled line (^{}) names the commit an annotated tag points at: prefer it.
    if (ref.endsWith("^{}") || !tags.has(name)) tags.set(name, sha);
  }
  return { reachable: true, problem: "", tags };
}

function git(args, cwd, { env = {}, input, stdio } = {}) {
  try {
    const out = execFileSync("git", args, {
      cwd,
      encoding: "utf8",
      env: { ...process.env, ...env },
      input,
      stdio: stdio === "inherit" ? ["ignore", "inherit", "inherit"] : ["pipe", "pipe", "pipe"],
      maxBuffer: 64 * 1024 * 1024,
    });
    return (out ?? "").trim();
  } catch (error) {
    const stderr = typeof error.stderr === "string" ? error.stderr.trim() : "";
    throw new Failure(`git ${args.join(" ")} failed${stderr ? `: ${stderr}` : ""}`);
  }
}

function gitMaybe(args, cwd) {
  const result = spawnSync("git", args, { cwd, encoding: "utf8" });
  return result.status === 0 && result.stdout.trim() ? result.stdout.trim() : undefined;
}

function log(line) {
  console.log(`release: ${line}`);
}

try {
  process.exitCode = main();
} catch (error) {
  if (error instanceof Refusal) {
    console.error(`release: refused: ${error.message}`);
    process.exitCode = 1;
  } else if (error instanceof Failure) {
    console.error(`release: ${error.message}`);
    process.exitCode = 2;
  } else throw error;
}
