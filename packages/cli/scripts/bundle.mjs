// Bundles the CLI into one ESM file (fast start for git hooks) and copies the hook scripts beside it.
import { build } from "esbuild";
import { cpSync, mkdirSync, renameSync, rmSync } from "node:fs";
import { fileURLToPath } from "node:url";

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const outdir = here("../dist");
const temp = here("../dist.tmp");
rmSync(temp, { recursive: true, force: true });
mkdirSync(temp, { recursive: true });
await build({
  entryPoints: { meshkit: here("../src/main.ts") },
  outdir: temp,
  bundle: true,
  platform: "node",
  target: "node20",
  format: "esm",
  splitting: true,
  chunkNames: "chunks/[name]-[hash]",
  // husky is run as its own process (its installer copies a file that sits next to its module).
  // DuckDB is a native addon: it loads from node_modules (installed with the CLI), never from the bundle.
  external: ["husky", "@duckdb/node-api"],
  banner: { js: "import { createRequire as __meshkitCreateRequire } from 'node:module'; const require = __meshkitCreateRequire(import.meta.url);" },
  legalComments: "none",
  logLevel: "warning",
});
cpSync(here("../../../hooks"), `${temp}/hooks`, { recursive: true });
// Replace the previous build in one step, so a running hook never sees half a bundle.
rmSync(outdir, { recursive: true, force: true });
renameSync(temp, outdir);
