import { MEASURED_SLA_PROPERTIES, ODCS_SLA_PROPERTIES, SLA_DURATION_UNITS, closest, odcsSlaProperty, secondsPerSlaUnit, slaValueNumber, yamlNumberText } from "@meshkit/core";
import { defineRule } from "../rule.js";
import { childLookup, mappingsIn, pointer, schemaObjects, stringAt, type Mapping } from "../walk.js";

const SLA_PROPERTIES = Object.keys(ODCS_SLA_PROPERTIES);

const ALL_UNITS = SLA_DURATION_UNITS.flatMap((unit) => unit.spellings);

const PERCENT_UNITS = new Set(["percent", "%", "pct"]);

/** A value as the contract wrote it: YAML's `.inf` and `.nan` have no JSON spelling (JSON.stringify says null). */
function shown(value: unknown): string {
  if (typeof value === "number" && !Number.isFinite(value)) return yamlNumberText(value);
  return JSON.stringify(value);
}

export const slaProperty = defineRule({
  meta: { id: "sla-property", defaultSeverity: "error", description: "SLA properties have known names, and durations a value with a valid unit." },
  appliesTo: ["DataContract"],
  check(doc, { report }) {
    const lifecycle: LifecycleDate[] = [];
    for (const [sla, i] of mappingsIn((doc.value as Mapping).slaProperties)) {
      const written = stringAt(sla, "property");
      if (written === undefined) continue;
      const at = (key: string) => pointer(["slaProperties", i, key]);
      const name = odcsSlaProperty(written);
      if (name === undefined) {
        // A warning: ODCS sets "no limit on the type of properties" and only recommends these names.
        // Most unknown names are typos, though, and an SLA meshkit does not know is never tested.
        const hint = closest(written, SLA_PROPERTIES);
        report({
          path: at("property"),
          severity: "warning",
          message: `Unknown SLA property \`${written}\`${hint ? `; did you mean \`${hint}\`?` : "."} Known: ${SLA_PROPERTIES.join(", ")} (or their ODCS synonyms).`,
        });
        continue;
      }
      const kind = ODCS_SLA_PROPERTIES[name].value;
      const percent = kind !== "duration" && kind !== "date" && typeof sla.unit === "string" && PERCENT_UNITS.has(sla.unit.trim().toLowerCase());
      if (sla.value === undefined) {
        // Reported at the SLA, where the schema's "missing required property" also points, so that the two
        // collapse into this one finding (there is no `value` node to point at, nor a value to show).
        const expected = kind === "duration" ? "<non-negative number> with a unit" : kind === "date" ? "<ISO 8601 date or date-time>" : percent ? "<number from 0 to 100>" : undefined;
        if (expected !== undefined) report({ path: pointer(["slaProperties", i]), about: "value", message: `${written} has no value; add value: ${expected}.` });
      } else if (kind === "duration") {
        if (!isNonNegativeNumber(sla.value)) report({ path: at("value"), message: `${written} needs a non-negative number as value (with a unit), not ${shown(sla.value)}.` });
        else if (MEASURED_SLA_PROPERTIES.has(name) && slaValueNumber(sla.value) === 0) report({ path: at("value"), message: `${written} needs a positive number as value (with a unit), not 0: contract-test measures it in the data, and no value is 0 old.` });
      } else if (kind === "date") {
        if (typeof sla.value !== "string" || !isIsoDate(sla.value))
          report({ path: at("value"), message: `${written} takes an ISO 8601 date or date-time, e.g. "2026-01-31T00:00:00Z", not ${shown(sla.value)}.` });
        else lifecycle.push({ name: name as LifecycleProperty, written, value: sla.value.trim(), time: isoDateTime(sla.value), element: stringAt(sla, "element")?.trim() ?? "", path: at("value") });
      } else if (percent) {
        // An availability or error rate in percent: a share, so from 0 to 100 (as quality-percent-range for quality rules).
        const value = slaValueNumber(sla.value);
        if (value === undefined || value < 0 || value > 100) {
          report({ path: at("value"), message: `${written} is in percent: its value must be a number from 0 to 100, not ${shown(sla.value)}.` });
        }
      }
      if (kind === "duration") {
        const unit = sla.unit;
        if (unit === undefined) report({ path: pointer(["slaProperties", i]), about: "unit", message: `${written} has no unit; add e.g. unit: d (days) or unit: h (hours).` });
        else if (typeof unit !== "string" || secondsPerSlaUnit(unit) === undefined)
          report({ path: at("unit"), message: `Unknown duration unit ${JSON.stringify(unit)}; use one of ${ALL_UNITS.join(", ")}.` });
      }
    }
    for (const { date, before } of lifecycleOutOfOrder(lifecycle)) {
      report({ path: date.path, message: `${date.written} ${date.value} is before ${before.written} ${before.value}: a contract is generally available, then out of support, then at its end of life; correct the dates.` });
    }
  },
});

/** The SLA dates of a contract's life, in the order they must come (ODCS: `ga`, `es`, `el`). */
const LIFECYCLE_ORDER = ["generalAvailability", "endOfSupport", "endOfLife"] as const;
type LifecycleProperty = (typeof LIFECYCLE_ORDER)[number];

interface LifecycleDate {
  name: LifecycleProperty;
  written: string;
  value: string;
  time: number;
  /** The element the date is for ("" for the contract): dates of different elements are not compared. */
  element: string;
  path: string;
}

/**
 * Each lifecycle date that is earlier than a date that must precede it (end of support before general
 * availability, end of life before either), with the latest such date: one finding per date out of order.
 * The same day is allowed (support may end with the contract's life).
 */
function lifecycleOutOfOrder(dates: readonly LifecycleDate[]): { date: LifecycleDate; before: LifecycleDate }[] {
  const out: { date: LifecycleDate; before: LifecycleDate }[] = [];
  for (const date of dates) {
    const rank = LIFECYCLE_ORDER.indexOf(date.name);
    const preceding = dates.filter((d) => d.element === date.element && LIFECYCLE_ORDER.indexOf(d.name) < rank && d.time > date.time);
    const latest = preceding.reduce<LifecycleDate | undefined>((a, d) => (a === undefined || d.time > a.time ? d : a), undefined);
    if (latest) out.push({ date, before: latest });
  }
  return out;
}

/** An ISO date's instant; a date or a date-time without an offset is read as UTC, the same on every machine. */
function isoDateTime(value: string): number {
  const text = value.trim().replace(" ", "T");
  const zoned = /[Zz]$|[+-]\d{2}(?::?\d{2})?$/.test(text.slice(10));
  return Date.parse(text.length > 10 && !zoned ? `${text}Z` : text);
}

/** `2042-05-12`, or a date-time `2042-05-12T09:30:10-08:00` (`Z`, an offset or none; a space for the `T`, as RFC 3339 allows). */
const ISO_DATE_OR_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:[Zz]|[+-]\d{2}(?::?\d{2})?)?)?$/;

/**
 * Whether an SLA date is ISO 8601 text of a real day and time. Date.parse alone is not the test: it also
 * reads `12/05/2042`, `May 12, 2042`, `"1"` or `2042-05- 12`, which no other tool (nor compat, which compares
 * SLA dates as ISO 8601) reads as that date, and it rolls `2042-02-30` over to March.
 */
function isIsoDate(value: string): boolean {
  const m = ISO_DATE_OR_DATE_TIME.exec(value.trim());
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return false;
  if (m[4] !== undefined && (Number(m[4]) > 23 || Number(m[5]) > 59 || Number(m[6] ?? 0) > 59)) return false;
  return !Number.isNaN(Date.parse(value.trim().replace(" ", "T")));
}

/**
 * A number, or a number written as decimal text (`value: "4"`: ODCS types an SLA value as a string or a
 * number), not below 0: core's `slaValueNumber`, the reading of compat, contract-test and provision too
 * (`"0x2"` and `"Infinity"` are no numbers there, so not here).
 */
function isNonNegativeNumber(value: unknown): boolean {
  const number = slaValueNumber(value);
  return number !== undefined && number >= 0;
}

/** Objects and properties are named in an element by name or physical name. */
const ELEMENT_NAMES = ["name", "physicalName"];
/** Every object with this name or physical name: one object's name may be another's physicalName, and `meshkit test` tries each. */
const objectsNamed = (contract: Mapping, key: string): Mapping[] =>
  schemaObjects(contract).flatMap(({ object }) => (ELEMENT_NAMES.some((field) => object[field] === key) ? [object] : []));
const propertyNamed = childLookup((owner) => mappingsIn(owner.properties).map(([property]) => property), ELEMENT_NAMES);

/** The most dot-separated pieces one name of an element may span (`sales.orders` is two): a bound on the search below. */
const MAX_PIECES_PER_NAME = 8;

/**
 * Resolves an element path (`object`, `object.property`, `object.property.child`) by name or physical name.
 * ODCS: "If there is only one object in the contract, the object name is not required", so there a
 * path may also start at that object's properties (`txn_ref_dt`). A name may hold dots itself (an object's
 * `physicalName: sales.orders`, named `sales.orders.order_ts`): every split is tried, as `meshkit test` does.
 */
function resolvesElement(contract: Mapping, element: string): boolean {
  const pieces = element.split(".").map((s) => s.trim());
  const tried = new Map<Mapping, Set<number>>();
  for (let end = 1; end <= Math.min(pieces.length, MAX_PIECES_PER_NAME); end++) {
    for (const object of objectsNamed(contract, pieces.slice(0, end).join("."))) if (resolvesFrom(contract, object, pieces, end, tried)) return true;
  }
  // A bare column, as `meshkit test` reads it: it names a column when exactly one object has it.
  return schemaObjects(contract).filter(({ object }) => resolvesFrom(contract, object, pieces, 0, tried)).length === 1;
}

/**
 * Whether `pieces` from `from` on lead from `owner` through its (nested) properties, a name spanning one or
 * more pieces. `tried` remembers the (owner, from) pairs that lead nowhere, so each is searched once.
 */
function resolvesFrom(contract: Mapping, owner: Mapping, pieces: readonly string[], from: number, tried: Map<Mapping, Set<number>>): boolean {
  if (from === pieces.length) return true;
  const failed = tried.get(owner) ?? new Set<number>();
  if (failed.has(from)) return false;
  for (let end = from + 1; end <= Math.min(pieces.length, from + MAX_PIECES_PER_NAME); end++) {
    const child = propertyNamed(contract, owner, pieces.slice(from, end).join("."));
    if (child && resolvesFrom(contract, child, pieces, end, tried)) return true;
  }
  tried.set(owner, failed.add(from));
  return false;
}

export const slaElement = defineRule({
  // A warning by default: ODCS leaves `element` free text, and its own SLA examples name `tab1.txn_ref_dt`,
  // which is in no schema of theirs. quality-rule-invalid fails the SLA when `meshkit test` cannot check it.
  meta: { id: "sla-element", defaultSeverity: "warning", description: "An SLA `element` names an existing object or object.property." },
  appliesTo: ["DataContract"],
  check(doc, { report }) {
    const contract = doc.value as Mapping;
    const check = (element: unknown, path: (string | number)[]) => {
      if (typeof element !== "string") return;
      for (const part of element.split(",").map((s) => s.trim()).filter(Boolean)) {
        if (!resolvesElement(contract, part)) {
          const objects = schemaObjects(contract).map(({ object }) => stringAt(object, "name")).filter(Boolean);
          report({ path: pointer(path), message: `SLA element \`${part}\` does not name an object or object.property of this contract (objects: ${objects.join(", ") || "none"}); point it at the object or column the SLA is measured on.` });
        }
      }
    };
    check(contract.slaDefaultElement, ["slaDefaultElement"]);
    for (const [sla, i] of mappingsIn(contract.slaProperties)) check(sla.element, ["slaProperties", i, "element"]);
  },
});
