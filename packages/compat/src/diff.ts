import { posix } from "node:path";
import { RENAME_PROPERTY, SEMVER_2_0_0, compareSemverText, isMapping, isQualityComparator, isSensitiveProperty, normalizedQualityRule, ownValue, readQualityUnit, renamedFromOf, ruleSeverity, toPointer, type PathSegment } from "@meshkit/core";
import type { ChangeKindId } from "./kinds.js";
import { columnAt, objectRelationKeys, referenceIndex, relationFrom, relationKey, type ReferenceIndex, relationOwners } from "./relations.js";
import { DEFAULT_PHYSICAL_DIALECT, WIDER_THAN_EVERY_FORMAT, integerFormatOfPhysical, logicalTypeOfPhysical, physicalDialectOf, relateLogicalTypes, relatePhysicalTypes, relatePhysicalTypesOn, relateSharedStructFields, serverReadingsOf, structFieldNames, type PhysicalDialect, type ServerReading, type PhysicalTypeRelation, type TypeRelation } from "./types.js";
import { acceptedValues, canonical, compareQualityRule, compareSla, isDescriptiveQualityField, restatedFlag, restatedUniqueColumns, type RestatedFlag, measuredMetric, sqlQueryText, integerFormatRange, isMultiple, literalAlternatives, relateConstraint, relateRange, relateRangeEnd, slaPropertyName, CLASSIFICATION_ORDER, OPTION_DEFAULTS, RANGE_ENDS, TEMPORAL_DEFAULT_TIMEZONE, TYPE_OPTIONS, type ConstraintRelation, type RangeEnd } from "./guarantees.js";

type Mapping = Record<string, unknown>;

/** One difference between the base and the head version of a document. */
export interface Change {
  kind: ChangeKindId;
  /** What changed, as a person names it: `orders.amount`, `server prod`, `port orders`. */
  element: string;
  /** JSON pointer in the head document; for a removal, its nearest surviving parent. */
  headPath: string;
  /** JSON pointer in the base document, when the element existed there. */
  basePath?: string;
  message: string;
}

export interface DiffOptions {
  /** "Now", for deprecation dates: removal is allowed after the date the base version announced. */
  now?: Date;
  /**
   * Each side's file, as the head names files (a base file at its place): a `local` server's `path` and a
   * `duckdb` server's `database` are relative to it, so a moved contract is compared by where they lead.
   */
  files?: { base: string; head: string };
  /**
   * Told of every list a side writes as something else (`outputPorts: orders`): the document is
   * schema-invalid there, and that list is not compared (its entries are neither removed nor added).
   * Told too of every schema object or property without a name (see UnnamedElement).
   */
  onInvalid?: (problem: InvalidPart) => void;
  /**
   * Contracts only: what served it, each withdrawn the documented way (see Withdrawal). Provision leaves a
   * retired product's contracts out, and a port removed after its deprecation date serves it no more, so
   * retiring the contract too takes nothing more from consumers than that announced withdrawal did.
   */
  retiredWith?: Withdrawal;
  /**
   * Products only: the contracts the head retires, each with whether its released version was `deprecated` (see
   * RetiringContracts). Provision leaves a retired contract out, so an output port moved to its retired version
   * serves nothing: not a newer compatible version (output-port-upgraded), but the end of the port's data.
   */
  retiringContracts?: RetiringContracts;
}

/** Contract id → whether its retirement was announced (the released version `deprecated`), and the version that retires it. */
export type RetiringContracts = ReadonlyMap<string, { announced: boolean; version: string }>;

/**
 * How a contract's released output ports were withdrawn the documented way: `products`, the ids of products
 * retired after a `deprecated` release (or released as retired); `ports`, the output ports (`x` of product p)
 * released with a `deprecated` date that has passed and removed since. No head product serves it any more.
 */
export interface Withdrawal {
  products: readonly string[];
  ports: readonly string[];
}

/**
 * How every reason a retirement gives for a change breaking no consumer ends (a bump sentence's `Requires a minor
 * version bump: <reason>.`): the changelog cuts that sentence off there, since a reason may name ids holding a `.`.
 */
export const NO_CONSUMER_READS_IT = ", so no consumer reads it";

/** Why a contract may go with what served it (see DiffOptions.retiredWith), for a message. */
export function retiredWithProducts({ products, ports }: Withdrawal): string {
  const retired = products.length === 0 ? [] : [`${products.length === 1 ? "the product" : "every product"} that served it (${products.join(", ")}) is retired after a deprecated release, and provision leaves a retired product's contracts out`];
  const removed = ports.length === 0 ? [] : [`${ports.length === 1 ? "the output port" : "every output port"} that served it${products.length === 0 ? "" : " otherwise"} (${ports.join(", ")}) was removed after its deprecation date`];
  return `${[...retired, ...removed].join(", and ")}${NO_CONSUMER_READS_IT}`;
}

/** Where a side is schema-invalid in a way that keeps part of it from being compared. */
export type InvalidPart = InvalidList | UnnamedElement;

/** A list the standard requires (`outputPorts`, `schema`, `properties`, …) that a side writes as something else. */
export interface InvalidList {
  kind: "not-a-list";
  side: "base" | "head";
  /** The list's key, as the document writes it. */
  key: string;
  /** JSON pointer of the list in that side's document. */
  path: string;
  /** JSON pointer in the head document to point at: the list, or its nearest parent there. */
  headPath: string;
  /** What the side holds there: `a string`, `a mapping`, … */
  found: string;
}

/**
 * A schema object or property without a `name` (ODCS requires one): its name is how every change, ignore
 * entry and consumer's `usedColumns` names it, so it is not compared; nor are the other side's entries of
 * its list that nothing pairs, as any of them may be this one (none is reported removed, or added).
 */
export interface UnnamedElement {
  kind: "unnamed";
  side: "base" | "head";
  what: "object" | "property";
  /** The object or property whose `properties` hold it (`orders`, `orders.address`); none for an object. */
  owner?: string;
  /** What the side holds for `name`: `missing`, `a number`, … */
  found: string;
  /** JSON pointer of the element in that side's document. */
  path: string;
  /** JSON pointer in the head document to point at: the element, or its list or nearest parent there. */
  headPath: string;
}

/** Where an element sits in each document, and its value there. */
interface Located {
  value: Mapping;
  path: PathSegment[];
}

/**
 * The customProperty that announces a removal: `{ property: deprecated, value: "2026-12-31" }` on a
 * property, object, server or output port. After that date the element may go in a minor version.
 */
export const DEPRECATION_PROPERTY = "deprecated";
/** The customProperty that names an element's previous name (`renamedFromOf` reads it; provision reads it the same way). */
export { RENAME_PROPERTY };

/** Every change between two versions of one ODCS contract. */
export function diffContracts(base: unknown, head: unknown, options: DiffOptions = {}): Change[] {
  const b = asMapping(base);
  const h = asMapping(head);
  const servers = judgedServerTypes(serverTypes(b), serverTypes(h));
  const differ = new Differ(options, physicalDialectOf(servers), serverReadingsOf(servers));
  differ.documentFields(b, h, "contract");
  differ.objects(b, h);
  differ.slas(b, h);
  differ.servers(b, h);
  differ.roles(b, h);
  return differ.changes;
}

/** How a type change is said in a finding: `Physical type of \`orders.payload\` gained struct fields: …`. */
const TYPE_RELATION_WORDS: Record<Exclude<PhysicalTypeRelation, "same">, string> = {
  widened: "was widened",
  narrowed: "was narrowed",
  changed: "changed",
  "fields-added": "gained struct fields",
  "fields-removed": "lost struct fields",
};

/** The ODCS `type` of each server a contract lists: the engines its physical types are written for. */
function serverTypes(contract: Mapping): string[] {
  return Array.isArray(contract.servers) ? contract.servers.flatMap((server) => (isMapping(server) && typeof server.type === "string" ? [server.type] : [])) : [];
}

/**
 * The server types a physical type change is judged on: those both sides list, since a consumer of a server
 * the base lacks read nothing before (its arrival is `server-added`) and one of a server the head drops reads
 * nothing after; with `postgres` on both sides and `duckdb` new, `float` → `double precision` is no change.
 * With none in common (every server moved, or one side lists none), every server either side lists.
 */
function judgedServerTypes(base: readonly string[], head: readonly string[]): string[] {
  const headTypes = new Set(head.map(normalServerType));
  const shared = base.filter((type) => headTypes.has(normalServerType(type)));
  return shared.length > 0 ? shared : [...base, ...head];
}

/** A server's engine: its ODCS type in lower case, with ODCS's two spellings of PostgreSQL's one. */
function normalServerType(type: string): string {
  const lower = type.trim().toLowerCase();
  return lower === "postgresql" ? "postgres" : lower;
}

/**
 * Whether a property's nested `properties` name exactly the fields of its struct physicalType (by physicalName,
 * else name, in any case): then each field added or removed is a property added or removed as well. For an
 * array of structs (`ARRAY<STRUCT<…>>`), its `items` describe the element's fields.
 */
function describesStructFields(property: Mapping): boolean {
  const fields = structFieldNames(str(property.physicalType));
  const nested = describedFields(property);
  if (fields === undefined || nested === undefined) return false;
  const described = new Set(nested.flatMap((field) => {
    const name = isMapping(field) ? (str(field.physicalName) ?? str(field.name)) : undefined;
    return name === undefined ? [] : [name.toLowerCase()];
  }));
  return described.size === fields.length && fields.every((field) => described.has(field));
}

/** The nested `properties` of a property, or of its array `items` (at any depth), that describe its fields. */
function describedFields(property: Mapping): unknown[] | undefined {
  if (Array.isArray(property.properties)) return property.properties;
  return isMapping(property.items) ? describedFields(property.items) : undefined;
}

/** Every change between two versions of one ODPS product. */
export function diffProducts(base: unknown, head: unknown, options: DiffOptions = {}): Change[] {
  const differ = new Differ(options);
  const b = asMapping(base);
  const h = asMapping(head);
  differ.documentFields(b, h, "product");
  differ.ports(b, h);
  differ.managementPorts(b, h);
  return differ.changes;
}

function asMapping(value: unknown): Mapping {
  return isMapping(value) ? value : {};
}

function mappings(value: unknown): Mapping[] {
  return Array.isArray(value) ? value.filter(isMapping) : [];
}

/**
 * When an element announced with a `deprecated` custom property may go (epoch ms), or undefined when the
 * value is no ISO 8601 date: a calendar date (`2026-06-30`, removable *after* it, from the next day's
 * start in UTC) or a date-time with its offset (`2026-06-30T12:00:00Z`, removable from that instant).
 * Strict, unlike Date.parse, which reads "1.5.0" as a day in 2000 and rolls 2025-02-30 over into March.
 */
export function deprecationEnd(value: unknown): number | undefined {
  if (typeof value !== "string") return undefined;
  const match = /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?([Zz]|[+-]\d{2}:\d{2}))?$/.exec(value.trim());
  if (!match) return undefined;
  const [, year, month, day, hour, minute, second, offset] = match;
  const [y, m, d] = [Number(year), Number(month), Number(day)];
  const midnight = Date.UTC(y, m - 1, d);
  const real = new Date(midnight);
  if (real.getUTCFullYear() !== y || real.getUTCMonth() !== m - 1 || real.getUTCDate() !== d) return undefined;
  if (hour === undefined) return Date.UTC(y, m - 1, d + 1);
  if (Number(hour) > 23 || Number(minute) > 59 || Number(second ?? 0) > 59) return undefined;
  const instant = Date.parse(value.trim().replace(" ", "T"));
  return Number.isNaN(instant) || offset === undefined ? undefined : instant;
}

/** Whether an element (object, property, server, port) announced a `deprecated` date that has passed by `now`. */
export function deprecationPassed(element: unknown, now: Date): boolean {
  const until = isMapping(element) ? deprecationEnd(customProperty(element, DEPRECATION_PROPERTY)) : undefined;
  return until !== undefined && until <= now.getTime();
}

/** ODCS / ODPS statuses of a version consumers may build on, and of one not yet for use (read without case). */
const RELEASED_STATUSES: ReadonlySet<string> = new Set(["active", "deprecated"]);
const UNRELEASED_STATUSES: ReadonlySet<string> = new Set(["draft", "proposed"]);

/**
 * A contract's or product's status as the stages read it: `deprecated` or `retired` in any case (provision
 * reads `Retired` as retired), undefined for any other (active, draft, proposed, one of its own).
 */
export function documentStatus(status: unknown): "deprecated" | "retired" | undefined {
  const text = typeof status === "string" ? status.trim().toLowerCase() : undefined;
  return text === "deprecated" || text === "retired" ? text : undefined;
}

function str(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

function customProperty(element: Mapping, name: string): unknown {
  return mappings(element.customProperties).find((p) => p.property === name)?.value;
}

/** A port's version as semver reads it (a written `v` and surrounding spaces aside), its numbers kept as written: of any size. */
interface PortSemver {
  major: string;
  minor: string;
  patch: string;
  preRelease: string | undefined;
  /** Without the `v` and build metadata: `1.4.2`, `1.5.0-rc.1`. */
  version: string;
}

/** Whether two versions are one release: as written, or as semver reads them (`v1.5.0`, `1.5.0+build`). */
function sameVersion(a: unknown, b: unknown): boolean {
  if (same(a, b)) return true;
  const [x, y] = [typeof a === "string" ? portSemver(a) : undefined, typeof b === "string" ? portSemver(b) : undefined];
  return x !== undefined && y !== undefined && x.version === y.version;
}

function portSemver(version: string): PortSemver | undefined {
  const match = SEMVER_2_0_0.exec(version.trim().replace(/^v(?=\d)/, ""));
  if (!match) return undefined;
  const [, major = "", minor = "", patch = "", preRelease] = match;
  return { major, minor, patch, preRelease, version: `${major}.${minor}.${patch}${preRelease === undefined ? "" : `-${preRelease}`}` };
}

/**
 * The releases of a contract a consumer of `version` can be moved to without breaking: semver's caret
 * range. ^1.4.2 is 1.x from 1.4.2 on; under 0.x anything may change (semver §4), so ^0.3.1 is 0.3.x and
 * ^0.0.3 only 0.0.3. A version semver cannot read but that starts with numbers is read by them, leading
 * zeros dropped: numbers alone abbreviate a version (`1.4` is 1.4.0, `0.3` 0.3.0, as the verdict reads a
 * released `1.0`), so it is ordered too (`1.5.0` → `1.2` is older, `0.3` → `0.4` another line under 0.x);
 * with anything after them (`1.4.x`, `2.1-final`) they give only the line. One that does not start with a
 * number (`latest`) has no line: it cannot be compared. Numbers are compared as written, not as doubles:
 * beyond 2^53 (semver sets no limit) 0.9007199254740993.0 and 0.9007199254740994.0 are two lines, and the
 * semver library reads neither.
 */
export function compatibilityLine(version: unknown): { line: string; version?: string } | undefined {
  if (typeof version !== "string") return undefined;
  const parsed = portSemver(version);
  if (parsed) return { line: caretLine(parsed.major, parsed.minor, parsed.patch), version: parsed.version };
  const text = version.trim();
  const numbers = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?/i.exec(text);
  if (!numbers) return undefined;
  const [major = "", minor, patch] = numbers.slice(1).map((n) => n?.replace(/^0+(?=\d)/, ""));
  // Numbers alone are the version they abbreviate, line included (`0` is 0.0.0, whose line is 0.0.0, not all of 0.x).
  if (numbers[0].length === text.length) return { line: caretLine(major, minor ?? "0", patch ?? "0"), version: `${major}.${minor ?? "0"}.${patch ?? "0"}` };
  return { line: caretLine(major, minor, patch) };
}

/** The caret range's line of a version's numbers (those written: `0.3.x` gives 0.3): the major, under 0.x the minor, under 0.0 the patch. */
function caretLine(major: string, minor: string | undefined, patch: string | undefined): string {
  if (major !== "0" || minor === undefined) return major;
  return minor !== "0" || patch === undefined ? `0.${minor}` : `0.0.${patch}`;
}

/**
 * Whether `other` lies in the line of `range`, a version that gives only its line (`0.x`, `0.0.x`): the caret range
 * reads the numbers written, so ^0.x takes all of 0.x (0.3.0, whose own line is 0.3) and ^0.0.x all of 0.0.x.
 */
function withinWrittenLine(range: { line: string; version?: string }, other: { line: string }): boolean {
  return range.version === undefined && other.line.startsWith(`${range.line}.`);
}

/**
 * How an output port's version moved, as its consumers see it (semver's caret range of the released one):
 * - `line`: another line (another major; another minor under 0.x; another 0.0.z);
 * - `older`: an older version of the line (what it added is gone);
 * - `pre-release`: a pre-release the range does not take (1.4.2 → 1.5.0-rc.1; semver §9: it "might not
 *   satisfy the intended compatibility requirements");
 * - `incomparable`: a version on one side is not one meshkit can read (`latest`, none);
 * - `upgraded`: a newer minor version in the line (1.4.2 → 1.5.0), or a newer one under 0.x, where the
 *   patch position carries features as well (0.3.0 → 0.3.1): new compatible features;
 * - `patch`: a newer patch (1.4.2 → 1.4.3), or build metadata only;
 * - `same`: no change.
 */
export type PortVersionMove = "same" | "patch" | "upgraded" | "line" | "older" | "pre-release" | "incomparable";

export function portVersionMove(before: unknown, after: unknown): PortVersionMove {
  if (same(before, after)) return "same";
  const [b, a] = [compatibilityLine(before), compatibilityLine(after)];
  if (!b || !a) return "incomparable";
  // Only the released side's range counts: a port that served 0.3.0 and now serves any of 0.x (`0.x`) is
  // another line to its consumers (^0.3.0 takes no 0.4.0), as 0.0.3 → 0.0.x and 0.0.x → 0.x are.
  if (b.line !== a.line && !withinWrittenLine(b, a)) return "line";
  if (!b.version || !a.version) {
    // One side gives only its line (`1.4.x` → `1.5.0`): the same line, nothing to order. But the caret range takes
    // no pre-release of another release (semver §9), however the released version is written (`1.4.x` → `1.5.0-rc.1`).
    return a.version !== undefined && portSemver(a.version)?.preRelease !== undefined ? "pre-release" : "patch";
  }
  const order = compareSemverText(a.version, b.version); // §11, exactly
  if (order < 0) return "older";
  if (order === 0) return "patch"; // build metadata or a `v` only
  const [from, to] = [portSemver(b.version)!, portSemver(a.version)!];
  // The caret range takes a newer version of its line, but a pre-release only of its own release when it is
  // one itself (^1.0.0-rc.1 takes 1.0.0-rc.2, not 1.1.0-rc.1), as npm reads it.
  const ownRelease = from.preRelease !== undefined && `${to.major}.${to.minor}.${to.patch}` === `${from.major}.${from.minor}.${from.patch}`;
  if (to.preRelease !== undefined && !ownRelease) return "pre-release";
  const newer = from.major !== "0" ? BigInt(to.minor) > BigInt(from.minor) : BigInt(to.patch) > BigInt(from.patch);
  return newer ? "upgraded" : "patch";
}

const PORT_MOVES_ELSEWHERE: ReadonlySet<PortVersionMove> = new Set(["line", "older", "pre-release", "incomparable"]);

/** What makes an output port another one to its consumers: its contract, type, server, or a version outside its caret range. */
/** The path of `key` in an element, where the element writes it; else the element's own path. */
function keyPath(element: Located, key: string | undefined): PathSegment[] {
  return key !== undefined && key in element.value ? [...element.path, key] : element.path;
}

/**
 * Where a change among `keys` of an element points: the first of them whose value changed (`before` →
 * `after`, the element's fields as compared) and that the head still writes, else the element itself.
 * A finding points at the exact node (docs/compat.md: `path`), not at the element around it.
 */
function changedKeyPath(before: Mapping, after: Mapping, h: Located, keys: Iterable<string>): PathSegment[] {
  for (const key of keys) {
    if (same(before[key], after[key]) || !(key in h.value)) continue;
    // A mapping on both sides, named by the fields that changed in it (changedFields: `price.priceAmount`), is
    // pointed at the first of them.
    const [was, is, written] = [before[key], after[key], h.value[key]];
    if (isMapping(was) && isMapping(is) && isMapping(written)) return changedKeyPath(was, is, { value: written, path: [...h.path, key] }, new Set([...Object.keys(was), ...Object.keys(is)]));
    return [...h.path, key];
  }
  return h.path;
}

function portTargetChanges(b: Mapping, h: Mapping): string[] {
  const changed: string[] = ["contractId", "type", "server"].filter((key) => !same(b[key], h[key]));
  const move = portVersionMove(b.version, h.version);
  if (PORT_MOVES_ELSEWHERE.has(move)) changed.push(`version ${move}`);
  return changed;
}

/**
 * How an output port moved, naming only what did: its contract (with the versions, which say which
 * release of each), else its version (outside the released one's line, older, a pre-release, or one
 * that cannot be compared), its type, its server.
 */
function portMoves(b: Mapping, h: Mapping, moved: readonly string[]): string[] {
  const parts: string[] = [];
  const versions = `version ${asText(b.version)} → ${asText(h.version)}`;
  if (moved.includes("contractId")) parts.push(`contract ${asText(b.contractId)}@${asText(b.version)} → ${asText(h.contractId)}@${asText(h.version)}`);
  else if (moved.includes("version older")) parts.push(`${versions} (an older version of its contract)`);
  else if (moved.includes("version pre-release")) parts.push(`${versions} (a pre-release, outside ^${asText(compatibilityLine(b.version)?.version ?? b.version)}: semver §9 says it might not satisfy the compatibility requirements)`);
  else if (moved.includes("version incomparable")) {
    const unreadable = [b.version, h.version].filter((v) => !compatibilityLine(v)).map((v) => (v === undefined || v === null ? "none" : JSON.stringify(v)));
    parts.push(`${versions} (${unreadable.join(" and ")} ${unreadable.length > 1 ? "are not versions" : "is not a version"} meshkit can compare, so consumers of the released one cannot be told they can follow)`);
  } else if (moved.includes("version line")) {
    // What consumers of the released version cannot follow (semver §4: under 0.x anything may change).
    const depth = compatibilityLine(b.version)?.line.split(".").length;
    // From 0.x to 1.0.0 or later is another major version, whichever 0.x line the released one was on; a head that
    // gives only the line `0.x` stays under 0.x (0.3.0 → 0.x takes other minor versions, not another major).
    const leavesZero = depth !== 1 && compatibilityLine(h.version)?.line.split(".")[0] !== "0";
    const outside = depth === 1 || leavesZero ? " (another major version)" : depth === 2 ? " (another minor version under 0.x)" : depth === 3 ? " (another 0.0.x version)" : "";
    parts.push(`${versions}${outside}`);
  }
  if (moved.includes("type")) parts.push(`type ${asText(b.type)} → ${asText(h.type)}`);
  if (moved.includes("server")) parts.push(`server ${asText(b.server)} → ${asText(h.server)}`);
  return parts;
}

function same(a: unknown, b: unknown): boolean {
  return a === b || canonical(a) === canonical(b);
}

/**
 * Any value as a message names it (a schema-invalid document still gets readable messages): text as written,
 * numbers and booleans as YAML writes them, an absent one as `missing`, a list or mapping as JSON, cut short.
 */
function asText(value: unknown, missing = "none"): string {
  if (typeof value === "string") return value;
  if (value === undefined || value === null) return missing;
  if (typeof value !== "object") return String(value);
  const json = JSON.stringify(value);
  return json.length > 60 ? `${json.slice(0, 59)}…` : json;
}

/**
 * A key column's declared primaryKeyPosition (1, 2, …), as provision and contract-test read it; undefined for
 * none, ODCS's default -1, 0 or anything else that numbers no place in the key.
 */
function declaredKeyPosition(property: Mapping): number | undefined {
  const position = property.primaryKeyPosition;
  return typeof position === "number" && position > 0 ? position : undefined;
}

/** A value short enough to show in a message as written; undefined for lists, mappings and long text. */
function shown(value: unknown): string | undefined {
  if (value === undefined || value === null) return "none";
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (Array.isArray(value)) return shownList(value);
  if (typeof value !== "string" || value.length > 60 || /[\n\r]/.test(value)) return undefined;
  return /^[\w.:@/+-]+$/.test(value) ? value : JSON.stringify(value);
}

/**
 * A short list of plain values as the message shows it (`[100, 1000]`, `[order_id, line_no]`): a between pair or
 * a rule's columns named, not only its key; undefined for a list of mappings or one too long to show. A text that
 * reads as another value (`"null"`, `"0"`, `"true"`, `"none"`, `""`) is quoted, or `["null"]` → `[null]` (which
 * count other values as missing) would read as no change.
 */
function shownList(values: unknown[]): string | undefined {
  const readsAsOther = (text: string) => text === "" || /^(?:null|none|true|false|~)$/i.test(text.trim()) || (text.trim() !== "" && !Number.isNaN(Number(text)));
  const items = values.map((value) => (value === null ? "null" : typeof value === "string" && readsAsOther(value) ? JSON.stringify(value) : shown(value)));
  if (items.some((item) => item === undefined) || values.some((value) => Array.isArray(value))) return undefined;
  const text = `[${items.join(", ")}]`;
  return text.length > 60 ? undefined : text;
}

/**
 * Whether a paired element whose `name` changed changed it in case only, its name in the data source (physicalName,
 * else name) too: most warehouses fold unquoted names (`order_id` is `ORDER_ID` in Snowflake), so it is the same
 * element, a metadata change and no rename (see Differ.rename).
 */
function renamedInCaseOnly(b: Mapping, h: Mapping): boolean {
  const physical = (m: Mapping) => (str(m.physicalName) ?? str(m.name))?.toLowerCase();
  return str(b.name)?.toLowerCase() === str(h.name)?.toLowerCase() && physical(b) === physical(h);
}

/**
 * For an element reported added that carries a `renamedFrom` hint: the hint paired it with nothing (a typo, a
 * name in another case, or an old element still there), so the rename its author declared is read as an
 * addition (and a removal, if the old one is gone). Said, not passed over: the hint is the only way to declare it.
 */
function unusedRenameHint(element: Mapping, what: string): string {
  const hint = renamedFromOf(element);
  return hint === undefined ? "" : ` Its \`${RENAME_PROPERTY}: ${hint}\` pairs it with nothing: the released version has no ${what} named \`${hint}\` that this version lacks, so it is not read as a rename.`;
}

/**
 * What changed in a quality rule that is neither looser nor stricter, for its message: the fields that decide
 * what it accepts (`query`, `unit rows → percent`, `metric`, a comparator), each argument by its name
 * (`arguments.missingValues`), not the descriptive ones (compareQualityRule leaves those to description-changed).
 */
function changedRuleFields(before: Mapping, after: Mapping): string[] {
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((key) => !isDescriptiveQualityField(key));
  return keys.flatMap((key) => {
    if (key !== "arguments" || !isMapping(before.arguments) || !isMapping(after.arguments)) return changedFields(before, after, [key]);
    const [b, a] = [before.arguments, after.arguments];
    return changedFields(b, a, new Set([...Object.keys(b), ...Object.keys(a)])).map((field) => `arguments.${field}`);
  });
}

/**
 * What changed among `keys` of two versions of an element, as a message lists it: `partitioned true →
 * false` for a value short enough to show, the key alone (`customProperties`) for the rest. Keys are
 * named as the document writes them, so the list says where to look.
 */
export function changedFields(before: Mapping, after: Mapping, keys: Iterable<string>): string[] {
  const out: string[] = [];
  for (const key of keys) {
    if (same(before[key], after[key])) continue;
    // A mapping on both sides is named by the fields that changed in it (`price.priceAmount 9.95 → 19.95`).
    const [was, is] = [before[key], after[key]];
    if (isMapping(was) && isMapping(is)) {
      out.push(...changedFields(was, is, new Set([...Object.keys(was), ...Object.keys(is)])).map((field) => `${key}.${field}`));
      continue;
    }
    const [from, to] = [shown(before[key]), shown(after[key])];
    // Two values that show alike (`0` and the text `'0'`) are told apart by quoting the text.
    const alike = from === to;
    const quoted = (value: unknown, text: string) => (alike && typeof value === "string" ? JSON.stringify(value) : text);
    out.push(from !== undefined && to !== undefined ? `${key} ${quoted(before[key], from)} → ${quoted(after[key], to)}` : key);
  }
  return out;
}

/**
 * What changed in a list of entries keyed by `keyOf` (members by username, support channels by channel):
 * `added ana`, `removed bob`, `changed role of cy` — so a reviewer sees who gains or loses ownership.
 */
function entryChanges(before: unknown, after: unknown, keyOf: (entry: Mapping) => unknown): string[] {
  const byKey = (list: unknown) =>
    new Map(
      mappings(list).flatMap((entry) => {
        const key = keyOf(entry) === undefined ? undefined : shown(keyOf(entry));
        return key === undefined ? [] : [[key, entry] as const];
      }),
    );
  const [was, is] = [byKey(before), byKey(after)];
  const added = [...is.keys()].filter((key) => !was.has(key));
  const removed = [...was.keys()].filter((key) => !is.has(key));
  // A key listed twice on a side pairs no one entry: which of them changed is not known, so none is said to.
  const listedTwice = new Set([before, after].flatMap((list) => mappings(list).flatMap((entry) => (keyOf(entry) === undefined ? [] : [shown(keyOf(entry))])).filter((key, i, keys) => key !== undefined && keys.indexOf(key) !== i)));
  const changed = [...is].flatMap(([key, entry]) => {
    const earlier = was.get(key);
    if (earlier === undefined || same(earlier, entry) || listedTwice.has(key)) return [];
    return [`${changedFields(earlier, entry, new Set([...Object.keys(earlier), ...Object.keys(entry)])).join(", ")} of ${key}`];
  });
  const changes = [...(added.length > 0 ? [`added ${added.join(", ")}`] : []), ...(removed.length > 0 ? [`removed ${removed.join(", ")}`] : []), ...changed.map((c) => `changed ${c}`)];
  // The same entries in another order: said, so that the message does not read as an unexplained change.
  const reordered = changes.length === 0 && was.size === mappings(before).length && is.size === mappings(after).length && [...was.keys()].join("\n") !== [...is.keys()].join("\n");
  return reordered ? [`listed in another order (${[...is.keys()].join(", ")})`] : changes;
}

/** A team's changes: its name, then its members by username (ODCS 3.1 `team`, ODPS `team`; v3.0's list read as members). */
function teamChanges(before: unknown, after: unknown): string[] {
  const [was, is] = [asMapping(before), asMapping(after)];
  return [...changedFields(was, is, ["name"]), ...entryChanges(was.members, is.members, (m) => m.username ?? m.name).map((c) => `members ${c}`)];
}

interface Matched {
  pairs: { base: Located; head: Located; renamed: boolean }[];
  removed: Located[];
  added: Located[];
}

/**
 * An integer's range with its exclusive ends written as inclusive ones (`exclusiveMaximum: 1001` is
 * `maximum: 1000`), so that one range written both ways compares the same, and narrowed to what its
 * format holds. `withDefaultFormat`: a format not written is the default (optionDefaults: the width of its
 * physical integer type, `bigint` → i64, else ODCS's i32) — only where a format is
 * written on one side: two ranges of no format are compared as written (a `maximum: 5000000000` raised
 * with no format anywhere is a loosened constraint, whatever i32 holds). Other types keep theirs.
 */
/** An ODCS 3.0 exclusive flag that says nothing: `exclusiveMaximum: false`, or none written. */
function isUnsetFlag(value: unknown): boolean {
  return value === undefined || value === false;
}

function integerRange(property: Mapping, options: Mapping, withDefaultFormat: boolean, dialect: PhysicalDialect): Mapping {
  if (property.logicalType !== "integer") return options;
  const range = { ...options };
  for (const [exclusive, inclusive, step] of [["exclusiveMaximum", "maximum", -1], ["exclusiveMinimum", "minimum", 1]] as const) {
    // ODCS 3.0 wrote an exclusive end as a flag on the inclusive one (`maximum: 10, exclusiveMaximum: true`).
    const value = range[exclusive] === true ? range[inclusive] : range[exclusive];
    if (typeof value !== "number" || !Number.isFinite(value)) continue;
    if (range[exclusive] === true) delete range[inclusive];
    // The whole number next to it inside the range: below `exclusiveMaximum: 10.5` (or 11) that is 10.
    const bound = step < 0 ? Math.ceil(value) - 1 : Math.floor(value) + 1;
    const written = range[inclusive];
    // Both written: the tighter one is the end.
    range[inclusive] = typeof written === "number" ? (step < 0 ? Math.min(written, bound) : Math.max(written, bound)) : bound;
    delete range[exclusive];
  }
  // An inclusive end between two whole numbers holds the one inside it: `maximum: 10.5` is `maximum: 10`.
  for (const [inclusive, whole] of [["maximum", Math.floor], ["minimum", Math.ceil]] as const) {
    const value = range[inclusive];
    if (typeof value === "number" && Number.isFinite(value)) range[inclusive] = whole(value);
  }
  // The format is a range too (an i8 holds −128 to 127): each end is the tighter of the bound and the format's.
  const held = integerFormatRange(range.format ?? (withDefaultFormat ? optionDefaults(property, dialect).format : undefined));
  // An end written otherwise (a date, not a number) is left as written.
  const numeric = (key: string) => range[key] === undefined || typeof range[key] === "number";
  if (held && numeric("minimum") && numeric("exclusiveMinimum")) range.minimum = Math.max((range.minimum as number | undefined) ?? -Infinity, held.minimum);
  if (held && numeric("maximum") && numeric("exclusiveMaximum")) range.maximum = Math.min((range.maximum as number | undefined) ?? Infinity, held.maximum);
  return range;
}

interface KeyImplies {
  required: boolean;
  unique: boolean;
  /** Unique by an object's duplicateValues rule over this column alone (restatedUniqueColumns): a promise, not a flag. */
  uniqueByObject?: boolean;
}

/** What a side already promises that a quality rule restates (see quality): the element, the promise, and whether the rule says just that. */
interface Restated {
  element: string;
  promise: string;
  restates: boolean;
}
/**
 * `unpaired`: the rules of the rule's own list that the other side lacks (itself among them). What still promises
 * the flag on that side without them is what stays: two rules written in place of one flag both take over its promise.
 */
type RestatedBy = (rule: Mapping, side: "base" | "head", unpaired: ReadonlySet<Mapping>) => Restated | undefined;
const NOTHING_IMPLIED = { base: { required: false, unique: false }, head: { required: false, unique: false } };

/**
 * What a property's primary key guarantees (ODCS primaryKey, read as contract-test checks it): every key
 * column is not null; the only key column of its object is unique too (a composite key's columns are not).
 */
function keyImplies(property: Mapping, keyColumns: number): KeyImplies {
  const key = property.primaryKey === true;
  return { required: key, unique: key && keyColumns === 1 };
}

/**
 * An SLA's element as the names of the data source it holds (ODCS: "Element(s) to check on … separated by
 * commas"): each name without the spaces around it, and without case, as objects and properties are
 * compared (warehouses fold unquoted names); a set of names, so the same ones in another order (or one
 * named twice) are the same element.
 */
function slaElementKey(element: string | undefined): string | undefined {
  if (element === undefined) return undefined;
  return [...new Set(element.split(",").map((name) => name.trim().toLowerCase()))].sort().join(",");
}

/** Whether a column is not null: `required: true`, or a key column, whether or not it says so (keyImplies). */
function requiredColumn(property: Mapping): boolean {
  return property.required === true || property.primaryKey === true;
}

/** The combinations of columns (lower case) an object's duplicateValues rules promise unique (restatedUniqueColumns). */
function uniqueByObjectRules(object: Mapping): Set<string>[] {
  return mappings(object.quality).flatMap((rule) => {
    const columns = restatedUniqueColumns(rule, true);
    return columns === undefined ? [] : [new Set(columns.map((column) => column.toLowerCase()))];
  });
}

/** Whether one of `combinations` is the column `name` alone: an object's rule that makes it unique. */
function uniqueAlone(combinations: readonly Set<string>[], name: unknown): boolean {
  return typeof name === "string" && combinations.some((columns) => columns.size === 1 && columns.has(name.toLowerCase()));
}

/** Whether one of a property's quality rules promises what `flag` does (restatedFlag): `nullValues` accepting no row is `required`. */
function ruleRestates(property: Mapping, flag: RestatedFlag): boolean {
  return mappings(property.quality).some((rule) => restatedFlag(rule, true) === flag);
}

/**
 * What a property promises of its own values, however the contract writes it: not null (`required: true`, a key
 * column, or a rule restating it) and unique (`unique: true`, the only key column, or a rule restating it).
 */
function promisedFlags(property: Mapping, implied: KeyImplies): KeyImplies {
  return {
    required: property.required === true || implied.required || ruleRestates(property, "required"),
    unique: property.unique === true || implied.unique || implied.uniqueByObject === true || ruleRestates(property, "unique"),
  };
}

/** A schema object's column by name, compared without case (as arguments.properties names it). */
function namedColumn(object: Mapping, name: unknown): Mapping | undefined {
  return mappings(object.properties).find((p) => typeof p.name === "string" && typeof name === "string" && p.name.toLowerCase() === name.toLowerCase());
}

/** What a schema object's column promises of its values (promisedFlags), with what its key and the object's rules imply. */
function columnPromises(object: Mapping, column: Mapping): KeyImplies {
  const keys = mappings(object.properties).filter((p) => p.primaryKey === true).length;
  return promisedFlags(column, { ...keyImplies(column, keys), uniqueByObject: uniqueAlone(uniqueByObjectRules(object), column.name) });
}

/**
 * Whether `object`'s columns promise what a primary key of `key` (columns of the other side, by name) does: each of
 * them not null, and their combination unique, because one of them is unique, they hold all of `object`'s own key,
 * or they hold all the columns of one of its duplicateValues rules. An empty key (none on that side) promises
 * nothing, so any object promises it.
 */
function keyPromised(key: readonly Mapping[], object: Mapping): boolean {
  if (key.length === 0) return true;
  const columns = mappings(object.properties);
  const own = columns.filter((p) => p.primaryKey === true);
  const found = key.map((column) => namedColumn(object, column.name));
  if (found.some((column) => column === undefined)) return false;
  const promised = (found as Mapping[]).map((column) => columnPromises(object, column));
  const holdsOwnKey = own.length > 0 && own.every((column) => found.includes(column));
  const names = new Set((found as Mapping[]).map((column) => String(column.name).toLowerCase()));
  const holdsRule = uniqueByObjectRules(object).some((columns) => [...columns].every((column) => names.has(column)));
  return promised.every((p) => p.required) && (promised.some((p) => p.unique) || holdsOwnKey || holdsRule);
}

/** Whether both sides name the same encrypted column (encryptedName), or none: names compared without case. */
function sameEncryptedColumn(base: Mapping, head: Mapping): boolean {
  return str(base.encryptedName)?.toLowerCase() === str(head.encryptedName)?.toLowerCase();
}

/** A key an entry may be paired by; undefined when the entry has none. */
type MatchKey = (entry: Mapping) => string | undefined;
/** A key computed alike on both sides, or `[base, head]` when each side computes it from its own document. */
type PairKey = MatchKey | readonly [MatchKey, MatchKey];

/**
 * Schema objects and properties pair by name, then by an explicit `physicalName` kept on both sides:
 * an element renamed in the contract but still the same table or column in the data source is a
 * rename, not a removal and an unrelated addition. Then by the name in the data source on each side
 * (`physicalName`, else `name`), so a rename that writes the old name as the new `physicalName`
 * (`orderId` → `order_id` with `physicalName: orderId`) pairs too. Last, by name in any case
 * (`quantity` → `Quantity`).
 */
const ELEMENT_KEYS: readonly MatchKey[] = [(e) => str(e.name), (e) => str(e.physicalName), (e) => str(e.physicalName) ?? str(e.name), (e) => str(e.name)?.toLowerCase()];

/**
 * Pairs the entries of two lists: by `id` when both have one, then by each of `keys` in turn, then by a
 * renamedFrom hint on the head entry (naming the old `nameKey`). Each pass only looks at entries no
 * earlier pass paired, so two entries sharing a name are both followed. What is left is removed
 * (base) or added (head).
 */
function matchEntries(baseList: unknown, headList: unknown, basePath: PathSegment[], headPath: PathSegment[], nameKey: string, keys: readonly PairKey[] = [(e) => str(e[nameKey])]): Matched {
  const base = indexed(baseList, basePath);
  let unmatched = indexed(headList, headPath);
  const pairs: Matched["pairs"] = [];
  const usedBase = new Set<Located>();
  const renamedFrom: MatchKey = (e) => renamedFromOf(e);
  const passes: [MatchKey, MatchKey][] = [[(e) => str(e.id), (e) => str(e.id)], ...keys.map((key): [MatchKey, MatchKey] => (typeof key === "function" ? [key, key] : [key[0], key[1]])), [(e) => str(e[nameKey]), renamedFrom]];
  for (const [baseKey, headKey] of passes) {
    // Each key's unpaired base entries, in list order, taken from the front (entries sharing a key, e.g.
    // thousands of same-metric quality rules, pair in order without rescanning the taken ones).
    const byKey = new Map<string, { entries: Located[]; next: number }>();
    for (const entry of base) {
      const key = usedBase.has(entry) ? undefined : baseKey(entry.value);
      if (key === undefined) continue;
      const bucket = byKey.get(key);
      if (bucket) bucket.entries.push(entry);
      else byKey.set(key, { entries: [entry], next: 0 });
    }
    unmatched = unmatched.filter((entry) => {
      const key = headKey(entry.value);
      const bucket = key === undefined ? undefined : byKey.get(key);
      const match = bucket?.entries[bucket.next];
      if (!match) return true;
      bucket!.next++;
      usedBase.add(match);
      pairs.push({ base: match, head: entry, renamed: str(match.value[nameKey]) !== str(entry.value[nameKey]) });
      return false;
    });
  }
  return { pairs, removed: base.filter((e) => !usedBase.has(e)), added: unmatched };
}

/**
 * A property's logical type as its values are: ODCS v3.0.x has no `timestamp` or `time`, and writes them as
 * `date` with a `format` that has a time of day (`yyyy-MM-dd HH:mm:ss`, `HH:mm:ss`, as its examples do), so
 * moving such a property to v3.1.0's `timestamp` or `time` changes no value.
 */
function effectiveLogicalType(property: Mapping): string | undefined {
  const type = str(property.logicalType);
  const format = str(asMapping(property.logicalTypeOptions).format);
  if (type !== "date" || format === undefined) return type;
  const letters = format.replace(/'[^']*'/g, ""); // quoted text ('T') is literal
  if (!/[HhkKmsSa]/.test(letters)) return type;
  return /[yuMLdDE]/.test(letters) ? "timestamp" : "time";
}

/**
 * Whether values of a logical type can have `key`: a logicalTypeOptions option of that type (TYPE_OPTIONS),
 * nested `properties` (an object) or `items` (an array). A type meshkit does not know, or none, may have any.
 */
function typeHas(type: string | undefined, key: string): boolean {
  const options = type === undefined ? undefined : ownValue(TYPE_OPTIONS, type);
  if (options === undefined) return true;
  return key === "properties" ? type === "object" : key === "items" ? type === "array" : options.includes(key);
}

/** Lower bounds that accept every value: written or not, they are the same constraint. */
const NEUTRAL_MINIMUMS: Readonly<Mapping> = { minLength: 0, minItems: 0, minProperties: 0 };

/**
 * The ODCS defaults of a property's logicalTypeOptions (see OPTION_DEFAULTS), by the type its values are. An
 * integer whose physicalType is an integer type of a set width (`bigint`) has that width's format (i64): the
 * column holds those values, so writing `format: i64` on a bigint column accepts no more than it did.
 */
function optionDefaults(property: Mapping, dialect: PhysicalDialect): Readonly<Mapping> {
  const defaults = ownValue(OPTION_DEFAULTS, effectiveLogicalType(property) ?? "") ?? {};
  const held = heldIntegerFormat(property, dialect);
  if (held === WIDER_THAN_EVERY_FORMAT) return Object.fromEntries(Object.entries(defaults).filter(([key]) => key !== "format"));
  return held === undefined ? defaults : { ...defaults, format: held };
}

/**
 * The format an integer property's physical type holds (integerFormatOfPhysical), WIDER_THAN_EVERY_FORMAT for one
 * past an i128 (`numeric(50,0)`: no format is written, as none holds its values), undefined where none is known.
 */
function heldIntegerFormat(property: Mapping, dialect: PhysicalDialect): string | undefined {
  return effectiveLogicalType(property) === "integer" ? integerFormatOfPhysical(str(property.physicalType), dialect) : undefined;
}

/**
 * A property's logicalTypeOptions as they constrain its values: what ODCS gives an option left out is
 * written in (an integer without a format is an i32, a timestamp without a defaultTimezone is in Etc/UTC),
 * so naming i64 widens an i32 and naming Europe/Paris moves a UTC timestamp: neither adds a constraint.
 * A lower bound of 0 on lengths and counts (minItems and minProperties default to it) restricts nothing.
 */
function effectiveOptions(property: Mapping, dialect: PhysicalDialect): Mapping {
  const written = { ...NEUTRAL_MINIMUMS, ...asMapping(property.logicalTypeOptions) };
  const defaults = Object.entries(optionDefaults(property, dialect)).filter(([key]) => written[key] === undefined);
  const options: Mapping = { ...written, ...Object.fromEntries(defaults) };
  // Every integer is a multiple of 1 (and of 0.5): such a multipleOf restricts nothing, written or not.
  const multipleOf = options.multipleOf;
  if (effectiveLogicalType(property) === "integer" && typeof multipleOf === "number" && multipleOf > 0 && isMultiple(1, multipleOf)) delete options.multipleOf;
  if (typeof options.defaultTimezone === "string") options.defaultTimezone = canonicalTimeZone(options.defaultTimezone);
  return options;
}

/** Zones already resolved: every timestamp column has one (the default, when none is written). */
const canonicalTimeZones = new Map<string, string>();

/**
 * A time zone by the zone it is, not by its spelling: `UTC`, `Zulu` and `GMT` are ODCS's default `Etc/UTC`,
 * `GB` is `Europe/London` (the IANA names contract-test reads them by); a name no engine knows stays as written.
 * Resolved once per name: an `Intl.DateTimeFormat` costs ~0.1 ms, a quarter of comparing 5,000 contracts.
 */
function canonicalTimeZone(zone: string): string {
  let canonical = canonicalTimeZones.get(zone);
  if (canonical === undefined) {
    try {
      const resolved = new Intl.DateTimeFormat("en-US", { timeZone: zone.trim() }).resolvedOptions().timeZone;
      canonical = resolved === "UTC" ? TEMPORAL_DEFAULT_TIMEZONE : resolved;
    } catch {
      canonical = zone;
    }
    canonicalTimeZones.set(zone, canonical);
  }
  return canonical;
}

/** An option as a message shows it: as written, else `none`, with the default it stands for when ODCS gives one. */
function shownOption(property: Mapping, key: string, dialects: readonly PhysicalDialect[]): string {
  const written = asMapping(property.logicalTypeOptions)[key];
  if (written !== undefined) return JSON.stringify(written);
  // Servers whose integer names hold different widths each have their own default (`bigint`: i64 or i128), and a
  // decimal past 38 digits none (`numeric(50,0)`; PostgreSQL's bare `numeric`, where Snowflake's is an i128).
  const wider = (dialect: PhysicalDialect) => key === "format" && heldIntegerFormat(property, dialect) === WIDER_THAN_EVERY_FORMAT;
  const implied = [...new Set(dialects.map((dialect) => (wider(dialect) ? WIDER_THAN_EVERY_FORMAT : JSON.stringify(optionDefaults(property, dialect)[key]))).filter((value) => value !== undefined))]
    .sort((a, b) => Number(a === WIDER_THAN_EVERY_FORMAT) - Number(b === WIDER_THAN_EVERY_FORMAT));
  if (implied.length === 1 && implied[0] === WIDER_THAN_EVERY_FORMAT) return `none (${asText(property.physicalType)} holds integers wider than every format)`;
  return implied.length === 0 ? "none" : `none (default ${implied.join(" or ")}${implied.length > 1 ? ", by server" : ""})`;
}

/**
 * A library rule with ODCS's default unit written out: `rows` when it has none, `percent` for `%` (the
 * standard's two equal spellings), so that writing the default is no change.
 */
function withDefaultUnit(rule: Mapping): Mapping {
  if (rule.type !== "library" || typeof rule.metric !== "string") return rule;
  // A unit no stage reads (`pct`) is compared as written.
  return { ...rule, unit: rule.unit === null ? "rows" : (readQualityUnit(rule.unit) ?? rule.unit) };
}

/**
 * The valid values an `invalidValues` rule lists, each as canonical text, and the argument that lists them: its
 * `validValues` (v3.0's `rule: validValues` kept them on the rule itself), else an `arguments.pattern` that only
 * lists literal values (`^(open|shipped)$`), an enum as a logicalTypeOptions pattern can be one.
 */
function ruleEnum(q: unknown): { values: Set<string>; key: "validValues" | "pattern" } | undefined {
  if (!isMapping(q)) return undefined;
  const rule = normalizedQualityRule(q);
  if (rule.metric !== "invalidValues") return undefined;
  const args = asMapping(rule.arguments);
  if (Array.isArray(args.validValues)) return { values: new Set(args.validValues.map(canonical)), key: "validValues" };
  const listed = literalAlternatives(args.pattern);
  return listed ? { values: new Set([...listed].map(canonical)), key: "pattern" } : undefined;
}

/** The valid values a rule lists, each as canonical text; undefined when it lists none. */
function validValuesList(rule: Mapping): Set<string> | undefined {
  return ruleEnum(rule)?.values;
}

/** Where a rule's list of valid values is written: a property's rule `index`, or the rule itself (`undefined`). */
function validValuesPath(located: Located, index: number | undefined): PathSegment[] {
  const rulePath = index === undefined ? located.path : [...located.path, "quality", index];
  const rule = asMapping(index === undefined ? located.value : (located.value.quality as unknown[])[index]);
  const key = ruleEnum(rule)?.key ?? "validValues";
  return [...rulePath, ...(key in asMapping(rule.arguments) ? ["arguments"] : []), key];
}

/** A list of valid values (canonical text) and where it is written. */
interface ValueList {
  values: Set<string>;
  path: PathSegment[];
}

/** The values an enum pattern (`^(open|shipped)$`) lists, as canonical text to compare with a validValues list. */
function patternEnum(property: Mapping): Set<string> | undefined {
  const values = literalAlternatives(asMapping(property.logicalTypeOptions).pattern);
  return values ? new Set([...values].map(canonical)) : undefined;
}

/** An enum that moved from a pattern to an invalidValues rule (`from: "pattern"`) or back; `rule`: the rule's index on its side. */
interface EnumMove {
  from: "pattern" | "validValues";
  rule: number;
}

/**
 * ODCS 3.1 has no enum for a string: a contract lists its values either in a pattern (`^(open|shipped)$`) or in
 * an `invalidValues` rule's `validValues`. Both guarantee the same to consumers when the rule allows no invalid
 * row (`mustBe: 0`, or the same written another way) at severity error, as contract-test checks a pattern: so
 * a list moved from one to the other is compared as one list, not as a constraint dropped (or added) and a
 * rule added (or dropped), which would ask a major version of every mode for values that did not change.
 * Only a whole move counts: the pattern on one side only, with no invalidValues rule beside it, and on the other
 * no pattern and a strict rule (the first, wherever the tiers around it are written).
 */
function enumMove(before: Mapping, after: Mapping): EnumMove | undefined {
  const isStrict = (q: unknown): boolean => {
    if (ruleEnum(q) === undefined) return false;
    const rule = withDefaultUnit(normalizedQualityRule(asMapping(q)));
    const accepted = acceptedValues(rule);
    const noInvalidRow = accepted?.length === 1 && accepted[0]!.lo === 0 && accepted[0]!.hi === 0 && !accepted[0]!.loOpen && !accepted[0]!.hiOpen;
    // Read as contract-test reads it: `Error`, `critical` or none fail the run as `error` does.
    const severe = ruleSeverity(rule.severity) === "error";
    return noInvalidRow && severe && (rule.unit === "rows" || rule.unit === "percent");
  };
  // The strict rule wherever it is written: a wider warning tier listed before it does not hide the move (tiers
  // are compared in either order), it is a rule added beside the moved list.
  const strictRuleIndex = (property: Mapping): number | undefined => {
    const index = Array.isArray(property.quality) ? property.quality.findIndex(isStrict) : -1;
    return index < 0 ? undefined : index;
  };
  const hasPattern = (property: Mapping) => asMapping(property.logicalTypeOptions).pattern !== undefined;
  const hasInvalidValuesRule = (property: Mapping) => mappings(property.quality).some((q) => normalizedQualityRule(q).metric === "invalidValues");
  const move = (from: Mapping, to: Mapping): number | undefined =>
    patternEnum(from) !== undefined && !hasInvalidValuesRule(from) && !hasPattern(to) ? strictRuleIndex(to) : undefined;
  const toRule = move(before, after);
  if (toRule !== undefined) return { from: "pattern", rule: toRule };
  const toPattern = move(after, before);
  return toPattern !== undefined ? { from: "validValues", rule: toPattern } : undefined;
}

/** The base's entries in their order, each with its match in the head (none when it was removed). */
function inBaseOrder(matched: Matched): { base: Located; head: Located | undefined }[] {
  const entries = [...matched.pairs, ...matched.removed.map((base) => ({ base, head: undefined }))];
  return entries.sort((x, y) => Number(x.base.path.at(-1)) - Number(y.base.path.at(-1)));
}

/** A quality rule as a message names it: its name, else its metric, else what kind of rule it is. */
function describeRule(rule: Mapping): string {
  // `rule` is how ODCS 3.0 named a library rule (3.1 keeps it, deprecated, for `metric`): `nullCheck` says more than `library`.
  return str(rule.name) ?? str(rule.metric) ?? str(rule.rule) ?? (str(rule.query) ? "SQL rule" : (str(rule.type) ?? "rule"));
}

function indexed(list: unknown, path: PathSegment[]): Located[] {
  if (!Array.isArray(list)) return [];
  const out: Located[] = [];
  list.forEach((value, i) => {
    if (isMapping(value)) out.push({ value, path: [...path, i] });
  });
  return out;
}

/** What a value is, for a message: `a string`, `a mapping`, `null`. */
function kindOfValue(value: unknown): string {
  if (value === null) return "null";
  if (isMapping(value)) return "a mapping";
  return typeof value === "string" ? "a string" : typeof value === "number" ? "a number" : typeof value === "boolean" ? "a boolean" : typeof value;
}

/** Server fields that name a file relative to the contract's own file: meshkit's `local` and `duckdb` servers. */
const FILE_RELATIVE_FIELD: Readonly<Record<string, string>> = { local: "path", duckdb: "database" };

/** `value` of `server[key]`, a relative file location resolved from the folder of `file` (as the head names files). */
function fileLocation(server: Mapping, key: string, value: unknown, file: string | undefined): unknown {
  if (file === undefined || typeof value !== "string" || typeof server.type !== "string" || ownValue(FILE_RELATIVE_FIELD, server.type.toLowerCase()) !== key) return value;
  // An absolute path (`/…`, `C:\…`, `\\server\share`), a URL (`s3://…`, `md:`) or DuckDB's `:memory:` is the same from anywhere.
  if (posix.isAbsolute(value) || /^(?:[a-z][a-z0-9+.-]*:|:|\\\\)/i.test(value)) return value;
  return posix.normalize(posix.join(posix.dirname(file.replaceAll("\\", "/")), value.replaceAll("\\", "/")));
}

/**
 * The columns (as columnAt names them) of head object `head` that base object `base` lacks, nested fields and arrays'
 * items' included: properties paired as compat pairs them (id, names, a renamedFrom hint), so a renamed column is none.
 */
function addedColumns(base: Mapping, head: Mapping): Set<string> {
  const added = new Set<string>();
  const walk = (before: Mapping, after: Mapping, at: PathSegment[]) => {
    const matched = matchEntries(before.properties, after.properties, [], [...at, "properties"], "name", ELEMENT_KEYS);
    for (const entry of matched.added) {
      const column = columnAt(head, entry.path);
      if (column !== undefined) added.add(column);
      walk({}, entry.value, entry.path);
    }
    for (const pair of matched.pairs) walk(pair.base.value, pair.head.value, pair.head.path);
    if (at.length > 0 && isMapping(after.items)) walk(isMapping(before.items) ? before.items : {}, after.items, [...at, "items"]);
  };
  walk(base, head, []);
  return added;
}

class Differ {
  readonly changes: Change[] = [];
  private readonly now: Date;
  private readonly onInvalid: DiffOptions["onInvalid"];
  private readonly files: DiffOptions["files"];
  private readonly retiredWith: DiffOptions["retiredWith"];
  private readonly retiringContracts: DiffOptions["retiringContracts"];
  /**
   * The object whose elements are being compared, on each side, with its foreign keys' canonical keys (see relations.ts);
   * `unread`: whether the object (`object`) or one of its properties (`properties`) writes `relationships` as something
   * else than a list (see notAList).
   */
  private objectRelations: (Record<"base" | "head", { object: Located; index: ReferenceIndex; keys: Map<string, number>; unread: { object: boolean; properties: boolean } }> & { added?: Set<string> }) | undefined;
  /**
   * Objects and properties renamed (a renamedFrom hint, or the same id): the head's name by the released one, lower case,
   * a property's under its object's head name (`orders` → `sales`, `sales.amount` → `sales.total`). An SLA whose
   * element follows a rename promises the same of the same column (headElementName).
   */
  private readonly renamedNames = new Map<string, string>();

  /** How the contract's servers read the physical types whose meaning differs by engine (a bare FLOAT, LONG), together: the logical type one implies. */
  private readonly dialect: PhysicalDialect;
  /** Each server's own reading: a physical type change is judged on every one (relatePhysicalTypesOn). */
  private readonly serverDialects: readonly PhysicalDialect[];
  /** The same readings with the servers that read so, named where they judge a change apart (byServer). */
  private readonly serverReadings: readonly ServerReading[];

  constructor(options: DiffOptions, dialect: PhysicalDialect = DEFAULT_PHYSICAL_DIALECT, serverReadings: readonly ServerReading[] = [{ dialect, servers: [] }]) {
    this.dialect = dialect;
    this.serverReadings = serverReadings;
    this.serverDialects = serverReadings.map((reading) => reading.dialect);
    this.now = options.now ?? new Date();
    this.onInvalid = options.onInvalid;
    this.files = options.files;
    this.retiredWith = options.retiredWith;
    this.retiringContracts = options.retiringContracts;
  }

  /**
   * `matchEntries` on two lists, unless a side writes one that is present but no list: then that side is
   * schema-invalid there, which is said (onInvalid), and nothing of the list is compared: reading it as
   * empty would report every entry of the other side as removed or added.
   */
  private match(baseList: unknown, headList: unknown, basePath: PathSegment[], headPath: PathSegment[], nameKey: string, keys?: readonly PairKey[]): Matched {
    const key = String(headPath.at(-1));
    const present = (list: unknown) => list !== undefined && !Array.isArray(list);
    if (!present(baseList) && !present(headList)) return matchEntries(baseList, headList, basePath, headPath, nameKey, keys);
    const inHead = headList !== undefined ? headPath : headPath.slice(0, -1);
    for (const [side, list, path] of [["base", baseList, basePath], ["head", headList, headPath]] as const) {
      if (present(list)) this.onInvalid?.({ kind: "not-a-list", side, key, path: toPointer(path), headPath: toPointer(inHead), found: kindOfValue(list) });
    }
    return { pairs: [], removed: [], added: [] };
  }

  /**
   * Schema objects or properties (of `owner`), paired as `match` pairs them, but for those without a name
   * (see UnnamedElement): each is said (onInvalid) and left out, and the other side's unpaired entries of
   * the list are not reported, since any of them may be it. What the head lacks a name for is an error
   * to fix before release; without this, it would be compared as `?`, with a removal for the name it lost.
   */
  private matchElements(baseList: unknown, headList: unknown, basePath: PathSegment[], headPath: PathSegment[], owner?: string): Matched {
    const what = owner === undefined ? "object" : "property";
    const listInHead = Array.isArray(headList) ? headPath : headPath.slice(0, -1);
    const unnamed = (side: "base" | "head", list: unknown, path: PathSegment[]): Set<number> => {
      const indexes = new Set<number>();
      if (!Array.isArray(list)) return indexes;
      list.forEach((entry: unknown, i) => {
        if (!isMapping(entry) || typeof entry.name === "string") return;
        indexes.add(i);
        const at = toPointer([...path, i]);
        const found = entry.name === undefined ? "missing" : kindOfValue(entry.name);
        this.onInvalid?.({ kind: "unnamed", side, what, ...(owner === undefined ? {} : { owner }), found, path: at, headPath: side === "head" ? at : toPointer(listInHead) });
      });
      return indexes;
    };
    // Left out in place (not filtered away), so that every other entry keeps its index, and its path.
    const without = (list: unknown, indexes: Set<number>) => (indexes.size === 0 ? list : (list as unknown[]).map((entry, i) => (indexes.has(i) ? undefined : entry)));
    const [inBase, inHead] = [unnamed("base", baseList, basePath), unnamed("head", headList, headPath)];
    const matched = this.match(without(baseList, inBase), without(headList, inHead), basePath, headPath, "name", ELEMENT_KEYS);
    return { pairs: matched.pairs, removed: inHead.size > 0 ? [] : matched.removed, added: inBase.size > 0 ? [] : matched.added };
  }

  private add(kind: ChangeKindId, element: string, head: PathSegment[], base: PathSegment[] | undefined, message: string) {
    this.changes.push({ kind, element, headPath: toPointer(head), ...(base ? { basePath: toPointer(base) } : {}), message });
  }

  /** Whether the element announced a deprecation date that has passed (see deprecationEnd). */
  private deprecationPassed(element: Mapping): boolean {
    return deprecationPassed(element, this.now);
  }

  /** A removal is a minor change when the base version announced it with a deprecation date now past. */
  /** `hint`: more to say of a removal that is one (a server added in its place), after the message. */
  private removal(kind: ChangeKindId, element: string, removed: Located, parentInHead: PathSegment[], what: string, hint = "") {
    const announced = customProperty(removed.value, DEPRECATION_PROPERTY);
    const until = deprecationEnd(announced);
    if (this.deprecationPassed(removed.value)) {
      this.add("deprecated-element-removed", element, parentInHead, removed.path, `${what} was removed after its deprecation date ${asText(announced)}.`);
      return;
    }
    const note = announced === undefined ? "" : until === undefined ? ` (its deprecation date ${JSON.stringify(announced)} is not an ISO date such as 2026-06-30)` : ` (deprecated until ${asText(announced)}, which has not passed)`;
    this.add(kind, element, parentInHead, removed.path, `${what} was removed${note}.${hint}`);
  }

  /**
   * Whether a side writes the list `key` of an element as something else (`relationships: {from: …}`; `null` is
   * none): that side is schema-invalid there, which is said (onInvalid), as `match` says it of other lists.
   */
  private notAList(b: Located, h: Located, key: string): boolean {
    let invalid = false;
    for (const [side, located] of [["base", b], ["head", h]] as const) {
      const list = located.value[key];
      if (list === undefined || list === null || Array.isArray(list)) continue;
      const inHead = side === "head" || key in h.value ? [...h.path, key] : h.path;
      this.onInvalid?.({ kind: "not-a-list", side, key, path: toPointer([...located.path, key]), headPath: toPointer(inHead), found: kindOfValue(list) });
      invalid = true;
    }
    return invalid;
  }

  /**
   * A `deprecated` custom property gained, changed or dropped. Semver §7: marking functionality
   * deprecated is a minor change; the mark is reported here, not as metadata.
   */
  private deprecation(b: Located, h: Located, element: string, what: string) {
    // `customProperties` written as a mapping (`{deprecated: …}`) holds no marker meshkit reads (deprecation,
    // renamedFrom): said, as other lists the standard requires, instead of ignoring them in silence.
    this.notAList(b, h, "customProperties");
    const before = customProperty(b.value, DEPRECATION_PROPERTY);
    const after = customProperty(h.value, DEPRECATION_PROPERTY);
    if (same(before, after)) return;
    // A value that is no date announces nothing a removal could rely on: said now, not only when the element goes.
    const notADate = after !== undefined && after !== null && deprecationEnd(after) === undefined ? ` (${JSON.stringify(after)} is not an ISO date such as 2026-06-30: removing it will still be a breaking change)` : "";
    if (before === undefined) this.add("element-deprecated", element, h.path, b.path, `${what} is marked deprecated${after === undefined || after === null ? "" : ` until ${asText(after)}`}${notADate}.`);
    else this.add("metadata-changed", element, h.path, b.path, after === undefined ? `${what} is no longer marked deprecated.` : `The deprecation date of ${what} changed from ${asText(before)} to ${asText(after)}.`);
  }

  /**
   * A contract's or product's status changed (ODCS 3.1 / ODPS 1.0.0: proposed, draft, active, deprecated,
   * retired; read without case, as provision and the catalog read it). To consumers `deprecated` announces
   * a removal (semver §7: minor) and `retired` is the removal itself: provision leaves a retired product
   * out and the catalog marks it removed. So retiring what was announced is `deprecated-element-removed`
   * (minor), retiring what was not is `contract-removed` / `product-removed`, and bringing a retired one
   * back is `contract-added` / `product-added`. Element: the document's id, as for a deleted document.
   */
  private status(base: Mapping, head: Mapping, what: "contract" | "product") {
    const [before, after] = [documentStatus(base.status), documentStatus(head.status)];
    const change = `Status changed from ${asText(base.status)} to ${asText(head.status)}`;
    const id = typeof head.id === "string" ? head.id : what;
    const text = (status: unknown) => (typeof status === "string" ? status.trim().toLowerCase() : status);
    if (text(base.status) === text(head.status)) {
      this.add("status-changed", what, ["status"], ["status"], `${change} (the case of its letters only; a status is read without case).`);
    } else if (after === "retired" && before === "deprecated") {
      this.add("deprecated-element-removed", id, ["status"], undefined, `${change}: the ${what} released as deprecated is retired, so consumers no longer get it (provision leaves it out, the catalog marks it removed), as its deprecation announced.`);
    } else if (after === "retired" && what === "contract" && this.retiredWith) {
      this.add("deprecated-element-removed", id, ["status"], undefined, `${change}: ${retiredWithProducts(this.retiredWith)}.`);
    } else if (after === "retired") {
      const kind = what === "contract" ? "contract-removed" : "product-removed";
      this.add(kind, id, ["status"], undefined, `${change} without a deprecated release first: to consumers the ${what} is gone (provision leaves it out, the catalog marks it removed). Release it as \`status: deprecated\` first and retire it in a later minor version, or declare the removal with a major version.`);
    } else if (before === "retired") {
      const kind = what === "contract" ? "contract-added" : "product-added";
      this.add(kind, id, ["status"], undefined, `${change}: the retired ${what} is back for consumers (provisioned and listed again), as a new one would be.`);
    } else if (after === "deprecated") {
      this.add("element-deprecated", what, ["status"], ["status"], `${change}.`);
    } else if (RELEASED_STATUSES.has(String(text(base.status))) && UNRELEASED_STATUSES.has(String(text(head.status)))) {
      this.add("status-withdrawn", what, ["status"], ["status"], `${change}: consumers building on the ${what} are now told it is not yet for use and may change without notice.`);
    } else {
      this.add("status-changed", what, ["status"], ["status"], `${change}.`);
    }
  }

  /** Fields every contract and product has: status, description, tags, owner and the rest of its metadata. */
  documentFields(base: Mapping, head: Mapping, what: "contract" | "product") {
    // One change kind for both; it points at the part that changed (the team when both did).
    // v3.0's list-form team is v3.1's `team.members`: rewriting one as the other changes no owner.
    const owners = (doc: Mapping, key: "team" | "support") => (key === "team" && Array.isArray(doc.team) ? { members: doc.team } : doc[key]);
    const ownership = (["team", "support"] as const).filter((key) => !same(owners(base, key), owners(head, key)));
    const [first] = ownership;
    if (first) {
      const at = ownership.find((key) => key in head);
      const said = (key: "team" | "support") => {
        const detail = key === "team" ? teamChanges(owners(base, "team"), owners(head, "team")) : entryChanges(base.support, head.support, (m) => m.channel ?? m.url);
        return `${key === "team" ? "the team" : "the support channels"} changed${detail.length > 0 ? ` (${detail.join("; ")})` : ""}`;
      };
      const text = ownership.map(said).join(" and ");
      const message = `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
      this.add("owner-changed", what, at ? [at] : [], first in base ? [first] : [], message);
    }
    if (!same(base.status, head.status)) this.status(base, head, what);
    if (!same(base.domain, head.domain)) {
      const where = (domain: unknown) => (typeof domain === "string" ? `\`${domain}\`` : "none");
      this.add(
        "domain-changed",
        what,
        "domain" in head ? ["domain"] : [],
        "domain" in base ? ["domain"] : undefined,
        `Domain changed from ${where(base.domain)} to ${where(head.domain)}: provision makes the ${what}'s tables in the new domain's schema and lake prefix (\`domain=<domain>/\`), and the catalog files it under the new domain, so consumers' queries and links to the old place break.`,
      );
    }
    if (what === "product" && !same(base.name, head.name)) {
      const named = (name: unknown) => (typeof name === "string" ? `\`${name}\`` : "none");
      this.add(
        "product-renamed",
        what,
        "name" in head ? ["name"] : [],
        "name" in base ? ["name"] : undefined,
        `Product name changed from ${named(base.name)} to ${named(head.name)}: provision keeps its files under the lake prefix \`product=<name>/\` and the catalog lists it by name, so consumers' paths and links to the old place break.`,
      );
    }
    if (!same(base.description, head.description)) this.add("description-changed", what, ["description"], ["description"], `The ${what} description changed.`);
    if (!same(base.tags, head.tags)) this.add("tags-changed", what, ["tags"], ["tags"], `The ${what} tags changed.`);
    // Everything else a document says (semver §3: no change to a released version goes unreported).
    // A new slaDefaultElement also moves the SLAs that name no element (see slas).
    // (A product's name is where its data lives: product-renamed, above.)
    const metadata = ["apiVersion", "customProperties", "authoritativeDefinitions", "price", "tenant", ...(what === "contract" ? ["name"] : []), "dataProduct", "productCreatedTs", "contractCreatedTs", "slaDefaultElement"];
    const changed = metadata.filter((key) => !same(base[key], head[key]));
    // Values shown where they are short (`name orders → order_lines`), as an element's metadata message does.
    if (changed.length > 0) this.add("metadata-changed", what, changedKeyPath(base, head, { value: head, path: [] }, changed), [], `Metadata of the ${what} changed: ${changedFields(base, head, changed).join(", ")}.`);
  }

  objects(base: Mapping, head: Mapping) {
    const matched = this.matchElements(base.schema, head.schema, ["schema"], ["schema"]);
    for (const removed of matched.removed) {
      const name = str(removed.value.name) ?? "?";
      this.removal("object-removed", name, removed, ["schema"], `Object \`${name}\``);
    }
    for (const added of matched.added) {
      const name = str(added.value.name) ?? "?";
      this.add("object-added", name, added.path, undefined, `Object \`${name}\` was added.${unusedRenameHint(added.value, "object")}`);
    }
    const references = { base: referenceIndex(base.schema), head: referenceIndex(head.schema) };
    for (const { base: b, head: h, renamed } of matched.pairs) {
      const name = str(h.value.name) ?? "?";
      const notList = (element: unknown) => isMapping(element) && element.relationships !== undefined && element.relationships !== null && !Array.isArray(element.relationships);
      const side = (object: Located, index: ReferenceIndex) => ({ object, index, keys: objectRelationKeys(object.value, index), unread: { object: notList(object.value), properties: relationOwners(object.value).some((owner) => notList(owner.value)) } });
      this.objectRelations = { base: side(b, references.base), head: side(h, references.head) };
      const physicalRename = this.rename("object-renamed", b, h, asText(b.value.name, "(unnamed)"), name, renamed);
      this.elementDocs(b, h, name, physicalRename);
      if (relatePhysicalTypes(str(b.value.physicalType), str(h.value.physicalType), this.dialect) !== "same") {
        // table → view, table → topic: ODCS gives no order among object types, so any change is `changed`.
        this.add("physical-type-changed", name, "physicalType" in h.value ? [...h.path, "physicalType"] : h.path, [...b.path, "physicalType"], `Physical type of \`${name}\` changed: ${asText(b.value.physicalType ?? "none")} → ${asText(h.value.physicalType ?? "none")}.`);
      }
      this.properties(b, h, name, true);
      this.primaryKey(b, h, name);
      this.quality(b, h, name, undefined, (rule, side, unpaired) => {
        // An object's duplicateValues rule that takes over what required columns unique together (a unique one among
        // them, or the object's key) promised on the other side, whose flags or key no longer do without the rule.
        // Over one column it is that column's `unique: true`, required or not: contract-test leaves out the rows whose
        // columns are all null, so nulls never repeat, as they do not for the flag.
        const columns = restatedUniqueColumns(rule, false);
        if (columns === undefined) return undefined;
        const [promising, other] = side === "base" ? [b.value, h.value] : [h.value, b.value];
        const restates = restatedUniqueColumns(rule, true) !== undefined;
        const withoutRule = { ...other, quality: mappings(other.quality).filter((r) => !unpaired.has(r)) };
        if (columns.length === 1) {
          const [column, kept] = [namedColumn(promising, columns[0]), namedColumn(withoutRule, columns[0])];
          const promised = column === undefined ? undefined : columnPromises(promising, column);
          if (!promised?.unique || (kept !== undefined && columnPromises(withoutRule, kept).unique)) return undefined;
          return { element: `${name}.${String(column!.name)}`, promise: promised.required ? "required and unique" : "unique", restates };
        }
        const key = columns.map((column) => ({ name: column }));
        if (!keyPromised(key, promising) || keyPromised(key, withoutRule)) return undefined;
        return { element: `(${columns.join(", ")}) of ${name}`, promise: "required and unique together", restates };
      });
      this.objectRelations = undefined;
    }
  }

  /**
   * Reports a rename: a matched element with another `name`, or another physical name (`physicalName`,
   * else `name`: what the element is called in the data source, so what consumers' queries name).
   * Returns whether the physical name is covered by it.
   */
  private rename(kind: "object-renamed" | "property-renamed", b: Located, h: Located, before: string, after: string, renamed: boolean): boolean {
    const physical = (m: Mapping) => str(m.physicalName) ?? str(m.name);
    const physicalBefore = physical(b.value);
    const physicalAfter = physical(h.value);
    // Case alone is not a rename: most warehouses fold unquoted names (`order_id` is `ORDER_ID` in Snowflake).
    const moved = physicalBefore?.toLowerCase() !== physicalAfter?.toLowerCase();
    if (renamed && renamedInCaseOnly(b.value, h.value)) {
      // The name changed in case only and the data source's name did not (beyond case): the same element.
      const what = kind === "object-renamed" ? "object" : "property";
      this.add("metadata-changed", after, [...h.path, "name"], [...b.path, "name"], `The name of ${what} \`${before}\` changed in case only, to \`${after}\`; warehouses fold unquoted names, so it is the same element.`);
      return false;
    }
    if (renamed) this.renamedNames.set(before.toLowerCase(), after);
    if (!renamed && !moved) return false;
    const at = renamed || !("physicalName" in h.value) ? "name" : "physicalName";
    const what = kind === "object-renamed" ? "Object" : "Property";
    const physicalNote = moved && (str(b.value.physicalName) ?? str(h.value.physicalName)) !== undefined ? ` (physical name ${asText(physicalBefore)} → ${asText(physicalAfter)})` : "";
    // Renamed in the contract only: queries still find it, but consumers name elements by their contract names too
    // (their input ports' usedColumns, other contracts' relationships, SLA elements, code generated from the contract).
    const kept = renamed && !moved ? `; its name in the data source, \`${asText(physicalAfter)}\`, is kept, so queries still read it, but what names it by its contract name breaks (consumers' usedColumns, relationships, SLA elements, code generated from the contract)` : "";
    const message = renamed ? `${what} \`${before}\` was renamed to \`${after}\`${physicalNote}${kept}.` : `${what} \`${after}\` was renamed in the data source${physicalNote}.`;
    this.add(kind, after, at in h.value ? [...h.path, at] : h.path, [...b.path, at], message);
    return true;
  }

  /** A released element's name (`orders.amount`) as the head calls it, through the renames of it and of its object (renamedNames). */
  private headElementName(name: string): string {
    let current = "";
    for (const segment of name.split(".")) {
      current = current === "" ? segment : `${current}.${segment}`;
      current = this.renamedNames.get(current.toLowerCase()) ?? current;
    }
    return current;
  }

  /** Documentation and metadata of an object or property; `renamed`: its physicalName is reported as a rename. */
  private elementDocs(b: Located, h: Located, element: string, renamed = false) {
    const docs = (m: Mapping) => ({ description: m.description, businessName: m.businessName, examples: m.examples, dataGranularityDescription: m.dataGranularityDescription });
    const [docsBefore, docsAfter] = [docs(b.value), docs(h.value)];
    if (!same(docsBefore, docsAfter)) this.add("description-changed", element, changedKeyPath(docsBefore, docsAfter, h, Object.keys(docsBefore)), b.path, `The description of \`${element}\` changed.`);
    if (!same(b.value.tags, h.value.tags)) this.add("tags-changed", element, keyPath(h, "tags"), b.path, `The tags of \`${element}\` changed.`);
    this.deprecation(b, h, element, `\`${element}\``);
    const ignored = new Set([DEPRECATION_PROPERTY, RENAME_PROPERTY]);
    // A key column's position is part of the key (primaryKey compares it); on any other property it is
    // metadata, the ODCS default -1 ("not a key") written or not.
    const keyColumn = b.value.primaryKey === true || h.value.primaryKey === true;
    const keyPosition = (m: Mapping) => (keyColumn || m.primaryKeyPosition === -1 ? undefined : m.primaryKeyPosition);
    // The stable id other contracts' relationships name (ODCS 3.1 `section/id/properties/id`) also pairs
    // the element, so a changed id shows here only when the name still pairs it. Partitioning (where the
    // data is laid out, not what it holds) is metadata too: see docs/compat.md.
    const meta = (m: Mapping): Mapping => ({
      id: m.id,
      customProperties: mappings(m.customProperties).filter((p) => !ignored.has(String(p.property))),
      authoritativeDefinitions: m.authoritativeDefinitions,
      physicalName: renamed ? undefined : m.physicalName,
      relationships: sameRelations ? m.relationships : undefined,
      transformLogic: m.transformLogic,
      transformSourceObjects: m.transformSourceObjects,
      transformDescription: m.transformDescription,
      partitioned: m.partitioned,
      partitionKeyPosition: m.partitionKeyPosition,
      primaryKeyPosition: keyPosition(m),
      criticalDataElement: m.criticalDataElement,
      encryptedName: encryptedCaseOnly ? m.encryptedName : undefined,
    });
    // The same foreign keys written in another order or with other customProperties are metadata.
    const sameRelations = this.relationships(b, h, element);
    const encryptedCaseOnly = sameEncryptedColumn(b.value, h.value);
    const [before, after] = [meta(b.value), meta(h.value)];
    // The same foreign keys are named by their columns (`relationships (changed customProperties of → customers.id)`),
    // a composite one by its lists as ODCS writes them (`[orders.a, orders.b] → [lines.a, lines.b]`).
    const columns = (value: unknown) => (Array.isArray(value) ? `[${value.map((column) => asText(column)).join(", ")}]` : asText(value ?? "?"));
    const relationsSaid = (field: string) => {
      if (field !== "relationships") return field;
      const detail = entryChanges(before.relationships, after.relationships, (r) => `${r.from === undefined ? "" : `${columns(r.from)} `}→ ${columns(r.to)}`);
      return detail.length > 0 ? `relationships (${detail.join("; ")})` : field;
    };
    const changed = changedFields(before, after, Object.keys(before)).map(relationsSaid);
    if (changed.length > 0) this.add("metadata-changed", element, changedKeyPath(before, after, h, Object.keys(before)), b.path, `Metadata of \`${element}\` changed: ${changed.join(", ")}.`);
  }

  /**
   * An element's foreign keys (ODCS 3.1 `relationships`), matched by type, `from` and `to` (on a property
   * `from` is the property): one added is a guarantee older rows may not meet, one removed a guarantee
   * consumers' joins relied on. Returns whether both sides name the same ones.
   */
  private relationships(b: Located, h: Located, element: string): boolean {
    // Written as something else than a list, a side's keys cannot be read: said, and not compared (read as none,
    // each key of the other side would be reported removed or added).
    if (this.notAList(b, h, "relationships")) return false;
    // A composite key is its pairs of columns (`from[i]` references `to[i]`), whatever order they are listed in:
    // `[a, b] → [x, y]` and `[b, a] → [y, x]` are one foreign key, the same join. ODCS writes one column as a string
    // or as a list of one (`minItems: 1`): `a → x` and `[a] → [x]` are that key too, as is a property's `to: [x]`.
    const list = (side: unknown) => (typeof side === "string" ? [side] : side);
    const columns = (r: Mapping) => {
      const [from, to] = [list(r.from), list(r.to)];
      return Array.isArray(from) && Array.isArray(to) && from.length === to.length ? from.map((column, i) => JSON.stringify([column, to[i]])).sort() : [from ?? null, to ?? null];
    };
    const relation = (r: Mapping) => JSON.stringify([r.type ?? "foreignKey", ...columns(r)]);
    const written = (l: Located) => indexed(l.value.relationships, [...l.path, "relationships"]).map((r) => ({ ...r, key: relation(r.value) }));
    const [before, after] = [written(b), written(h)];
    const [beforeKeys, afterKeys] = [new Set(before.map((r) => r.key)), new Set(after.map((r) => r.key))];
    const describe = (r: Mapping) => `${r.from === undefined ? "" : `${asText(r.from)} `}→ ${asText(r.to ?? "?")}`;
    // A key gone from here but still declared on the object's other level (or in the other notation) is the
    // same join: a move is reported once, as metadata, where the key now is.
    const listInHead = "relationships" in h.value ? [...h.path, "relationships"] : h.path;
    const [removed, added]: [typeof before, typeof after] = [[], []];
    for (const r of before) {
      if (afterKeys.has(r.key)) continue;
      const declared = this.objectRelationCounts(b, h, r.value, "base");
      // The head writes the other level's list as something else (said once, by notAList): the key may be there.
      if (declared !== undefined && this.otherLevelUnread(b, "base", "head")) continue;
      if (declared === undefined || declared.head === 0) removed.push(r);
      // Written on both levels before, one copy dropped: the join stays; a move is reported where the key went.
      else if (declared.head < declared.base) this.add("metadata-changed", element, listInHead, r.path, `Relationship ${describe(r.value)} of \`${element}\` is no longer written here; the foreign key is still declared on the other level (the object or its property).`);
    }
    for (const r of after) {
      if (beforeKeys.has(r.key)) continue;
      const declared = this.objectRelationCounts(b, h, r.value, "head");
      // The released version's keys at the other level cannot be read (notAList): the key may have been there.
      if (declared !== undefined && this.otherLevelUnread(h, "head", "base")) continue;
      const newColumn = declared === undefined || declared.base > 0 ? undefined : this.onAddedColumn(h, r.value);
      if ((declared?.base ?? 0) > 0) this.add("metadata-changed", element, r.path, undefined, `Relationship ${describe(r.value)} of \`${element}\` was already declared in the released version, on the other level (the object or its property) or in another notation: the same columns, the same join.`);
      else if (newColumn !== undefined) this.add("metadata-changed", element, r.path, undefined, `Relationship ${describe(r.value)} was added to \`${element}\` over a column added in this version (\`${newColumn}\`): rows written before have no value there, and a foreign key with a null column checks nothing, so no row breaks it (as a key written on that new property); the column's addition is reported as such.`);
      else added.push(r);
    }
    // A key gone and one added from the same columns of this element (on a property: that property) are one key that
    // now references other columns: one change, which breaks both the joins on the old columns and the rows written before.
    const source = (r: Mapping, side: "base" | "head") => JSON.stringify([r.type ?? "foreignKey", this.relationSource(r, side)]);
    for (const r of removed) {
      const retargeted = added.findIndex((a) => source(a.value, "head") === source(r.value, "base"));
      if (retargeted < 0) {
        this.add("relationship-removed", element, listInHead, r.path, `Relationship ${describe(r.value)} of \`${element}\` was removed.`);
        continue;
      }
      const [now] = added.splice(retargeted, 1);
      this.add("relationship-changed", element, now!.path, r.path, `Relationship ${describe(r.value)} of \`${element}\` now references other columns: ${describe(now!.value)}.`);
    }
    for (const r of added) this.add("relationship-added", element, r.path, undefined, `Relationship ${describe(r.value)} was added to \`${element}\`.`);
    return before.every((r) => afterKeys.has(r.key)) && after.every((r) => beforeKeys.has(r.key));
  }

  /**
   * The columns a foreign key joins from, as one key that does not depend on how they are written: none on a property
   * (`from` is that property), else its `from` resolved in its side's schema (see relationFrom), in any order.
   */
  private relationSource(relation: Mapping, side: "base" | "head"): unknown {
    if (relation.from === undefined) return null;
    const index = this.objectRelations?.[side].index;
    const from = index === undefined ? undefined : relationFrom(relation, index);
    return from === undefined ? relation.from : [...from].sort();
  }

  /**
   * The first `from` column of a foreign key written on the object being compared (`h`, of the head) that the head
   * adds (see addedColumns), or undefined: old rows hold null there, which no foreign key checks (SQL's default
   * MATCH SIMPLE), so the key is no new guarantee for them, as one written on that new property is none.
   */
  private onAddedColumn(h: Located, relation: Mapping): string | undefined {
    const context = this.objectRelations;
    const object = context?.head.object;
    if (context === undefined || object === undefined || h.path.length !== object.path.length) return undefined;
    context.added ??= addedColumns(context.base.object.value, object.value);
    return relationFrom(relation, context.head.index)?.find((column) => context.added!.has(column));
  }

  /**
   * Whether `unreadOn` writes the other level of the list at `list` (on side `written`) as something else than a list:
   * for the object's own list, one of its properties' (nested ones and arrays' items too: where a key may be declared instead); for a
   * property's, the object's. Another property's list cannot hold this property's key (ODCS: a property-level key's
   * `from` is that property), so it does not keep the key's removal or addition from being reported.
   */
  private otherLevelUnread(list: Located, written: "base" | "head", unreadOn: "base" | "head"): boolean {
    const context = this.objectRelations;
    if (context === undefined) return false;
    const objectPath = context[written].object.path;
    const onObject = list.path.length === objectPath.length && list.path.every((segment, i) => segment === objectPath[i]);
    return onObject ? context[unreadOn].unread.properties : context[unreadOn].unread.object;
  }

  /**
   * How many times the object being compared declares `relation` (written on element `b` of the base, or `h` of
   * the head: `written`) on each side, at either level (the object, or a property of it at any depth, or an array's
   * items) and in either notation; undefined where that element is not within the object.
   */
  private objectRelationCounts(b: Located, h: Located, relation: Mapping, written: "base" | "head"): { base: number; head: number } | undefined {
    const context = this.objectRelations;
    if (context === undefined) return undefined;
    const { object, index } = context[written];
    const path = (written === "base" ? b : h).path;
    if (path.length < object.path.length || !object.path.every((segment, i) => segment === path[i])) return undefined;
    const key = relationKey(relation, object.value, path.slice(object.path.length), index);
    return { base: context.base.keys.get(key) ?? 0, head: context.head.keys.get(key) ?? 0 };
  }

  /**
   * `schemaObject`: the properties are a schema object's columns, whose object-level duplicateValues rules contract-test
   * runs (one over a column alone makes it unique: uniqueByObjectRules). An object-typed property's own rule listing
   * `arguments.properties` is refused there (a property's rule compares that property alone): it promises nothing.
   */
  private properties(b: Located, h: Located, owner: string, schemaObject = false) {
    const matched = this.matchElements(b.value.properties, h.value.properties, [...b.path, "properties"], [...h.path, "properties"], owner);
    const listInHead = "properties" in h.value ? [...h.path, "properties"] : h.path;
    for (const removed of matched.removed) {
      const name = `${owner}.${str(removed.value.name) ?? "?"}`;
      const kind = requiredColumn(removed.value) ? "property-removed-required" : "property-removed-optional";
      this.removal(kind, name, removed, listInHead, `Property \`${name}\`${requiredColumn(removed.value) ? " (required)" : ""}`);
    }
    for (const added of matched.added) {
      const name = `${owner}.${str(added.value.name) ?? "?"}`;
      const hint = unusedRenameHint(added.value, `property of \`${owner}\``);
      if (requiredColumn(added.value)) this.add("property-added-required", name, added.path, undefined, `Required property \`${name}\` was added; rows written before it have no value.${hint}`);
      else this.add("property-added-optional", name, added.path, undefined, `Optional property \`${name}\` was added.${hint}`);
      this.addedPropertyRules(added, name);
    }
    // Column order: the surviving properties, compared in their base and head order.
    const inHeadOrder = [...matched.pairs].sort((x, y) => Number(x.head.path.at(-1)) - Number(y.head.path.at(-1)));
    const baseOrder = inHeadOrder.map((p) => Number(p.base.path.at(-1)));
    if (baseOrder.some((v, i) => i > 0 && v < baseOrder[i - 1]!)) {
      // Pairs follow ids and renamedFrom hints: two properties whose ids were swapped are in another order under new
      // names, which the message must not deny. Their renames (and any type change) are their own findings.
      const renamed = inHeadOrder.filter((p) => p.renamed && !renamedInCaseOnly(p.base.value, p.head.value)).map((p) => `\`${owner}.${asText(p.head.value.name, "(unnamed)")}\``);
      const names = renamed.length === 0 ? "each keeps its name" : `as their ids or renamedFrom hints pair them: ${renamed.join(", ")} ${renamed.length === 1 ? "has a new name" : "have new names"} (property-renamed)`;
      this.add("property-reordered", owner, listInHead, [...b.path, "properties"], `Properties of \`${owner}\` are in another order (column order); ${names}.`);
    }
    const [baseKeys, headKeys] = [b.value, h.value].map((object) => mappings(object.properties).filter((p) => p.primaryKey === true).length);
    const [uniqueBefore, uniqueAfter] = schemaObject ? [uniqueByObjectRules(b.value), uniqueByObjectRules(h.value)] : [[], []];
    for (const { base: pb, head: ph, renamed } of matched.pairs) {
      const name = `${owner}.${str(ph.value.name) ?? "?"}`;
      const implied = {
        base: { ...keyImplies(pb.value, baseKeys!), uniqueByObject: uniqueAlone(uniqueBefore, pb.value.name) },
        head: { ...keyImplies(ph.value, headKeys!), uniqueByObject: uniqueAlone(uniqueAfter, ph.value.name) },
      };
      this.property(pb, ph, name, this.rename("property-renamed", pb, ph, `${owner}.${asText(pb.value.name, "(unnamed)")}`, name, renamed), implied);
    }
  }

  /**
   * The quality rules an added property (its nested properties and items too) comes with: new guarantees
   * that the rows written before it, which have no value there, may not meet (a `nullValues` rule makes an
   * optional column as required as `required: true` does).
   */
  private addedPropertyRules(added: Located, name: string) {
    for (const { value: rule, path } of indexed(added.value.quality, [...added.path, "quality"])) {
      this.add("quality-rule-added", name, path, undefined, `Quality rule ${describeRule(rule)} was added to \`${name}\`, a new property: rows written before it have no value there.`);
    }
    for (const nested of indexed(added.value.properties, [...added.path, "properties"])) this.addedPropertyRules(nested, `${name}.${str(nested.value.name) ?? "?"}`);
    if (isMapping(added.value.items)) this.addedPropertyRules({ value: added.value.items, path: [...added.path, "items"] }, `${name}[]`);
  }

  /**
   * One matched property (or array `items`); `renamed`: its physicalName is already reported as a rename;
   * `implied`: what its primary key already guarantees on each side (a `required` or `unique` flag that
   * restates it is no promise of its own, also when the column leaves or joins the key).
   */
  private property(b: Located, h: Located, name: string, renamed = false, implied: { base: KeyImplies; head: KeyImplies } = NOTHING_IMPLIED) {
    const at = (key: string): [PathSegment[], PathSegment[]] => [key in h.value ? [...h.path, key] : h.path, [...b.path, key]];
    // `missing`: how a side without the type reads (a logical type: none declared, so any value).
    // Only physical types have struct fields (PhysicalTypeRelation); a kinds map without them names none.
    const typeChange = (relation: PhysicalTypeRelation, kinds: Record<Exclude<TypeRelation, "same">, ChangeKindId> & Partial<Record<Exclude<PhysicalTypeRelation, TypeRelation>, ChangeKindId>>, key: string, label: string, missing: readonly [before: string, after: string] = ["none", "none"]) => {
      if (relation === "same") return;
      const [hp, bp] = at(key);
      // A physical type the servers read apart (widened on one, narrowed on another) says which reads it how.
      const apart = key === "physicalType" && relation === "changed" ? this.byServer((dialect) => relatePhysicalTypes(str(b.value[key]), str(h.value[key]), dialect)) : "";
      this.add(kinds[relation] ?? kinds.changed, name, hp, bp, `${label} of \`${name}\` ${TYPE_RELATION_WORDS[relation]}: ${asText(b.value[key] ?? missing[0])} → ${asText(h.value[key] ?? missing[1])}${apart}.`);
    };
    const [logicalBefore, logicalAfter] = [effectiveLogicalType(b.value), effectiveLogicalType(h.value)];
    // A logicalType written or dropped where the physicalType says the same (`logicalType: string` added to a
    // varchar(10) column) changes no value: the side without one is compared as its physical type.
    const impliedBefore = logicalBefore ?? (logicalAfter !== undefined ? logicalTypeOfPhysical(str(b.value.physicalType), this.dialect) : undefined);
    const impliedAfter = logicalAfter ?? (logicalBefore !== undefined ? logicalTypeOfPhysical(str(h.value.physicalType), this.dialect) : undefined);
    if (logicalBefore !== logicalAfter && impliedBefore === impliedAfter) {
      const [hp, bp] = at("logicalType");
      this.add("metadata-changed", name, hp, bp, `Logical type of \`${name}\` ${logicalAfter === undefined ? "no longer written" : "now written"}: ${impliedAfter}, as its physical type ${asText(h.value.physicalType)} holds.`);
    }
    // A side without a logical type is named as it was compared: the type its physicalType holds (`bigint` → integer), else any.
    const unwritten = (implied: string | undefined, side: Mapping) => (implied === undefined ? "none (any type)" : `none (${implied}, as its physical type ${asText(side.physicalType)} holds)`);
    typeChange(relateLogicalTypes(impliedBefore, impliedAfter), { widened: "logical-type-widened", narrowed: "logical-type-narrowed", changed: "logical-type-changed" }, "logicalType", "Logical type", [unwritten(impliedBefore, b.value), unwritten(impliedAfter, h.value)]);
    const physicalRelation = relatePhysicalTypesOn(str(b.value.physicalType), str(h.value.physicalType), this.serverDialects);
    // Struct fields added or removed that the nested `properties` describe on both sides are reported there,
    // one finding per field (property-added-* / property-removed-*), not again as the struct's; unless the
    // fields both sides have changed too (a nested struct's own field added), which only the struct says.
    const fieldsReportedAsProperties = (physicalRelation === "fields-added" || physicalRelation === "fields-removed") && describesStructFields(b.value) && describesStructFields(h.value)
      && relateSharedStructFields(str(b.value.physicalType), str(h.value.physicalType), this.serverDialects) === "same";
    if (!fieldsReportedAsProperties) typeChange(physicalRelation, { widened: "physical-type-widened", narrowed: "physical-type-narrowed", changed: "physical-type-changed", "fields-added": "physical-type-fields-added", "fields-removed": "physical-type-fields-removed" }, "physicalType", "Physical type");
    // What only one of two logical types has (a string's maxLength, an array's items) is not compared as well:
    // the logical type change already says that those values are gone or new.
    const [typeBefore, typeAfter] = [effectiveLogicalType(b.value), effectiveLogicalType(h.value)];
    const comparable = (key: string) => typeBefore === typeAfter || (typeHas(typeBefore, key) && typeHas(typeAfter, key));

    // A key added or dropped is its own change (primary-key-*): what it guaranteed (or now guarantees) is
    // not reported again while the flag stays as written, and a flag that restates it changes nothing.
    const keyMoved = (b.value.primaryKey === true) !== (h.value.primaryKey === true);
    // A flag and a rule that restates it (`unique: true` → a duplicateValues rule accepting none) are one promise:
    // a flag written or dropped is reported only when the promise changed with it. A rule added or removed beside a
    // flag that stays is the rule's own finding (quality-rule-added / -removed).
    const [was, is] = [promisedFlags(b.value, implied.base), promisedFlags(h.value, implied.head)];
    const flagChanged = (flag: keyof KeyImplies) => {
      const [wasFlag, isFlag] = [b.value[flag] === true || implied.base[flag], h.value[flag] === true || implied.head[flag]];
      return wasFlag !== isFlag && was[flag] !== is[flag] && !(keyMoved && (b.value[flag] === true) === (h.value[flag] === true));
    };
    if (flagChanged("required")) {
      const [hp, bp] = at("required");
      this.add(is.required ? "property-made-required" : "property-made-optional", name, hp, bp, `\`${name}\` is now ${is.required ? "required" : "optional (may be null)"}.`);
    }
    if (flagChanged("unique")) {
      const [hp, bp] = at("unique");
      this.add(is.unique ? "unique-added" : "unique-removed", name, hp, bp, `\`${name}\` is ${is.unique ? "now unique" : "no longer unique"}.`);
    }
    this.personalDataTag(b, h, name, this.classification(b, h, name));
    // An enum moved between a pattern and an invalidValues rule is compared as one list of values (see enumMove):
    // neither the pattern nor the rule is reported on its own.
    const moved = enumMove(b.value, h.value);
    this.constraints(b, h, name, (key) => comparable(key) && !(moved && key === "pattern"));
    if (moved) this.movedEnum(b, h, name, moved);
    this.encryptedColumn(b, h, name);
    this.elementDocs(b, h, name, renamed);
    // A rule that takes over the flag's promise (the flag dropped as the rule is added, or written as the rule is
    // removed) is the same promise; one added or removed beside a flag that stays is a rule of its own.
    const flags = { base: was, head: is };
    const promisedWithout = (side: "base" | "head", flag: RestatedFlag, unpaired: ReadonlySet<Mapping>) => {
      const property = (side === "base" ? b : h).value;
      return property[flag] === true || implied[side][flag] || mappings(property.quality).some((other) => !unpaired.has(other) && restatedFlag(other, true) === flag);
    };
    this.quality(b, h, name, moved, (rule, side, unpaired) => {
      const flag = restatedFlag(rule, false);
      if (flag === undefined || !flags[side][flag] || promisedWithout(side === "base" ? "head" : "base", flag, unpaired)) return undefined;
      return { element: name, promise: flag, restates: restatedFlag(rule, true) !== undefined };
    });
    // Nested properties (object-typed properties) and array items are compared like top-level ones.
    // An object-typed property is an object: its nested key is compared as a schema object's is (properties
    // already reads the required and unique flags it implies, and leaves its change to primaryKey).
    if (("properties" in b.value || "properties" in h.value) && comparable("properties")) {
      this.properties(b, h, name);
      this.primaryKey(b, h, name);
    }
    // Items on one side only are compared with none: a type gained or lost is a change too.
    if ((isMapping(b.value.items) || isMapping(h.value.items)) && comparable("items")) {
      this.property({ value: asMapping(b.value.items), path: [...b.path, "items"] }, { value: asMapping(h.value.items), path: isMapping(h.value.items) ? [...h.path, "items"] : h.path }, `${name}[]`);
    }
  }

  /**
   * The column that holds a property's encrypted values: ODCS `encryptedName`, "the element name within the
   * dataset that contains the encrypted element value" (`email_address` → `email_address_encrypt`). It is a
   * column of the data source that consumers without access to the clear values query by that name, so it is
   * judged as a column is: renamed (beyond case, which warehouses fold: see elementDocs), removed or added.
   */
  private encryptedColumn(b: Located, h: Located, name: string) {
    if (sameEncryptedColumn(b.value, h.value)) return;
    const [before, after] = [str(b.value.encryptedName), str(h.value.encryptedName)];
    const [hp, bp] = [after === undefined ? h.path : [...h.path, "encryptedName"], [...b.path, "encryptedName"]];
    if (before === undefined) {
      const kind = requiredColumn(h.value) ? "property-added-required" : "property-added-optional";
      this.add(kind, name, hp, undefined, `The encrypted column \`${after}\` of \`${name}\` was added (encryptedName).`);
    } else if (after === undefined) {
      const kind = requiredColumn(b.value) ? "property-removed-required" : "property-removed-optional";
      this.add(kind, name, hp, bp, `The encrypted column \`${before}\` of \`${name}\` was removed (encryptedName).`);
    } else {
      this.add("property-renamed", name, hp, bp, `The encrypted column of \`${name}\` was renamed in the data source: \`${before}\` → \`${after}\` (encryptedName).`);
    }
  }

  /** Compares a property's classification; returns the kind it reported, if any. */
  private classification(b: Located, h: Located, name: string): ChangeKindId | undefined {
    const before = str(b.value.classification);
    const after = str(h.value.classification);
    if (before === after) return undefined;
    const at: [PathSegment[], PathSegment[]] = ["classification" in h.value ? [...h.path, "classification"] : h.path, [...b.path, "classification"]];
    // Read without case (as a status is), but a released version still changed: a patch, as a status in another case is.
    if (before?.toLowerCase() === after?.toLowerCase()) {
      this.add("metadata-changed", name, ...at, `Classification of \`${name}\` changed in the case of its letters only: ${before} → ${after} (read without case, so no more or less sensitive).`);
      return "metadata-changed";
    }
    // None and public restrict no one alike; a classification meshkit does not know counts as the most sensitive.
    const rank = (c: string | undefined) => (c === undefined ? 0 : CLASSIFICATION_ORDER.includes(c.toLowerCase()) ? CLASSIFICATION_ORDER.indexOf(c.toLowerCase()) : CLASSIFICATION_ORDER.length);
    if (rank(before) === 0 && rank(after) === 0) {
      this.add("metadata-changed", name, ...at, `Classification of \`${name}\` written differently: ${before ?? "none"} → ${after ?? "none"} (neither restricts access).`);
      return "metadata-changed";
    }
    // One meshkit does not know (`pii`, the 1 to 5 ODCS mentions) is sensitive, as provision reads it, but has
    // no place among the sensitive ones: from it to one of those (`pii` → `secret`) may raise it, so it is read
    // as raised, as a change between two unknown ones is. Only an open one (public, internal, none) lowers it.
    const unordered = rank(before) === CLASSIFICATION_ORDER.length && isSensitiveProperty({ classification: after });
    const kind = unordered || rank(after) >= rank(before) ? "classification-raised" : "classification-lowered";
    const why = unordered && rank(after) < rank(before) ? ` (meshkit cannot tell how ${before} and ${after} compare, so reads it as raised)` : "";
    this.add(kind, name, ...at, `Classification of \`${name}\` changed: ${before ?? "none"} → ${after ?? "none"}${why}.`);
    return kind;
  }

  /**
   * A `pii` tag makes a property personal data whatever its classification says: core's
   * isSensitiveProperty, the reading of provision's masked views, contract-test's samples and the
   * platform-baseline policy. So a tag that makes an open (public, internal, unclassified) property
   * sensitive takes its values from consumers not approved for them, as a raised classification does;
   * one that leaves it open again gives them back. Reported unless the classification already said so.
   */
  private personalDataTag(b: Located, h: Located, name: string, classified: ChangeKindId | undefined) {
    const [was, is] = [isSensitiveProperty(b.value), isSensitiveProperty(h.value)];
    const kind = is ? "classification-raised" : "classification-lowered";
    if (was === is || classified === kind) return;
    const [hp, bp]: [PathSegment[], PathSegment[]] = ["tags" in h.value ? [...h.path, "tags"] : h.path, [...b.path, "tags"]];
    const message = is
      ? `\`${name}\` is now tagged \`pii\`: personal data, so its values are masked for roles not approved for them (classification ${asText(h.value.classification ?? "none")}).`
      : `\`${name}\` is no longer tagged \`pii\`: with classification ${asText(h.value.classification ?? "none")} it is no longer personal data, so its values are shown to every role.`;
    this.add(kind, name, hp, bp, message);
  }

  /**
   * An integer range compared as each server holds it (integerDialects: Snowflake's `bigint` is an i128,
   * PostgreSQL's an i64): no change only
   * when none reads one, one relation when all that changed agree, else changed (as relatePhysicalTypesOn).
   */
  private onEachServer(relate: (dialect: PhysicalDialect) => ConstraintRelation): ConstraintRelation {
    const relations = new Set(this.integerDialects().map(relate));
    relations.delete("same");
    return relations.size === 0 ? "same" : relations.size === 1 ? [...relations][0]! : "changed";
  }

  /**
   * How each server reads a change, for one the servers read apart (` (widened on postgres, narrowed on mysql)`), so
   * that its `changed` says why; empty where they all read it one way (or the contract lists no servers).
   */
  private byServer(relate: (dialect: PhysicalDialect) => string): string {
    const servers = new Map<string, string[]>();
    for (const reading of this.serverReadings) {
      const relation = relate(reading.dialect);
      servers.set(relation, [...(servers.get(relation) ?? []), ...reading.servers]);
    }
    if (servers.size < 2 || [...servers.values()].some((names) => names.length === 0)) return "";
    const words: Record<string, string> = { same: "no change", "fields-added": "struct fields added", "fields-removed": "struct fields removed" };
    return ` (${[...servers].map(([relation, names]) => `${words[relation] ?? relation} on ${names.join(", ")}`).join("; ")})`;
  }

  /**
   * The readings an integer's default format is judged on: each server's, as a physical type is (relatePhysicalTypesOn),
   * since they may give one physical type different widths (`bigint`: Snowflake's i128, PostgreSQL's i64; a bare
   * `decimal`: Snowflake's NUMBER(38,0), MySQL's DECIMAL(10,0)).
   */
  private integerDialects(): readonly PhysicalDialect[] {
    return this.serverDialects;
  }

  /** logicalTypeOptions: lengths, ranges, patterns, formats; only the options `comparable` takes. */
  private constraints(b: Located, h: Located, name: string, comparable: (key: string) => boolean) {
    const before = asMapping(b.value.logicalTypeOptions);
    const after = asMapping(h.value.logicalTypeOptions);
    const [effectiveBefore, effectiveAfter] = [effectiveOptions(b.value, this.dialect), effectiveOptions(h.value, this.dialect)];
    const path: [PathSegment[], PathSegment[]] = ["logicalTypeOptions" in h.value ? [...h.path, "logicalTypeOptions"] : h.path, [...b.path, "logicalTypeOptions"]];
    const loosened: string[] = [];
    const tightened: string[] = [];
    const changed: string[] = [];
    const lists = { loosened, tightened, changed };
    const keysOf: Record<keyof typeof lists | "rewritten", string[]> = { loosened: [], tightened: [], changed: [], rewritten: [] };
    // Options written another way that accept the same values (`maximum: 1000` → `exclusiveMaximum: 1001`
    // on an integer): no guarantee changed, but the released document did (semver §3), as with an SLA
    // written differently. Writing or dropping a default (`exclusiveMaximum: false`, `minLength: 0`) is not one.
    const rewritten: string[] = [];
    const describe = (keys: string[]) => keys.map((key) => `${key} ${shownOption(b.value, key, this.integerDialects())} → ${shownOption(h.value, key, this.integerDialects())}`).join(", ");
    const rangeKeys = new Set<string>(Object.values(RANGE_ENDS).flatMap((end) => [end.inclusive, end.exclusive]));
    for (const end of Object.keys(RANGE_ENDS) as RangeEnd[]) {
      const keys = [RANGE_ENDS[end].inclusive, RANGE_ENDS[end].exclusive].filter((key) => comparable(key) && !same(before[key], after[key]));
      if (keys.length === 0) continue;
      const formatWritten = before.format !== undefined || after.format !== undefined;
      const relate = (dialect: PhysicalDialect) => relateRangeEnd(end, integerRange(b.value, before, formatWritten, dialect), integerRange(h.value, after, formatWritten, dialect));
      const relation = this.onEachServer(relate);
      if (relation !== "same") {
        lists[relation].push(`${describe(keys)}${relation === "changed" ? this.byServer(relate) : ""}`);
        keysOf[relation].push(...keys);
      } else if (keys.some((key) => !isUnsetFlag(before[key]) || !isUnsetFlag(after[key]))) {
        rewritten.push(describe(keys));
        keysOf.rewritten.push(...keys);
      }
    }
    for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
      if (rangeKeys.has(key) || !comparable(key) || same(before[key], after[key])) continue;
      // An integer's format is compared with its bounds, by the whole numbers both allow: `maximum: 10` → `format: u8,
      // maximum: 10` holds the same values, unless the property was or becomes another type.
      const integers = key === "format" && [b.value, h.value].every((p) => p.logicalType === "integer");
      const relate = (dialect: PhysicalDialect) => relateRange(integerRange(b.value, before, true, dialect), integerRange(h.value, after, true, dialect));
      const relation = integers ? this.onEachServer(relate) : relateConstraint(key, effectiveBefore[key], effectiveAfter[key]);
      if (relation !== "same") {
        lists[relation].push(`${describe([key])}${integers && relation === "changed" ? this.byServer(relate) : ""}`);
        keysOf[relation].push(key);
      } else if (integers ? this.integerDialects().some((dialect) => !same(effectiveOptions(b.value, dialect)[key], effectiveOptions(h.value, dialect)[key])) : !same(effectiveBefore[key], effectiveAfter[key])) {
        rewritten.push(describe([key]));
        keysOf.rewritten.push(key);
      }
    }
    // Each finding points at the first option of its kind that the head writes (else at the options, or
    // the property when it has none left), and on the base side at that option as released.
    const at = (relation: keyof typeof keysOf): [PathSegment[], PathSegment[]] => {
      const key = keysOf[relation].find((k) => k in after) ?? keysOf[relation][0];
      const [hp, bp] = path;
      return [key !== undefined && key in after ? [...hp, key] : hp, key !== undefined && key in before ? [...bp, key] : bp];
    };
    if (loosened.length) this.add("constraint-loosened", name, ...at("loosened"), `Constraints of \`${name}\` loosened: ${loosened.join(", ")}.`);
    if (tightened.length) this.add("constraint-tightened", name, ...at("tightened"), `Constraints of \`${name}\` tightened: ${tightened.join(", ")}.`);
    if (changed.length) this.add("constraint-changed", name, ...at("changed"), `Constraints of \`${name}\` changed: ${changed.join(", ")}.`);
    // Said once: a constraint change above already makes the release a change.
    if (rewritten.length && !loosened.length && !tightened.length && !changed.length) {
      this.add("metadata-changed", name, ...at("rewritten"), `Constraints of \`${name}\` written differently, accepting the same values: ${rewritten.join(", ")}.`);
    }
  }

  /**
   * An enum moved between a pattern and an invalidValues rule (see enumMove): its values compared as one list, the
   * same values a rewrite (metadata-changed). Lists of rules on both sides are compared rule by rule (see quality).
   */
  private movedEnum(b: Located, h: Located, name: string, moved: EnumMove) {
    const patternSide = (side: Located): ValueList => ({ values: patternEnum(side.value) ?? new Set(), path: [...side.path, "logicalTypeOptions", "pattern"] });
    const ruleSide = (side: Located): ValueList => ({ values: validValuesList(asMapping((side.value.quality as unknown[])[moved.rule])) ?? new Set(), path: validValuesPath(side, moved.rule) });
    const [before, after] = moved.from === "pattern" ? [patternSide(b), ruleSide(h)] : [ruleSide(b), patternSide(h)];
    if (this.validValues(name, before, after)) return;
    const where = (pattern: boolean) => (pattern ? "logicalTypeOptions.pattern" : "an invalidValues rule (no invalid row allowed)");
    this.add("metadata-changed", name, after.path, before.path, `Valid values of \`${name}\` moved from ${where(moved.from === "pattern")} to ${where(moved.from === "validValues")}, accepting the same values: ${[...after.values].join(", ")}.`);
  }

  /**
   * Valid values added to or removed from a list (valid-values-added / -removed); whether any were. Only the head's
   * list is named: the list stays, so a removal is not one of an element (no "was at", no pointing at its parent).
   */
  private validValues(name: string, before: ValueList, after: ValueList): boolean {
    const added = [...after.values].filter((v) => !before.values.has(v));
    const removed = [...before.values].filter((v) => !after.values.has(v));
    if (added.length) this.add("valid-values-added", name, after.path, undefined, `Valid values of \`${name}\` added: ${added.join(", ")}.`);
    if (removed.length) this.add("valid-values-removed", name, after.path, undefined, `Valid values of \`${name}\` removed: ${removed.join(", ")}.`);
    return added.length > 0 || removed.length > 0;
  }

  private primaryKey(b: Located, h: Located, owner: string) {
    // The key's order as provision makes it and contract-test checks it: numbered columns first (1, 2, …), then
    // those without a position (none, or ODCS's default -1) in the order the properties are written.
    const keyColumns = (object: Mapping) =>
      mappings(object.properties)
        .filter((p) => p.primaryKey === true)
        .sort((x, y) => (declaredKeyPosition(x) ?? Number.POSITIVE_INFINITY) - (declaredKeyPosition(y) ?? Number.POSITIVE_INFINITY));
    // Without a position on either side the contract declares no order: reordered properties (property-reordered)
    // leave the key the same set of columns.
    const numbered = [b.value, h.value].some((object) => keyColumns(object).some((p) => declaredKeyPosition(p) !== undefined));
    // A released key column renamed (property-renamed, reported with properties before this) is the same column, as
    // the head calls it: the key stays the key, and the rename alone says what breaks.
    const headName = (name: string) => {
      const renamed = this.renamedNames.get(`${owner}.${name}`.toLowerCase());
      return renamed?.startsWith(`${owner}.`) ? renamed.slice(owner.length + 1) : name;
    };
    const key = (object: Mapping, side: "base" | "head") => {
      const names = keyColumns(object).map((p) => (side === "base" ? headName(str(p.name) ?? "?") : (str(p.name) ?? "?")));
      return numbered ? names : names.sort((x, y) => (x.toLowerCase() < y.toLowerCase() ? -1 : x.toLowerCase() > y.toLowerCase() ? 1 : 0));
    };
    // Properties written as something else than a list are not compared (see match), nor are those without
    // a name (see matchElements): nor is a key they are part of.
    if ([b.value.properties, h.value.properties].some((list) => list !== undefined && !Array.isArray(list))) return;
    if ([b.value, h.value].some((object) => mappings(object.properties).some((p) => p.primaryKey === true && typeof p.name !== "string"))) return;
    const before = key(b.value, "base");
    const after = key(h.value, "head");
    // A column renamed in case only is the same column (metadata-changed), so the same key; its positions
    // renumbered in the same order (1, 2 → 10, 20) are the same key too, but the released document changed.
    if (before.join(",").toLowerCase() === after.join(",").toLowerCase()) {
      const positions = (object: Mapping) => keyColumns(object).map((p) => asText(declaredKeyPosition(p))).join(", ");
      if (positions(b.value) !== positions(h.value)) {
        this.add("metadata-changed", owner, h.path, b.path, `Primary key positions of \`${owner}\` renumbered: (${positions(b.value)}) → (${positions(h.value)}); the key's columns and order are unchanged.`);
      }
      return;
    }
    const kind: ChangeKindId = before.length === 0 ? "primary-key-added" : after.length === 0 ? "primary-key-removed" : "primary-key-changed";
    const written = (object: Mapping) => keyColumns(object).map((p) => str(p.name) ?? "?").join(", ") || "none";
    const [writtenBefore, writtenAfter] = [written(b.value), written(h.value)];
    // The released key columns renamed and others given their names: as written, the key would read unchanged.
    const moved = writtenBefore.toLowerCase() === writtenAfter.toLowerCase() ? `; the names are the released key's, but its columns are now called (${before.join(", ")})` : "";
    this.add(kind, owner, h.path, b.path, `Primary key of \`${owner}\`: (${writtenBefore}) → (${writtenAfter})${moved}.`);
  }

  /**
   * Quality rules of one element, matched by id, then name, then type + metric + query: each pass on
   * the rules no earlier one paired, so a rule that gains an id or a name (as ODCS 3.1 adds them) is
   * still the same rule.
   */
  private quality(b: Located, h: Located, element: string, moved?: EnumMove, restatedBy: RestatedBy = () => undefined) {
    // v3.0's `rule: nullCheck` (an assertion) is v3.1's `metric: nullValues, mustBe: 0`: rules are compared as v3.1 writes them.
    const v31 = (rule: Mapping): Mapping => withDefaultUnit(normalizedQualityRule(rule));
    const content: MatchKey = (rule) => {
      const r = v31(rule);
      return `${str(r.type) ?? "library"}:${str(r.metric) ?? str(r.rule) ?? ""}:${str(sqlQueryText(r.query)) ?? ""}`;
    };
    // A rule written the same in both is the same rule wherever it moved: paired before rules of the same
    // metric are paired in order (a warning tier inserted before an unchanged rule is one added rule).
    const identical: MatchKey = (rule) => canonical(v31(rule));
    // Then a rule of the same metric, unit and comparisons (a lower bound with a lower bound): of a rowCount
    // `> 100` and `< 1000000`, one `< 2000000` left is the upper one relaxed, not the lower one changed.
    const comparisons = (rule: Mapping) => {
      const r = v31(rule);
      return `${str(r.unit) ?? ""}:${Object.keys(r).filter(isQualityComparator).sort().join(",")}`;
    };
    const shape: MatchKey = (rule) => `${content(rule)}:${comparisons(rule)}`;
    // Last, an SQL rule whose query changed: a library rule is paired by its metric, an SQL rule has none, and
    // without this its new query would read as one rule removed and an unrelated one added.
    const sqlRule: MatchKey = (rule) => (str(v31(rule).type) === "sql" ? "sql" : undefined);
    // A nullValues rule left unpaired is the missingValues rule that replaced it, or the reverse (one metric: see
    // measuredMetric), so `nullValues` → `missingValues` with more values counted is that rule tightened.
    const measured: MatchKey = (rule) => {
      const metric = measuredMetric(v31(rule).metric);
      return metric === "missingValues" ? `${str(v31(rule).type) ?? "library"}:${metric}` : undefined;
    };
    // Of several such rules (an error and a warning tier), first the one of the same unit and comparisons, as `shape` pairs.
    const measuredShape: MatchKey = (rule) => {
      const key = measured(rule);
      return key === undefined ? undefined : `${key}:${comparisons(rule)}`;
    };
    const matched = this.match(b.value.quality, h.value.quality, [...b.path, "quality"], [...h.path, "quality"], "name", [(rule) => str(rule.name), identical, shape, content, measuredShape, measured, sqlRule]);
    const listInHead = "quality" in h.value ? [...h.path, "quality"] : h.path;
    const [removedRules, addedRules] = [new Set(matched.removed.map((e) => e.value)), new Set(matched.added.map((e) => e.value))];
    for (const { base: entry, head: match } of inBaseOrder(matched)) {
      if (!match) {
        if (moved?.from === "validValues" && entry.path.at(-1) === moved.rule) continue; // now the pattern: see movedEnum
        const kept = restatedBy(entry.value, "head", removedRules);
        if (kept !== undefined) {
          this.add("metadata-changed", element, listInHead, entry.path, `Quality rule ${describeRule(entry.value)} on \`${element}\` was removed: \`${kept.element}\` is still ${kept.promise}, which the rule ${kept.restates ? "restated" : "asked no more than"}.`);
        } else this.add("quality-rule-removed", element, listInHead, entry.path, `Quality rule ${describeRule(entry.value)} on \`${element}\` was removed.`);
        continue;
      }
      // Valid values written as lists (or as a pattern that lists them) are compared on their own
      // (valid-values-added/removed), so here every list reads as the empty one: a list on one side only (dropped:
      // any value passes now) is a changed argument, and anything else there (`validValues: open`, which
      // contract-test refuses; a pattern that is no list) is compared as written.
      const comparable = (written: Mapping) => {
        const rule = v31(written);
        const listed = ruleEnum(written);
        if (!listed) return rule;
        const others = { ...asMapping(rule.arguments) };
        delete others[listed.key];
        return { ...rule, arguments: { ...others, validValues: [] } };
      };
      // A rule's valid values, compared with those of the rule it is paired with: of two rules (an error tier and a
      // warning tier), reordered, neither list changed.
      const [listBefore, listAfter] = [validValuesList(entry.value), validValuesList(match.value)];
      const listsChanged = listBefore && listAfter ? this.validValues(element, { values: listBefore, path: validValuesPath(entry, undefined) }, { values: listAfter, path: validValuesPath(match, undefined) }) : false;
      // The same values listed another way (`validValues` ↔ an `arguments.pattern` that lists them): no guarantee
      // changed, but the released document did (semver §3), as with a threshold rewritten.
      const relisted = listBefore !== undefined && listAfter !== undefined && !listsChanged && ruleEnum(entry.value)?.key !== ruleEnum(match.value)?.key;
      const compared = compareQualityRule(comparable(entry.value), comparable(match.value));
      const relation = compared === "same" && relisted ? "description" : compared;
      if (relation === "same") continue;
      const kind: ChangeKindId =
        relation === "description" ? "description-changed" : relation === "relaxed" ? "quality-rule-relaxed" : relation === "tightened" ? "quality-rule-tightened" : "quality-rule-changed";
      // What was rewritten, relaxed or tightened is named too (`severity error → warning`), so the reader need
      // not diff the rule to find which threshold moved. Two value lists are left out, as the relation leaves them:
      // valid-values-added / -removed report them, and this rule was not relaxed or rewritten by them.
      const [shownBefore, shownAfter] = listBefore && listAfter && !(relisted && compared === "same") ? [comparable(entry.value), comparable(match.value)] : [v31(entry.value), v31(match.value)];
      const listed = (names: string[]) => names.map((field, i) => `${i === 0 ? ": " : ", "}${field}`).join("");
      const fields = listed(changedRuleFields(shownBefore, shownAfter));
      // Only descriptive fields rewritten (a description, schedule, dimension): those are named instead.
      const descriptive = listed(changedFields(shownBefore, shownAfter, [...new Set([...Object.keys(shownBefore), ...Object.keys(shownAfter)])].filter(isDescriptiveQualityField)));
      const what =
        relation === "description"
          ? `was rewritten without changing what it accepts${fields !== "" ? fields : descriptive !== "" ? descriptive : " (the same threshold written another way)"}`
          : `was ${relation}${fields}`;
      // At the first field that changed (`severity`, `mustBeLessThan`), where the head writes it, as other findings point:
      // a field the message names before a description or name rewritten beside it, which the message leaves out.
      const keys = [...new Set([...Object.keys(shownBefore), ...Object.keys(shownAfter)])];
      const ruleFields = [...keys.filter((key) => !isDescriptiveQualityField(key)), ...keys.filter(isDescriptiveQualityField)];
      this.add(kind, element, changedKeyPath(shownBefore, shownAfter, match, ruleFields), entry.path, `Quality rule ${describeRule(match.value)} on \`${element}\` ${what}.`);
    }
    for (const entry of matched.added) {
      if (moved?.from === "pattern" && entry.path.at(-1) === moved.rule) continue; // was the pattern: see movedEnum
      // A rule that data already required (or unique) in the released version meets is no new promise (`required: true` → a nullValues rule accepting none).
      const restated = restatedBy(entry.value, "base", addedRules);
      if (restated !== undefined) {
        this.add("metadata-changed", element, entry.path, undefined, `Quality rule ${describeRule(entry.value)} was added to \`${element}\`: \`${restated.element}\` was already ${restated.promise}, which the rule ${restated.restates ? "restates" : "asks no more than"}.`);
      } else this.add("quality-rule-added", element, entry.path, undefined, `Quality rule ${describeRule(entry.value)} was added to \`${element}\`.`);
    }
  }

  /**
   * SLA properties, paired by id, then by property (its ODCS name, which is case-insensitive and has
   * synonyms) and element, with the driver first: ODCS's own example promises timeOfAvailability
   * twice for one element, once per driver.
   */
  slas(base: Mapping, head: Mapping) {
    // ODCS slaDefaultElement: the element of every SLA property that names none.
    const elementOf = (sla: Mapping, doc: Mapping) => str(sla.element) ?? str(doc.slaDefaultElement);
    // `follow`: a released SLA's element as the head names it (renamedNames). One that followed its column's rename
    // promises the same of it; one left as it was still does too, as before (an element renamed in the contract alone).
    const elementIn = (sla: Mapping, doc: Mapping, follow: boolean) => {
      const element = elementOf(sla, doc);
      return follow && element !== undefined ? element.split(",").map((name) => this.headElementName(name.trim())).join(",") : element;
    };
    // What an SLA promises (its property) and of what (its element).
    const promise = (sla: Mapping, doc: Mapping, follow = false) => `${slaPropertyName(sla.property ?? "?")}@${slaElementKey(elementIn(sla, doc, follow)) ?? ""}`;
    const keyIn = (doc: Mapping, withDriver: boolean, follow = false) => (sla: Mapping) => `${promise(sla, doc, follow)}${withDriver ? `@${str(sla.driver) ?? ""}` : ""}`;
    const matched = this.match(base.slaProperties, head.slaProperties, ["slaProperties"], ["slaProperties"], "property", [
      [keyIn(base, true), keyIn(head, true)],
      [keyIn(base, true, true), keyIn(head, true)],
      [keyIn(base, false), keyIn(head, false)],
      [keyIn(base, false, true), keyIn(head, false)],
    ]);
    const list = "slaProperties" in head ? ["slaProperties"] : [];
    for (const { base: entry, head: match } of inBaseOrder(matched)) {
      const name = str(entry.value.property) ?? "?";
      if (!match) {
        this.add("sla-removed", `sla ${name}`, list, entry.path, `SLA ${name} was removed.`);
        continue;
      }
      const [elementBefore, elementAfter] = [elementOf(entry.value, base), elementOf(match.value, head)];
      const follows = promise(entry.value, base) !== promise(match.value, head) && promise(entry.value, base, true) === promise(match.value, head);
      if (promise(entry.value, base) !== promise(match.value, head) && !follows) {
        // Paired by its id, but another promise (another property, or of another element): the one consumers
        // relied on is gone, as when no id pairs the two.
        const promised = (sla: Mapping, element: string | undefined) => `${asText(sla.property, "(unnamed)")} of ${element ?? "the whole contract"}`;
        const [before, after] = [promised(entry.value, elementBefore), promised(match.value, elementAfter)];
        this.add("sla-removed", `sla ${name}`, match.path, entry.path, `SLA ${before} is no longer promised: this entry (the same id) now promises ${after}.`);
        this.add("sla-added", `sla ${str(match.value.property) ?? "?"}`, match.path, undefined, `SLA ${after} was added.`);
        continue;
      }
      if (elementBefore !== elementAfter) {
        const at = (sla: Located) => ("element" in sla.value ? [...sla.path, "element"] : sla.path);
        const why = follows ? "the same elements under their new names: the rename is reported where it was made" : "the same elements: names are compared without case, order or the spaces around them";
        this.add("metadata-changed", `sla ${name}`, at(match), at(entry), `SLA ${name} element written differently: ${elementBefore} → ${elementAfter} (${why}).`);
      }
      // `slaDefaultElement` (v3.0) and an SLA's own `element` (v3.1) say the same: compared as v3.1 writes it,
      // and as the names of the data source it holds (slaElementKey).
      const withElement = (sla: Mapping, doc: Mapping, follow = false): Mapping => ({ ...sla, element: slaElementKey(elementIn(sla, doc, follow)) });
      const relation = compareSla(withElement(entry.value, base, follows), withElement(match.value, head));
      if (relation === "same") {
        // The same promise written another way (`1 d` → `24 h`, `latency` → `ly`): no reader's guarantee moved,
        // but the released document changed (semver §3), as an element written differently does.
        const written = ["property", "value", "unit"].filter((key) => !same(entry.value[key], match.value[key]));
        if (written.length > 0) {
          // A number written as text (`"99.9"`) is quoted, or the two sides would read the same.
          const value = (v: unknown) => (typeof v === "string" && v.trim() !== "" && !Number.isNaN(Number(v)) ? JSON.stringify(v) : asText(v));
          const spelt = (sla: Mapping) => `${asText(sla.property, "(unnamed)")} ${value(sla.value)}${sla.unit === undefined ? "" : ` ${asText(sla.unit)}`}`;
          const at = written.find((key) => key in match.value) ?? "value";
          this.add("metadata-changed", `sla ${name}`, keyPath(match, at), keyPath(entry, at), `SLA ${name} written differently: ${spelt(entry.value)} → ${spelt(match.value)} (the same promise).`);
        }
        // compareSla says "description" only when the value is written the same; rewritten, it is said here.
        if (!same(entry.value.description, match.value.description) || !same(entry.value.driver, match.value.driver)) {
          this.add("description-changed", `sla ${name}`, changedKeyPath(entry.value, match.value, match, ["description", "driver"]), entry.path, `SLA ${name} description or driver changed.`);
        }
        continue;
      }
      const extended = !same(entry.value.valueExt, match.value.valueExt);
      const slaValue = (sla: Mapping) => `${asText(sla.value)}${sla.unit ? ` ${asText(sla.unit)}` : ""}${extended ? ` (valueExt ${asText(sla.valueExt)})` : ""}`;
      const described = `${slaValue(entry.value)} → ${slaValue(match.value)}`;
      if (relation === "description") this.add("description-changed", `sla ${name}`, changedKeyPath(entry.value, match.value, match, ["description", "driver"]), entry.path, `SLA ${name} description or driver changed.`);
      else {
        // At what changed: the value, else its unit (4 h → 4 d) or its valueExt, where the head writes it.
        const at = ["value", "unit", "valueExt"].find((key) => !same(entry.value[key], match.value[key]) && key in match.value) ?? "value";
        this.add(relation === "tightened" ? "sla-tightened" : "sla-relaxed", `sla ${name}`, keyPath(match, at), keyPath(entry, at), `SLA ${name} ${relation === "tightened" ? "tightened" : relation === "relaxed" ? "relaxed" : "changed"}: ${described}.`);
      }
    }
    for (const entry of matched.added) this.add("sla-added", `sla ${str(entry.value.property) ?? "?"}`, entry.path, undefined, `SLA ${asText(entry.value.property, "(unnamed)")} was added.`);
  }

  servers(base: Mapping, head: Mapping) {
    const matched = this.match(base.servers, head.servers, ["servers"], ["servers"], "server");
    const list = "servers" in head ? ["servers"] : [];
    // Host names are case-insensitive (RFC 4343): `DB1` is the same server as `db1`; ODCS spells PostgreSQL's type
    // both `postgres` and `postgresql` (normalServerType), one engine. A file a server names
    // relative to the contract is where it leads from the contract's own folder. Its name (`server`, paired by
    // `id`) counts as where it is: consumers and output ports (ODPS `server`) select a server by that name, and
    // without an id the same rename is a removal, so an id must not make it a patch.
    const location = (m: Mapping, file: string | undefined) =>
      Object.fromEntries(
        Object.entries(m)
          .filter(([k]) => !["id", "description", "customProperties", "roles", "environment"].includes(k))
          .map(([k, v]) => [k, k === "host" && typeof v === "string" ? v.toLowerCase() : k === "type" && typeof v === "string" ? normalServerType(v) : fileLocation(m, k, v, file)]),
      );
    const place = ({ server: _name, ...rest }: Mapping) => rest;
    for (const removed of matched.removed) {
      const name = str(removed.value.server) ?? "?";
      // A server added where the removed one was is most likely it renamed, which is no less a removal to those
      // selecting it by name: said, so that the two findings read as one change.
      const where = place(location(removed.value, this.files?.base));
      const renamed = matched.added.find((added) => same(place(location(added.value, this.files?.head)), where));
      const hint = renamed ? ` Server \`${asText(renamed.value.server, "(unnamed)")}\`, added, is at the same location: if it is this one renamed, consumers and output ports that select \`${name}\` by name break all the same; keep the name, or release the rename as a major version.` : "";
      this.removal("server-removed", `server ${name}`, removed, list, `Server \`${name}\``, hint);
    }
    for (const added of matched.added) this.add("server-added", `server ${asText(added.value.server, "(unnamed)")}`, added.path, undefined, `Server \`${asText(added.value.server, "(unnamed)")}\` was added.`);
    for (const { base: b, head: h } of matched.pairs) {
      const name = str(h.value.server) ?? "?";
      const [before, after] = [location(b.value, this.files?.base), location(h.value, this.files?.head)];
      if (!same(before, after)) {
        const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((k) => !same(before[k], after[k]));
        // A file location is shown as it resolves when that is what changed (the contract moved, not its path).
        const shown = (k: string, m: Mapping, resolved: Mapping) => JSON.stringify((same(b.value[k], h.value[k]) ? resolved[k] : m[k]) ?? null);
        // The finding points at the first key that moved, where the head still writes it.
        this.add("server-moved", `server ${name}`, keyPath(h, keys[0]), b.path, `Server \`${name}\` moved: ${keys.map((k) => `${k} ${shown(k, b.value, before)} → ${shown(k, h.value, after)}`).join(", ")}.`);
      }
      this.deprecation(b, h, `server ${name}`, `Server \`${name}\``);
      // Its roles are compared as the contract's are (roleList): who may read there.
      this.roleList(b, h, name);
      const rest = ({ roles: _roles, ...m }: Mapping): Mapping => ({ ...m, customProperties: mappings(m.customProperties).filter((p) => p.property !== DEPRECATION_PROPERTY) });
      const fields = new Set([...Object.keys(b.value), ...Object.keys(h.value)]);
      const changed = changedFields(rest(b.value), rest(h.value), fields);
      if (same(before, after) && changed.length > 0) {
        this.add("metadata-changed", `server ${name}`, changedKeyPath(rest(b.value), rest(h.value), h, fields), b.path, `Server \`${name}\` changed: ${changed.join(", ")}.`);
      }
    }
  }

  roles(base: Mapping, head: Mapping) {
    this.roleList({ value: base, path: [] }, { value: head, path: [] });
  }

  /**
   * The roles of a contract, or of one of its servers (ODCS 3.1 `servers[].roles`: who may read that server): `server`
   * names the server, so that a role removed there is `role-removed` (its consumers lose access there) as at the top.
   */
  private roleList(base: Located, head: Located, server?: string) {
    const matched = this.match(base.value.roles, head.value.roles, [...base.path, "roles"], [...head.path, "roles"], "role");
    const list = "roles" in head.value ? [...head.path, "roles"] : head.path;
    const of = server === undefined ? "" : ` of server \`${server}\``;
    const element = (role: Mapping) => `${server === undefined ? "" : `server ${server} `}role ${asText(role.role, "(unnamed)")}`;
    for (const removed of matched.removed) this.add("role-removed", element(removed.value), list, removed.path, `Role \`${asText(removed.value.role, "(unnamed)")}\`${of} was removed: its consumers lose access.`);
    for (const added of matched.added) this.add("role-added", element(added.value), added.path, undefined, `Role \`${asText(added.value.role, "(unnamed)")}\`${of} was added.`);
    for (const { base: b, head: h } of matched.pairs) {
      const name = element(h.value);
      // What the role is (its name, access, approvers): everything but its description, id and custom properties.
      const grant = ({ description: _description, id: _id, customProperties: _custom, ...rest }: Mapping) => rest;
      const meta = (m: Mapping) => ({ id: m.id, customProperties: m.customProperties });
      const [grantBefore, grantAfter] = [grant(b.value), grant(h.value)];
      if (!same(grantBefore, grantAfter)) {
        // Named field by field (`access read → write`), at the first that changed, as a moved server is.
        const fields = new Set([...Object.keys(grantBefore), ...Object.keys(grantAfter)]);
        this.add("role-changed", name, changedKeyPath(grantBefore, grantAfter, h, fields), b.path, `Role \`${asText(h.value.role, "(unnamed)")}\`${of} changed: ${changedFields(grantBefore, grantAfter, fields).join(", ")}.`);
      }
      if (!same(b.value.description, h.value.description)) this.add("description-changed", name, keyPath(h, "description"), b.path, `Role \`${asText(h.value.role, "(unnamed)")}\`${of} description changed.`);
      const changed = changedFields(meta(b.value), meta(h.value), ["id", "customProperties"]);
      if (changed.length > 0) this.add("metadata-changed", name, changedKeyPath(meta(b.value), meta(h.value), h, ["id", "customProperties"]), b.path, `Role \`${asText(h.value.role, "(unnamed)")}\`${of} changed: ${changed.join(", ")}.`);
    }
  }

  /**
   * One output port instance followed from the base to the head. Consumers reach a port by its name
   * (with its version, the ODPS key) and read what its contract promises: a new name, another contract,
   * another type, or a version outside the released one's compatibility line is a different port to
   * them. A base instance deprecated with a date now past may be replaced that way in a minor version.
   */
  private outputPort(b: Located, h: Located, renamed: boolean) {
    const before = str(b.value.name) ?? "?";
    const name = str(h.value.name) ?? "?";
    const moved = portTargetChanges(b.value, h.value);
    const deprecated = (renamed || moved.length > 0) && this.deprecationPassed(b.value);
    if (deprecated) {
      this.add("deprecated-element-removed", `port ${before}`, h.path, b.path, `Output port \`${before}\` ${asText(b.value.version)} was replaced by \`${name}\` ${asText(h.value.version)} after its deprecation date ${asText(customProperty(b.value, DEPRECATION_PROPERTY))}.`);
      this.add("output-port-added", `port ${name}`, h.path, undefined, `Output port \`${name}\` ${asText(h.value.version)} was added.`);
      return;
    }
    if (renamed) this.add("output-port-renamed", `port ${name}`, "name" in h.value ? [...h.path, "name"] : h.path, [...b.path, "name"], `Output port \`${before}\` was renamed to \`${name}\`.`);
    if (moved.length > 0) this.add("output-port-changed", `port ${name}`, keyPath(h, moved[0]!.startsWith("version") ? "version" : moved[0]), b.path, `Output port \`${name}\` now points elsewhere: ${portMoves(b.value, h.value, moved).join("; ")}.`);
    if (!same(b.value.description, h.value.description)) this.add("description-changed", `port ${name}`, keyPath(h, "description"), b.path, `The description of output port \`${name}\` changed.`);
    if (!same(b.value.tags, h.value.tags)) this.add("tags-changed", `port ${name}`, keyPath(h, "tags"), b.path, `The tags of output port \`${name}\` changed.`);
    // A newer version of its contract that the head retires: the port now serves nothing (provision leaves it out).
    const retires = moved.length === 0 && !same(b.value.version, h.value.version) ? this.retiringContracts?.get(str(h.value.contractId) ?? "") : undefined;
    if (retires !== undefined) {
      // A version the contract does not have (the port names 1.6.0, the contract retires at 1.5.0): said as such, not as the retired one.
      const retiringVersion = sameVersion(h.value.version, retires.version) ? "which this version retires" : `a version the contract does not have: this change retires it at version ${retires.version}`;
      const what = `Output port \`${name}\` now serves version ${asText(h.value.version)} of contract ${asText(h.value.contractId)} (was ${asText(b.value.version)}), ${retiringVersion}`;
      if (retires.announced) this.add("deprecated-element-removed", `port ${name}`, keyPath(h, "version"), [...b.path, "version"], `${what} after its deprecated release: the port serves nothing now (provision leaves retired contracts out), as the contract's deprecation announced.`);
      else this.add("output-port-changed", `port ${name}`, keyPath(h, "version"), b.path, `${what} without a deprecated release first: the port serves nothing now (provision leaves retired contracts out).`);
    }
    // A newer minor version of the same contract, in the line: the port serves compatible new features.
    const upgraded = retires === undefined && moved.length === 0 && portVersionMove(b.value.version, h.value.version) === "upgraded";
    if (upgraded) {
      // Under 0.x the line is the minor version, and a newer patch there is what may carry the features.
      const zeroLine = compatibilityLine(b.value.version)?.line.split(".").length === 2;
      const newer = zeroLine ? "a newer version in the same 0.x line, where a patch may carry new features" : "a newer minor version in the same line, with new compatible features";
      this.add("output-port-upgraded", `port ${name}`, "version" in h.value ? [...h.path, "version"] : h.path, [...b.path, "version"], `Output port \`${name}\` now serves version ${asText(h.value.version)} of its contract (was ${asText(b.value.version)}): ${newer}.`);
    }
    this.deprecation(b, h, `port ${name}`, `Output port \`${name}\``);
    // The rest (a patch version within the same line, custom properties, sbom, inputContracts, definitions);
    // a renamedFrom hint is the rename itself.
    const rest = ({ name: _name, description: _description, tags: _tags, contractId: _contract, type: _type, server: _server, version, customProperties, ...other }: Mapping): Mapping => ({
      ...other,
      version: moved.length > 0 || upgraded || retires !== undefined ? undefined : version,
      customProperties: mappings(customProperties).filter((p) => p.property !== RENAME_PROPERTY && p.property !== DEPRECATION_PROPERTY),
    });
    const [baseRest, headRest] = [rest(b.value), rest(h.value)];
    const restKeys = new Set([...Object.keys(baseRest), ...Object.keys(headRest)]);
    const changed = changedFields(baseRest, headRest, restKeys);
    if (changed.length > 0) this.add("metadata-changed", `port ${name}`, changedKeyPath(baseRest, headRest, h, restKeys), b.path, `Output port \`${name}\` changed: ${changed.join(", ")}.`);
  }

  ports(base: Mapping, head: Mapping) {
    // ODPS 1.0.0: "For each version, a different instance of the output port is listed. The combination
    // of the name and version is the key." An instance whose version moved on is still followed by name.
    const instance: MatchKey = (port) => (str(port.name) !== undefined && str(port.version) !== undefined ? `${str(port.name)}@${str(port.version)}` : undefined);
    // Then within its version line (the caret range: 1.x, or 0.3.x below 1.0.0), so that two instances of
    // one port that both moved on are each followed in their own line, whatever their order in the list.
    const line: MatchKey = (port) => {
      const version = /^v?(\d+)\.(\d+)/.exec(str(port.version) ?? "");
      return str(port.name) !== undefined && version ? `${str(port.name)}@${version[1] === "0" ? `0.${version[2]}` : version[1]}` : undefined;
    };
    const portKeys: MatchKey[] = [instance, line, (port) => str(port.name)];
    const output = this.match(base.outputPorts, head.outputPorts, ["outputPorts"], ["outputPorts"], "name", portKeys);
    const list = "outputPorts" in head ? ["outputPorts"] : [];
    // Name and version are the key: a message names the instance (`orders` 1.0.0), as another may stay.
    const shown = (port: Mapping) => `\`${asText(port.name, "(unnamed)")}\`${str(port.version) !== undefined ? ` ${str(port.version)}` : ""}`;
    for (const removed of output.removed) this.removal("output-port-removed", `port ${asText(removed.value.name, "(unnamed)")}`, removed, list, `Output port ${shown(removed.value)}`);
    for (const added of output.added) this.add("output-port-added", `port ${asText(added.value.name, "(unnamed)")}`, added.path, undefined, `Output port ${shown(added.value)} was added.${unusedRenameHint(added.value, "output port")}`);
    for (const { base: b, head: h, renamed } of output.pairs) this.outputPort(b, h, renamed);
    const input = this.match(base.inputPorts, head.inputPorts, ["inputPorts"], ["inputPorts"], "name", portKeys);
    const inputs = "inputPorts" in head ? ["inputPorts"] : [];
    for (const removed of input.removed) this.add("input-port-changed", `input ${asText(removed.value.name, "(unnamed)")}`, inputs, removed.path, `Input port ${shown(removed.value)} was removed.`);
    for (const added of input.added) this.add("input-port-changed", `input ${asText(added.value.name, "(unnamed)")}`, added.path, undefined, `Input port ${shown(added.value)} was added.`);
    for (const { base: b, head: h } of input.pairs) {
      // Named field by field (the upstream contract or version it reads), as an output port's changes are.
      const fields = new Set([...Object.keys(b.value), ...Object.keys(h.value)]);
      const changed = changedFields(b.value, h.value, fields);
      if (changed.length > 0) this.add("input-port-changed", `input ${asText(h.value.name, "(unnamed)")}`, changedKeyPath(b.value, h.value, h, fields), b.path, `Input port \`${asText(h.value.name, "(unnamed)")}\` changed: ${changed.join(", ")}.`);
    }
  }

  /**
   * ODPS management ports (endpoints to discover, observe or control the product), paired by name, each
   * one added, removed or changed named: the data consumers read does not go through them, so each is
   * metadata (a patch), but which endpoint moved or went is what a consumer watching it needs to know.
   */
  managementPorts(base: Mapping, head: Mapping) {
    const matched = this.match(base.managementPorts, head.managementPorts, ["managementPorts"], ["managementPorts"], "name");
    const list = "managementPorts" in head ? ["managementPorts"] : [];
    const named = (port: Located) => asText(port.value.name, "(unnamed)");
    for (const removed of matched.removed) this.add("metadata-changed", `management port ${named(removed)}`, list, removed.path, `Management port \`${named(removed)}\` was removed.`);
    for (const added of matched.added) this.add("metadata-changed", `management port ${named(added)}`, added.path, undefined, `Management port \`${named(added)}\` was added.`);
    for (const { base: b, head: h } of matched.pairs) {
      const fields = new Set([...Object.keys(b.value), ...Object.keys(h.value)]);
      const changed = changedFields(b.value, h.value, fields);
      if (changed.length > 0) this.add("metadata-changed", `management port ${named(h)}`, changedKeyPath(b.value, h.value, h, fields), b.path, `Management port \`${named(h)}\` changed: ${changed.join(", ")}.`);
    }
  }
}
