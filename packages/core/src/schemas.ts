/**
 * Validation of ODCS contracts, ODPS products and meshkit.yaml against meshkit's own schemas
 * (schemas/*.schema.json, compiled at build time into generated/<validator>.cjs, so nothing compiles at
 * runtime), with ajv's raw errors turned into a few messages that say what to fix.
 */
import { createRequire } from "node:module";
import type { ErrorObject, ValidateFunction } from "ajv";
import { isMapping } from "./kinds.js";
import { hasInvisibles } from "./message-text.js";
import { fromPointer, toPointer } from "./pointer.js";
import { isQualityComparator, misspeltComparator } from "./quality-comparators.js";
import { METRIC_ARGUMENTS, ODCS_LIBRARY_METRICS, odcsLibraryMetric } from "./quality-metrics.js";
import { closeCandidates, meantValue } from "./suggest.js";
import { readIsoDateTime } from "./temporal-bounds.js";
import { yaml11BooleanHint } from "./yaml11-boolean.js";

/**
 * The compiled validators, each required on first use: a run needs one or two of the five (the pre-commit
 * hook on an ODCS v3.1 contract: that schema's and meshkit.yaml's), and loading all of them cost ~11 ms of
 * every start. `require` with a literal name is what lets a bundler see each file: the CLI keeps each in a
 * file of its own beside its chunks (packages/cli/scripts/bundle.mjs), the actions bundle them; where no
 * `require` exists (plain ESM: tests, tsx), one is made.
 */
/* eslint-disable @typescript-eslint/no-require-imports -- loaded on first use, see above */
const GENERATED = {
  odcs: () => (typeof require === "function" ? require("./generated/validateOdcs.cjs") : createRequire(import.meta.url)("./generated/validateOdcs.cjs")) as ValidateFunction,
  odcs30: () => (typeof require === "function" ? require("./generated/validateOdcs30.cjs") : createRequire(import.meta.url)("./generated/validateOdcs30.cjs")) as ValidateFunction,
  odps: () => (typeof require === "function" ? require("./generated/validateOdps.cjs") : createRequire(import.meta.url)("./generated/validateOdps.cjs")) as ValidateFunction,
  config: () => (typeof require === "function" ? require("./generated/validateConfig.cjs") : createRequire(import.meta.url)("./generated/validateConfig.cjs")) as ValidateFunction,
  policy: () => (typeof require === "function" ? require("./generated/validatePolicy.cjs") : createRequire(import.meta.url)("./generated/validatePolicy.cjs")) as ValidateFunction,
};
/* eslint-enable @typescript-eslint/no-require-imports */
const loaded: Partial<Record<keyof typeof GENERATED, ValidateFunction>> = {};

/** A schema's validator, loaded once. */
function validator(schema: keyof typeof GENERATED): ValidateFunction {
  return (loaded[schema] ??= GENERATED[schema]());
}

/** Runs a schema's validator: `[]` when the value is valid. */
function check(schema: keyof typeof GENERATED, value: unknown, noun: DocumentNoun): SchemaIssue[] {
  const validate = validator(schema);
  return validate(value) ? [] : withSpellingSuggestions(toSchemaIssues(validate.errors ?? [], value, noun), value, validate);
}

/** The validators' modules also export every property name their schema declares (scripts/build-validators.mjs). */
type NamedValidator = ValidateFunction & { propertyNames?: readonly string[] };

/**
 * Past this many guesses in one document (each validates a path of it), the rest keep "remove it": as many
 * misspellings, and as many keys under another name, each counted apart, so that a contract whose 300 properties
 * say `label:` for `name:` (one guess each: their values differ) still has its `lgicalType` answered.
 */
const MAX_SPELLING_SUGGESTIONS = 200;
/** The keys whose value the schemas choose an object's allowed keys by (a server's `type`, a property's `logicalType`, …). */
const SHAPE_KEYS = ["type", "logicalType", "metric", "kind", "apiVersion"];

/**
 * What decides the answer for an unknown key: the kind of object (the message's noun), the key, the keys
 * beside it (never suggested) and the values that choose the object's shape; 40,000 properties with the
 * same misspelling are answered once.
 */
function shapeKey(noun: string, property: string, parent: Record<string, unknown>): string {
  const shape = SHAPE_KEYS.map((k) => (Object.hasOwn(parent, k) && typeof parent[k] !== "object" ? `${k}=${String(parent[k])}` : ""));
  return [noun, property, ...shape, ...Object.keys(parent)].join("\u0000");
}
const UNKNOWN_PROPERTY = /^unknown property `[^`]*` in (.*?)(; remove it[^;]*)$/;

/**
 * An unknown key that is a misspelling of one the schema allows at that place (`lgicalType`, `rulez`) is
 * answered with that key instead of "remove it": removing it would drop the setting the author meant. A name
 * is suggested only when the document with the key renamed has no unknown key there, so it is never a
 * property of some other object. The same key in an object of the same shape gets the same answer, worked out once.
 */
function withSpellingSuggestions(issues: SchemaIssue[], document: unknown, validate: NamedValidator): SchemaIssue[] {
  const names = validate.propertyNames ?? [];
  const answers = new Map<string, string | undefined>();
  let guesses = 0;
  let renamingGuesses = 0;
  const renamings = renamingsOfMissingKeys(issues);
  return issues.map((issue) => {
    const unknown = issue.target === "key" ? UNKNOWN_PROPERTY.exec(issue.message) : null;
    if (!unknown) return issue;
    const segments = fromPointer(issue.pointer);
    const property = segments.pop()!;
    const parent = valueAtSegments(document, segments);
    if (!isMapping(parent) || segments.includes("__proto__")) return issue;
    const key = shapeKey(unknown[1]!, property, parent);
    if (!answers.has(key)) {
      if (guesses >= MAX_SPELLING_SUGGESTIONS) return issue;
      // The nearest few: `rulez` is as near to `rule` (a waiver's) as to `rules`, the one `lint` allows.
      const candidates = closeCandidates(property, names.filter((name) => name !== property && !Object.hasOwn(parent, name))).slice(0, 3);
      answers.set(key, candidates.find((name) => guesses++ < MAX_SPELLING_SUGGESTIONS && isAllowedKey(validate, document, segments, property, name)));
    }
    let meant = answers.get(key);
    // No typo, but a key under another name: `{name: region, value: eu}` as a custom property, whose key is
    // `property`. Suggested only when it is the object's one unknown key, the object lacks one required key,
    // and renamed it leaves the object valid (`slack: "#data"` in a support channel is no `url`).
    const missing = renamings.get(toPointer(segments));
    if (meant === undefined && missing !== undefined && renamingGuesses++ < MAX_SPELLING_SUGGESTIONS && isValidWithKeyRenamed(validate, document, segments, property, missing)) meant = missing;
    return meant === undefined ? issue : { ...issue, message: `${issue.message.slice(0, -unknown[2]!.length)}; did you mean \`${meant}\`?` };
  });
}

/**
 * For each object (by pointer) with exactly one unknown key and exactly one missing required key: that
 * required key, the one the unknown key may be a name for.
 */
function renamingsOfMissingKeys(issues: readonly SchemaIssue[]): Map<string, string> {
  const missing = new Map<string, string[]>();
  const unknown = new Map<string, number>();
  for (const issue of issues) {
    if (issue.target === "key" && UNKNOWN_PROPERTY.test(issue.message)) {
      const parent = toPointer(fromPointer(issue.pointer).slice(0, -1));
      unknown.set(parent, (unknown.get(parent) ?? 0) + 1);
    } else if (issue.about !== undefined && issue.message.startsWith(`missing required property \`${issue.about}\``)) {
      missing.set(issue.pointer, [...(missing.get(issue.pointer) ?? []), issue.about]);
    }
  }
  return new Map([...missing].filter(([at, keys]) => keys.length === 1 && unknown.get(at) === 1).map(([at, keys]) => [at, keys[0]!]));
}

/**
 * Whether the document with `from` renamed `to` in the object at `segments` has no error in that object, and none below
 * it that the renaming brings (checked on the path to it alone, as isAllowedKey). An error a child of the object had
 * before (`label` for `name` in one of a schema object's properties) is reported on its own: it does not make `title`
 * any less the object's `name`.
 */
function isValidWithKeyRenamed(validate: NamedValidator, document: unknown, segments: readonly string[], from: string, to: string): boolean {
  const errorsIn = (renamed: string): { at: string; errors: string[] } => {
    const { value, path } = pathWithKeyRenamed(document, segments, from, renamed);
    validate(value);
    const at = toPointer(path);
    return { at, errors: (validate.errors ?? []).filter((e) => e.instancePath === at || e.instancePath.startsWith(`${at}/`)).map((e) => `${e.instancePath} ${e.schemaPath}`) };
  };
  const after = errorsIn(to);
  if (after.errors.some((error) => error.startsWith(`${after.at} `))) return false;
  if (after.errors.length === 0) return true;
  const before = new Set(errorsIn(from).errors);
  return after.errors.every((error) => before.has(error));
}

/**
 * Whether the document with `from` renamed `to` in the object at `segments` has no unknown key `to` there.
 * Checked on the path to that object alone (each list along it cut to the one item on the path): a
 * document of 40,000 properties is validated in a moment, not once more whole per guess.
 */
function isAllowedKey(validate: NamedValidator, document: unknown, segments: readonly string[], from: string, to: string): boolean {
  const { value, path } = pathWithKeyRenamed(document, segments, from, to);
  validate(value);
  const parentPointer = toPointer(path);
  return !(validate.errors ?? []).some(
    (e) => e.instancePath === parentPointer && (e.params as Record<string, unknown>)[e.keyword === "additionalProperties" ? "additionalProperty" : "unevaluatedProperty"] === to,
  );
}

function valueAtSegments(value: unknown, segments: readonly string[]): unknown {
  let node = value;
  for (const segment of segments) node = node !== null && typeof node === "object" && Object.hasOwn(node, segment) ? (node as Record<string, unknown>)[segment] : undefined;
  return node;
}

/**
 * A copy of the path to the object at `segments`, that object's key `from` renamed `to`: mappings along the
 * path keep their other keys, lists only the item on the path (so its index becomes 0, as `path` says).
 */
function pathWithKeyRenamed(value: unknown, segments: readonly string[], from: string, to: string): { value: unknown; path: string[] } {
  if (segments.length === 0) {
    const { [from]: moved, ...rest } = value as Record<string, unknown>;
    return { value: { ...rest, [to]: moved }, path: [] };
  }
  const [head, ...tail] = segments as [string, ...string[]];
  const inner = pathWithKeyRenamed((value as Record<string, unknown>)[head], tail, from, to);
  if (Array.isArray(value)) return { value: [inner.value], path: ["0", ...inner.path] };
  return { value: { ...(value as Record<string, unknown>), [head]: inner.value }, path: [head, ...inner.path] };
}

/** One schema violation, located by a JSON pointer into the document. */
export interface SchemaIssue {
  /** RFC 6901 pointer: the offending value, the unknown key (`target: "key"`), or the object lacking a property. */
  pointer: string;
  target: "key" | "value";
  message: string;
  /**
   * For an issue reported at an object about one of its properties rather than the object itself: that
   * property (a missing required one), or `comparison` for a quality rule's comparators. Several such
   * issues can share one pointer, and this tells them apart.
   */
  about?: string;
}

/** What a message calls the whole document, and whether it has a `customProperties` extension point. */
export interface DocumentNoun {
  noun: string;
  extensible: boolean;
}

const CONTRACT: DocumentNoun = { noun: "data contract", extensible: true };
const PRODUCT: DocumentNoun = { noun: "data product", extensible: true };
const CONFIG: DocumentNoun = { noun: "config", extensible: false };
const POLICY: DocumentNoun = { noun: "policy", extensible: false };

/** The apiVersions read with the ODCS v3.0 schema (derived at build time by scripts/odcs-3.0-differences.mjs). */
export const ODCS_30_API_VERSIONS = ["v3.0.0", "v3.0.1", "v3.0.2"] as const;

/**
 * Validates an ODCS data contract against the schema of its apiVersion: v3.0.0 to v3.0.2 against meshkit's
 * v3.0 schema, anything else (v3.1.0, or an apiVersion meshkit does not read) against its 3.1 schema.
 * `[]` when valid.
 */
export function validateContractSchema(value: unknown): SchemaIssue[] {
  const apiVersion = (value as { apiVersion?: unknown } | null)?.apiVersion;
  if (!(ODCS_30_API_VERSIONS as readonly unknown[]).includes(apiVersion)) {
    return check("odcs", value, CONTRACT).map((issue) => withOlderStagingDirHint(issue, value));
  }
  const { document: withoutType, typeIssues } = apiVersion === "v3.0.0" ? withoutV300Type(value as Record<string, unknown>) : { document: value, typeIssues: [] };
  const { document, renamed } = apiVersion === "v3.0.2" ? { document: withoutType, renamed: [] } : withAthenaStagingDirOfV302(withoutType);
  const issues = check("odcs30", document, CONTRACT);
  if (issues.length === 0) return typeIssues;
  const described = markAllowedFromV31(issues, document as Record<string, unknown>, String(apiVersion)).map((issue) => withOlderStagingDirHint(asWritten(issue, renamed), document));
  return [...typeIssues, ...described];
}

/**
 * A v3.0.2 or later Athena server that lacks `stagingDir` but writes `staging_dir` (the name ODCS v3.0.0 and
 * v3.0.1 required) was most likely written for those versions: say so on "missing required property".
 */
function withOlderStagingDirHint(issue: SchemaIssue, contract: unknown): SchemaIssue {
  if (issue.about !== "stagingDir") return issue;
  const index = /^\/servers\/(\d+)$/.exec(issue.pointer)?.[1];
  const servers = (contract as { servers?: unknown } | null)?.servers;
  const server: unknown = index !== undefined && Array.isArray(servers) ? servers[Number(index)] : undefined;
  if (server === null || typeof server !== "object" || !Object.hasOwn(server, "staging_dir")) return issue;
  return { ...issue, message: `${issue.message} (this server writes \`staging_dir\`, the name ODCS v3.0.0 and v3.0.1 used: rename it \`stagingDir\`)` };
}

/** A key of the document that was validated under the name v3.0.2 gave it: where it is, and both names. */
interface RenamedKey {
  /** Pointer to the object holding the key, e.g. `/servers/0`. */
  at: string;
  written: string;
  validatedAs: string;
}

/**
 * ODCS v3.0.0 and v3.0.1 define an Athena server's `stagingDir` but require `staging_dir` (their schemas
 * list that name under `required`); v3.0.2 requires `stagingDir`. meshkit's v3.0 schema has the fields of
 * v3.0.2, so a v3.0.0/v3.0.1 server that writes `staging_dir` as its own schema asks is validated with the
 * value under v3.0.2's name. (A `stagingDir` alone is accepted too: the name every later version uses.)
 */
function withAthenaStagingDirOfV302(contract: unknown): { document: unknown; renamed: RenamedKey[] } {
  const servers = (contract as { servers?: unknown } | null)?.servers;
  if (!Array.isArray(servers)) return { document: contract, renamed: [] };
  const renamed: RenamedKey[] = [];
  const copied = servers.map((server: unknown, index) => {
    if (server === null || typeof server !== "object" || Array.isArray(server)) return server;
    const fields = server as Record<string, unknown>;
    if (fields.type !== "athena" || !Object.hasOwn(fields, "staging_dir") || Object.hasOwn(fields, "stagingDir")) return server;
    const { staging_dir: stagingDir, ...rest } = fields;
    renamed.push({ at: `/servers/${index}`, written: "staging_dir", validatedAs: "stagingDir" });
    return { ...rest, stagingDir };
  });
  return renamed.length === 0 ? { document: contract, renamed } : { document: { ...(contract as Record<string, unknown>), servers: copied }, renamed };
}

/** An issue about a renamed key, pointed at and named as the document writes it. */
function asWritten(issue: SchemaIssue, renamed: readonly RenamedKey[]): SchemaIssue {
  const key = renamed.find(({ at, validatedAs }) => issue.pointer === `${at}/${validatedAs}` || issue.pointer.startsWith(`${at}/${validatedAs}/`));
  if (!key) return issue;
  return {
    ...issue,
    pointer: `${key.at}/${key.written}${issue.pointer.slice(`${key.at}/${key.validatedAs}`.length)}`,
    message: issue.message.replaceAll(`\`${key.validatedAs}\``, `\`${key.written}\``),
  };
}

/**
 * ODCS v3.0.0 defined a top-level `type` (a string such as "Tables") that v3.0.1 dropped; meshkit's v3.0 schema
 * has the fields of v3.0.2, so a v3.0.0 contract is validated without it, and only its own type is checked here.
 */
function withoutV300Type(contract: Record<string, unknown>): { document: Record<string, unknown>; typeIssues: SchemaIssue[] } {
  if (!Object.hasOwn(contract, "type")) return { document: contract, typeIssues: [] };
  const { type, ...document } = contract;
  const typeIssues: SchemaIssue[] =
    typeof type === "string" ? [] : [{ pointer: "/type", target: "value", message: "`type` must be a string" }];
  return { document, typeIssues };
}

/**
 * A v3.0.x contract often fails only because it uses something ODCS v3.1.0 introduced or relaxed (an `id`,
 * `relationships`, a numeric exclusiveMinimum, the object-form team...). Say so on each issue the same
 * contract would not have as v3.1.0, so the author can choose between fixing the value and moving on.
 */
function markAllowedFromV31(issues: SchemaIssue[], contract: Record<string, unknown>, apiVersion: string): SchemaIssue[] {
  const asV31 = { ...contract, apiVersion: "v3.1.0" };
  const issuesAsV31 = check("odcs", asV31, CONTRACT);
  const at = (issue: SchemaIssue) => `${issue.pointer}\u0000${issue.target}`;
  const stillIssues = new Set(issuesAsV31.map(at));
  // v3.1.0 finding fault with an object around the value (below the document itself) may not have reached
  // the value at all: a v3.0 rule (`rule: rowCount`, no `metric`) is no library rule to it, so its
  // comparisons go unchecked. Whether v3.1.0 allows the value is then unknown, and it is not claimed.
  const enclosing = issuesAsV31.filter((issue) => issue.pointer !== "").map((issue) => `${issue.pointer}/`);
  const unjudged = (issue: SchemaIssue) => enclosing.some((prefix) => issue.pointer.startsWith(prefix));
  return issues.map((issue) =>
    stillIssues.has(at(issue)) || unjudged(issue) ? issue : { ...issue, message: `${issue.message} (valid in ODCS v3.1.0; this contract is ${apiVersion})` },
  );
}

/** Validates an ODPS data product (apiVersion v1.0.0, or its pre-release v0.9.0); `[]` when valid. */
export function validateProductSchema(value: unknown): SchemaIssue[] {
  return check("odps", value, PRODUCT);
}

/** Validates a meshkit.yaml against schemas/meshkit-config.schema.json; `[]` when valid. */
export function validateConfigSchema(value: unknown): SchemaIssue[] {
  return check("config", value, CONFIG);
}

export function validatePolicySchema(value: unknown): SchemaIssue[] {
  return check("policy", value, POLICY);
}

/**
 * Maps ajv errors (compiled with `allErrors`) to issues: combinator noise is reduced to the branch that
 * fits the value, follow-up errors are dropped, and each remaining error gets a fix-oriented message.
 */
export function toSchemaIssues(errors: readonly ErrorObject[], document: unknown, documentNoun: DocumentNoun): SchemaIssue[] {
  const doc = new DocumentView(document, documentNoun);
  // An `if` error only says "the then/else branch failed"; that branch's own errors are listed too.
  const failedBranchAt = new Set(errors.filter((e) => e.keyword === "if").map((e) => e.instancePath));
  const entries = resolveCombinators(errors.filter((e) => e.keyword !== "if"), doc);
  const valueErrorAt = new Set(entries.filter((e) => isIssue(e) || e.keyword !== "unevaluatedProperties").map(pointerOf));
  // (the object, for each that lacks its `type`: the `type` pointer, as a bad value's error is at, so one test reads both)
  const missingTypeAt = new Set(entries.filter((e) => !isIssue(e) && e.keyword === "required" && e.params.missingProperty === "type").map((e) => (e as ErrorObject).instancePath));
  for (const at of missingTypeAt) valueErrorAt.add(at + toPointer(["type"]));
  // A value of the wrong type (a quality rule written `- 5` or left empty) passes every oneOf branch that only
  // names properties; "matches more than one shape" would then blame properties it does not have.
  const wrongTypeAt = new Set(entries.filter((e) => !isIssue(e) && e.keyword === "type").map(pointerOf));

  const issues: SchemaIssue[] = [];
  const seen = new Set<string>();
  for (const entry of entries) {
    if (!isIssue(entry) && isFollowUpError(entry, failedBranchAt, valueErrorAt, missingTypeAt)) continue;
    const issue = isIssue(entry) ? entry : describe(entry, doc);
    if (!issue) continue;
    if (issue.message === SEVERAL_SHAPES && wrongTypeAt.has(issue.pointer)) continue;
    const key = `${issue.pointer}\u0000${issue.target}\u0000${issue.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    issues.push(issue);
  }
  return issues;
}

type Entry = ErrorObject | SchemaIssue;

function isIssue(entry: Entry): entry is SchemaIssue {
  return "pointer" in entry;
}

function pointerOf(entry: Entry): string {
  return isIssue(entry) ? entry.pointer : entry.instancePath;
}

function isWithin(pointer: string, ancestor: string): boolean {
  return pointer === ancestor || pointer.startsWith(`${ancestor}/`);
}

/**
 * ajv lists a failing oneOf/anyOf's branch errors right before the combinator's own error, all at or
 * under its instance path (ajv checks combinators before a schema's other keywords, and none of our
 * schemas has one at the document root, so that run holds nothing else). Replace each such group by
 * what helps: the errors of the branch whose type fits the value, or one summary ("must be an object
 * or an array", "missing a comparison: add exactly one of ...").
 */
function resolveCombinators(errors: readonly ErrorObject[], doc: DocumentView): Entry[] {
  const out: Entry[] = [];
  for (const error of errors) {
    if (error.keyword !== "oneOf" && error.keyword !== "anyOf") {
      out.push(error);
      continue;
    }
    const at = error.instancePath;
    let start = out.length;
    while (start > 0 && isWithin(pointerOf(out[start - 1]!), at)) start--;
    const branchErrors = out.splice(start);
    out.push(...resolveCombinator(error, branchErrors, doc));
  }
  return out;
}

/** A oneOf that several branches pass; dropped where the value has the wrong type anyway. */
const SEVERAL_SHAPES = "matches more than one of the allowed shapes; keep the properties of only one";

function resolveCombinator(error: ErrorObject, branchErrors: Entry[], doc: DocumentView): Entry[] {
  const at = error.instancePath;
  const passing = (error.params as { passingSchemas?: number[] | null }).passingSchemas;
  if (passing) {
    const comparisons = Object.keys(doc.objectAt(at) ?? {}).filter(isQualityComparator);
    if (comparisons.length > 1) {
      return [{ pointer: at, target: "value", message: `has more than one comparison (${codeList(comparisons)}); keep exactly one`, about: "comparison" }];
    }
    return [{ pointer: at, target: "value", message: SEVERAL_SHAPES }];
  }
  const value = doc.valueAt(at);
  const isTypeMismatch = (e: Entry) => !isIssue(e) && e.instancePath === at && failsOnType(e, value);
  const typeMismatches = branchErrors.filter(isTypeMismatch) as ErrorObject[];
  const rest = branchErrors.filter((e) => !isTypeMismatch(e));
  if (rest.length === 0) {
    const expected = unique(typeMismatches.flatMap((e) => expectedShapes(e, value)));
    return [{ pointer: at, target: "value", message: `${doc.subject(at)} must be ${joinOr(expected)}` }];
  }
  // The branches of other types failed on type alone, so everything else belongs to the branch that fits.
  if (typeMismatches.length > 0) return rest;
  // Branches of the same type that each miss their own distinguishing property (the comparisons).
  const missingHere = (e: Entry) => !isIssue(e) && e.keyword === "required" && e.instancePath === at;
  if (rest.every(missingHere)) {
    const names = unique(rest.map((e) => String((e as ErrorObject).params.missingProperty)));
    const comparison = names.every(isQualityComparator);
    // A misspelt comparator is the comparison the author wrote: the official schema names that key (unevaluated).
    const misspelt = comparison ? misspeltComparator(doc.objectAt(at) ?? {}) : undefined;
    if (misspelt) return [{ pointer: at + toPointer([misspelt.key]), target: "key", message: `unknown property \`${misspelt.key}\` in quality rule; did you mean \`${misspelt.meant}\`?` }];
    const message = `missing ${comparison ? "a comparison" : "one of its alternatives"}: add ${error.keyword === "oneOf" ? "exactly" : "at least"} one of ${codeList(names)}`;
    return [{ pointer: at, target: "value", message, ...(comparison && { about: "comparison" }) }];
  }
  // Otherwise the branch that got furthest is the one the author meant: drop the others' complaints
  // about their distinguishing property.
  return rest.filter((e) => !missingHere(e));
}

/** Whether a branch rejected the value for its JSON type alone (an enum of strings facing an object...). */
function failsOnType(error: ErrorObject, value: unknown): boolean {
  if (error.keyword === "type") return true;
  if (error.keyword !== "enum" && error.keyword !== "const") return false;
  const allowed = error.keyword === "enum" ? (error.params.allowedValues as unknown[]) : [error.params.allowedValue];
  return !allowed.some((a) => jsonType(a) === jsonType(value));
}

/** What a branch that failed on type expected, for "must be X or Y". */
function expectedShapes(error: ErrorObject, value: unknown): string[] {
  if (error.keyword === "type") return String(error.params.type).split(",").map((type) => typeName(type, value));
  if (error.keyword === "const") return [`\`${String(error.params.allowedValue)}\``];
  return [`one of ${codeList((error.params.allowedValues as unknown[]).map(String))}`];
}

function jsonType(value: unknown): string {
  return value === null ? "null" : Array.isArray(value) ? "array" : typeof value;
}

/**
 * Errors that only follow from another one: with `unevaluatedProperties`, a property is "unknown" when
 * the branch that would have declared it failed (a server of a broken or unknown `type`, a quality rule
 * whose variant failed) or when its own value is invalid. The real error is reported instead.
 */
function isFollowUpError(error: ErrorObject, failedBranchAt: Set<string>, valueErrorAt: Set<string>, missingTypeAt: Set<string>): boolean {
  if (error.keyword !== "unevaluatedProperties") return false;
  const at = error.instancePath;
  if (failedBranchAt.has(at)) return true;
  const property = String(error.params.unevaluatedProperty);
  const own = at + toPointer([property]);
  if ([...valueErrorAt].some((p) => isWithin(p, own))) return true;
  // A bad or missing server or quality `type` leaves every key of its variant unknown (a server without a
  // type: its `host` was "unknown; remove it", where adding the type is the fix); a bad logicalType only the
  // keys its variants add (logicalTypeOptions, properties, items): another unknown key is a mistake of its own.
  // A key of an object without its `type` that is a misspelling of it (`typ: postgres`) is no follow-up: renaming it is the fix.
  if (valueErrorAt.has(at + toPointer(["type"]))) return !(missingTypeAt.has(at) && closeCandidates(property, ["type"]).length > 0);
  return valueErrorAt.has(at + toPointer(["logicalType"])) && (property === "logicalTypeOptions" || NESTING_LOGICAL_TYPES.has(property));
}

/** The names a library metric reads under `arguments` (validValues, missingValues, pattern, properties). */
const METRIC_ARGUMENT_NAMES: ReadonlySet<string> = new Set(Object.values(METRIC_ARGUMENTS).flat());

/** Keys of a property that only a given logicalType allows (a Map: a key is the document's, `constructor` too). */
const NESTING_LOGICAL_TYPES: ReadonlyMap<string, string> = new Map([
  ["properties", "object"],
  ["items", "array"],
]);

function describe(error: ErrorObject, doc: DocumentView): SchemaIssue | undefined {
  const at = error.instancePath;
  const subject = doc.subject(at);
  const params = error.params as Record<string, unknown>;
  const value = (message: string): SchemaIssue => ({ pointer: at, target: "value", message });
  switch (error.keyword) {
    case "required": {
      const missing = String(params.missingProperty);
      // `type: library` with v3.0's `rule` and no `metric`: name the metric that replaces the rule, as for the
      // rule without a type, rather than "missing metric" beside a `rule` the author thinks names it. (A missing
      // comparison is its own issue there, which quality-comparator words.)
      const rule = missing === "metric" && doc.describeObject(at).noun.startsWith("quality rule") ? doc.objectAt(at) : undefined;
      if (rule && "rule" in rule) return { pointer: at, target: "value", message: describeRuleWithoutMetric(rule, false), about: missing };
      return { pointer: at, target: "value", message: `missing required property \`${missing}\``, about: missing };
    }
    case "additionalProperties":
    case "unevaluatedProperties": {
      const property = String(params.additionalProperty ?? params.unevaluatedProperty);
      const pointer = at + toPointer([property]);
      const { noun, extensible } = doc.describeObject(at);
      if (noun === "quality rule") {
        const unnamedMetric = describeUnnamedMetric(doc.objectAt(at)!, property);
        if (unnamedMetric) return { pointer: at, target: "value", message: unnamedMetric, about: "metric" };
        // v3.0 wrote `validValues` on the rule itself; v3.1.0 reads a metric's inputs under `arguments`, so
        // "move it under customProperties" would hide the values from the check that needs them.
        if (METRIC_ARGUMENT_NAMES.has(property)) {
          return { pointer, target: "key", message: `unknown property \`${property}\` in quality rule; ODCS v3.1.0 reads it as an argument of the metric: move it under \`arguments\` (arguments: {${property}: ...})` };
        }
      }
      const nestedFor = NESTING_LOGICAL_TYPES.get(property);
      if (nestedFor && PROPERTY_NOUNS.has(noun)) {
        const message = `\`${property}\` is only allowed when logicalType is \`${nestedFor}\`; set that logicalType or remove \`${property}\``;
        return { pointer, target: "key", message };
      }
      const fix = extensible ? "remove it or move it under customProperties" : "remove it";
      return { pointer, target: "key", message: `unknown property \`${property}\` in ${noun}; ${fix}` };
    }
    case "enum": {
      const allowed = (params.allowedValues as unknown[]).map(String);
      const written = doc.valueAt(at);
      // The value is not shown otherwise, and `string` with a zero-width space looks like `string` in the editor.
      const unseen = typeof written === "string" && hasInvisibles(written) ? `; \`${written}\` holds a character that does not show (written as an escape here): delete it` : "";
      return value(`${subject} must be one of: ${codeList(allowed)}${unseen || didYouMeanValue(written, allowed)}`);
    }
    case "const":
      return value(`${subject} must be \`${String(params.allowedValue)}\``);
    case "type":
      return describeTypeError(error, doc);
    case "format": {
      const written = doc.valueAt(at);
      return value(`${subject} ${FORMAT_HINTS[String(params.format)] ?? `must be a valid ${String(params.format)}`}${typeof written === "string" ? noSuchDateOrTime(String(params.format), written) : ""}`);
    }
    case "pattern":
      return value(`${subject} ${patternHint(at, String(params.pattern))}`);
    case "minLength":
      // ajv's "must NOT have fewer than 1 characters" for what is, in every schema here, an empty string.
      return value(Number(params.limit) === 1 ? `${subject} must not be empty` : `${subject} must be at least ${plural(Number(params.limit), "character")} long`);
    case "minItems":
      return value(`${subject} must have at least ${plural(Number(params.limit), "item")}`);
    case "maxItems":
      return value(`${subject} must have at most ${plural(Number(params.limit), "item")}`);
    case "uniqueItems": {
      const [first, second] = [Number(params.i), Number(params.j)].sort((a, b) => a - b);
      return value(`${subject} must not repeat a value (items ${first} and ${second} are equal)`);
    }
    case "maxProperties":
      if (fromPointer(at).at(-1) === "logicalTypeOptions") {
        return value("logicalTypeOptions need a `logicalType` to apply to; set logicalType or remove the options");
      }
      return value(`${subject} must have at most ${plural(Number(params.limit), "property", "properties")}`);
    case "minimum":
    case "maximum":
    case "exclusiveMinimum":
    case "exclusiveMaximum":
      return value(`${subject} must be ${String(params.comparison)} ${String(params.limit)}`);
    case "not": {
      if (fromPointer(at).at(-2) === "relationships") {
        // `not: {required: [from]}` also fails on a relationship that is no mapping (`required` holds for any
        // scalar): there is no `from` to remove, and the item's type error says what is wrong.
        const relationship = doc.valueAt(at);
        if (!isMapping(relationship) || !Object.hasOwn(relationship, "from")) return undefined;
        return {
          pointer: `${at}/from`,
          target: "key",
          message: "`from` is not allowed in a property's relationship: the property itself is the source; remove it, or declare the relationship on the schema object",
        };
      }
      // A policy validation names its failing node one way: a fixed `path` or a computed `pathExpression`.
      const node = doc.valueAt(at);
      if (isMapping(node) && "path" in node && "pathExpression" in node) {
        return { pointer: `${at}/pathExpression`, target: "key", message: "`path` and `pathExpression` cannot both be set: keep `path` for a fixed node, or `pathExpression` to compute it" };
      }
      return value(`${subject} ${error.message ?? "is not allowed"}`);
    }
    default:
      return value(`${subject} ${error.message ?? `fails ${error.keyword}`}`);
  }
}

/**
 * A quality rule with a comparison or `arguments` but no `type`, `metric`, `query` or v3.0 `rule`: ODCS leaves
 * `type` out only for a library rule, which names its `metric`, so no variant of the rule declares those
 * keys, and "unknown property `mustBe` …; remove it" would point at the wrong fix. The message is the same
 * for each such key, so their issues collapse into one, at the rule: it names no metric.
 */
function describeUnnamedMetric(rule: Record<string, unknown>, property: string): string | undefined {
  const needsMetric = (key: string) => isQualityComparator(key) || key === "arguments";
  if (["type", "metric", "query"].some((key) => key in rule)) return undefined;
  if ("rule" in rule) return property === "rule" || needsMetric(property) ? describeRuleWithoutMetric(rule) : undefined;
  if (!needsMetric(property)) return undefined;
  const written = codeList(Object.keys(rule).filter(needsMetric)).replace(/, (?=[^,]*$)/, " and ");
  return `the quality rule has ${written} but names no \`type\` and no \`metric\`: add metric: <what to measure, such as rowCount>, or type: sql with a query`;
}

/**
 * A v3.1.0 quality rule that names its check with v3.0's `rule` and no `metric` (a contract whose apiVersion
 * was raised without rewriting its rules): v3.1.0 reads `rule` only in a library rule, which a `metric` (or
 * `type: library`) selects, so `rule` and the rule's comparison are all "unknown", and "remove `mustBe`" would
 * point at the wrong fix. One message, at the rule, names the metric that replaces it.
 */
function describeRuleWithoutMetric(rule: Record<string, unknown>, suggestComparison = true): string {
  const metric = odcsLibraryMetric(rule.rule);
  const written = typeof rule.rule === "string" ? `\`rule: ${rule.rule}\`` : "`rule`";
  const replacement = metric ? `metric: ${metric}` : `metric: <one of ${ODCS_LIBRARY_METRICS.join(", ")}>`;
  // A v3.0 assertion (`rule: nullCheck`) compared nothing; a v3.1.0 library rule needs exactly one comparison.
  const comparison = !suggestComparison || Object.keys(rule).some(isQualityComparator) ? "" : ", with a comparison such as mustBe: 0";
  return `the quality rule names its check with ${written} (the ODCS v3.0 form) and no \`metric\`; v3.1.0 reads \`rule\` only beside a metric: write ${replacement} instead${comparison}`;
}

/** ESLint's numeric rule levels, by number. */
const ESLINT_LEVELS: Readonly<Record<number, string>> = { 0: "off", 1: "warning", 2: "error" };

/**
 * "; did you mean `error`?" for a misspelt, miscased or shortened word among an enum's values (`ERROR`,
 * `Snake_Case`, `forwards`, `warn`, `int`), as unknown keys get one. Not for versions (`v2.2.2` is no typo of
 * `v3.0.2`) nor typos of under four letters, which are near too many values by edit distance alone.
 */
function didYouMeanValue(written: unknown, allowed: readonly string[]): string {
  // ESLint's numeric levels (`naming-convention: 2`), written by habit where a rule level is meant.
  const eslintLevel = typeof written === "number" && ["off", "warning", "error"].every((level) => allowed.includes(level)) ? ESLINT_LEVELS[written] : undefined;
  if (eslintLevel !== undefined) return `; did you mean \`${eslintLevel}\`? (ESLint's ${written})`;
  if (typeof written !== "string" || /^v?\d/i.test(written)) return "";
  const meant = meantValue(written, allowed);
  return meant === undefined ? "" : `; did you mean \`${meant}\`?`;
}

function describeTypeError(error: ErrorObject, doc: DocumentView): SchemaIssue | undefined {
  const at = error.instancePath;
  const segments = fromPointer(at);
  // An object-level relationship needs `from` and `to` of the same shape (both references or both lists).
  if (segments.at(-1) === "to" && segments.at(-3) === "relationships") {
    const relationship = doc.objectAt(toPointer(segments.slice(0, -1))) ?? {};
    const shape = (v: unknown) => (typeof v === "string" ? "reference" : Array.isArray(v) ? "list" : undefined);
    const from = shape(relationship.from);
    const to = shape(relationship.to);
    // Otherwise `to` is of no valid shape at all, and its own error says so.
    if (!from || !to) return undefined;
    const expected = from === "list" ? "a list, like `from`" : "a single reference, like `from`";
    return { pointer: at, target: "value", message: `\`to\` must be ${expected} (both are single references or both are lists)` };
  }
  const types = String(error.params.type).split(",");
  const value = doc.valueAt(at);
  // A list of members is the team of ODCS v3.0 (and, deprecated, of v3.1.0); an ODPS product's team is only an
  // object, so a product written after a contract's team fails here: say where the list goes.
  if (at === "/team" && types.join() === "object" && Array.isArray(value)) {
    return { pointer: at, target: "value", message: "`team` must be an object, not a list of members: write team: {name: <team>, members: [...]} and move the list under `members`" };
  }
  const hint = (types.includes("boolean") ? yaml11BooleanHint(value) : "") || quotedValueHint(types, value);
  return { pointer: at, target: "value", message: `${doc.subject(at)} must be ${joinOr(types.map((type) => typeName(type, value)))}${hint}` };
}

const NUMBER_TEXT = /^[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?$/;

/**
 * "; `9.99` is quoted, which makes it text: write it without the quotes" for a number or boolean written in
 * quotes where the schema wants one (`priceAmount: "9.99"`, `required: "true"`, JSON's `"primaryKeyPosition": "1"`):
 * the author sees the number in the editor, and "must be a number" alone reads as a contradiction. (The other way
 * round, a number where text belongs, is unquotedTextHint's.) "" for any other value.
 */
export function quotedValueHint(types: readonly string[], value: unknown): string {
  if (typeof value !== "string" || types.includes("string")) return "";
  const text = value.trim();
  const number = NUMBER_TEXT.test(text) && (types.includes("number") || (types.includes("integer") && /^[-+]?\d+$/.test(text)));
  const boolean = types.includes("boolean") && (text === "true" || text === "false");
  return number || boolean ? `; \`${text}\` is quoted, which makes it text: write it without the quotes` : "";
}

/** A date or an RFC 3339 date-time, in its parts: written in the shape its format hint shows. */
const DATE_SHAPE = /^(\d{4}-\d{2}-\d{2})(?:[Tt ](\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})))?$/;

/**
 * Why a `date` or `date-time` written in the shape of its format hint is refused all the same: a day no calendar has
 * (a waiver's `expires: 2027-02-29`, `contractCreatedTs: 2024-04-31T10:00:00Z`) or no time of day (`25:00:00Z`).
 * "must be a date like 2024-01-31" alone reads as a contradiction. Empty for any other text (the hint says it all).
 */
function noSuchDateOrTime(format: string, written: string): string {
  const parts = DATE_SHAPE.exec(written);
  if (!parts || (format === "date") !== (parts[2] === undefined) || (format !== "date" && format !== "date-time")) return "";
  if (!readIsoDateTime(parts[1]!)) return `; ${parts[1]!} is no day of the calendar`;
  // (an offset past +23:59 too: RFC 3339's, as the schema's date-time reads it)
  return parts[2] !== undefined && !readIsoDateTime(written) ? `; ${parts[2]} is no time of day` : "";
}

const FORMAT_HINTS: Record<string, string> = {
  "date-time": "must be a date-time like 2024-01-31T09:00:00Z (RFC 3339, with a time zone)",
  date: "must be a date like 2024-01-31",
  uri: "must be an absolute URI with a scheme, like https://example.com/x or s3://bucket/path",
};

/**
 * What the id and name patterns of the schemas allow, in words: an ODCS element id; a policy's rule ids and its
 * `metadata.name` (one pattern), its variables' names (CEL identifiers: `first-object` would read as a subtraction in
 * `variables.first-object`) and its matchConditions' names.
 */
const NAME_PATTERN_HINTS: Record<string, string> = {
  "^[A-Za-z0-9_-]+$": "may contain only letters, digits, `_` and `-`",
  "^[a-z0-9]([a-z0-9-]*[a-z0-9])?$": "may contain only lowercase letters, digits and `-`, and must start and end with a letter or digit",
  "^[A-Za-z_][A-Za-z0-9_]*$": "may contain only letters, digits and `_`, and must not start with a digit: expressions read it as `variables.<name>` (write `firstObject` or `first_object`, not `first-object`)",
  "^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$": "may contain only letters, digits, `-`, `_` and `.`, and must start and end with a letter or digit",
};

/** A `path` of a policy validation or a waiver (meshkit's schemas): a JSON pointer to a node. */
const JSON_POINTER_PATTERN = "^(/.*[^/])?$";

/** `format: uri` as the validators check it (scripts/build-validators.mjs URI_PATTERN). */
const URI_PATTERN = "^[A-Za-z][A-Za-z0-9+.-]*:\\S*$";

/** Whether `format: uri` (as the validators check it) takes a text: one it refuses is schema-valid's finding. */
export function isSchemaUri(text: string): boolean {
  return new RegExp(URI_PATTERN).test(text);
}

function patternHint(pointer: string, pattern: string): string {
  if (pattern === URI_PATTERN) return FORMAT_HINTS.uri!;
  const segments = fromPointer(pointer);
  const last = segments.at(-1);
  const named = last !== undefined && /^\d+$/.test(last) ? segments.at(-2) : last;
  const words = NAME_PATTERN_HINTS[pattern];
  if (words) return words;
  if (named === "from" || named === "to") {
    return "must reference a property as `object.property` or `schema/<object id>/properties/<property id>` (optionally prefixed by `file.yaml#`)";
  }
  if (pattern.startsWith("^sftp:")) return "must be an sftp:// URL";
  if (named === "approver") return "must name who approved it, not be blank";
  if (named === "justification") return "must say why in at least 10 characters besides the spaces around them";
  if (named === "package") return 'must be a Rego package name: meshkit.contracts, data_eng["team-x"].rules or a/b/c';
  // meshkit.yaml's catalog.target and policy.opa.url: the forms in words, not the schema's regex.
  if (pointer === "/catalog/target") return "must be one of dir:<folder>, git:<repository>#<branch>, datahub:<gms-url>, openmetadata:<url> or backstage:<folder> (e.g. git:https://github.com/acme/data-catalog.git#catalog)";
  if (pointer === "/policy/opa/url") return "must be an http:// or https:// URL, e.g. http://localhost:8181";
  // A pointer ending in `/` names an empty key (RFC 6901): it matched no node, so the waiver waived nothing.
  if (named === "path" && pattern === JSON_POINTER_PATTERN) return 'must be a JSON pointer to a node: "" for the whole document, or one starting with / and not ending with it (/schema/0/properties/1)';
  return `must match the pattern ${pattern}`;
}

/** Read-only view of the validated document, to name things in messages. */
class DocumentView {
  constructor(
    private readonly root: unknown,
    private readonly rootNoun: DocumentNoun,
  ) {}

  valueAt(pointer: string): unknown {
    let node = this.root;
    for (const segment of fromPointer(pointer)) {
      if (node === null || typeof node !== "object") return undefined;
      node = (node as Record<string, unknown>)[segment];
    }
    return node;
  }

  objectAt(pointer: string): Record<string, unknown> | undefined {
    const node = this.valueAt(pointer);
    return node !== null && typeof node === "object" && !Array.isArray(node) ? (node as Record<string, unknown>) : undefined;
  }

  /** How a message names the value at `pointer`: "`port`", "item 2 of `tags`", "the document". */
  subject(pointer: string): string {
    const segments = fromPointer(pointer);
    const last = segments.at(-1);
    if (last === undefined) return `the ${this.rootNoun.noun}`;
    if (/^\d+$/.test(last) && segments.length > 1) return `item ${last} of \`${segments.at(-2)}\``;
    return `\`${last}\``;
  }

  /** What kind of object sits at `pointer`, and whether it has a `customProperties` extension point. */
  describeObject(pointer: string): { noun: string; extensible: boolean } {
    const segments = fromPointer(pointer);
    if (segments.length === 0) return this.rootNoun;
    const last = segments.at(-1)!;
    const isItem = /^\d+$/.test(last);
    const container = isItem ? segments.at(-2)! : last;
    if (!isItem && container === "logicalTypeOptions") {
      const logicalType = this.objectAt(toPointer(segments.slice(0, -1)))?.logicalType;
      const of = typeof logicalType === "string" ? `logicalType \`${logicalType}\`` : "a property without logicalType";
      return { noun: `logicalTypeOptions (for ${of})`, extensible: false };
    }
    const known = (isItem ? LIST_ITEM_NOUNS : OBJECT_NOUNS)[container];
    if (!known) return { noun: `\`${container}\``, extensible: false };
    // Servers and quality rules allow different keys per type: say which type was checked.
    const type = this.objectAt(pointer)?.type;
    if (TYPED_NOUNS.has(known.noun) && typeof type === "string") return { ...known, noun: `${known.noun} of type \`${type}\`` };
    return known;
  }
}

/** Nouns for the items of each list, keyed by the list's property name (both standards). */
const LIST_ITEM_NOUNS: Record<string, { noun: string; extensible: boolean }> = {
  servers: { noun: "server", extensible: true },
  schema: { noun: "schema object", extensible: true },
  properties: { noun: "schema property", extensible: true },
  quality: { noun: "quality rule", extensible: true },
  relationships: { noun: "relationship", extensible: true },
  team: { noun: "team member", extensible: true },
  members: { noun: "team member", extensible: true },
  roles: { noun: "role", extensible: true },
  support: { noun: "support channel", extensible: true },
  slaProperties: { noun: "SLA property", extensible: false },
  customProperties: { noun: "custom property", extensible: false },
  authoritativeDefinitions: { noun: "authoritative definition", extensible: false },
  inputPorts: { noun: "input port", extensible: true },
  outputPorts: { noun: "output port", extensible: true },
  managementPorts: { noun: "management port", extensible: true },
  sbom: { noun: "SBOM entry", extensible: false },
  inputContracts: { noun: "input contract", extensible: false },
};

const TYPED_NOUNS = new Set(["server", "quality rule"]);
const PROPERTY_NOUNS = new Set(["schema property", "array items definition"]);

/** Nouns for objects held directly by a property. */
const OBJECT_NOUNS: Record<string, { noun: string; extensible: boolean }> = {
  team: { noun: "team", extensible: true },
  description: { noun: "description", extensible: true },
  price: { noun: "price", extensible: false },
  items: { noun: "array items definition", extensible: true },
};

const TYPE_NAMES: Record<string, string> = {
  string: "a string",
  number: "a number",
  integer: "an integer",
  boolean: "a boolean (true or false)",
  object: "an object",
  array: "an array",
  null: "null",
};

/**
 * How a JSON type is named in "must be …" for `value`. A YAML `.inf`, `-.inf` or `.nan` is a number, but
 * JSON has none of them and the schemas refuse them (ajv's strictNumbers): told it "must be a number", the
 * author of `maximum: .inf` would not see what is wrong.
 */
function typeName(type: string, value: unknown): string {
  if (type === "number" && typeof value === "number" && !Number.isFinite(value)) return "a finite number";
  return TYPE_NAMES[type] ?? type;
}

function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}

function codeList(values: readonly string[]): string {
  return values.map((v) => `\`${v}\``).join(", ");
}

function joinOr(values: readonly string[]): string {
  return values.length <= 1 ? (values[0] ?? "") : `${values.slice(0, -1).join(", ")} or ${values.at(-1)}`;
}

function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}
