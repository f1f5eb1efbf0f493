// Bundles the CLI into one ESM file (fast start for git hooks) and copies the hook scripts beside it.
import { build } from "esbuild";
import { cpSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const outdir = here("../dist");
const temp = here("../dist.tmp");
rmSync(temp, { recursive: true, force: true });
mkdirSync(temp, { recursive: true });

// Libraries most runs never use are required on first use only, each from a CommonJS file of its own
// beside the chunks (its dependencies bundled in), so that a run reads and compiles it only when required:
// - @bufbuild/cel and @bufbuild/re2 (~0.9 MB: protobuf runtime, CEL interpreter, RE2), for
//   packages/policy/src/cel-lib.ts: most runs — the pre-commit hook with the built-in pack — never use
//   the interpreter (RE2 only, for `matches`). Two files, so that RE2 comes without the interpreter
//   (which has its own copy).
// - yaml (~160 KB), for packages/core/src/yaml-library.ts: a clean document is read and placed without it.
const VENDORED = {
  "@bufbuild/cel": { file: "bufbuild-cel.cjs", key: "cel" },
  "@bufbuild/cel/ext": { file: "bufbuild-cel.cjs", key: "celExt" },
  // The same protobuf runtime as the interpreter's (one copy in its file): cel-lib.ts makes timestamps with it.
  "@bufbuild/protobuf": { file: "bufbuild-cel.cjs", key: "protobuf" },
  "@bufbuild/protobuf/wkt": { file: "bufbuild-cel.cjs", key: "protobufWkt" },
  "@bufbuild/re2": { file: "bufbuild-re2.cjs", key: "re2" },
  yaml: { file: "yaml.cjs", key: "yaml" },
};
const VENDOR_FILES = [...new Set(Object.values(VENDORED).map((v) => v.file))];
/** A CommonJS file beside the chunks, required on first use, its dependencies bundled in. */
const CJS_FILE = { bundle: true, platform: "node", target: "node20", format: "cjs", legalComments: "none", minifyWhitespace: true, minifySyntax: true, charset: "ascii", logLevel: "warning" };
for (const file of VENDOR_FILES) {
  await build({
    stdin: {
      contents: Object.entries(VENDORED)
        .filter(([, v]) => v.file === file)
        .map(([id, v]) => `Object.defineProperty(exports, ${JSON.stringify(v.key)}, { enumerable: true, get: () => require(${JSON.stringify(id)}) });`)
        .join("\n"),
      resolveDir: here("../../policy"),
      sourcefile: file,
    },
    outfile: `${temp}/chunks/${file}`,
    ...CJS_FILE,
  });
}
const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
/** `require("<vendored>")` in the bundle becomes a property of its vendor file, which sits beside the chunks. */
const vendorPlugin = {
  name: "vendor",
  setup(b) {
    b.onResolve({ filter: new RegExp(`^(?:${Object.keys(VENDORED).map(escapeRegExp).join("|")})$`) }, (args) => {
      if (args.kind !== "require-call") throw new Error(`${args.importer} imports ${args.path}: only require() (on first use) is vendored; require it`);
      return { path: args.path, namespace: "vendor" };
    });
    b.onLoad({ filter: /.*/, namespace: "vendor" }, (args) => ({
      contents: `module.exports = require("./${VENDORED[args.path].file}")[${JSON.stringify(VENDORED[args.path].key)}];`,
      loader: "js",
    }));
    b.onResolve({ filter: new RegExp(`^\\./(?:${VENDOR_FILES.map(escapeRegExp).join("|")})$`) }, (args) => ({ path: args.path, external: true }));
  },
};

// @meshkit/core's compiled schema validators (~650 KB of code in all) are required on first use, one per
// schema (packages/core/src/schemas.ts), and a run needs one or two of them: each is a CommonJS file of its own
// beside the chunks (its ajv runtime helpers bundled in), so the others are never read.
const GENERATED_VALIDATOR = /(?:^|\/)generated\/(validate[A-Za-z0-9]+)\.cjs$/;
const validatorFiles = [];
const validatorPlugin = {
  name: "schema-validators",
  setup(b) {
    b.onResolve({ filter: GENERATED_VALIDATOR }, async (args) => {
      if (args.kind !== "require-call") throw new Error(`${args.importer} imports ${args.path}: schema validators are required on first use only`);
      const name = GENERATED_VALIDATOR.exec(args.path)[1];
      validatorFiles.push({ name, source: join(args.resolveDir, args.path) });
      return { path: `./${name}.cjs`, external: true };
    });
  },
};

// fdir (tinyglobby's directory walker) looks for picomatch at load time with a `require` made by
// createRequire, which esbuild cannot follow: every start resolved and compiled picomatch's five files from
// node_modules again (~7 ms), beside the copy @meshkit/core bundles. It is given that copy instead, as
// the same import fdir would have made (it is used only by fdir's `glob()`, which tinyglobby does not call).
const FDIR_PICOMATCH_LOOKUP = /try\s*\{\s*__require\.resolve\("picomatch"\);\s*pm\s*=\s*__require\("picomatch"\);\s*\}\s*catch\s*\{\s*\}/;
const fdirPicomatchPlugin = {
  name: "fdir-picomatch",
  setup(b) {
    b.onLoad({ filter: /[\\/]node_modules[\\/]fdir[\\/]dist[\\/]index\.mjs$/ }, (args) => {
      const text = readFileSync(args.path, "utf8");
      if (!FDIR_PICOMATCH_LOOKUP.test(text)) throw new Error(`${args.path}: fdir no longer looks for picomatch as bundle.mjs expects; update fdirPicomatchPlugin`);
      return { contents: text.replace(FDIR_PICOMATCH_LOOKUP, 'import __bundledPicomatch from "picomatch";\npm = __bundledPicomatch;'), loader: "js" };
    });
  },
};

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
  plugins: [vendorPlugin, validatorPlugin, fdirPicomatchPlugin],
  banner: { js: "import { createRequire as __meshkitCreateRequire } from 'node:module'; const require = __meshkitCreateRequire(import.meta.url);" },
  legalComments: "none",
  // No comments and no indentation (names are kept, for readable stack traces): about a third less for
  // V8 to read on every start, and ASCII-only output. One non-ASCII character (js-yaml's comments have
  // some) made a whole chunk a two-byte string: decoded more slowly, then scanned at twice the size.
  minifyWhitespace: true,
  minifySyntax: true,
  charset: "ascii",
  logLevel: "warning",
});
for (const { name, source } of new Map(validatorFiles.map((v) => [v.name, v])).values()) {
  await build({
    entryPoints: [source],
    outfile: `${temp}/chunks/${name}.cjs`,
    ...CJS_FILE,
  });
}
// A vendor or validator file is required relative to the chunk that requires it: that must be a file in chunks/.
for (const file of readdirSync(temp)) {
  const text = file.endsWith(".js") ? readFileSync(`${temp}/${file}`, "utf8") : "";
  for (const vendor of [...VENDOR_FILES, ...validatorFiles.map((v) => `${v.name}.cjs`)]) if (text.includes(`"./${vendor}"`)) throw new Error(`${file} requires ./${vendor} from outside chunks/`);
}
cpSync(here("../../../hooks"), `${temp}/hooks`, { recursive: true });
// Replace the previous build in one step, so a running hook never sees half a bundle.
rmSync(outdir, { recursive: true, force: true });
renameSync(temp, outdir);
