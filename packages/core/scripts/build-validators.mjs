// Compiles meshkit's JSON Schemas (ODCS, ODPS, meshkit.yaml, policies) once, at build time, into standalone
// validation code: one CommonJS file per validator (src/generated/<name>.cjs), which src/schemas.ts requires on
// first use. Nothing compiles a schema at runtime, and a run loads only the validators it uses: the pre-commit
// hook on an ODCS v3.1 contract reads 2 of the 5 (compiling all five cost ~11 ms of every start).
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import Ajv2019 from "ajv/dist/2019.js";
import standaloneCode from "ajv/dist/standalone/index.js";
import addFormats from "ajv-formats";
import { deriveOdcs30Schema } from "./odcs-3.0-differences.mjs";

const packageDir = join(dirname(fileURLToPath(import.meta.url)), "..");
const outDir = join(packageDir, "src", "generated");

/**
 * Export name of each validator -> its schema file under schemas/, or a schema derived from one at build time
 * (the ODCS v3.0 schema is meshkit's 3.1 schema minus/plus the differences in odcs-3.0-differences.mjs).
 */
const VALIDATORS = {
  validateOdcs: "odcs-3.1.schema.json",
  validateOdcs30: { from: "odcs-3.1.schema.json", derive: deriveOdcs30Schema },
  validateOdps: "odps-1.0.schema.json",
  validateConfig: "meshkit-config.schema.json",
  validatePolicy: "meshkit-policy.schema.json",
};

/** Modules the generated code may require: @meshkit/core's own dependencies (esbuild bundles them later). */
const ALLOWED_REQUIRES = [/^ajv\/dist\/runtime\/[a-z0-9]+$/, /^ajv-formats\/dist\/formats$/];

/** Keywords that only document a schema; dropped before compiling so the generated code stays small. */
const ANNOTATIONS = new Set(["title", "description", "examples", "default", "deprecated", "$comment"]);
/** Keywords whose value maps names to subschemas (the names are data, not keywords). */
const SCHEMA_MAPS = new Set(["properties", "patternProperties", "$defs", "definitions", "dependentSchemas"]);
/** Keywords whose value is a subschema or a list of subschemas. */
const SUBSCHEMAS = new Set([
  "items", "additionalItems", "additionalProperties", "unevaluatedProperties", "unevaluatedItems", "contains",
  "propertyNames", "not", "if", "then", "else", "allOf", "anyOf", "oneOf",
]);

/**
 * What `format: uri` is checked as: a scheme and no white space. RFC 3986 (ajv-formats' `uri`) refuses the
 * ODCS schema's own examples (`s3://bucket/data/{model}/*.json`: braces), and draft 2019-09 makes formats
 * annotations anyway; a value without a scheme (`not a url`, `/v1/orders`) is still refused. Kept in step
 * with URI_PATTERN in src/schemas.ts, which words its error.
 */
export const URI_PATTERN = "^[A-Za-z][A-Za-z0-9+.-]*:\\S*$";

export function stripAnnotations(schema) {
  if (Array.isArray(schema)) return schema.map(stripAnnotations);
  if (typeof schema !== "object" || schema === null) return schema;
  const out = {};
  for (const [key, value] of Object.entries(schema)) {
    if (ANNOTATIONS.has(key)) continue;
    if (key === "format" && value === "uri") {
      // A schema's own pattern (`^sftp://`) already asks for the scheme.
      if (schema.pattern === undefined) out.pattern = URI_PATTERN;
      continue;
    }
    if (SCHEMA_MAPS.has(key)) {
      out[key] = Object.fromEntries(Object.entries(value).map(([name, sub]) => [name, stripAnnotations(sub)]));
    } else {
      out[key] = SUBSCHEMAS.has(key) ? stripAnnotations(value) : value;
    }
  }
  return out;
}

export function createAjv() {
  const ajv = new Ajv2019({
    allErrors: true,
    strict: true,
    // `required` often names properties that a `$ref`ed definition declares, which strictRequired cannot see.
    strictRequired: false,
    // `type: ["string", "number", ...]` is the readable way to say "a scalar".
    allowUnionTypes: true,
    // Refs compile to shared functions instead of being inlined at every use: much smaller code.
    inlineRefs: false,
    // ajv-formats would emit this through its own copy of ajv's codegen, which this ajv does not recognise.
    code: { source: true, esm: false, formats: Ajv2019._`require("ajv-formats/dist/formats").fullFormats` },
  });
  addFormats(ajv);
  return ajv;
}

/**
 * ajv's generated code adds the errors of a validator it calls (a `$ref`) to its own with
 * `vErrors = vErrors === null ? callee.errors : vErrors.concat(callee.errors)`, copying every error found so far
 * at each call. With allErrors that is quadratic in a document's errors: a contract of 40 000 properties with
 * a wrong logicalType (a generated contract's systematic mistake) took 30 s in the validator alone. Appending
 * in place gives the same errors in linear time. (ajv itself pushes its own errors onto an array it took over
 * from a callee, so sharing that array is what its code already does.)
 */
export function appendCalleeErrorsInPlace(source) {
  const joined = /vErrors = vErrors === null \? ([\w$.]+)\.errors : vErrors\.concat\(\1\.errors\)/g;
  const appended = source.replace(joined, (_, callee) => `if (vErrors === null) vErrors = ${callee}.errors; else for (const calleeError of ${callee}.errors) vErrors.push(calleeError)`);
  // Another shape from a newer ajv would silently bring the quadratic join back: refuse to build instead.
  if (appended.includes("vErrors.concat(")) throw new Error("generated validator joins errors in a way appendCalleeErrorsInPlace does not know; update it");
  return appended;
}

/**
 * For `unevaluatedProperties`, ajv's generated code records the properties a schema evaluated in a plain object
 * (`props0 = {}`, `props0.name = true`) and tests each key of the document with `props0[key0]`. That lookup
 * also finds Object.prototype's members, so a key named `constructor`, `toString` or `__proto__` counted as
 * evaluated: on a property, an array's items, a server or a quality rule it passed where any other unknown key
 * is an error. Testing own properties only reports it like the rest (the recorded ones are always own).
 */
export function evaluatedPropertiesOwnOnly(source) {
  const lookup = /!(props\d+)\[(key\d+)\]/g;
  const own = source.replace(lookup, (_, props, key) => `!Object.hasOwn(${props}, ${key})`);
  // Another shape from a newer ajv would bring the inherited lookup back unnoticed: refuse to build instead.
  if (/props\d+\[key\d+\]/.test(own)) throw new Error("generated validator looks evaluated properties up in a way evaluatedPropertiesOwnOnly does not know; update it");
  return own;
}

/** The generated CommonJS source of each validator, by export name (its file is `<name>.cjs`). */
export function buildValidatorSources() {
  const ajv = createAjv();
  const ids = {};
  for (const [name, source] of Object.entries(VALIDATORS)) {
    const schema = loadSchema(source);
    ajv.addSchema(stripAnnotations(schema));
    ids[name] = schema.$id;
  }
  return Object.fromEntries(
    Object.entries(ids).map(([name, id]) => {
      const source = evaluatedPropertiesOwnOnly(appendCalleeErrorsInPlace(standaloneCode(ajv, ajv.getSchema(id))));
      const foreign = [...source.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]).filter((spec) => !ALLOWED_REQUIRES.some((re) => re.test(spec)));
      if (foreign.length > 0) throw new Error(`generated validator ${name} requires unexpected modules: ${foreign.join(", ")}`);
      const names = `module.exports.propertyNames = ${JSON.stringify(propertyNames(ajv.getSchema(id).schema))};`;
      return [name, `// Generated by scripts/build-validators.mjs from schemas/*.schema.json. Do not edit.\n${source}\n${names}\n`];
    }),
  );
}

/**
 * Every property name a schema declares anywhere (each `properties` map's keys), sorted: what an unknown key
 * is compared with for a "did you mean" (src/schemas.ts checks that the name it suggests is allowed there).
 */
export function propertyNames(schema) {
  const names = new Set();
  const visit = (node) => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (typeof node !== "object" || node === null) return;
    for (const [key, value] of Object.entries(node)) {
      // A `properties` map's keys are names, its values schemas (a property may itself be named `properties`).
      if (key === "properties" && typeof value === "object" && value !== null && !Array.isArray(value)) {
        for (const [name, sub] of Object.entries(value)) {
          names.add(name);
          visit(sub);
        }
      } else visit(value);
    }
  };
  visit(schema);
  return [...names].sort();
}

/** The schema a VALIDATORS entry stands for: a file under schemas/, or one derived from such a file. */
export function loadSchema(source) {
  const file = typeof source === "string" ? source : source.from;
  const schema = JSON.parse(readFileSync(join(packageDir, "schemas", file), "utf8"));
  return typeof source === "string" ? schema : source.derive(schema);
}

/** Writes through a temporary file and a rename, so a reader never sees half a module. */
function writeAtomic(file, text) {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, file);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  // Replaced as a whole: a validator (or the old single module) no longer built must not linger.
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  let bytes = 0;
  for (const [name, source] of Object.entries(buildValidatorSources())) {
    writeAtomic(join(outDir, `${name}.cjs`), source);
    bytes += source.length;
  }
  // Not used at runtime: the derived schema, written out so a reader can see what v3.0.x contracts are checked against.
  writeAtomic(join(outDir, "odcs-3.0.schema.json"), `${JSON.stringify(loadSchema(VALIDATORS.validateOdcs30), null, 2)}\n`);
  console.log(`validators: wrote src/generated/*.cjs (${Object.keys(VALIDATORS).length} files, ${Math.round(bytes / 1024)} KiB)`);
}
