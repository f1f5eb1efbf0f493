import { SLA_DURATION_UNITS, secondsPerSlaUnit } from "@meshkit/core";
import { defineRule } from "../rule.js";
import { mappingsIn, pointer, schemaObjects, stringAt, type Mapping } from "../walk.js";
import { closest } from "../suggest.js";

/** SLA properties whose value is a duration and so needs a unit. */
const DURATION_PROPERTIES = ["latency", "retention", "frequency", "timeToDetect", "timeToNotify", "timeToRepair"];
/** SLA properties whose value is a date (ISO 8601). */
const DATE_PROPERTIES = ["generalAvailability", "endOfSupport", "endOfLife"];
export const SLA_PROPERTIES = [...DURATION_PROPERTIES, ...DATE_PROPERTIES, "availability", "throughput", "errorRate", "timeOfAvailability"];

const ALL_UNITS = SLA_DURATION_UNITS.flatMap((unit) => unit.spellings);

export const slaProperty = defineRule({
  meta: { id: "sla-property", defaultSeverity: "error", description: "SLA properties have known names, and durations a value with a valid unit." },
  appliesTo: ["DataContract"],
  check(doc, { report }) {
    for (const [sla, i] of mappingsIn((doc.value as Mapping).slaProperties)) {
      const name = stringAt(sla, "property");
      if (name === undefined) continue;
      const at = (key: string) => pointer(["slaProperties", i, key]);
      if (!SLA_PROPERTIES.includes(name)) {
        const hint = closest(name, SLA_PROPERTIES);
        report({ path: at("property"), message: `Unknown SLA property \`${name}\`${hint ? `; did you mean \`${hint}\`?` : ""} Known: ${SLA_PROPERTIES.join(", ")}.` });
        continue;
      }
      if (DURATION_PROPERTIES.includes(name)) {
        // A missing value is reported at the SLA, where the schema's "missing required property" also
        // points, so that the two collapse into this one finding.
        if (sla.value === undefined) report({ path: pointer(["slaProperties", i]), message: `${name} has no value; add value: <non-negative number> with a unit.` });
        else if (typeof sla.value !== "number" || sla.value < 0) report({ path: at("value"), message: `${name} needs a non-negative number as value (with a unit), not ${JSON.stringify(sla.value)}.` });
        const unit = sla.unit;
        if (unit === undefined) report({ path: pointer(["slaProperties", i]), message: `${name} has no unit; add e.g. unit: d (days) or unit: h (hours).` });
        else if (typeof unit !== "string" || secondsPerSlaUnit(unit) === undefined)
          report({ path: at("unit"), message: `Unknown duration unit ${JSON.stringify(unit)}; use one of ${ALL_UNITS.join(", ")}.` });
      } else if (DATE_PROPERTIES.includes(name)) {
        if (typeof sla.value !== "string" || Number.isNaN(Date.parse(sla.value)))
          report({ path: at("value"), message: `${name} takes an ISO 8601 date or date-time, e.g. "2026-01-31T00:00:00Z", not ${JSON.stringify(sla.value)}.` });
      }
    }
  },
});

/** Resolves an element path (`object`, `object.property`, `object.property.child`) by name or physical name. */
function resolvesElement(contract: Mapping, element: string): boolean {
  const [objectName, ...rest] = element.split(".").map((s) => s.trim());
  const named = (m: Mapping, n: string | undefined) => m.name === n || m.physicalName === n;
  let current: Mapping | undefined = schemaObjects(contract).find(({ object }) => named(object, objectName))?.object;
  for (const part of rest) {
    if (!current) return false;
    current = mappingsIn(current.properties).find(([p]) => named(p, part))?.[0];
  }
  return current !== undefined;
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
          report({ path: pointer(path), message: `SLA element \`${part}\` does not name an object or object.property of this contract (objects: ${objects.join(", ") || "none"}).` });
        }
      }
    };
    check(contract.slaDefaultElement, ["slaDefaultElement"]);
    for (const [sla, i] of mappingsIn(contract.slaProperties)) check(sla.element, ["slaProperties", i, "element"]);
  },
});
