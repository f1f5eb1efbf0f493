import { MEASURED_SLA_PROPERTIES, ODCS_SLA_PROPERTIES, type OdcsSlaProperty, SLA_DURATION_UNITS, SLA_NO_ELEMENT, declaredTypeFamily, isoDurationValueHint, misspeltSlaProperty, odcsSlaProperty, secondsPerSlaUnit, slaElementList, slaValueNumber, yamlNumberText } from "@meshkit/core";
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
        // ODCS sets "no limit on the type of properties" and only recommends these names: a near miss of one is
        // likely a typo that drops the promise (a warning), a name of the contract's own is allowed (an info, so
        // that a valid contract is not warned about on every run); neither is measured by meshkit test.
        const hint = misspeltSlaProperty(written);
        // A blank name names nothing, of its own or ODCS's: a warning, as a typo.
        const own = hint === undefined && written.trim() !== "";
        report({
          path: at("property"),
          severity: own ? "info" : "warning",
          message: !own
            ? `Unknown SLA property \`${written}\`${hint ? `; did you mean \`${hint}\`?` : "."} Known: ${SLA_PROPERTIES.join(", ")} (or their ODCS synonyms).`
            : `SLA property \`${written}\` is a name of this contract's own, not one of ODCS's (${SLA_PROPERTIES.join(", ")}, or their synonyms): ODCS allows it, but meshkit test measures nothing of it.`,
        });
        continue;
      }
      const kind = ODCS_SLA_PROPERTIES[name].value;
      const percent = kind !== "duration" && kind !== "date" && typeof sla.unit === "string" && PERCENT_UNITS.has(sla.unit.trim().toLowerCase());
      if (sla.value === undefined) {
        // Reported at the SLA, where the schema's "missing required property" also points, so that the two
        // collapse into this one finding (there is no `value` node to point at, nor a value to show).
        const expected = kind === "duration" ? `<${durationSign(name)} number> with a unit` : kind === "date" ? "<ISO 8601 date or date-time>" : percent ? "<number from 0 to 100>" : undefined;
        if (expected !== undefined) report({ path: pointer(["slaProperties", i]), about: "value", message: `${written} has no value; add value: ${expected}.` });
      } else if (kind === "duration") {
        const value = slaValueNumber(sla.value);
        // contract-test refuses 0 for the durations it measures, as lint does, and says so alike: "positive" for them.
        const zeroRefused = durationSign(name) === "positive" && value === 0;
        const iso = isoDurationValueHint(sla.value, { positive: durationSign(name) === "positive" });
        if (iso !== undefined) report({ path: at("value"), message: `SLA ${name} ${iso}.` });
        else if (value === undefined || value < 0 || zeroRefused) {
          const why = zeroRefused ? ": contract-test measures it in the data, and no value is 0 old" : "";
          report({ path: at("value"), message: `${written} needs a ${durationSign(name)} number as value (with a unit), not ${shown(sla.value)}${why}.` });
        }
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
        // An ISO 8601 duration as value (`PT4H`) holds its unit: the value's finding says which to write.
        if (unit === undefined) {
          if (isoDurationValueHint(sla.value) === undefined) report({ path: pointer(["slaProperties", i]), about: "unit", message: `${written} has no unit; add e.g. unit: d (days) or unit: h (hours).` });
        } else if (typeof unit !== "string" || secondsPerSlaUnit(unit) === undefined)
          report({ path: at("unit"), message: `Unknown duration unit ${JSON.stringify(unit)}; use one of ${ALL_UNITS.join(", ")}.` });
        else if (unit.trim().toLowerCase() === "m") {
          // Months to meshkit (as ISO 8601's P…M), minutes to many (a `latency` of 15 m): a warning, so that the author says which.
          const value = slaValueNumber(sla.value);
          const months = value === undefined ? "months" : `${yamlNumberText(value)} month${value === 1 ? "" : "s"}`;
          report({ path: at("unit"), severity: "warning", message: `${written} unit \`${unit}\` reads as ${months}, not minutes: write \`mo\` for months or \`min\` for minutes.` });
        }
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
 * What a duration's value must be: a number, or a number written as decimal text (`value: "4"`: ODCS types an SLA
 * value as a string or a number; core's `slaValueNumber`, the reading of compat, contract-test and provision too,
 * so `"0x2"` and `"Infinity"` are none), not below 0; above 0 for the durations contract-test measures in the data.
 */
function durationSign(name: OdcsSlaProperty): "positive" | "non-negative" {
  return MEASURED_SLA_PROPERTIES.has(name) ? "positive" : "non-negative";
}

/** Objects and properties are named in an element by name or physical name. */
const ELEMENT_NAMES = ["name", "physicalName"];
/** Every object with this name or physical name: one object's name may be another's physicalName, and `meshkit test` tries each. */
const objectsNamed = (contract: Mapping, key: string): Mapping[] =>
  schemaObjects(contract).flatMap(({ object }) => (ELEMENT_NAMES.some((field) => object[field] === key) ? [object] : []));
const propertyNamed = childLookup((owner) => mappingsIn(owner.properties).map(([property]) => property), ELEMENT_NAMES);

/** The most dot-separated pieces one name of an element may span (`sales.orders` is two): a bound on the search below. */
const MAX_PIECES_PER_NAME = 8;

/** What an element names: an object (depth 0), one of its properties (1) or a property nested in one (2 and more). */
interface ElementTarget {
  object: Mapping;
  node: Mapping;
  depth: number;
}

/**
 * What an element path (`object`, `object.property`, `object.property.child`) names, by name or physical name; none
 * when it names nothing. ODCS: "If there is only one object in the contract, the object name is not required", so a
 * path may also start at an object's properties (`txn_ref_dt`) when exactly one object has them, as `meshkit test`
 * reads it. A name may hold dots itself (an object's `physicalName: sales.orders`, named `sales.orders.order_ts`):
 * every split is tried, as `meshkit test` does.
 */
function elementTargets(contract: Mapping, element: string): ElementTarget[] {
  const pieces = element.split(".").map((s) => s.trim());
  const tried = new Map<Mapping, Set<number>>();
  const targets: ElementTarget[] = [];
  for (let end = 1; end <= Math.min(pieces.length, MAX_PIECES_PER_NAME); end++) {
    for (const object of objectsNamed(contract, pieces.slice(0, end).join("."))) targets.push(...targetsFrom(contract, object, object, pieces, end, 0, tried));
  }
  if (targets.length > 0) return targets;
  // A bare column, as `meshkit test` reads it: it names a column when exactly one object has it.
  const bare = schemaObjects(contract)
    .map(({ object }) => targetsFrom(contract, object, object, pieces, 0, 0, tried))
    .filter((found) => found.length > 0);
  return bare.length === 1 ? bare[0]! : [];
}

/**
 * Where `pieces` from `from` on lead from `owner` (at `depth`) through its (nested) properties, a name spanning one
 * or more pieces. `tried` remembers the (owner, from) pairs that lead nowhere, so each is searched once.
 */
function targetsFrom(contract: Mapping, object: Mapping, owner: Mapping, pieces: readonly string[], from: number, depth: number, tried: Map<Mapping, Set<number>>): ElementTarget[] {
  if (from === pieces.length) return [{ object, node: owner, depth }];
  const failed = tried.get(owner) ?? new Set<number>();
  if (failed.has(from)) return [];
  const found: ElementTarget[] = [];
  for (let end = from + 1; end <= Math.min(pieces.length, from + MAX_PIECES_PER_NAME); end++) {
    const child = propertyNamed(contract, owner, pieces.slice(from, end).join("."));
    if (child) found.push(...targetsFrom(contract, object, child, pieces, end, depth + 1, tried));
  }
  if (found.length === 0) tried.set(owner, failed.add(from));
  return found;
}

/** Whether a property's declared type (core's declaredTypeFamily, as `meshkit test` reads it) is one an age is read from: a date or timestamp, or none declared. */
function isAgeColumn(contract: Mapping, property: Mapping): boolean {
  const family = declaredTypeFamily(property, contract.apiVersion);
  return family === undefined || family === "date" || family === "timestamp";
}

/**
 * Why `meshkit test` cannot measure a latency, freshness or retention on the property an element names (an age is
 * read from a top-level date or timestamp column), or undefined when it can: a property declared another type, a
 * nested property. An element naming an object is left alone: valid ODCS, which `meshkit test` reports naming its
 * date and timestamp columns (see docs/rules/sla-element.md). `columnsOf` names an object's date and timestamp columns.
 */
function unmeasurableReason(contract: Mapping, targets: readonly ElementTarget[], measured: string, columnsOf: (object: Mapping) => string): string | undefined {
  const properties = targets.filter((t) => t.depth > 0);
  if (properties.length === 0 || properties.length < targets.length || properties.some((t) => t.depth === 1 && isAgeColumn(contract, t.node))) return undefined;
  const target = properties.find((t) => t.depth === 1) ?? properties[0]!;
  const what = target.depth === 1 ? `is declared ${declaredTypeFamily(target.node, contract.apiVersion)}` : "is a nested property";
  return `${what}, but meshkit test measures ${measured} as the age of a top-level date or timestamp column (and fails it otherwise); point it at one${columnsOf(target.object)}`;
}

/** An object's first date and timestamp columns as `: \`orders.updated_at\``, or ` (\`orders\` declares none)`. */
function ageColumnsHint(contract: Mapping, object: Mapping): string {
  const objectName = stringAt(object, "name") ?? "";
  const columns = mappingsIn(object.properties)
    .map(([property]) => property)
    .filter((property) => declaredTypeFamily(property, contract.apiVersion) !== undefined && isAgeColumn(contract, property))
    .map((property) => `\`${objectName}.${String(stringAt(property, "name"))}\``);
  return columns.length > 0 ? `: ${columns.slice(0, 3).join(", ")}` : ` (\`${objectName}\` declares none)`;
}

export const slaElement = defineRule({
  // A warning by default: ODCS leaves `element` free text, and its own SLA examples name `tab1.txn_ref_dt`,
  // which is in no schema of theirs. quality-rule-invalid fails the SLA when `meshkit test` cannot check it.
  meta: { id: "sla-element", defaultSeverity: "warning", description: "An SLA `element` names an existing object or object.property." },
  appliesTo: ["DataContract"],
  check(doc, { report }) {
    const contract = doc.value as Mapping;
    // Each object's hint is built once: a contract may name hundreds of its columns in SLAs.
    const hints = new Map<Mapping, string>();
    const columnsOf = (object: Mapping) => hints.get(object) ?? hints.set(object, ageColumnsHint(contract, object)).get(object)!;
    /** `measured`: the SLA property (latency, freshness, retention) `meshkit test` measures on the element, if any. */
    const check = (element: unknown, path: (string | number)[], measured?: string) => {
      // A column the list names twice (`amount, orders.amount`) is said once, as `meshkit test` measures it once.
      const seen = new Set<Mapping>();
      for (const part of slaElementList(element)) {
        const targets = elementTargets(contract, part);
        if (targets.length > 0 && targets.every((t) => seen.has(t.node))) continue;
        for (const t of targets) seen.add(t.node);
        if (targets.length === 0) {
          const objects = schemaObjects(contract).map(({ object }) => stringAt(object, "name")).filter(Boolean);
          report({ path: pointer(path), message: `SLA element \`${part}\` does not name an object or object.property of this contract (objects: ${objects.join(", ") || "none"}); point it at the object or column the SLA is measured on.` });
          continue;
        }
        const reason = measured === undefined ? undefined : unmeasurableReason(contract, targets, measured, columnsOf);
        if (reason !== undefined) report({ path: pointer(path), message: `SLA element \`${part}\` ${reason}.` });
      }
    };
    const slas = mappingsIn(contract.slaProperties);
    const measuredOf = (sla: Mapping) => {
      const name = typeof sla.property === "string" ? odcsSlaProperty(sla.property) : undefined;
      return name !== undefined && MEASURED_SLA_PROPERTIES.has(name) ? name : undefined;
    };
    const ownElement = (sla: Mapping) => typeof sla.element === "string" && sla.element.trim() !== "";
    // The deprecated slaDefaultElement is the element of every SLA without one of its own: checked once, for the first measured such SLA.
    const defaultMeasured = slas.map(([sla]) => (ownElement(sla) ? undefined : measuredOf(sla))).find((name) => name !== undefined);
    check(contract.slaDefaultElement, ["slaDefaultElement"], defaultMeasured);
    for (const [sla, i] of slas) {
      const measured = measuredOf(sla);
      // ODCS lets an SLA leave its element out, but `meshkit test` cannot measure an age of nothing and fails it: said here first, at the SLA, in its words.
      if (measured !== undefined && slaElementList(ownElement(sla) ? sla.element : contract.slaDefaultElement).length === 0) report({ path: pointer(["slaProperties", i]), message: `SLA ${measured} ${SLA_NO_ELEMENT}.` });
      else check(sla.element, ["slaProperties", i, "element"], measured);
    }
  },
});
