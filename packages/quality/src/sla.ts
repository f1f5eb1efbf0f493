/**
 * SLA properties as checks: latency (or freshness) is the age of the newest value of the element, retention
 * the age of the oldest. Other SLA properties (availability, frequency, endOfSupport…) promise things about
 * the service, not the data, and are not checked here.
 */
import { type DataContract, type SchemaObject, type SchemaProperty, toPointer } from "@meshkit/core";
import type { Check, ObjectPlan, PlanNote, UniqueId } from "./checks.js";
import { type OdcsSlaProperty, SLA_NO_ELEMENT, SLA_UNITS_HINT, isoDurationValueHint, misspeltSlaProperty, odcsSlaProperty, secondsPerSlaUnit, slaElementList, slaValueNumber, yamlNumberText } from "@meshkit/core";
import { shortList } from "./evaluate.js";
import type { QualityRuleId } from "./rules.js";
import { familyOfSqlType } from "./type-families.js";
import { isRecord, optional } from "./values.js";

const SLA_CHECKS: Partial<Record<OdcsSlaProperty, { ruleId: QualityRuleId; end: "newest" | "oldest" }>> = {
  latency: { ruleId: "sla-latency", end: "newest" },
  freshness: { ruleId: "sla-freshness", end: "newest" },
  retention: { ruleId: "sla-retention", end: "oldest" },
};

/**
 * Adds each SLA check to the object its element names; returns those that belong to no object of the plan, and
 * the notes about SLA properties of the contract's own names, which are no checks.
 */
export function planSlas(contract: DataContract, schema: readonly SchemaObject[], objects: ObjectPlan[], uniqueId: UniqueId): { unassigned: Check[]; notes: PlanNote[] } {
  const unassigned: Check[] = [];
  const notes: PlanNote[] = [];
  const slas = Array.isArray(contract.slaProperties) ? contract.slaProperties : [];
  slas.forEach((sla, index) => {
    if (!isRecord(sla) || typeof sla.property !== "string") return;
    const name = odcsSlaProperty(sla.property);
    const check = name && SLA_CHECKS[name];
    const ownElement = typeof sla.element === "string" && sla.element.trim() !== "";
    const elements = slaElementList(ownElement ? sla.element : contract.slaDefaultElement);
    // A name ODCS does not recommend is said, not left to pass in silence, unless its element is only of objects
    // left out by options.objects (`--object`), as a known SLA's would be.
    if (name === undefined) {
      if (elements.length === 0 || !elements.every((element) => isLeftOut(element, schema, objects))) {
        const pointer = toPointer(["slaProperties", index, "property"]);
        const typo = misspeltSlaProperty(sla.property);
        // A name of the contract's own, which ODCS allows, is no check: an info, not a `warn` result that would
        // lower the product's quality score on every run. A blank one names nothing: a warning, as a typo.
        if (typo === undefined && sla.property.trim() !== "") notes.push(ownProperty(sla.property, pointer));
        else {
          // Its element's object and column, where it names one of the contract (`orders.updated_at`), as a known SLA's check has them.
          const resolved = elements.length === 1 ? resolveElement(elements[0]!, schema) : "";
          const where = typeof resolved === "string" ? undefined : { object: String(resolved.object.name), property: String(resolved.property.name) };
          unassigned.push(misspeltProperty(sla.property, typo, pointer, uniqueId, where));
        }
      }
      return;
    }
    if (!check) return; // availability, frequency, endOfSupport…: promises about the service, not the data
    const kind = { ...check, name };
    const pointer = toPointer(["slaProperties", index]);
    // A reason about one field of the SLA is reported at that field (`unit: fortnights`), where it is written, also when
    // it is written empty (`value: null`, where lint's sla-property points too); else at the SLA.
    const at = (field: "element" | "unit" | "value") => (sla[field] !== undefined ? toPointer(["slaProperties", index, field]) : pointer);
    const unitSeconds = typeof sla.unit === "string" ? secondsPerSlaUnit(sla.unit) : undefined;
    // A number, or decimal text ("4"): not "0x2" or "Infinity", which Number() reads (core's one reading, as lint's and provision's).
    const value = slaValueNumber(sla.value) ?? Number.NaN;
    // What the SLA promises, where its value and unit read as one: kept by a check of it that cannot run (its element is
    // no date), so that its results entry says `≤ 1 d` as the check's would, not nothing.
    // `PT4H`: said as what to write, not as a missing unit; above zero, as every SLA checked here is measured in the data.
    const isoValue = isoDurationValueHint(sla.value, { positive: true });
    const promise = unitSeconds !== undefined && Number.isFinite(value) && value > 0 ? { threshold: { comparator: "mustBeLessOrEqualTo" as const, value }, unit: String(sla.unit).trim(), unitSeconds } : undefined;
    // No `value` is said by the check, whatever else it refuses first (no unit, an element that names nothing): the
    // schema's `missing required property` (left out as `about` it) would otherwise stand for that other problem too.
    const noValue = sla.value === undefined || sla.value === null || sla.value === "";
    const missingValue = `has no \`value\`: add a positive number${unitSeconds !== undefined ? ` of ${String(sla.unit)}` : ""}`;
    const unrunnable = (reason: string, object: string, property: string | undefined, where: string): Check => ({
      id: uniqueId([object || "sla", property, kind.name].filter(Boolean).join(".")),
      ruleId: kind.ruleId,
      object,
      ...optional("property", property),
      pointer: where,
      severity: "error",
      ...(promise ? { threshold: promise.threshold } : {}),
      measure: {
        kind: "unrunnable",
        ruleId: "quality-rule-invalid",
        reason: `SLA ${kind.name} ${reason}${noValue && reason !== missingValue ? `; and it ${missingValue}` : ""}`,
        ...optional("unit", promise?.unit),
        ...optional("about", noValue ? "value" : undefined),
      },
    });
    // The deprecated slaDefaultElement, when the SLA has no element of its own, is where the element is written.
    const elementPointer = ownElement || typeof contract.slaDefaultElement !== "string" ? at("element") : toPointer(["slaDefaultElement"]);
    if (elements.length === 0) {
      unassigned.push(unrunnable(SLA_NO_ELEMENT, "", undefined, pointer));
      return;
    }
    // A column the list names twice (`placed_at, orders.placed_at`) is measured once: one promise, one result.
    const measuredProperties = new Set<SchemaProperty>();
    for (const element of elements) {
      const resolved = resolveElement(element, schema);
      if (typeof resolved !== "string") {
        if (measuredProperties.has(resolved.property)) continue;
        measuredProperties.add(resolved.property);
      }
      const target = typeof resolved === "string" ? undefined : objects.find((o) => o.name === resolved.object.name);
      if (typeof resolved === "string") {
        // An element written `object.column` of an object left out by options.objects (`--object`) is that object's: not checked, not reported.
        if (namesOnlyObjectsLeftOut(element, schema, objects)) continue;
        // `orders.nope` is `orders`'s, and so is `orders` itself (an object named where a column is meant), by the
        // object's name also when the element writes its physicalName (`orders_tbl.nope`), as a resolved element's is.
        const prefix = element.includes(".") ? element.slice(0, element.indexOf(".")) : element;
        const objectNamed = objectNameFor(prefix, schema) ?? (element.includes(".") ? prefix : "");
        unassigned.push(unrunnable(resolved, objectNamed, undefined, elementPointer));
        continue;
      }
      if (!target) continue; // an object left out by options.objects
      const property = target.properties.find((p) => p.name === resolved.property.name);
      if (!property) {
        // Refused by planObject (it reads a column another property reads as another type, or in another zone or format): none of its checks run, its SLAs neither.
        const reason = `names element \`${element}\`, a property that is not checked: it reads its column otherwise (as another type, or in another time zone or format) than another property of \`${target.name}\` does`;
        target.checks.push(unrunnable(reason, target.name, resolved.property.name, elementPointer));
        continue;
      }
      let check: Check;
      // An age is read from dates or timestamps: of a column declared otherwise, the scan would stop at it.
      if (property.expected !== undefined && property.expected !== "date" && property.expected !== "timestamp") {
        check = unrunnable(`names element \`${element}\`, which is declared ${property.expected}: an SLA element must be a date or timestamp property`, target.name, property.name, elementPointer);
      } else if (isoValue !== undefined) check = unrunnable(isoValue, target.name, property.name, at("value"));
      else if (sla.unit === undefined || sla.unit === null || sla.unit === "") check = unrunnable(`has no \`unit\`: add one of ${SLA_UNITS_HINT}`, target.name, property.name, at("unit"));
      else if (unitSeconds === undefined) check = unrunnable(`has unit \`${String(sla.unit)}\`, not a duration: use ${SLA_UNITS_HINT}`, target.name, property.name, at("unit"));
      else if (noValue) check = unrunnable(missingValue, target.name, property.name, at("value"));
      else if (!promise) check = unrunnable(`has value \`${writtenValue(sla.value)}\`: use a positive number of ${String(sla.unit)}`, target.name, property.name, at("value"));
      else {
        check = {
          id: uniqueId(`${target.name}.${property.name}.${kind.name}`),
          ruleId: kind.ruleId,
          object: target.name,
          property: property.name,
          pointer,
          severity: "error",
          threshold: promise.threshold,
          measure: { kind: "age", column: property.column, end: kind.end, unit: promise.unit, unitSeconds: promise.unitSeconds },
        };
      }
      target.checks.push(check);
    }
  });
  return { unassigned, notes };
}

/** What meshkit test measures, for the messages about SLA properties it does not know. */
const MEASURED = "meshkit test checks latency (or freshness) and retention";

/**
 * An SLA `property` that is a near miss of an ODCS name (`freshnes` → `freshness`), or blank: most likely a typo that
 * drops the promise, so a `quality-not-checked` warning at the name, and a `warn` result, never a silent pass.
 */
function misspeltProperty(written: string, hint: OdcsSlaProperty | undefined, pointer: string, uniqueId: UniqueId, element?: { object: string; property: string }): Check {
  const typo = hint === undefined ? "" : ` (did you mean \`${hint}\`?)`;
  return {
    id: uniqueId(`sla.${written.trim() || "property"}`),
    ruleId: "quality-not-checked",
    object: element?.object ?? "",
    ...optional("property", element?.property),
    pointer,
    severity: "warning",
    measure: { kind: "notChecked", reason: `SLA property \`${written}\` is no ODCS SLA property${typo}, so nothing of it is measured: ${MEASURED}` },
  };
}

/** An SLA `property` of the contract's own name (`supportHours`), which ODCS allows: an info at the name, no check. */
function ownProperty(written: string, pointer: string): PlanNote {
  return {
    pointer,
    ruleId: "quality-not-checked",
    severity: "info",
    message: `Not checked: SLA property \`${written}\` is a name of this contract's own (ODCS allows it), so nothing of it is measured: ${MEASURED}.`,
  };
}

/** The name of the object of the contract that `written` names, by its name, else by its physicalName; undefined when none. */
function objectNameFor(written: string, schema: readonly SchemaObject[]): string | undefined {
  const object = schema.find((o) => isRecord(o) && o.name === written) ?? schema.find((o) => isRecord(o) && o.physicalName === written);
  return object && typeof object.name === "string" ? object.name : undefined;
}

/**
 * Whether `element` is an element of objects left out by options.objects (`--object`) only, as planSlas reads a
 * known SLA's: it names only such objects (namesOnlyObjectsLeftOut), or it resolves to a column of one (a bare
 * `updated_at`, which one object of the contract has).
 */
function isLeftOut(element: string, schema: readonly SchemaObject[], objects: readonly ObjectPlan[]): boolean {
  if (namesOnlyObjectsLeftOut(element, schema, objects)) return true;
  const resolved = resolveElement(element, schema);
  return typeof resolved !== "string" && !objects.some((plan) => plan.name === resolved.object.name);
}

/** Whether `element` is, or starts with, the name (or physicalName) of an object of the contract, and every such object is left out of the plan. */
function namesOnlyObjectsLeftOut(element: string, schema: readonly SchemaObject[], objects: readonly ObjectPlan[]): boolean {
  const named = schema.filter((o) => isRecord(o) && [o.name, o.physicalName].some((name) => typeof name === "string" && (element === name || element.startsWith(`${name}.`))));
  return named.length > 0 && !named.some((o) => objects.some((plan) => plan.name === o.name));
}

/** An SLA value as the contract wrote it: YAML's `.inf` / `.nan` (or `1e400`), not JavaScript's `Infinity` / `NaN`. */
function writtenValue(value: unknown): string {
  return typeof value === "number" ? yamlNumberText(value) : String(value);
}

/**
 * `object.column`, or a bare `column` when one object of the contract has it. Object and column names may
 * hold dots themselves (`sales.orders.order_ts`, a physical name `schema.table`): every split is tried.
 */
function resolveElement(element: string, schema: readonly SchemaObject[]): { object: SchemaObject; property: SchemaProperty } | string {
  const objects = schema.filter((o) => isRecord(o) && typeof o.name === "string");
  const propertiesOf = (object: SchemaObject) => (Array.isArray(object.properties) ? object.properties.filter((p) => isRecord(p) && typeof p.name === "string") : []);
  // A property's own name comes before another's physicalName (`ts`, and `ts_open` reading the column `ts`).
  const propertyNamed = (object: SchemaObject, name: string) => propertiesOf(object).find((p) => p.name === name) ?? propertiesOf(object).find((p) => p.physicalName === name);
  const qualified: { object: SchemaObject; property: SchemaProperty }[] = [];
  let objectNamed: string | undefined;
  for (let dot = element.indexOf("."); dot !== -1; dot = element.indexOf(".", dot + 1)) {
    const objectName = element.slice(0, dot);
    const propertyName = element.slice(dot + 1);
    for (const object of objects.filter((o) => o.name === objectName || o.physicalName === objectName)) {
      objectNamed = objectName; // the longest object name read is the one the message names
      const property = propertyNamed(object, propertyName);
      if (property) qualified.push({ object, property });
    }
  }
  if (qualified.length === 1) return qualified[0]!;
  if (qualified.length > 1) return `names element \`${element}\`, which several objects' properties match: rename one of them`;
  const matches = objects.flatMap((object) => {
    const property = propertyNamed(object, element);
    return property ? [{ object, property }] : [];
  });
  if (matches.length === 1) return matches[0]!;
  if (matches.length === 0) {
    if (objectNamed !== undefined) {
      const path = element.slice(objectNamed.length + 1);
      // `meta.ts` is how nested properties are named elsewhere: say why it is not read here, not that it is missing.
      const nestedIn = propertiesOf(objects.find((o) => o.name === objectNamed || o.physicalName === objectNamed)!).find((p) => path.startsWith(`${p.name}.`) || path.startsWith(`${p.name}[]`));
      if (nestedIn) return `names element \`${element}\`, a property nested in \`${nestedIn.name}\`: an SLA element must be a column of the object (a top-level date or timestamp property)`;
      return `names element \`${element}\`, but \`${objectNamed}\` has no property \`${path}\``;
    }
    if (element.includes(".")) return `names element \`${element}\`, but the contract has no object \`${element.slice(0, element.indexOf("."))}\``;
    // `element: orders` names the object (which lint's sla-element accepts): an age is read from one of its columns.
    const object = objects.find((o) => o.name === element || o.physicalName === element);
    if (object) return `names element \`${element}\`, an object: name the date or timestamp column to measure, ${columnHint(element, propertiesOf(object))}`;
    return `names element \`${element}\`, which is no property of the contract`;
  }
  return `names element \`${element}\`, a property of several objects: write it as \`object.${element}\``;
}

/** The date or timestamp columns of an object, as `object.column`, to name instead of the object. */
function columnHint(object: string, properties: readonly SchemaProperty[]): string {
  const family = (p: SchemaProperty) => (typeof p.logicalType === "string" ? p.logicalType : typeof p.physicalType === "string" ? familyOfSqlType(p.physicalType) : undefined);
  const temporal = properties.filter((p) => family(p) === "date" || family(p) === "timestamp").map((p) => `\`${object}.${String(p.name)}\``);
  if (temporal.length === 0) return `as \`${object}.<column>\` (\`${object}\` declares none)`;
  return temporal.length === 1 ? temporal[0]! : `one of ${shortList(temporal)}`;
}
