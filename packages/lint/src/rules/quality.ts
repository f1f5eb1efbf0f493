import { EMPTY_VALID_VALUES, METRIC_ARGUMENTS, OBJECT_LEVEL_METRICS, nonJsonNumberIn, ODCS_30_ASSERTION_RULES, PROPERTY_LEVEL_METRICS, QUALITY_COMPARATORS, isMapping, misspeltComparator, numberInText, odcsLibraryMetric, readQualityUnit, selectsCount, sqlQueryProblem, unreadMetricArgument, yaml11BooleanHint, yamlNumberText, type LoadedDocument, type PathSegment } from "@meshkit/core";
import { type MeasureDomain, type NumericComparison, comparisonsSatisfiable, describeComparisons } from "../comparison-satisfiable.js";
import { regexProblem, unrunnablePatternProblem } from "../regex.js";
import { defineRule } from "../rule.js";
import { childLookup, pointer, qualityRules, schemaObjects, stringAt, type Mapping } from "../walk.js";

const COMPARATORS = QUALITY_COMPARATORS;
const RANGE_COMPARATORS = new Set(["mustBeBetween", "mustNotBeBetween"]);

// Read as strings: a rule may name any metric, and these say which it may name at each level.
export const PROPERTY_METRICS: readonly string[] = PROPERTY_LEVEL_METRICS;
export const OBJECT_METRICS: readonly string[] = OBJECT_LEVEL_METRICS;
const LIBRARY_METRICS = [...new Set([...PROPERTY_METRICS, ...OBJECT_METRICS])];

/** `type` defaults to library in ODCS; a rule with a `metric` is a library rule whatever else it says. */
function ruleType(rule: Mapping): string {
  return stringAt(rule, "type") ?? "library";
}

/** A library rule: v3.0 called the type `default`. */
function isLibraryRule(rule: Mapping): boolean {
  const type = ruleType(rule);
  return type === "library" || type === "default";
}

/** Where a library rule names its metric: `metric`, or (v3.0, without one) `rule`, as contract-test reads it. */
function metricKey(rule: Mapping): "metric" | "rule" {
  return rule.metric === undefined && typeof rule.rule === "string" ? "rule" : "metric";
}

/** An ODCS v3.0.x contract: library rules name their check in `rule`, with v3.0's names. */
function isV30Contract(doc: LoadedDocument): boolean {
  return doc.kind.type === "DataContract" && doc.kind.apiVersion.startsWith("v3.0.");
}

/** A rule without `type`, `metric`, v3.0's `rule` or a `query` (contract-test reads that as sql): nothing says what kind of check it is. */
function namesNothing(rule: Mapping): boolean {
  return rule.type === undefined && rule.metric === undefined && rule.rule === undefined && rule.query === undefined;
}

/**
 * A v3.0.x library rule whose `rule` names no ODCS metric (`countCheck`, `minCheck`, as in ODCS's own v3.0
 * examples): the v3.0 schema allows any name there, with or without a comparison, but meshkit test cannot
 * run it. quality-metric-level reports it once, as a warning; no comparator is asked of a check lint cannot read.
 */
function isV30RuleOutsideLibrary(rule: Mapping, v30: boolean): boolean {
  return v30 && isLibraryRule(rule) && metricKey(rule) === "rule" && odcsLibraryMetric(rule.rule) === undefined;
}

/** A library rule that counts an object's rows (`rowCount`, or v3.0's `rule: rowCount`): a number, never a share. */
function countsRows(rule: Mapping): boolean {
  return (isLibraryRule(rule) && odcsLibraryMetric(rule[metricKey(rule)]) === "rowCount") || (rule.type === "sql" && selectsCount(rule.query));
}

export const qualityComparator = defineRule({
  meta: { id: "quality-comparator", defaultSeverity: "error", description: "Every library or SQL quality rule has exactly one well-formed comparator (v3.0.x: at least one, all well-formed) that some value can meet." },
  appliesTo: ["DataContract"],
  check(doc, { report: reportFinding }) {
    // How many findings this rule has reported: a rule's comparisons are judged together only once each is well formed.
    let reported = 0;
    const report: typeof reportFinding = (finding) => {
      reported++;
      reportFinding(finding);
    };
    // ODCS v3.1.0 allows exactly one comparison per rule; v3.0.x allowed several (all must hold:
    // `mustBeGreaterThan: 0` with `mustBeLessThan: 100`) and rules that assert without one (`rule: nullCheck`).
    const v30 = isV30Contract(doc);
    for (const { rule, path } of qualityRules(doc.value as Mapping)) {
      const type = ruleType(rule);
      if (type !== "library" && type !== "sql") continue;
      const present = COMPARATORS.filter((c) => c in rule);
      if (namesNothing(rule)) {
        // Neither a type nor a metric: ODCS omits `type` only for a rule with a metric, so this is no library
        // rule missing a comparator (the v3.1 schema accepts it; contract-test refuses it for naming no metric).
        // With a comparator, the schema calls it unknown, as no variant of the rule declares it: the fix is
        // still the metric, and this finding stands for the schema's (about the same key, at the rule).
        const key = v30 ? "rule" : "metric";
        const metrics = `${key}: <one of ${LIBRARY_METRICS.join(", ")}>`;
        const message =
          present.length === 0
            ? `Quality rule names no \`type\` and no \`${key}\`; add ${metrics} with a comparator, or type: text for a rule in prose.`
            : `Quality rule has ${present.join(", ")} but names no \`type\` and no \`${key}\`; add ${metrics} to say what the rule compares, or type: sql with a query.`;
        report({ path: pointer(path), about: key, message });
        continue;
      }
      if (present.length === 0) {
        // A v3.1.0 rule written the v3.0 way (`rule: nullCheck`, no metric) gets one finding from
        // schema-valid, at the rule, which names the metric and the comparison to add together.
        const v30Form = !v30 && rule.rule !== undefined && rule.metric === undefined && rule.type === undefined && rule.query === undefined;
        const assertsOrUnread = (v30 && ODCS_30_ASSERTION_RULES.has(stringAt(rule, "rule") ?? "")) || isV30RuleOutsideLibrary(rule, v30);
        const misspelt = misspeltComparator(rule);
        if (misspelt) report({ path: pointer([...path, misspelt.key]), target: "key", message: `Quality rule has no comparator: \`${misspelt.key}\` is no ODCS comparator; did you mean \`${misspelt.meant}\`?` });
        else if (!v30Form && !assertsOrUnread) report({ path: pointer(path), about: "comparison", message: `Quality rule has no comparator; add one of ${COMPARATORS.join(", ")}.` });
        continue;
      }
      // v3.0.x takes several comparators and its schema lets any other key by: a misspelt one beside them
      // (`mustBeLessThen: 5` with `mustBeGreaterThan: 0`) is a bound nothing checks. (v3.1.0's schema calls it unknown.)
      const misspelt = v30 ? misspeltComparator(rule) : undefined;
      if (misspelt) report({ path: pointer([...path, misspelt.key]), target: "key", message: `Quality rule checks ${present.join(", ")} only: \`${misspelt.key}\` is no ODCS comparator; did you mean \`${misspelt.meant}\`?` });
      if (present.length > 1 && !v30) {
        report({ path: pointer(path), about: "comparison", message: `Quality rule has ${present.length} comparators (${present.join(", ")}); keep exactly one (split it into several rules).` });
        continue;
      }
      const findingsBefore = reported;
      for (const comparator of present) {
        const value = rule[comparator];
        const at = pointer([...path, comparator]);
        if (RANGE_COMPARATORS.has(comparator)) {
          const ok = Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === "number");
          if (!ok && Array.isArray(value) && value.length === 2) {
            // A pair with a bound that is no number: said at that bound, where the schema says it too (one finding, not two).
            value.forEach((bound, i) => {
              if (typeof bound !== "number") report({ path: pointer([...path, comparator, i]), message: `${comparator} takes two numbers [min, max]; ${JSON.stringify(bound)} is no number.` });
            });
          } else if (!ok) report({ path: at, message: `${comparator} takes two numbers [min, max].` });
          else if (value[0] === value[1]) report({ path: at, message: `${comparator} is [${value.join(", ")}]; its two bounds must differ (for one value, write ${comparator === "mustBeBetween" ? "mustBe" : "mustNotBe"}: ${String(value[0])}).` });
          else if ((value[0] as number) > (value[1] as number)) report({ path: at, message: `${comparator} is [${value.join(", ")}]; write the smaller bound first: [${[...value].sort((a, b) => a - b).join(", ")}].` });
        } else if ((comparator === "mustBe" || comparator === "mustNotBe") && typeof value === "number" && !Number.isFinite(value)) {
          // YAML's .inf and .nan: numbers no comparison can use (contract-test refuses them). The schema types
          // every other comparator as a number and says so itself; these two it leaves untyped.
          report({ path: at, message: `${comparator} takes a finite number, not ${String(value)}.` });
        } else if ((comparator === "mustBe" || comparator === "mustNotBe") && typeof value !== "number" && numberOf(value) === undefined && !(type === "sql" && typeof value === "boolean")) {
          // Untyped in the schema, but a library metric measures a count (or a share) and a SQL rule one number
          // or boolean: contract-test refuses anything else (`mustBe: abc`, a list, null), so lint says it first.
          const takes = type === "sql" ? "a number (or text that spells one, such as '5') or a boolean: the query returns one value" : "a number (or text that spells one, such as '5'): the metric counts rows";
          const hint = type === "sql" ? yaml11BooleanHint(value) : "";
          report({ path: at, message: `${comparator} takes ${takes}; ${JSON.stringify(value)} is neither${hint}.` });
        } else if (comparator !== "mustBe" && comparator !== "mustNotBe" && typeof value !== "number") {
          report({ path: at, message: `${comparator} takes a number, not ${JSON.stringify(value)}.` });
        }
      }
      // Well-formed comparisons can still exclude every value: v3.0's several that contradict each other
      // (`mustBeGreaterThan: 100` with `mustBeLessThan: 10`), or one no count meets (`mustBeLessThan: 0`,
      // `mustBeBetween: [0, 1]`, which excludes both bounds). contract-test would fail the rule on any data.
      if (reported === findingsBefore) {
        const never = neverMet(rule, present);
        if (never) report({ path: present.length === 1 ? pointer([...path, present[0]!]) : pointer(path), ...(present.length === 1 ? {} : { about: "comparison" }), message: never });
      }
    }
  },
});

/**
 * The values a rule's measure takes, where lint knows them: a library metric (or a SQL `count(…)`) counts
 * rows, a whole number from 0, or in `unit: percent` a share from 0 to 100; another SQL rule any number.
 * Undefined where another finding owns the rule: an unknown metric or unit, rowCount in percent.
 */
function measureDomain(rule: Mapping): { domain: MeasureDomain; measure: string } | undefined {
  const type = ruleType(rule);
  const unit = readQualityUnit(rule.unit);
  if (type === "sql") {
    // (a count in percent is quality-percent-range's finding)
    if (selectsCount(rule.query)) return unit === "percent" ? undefined : { domain: { wholeNumbers: true, min: 0 }, measure: "the query counts rows (a whole number, 0 or more)" };
    return { domain: { wholeNumbers: false }, measure: "the query returns one value" };
  }
  const metric = odcsLibraryMetric(rule[metricKey(rule)]);
  if (!isLibraryRule(rule) || metric === undefined || unit === undefined) return undefined;
  if (unit === "rows") return { domain: { wholeNumbers: true, min: 0 }, measure: `${metric} counts rows (a whole number, 0 or more)` };
  return countsRows(rule) ? undefined : { domain: { wholeNumbers: false, min: 0, max: 100 }, measure: `${metric} in percent is a share from 0 to 100` };
}

/** Why no value can meet a rule's well-formed comparisons, or undefined when one can (or lint cannot tell). */
function neverMet(rule: Mapping, present: readonly (typeof COMPARATORS)[number][]): string | undefined {
  const known = measureDomain(rule);
  if (!known) return undefined;
  const comparisons: NumericComparison[] = [];
  for (const comparator of present) {
    const value: unknown = rule[comparator];
    const number = Array.isArray(value) ? undefined : numberOf(value);
    if (Array.isArray(value)) comparisons.push({ comparator, value: [value[0] as number, value[1] as number] });
    else if (number !== undefined) comparisons.push({ comparator, value: number });
    else return undefined; // a SQL rule's boolean: compared as it is
  }
  // A percentage outside 0–100 is quality-percent-range's finding.
  const { domain, measure } = known;
  const numbers = comparisons.flatMap((c) => (Array.isArray(c.value) ? [...(c.value as readonly number[])] : [c.value as number]));
  if (domain.max !== undefined && numbers.some((n) => n < 0 || n > domain.max!)) return undefined;
  if (comparisonsSatisfiable(comparisons, domain)) return undefined;
  const between = present.includes("mustBeBetween") ? " (mustBeBetween excludes both bounds)" : "";
  return `Quality rule can never pass: ${measure}, and none is ${describeComparisons(comparisons)}${between}; fix the comparison.`;
}

export const qualityMetricLevel = defineRule({
  meta: { id: "quality-metric-level", defaultSeverity: "error", description: "A library metric is used where it means something: column metrics on properties, rowCount on objects." },
  appliesTo: ["DataContract"],
  check(doc, { report }) {
    const v30 = isV30Contract(doc);
    for (const { rule, path, level } of qualityRules(doc.value as Mapping)) {
      // v3.0 named the metric in `rule`, with names of its own (`nullCheck`): read as contract-test reads it.
      const key = metricKey(rule);
      const written = stringAt(rule, key);
      if (written === undefined || !isLibraryRule(rule)) continue;
      const allowed = level === "property" ? PROPERTY_METRICS : OBJECT_METRICS;
      if (isV30RuleOutsideLibrary(rule, v30)) {
        // Valid ODCS v3.0 (its schema leaves `rule` free, and its full example uses countCheck), so a warning.
        report({
          path: pointer([...path, key]),
          severity: "warning",
          message: `Rule ${written} is no ODCS library metric, so meshkit test cannot run it (ODCS v3.0 allows any rule name); write one of ${allowed.join(", ")} at ${level} level with a comparison (v3.0 spellings such as nullCheck, validValues, duplicateCount are read too), or type: sql with a query, or type: custom for the engine that runs it.`,
        });
        continue;
      }
      const metric = key === "rule" ? (odcsLibraryMetric(written) ?? written) : written;
      const named = metric === written ? metric : `${written} (${metric})`;
      if (allowed.includes(metric)) {
        // An object's duplicateValues without arguments.properties compares whole rows (all its properties),
        // as contract-test runs it: ODCS requires no arguments. The shape of a list is quality-arguments'.
        const listed = isMapping(rule.arguments) ? rule.arguments.properties : undefined;
        // A property's rule compares that property alone: contract-test refuses a list it would leave out.
        if (level === "property" && metric === "duplicateValues" && listed !== undefined) {
          report({ path: pointer([...path, "arguments", "properties"]), message: "A property's duplicateValues compares that property alone: arguments.properties belongs to the object's rule; move the rule to the object's quality list to check the combination." });
        }
        continue;
      }
      const known = [...PROPERTY_METRICS, ...OBJECT_METRICS].includes(metric);
      // A v3.1.0 rule that names its check only in `rule` is schema-valid's finding, at the rule, which asks for
      // the metric to write: "unknown rule" beside it would say v3.0 names are read, which v3.1.0 does not.
      if (!known && key === "rule" && !v30) continue;
      report({
        path: pointer([...path, key]),
        message: known
          ? `Metric ${named} does not apply to ${level === "property" ? "a property" : "an object"}; ${level === "property" ? "move it to the object's quality list" : "move it to the property it checks"} (${level}-level metrics: ${allowed.join(", ")}).`
          : `Unknown ${key === "rule" ? "rule" : "metric"} ${written}; use one of ${allowed.join(", ")} at ${level} level${key === "rule" ? " (v3.0 spellings such as nullCheck, validValues, duplicateCount are read too)" : ""}.`,
      });
    }
  },
});

export const qualitySqlQuery = defineRule({
  meta: { id: "quality-sql-query", defaultSeverity: "error", description: "A sql quality rule's query is one meshkit test runs: not blank, only {object}/{property} placeholders ({property} on a property's rule), read-only." },
  appliesTo: ["DataContract"],
  check(doc, { report }) {
    for (const { rule, path, level } of qualityRules(doc.value as Mapping)) {
      // A missing query, or one that is not text, is schema-valid's finding.
      if (rule.type !== "sql" || typeof rule.query !== "string") continue;
      // Decided as contract-test decides it (core's sqlQueryProblem), and reported at the rule, where the test reports it.
      const problem = sqlQueryProblem(rule.query, level);
      if (problem === undefined) continue;
      report({ path: pointer(path), message: `SQL rule${problem.kind === "not-read-only" ? "'s" : ""} ${problem.reason}; meshkit test refuses the rule before anything runs.` });
    }
  },
});

export const qualityPercentRange = defineRule({
  meta: {
    id: "quality-percent-range",
    defaultSeverity: "error",
    description: "Comparator values of `unit: percent` (or `%`) rules lie within 0–100, rowCount is not in percent, and a library rule's unit is rows or percent.",
  },
  appliesTo: ["DataContract"],
  check(doc, { report }) {
    for (const { rule, path } of qualityRules(doc.value as Mapping)) {
      const unitProblem = unknownUnitProblem(rule);
      if (unitProblem) report({ path: pointer([...path, "unit"]), message: unitProblem });
      if (readQualityUnit(rule.unit) !== "percent") continue;
      // A share of the rows of the object it counts would always be 100: contract-test refuses the rule.
      if (countsRows(rule)) {
        const what = rule.type === "sql" ? "A query that selects count(…) returns a count" : "rowCount counts rows";
        report({ path: pointer([...path, "unit"]), message: `${what}, not a share of them: unit ${JSON.stringify(rule.unit)} does not apply; remove the unit (rows is the default)${rule.type === "sql" ? ", or have the query return the percentage" : ""}.` });
        continue;
      }
      for (const comparator of COMPARATORS) {
        if (!(comparator in rule)) continue;
        const values = ([] as unknown[]).concat(rule[comparator]);
        // A number written as text (`mustBe: "150"`) is the number contract-test compares with.
        const bad = values.filter((v) => {
          const number = numberOf(v);
          return number !== undefined && (number < 0 || number > 100);
        });
        if (bad.length > 0)
          report({ path: pointer([...path, comparator]), message: `${comparator} ${bad.map((v) => (typeof v === "string" ? JSON.stringify(v) : yamlNumberText(v as number))).join(", ")} is not a percentage; with unit: percent use values from 0 to 100 (or switch to unit: rows).` });
      }
    }
  },
});

/**
 * Why contract-test cannot read a rule's `unit` (written as text: the schema reports other values), if it
 * cannot: a library metric counts rows or a share of them, nothing else (`unit: seconds` would compare
 * the count as if it were seconds, so the test refuses the rule); a query's value may be in any unit,
 * but a blank one names none.
 */
function unknownUnitProblem(rule: Mapping): string | undefined {
  if (typeof rule.unit !== "string" || readQualityUnit(rule.unit) !== undefined) return undefined;
  if (isLibraryRule(rule)) return `Unit ${JSON.stringify(rule.unit)} is not one a library metric counts in, so meshkit test refuses the rule; use rows (the default) or percent (also %).`;
  if (rule.type === "sql" && rule.unit.trim() === "") return `Unit ${JSON.stringify(rule.unit)} names no unit; name the unit of the query's value (percent, rows, seconds, …) or leave it out.`;
  return undefined;
}

/** The number a comparator value is, or spells as text (`"5"`), as contract-test reads it; undefined otherwise. */
function numberOf(value: unknown): number | undefined {
  if (typeof value === "number") return value;
  return typeof value === "string" ? numberInText(value) : undefined;
}

/** A value a list of values may hold: text, a finite number, a boolean or null (contract-test compares these). */
function isScalar(value: unknown): boolean {
  return value === null || typeof value === "string" || typeof value === "boolean" || (typeof value === "number" && Number.isFinite(value));
}

/** Why an invalidValues `pattern` cannot be read, or undefined when it is a regular expression. */
function patternProblem(pattern: unknown): string | undefined {
  if (typeof pattern !== "string" || pattern === "") return `arguments.pattern must be a non-empty regular expression, not ${JSON.stringify(pattern)}`;
  const problem = regexProblem(pattern);
  return problem === undefined ? undefined : `arguments.pattern is not a valid regular expression (${problem}); fix its syntax`;
}

/** The properties of a schema object, by name, as arguments.properties names them. */
const propertyNamed = childLookup((object) => (Array.isArray(object.properties) ? object.properties.filter(isMapping) : []), ["name"]);

export const qualityArguments = defineRule({
  meta: { id: "quality-arguments", defaultSeverity: "error", description: "A library metric's `arguments` have the shape the metric reads: validValues or pattern, lists of values, property names of the object." },
  appliesTo: ["DataContract"],
  check(doc, { report }) {
    const contract = doc.value as Mapping;
    // The schema object each object-level rule belongs to: arguments.properties names its properties.
    const objectAt = new Map(schemaObjects(contract).map(({ object, path }) => [pointer(path), object]));
    for (const { rule, path, level } of qualityRules(contract)) {
      if (!isLibraryRule(rule)) continue;
      const key = metricKey(rule);
      const metric = odcsLibraryMetric(rule[key]);
      // Arguments that are not a mapping are the schema's finding (one is enough); an unknown metric quality-metric-level's.
      if (rule.arguments !== undefined && !isMapping(rule.arguments)) continue;
      const args: Mapping = isMapping(rule.arguments) ? rule.arguments : {};
      const at = (...segments: PathSegment[]) => pointer([...path, "arguments", ...segments]);
      // A misspelt argument is read by no one: the metric measures its default instead (whole rows for `property:`).
      const unread = metric ? unreadMetricArgument(metric, args) : undefined;
      if (metric && unread !== undefined) {
        const names = METRIC_ARGUMENTS[metric]!.map((name) => `\`${name}\``).join(" and ");
        report({ path: at(unread), target: "key", message: `${metric} does not read arguments.${unread} (it reads ${names}): fix the name, or remove it.` });
      }
      if (metric === "invalidValues") {
        // ODCS v3.0 wrote `validValues` on the rule itself (`rule: validValues`): contract-test reads it there too.
        const validValues = args.validValues ?? rule.validValues;
        if (validValues === undefined && args.pattern === undefined) {
          report({ path: pointer([...path, key]), message: "invalidValues needs arguments.validValues (the list of valid values) or arguments.pattern (a regular expression): without either, no value is invalid." });
        }
        if (validValues !== undefined && !(Array.isArray(validValues) && validValues.every(isScalar))) {
          // `.inf` / `.nan` would show as null in JSON: said as contract-test says it.
          const unheld = nonJsonNumberIn("validValues", validValues);
          report({ path: args.validValues !== undefined ? at("validValues") : pointer([...path, "validValues"]), message: unheld ? `${unheld}.` : `validValues must be a list of values (e.g. ['pounds', 'kg']), not ${JSON.stringify(validValues)}.` });
        } else if (Array.isArray(validValues) && validValues.every((value) => value === null)) {
          report({ path: args.validValues !== undefined ? at("validValues") : pointer([...path, "validValues"]), message: `invalidValues has ${EMPTY_VALID_VALUES}.` });
        }
        if (args.pattern !== undefined) {
          const problem = patternProblem(args.pattern);
          // Valid ECMA-262 that meshkit test's engines cannot run (a lookahead): a warning, as the contract is valid ODCS.
          const unrunnable = problem === undefined && typeof args.pattern === "string" ? unrunnablePatternProblem(args.pattern) : undefined;
          if (problem) report({ path: at("pattern"), message: `${problem}.` });
          else if (unrunnable) report({ path: at("pattern"), severity: "warning", message: `arguments.pattern ${unrunnable}; meshkit test refuses the rule as it stands (valid ECMA-262, so a warning).` });
        }
      } else if (metric === "missingValues" && args.missingValues !== undefined) {
        const listed = args.missingValues;
        const unheld = nonJsonNumberIn("missingValues", listed);
        if (unheld) report({ path: at("missingValues"), message: `${unheld}.` });
        else if (!Array.isArray(listed) || !listed.every(isScalar) || listed.length === 0) {
          report({ path: at("missingValues"), message: `arguments.missingValues must be a non-empty list of the values that count as missing (e.g. [null, '', 'N/A']), not ${JSON.stringify(listed)}; leave it out for null and ''.` });
        }
      } else if (metric === "duplicateValues" && level === "object" && args.properties !== undefined) {
        const listed = args.properties;
        if (!Array.isArray(listed) || listed.length === 0 || !listed.every((name) => typeof name === "string")) {
          report({ path: at("properties"), message: `arguments.properties must be a non-empty list of property names (e.g. [tenant_id, order_id]), not ${JSON.stringify(listed)}.` });
          continue;
        }
        const objectPath = path.slice(0, 2);
        const object = objectAt.get(pointer(objectPath));
        if (!object) continue;
        listed.forEach((name: string, i) => {
          if (propertyNamed(contract, object, name)) return;
          report({ path: at("properties", i), message: `arguments.properties names \`${name}\`, which is not a property of \`${stringAt(object, "name") ?? "this object"}\`; name the object's properties by their \`name\`.` });
        });
      }
    }
  },
});
