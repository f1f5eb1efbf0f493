#!/usr/bin/env node
// CI check: the actions' bundles (actions/*/dist) build reproducibly from source, so a release's
// committed bundles are exactly what its sources give, and anyone can verify them.
//
//   node scripts/check-bundles.mjs                 build (the turbo cache may answer), record every file
//                                                  under actions/*/dist, rebuild everything from source
//                                                  (turbo --force: no cache), and compare byte for byte
//   node scripts/check-bundles.mjs --against <ref> build, then compare with the bundles committed in
//                                                  <ref>, a release tag (v1.2.3) or commit: run it in a
//                                                  checkout of that release's parent (main at the time)
//   --no-build                                     compare the bundles as they are (no build at all)
//
// Prints each file that differs and exits 1; exits 0 when every file is identical; 2 when it could
// not run (build failed, unknown ref). .github/workflows/ci.yml runs the first form on every pull
// request and push; scripts/release.mjs relies on it to build release bundles outside CI.
import { execFileSync, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { parseArgs } from "node:util";

function main() {
  const { values: options } = parseArgs({
    options: { against: { type: "string" }, "no-build": { type: "boolean", default: false } },
    strict: true,
    allowPositionals: false,
  });
  const root = git(["rev-parse", "--show-toplevel"], process.cwd());
  if (options.against !== undefined) return compareWithRef(root, options.against, !options["no-build"]);

  if (!options["no-build"]) build(root, false);
  const first = snapshot(root);
  if (first.size === 0) throw new Error("no bundles under actions/*/dist: did the build run?");
  if (options["no-build"]) {
    log(`${first.size} files under actions/*/dist (--no-build: nothing rebuilt, nothing compared)`);
    return 0;
  }
  build(root, true);
  const second = snapshot(root);
  return report(compare(first, second), first.size, "the first build", "a rebuild from source (turbo --force)");
}

/** Every file under actions/<name>/dist, relative to the repository root, with its sha256. */
function snapshot(root) {
  const files = new Map();
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!entry.name.startsWith(".build-")) walk(path);
      } else files.set(relative(root, path).split("\\").join("/"), createHash("sha256").update(readFileSync(path)).digest("hex"));
    }
  };
  for (const action of readdirSync(join(root, "actions")).sort()) {
    const dist = join(root, "actions", action, "dist");
    if (existsSync(dist)) walk(dist);
  }
  return files;
}

function compare(expected, actual) {
  const differences = [];
  for (const [file, hash] of expected) {
    if (!actual.has(file)) differences.push(`${file}: missing`);
    else if (actual.get(file) !== hash) differences.push(`${file}: differs`);
  }
  for (const file of actual.keys()) if (!expected.has(file)) differences.push(`${file}: extra`);
  return differences.sort();
}

/** The working tree's bundles against the ones committed in `ref` (compared as git blob ids). */
function compareWithRef(root, ref, doBuild) {
  const commit = gitMaybe(["rev-parse", "--verify", "-q", `${ref}^{commit}`], root);
  if (!commit) throw new Error(`unknown ref ${ref}`);
  if (doBuild) build(root, false);
  const committed = new Map();
  for (const line of git(["ls-tree", "-r", commit, "--", "actions"], root).split("\n")) {
    const match = /^\d+ blob ([0-9a-f]+)\t(actions\/[^/]+\/dist\/.*)$/.exec(line);
    if (match) committed.set(match[2], match[1]);
  }
  if (committed.size === 0) throw new Error(`${ref} has no actions/*/dist: it is not a release commit (scripts/release.mjs makes those)`);
  const local = new Map();
  const paths = [...snapshot(root).keys()];
  const ids = paths.length ? git(["hash-object", "--no-filters", "--stdin-paths"], root, paths.join("\n")).split("\n") : [];
  paths.forEach((path, i) => local.set(path, ids[i]));
  return report(compare(committed, local), committed.size, ref, doBuild ? "a build of this checkout" : "this checkout's bundles");
}

function report(differences, count, expected, actual) {
  if (differences.length === 0) {
    log(`${count} files under actions/*/dist: ${actual} is identical to ${expected}`);
    return 0;
  }
  log(`${differences.length} of ${count} files under actions/*/dist differ between ${expected} and ${actual}:`);
  for (const line of differences) console.log(`  ${line}`);
  log("a bundle that does not build reproducibly cannot be verified against its sources: find the input that varies (a timestamp, an absolute path, file order) and fix it");
  return 1;
}

function build(root, force) {
  log(`building${force ? " from source (turbo --force)" : ""}: npx turbo run build`);
  const result = spawnSync("npx", ["turbo", "run", "build", "--output-logs=errors-only", ...(force ? ["--force"] : [])], { cwd: root, stdio: "inherit" });
  if (result.status !== 0) throw new Error(`the build failed (exit ${result.status ?? result.signal})`);
}

function git(args, cwd, input) {
  return execFileSync("git", args, { cwd, encoding: "utf8", input, maxBuffer: 64 * 1024 * 1024 }).trim();
}

function gitMaybe(args, cwd) {
  const result = spawnSync("git", args, { cwd, encoding: "utf8" });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

function log(line) {
  console.log(`check-bundles: ${line}`);
}

try {
  process.exitCode = main();
} catch (error) {
  console.error(`check-bundles: ${error instanceof Error ? error.message : error}`);
  process.exitCode = 2;
}
