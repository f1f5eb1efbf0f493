#!/usr/bin/env node
// Packs the `meshkit` command as an installable npm package: the CLI bundle (packages/cli/dist, built
// by `npm run build`) with a package.json of its own whose only dependencies are what the bundle leaves
// out (DuckDB's native addon, husky). The workspace packages stay private: a domain repository installs
// this one tarball, which needs nothing else of this repository.
//
// Usage: node scripts/pack-cli.mjs [--name <package name>] [--out <dir>] [--from <checkout>]
//
//   --name <name>    the package's name (default @meshkit/cli); a platform team that publishes it under
//                    its own scope (GitHub Packages wants the owner's) names it here, e.g. @acme/meshkit-cli,
//                    and domain repositories depend on "@meshkit/cli": "npm:@acme/meshkit-cli@^X"
//   --out <dir>      where the .tgz goes (default: the current directory)
//   --from <dir>     take packages/cli/dist from another checkout's build (tests)
//
// Prints the tarball's path. Exit codes: 0 packed, 2 could not (not built, npm pack failed).
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

export const DEFAULT_CLI_PACKAGE = "@meshkit/cli";

/** What the CLI bundle does not contain (packages/cli/scripts/bundle.mjs: `external`), and the workspace package that pins it. */
const RUNTIME_DEPENDENCIES = [
  ["@duckdb/node-api", "packages/quality"],
  ["husky", "packages/cli"],
];

const readJson = (file) => JSON.parse(readFileSync(file, "utf8"));

/** The package.json of the installable CLI. */
export function cliManifest(root, name = DEFAULT_CLI_PACKAGE) {
  const cli = readJson(join(root, "packages/cli/package.json"));
  const top = readJson(join(root, "package.json"));
  const dependencies = {};
  for (const [dependency, workspace] of RUNTIME_DEPENDENCIES) {
    const range = readJson(join(root, workspace, "package.json")).dependencies?.[dependency];
    if (!range) throw new Error(`${workspace}/package.json does not depend on ${dependency}, which the CLI bundle leaves out`);
    dependencies[dependency] = range;
  }
  return {
    name,
    version: cli.version,
    description: cli.description,
    ...(top.license ? { license: top.license } : {}),
    type: "module",
    bin: { meshkit: "bin/meshkit.js" },
    // The bundle is built for node20 (packages/cli/scripts/bundle.mjs); the root's >=20.19 is for its build and test tools (vite).
    engines: { node: ">=20" },
    dependencies,
  };
}

/** Stages and packs the CLI; returns the tarball's absolute path. `from` is the checkout whose build is taken. */
export function packCli(root, { name = DEFAULT_CLI_PACKAGE, out = process.cwd(), from = root } = {}) {
  const dist = join(from, "packages/cli/dist");
  if (!existsSync(join(dist, "meshkit.js"))) throw new Error(`${dist}/meshkit.js is missing: run npm run build${from === root ? "" : ` in ${from}`} first`);
  const manifest = cliManifest(root, name);
  const stage = mkdtempSync(join(tmpdir(), "meshkit-cli-pack-"));
  try {
    mkdirSync(join(stage, "bin"));
    cpSync(join(root, "packages/cli/bin/meshkit.js"), join(stage, "bin/meshkit.js"));
    cpSync(dist, join(stage, "dist"), { recursive: true });
    writeFileSync(join(stage, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
    writeFileSync(
      join(stage, "README.md"),
      `# ${name}\n\nThe \`meshkit\` command, version ${manifest.version}: lint, compat, policy, test, provision and publish ODCS data contracts and ODPS data products, and the git hooks that run them (\`meshkit hooks install\`). Built from meshkit's release v${manifest.version}; its documentation is in that release's docs/.\n`,
    );
    mkdirSync(out, { recursive: true });
    // No lifecycle scripts: the stage has none, and the root's must not run (it is not a workspace here).
    const json = execFileSync("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", resolve(out)], { cwd: stage, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    const [packed] = JSON.parse(json);
    return join(resolve(out), packed.filename);
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const { values } = parseArgs({ options: { name: { type: "string" }, out: { type: "string" }, from: { type: "string" } }, strict: true, allowPositionals: false });
    const root = fileURLToPath(new URL("..", import.meta.url));
    console.log(packCli(root, { ...(values.name ? { name: values.name } : {}), ...(values.out ? { out: values.out } : {}), ...(values.from ? { from: resolve(values.from) } : {}) }));
  } catch (error) {
    console.error(`pack-cli: ${error.message.split("\n")[0]}`);
    process.exitCode = 2;
  }
}
