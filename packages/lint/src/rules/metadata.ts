import { compileNamingPattern, isMapping, isSemverText, type NamingConvention, writtenOnOneLine } from "@meshkit/core";
import semver from "semver";
import { defineRule } from "../rule.js";
import { allProperties, mappingsIn, pointer, qualityRules, schemaObjects, stringAt, type Mapping } from "../walk.js";

export const semverVersion = defineRule({
  meta: { id: "semver-version", defaultSeverity: "error", description: "Versions of contracts, products and ports are valid semver 2.0.0." },
  appliesTo: ["DataContract", "DataProduct"],
  check(doc, { report }) {
    const value = doc.value as Mapping;
    const versions: [unknown, (string | number)[]][] = [[value.version, ["version"]]];
    for (const ports of ["inputPorts", "outputPorts"])
      for (const [port, i] of mappingsIn(value[ports])) versions.push([port.version, [ports, i, "version"]]);
    // An output port's `inputContracts` name the contract versions its data is derived from, as input ports do:
    // lineage and input-port-contract compare them by semver (`latest` would be checked against nothing).
    for (const [port, i] of mappingsIn(value.outputPorts))
      for (const [input, j] of mappingsIn(port.inputContracts)) versions.push([input.version, ["outputPorts", i, "inputContracts", j, "version"]]);
    for (const [version, path] of versions) {
      // semver.org's grammar: no "v" or "=" (semver.valid takes both), no spaces (it trims them), numbers of any size.
      if (version === undefined || isSemverText(version)) continue;
      // YAML reads `version: 1.0` as the number 1: the message shows what was written, and how to quote it.
      const written = typeof version === "string" ? version : writtenOnOneLine(version, doc.sourceAt(pointer(path)));
      const cleaned = semverToWrite(written);
      // ODPS does not require semver, and its official example writes a product's `version: v1.0.0`:
      // there a "v" before an otherwise valid version is only a warning (semver still parses it). A
      // contract's version is what releases are tagged and compared by, so it stays plain semver, and so
      // do the ports' versions: they name contract versions (the official examples write them plainly),
      // and a port is keyed by its version as written, so `v1.2.0` and `1.2.0` would be two ports.
      const isProductVersion = doc.kind.type === "DataProduct" && path.length === 1;
      const prefixedOnly = isProductVersion && typeof version === "string" && /^v\d/.test(version) && semver.valid(version.slice(1)) !== null;
      report({
        path: pointer(path),
        severity: prefixedOnly ? "warning" : undefined,
        message: `Version ${typeof version === "string" ? JSON.stringify(version) : version === null ? "is empty and" : `${written} (${valueType(version)}, not a string)`} is not semver (MAJOR.MINOR.PATCH)${cleaned ? `; write ${typeof version === "string" ? cleaned : `"${cleaned}"`}` : ""}. Compatibility checks compare versions by semver.`,
      });
    }
  },
});

/**
 * The semver version a version that is not one was meant to be (`1.3` → `1.3.0`, `v2.0.0` → `2.0.0`), what
 * semver-version says to write; null when there is none to suggest.
 */
export function semverToWrite(written: string): string | null {
  // A pre-release stays one in the suggestion: `1.0.0-01` → `1.0.0` would claim the release itself.
  // Only for text written like a version: coercing a date (`2022-01-01`) or `1e400` would invent one.
  const versionLike = /^\s*[v=]?\s*(?:\d+(?:\.\d+){2}(?:[-+]\S*)?|\d+(?:\.\d+)?)\s*$/i.test(written);
  const coerced = versionLike ? semver.valid(semver.coerce(written, { includePrerelease: true })) : null;
  return coerced && /^\s*v?\d+(\.\d+){0,2}-/.test(written) && semver.prerelease(coerced) === null ? null : coerced;
}

/**
 * What a non-string value is, for a message, in the schema's words (as schema-valid says it): `typeof`
 * calls a YAML list and a mapping both "object".
 */
function valueType(value: unknown): string {
  if (Array.isArray(value)) return "an array";
  if (isMapping(value)) return "an object";
  return `a ${typeof value}`;
}

export const contractOwner = defineRule({
  // A warning by default: ODCS requires neither `team` nor `support` (the official examples have neither);
  // platforms that require an owner raise it to error in meshkit.yaml.
  meta: { id: "contract-owner", defaultSeverity: "warning", description: "A contract names an owner: a team with members or a name, or a support channel." },
  appliesTo: ["DataContract"],
  check(doc, { report }) {
    const contract = doc.value as Mapping;
    const team = contract.team;
    // A blank name, username or channel names nobody, as an empty list does. (A v3.0 member may give only
    // its `name`: v3.0 requires no username.)
    const named = (value: unknown) => typeof value === "string" && value.trim() !== "";
    const hasMember = (members: unknown) => mappingsIn(members).some(([member]) => named(member.username) || named(member.name));
    const hasTeam = Array.isArray(team) ? hasMember(team) : isMapping(team) && (named(team.name) || hasMember(team.members));
    if (hasTeam || mappingsIn(contract.support).some(([support]) => named(support.channel))) return;
    // ODCS v3.0.x has only the list of members (`team.name` came with v3.1.0, and v3.0's schema refuses the object form).
    // A v3.1.0 contract is told the object form even when it wrote a list: deprecated-field asks for that form there.
    const membersOnly = typeof contract.apiVersion === "string" && contract.apiVersion.trim().startsWith("v3.0");
    const teamForm = membersOnly ? "`team` (a list of members, e.g. team: [{username: <email>, role: owner}])" : "`team` (name and members)";
    report({ path: "", message: `Contract has no owner: add a ${teamForm} or a \`support\` channel so consumers know whom to ask.` });
  },
});

export const propertyClassification = defineRule({
  meta: { id: "property-classification", defaultSeverity: "off", description: "Every property declares a `classification` (turned on by platforms that require it)." },
  appliesTo: ["DataContract"],
  check(doc, { report }) {
    for (const { property, path } of allProperties(doc.value as Mapping)) {
      const classification = property.classification;
      if (typeof classification === "string" && classification.trim() !== "") continue;
      report({
        path: pointer(path),
        message: `Property \`${stringAt(property, "name") ?? "?"}\` has no classification; add classification: public | internal | confidential | restricted.`,
      });
    }
  },
});

const NAMING_PATTERNS: Record<Exclude<NamingConvention, { pattern: string }>, RegExp> = {
  snake_case: /^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$/,
  camelCase: /^[a-z][a-zA-Z0-9]*$/,
  PascalCase: /^[A-Z][a-zA-Z0-9]*$/,
  "kebab-case": /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/,
  SCREAMING_SNAKE_CASE: /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*$/,
};

/**
 * The words of `name`, in ASCII lower case; undefined when a letter has no ASCII form. Accents are
 * dropped (`Ünïcode` → `unicode`, by Unicode decomposition); a letter that does not decompose (`ß`, `ø`,
 * `名`) would otherwise be read as a separator, and the name offered would lose letters (`n_code`).
 */
function words(name: string): string[] | undefined {
  // A character that does not show (a zero-width space, a bidirectional mark, a soft hyphen) is no word break:
  // `ord\u200bers` reads `orders` to its author, and `ord_ers` would be a rename nobody meant.
  const unaccented = name.normalize("NFKD").replace(/[\p{M}\p{Cf}\p{Default_Ignorable_Code_Point}]/gu, "");
  // (other characters, an en dash or a space, separate words as ASCII punctuation does)
  if (/(?![A-Za-z0-9])[\p{L}\p{N}]/u.test(unaccented)) return undefined;
  return unaccented
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}

/** `name` rewritten in `convention`, for the fix in the message; undefined when there is none to offer. */
export function renameTo(name: string, convention: Exclude<NamingConvention, { pattern: string }>): string | undefined {
  const w = words(name);
  if (!w) return undefined;
  const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
  switch (convention) {
    case "snake_case":
      return w.join("_");
    case "kebab-case":
      return w.join("-");
    case "SCREAMING_SNAKE_CASE":
      return w.join("_").toUpperCase();
    case "camelCase":
      return w.map((x, i) => (i === 0 ? x : cap(x))).join("");
    case "PascalCase":
      return w.map(cap).join("");
  }
}

function conventionCheck(convention: NamingConvention): { test: (name: string) => boolean; label: string; fix?: (name: string) => string | undefined } {
  if (typeof convention === "string") return { test: (n) => NAMING_PATTERNS[convention].test(n), label: convention, fix: (n) => renameTo(n, convention) };
  const pattern = compileNamingPattern(convention.pattern);
  // (loadConfig reports a pattern RE2 refuses: only a config built in code can get here with one)
  if (!pattern.ok) throw new Error(`lint.naming pattern ${convention.pattern}: ${pattern.reason}`);
  return { test: pattern.test, label: `the pattern ${convention.pattern}` };
}

export const namingConvention = defineRule({
  meta: { id: "naming-convention", defaultSeverity: "warning", description: "Object and property names follow the configured convention (snake_case by default)." },
  appliesTo: ["DataContract"],
  check(doc, { report, config }) {
    const contract = doc.value as Mapping;
    const targets = [
      { what: "Object", check: conventionCheck(config.lint.naming.objects), items: schemaObjects(contract).map(({ object, path }) => ({ item: object, path })) },
      { what: "Property", check: conventionCheck(config.lint.naming.properties), items: allProperties(contract).map(({ property, path }) => ({ item: property, path })) },
    ];
    for (const { what, check, items } of targets) {
      for (const { item, path } of items) {
        const name = stringAt(item, "name");
        if (name === undefined || check.test(name)) continue;
        // A rename that would break the convention too (`2col`: a name cannot start with a digit) is no suggestion.
        const renamed = check.fix?.(name);
        const fix = renamed !== undefined && check.test(renamed) ? renamed : undefined;
        report({
          path: pointer([...path, "name"]),
          // Without a rename to offer (a pattern, or `2col`), the message still says what to do.
          message: `${what} name \`${name}\` does not follow ${check.label}; rename it ${fix ? `to \`${fix}\`` : "to a name that does"} (keep the source name in physicalName).`,
        });
      }
    }
  },
});

export const deprecatedField = defineRule({
  meta: { id: "deprecated-field", defaultSeverity: "warning", description: "Fields deprecated by ODCS 3.1 (slaDefaultElement, array-form team, dataProduct, quality `rule`)." },
  appliesTo: ["DataContract"],
  check(doc, { report }) {
    // In a v3.0.x contract these fields are the current form (3.0 knows no object-form team): only a
    // contract that declares v3.1.0 is told it uses deprecated ones.
    if (doc.kind.type !== "DataContract" || doc.kind.apiVersion.startsWith("v3.0.")) return;
    const contract = doc.value as Mapping;
    const removal = "deprecated since ODCS v3.1.0 and removed in 4.0";
    if ("slaDefaultElement" in contract)
      report({ path: "/slaDefaultElement", target: "key", message: `slaDefaultElement is ${removal}; put \`element\` on each SLA property instead.` });
    if (Array.isArray(contract.team))
      report({ path: "/team", target: "key", message: `team as a list of members is ${removal}; write team: { name: ..., members: [...] }.` });
    if ("dataProduct" in contract)
      // ODCS v3.1.0 deprecates it without naming a removal (the v3.2.0 draft drops the deprecation again).
      report({ path: "/dataProduct", target: "key", message: "dataProduct is deprecated in ODCS v3.1.0; the ODPS product's outputPorts reference this contract instead." });
    // A `rule` without a `metric` is schema-valid's error at that rule, which names the metric replacing it:
    // a warning saying so again would be a second finding for one fix.
    for (const { rule, path } of qualityRules(contract))
      if ("rule" in rule && "metric" in rule) report({ path: pointer([...path, "rule"]), target: "key", message: "Quality `rule` is deprecated; use `metric` (nullValues, missingValues, invalidValues, duplicateValues, rowCount)." });
  },
});

export const priceAmount = defineRule({
  meta: { id: "price-amount", defaultSeverity: "error", description: "A contract's `price.priceAmount` is not negative." },
  appliesTo: ["DataContract"],
  check(doc, { report }) {
    // ODCS types it as any number; a subscription price below zero would pay the consumer. 0 is a free contract.
    const price = (doc.value as Mapping).price;
    if (!isMapping(price) || typeof price.priceAmount !== "number" || price.priceAmount >= 0) return;
    report({ path: "/price/priceAmount", message: `priceAmount ${price.priceAmount} is negative; a subscription price is 0 (free) or more per \`priceUnit\`.` });
  },
});
