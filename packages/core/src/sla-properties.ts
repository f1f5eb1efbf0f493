import { closest } from "./suggest.js";

/**
 * The SLA properties ODCS recommends (its Data QoS "periodic table"), one table for every stage: lint
 * checks their values, compat pairs and compares them, contract-test measures latency and retention.
 * ODCS says their names are case-insensitive and gives each a two-letter synonym (`ly` is latency).
 * `freshness` is the older name for latency ("latency – preferred to freshness"); `timeOfAvailability`
 * appears in ODCS's own examples. ODCS sets "no limit on the type of properties": other names are
 * allowed, and meshkit only does not know what they promise.
 */
export const ODCS_SLA_PROPERTIES = {
  latency: { synonym: "ly", value: "duration" },
  freshness: { synonym: undefined, value: "duration" },
  retention: { synonym: "re", value: "duration" },
  frequency: { synonym: "fy", value: "duration" },
  timeToDetect: { synonym: "td", value: "duration" },
  timeToNotify: { synonym: "tn", value: "duration" },
  timeToRepair: { synonym: "tr", value: "duration" },
  generalAvailability: { synonym: "ga", value: "date" },
  endOfSupport: { synonym: "es", value: "date" },
  endOfLife: { synonym: "el", value: "date" },
  availability: { synonym: "av", value: "other" },
  throughput: { synonym: "th", value: "other" },
  errorRate: { synonym: "er", value: "other" },
  timeOfAvailability: { synonym: undefined, value: "other" },
} as const satisfies Record<string, { synonym: string | undefined; value: "duration" | "date" | "other" }>;

export type OdcsSlaProperty = keyof typeof ODCS_SLA_PROPERTIES;

/**
 * The durations contract-test measures in the data (the newest value's age, the oldest's): a value of 0
 * promises what no data can keep (nothing is 0 s old), so lint wants a positive one, as the check does.
 */
export const MEASURED_SLA_PROPERTIES: ReadonlySet<OdcsSlaProperty> = new Set(["latency", "freshness", "retention"]);

const PROPERTY_BY_SPELLING = new Map<string, OdcsSlaProperty>(
  (Object.entries(ODCS_SLA_PROPERTIES) as [OdcsSlaProperty, { synonym: string | undefined }][]).flatMap(([name, { synonym }]) => [
    [name.toLowerCase(), name],
    ...(synonym ? [[synonym, name] as [string, OdcsSlaProperty]] : []),
  ]),
);

/** The ODCS SLA property a `property` names, in any case or by its synonym; undefined for another name. */
export function odcsSlaProperty(written: string): OdcsSlaProperty | undefined {
  return PROPERTY_BY_SPELLING.get(written.trim().toLowerCase());
}

const KNOWN_NAMES = Object.keys(ODCS_SLA_PROPERTIES) as OdcsSlaProperty[];

/**
 * The ODCS SLA property an unknown `property` is a likely misspelling of (`latancy` → `latency`, `Freshnes` →
 * `freshness`), or undefined for a name of the contract's own (`dataSteward`, `supportHours`): ODCS sets "no limit
 * on the type of properties", so only a near miss of a known name is likely a mistake. One reading for lint and
 * contract-test, so that both say the same name is a typo (a warning) or the author's own (an info).
 */
export function misspeltSlaProperty(written: string): OdcsSlaProperty | undefined {
  return closest(written, KNOWN_NAMES) as OdcsSlaProperty | undefined;
}

/**
 * The elements an SLA `element` (or the deprecated `slaDefaultElement`) lists, comma-separated: trimmed, blanks and
 * repeats left out (`orders.placed_at, orders.placed_at` is one element, measured once). One reading for lint and
 * contract-test, so that an SLA one of them reads as naming no element the other does too.
 */
export function slaElementList(element: unknown): string[] {
  return typeof element === "string" ? [...new Set(element.split(",").map((part) => part.trim()).filter(Boolean))] : [];
}

/**
 * Why contract-test cannot measure a latency, freshness or retention that names no element (after `SLA <property> `),
 * in the words lint's sla-element reports it with first.
 */
export const SLA_NO_ELEMENT = "names no element: set `element` to the timestamp column, as `object.column`";
