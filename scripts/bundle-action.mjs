#!/usr/bin/env node
// Bundles a GitHub Action into ONE self-contained file, dist/index.js, that runs with no
// node_modules (`runs.main: dist/index.js`), plus dist/licenses.txt for the bundled packages.
//
// Usage, from an action's folder (its package.json `build` script):
//   node ../../scripts/bundle-action.mjs [action-dir]
//
// ESM output for node20+ (`runs.using: node24` today); a createRequire banner gives CommonJS
// dependencies a working `require`. The new dist/ replaces the old one only when the build succeeded.
//
// A package with a native addon (DuckDB) cannot be bundled into JavaScript: list it in the action's
// package.json under `"meshkit": { "nativeExternals": ["@duckdb/node-api"] }`. It stays an import,
// and it is copied with its installed dependency closure (including the platform's optional binary
// package) to dist/node_modules/, where Node resolves it from dist/index.js.
import { build } from "esbuild";
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, join, relative, resolve, sep } from "node:path";

const actionDir = resolve(process.argv[2] ?? process.cwd());
const entry = join(actionDir, "src", "index.ts");
if (!existsSync(entry)) {
  console.error(`bundle-action: no src/index.ts in ${actionDir}`);
  process.exit(2);
}

const nativeExternals = JSON.parse(readFileSync(join(actionDir, "package.json"), "utf8")).meshkit?.nativeExternals ?? [];
const dist = join(actionDir, "dist");
// Build inside dist/ (same file system, so the renames below are atomic; dist/ is git-ignored).
const temp = join(dist, `.build-${process.pid}`);
rmSync(temp, { recursive: true, force: true });
mkdirSync(temp, { recursive: true });

try {
  const result = await build({
    absWorkingDir: actionDir,
    entryPoints: [entry],
    outfile: join(temp, "index.js"),
    bundle: true,
    platform: "node",
    target: "node20",
    format: "esm",
    splitting: false,
    external: nativeExternals,
    // ESM bundles have no `require`; bundled CommonJS code (and esbuild's __require shim) needs one.
    banner: {
      js: "import { createRequire as __meshkitCreateRequire } from 'node:module'; const require = __meshkitCreateRequire(import.meta.url);",
    },
    legalComments: "eof",
    metafile: true,
    logLevel: "warning",
  });
  const copied = copyNativeExternals(nativeExternals, join(temp, "node_modules"));
  writeFileSync(join(temp, "licenses.txt"), licensesOf([...Object.keys(result.metafile.inputs), ...copied.map((dir) => join(dir, "package.json"))]));

  // Swap in the new build: each file is renamed over the old one (atomic per file), then stale
  // files go (including .build-* folders left by interrupted builds).
  const built = readdirSync(temp);
  for (const name of built) {
    // A folder (dist/node_modules) cannot be renamed over a non-empty one: it goes first.
    if (statSync(join(temp, name)).isDirectory()) rmSync(join(dist, name), { recursive: true, force: true });
    renameSync(join(temp, name), join(dist, name));
  }
  for (const name of readdirSync(dist)) {
    if (!built.includes(name) && join(dist, name) !== temp) rmSync(join(dist, name), { recursive: true, force: true });
  }
  const size = statSync(join(dist, "index.js")).size;
  console.log(`bundle-action: ${relative(process.cwd(), join(dist, "index.js")) || "dist/index.js"} (${(size / 1024).toFixed(0)} KiB)`);
} catch (error) {
  // esbuild has already printed its diagnostics.
  console.error(`bundle-action: build failed for ${basename(actionDir)}: ${error instanceof Error ? error.message.split("\n")[0] : error}`);
  process.exitCode = 1;
} finally {
  rmSync(temp, { recursive: true, force: true });
}

/**
 * Copies each package and, transitively, its installed dependencies and optional dependencies (only
 * the platform binaries npm installed) into `target`. Returns the source folders copied.
 */
function copyNativeExternals(names, target) {
  const copied = new Map();
  const visit = (name, from) => {
    const source = packageDir(name, from);
    if (!source || copied.has(source)) return;
    copied.set(source, name);
    cpSync(source, join(target, ...name.split("/")), { recursive: true, dereference: true });
    const manifest = JSON.parse(readFileSync(join(source, "package.json"), "utf8"));
    for (const dependency of Object.keys({ ...manifest.dependencies, ...manifest.optionalDependencies })) visit(dependency, source);
  };
  for (const name of names) {
    if (!packageDir(name, actionDir)) throw new Error(`native external ${name} is not installed`);
    visit(name, actionDir);
  }
  return [...copied.keys()];
}

/** The installed folder of package `name` as Node would find it from `from`, or undefined. */
function packageDir(name, from) {
  for (let dir = resolve(from); ; dir = dirname(dir)) {
    const candidate = join(dir, "node_modules", ...name.split("/"));
    if (existsSync(join(candidate, "package.json"))) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}

/** The license of every third-party package in the bundle (name, version, license text), sorted by name. */
function licensesOf(inputs) {
  const packages = new Map();
  for (const input of inputs) {
    const path = resolve(actionDir, input);
    const parts = path.split(sep);
    const at = parts.lastIndexOf("node_modules");
    if (at < 0) continue;
    const nameParts = parts[at + 1]?.startsWith("@") ? parts.slice(at + 1, at + 3) : parts.slice(at + 1, at + 2);
    const dir = parts.slice(0, at + 1 + nameParts.length).join(sep);
    if (packages.has(dir)) continue;
    let manifest = {};
    try {
      manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
    } catch {
      // no manifest: still listed, by folder name
    }
    // Workspace packages are linked into node_modules; they are ours, not third-party.
    if (!resolve(dir).includes(`${sep}node_modules${sep}`) || manifest.private) continue;
    packages.set(dir, { name: manifest.name ?? nameParts.join("/"), version: manifest.version ?? "", license: manifest.license ?? "", text: licenseText(dir) });
  }
  return [...packages.values()]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((p) => `${p.name}@${p.version}\n${p.license}\n${p.text ? `\n${p.text.trim()}\n` : ""}`)
    .join("\n-----\n\n");
}

function licenseText(dir) {
  const file = readdirSync(dir).find((name) => /^(licen[cs]e|copying)(\.|$)/i.test(name));
  return file ? readFileSync(join(dir, file), "utf8") : "";
}
