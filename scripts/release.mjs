#!/usr/bin/env node
// Cuts a meshkit release: builds every action's bundle, makes a release commit that holds the bundles
// (actions/*/dist, git-ignored on main) on top of HEAD, tags it with the immutable vX.Y.Z (its message: the
// release notes, every CHANGELOG.md's section of the version, merged) and moves
// the major tag vX to it, then pushes both tags. The release commit is on no branch: main never gets
// a bundle, so its history and the build cache stay clean; `uses: meshkit/meshkit/actions/<name>@v1`
// resolves to the release commit through the tag. In the release commit, the workflows' calls of meshkit's own
// actions by a release tag (the reusable data-product.yml's `…/actions/<name>@v1`) name this release (`@vX.Y.Z`)
// of the repository the tags are pushed to (a fork's own): a caller that pins the workflow to a release gets that
// release's actions.
//
// Usage, from a clean checkout of the commit to release (normally main after the "Version Packages"
// pull request of changesets was merged):
//
//   node scripts/release.mjs [--dry-run] [--remote <name|url>] [--if-new] [--prebuilt <checkout>]
//                            [--npm-registry <url> [--npm-package <name>]]
//
//   --dry-run            make the release commit and the tags locally, push nothing (undo: see its output)
//   --remote <name|url>  where to push the tags (default: origin); any git remote, e.g. a scratch bare
//                        repository when testing the script
//   --if-new             when vX.Y.Z is on the remote already (and its CLI package is published), say so and exit 0
//                        (CI on every push to main); without it, that is refused with exit code 1
//   --prebuilt <dir>     take actions/*/dist and packages/cli/dist from another checkout's build instead of
//                        building here (tests; the bundles build reproducibly, see scripts/check-bundles.mjs)
//   --npm-registry <url> after the tags, publish the `meshkit` command (scripts/pack-cli.mjs) to this npm
//                        registry, which domain repositories install it from. npm's own configuration
//                        authenticates; with NODE_AUTH_TOKEN set, that token (never written to a file).
//                        Checked first (npm whoami): a token the registry does not take, or a registry that
//                        cannot be reached, stops the release before anything is tagged or pushed.
//                        Dist-tag: latest for the newest release, latest-<major> for the newest of an older
//                        major, release-<major>.<minor> for a patch of an older line, next for a prerelease.
//                        When vX.Y.Z exists but its package is not on the registry (a publish that failed),
//                        the release is completed: the package is published from the commit vX.Y.Z was cut from
//   --npm-package <name> the CLI package's name (default @meshkit/cli; e.g. @acme/meshkit-cli on GitHub Packages)
//
// The commit released must be on a branch of the remote (pushed): a release is cut from a commit that
// everyone can see, normally main (a patch of an older line from its maintenance branch). A dry run may
// release any commit.
//
// The version is the one version line of changesets' fixed group (.changeset/config.json): every
// packages/*/package.json and actions/*/package.json must carry it. vX.Y.Z is never moved or replaced:
// a release that finds it on the remote stops. vX moves only forward: a patch of an older line (v1.2.4
// after v1.3.0) leaves v1 where it is; a prerelease (v2.0.0-rc.1) never moves v2; it is pushed with a
// lease, so a release pushed meanwhile is never moved back. The remote says what is released (here, when
// it cannot be reached: a dry run): a vX.Y.Z only here (a dry run's, or a run's whose push failed) is no
// release and counts for neither vX nor the dist-tag; cut from this commit, it is released as it is (run
// again after a push that failed), cut from another, refused (delete it).
//
// Exit codes: 0 released (or nothing to do with --if-new), 1 refused (tag exists, versions differ,
// uncommitted changes, commit not pushed), 2 could not run (bad arguments, build failed, git or npm failed).
import { execFileSync, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { DEFAULT_CLI_PACKAGE, packCli } from "./pack-cli.mjs";

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
        "npm-registry": { type: "string" },
        "npm-package": { type: "string", default: DEFAULT_CLI_PACKAGE },
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
  const registry = options["npm-registry"];
  if (registry !== undefined && !/^https?:\/\/[^\s/]+/.test(registry)) throw new Failure(`--npm-registry ${registry}: not an http(s) URL`);
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
  // The remote, when it answers, says what is released: a tag that is only here was cut by a dry run or by a
  // run whose push failed, and is no release (nor does it count when vX and the dist-tag are chosen).
  const local = localTag(root, tag);
  const existing = remote.reachable ? remote.tags.get(tag) : local;
  const unpushed = remote.reachable && !existing ? local : undefined;
  const releasedTags = remote.reachable ? [...remote.tags.keys()] : git(["tag", "--list", "v*"], root).split("\n").filter(Boolean);
  const cli = registry === undefined ? undefined : { registry, name: options["npm-package"], version, distTag: distTagFor(version, releasedTags), from: options.prebuilt ? resolve(options.prebuilt) : root };
  // Without the remote nothing can be said to be released (nor published): only a dry run goes on, on local tags.
  if (!remote.reachable && !dryRun) throw new Failure(`cannot reach the remote ${options.remote}: ${remote.problem}`);
  if (unpushed) {
    // Not a release commit at all (e.g. a tag put on main by hand): say so, not where a dry run cut it from.
    const missing = missingBundles(root, unpushed, actionDirs(root));
    const source = gitMaybe(["rev-parse", "-q", "--verify", `${unpushed}^`], root);
    const why = missing.length > 0 ? `it is no release commit (no ${missing.join(", ")})` : source !== head ? `a dry run or a push that failed cut it from ${source ? source.slice(0, 12) : "another commit"}, not from ${head.slice(0, 12)} (${branch})` : undefined;
    if (why) throw new Refusal(`${tag} exists here (${unpushed.slice(0, 12)}) but not on ${options.remote}: ${why}. Delete it (git tag -d ${tag}) and run this again`);
  }
  if (existing) {
    // Offline (a dry run), the tag here is all there is to go by: a dry run's own is no release.
    const released = remote.reachable ? `is released already (${existing.slice(0, 12)})` : `exists here (${existing.slice(0, 12)}), and ${options.remote} cannot be reached (${remote.problem}) to say whether it is released`;
    // A release whose tags were pushed but whose package was not (the registry failed): finish it.
    if (cli && !publishedVersion(cli)) {
      const source = gitMaybe(["rev-parse", "-q", "--verify", `${existing}^`], root);
      if (source !== head) throw new Refusal(`${tag} exists (${existing.slice(0, 12)}) but ${cli.name}@${version} is not on ${registry}: publish it from the commit ${tag} was cut from (${source ? `git checkout ${source.slice(0, 12)}` : `fetch ${tag} first`}), then run this again`);
      log(`${tag} ${released}; ${cli.name}@${version} is not on ${registry}: publishing it`);
      if (!dryRun) checkNpmLogin(cli);
      if (!options.prebuilt) build(root);
      publishCli(root, cli, dryRun);
      return 0;
    }
    if (options["if-new"]) {
      log(`${tag} ${released}; nothing to do`);
      return 0;
    }
    if (!remote.reachable) throw new Refusal(`${tag} ${released}: if a dry run cut it, delete it (git tag -d ${tag}) or run this again when ${options.remote} can be reached; if it is released, version the next release with a changeset (npm run changeset, then changeset version)`);
    throw new Refusal(`${tag} exists already (${existing.slice(0, 12)}): release tags are immutable. Version the next release with a changeset (npm run changeset, then changeset version)`);
  }
  if (!remote.reachable) log(`remote ${options.remote} not reachable (${remote.problem}); checked local tags only (dry run)`);
  if (!dryRun && ![...remote.heads.values()].some((tip) => isAncestor(root, head, tip))) {
    throw new Refusal(`${head.slice(0, 12)} (${branch}) is on no branch of ${options.remote}: a release is cut from a commit everyone can see (normally main); push it first (or fetch, if it is pushed)`);
  }
  // Before anything is built, tagged or pushed: tags pushed without their package are half a release.
  if (cli && !dryRun) checkNpmLogin(cli);

  const actions = actionDirs(root);
  for (const action of actions) {
    const tracked = git(["ls-tree", "-r", "--name-only", "HEAD", "--", `actions/${action.name}/dist`], root);
    if (tracked) throw new Refusal(`actions/${action.name}/dist is committed on ${branch}; bundles belong in release commits only (git rm -r --cached actions/${action.name}/dist)`);
  }
  const pending = pendingChangesets(root);
  if (pending.length > 0) log(`note: ${pending.length} changeset(s) not yet versioned (${pending.join(", ")}); they are not part of ${tag}`);

  log(`releasing ${tag} from ${head.slice(0, 12)} (${branch})${dryRun ? ", dry run" : ""}`);
  const { commit, previousMajor, previousMajorRef } = unpushed ? resumeRelease(root, unpushed, tag, options.remote, { build: cli !== undefined && !options.prebuilt }) : cutRelease(root, head, tag, major, actions, options);

  const moveMajor = !prerelease && isNewestOfMajor(version, [tag, ...releasedTags]);
  if (moveMajor) git(["tag", "--force", "--annotate", "--message", `meshkit ${major} -> ${tag}`, major, commit], root);
  log(moveMajor ? `tag ${major} -> ${commit.slice(0, 12)}${previousMajor && previousMajor !== commit ? ` (was ${previousMajor.slice(0, 12)})` : ""}` : `tag ${major} stays: ${prerelease ? `${tag} is a prerelease` : `a newer ${major}.x release exists`}`);

  // vX.Y.Z is pushed without force (the remote refuses it if it appeared meanwhile); vX with a lease on what
  // the remote's vX was when this run read it: a release pushed meanwhile (a newer one) is never moved back.
  // Atomic: either both tags move or neither does.
  const refs = [`refs/tags/${tag}`, ...(moveMajor ? [`refs/tags/${major}`] : [])];
  const lease = moveMajor ? [`--force-with-lease=refs/tags/${major}:${remote.rawTags.get(major) ?? ""}`] : [];
  if (dryRun) {
    log(`dry run: nothing pushed. Would run: git push --atomic ${options.remote} ${[...lease, ...refs].join(" ")}`);
    if (!unpushed) log(`undo: git tag -d ${tag}${moveMajor ? previousMajorRef ? ` && git update-ref refs/tags/${major} ${previousMajorRef}` : ` ${major}` : ""}`);
    if (cli) publishCli(root, cli, true);
    return 0;
  }
  try {
    git(["push", "--atomic", options.remote, ...lease, ...refs], root, { stdio: "inherit" });
  } catch (error) {
    throw new Failure(`${error.message}; nothing was pushed (the push is atomic), ${tag} stays here: run this again to push it${moveMajor ? ` (a ${major} that moved on ${options.remote} meanwhile is read again)` : ""}`);
  }
  log(`pushed ${refs.map((r) => r.replace(/^refs\/tags\//, "")).join(" and ")} to ${options.remote}`);
  if (cli) publishCli(root, cli, false);
  return 0;
}

/** Builds the bundles, makes the release commit on top of `head` and tags it `tag`; returns it, and where `major` was here. */
function cutRelease(root, head, tag, major, actions, options) {
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
  const pinned = [];
  try {
    const env = { GIT_INDEX_FILE: index };
    git(["read-tree", head], root, { env });
    // Not the .build-<pid> folders of a build under way (or interrupted): they are no part of a bundle.
    git(["add", "--force", "--", ...actions.map((a) => `actions/${a.name}/dist`), ":(exclude,glob)actions/*/dist/.build-*/**"], root, { env });
    for (const workflow of pinWorkflows(root, head, actions, tag, releasedRepository(root, options.remote))) {
      const blob = git(["hash-object", "-w", "--stdin", "--path", workflow.path], root, { input: workflow.text });
      git(["update-index", "--cacheinfo", `${workflow.mode},${blob},${workflow.path}`], root, { env });
      pinned.push(workflow);
    }
    tree = git(["write-tree"], root, { env });
  } finally {
    rmSync(index, { force: true });
  }
  const message = [
    `meshkit ${tag}`,
    "",
    `The sources of ${head} plus the bundle of every action (actions/*/dist), which`,
    "is built by scripts/release.mjs and committed only here, never on main.",
    ...(pinned.length > 0 ? [`Its workflows call this release's actions (@${tag}, not the moving ${major}): ${pinned.map((w) => w.path).join(", ")}.`] : []),
    "",
    ...bundles.map((b) => `${`actions/${b.name}/${b.main}`.padEnd(40)} sha256 ${b.sha256}`),
    "",
  ].join("\n");
  const commit = git(["commit-tree", tree, "-p", head, "-F", "-"], root, { input: message });

  // The release notes are the tag's message; `whitespace` keeps their "### Patch Changes" headings, which git's
  // default cleanup would strip as comments.
  const notes = releaseNotes(root, tag.slice(1));
  git(["tag", "--annotate", "--cleanup=whitespace", "--file", "-", tag, commit], root, { input: [`meshkit ${tag}`, ...(notes.text ? ["", notes.text] : [])].join("\n") });

  log(`release commit ${commit} (tree ${tree}), parent ${head}`);
  for (const b of bundles) log(`  actions/${b.name}/${b.main}  sha256 ${b.sha256}`);
  for (const w of pinned) log(`  ${w.path}: ${w.calls} call(s) of meshkit's actions pinned to @${tag}`);
  log(`tag ${tag} -> ${commit.slice(0, 12)}`);
  log(notes.entries > 0 ? `release notes (the message of ${tag}; git tag -l -n999 ${tag}): ${notes.entries} change(s) from ${notes.packages} changelog(s)` : `release notes: no changelog has a section ${tag.slice(1)} (changesets writes them when it versions a release)`);
  // The tag object, not its commit: the undo puts back the very annotated tag (message, tagger) it replaces.
  return { commit, previousMajor: localTag(root, major), previousMajorRef: gitMaybe(["rev-parse", "-q", "--verify", `refs/tags/${major}`], root) };
}

/**
 * The release notes of `version`: the section `## <version>` of every packages/*\/CHANGELOG.md and
 * actions/*\/CHANGELOG.md, merged by kind (Major, Minor, Patch Changes), each entry once. changesets writes an
 * entry only into the changelogs of the packages its changeset names, so no one changelog holds the release:
 * contract-lint's says nothing of a fix in @meshkit/lint, which that action runs. Without changesets' lines
 * on internal dependencies ("Updated dependencies", "@meshkit/core@1.2.0"): every package moves together.
 */
function releaseNotes(root, version) {
  // An internal dependency's new version, as an entry of its own or under one: `- @meshkit/core@1.2.0`.
  const dependency = /^\s*- @[\w.-]+\/[\w.-]+@\S+$/;
  const order = ["Major Changes", "Minor Changes", "Patch Changes"];
  const rank = (kind) => (order.includes(kind) ? order.indexOf(kind) : order.length);
  // Entry -> its kind: one changeset can bump the packages it names differently (lint major, core patch),
  // and the release notes list it under the biggest of them.
  const entries = new Map();
  let packages = 0;
  for (const { file } of workspaceFiles(root, "CHANGELOG.md")) {
    const lines = readFileSync(file, "utf8").split(/\r?\n/);
    const start = lines.findIndex((line) => line.trim() === `## ${version}`);
    if (start < 0) continue;
    packages += 1;
    let kind = "Changes";
    let entry;
    const flush = () => {
      if (entry === undefined) return;
      const text = entry.join("\n").trimEnd();
      entry = undefined;
      if (/^- Updated dependencies\b/.test(text) || dependency.test(text)) return;
      if (!entries.has(text) || rank(kind) < rank(entries.get(text))) entries.set(text, kind);
    };
    for (const line of lines.slice(start + 1)) {
      if (/^## /.test(line)) break;
      const heading = /^### (.+)$/.exec(line);
      if (heading) {
        flush();
        kind = heading[1].trim();
      } else if (/^- /.test(line)) {
        flush();
        entry = [line];
      } else if (entry && !dependency.test(line)) entry.push(line);
    }
    flush();
  }
  const kinds = [...new Set(entries.values())].sort((a, b) => rank(a) - rank(b));
  const text = kinds.map((kind) => [`### ${kind}`, "", ...[...entries].filter(([, k]) => k === kind).map(([e]) => e)].join("\n")).join("\n\n");
  return { text, entries: entries.size, packages };
}

/**
 * The release commit `tag` names here, cut from HEAD by an earlier run that did not push it (a dry run, or a
 * push that failed): it is released as it is, not cut again (its bundles are the ones that run already showed).
 */
function resumeRelease(root, commit, tag, remoteName, { build: buildCli }) {
  log(`${tag} was cut here already (${commit.slice(0, 12)}, by a dry run or a run whose push failed) and is not on ${remoteName}: releasing that commit`);
  // The CLI package is packed from a build of this checkout; the actions' bundles are in the commit.
  if (buildCli) build(root);
  return { commit, previousMajor: undefined };
}

/** The bundles (actions/<name>/<main>) that `commit` lacks: none in a release commit. */
function missingBundles(root, commit, actions) {
  return actions.map((a) => `actions/${a.name}/${a.main}`).filter((path) => !gitMaybe(["rev-parse", "-q", "--verify", `${commit}:${path}`], root));
}

/** Whether `commit` is `tip` or one of its ancestors (false when `tip` is not here: not fetched). */
function isAncestor(root, commit, tip) {
  return spawnSync("git", ["merge-base", "--is-ancestor", commit, tip], { cwd: root }).status === 0;
}

/**
 * The dist-tag a version is published under: `latest` only for the newest stable release, so that a
 * patch of an older line never becomes what `npm install` picks by default.
 */
function distTagFor(version, tags) {
  if (version.includes("-")) return "next";
  const stable = tags.filter((t) => /^v\d+\.\d+\.\d+$/.test(t));
  const [major, minor] = version.split(".").map(Number);
  if (isNewestOf(version, stable, () => true)) return "latest";
  if (isNewestOf(version, stable, (other) => other[0] === major)) return `latest-${major}`;
  return `release-${major}.${minor}`;
}

/** npm with the registry's token from NODE_AUTH_TOKEN, when set: named in a temporary config, never written into it. */
function npm(args, { registry }) {
  let config;
  if (process.env.NODE_AUTH_TOKEN) {
    config = join(tmpdir(), `meshkit-release-npmrc-${process.pid}-${Date.now()}`);
    const scope = registry.replace(/^https?:/, "").replace(/\/?$/, "/");
    writeFileSync(config, `${scope}:_authToken=\${NODE_AUTH_TOKEN}\n`, { mode: 0o600 });
  }
  try {
    // Flags, not environment variables: npm's own (npm_config_userconfig when run from an npm script) would win.
    return spawnSync("npm", [...args, "--registry", registry, ...(config ? ["--userconfig", config] : [])], { encoding: "utf8", maxBuffer: 16 * 1024 * 1024 });
  } finally {
    if (config) rmSync(config, { force: true });
  }
}

/** The version when the registry has it; undefined when it has not; a Failure when the registry cannot say. */
function publishedVersion(cli) {
  const result = npm(["view", `${cli.name}@${cli.version}`, "version", "--json"], cli);
  if (result.status === 0) return result.stdout.trim() ? JSON.parse(result.stdout) : undefined;
  if (/\bE404\b/.test(result.stderr)) return undefined;
  throw new Failure(`cannot ask ${cli.registry} for ${cli.name}@${cli.version}: ${npmProblem(result)}`);
}

/**
 * Fails when npm has no credentials the registry takes (`npm whoami`: ENEEDAUTH without a token, E401 with a
 * wrong or expired one), and when the registry gave no answer at all (ECONNREFUSED, ENOTFOUND, a certificate
 * npm does not trust, npm itself not run): the publish would fail the same way, after the tags. Any other HTTP
 * answer (E404, E405, …) lets the release go on: not every registry implements whoami, and the publish itself
 * still says what went wrong.
 */
function checkNpmLogin(cli) {
  const result = npm(["whoami"], cli);
  if (result.status === 0) return log(`npm: logged in to ${cli.registry} as ${result.stdout.trim()}`);
  const problem = result.error ? `npm: ${result.error.message}` : npmProblem(result);
  const code = /^npm (?:error|ERR!) code (\S+)/m.exec(result.stderr ?? "")?.[1];
  if (code === "ENEEDAUTH" || code === "E401") throw new Failure(`npm is not logged in to ${cli.registry} (${problem}): set NODE_AUTH_TOKEN to a token that may publish ${cli.name}; nothing was tagged or pushed`);
  if (code === undefined || !/^E\d{3}$/.test(code)) throw new Failure(`cannot reach ${cli.registry} to ask who is logged in (${problem}): the publish would fail too; check the URL and the network, then run this again; nothing was tagged or pushed`);
  log(`note: npm whoami on ${cli.registry} did not answer who is logged in (${problem}); going on, the publish will say whether the token is taken`);
}

function publishCli(root, cli, dryRun) {
  const out = join(tmpdir(), `meshkit-release-cli-${process.pid}-${Date.now()}`);
  try {
    let tarball;
    try {
      tarball = packCli(root, { name: cli.name, out, from: cli.from });
    } catch (error) {
      throw new Failure(`packing ${cli.name}: ${error.message.split("\n")[0]}`);
    }
    log(`packed ${cli.name}@${cli.version} (${basename(tarball)}, sha256 ${createHash("sha256").update(readFileSync(tarball)).digest("hex")})`);
    if (dryRun) {
      log(`dry run: not published. Would run: npm publish ${basename(tarball)} --tag ${cli.distTag} --registry ${cli.registry}`);
      return;
    }
    const result = npm(["publish", tarball, "--tag", cli.distTag, "--ignore-scripts"], cli);
    if (result.status !== 0) throw new Failure(`npm publish of ${cli.name}@${cli.version} to ${cli.registry} failed: ${npmProblem(result)}; the tags are pushed: run this again to publish it`);
    log(`published ${cli.name}@${cli.version} to ${cli.registry} (dist-tag ${cli.distTag})`);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/**
 * npm's own error lines, without its log-file chatter: not its notices and warnings either (npm publish
 * lists the tarball's contents as notices before it says what went wrong), unless there is nothing else.
 */
function npmProblem(result) {
  const all = (result.stderr || "").split("\n").map((l) => l.trim()).filter(Boolean);
  const errors = all.filter((l) => /^npm (?:error|ERR!)/.test(l));
  const lines = (errors.length > 0 ? errors : all.filter((l) => !/^npm (?:notice|warn|WARN)\b/.test(l)))
    .map((l) => l.replace(/^npm (?:error|ERR!) ?/, "").trim())
    .filter((l) => l && !/^(?:A complete log|Log files|\/)/.test(l));
  return lines.slice(0, 3).join("; ") || `exit ${result.status ?? result.signal}`;
}

/** Each packages/<name>/<base> and actions/<name>/<base> that exists: its absolute `file` and its folder's `path` (actions/provision). */
function workspaceFiles(root, base) {
  const found = [];
  for (const top of ["packages", "actions"]) {
    const dir = join(root, top);
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir).sort()) {
      const file = join(dir, name, base);
      if (existsSync(file)) found.push({ file, path: `${top}/${name}` });
    }
  }
  return found;
}

/** The version every package of the fixed group carries. */
function sharedVersion(root) {
  const versions = new Map();
  for (const { file, path } of workspaceFiles(root, "package.json")) {
    const pkg = JSON.parse(readFileSync(file, "utf8"));
    const list = versions.get(pkg.version) ?? [];
    list.push(pkg.name ?? path);
    versions.set(pkg.version, list);
  }
  if (versions.size === 0) throw new Failure("no packages/*/package.json or actions/*/package.json");
  if (versions.size > 1) {
    const lines = [...versions].map(([v, names]) => `  ${v}: ${names.join(", ")}`).join("\n");
    throw new Refusal(`the packages do not share one version (changesets' fixed group keeps them together; run npx changeset version):\n${lines}`);
  }
  const [version] = versions.keys();
  // Semantic Versioning 2.0.0 (no build metadata: it is no part of a tag's order): no leading zeros, which
  // would make v1.02.0 a second tag of the release v1.2.0, and no empty prerelease identifier.
  const number = "(?:0|[1-9]\\d*)";
  const identifier = `(?:${number}|\\d*[A-Za-z-][0-9A-Za-z-]*)`;
  const release = new RegExp(`^${number}\\.${number}\\.${number}(?:-${identifier}(?:\\.${identifier})*)?$`);
  if (!release.test(version ?? "")) {
    // 1.2.0+build.5 is a semantic version, but not one a release can carry: say why, not that it is none.
    const [, core, metadata] = /^([^+]*)\+([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)$/.exec(version ?? "") ?? [];
    if (core && release.test(core)) throw new Refusal(`version ${version} carries build metadata (+${metadata}), which semantic versioning leaves out of a version's order: v${version} and v${core} would be two tags of one release. Version it ${core}`);
    throw new Refusal(`version ${version} is not a semantic version X.Y.Z or X.Y.Z-prerelease (numbers without leading zeros; see semver.org)`);
  }
  return version;
}

/** The repository whose actions main's workflows call (`meshkit init`'s default `--actions-repo`, which data-product.yml is rendered with). */
const UPSTREAM_REPOSITORY = "meshkit/meshkit";

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

/**
 * The workflows of HEAD (the reusable .github/workflows/data-product.yml) as released: each call of one of
 * meshkit's actions by a release tag (`<owner>/<repo>/actions/<name>@v1`, `<owner>/<repo>` UPSTREAM_REPOSITORY or
 * `repository`) names this release (`@vX.Y.Z`) instead. On main the workflow names the moving major; a caller that
 * pins the workflow (`data-product.yml@v1.4.2`, or a release commit's SHA) must run the actions of that release, not whatever
 * `v1` points at when it runs (nor, for a prerelease or a new major, a major that does not hold them).
 * `repository` (`owner/repo`, see releasedRepository): the repository the tags are pushed to, which the calls then
 * name. A platform team's fork (`acme/meshkit`) released workflows that still called `meshkit/meshkit`'s actions
 * at the fork's version: upstream's code, or a tag upstream does not have, so every domain's job failed to start.
 * Returns the files that changed, with their new text and git mode.
 */
function pinWorkflows(root, head, actions, tag, repository) {
  const names = new Set(actions.map((a) => a.name));
  // GitHub's owner and repository names are case-insensitive.
  const ours = new Set([UPSTREAM_REPOSITORY, ...(repository ? [repository] : [])].map((name) => name.toLowerCase()));
  const call = /^([ \t]*(?:-[ \t]+)?uses:[ \t]*['"]?)(([\w.-]+\/[\w.-]+)\/actions\/([\w.-]+))@v\d+(?:\.\d+\.\d+)?(?=['"]?[ \t]*(?:#.*)?$)/gm;
  const entries = git(["ls-tree", "-z", head, "--", ".github/workflows/"], root).split("\0").filter(Boolean);
  const changed = [];
  for (const entry of entries) {
    const [info, path] = [entry.slice(0, entry.indexOf("\t")), entry.slice(entry.indexOf("\t") + 1)];
    const [mode, type] = info.split(" ");
    if (type !== "blob" || !/\.ya?ml$/.test(path)) continue;
    // Not git() here: it trims, and the file's last line break belongs to it.
    const text = execFileSync("git", ["cat-file", "blob", `${head}:${path}`], { cwd: root, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    let calls = 0;
    const pinnedText = text.replace(call, (whole, before, action, owner, name) => {
      // Another repository's action of the same name (`acme/tools/actions/provision@v2`) is not meshkit's.
      if (!names.has(name) || !ours.has(owner.toLowerCase())) return whole;
      calls += 1;
      return `${before}${repository ? `${repository}/actions/${name}` : action}@${tag}`;
    });
    if (calls > 0) changed.push({ path, mode, text: pinnedText, calls });
  }
  return changed;
}

/**
 * The GitHub repository (`owner/repo`) that `remote` (a remote's name, or a URL) is, from its URL as configured
 * (https, ssh or scp-like `git@host:owner/repo.git`, on github.com or a GitHub Enterprise Server; also without the
 * user, `github-acme:acme/meshkit.git`, as a host alias of ~/.ssh/config that sets the user is written); undefined for
 * any other remote (a path, a bare repository), whose workflows keep the repository they name.
 */
function releasedRepository(root, remote) {
  const url = gitMaybe(["config", "--get", `remote.${remote}.url`], root) ?? remote;
  return /^(?:(?:https?|ssh|git):\/\/(?:[^@/]+@)?[^/]+\/|(?:[^@/:]+@)?[^@/:]+:)([\w.-]+\/[\w.-]+?)(?:\.git)?\/?$/.exec(url)?.[1];
}

function pendingChangesets(root) {
  const dir = join(root, ".changeset");
  return existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith(".md") && f !== "README.md").sort() : [];
}

function build(root) {
  log("building: npx turbo run build");
  // The build runs package code (turbo, esbuild): it gets none of the tokens the tags and the registry need.
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(?:GH_TOKEN|GITHUB_TOKEN|NODE_AUTH_TOKEN|GIT_CONFIG_(?:COUNT|KEY_\d+|VALUE_\d+))$/.test(key)));
  const result = spawnSync("npx", ["turbo", "run", "build", "--output-logs=errors-only"], { cwd: root, stdio: "inherit", env });
  if (result.status !== 0) throw new Failure(`the build failed (exit ${result.status ?? result.signal})`);
}

function copyPrebuilt(from, root, actions) {
  log(`taking the bundles from ${from} (--prebuilt)`);
  for (const action of actions) {
    const source = join(from, "actions", action.name, "dist");
    if (!existsSync(join(source, action.main.replace(/^dist\//, "")))) throw new Failure(`--prebuilt ${from} has no actions/${action.name}/${action.main}: build it there first`);
    const target = join(root, "actions", action.name, "dist");
    rmSync(target, { recursive: true, force: true });
    cpSync(source, target, { recursive: true, filter: (path) => !isBuildInProgress(path) });
  }
}

/** A folder scripts/bundle-action.mjs builds in before it swaps the bundle in (dist/.build-<pid>). */
function isBuildInProgress(path) {
  return /^\.build-/.test(basename(path));
}

/** True when `version` is at least the highest stable vMAJOR.x.y among `tags`. */
function isNewestOfMajor(version, tags) {
  const major = Number(version.split(".")[0]);
  return isNewestOf(version, tags, (other) => other[0] === major);
}

/** True when `version` is at least every stable vX.Y.Z among `tags` that `among` selects (by its numbers). */
function isNewestOf(version, tags, among) {
  const parse = (v) => v.replace(/^v/, "").split(".").map(Number);
  const mine = parse(version);
  for (const tag of tags) {
    if (!/^v\d+\.\d+\.\d+$/.test(tag)) continue;
    const other = parse(tag);
    if (!among(other)) continue;
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

/** The remote's tags (name -> commit) and branches (name -> commit), or why it cannot be read. */
function remoteOf(root, remote) {
  const result = spawnSync("git", ["ls-remote", "--tags", "--heads", remote], { cwd: root, encoding: "utf8" });
  if (result.status !== 0) return { reachable: false, problem: (result.stderr || "").trim().split("\n")[0] || `exit ${result.status}`, tags: new Map(), rawTags: new Map(), heads: new Map() };
  const tags = new Map();
  const rawTags = new Map();
  const heads = new Map();
  for (const line of result.stdout.split("\n")) {
    const [sha, ref] = line.split("\t");
    if (ref?.startsWith("refs/heads/")) heads.set(ref.slice("refs/heads/".length), sha);
    if (!ref?.startsWith("refs/tags/")) continue;
    const name = ref.slice("refs/tags/".length).replace(/\^\{\}$/, "");
    // The ref itself (an annotated tag's object, not its commit): what a lease on it must name.
    if (!ref.endsWith("^{}")) rawTags.set(name, sha);
    // A peeled line (^{}) names the commit an annotated tag points at: prefer it.
    if (ref.endsWith("^{}") || !tags.has(name)) tags.set(name, sha);
  }
  return { reachable: true, problem: "", tags, rawTags, heads };
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
