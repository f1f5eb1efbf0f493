import { closest, isMapping, isoInstant, type PathSegment, knownTimeZone, readIsoDateTime, readIsoTime, temporalBoundProblem, timeBoundSeconds, unknownTimeZoneProblem, unquotedTextHint, validateContractSchema, validateProductSchema } from "@meshkit/core";
import { regexProblem, unrunnablePatternProblem } from "../regex.js";
import { defineRule, type RuleContext } from "../rule.js";
import { mappingsIn, pointer, stringAt, valueDefinitions, type Mapping } from "../walk.js";

export const schemaValid = defineRule({
  meta: { id: "schema-valid", defaultSeverity: "error", description: "The document is valid against the ODCS JSON Schema of its apiVersion (3.0.x or 3.1.0) / the ODPS 1.0 one." },
  appliesTo: ["DataContract", "DataProduct"],
  check(doc, { report }) {
    const issues = doc.kind.type === "DataContract" ? validateContractSchema(doc.value) : validateProductSchema(doc.value);
    const standard = doc.kind.type === "DataContract" ? "ODCS" : "ODPS";
    for (const issue of issues) {
      // `contractId: 42`, `id: 0x1F`, `tags: [2024]`: text to whoever wrote it, a number to YAML; say how to quote it.
      const hint = issue.target === "value" && issue.message.endsWith("must be a string") ? unquotedTextHint(doc, issue.pointer, "text") : "";
      report({ path: issue.pointer, target: issue.target, about: issue.about, message: `${standard} schema: ${issue.message}${hint}` });
    }
  },
});

/** A bound of a property's range, read as a number on one scale (days for dates, ms for timestamps, seconds for times). */
interface RangeBound {
  key: string;
  written: unknown;
  at: number;
  exclusive: boolean;
}

/**
 * Where a written bound lies for a property of `logicalType`; undefined when it is not a value of that type.
 * Dates and timestamps are read as contract-test reads them (core's readIsoDateTime): a date bound written
 * with a time is that day, a timestamp without an offset is wall-clock time in `zone`, the property's
 * `defaultTimezone` (UTC when absent or unknown), so that one with an offset is compared with it as the same instant.
 */
function boundScale(logicalType: string | undefined, value: unknown, zone?: string): number | undefined {
  switch (logicalType) {
    case "integer":
    case "number":
      return typeof value === "number" && Number.isFinite(value) ? value : undefined;
    case "date": {
      const read = typeof value === "string" ? readIsoDateTime(value) : undefined;
      return read ? Date.parse(`${read.trimmed.slice(0, 10)}T00:00:00Z`) / 86_400_000 : undefined;
    }
    case "timestamp": {
      const read = typeof value === "string" ? readIsoDateTime(value) : undefined;
      return read ? isoInstant(read.trimmed, zone) : undefined;
    }
    case "time":
      // Within the bound's own day, as contract-test compares it (timeBoundSeconds).
      return typeof value === "string" ? timeBoundSeconds(value)?.seconds : undefined;
    default:
      return undefined;
  }
}

/** The logicalTypes whose bounds are text: a bound of them that no engine reads as one (`'yesterday'`) is refused by contract-test. */
const TEXT_BOUNDED = new Set(["date", "timestamp", "time"]);

/** The tightest of a side's bounds: the highest lower bound, or the lowest upper one (exclusive wins a tie). */
function tightest(bounds: RangeBound[], side: "lower" | "upper"): RangeBound | undefined {
  let best: RangeBound | undefined;
  for (const b of bounds) {
    const tighter = !best || (side === "lower" ? b.at > best.at : b.at < best.at) || (b.at === best.at && b.exclusive);
    if (tighter) best = b;
  }
  return best;
}

const COUNT_PAIRS = [
  ["minLength", "maxLength", "characters"],
  ["minItems", "maxItems", "items"],
  ["minProperties", "maxProperties", "properties"],
] as const;

/**
 * An object's `logicalTypeOptions.required` ("Property names that are required to exist in the object"):
 * more names than `maxProperties` allows leave no value (an error, as the other bounds); a name the object's
 * `properties` do not declare is a typo or a property left out (a warning: ODCS does not close an object to
 * undeclared properties). meshkit test does not check `required`, so lint is the only one to say so.
 */
function objectRequired(owner: Mapping, options: Mapping, path: PathSegment[], report: RuleContext["report"]): void {
  const required = options.required;
  // A `required` that is not a list of names is the schema's finding.
  if (!Array.isArray(required)) return;
  const at = (...keys: PathSegment[]) => pointer([...path, "logicalTypeOptions", ...keys]);
  const names = new Set(required.filter((name): name is string => typeof name === "string"));
  const max = options.maxProperties;
  if (typeof max === "number" && names.size > max) {
    report({ path: at("required"), message: `\`required\` lists ${names.size} properties, but \`maxProperties\` is ${max}: no value can have them all; raise maxProperties or require fewer.` });
  }
  if (!Array.isArray(owner.properties)) return;
  const declared = mappingsIn(owner.properties).map(([property]) => stringAt(property, "name")).filter((name): name is string => name !== undefined);
  required.forEach((name, i) => {
    if (typeof name !== "string" || declared.includes(name)) return;
    const meant = closest(name, declared);
    const shown = declared.length > 0 ? `(properties: ${declared.join(", ")})` : "(it declares none)";
    const fix = meant === undefined ? "fix the name, or declare the property." : `did you mean \`${meant}\`?`;
    report({ path: at("required", i), severity: "warning", message: `\`required\` names \`${name}\`, which is not a property of this object ${shown}; ${fix}` });
  });
}

export const logicalTypeBounds = defineRule({
  meta: { id: "logical-type-bounds", defaultSeverity: "error", description: "A property's logicalTypeOptions bounds are values of its type and leave room for a value: minimum below maximum, minLength at most maxLength, …" },
  appliesTo: ["DataContract"],
  check(doc, { report }) {
    for (const { owner, path } of valueDefinitions(doc.value as Mapping)) {
      const options = owner.logicalTypeOptions;
      if (!isMapping(options)) continue;
      const at = (key: string) => pointer([...path, "logicalTypeOptions", key]);
      for (const [min, max, what] of COUNT_PAIRS) {
        const low = options[min];
        const high = options[max];
        if (typeof low === "number" && typeof high === "number" && low > high) {
          report({ path: at(min), message: `\`${min}\` ${low} is above \`${max}\` ${high}: no value has between ${low} and ${high} ${what}; swap them or fix one.` });
        }
      }
      objectRequired(owner, options, path, report);
      const logicalType = stringAt(owner, "logicalType");
      const lower: RangeBound[] = [];
      const upper: RangeBound[] = [];
      // The test reads a timestamp bound without an offset in the property's zone (a zone it does not know is UTC there).
      const zoneName = options.defaultTimezone;
      const zone = (typeof zoneName === "string" ? knownTimeZone(zoneName.trim()) : undefined) ?? "UTC";
      // ODCS v3.0.x: exclusiveMinimum/exclusiveMaximum are booleans that make minimum/maximum exclusive;
      // from v3.1.0 they are bounds of their own (values > n, values < n). contract-test reads both.
      for (const [key, flag, into] of [
        ["minimum", "exclusiveMinimum", lower],
        ["maximum", "exclusiveMaximum", upper],
      ] as const) {
        // A bound written as text that is no value of the type: contract-test refuses it (quality-rule-invalid), so
        // lint says so first, at the bound. A bound that is not text at all is schema-valid's finding.
        for (const bound of [key, flag] as const) {
          const written = options[bound];
          if (logicalType === undefined || !TEXT_BOUNDED.has(logicalType) || typeof written !== "string" || boundScale(logicalType, written) !== undefined) continue;
          report({ path: at(bound), message: `\`${bound}\` ${JSON.stringify(written)} is no ${logicalType}: it ${temporalBoundProblem(logicalType as "date" | "timestamp" | "time", written)!}, so meshkit test cannot compare values with it; fix the bound.` });
        }
        const inclusive = boundScale(logicalType, options[key], zone);
        if (inclusive !== undefined) into.push({ key, written: options[key], at: inclusive, exclusive: options[flag] === true });
        const own = typeof options[flag] === "boolean" ? undefined : boundScale(logicalType, options[flag], zone);
        if (own !== undefined) into.push({ key: flag, written: options[flag], at: own, exclusive: true });
      }
      // Time bounds are each read within their own offset's day: those of different offsets lie on no one scale.
      const dayStarts = new Set([...lower, ...upper].map((b) => (logicalType === "time" && typeof b.written === "string" ? readIsoTime(b.written)?.dayStart : undefined)));
      if (dayStarts.size > 1) continue;
      const low = tightest(lower, "lower");
      const high = tightest(upper, "upper");
      if (!low || !high) continue;
      // Integers and dates come in whole steps: > 1 and < 2 leave no integer, as > 2024-01-01 and < 2024-01-02 leave no date.
      const whole = logicalType === "integer" || logicalType === "date";
      const empty = whole
        ? (low.exclusive ? Math.floor(low.at) + 1 : Math.ceil(low.at)) > (high.exclusive ? Math.ceil(high.at) - 1 : Math.floor(high.at))
        : low.at > high.at || (low.at === high.at && (low.exclusive || high.exclusive));
      if (!empty) continue;
      const shown = (b: RangeBound) => `\`${b.key}\` ${JSON.stringify(b.written)}${b.exclusive && !b.key.startsWith("exclusive") ? " (exclusive)" : ""}`;
      const kind = whole ? (logicalType === "integer" ? "integer" : "date") : "value";
      // Said where the zone moved a bound: `00:00:00` and `02:00:00Z` cross only in the zone the first is read in.
      const zoned = logicalType === "timestamp" && zone !== "UTC" ? ` (a bound without an offset is in ${zone}, the property's defaultTimezone)` : "";
      report({ path: at(low.key), message: `${shown(low)} and ${shown(high)} leave no ${kind} between them${zoned}: every value would fail; fix the bounds.` });
    }
  },
});

export const logicalTypePattern = defineRule({
  meta: { id: "logical-type-pattern", defaultSeverity: "error", description: "A property's logicalTypeOptions.pattern is a valid ECMA-262 regular expression, as ODCS defines it, and (a warning otherwise) one meshkit test can run: not empty, no lookaround or backreference." },
  appliesTo: ["DataContract"],
  check(doc, { report }) {
    for (const { owner, path } of valueDefinitions(doc.value as Mapping)) {
      const options = owner.logicalTypeOptions;
      // A pattern that is not text is the schema's finding.
      if (!isMapping(options) || typeof options.pattern !== "string") continue;
      const unrunnable = unrunnablePatternProblem(options.pattern);
      if (unrunnable !== undefined) report({ path: pointer([...path, "logicalTypeOptions", "pattern"]), severity: "warning", message: `\`pattern\` ${unrunnable}; meshkit test refuses it as it stands (valid ECMA-262, so a warning).` });
      const problem = regexProblem(options.pattern);
      if (problem === undefined) continue;
      report({
        path: pointer([...path, "logicalTypeOptions", "pattern"]),
        message: `\`pattern\` is not a valid regular expression (${problem}): no value can be checked against it; fix its syntax (ODCS patterns are ECMA-262, as in JavaScript).`,
      });
    }
  },
});

export const logicalTypeTimezone = defineRule({
  meta: { id: "logical-type-timezone", defaultSeverity: "error", description: "A timestamp property's logicalTypeOptions.defaultTimezone is a time zone name (IANA) meshkit test can read values in." },
  appliesTo: ["DataContract"],
  check(doc, { report }) {
    for (const { owner, path } of valueDefinitions(doc.value as Mapping)) {
      const options = owner.logicalTypeOptions;
      // A zone that is not text is the schema's finding; contract-test reads the zone of a timestamp only.
      if (!isMapping(options) || typeof options.defaultTimezone !== "string" || stringAt(owner, "logicalType") !== "timestamp") continue;
      const problem = unknownTimeZoneProblem(options.defaultTimezone);
      if (problem === undefined) continue;
      report({ path: pointer([...path, "logicalTypeOptions", "defaultTimezone"]), message: `\`defaultTimezone\` ${problem}: meshkit test refuses it, and values without a zone cannot be read as meant; fix the name.` });
    }
  },
});
