// Embeds the built-in policy packs (packs/<name>/*.yaml) into src/generated/builtin-packs.js, so the
// bundled CLI and actions carry them with no files beside the bundle, with every expression already
// parsed and checked: the pre-commit hook loads the baseline pack on every commit.
// - BUILTIN_PARSED: source -> its tree as parsed-json.js text, or "" when src/cel-parse.ts gives that
//   very tree (checked here against @bufbuild/cel's; the build fails otherwise): microseconds to parse
//   again on first use, and a module a fifth of the size to load.
// - BUILTIN_CHECKED: source -> its comprehension depth, or the problem checkNames finds (src/cel-check.js,
//   with the environment of src/cel.ts) and the names of `variables` it reads; BUILTIN_CHECK_BASIS: the variables they were checked with
//   (loading checks again when its own differ); and its JavaScript as src/cel-js.ts generates it (`js`), so
//   that evaluating a built-in expression needs neither its tree nor code generation (parsed-json.test.ts
//   checks it is what cel-js.ts generates today).
// - CEL_FUNCTIONS: the environment's function names, so that names are checked without loading
//   @bufbuild/cel at run time.
// - MESHKIT_RULE_STAGES: every rule id of meshkit's own stages (a page each in docs/rules), which a pack's
//   rule may not take: reports that hold several stages (the pre-commit hook's) would merge the two; with the
//   stage its page names, so that a waiver of one says where that stage's rules are set.
// Written atomically.
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { isDeepStrictEqual } from "node:util";
import { CelScalar, celEnv, parse } from "@bufbuild/cel";
import { strings } from "@bufbuild/cel/ext";
import { build, transform } from "esbuild";
import { parseAllDocuments } from "yaml";
import { POLICY_VARIABLES, checkNames, comprehensionDepth, variableReferences } from "../src/cel-check.js";
import { stringifyParsed } from "../src/parsed-json.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const packsDir = join(root, "packs");
// One page per rule id (test/docs.test.ts holds every stage to it); the build fails without them.
const rulesDir = join(root, "../../docs/rules");
const ruleIds = readdirSync(rulesDir).filter((f) => f.endsWith(".md") && f !== "README.md").map((f) => f.slice(0, -3)).sort();
if (ruleIds.length === 0) throw new Error(`no rule pages in ${rulesDir}`);
const ruleStages = Object.fromEntries(
  ruleIds.map((id) => {
    const stage = /\*\*Stage:\*\* ([a-z]+)/.exec(readFileSync(join(rulesDir, `${id}.md`), "utf8"))?.[1];
    if (stage === undefined) throw new Error(`docs/rules/${id}.md names no **Stage:**`);
    return [id, stage];
  }),
);
const packs = {};
for (const name of existsSync(packsDir) ? readdirSync(packsDir).sort() : []) {
  const files = readdirSync(join(packsDir, name)).filter((f) => /\.ya?ml$/.test(f)).sort();
  packs[name] = files.map((file) => ({ file: `builtin:${name}/${file}`, text: readFileSync(join(packsDir, name, file), "utf8") }));
}

/** The CEL expressions of a Policy document: the fields load.ts compiles. */
function expressions(policy) {
  const spec = policy?.spec ?? {};
  return [
    ...(spec.match?.matchConditions ?? []).map((c) => c.expression),
    ...(spec.variables ?? []).map((v) => v.expression),
    ...(spec.validations ?? []).flatMap((v) => [v.expression, v.forEach, v.messageExpression, v.pathExpression]),
  ].filter((e) => typeof e === "string");
}

// The environment of src/cel-lib.ts, for the function names checkNames knows.
const env = celEnv({ variables: Object.fromEntries(POLICY_VARIABLES.map((name) => [name, CelScalar.DYN])), funcs: strings });
const isFunction = (name) => env.funcs.find(name) !== undefined;
const functions = [...new Set([...env.funcs].map((f) => f.name))].sort();
const basis = JSON.stringify(POLICY_VARIABLES);
// src/cel-parse.ts (TypeScript with no imports but types), transpiled for this script.
const parserCode = (await transform(readFileSync(join(root, "src", "cel-parse.ts"), "utf8"), { loader: "ts", format: "esm" })).code;
const { parseSubset } = await import(`data:text/javascript,${encodeURIComponent(parserCode)}`);
const withoutIds = (value) =>
  Array.isArray(value) ? value.map(withoutIds) : value !== null && typeof value === "object" && !(value instanceof Uint8Array) ? Object.fromEntries(Object.entries(value).filter(([k]) => k !== "id").map(([k, v]) => [k, withoutIds(v)])) : value;
// src/cel-js.ts (which imports other modules), bundled beside this script for the time of the build.
const generatorFile = join(root, "scripts", `.cel-js-${process.pid}.mjs`);
await build({ entryPoints: [join(root, "src", "cel-js.ts")], bundle: true, format: "esm", platform: "node", external: ["@bufbuild/*"], outfile: generatorFile, logLevel: "warning", banner: { js: "import { createRequire as __cr } from \"node:module\"; const require = __cr(import.meta.url);" } });
let generateJs;
try {
  ({ generateJs } = await import(pathToFileURL(generatorFile).href));
} finally {
  rmSync(generatorFile, { force: true });
}
const parsed = {};
const checked = {};
for (const file of Object.values(packs).flat()) {
  for (const doc of parseAllDocuments(file.text)) {
    for (const source of expressions(doc.toJS())) {
      if (source in parsed) continue;
      // An expression that does not parse is left out: loading reports it with its position.
      let tree;
      try {
        tree = parse(source);
      } catch {
        continue; // reported at load time
      }
      const subset = parseSubset(source);
      if (subset && !isDeepStrictEqual(withoutIds(subset.expr), withoutIds(tree.expr))) {
        throw new Error(`src/cel-parse.ts and @bufbuild/cel parse \`${source}\` differently`);
      }
      parsed[source] = subset ? "" : stringifyParsed(tree);
      // Checked as loading checks a stored tree: without positions (a problem is at offset 0).
      const problem = checkNames(tree.expr, new Set(POLICY_VARIABLES), {}, isFunction);
      const variables = [...new Set(variableReferences(tree.expr, {}).map((r) => r.name))];
      const js = problem ? undefined : generateJs(tree.expr, POLICY_VARIABLES, isFunction);
      checked[source] = { depth: comprehensionDepth(tree.expr), ...(problem ? { problem } : {}), ...(variables.length > 0 ? { variables } : {}), ...(js ? { js } : {}) };
    }
  }
}
const outDir = join(root, "src", "generated");
mkdirSync(outDir, { recursive: true });
/** A value as JavaScript source: JSON, with CEL ints (bigint constants of the generated code) as bigint literals. */
function moduleLiteral(value) {
  const marks = [];
  const json = JSON.stringify(value, (_key, v) => (typeof v === "bigint" ? `\u0000bigint${marks.push(v) - 1}` : v));
  return json.replace(/"\\u0000bigint(\d+)"/g, (_m, i) => `${marks[Number(i)]}n`);
}
const write = (file, text) => {
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, text);
  renameSync(temp, file);
};
write(
  join(outDir, "builtin-packs.js"),
  `// Generated by scripts/build-packs.mjs from packs/. Do not edit.\nexport const BUILTIN_PACKS = ${JSON.stringify(packs, null, 1)};\nexport const BUILTIN_PARSED = ${JSON.stringify(parsed, null, 1)};\nexport const BUILTIN_CHECKED = ${moduleLiteral(checked)};\nexport const BUILTIN_CHECK_BASIS = ${JSON.stringify(basis)};\nexport const CEL_FUNCTIONS = ${JSON.stringify(functions)};\nexport const MESHKIT_RULE_STAGES = ${JSON.stringify(ruleStages)};\n`,
);
write(
  join(outDir, "builtin-packs.d.ts"),
  "// Generated by scripts/build-packs.mjs. Do not edit.\nexport const BUILTIN_PACKS: Record<string, { file: string; text: string }[]>;\n/** Expression source -> its ParsedExpr as parsed-json.js text, or \"\" when cel-parse.ts gives that tree. */\nexport const BUILTIN_PARSED: Record<string, string>;\n/** Expression source -> what cel-check.js found on its tree: comprehension depth, a problem if any, the variables it reads; and its generated JavaScript. */\nexport const BUILTIN_CHECKED: Record<string, { depth: number; problem?: { message: string; offset: number }; variables?: string[]; js?: import(\"../cel-js.js\").JsSource }>;\n/** The variables those checks were made with (JSON). */\nexport const BUILTIN_CHECK_BASIS: string;\n/** The function names of the CEL environment (@bufbuild/cel's standard library and strings extension). */\nexport const CEL_FUNCTIONS: readonly string[];\n/** The rule ids of meshkit's own stages (docs/rules), each with the stage its page names. */\nexport const MESHKIT_RULE_STAGES: Readonly<Record<string, string>>;\n",
);
