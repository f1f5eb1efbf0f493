import { describe, expect, it } from "vitest";
import { lintSources } from "./engine.js";
import { bytesSource } from "./sources.js";
import { relationshipReference } from "./rules/relationships.js";
import { slaElement } from "./rules/sla.js";
import { VALID_CONTRACT, config, lint, lintOne, propertyListReads, where } from "./test-support.js";

const product = (ports: string) => `apiVersion: v1.0.0
kind: DataProduct
id: p-orders
name: orders
version: 1.0.0
status: active
${ports}`;

describe("a valid contract", () => {
  it("has no findings", () => {
    expect(lintOne(VALID_CONTRACT)).toEqual([]);
  });
});

describe("schema-valid", () => {
  it("reports schema violations at the offending node", () => {
    const findings = lintOne(VALID_CONTRACT.replace("physicalType: table", "physicalType: table\n    colour: blue"));
    expect(where(findings)).toEqual(["schema-valid@15:5"]);
    expect(findings[0]!.message).toMatch(/colour/);
    expect(findings[0]!.path).toBe("/schema/0/colour");
  });
  it("reports a complex key (`? [a, b]`) at its line", () => {
    const findings = lintOne(VALID_CONTRACT.replace("status: active\n", "status: active\n? [a, b]\n: c\n"));
    expect(where(findings)).toEqual(["schema-valid@7:3"]);
    expect(findings[0]!.message).toMatch(/a,b/);
  });
  it("reports every finding of a contract with hundreds of thousands of them, instead of overflowing the stack", () => {
    // A generated contract (within the 10 MiB limit) with one systematic mistake: `logicalType: int` on each column.
    const count = 200_000;
    const columns = Array.from({ length: count }, (_, i) => `      - {name: c${i}, logicalType: int}\n`).join("");
    const findings = lintOne(VALID_CONTRACT.replace("    properties:\n", `    properties:\n${columns}`));
    expect(findings).toHaveLength(count);
    // (the first column is on line 16, the last 199 999 lines below it, at its `int`)
    expect(where([findings[0]!, findings[count - 1]!])).toEqual(["schema-valid@16:33", "schema-valid@200015:38"]);
  });
});

describe("a value of a very long line, quoted in a message", () => {
  it("is cut, so the finding stays one readable line (and fits a PR comment), at the node that holds it all", () => {
    const name = "Orders".repeat(5_000);
    const findings = lintOne(VALID_CONTRACT.replace("  - name: orders", `  - name: ${name}`).replace("status: active\n", `status: active\n${"k".repeat(30_000)}: v\n`));
    // (the SLA's `element: orders` now names no object: its message lists the long one)
    expect(where(findings)).toEqual(["schema-valid@7:1", "naming-convention@14:11", "sla-element@36:14"]);
    for (const finding of findings) expect(finding.message.length, finding.message.slice(0, 80)).toBeLessThan(600);
    const naming = findings.find((f) => f.ruleId === "naming-convention")!;
    expect(naming.message).toMatch(/^Object name `(?:Orders)+\w*…` does not follow snake_case; rename it to `(?:orders_)+\w*…` \(keep the source name in physicalName\)\.$/);
  });
});

describe("unique names", () => {
  it("flags a repeated property name at the second one", () => {
    const text = VALID_CONTRACT.replace("- name: ordered_at", "- name: order_id");
    const findings = lintOne(text);
    expect(where(findings)).toEqual(["unique-property-name@25:15"]);
    // Where the first one is, as a line of the file (an index in the list is no place an author can find).
    expect(findings[0]!.message).toBe("Duplicate property name `order_id` (also at line 16); give each property its own name.");
  });
  it("warns of names that differ only in case, which DuckDB and BigQuery read as one column", () => {
    // (naming-convention, snake_case by default, flags the capitals too; a team may set another convention)
    const findings = lintOne(VALID_CONTRACT.replace("- name: ordered_at", "- name: Order_ID")).filter((f) => f.ruleId.startsWith("unique-"));
    expect(where(findings)).toEqual(["unique-property-name@25:15"]);
    expect(findings[0]).toMatchObject({ severity: "warning", message: expect.stringContaining("`Order_ID` differs from `order_id` (line 16) only in case") });
    const objects = lintOne(VALID_CONTRACT.replace("slaProperties:", "  - name: Orders\n    properties: []\nslaProperties:"));
    expect(objects.filter((f) => f.ruleId.startsWith("unique-")).map((f) => [f.ruleId, f.severity])).toEqual([["unique-object-name", "warning"]]);
  });
  it("flags two properties (or objects) stored under one physical name, whatever their names", () => {
    // `ordered_at` kept as the column `order_id`: two properties, one column of the table.
    const findings = lintOne(VALID_CONTRACT.replace("      - name: ordered_at\n", "      - name: ordered_at\n        physicalName: order_id\n"));
    expect(findings.map((f) => `${f.ruleId}@${f.line}:${f.column} ${f.severity} ${f.message}`)).toEqual([
      "unique-property-name@26:23 error Property `ordered_at` is stored as `order_id`, and `order_id` (line 16) has that name: both would be one column; give each property its own physicalName.",
    ]);
    // Both with a physicalName, the second alike but for case: a warning (one column where names fold case).
    const both = VALID_CONTRACT.replace("      - name: order_id\n", "      - name: order_id\n        physicalName: ORDER_REF\n").replace("      - name: ordered_at\n", "      - name: ordered_at\n        physicalName: order_ref\n");
    expect(lintOne(both).map((f) => `${f.ruleId}@${f.line}:${f.column} ${f.severity} ${f.message}`)).toEqual([
      "unique-property-name@27:23 warning Property `ordered_at` is stored as `order_ref`, and `order_id` (line 17) has the physicalName `ORDER_REF` but for case (one name where names fold case: DuckDB, BigQuery, Glue, Snowflake, unquoted SQL): both would be one column; give each property its own physicalName.",
    ]);
    // Two schema objects on one table.
    const objects = lintOne(VALID_CONTRACT.replace("slaProperties:", "  - name: order_archive\n    physicalName: orders\n    properties: []\nslaProperties:"));
    expect(objects.map((f) => `${f.ruleId}@${f.line}:${f.column} ${f.message}`)).toEqual([
      "unique-object-name@32:19 Object `order_archive` is stored as `orders`, and `orders` (line 13) has that name: both would be one table; give each object its own physicalName.",
    ]);
    // A physicalName that only repeats the property's own name, or a name clash already reported, is no second finding.
    expect(lintOne(VALID_CONTRACT.replace("      - name: ordered_at\n", "      - name: ordered_at\n        physicalName: ordered_at\n"))).toEqual([]);
    expect(where(lintOne(VALID_CONTRACT.replace("- name: ordered_at", "- name: order_id")))).toEqual(["unique-property-name@25:15"]);
  });
  it("flags two properties stored under one physical name whose names differ only in case as an error, as they are one column everywhere", () => {
    const stored = (first: string, second: string) =>
      VALID_CONTRACT.replace("      - name: ordered_at\n", `      - {name: Email, physicalName: ${first}, logicalType: string, classification: internal}\n      - {name: email, physicalName: ${second}, logicalType: string, classification: internal}\n      - name: ordered_at\n`);
    const shown = (text: string) => lintOne(text).filter((f) => f.ruleId === "unique-property-name").map((f) => `${f.line}:${f.column} ${f.severity} ${f.message}`);
    expect(shown(stored("email_addr", "email_addr"))).toEqual([
      "26:16 warning Property name `email` differs from `Email` (line 25) only in case: DuckDB, BigQuery, Glue, Snowflake and unquoted SQL read them as one name; give each property its own name.",
      "26:37 error Property `email` is stored as `email_addr`, and `Email` (line 25) has the physicalName `email_addr`: both would be one column; give each property its own physicalName.",
    ]);
    // Stored alike but for case too: the names' warning says it all.
    expect(shown(stored("EMAIL_ADDR", "email_addr")).map((f) => f.slice(0, 13))).toEqual(["26:16 warning"]);
    // A third property stored exactly as the second, after a first stored alike but for case: an error, naming the second.
    const third = stored("EMAIL_ADDR", "email_addr").replace("      - name: ordered_at\n", "      - {name: mail, physicalName: email_addr, logicalType: string, classification: internal}\n      - name: ordered_at\n");
    expect(shown(third).slice(1)).toEqual([
      "27:36 error Property `mail` is stored as `email_addr`, and `email` (line 26) has the physicalName `email_addr`: both would be one column; give each property its own physicalName.",
    ]);
  });
  it("flags a repeated object name", () => {
    const text = VALID_CONTRACT.replace("slaProperties:", "  - name: orders\n    properties: []\nslaProperties:");
    expect(where(lintOne(text))).toEqual(["unique-object-name@31:11"]);
  });
  it("checks nested properties within their own parent", () => {
    const text = VALID_CONTRACT.replace(
      "        classification: internal\n    quality:",
      "        classification: internal\n      - name: address\n        logicalType: object\n        classification: internal\n        properties:\n          - {name: city, logicalType: string, classification: internal}\n          - {name: city, logicalType: string, classification: internal}\n    quality:",
    );
    expect(where(lintOne(text))).toEqual(["unique-property-name@33:20"]);
  });
});

describe("arrays", () => {
  const withArray = (items: string) =>
    VALID_CONTRACT.replace("        classification: internal\n    quality:", `        classification: internal\n      - name: matrix\n        logicalType: array\n        classification: internal\n        items:\n${items}    quality:`);
  it("checks the properties of items of items", () => {
    const items = "          logicalType: array\n          items:\n            logicalType: object\n            properties:\n              - {name: x, logicalType: string}\n              - {name: x, logicalType: string}\n";
    expect(where(lintOne(withArray(items)))).toEqual(["unique-property-name@37:24"]);
  });
  it("checks the quality rules of array items as property rules", () => {
    const items = "          logicalType: string\n          quality:\n            - {metric: rowCount, mustBeBetween: [5, 1]}\n";
    expect(where(lintOne(withArray(items)))).toEqual(["quality-metric-level@34:24", "quality-comparator@34:49"]);
  });
});

describe("unique-element-id", () => {
  const withIds = (orderId: string, orderedAt: string, rowCount = "r1") =>
    VALID_CONTRACT.replace("      - name: order_id\n", `      - name: order_id\n        id: ${orderId}\n`)
      .replace("      - name: ordered_at\n", `      - name: ordered_at\n        id: ${orderedAt}\n`)
      .replace("      - metric: rowCount\n", `      - metric: rowCount\n        id: ${rowCount}\n`);
  it("flags an id repeated within one list, at the second one", () => {
    const findings = lintOne(withIds("p1", "p1"));
    expect(where(findings)).toEqual(["unique-element-id@27:13"]);
    expect(findings[0]!.message).toBe("Duplicate id `p1` in `properties` (also at line 17); an id must be unique within its list, as references name elements by it.");
    expect(findings[0]!.path).toBe("/schema/0/properties/1/id");
  });
  it("lets lists share ids with each other (unique within its containing array)", () => {
    expect(lintOne(withIds("p1", "p2", "p1"))).toEqual([]);
  });
  it("leaves free-form values alone: they hold data, not elements", () => {
    const text = VALID_CONTRACT.replace("        classification: internal\n        quality:", "        classification: internal\n        examples: [{id: a}, {id: a}]\n        quality:").replace(
      "      - metric: rowCount\n        mustBeGreaterThan: 0\n",
      "      - type: custom\n        engine: soda\n        implementation: {checks: [{id: c}, {id: c}]}\n        customProperties: [{property: runs, value: [{id: r}, {id: r}]}]\n",
    );
    expect(lintOne(text)).toEqual([]);
  });
  it("lets an output port read one input contract at two versions (their id names the contract)", () => {
    const ports = "outputPorts:\n  - name: orders\n    version: 1.2.0\n    contractId: 0a6d2a3c-orders\n    inputContracts: [{id: erp, version: 1.0.0}, {id: erp, version: 2.0.0}]\n";
    expect(lint({ "p.yaml": product(ports) }, config(), { "c.yaml": VALID_CONTRACT })).toEqual([]);
  });
});

describe("unique-document-id", () => {
  it("flags two contracts with one id, naming the other file", () => {
    const findings = lint({ "a.yaml": VALID_CONTRACT, "b.yaml": VALID_CONTRACT.replace("name: orders\nversion", "name: orders2\nversion") });
    expect(where(findings)).toEqual(["unique-document-id@3:5", "unique-document-id@3:5"]);
    expect(findings[0]!.message).toContain("b.yaml:3:5");
  });
  it("names at most five other copies, and counts the rest (a folder of n copies prints n findings, not n² places)", () => {
    const copies = Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`c${i}.yaml`, VALID_CONTRACT]));
    const findings = lint(copies);
    expect(findings).toHaveLength(8);
    expect(findings[0]!.message).toMatch(/is also used by c1\.yaml:3:5, c2\.yaml:3:5, c3\.yaml:3:5, c4\.yaml:3:5, c5\.yaml:3:5 and 2 more; /);
  });
  it("sees ids in context files but reports only targets", () => {
    const findings = lint({ "a.yaml": VALID_CONTRACT }, config(), { "other.yaml": VALID_CONTRACT });
    expect(findings.map((f) => f.file)).toEqual(["a.yaml"]);
  });
});

describe("semver-version", () => {
  it.each(["1.2", "v1.2.0", "01.2.0", "latest"])("rejects %s with a fix", (version) => {
    const findings = lintOne(VALID_CONTRACT.replace("version: 1.2.0", `version: "${version}"`));
    expect(where(findings)).toEqual(["semver-version@5:10"]);
  });
  it("accepts pre-releases and build metadata", () => {
    expect(lintOne(VALID_CONTRACT.replace("version: 1.2.0", "version: 2.0.0-rc.1+build.5"))).toEqual([]);
  });
  it("suggests a fix that keeps a pre-release a pre-release, and none where it cannot", () => {
    const message = (version: string) => lintOne(VALID_CONTRACT.replace("version: 1.2.0", `version: "${version}"`)).find((f) => f.ruleId === "semver-version")!.message;
    expect(message("1.0.0-rc.1 ")).toContain('; write 1.0.0-rc.1.');
    expect(message("1.0.0-01")).not.toContain("write");
    expect(message("v1.2")).toContain("; write 1.2.0.");
    // Coercing what is not written like a version would invent one: a date, a number in exponent form.
    expect(message("2022-01-01")).toBe('Version "2022-01-01" is not semver (MAJOR.MINOR.PATCH). Compatibility checks compare versions by semver.');
    expect(message("1e400")).not.toContain("write");
    expect(message("1.2.3.4")).not.toContain("write");
  });
  it("reads semver.org's grammar: numbers of any size pass, surrounding spaces do not", () => {
    expect(lintOne(VALID_CONTRACT.replace("version: 1.2.0", 'version: "99999999999999999999.0.0"'))).toEqual([]);
    for (const spaced of ['"1.2.0 "', '"1.2.0\\t"', '" 1.2.0"']) {
      expect(lintOne(VALID_CONTRACT.replace("version: 1.2.0", `version: ${spaced}`)).map((f) => f.ruleId), spaced).toEqual(["semver-version"]);
    }
  });
  it("shows an unquoted number as written, not as YAML read it", () => {
    const semverFindings = (text: string) => lintOne(text).filter((f) => f.ruleId === "semver-version");
    expect(semverFindings(VALID_CONTRACT.replace("version: 1.2.0", "version: 1.0")).map((f) => f.message)).toEqual([
      'Version 1.0 (a number, not a string) is not semver (MAJOR.MINOR.PATCH); write "1.0.0". Compatibility checks compare versions by semver.',
    ]);
  });
  it("fails a port's v-prefixed version: only the product's own version gets the warning", () => {
    // Ports name contract versions, and compat and unique-port key a port by its version as written.
    const ports = "outputPorts:\n  - {name: out, version: v1.2.0, contractId: elsewhere}\ninputPorts:\n  - {name: in, version: v2.0.0, contractId: upstream}\n";
    const findings = lint({ "p.yaml": product(ports) }).filter((f) => f.ruleId === "semver-version");
    expect(findings.map((f) => `${f.severity}@${f.line}:${f.column}`)).toEqual(["error@8:26", "error@10:25"]);
    const productVersion = lint({ "p.yaml": product(ports.replaceAll("v1.2.0", "1.2.0").replaceAll("v2.0.0", "2.0.0")).replace("version: 1.0.0", "version: v1.0.0") });
    expect(productVersion.filter((f) => f.ruleId === "semver-version").map((f) => `${f.severity}@${f.line}:${f.column}`)).toEqual(["warning@5:10"]);
  });
  it("holds the contract versions an output port's inputContracts list to semver, as an input port's", () => {
    // input-port-contract compares them with the contract's by semver and leaves any other text to this rule:
    // `1.2` for a contract at 1.2.0 (or `latest`) would otherwise pass unchecked.
    const ports = "outputPorts:\n  - name: out\n    version: 1.2.0\n    contractId: elsewhere\n    inputContracts:\n      - {id: 0a6d2a3c-orders, version: \"1.2\"}\n      - {id: upstream, version: latest}\n      - {id: upstream, version: 2.0}\n      - {id: upstream, version: 1.0.0}\n";
    const findings = lint({ "p.yaml": product(ports) }, config(), { "c.yaml": VALID_CONTRACT });
    expect(findings.filter((f) => f.path.includes("/inputContracts/")).map((f) => `${f.ruleId} ${f.severity}@${f.line}:${f.column}`)).toEqual([
      "semver-version error@12:40",
      "semver-version error@13:33",
      "semver-version error@14:33",
    ]);
    expect(findings.find((f) => f.line === 12)!.message).toBe('Version "1.2" is not semver (MAJOR.MINOR.PATCH); write 1.2.0. Compatibility checks compare versions by semver.');
  });
  it("calls a list an array and a mapping an object, not both an object", () => {
    const message = (version: string) => lintOne(VALID_CONTRACT.replace("version: 1.2.0", `version: ${version}`)).find((f) => f.ruleId === "semver-version")!.message;
    expect(message("[1]")).toMatch(/^Version \[1\] \(an array, not a string\) is not semver/);
    expect(message("{major: 1}")).toMatch(/^Version \{major: 1\} \(an object, not a string\) is not semver/);
    expect(message("true")).toMatch(/^Version true \(a boolean, not a string\) is not semver/);
    // Written as a block, on lines of its own: shown on the message's one line.
    expect(message("\n  - 1\n  - 2")).toMatch(/^Version \[1,2\] \(an array, not a string\) is not semver/);
    expect(message("\n  major: 1\n  minor: 2")).toMatch(/^Version \{"major":1,"minor":2\} \(an object, not a string\) is not semver/);
  });
});

describe("primary-key-position", () => {
  const composite = (a: string, b: string) =>
    VALID_CONTRACT.replace("primaryKeyPosition: 1", `primaryKeyPosition: ${a}`).replace(
      "      - name: ordered_at\n        logicalType: timestamp",
      `      - name: ordered_at\n        logicalType: timestamp\n        primaryKey: true\n        primaryKeyPosition: ${b}`,
    );
  it("accepts 1..n", () => expect(lintOne(composite("2", "1"))).toEqual([]));
  it("flags a duplicated position", () => expect(where(lintOne(composite("1", "1")))).toEqual(["primary-key-position@28:29"]));
  it("flags a gap", () => expect(where(lintOne(composite("1", "3")))).toEqual(["primary-key-position@28:29"]));
  it("says a fractional position must be a whole number, not that it is out of range", () => {
    const findings = lintOne(composite("1", "1.5"));
    expect(where(findings)).toEqual(["primary-key-position@28:29"]);
    expect(findings[0]!.message).toBe("primaryKeyPosition of `ordered_at` is 1.5, but it must be a whole number; number the key columns of `orders` 1..2.");
  });
  it("flags a position on a non-key property", () => {
    const text = VALID_CONTRACT.replace("logicalType: timestamp", "logicalType: timestamp\n        primaryKeyPosition: 2");
    expect(where(lintOne(text))).toEqual(["primary-key-position@27:29"]);
  });
  it("reads -1, the ODCS default, as no position, also on the column of a single-column key", () => {
    expect(lintOne(VALID_CONTRACT.replace("primaryKeyPosition: 1", "primaryKeyPosition: -1"))).toEqual([]);
    expect(where(lintOne(composite("-1", "1")))).toEqual(["primary-key-position@16:9"]);
  });
  it("accepts a composite key without any position (in the order its columns are listed, as ODCS's AdventureWorks example writes it), not one numbered in part", () => {
    expect(lintOne(composite("-1", "-1").replaceAll("        primaryKeyPosition: -1\n", ""))).toEqual([]);
    expect(lintOne(composite("-1", "-1"))).toEqual([]);
    const partly = lintOne(composite("1", "-1").replace("        primaryKeyPosition: -1\n", ""));
    expect(where(partly)).toEqual(["primary-key-position@25:9"]);
    expect(partly[0]!.message).toBe("`ordered_at` is part of a composite primary key of `orders` whose other columns are numbered, but has no primaryKeyPosition; number all key columns 1..2 (or none, to keep them in the order listed).");
  });
  it("accepts -1 on non-key properties", () => {
    expect(lintOne(VALID_CONTRACT.replace("logicalType: timestamp", "logicalType: timestamp\n        primaryKeyPosition: -1"))).toEqual([]);
  });
});

describe("logical-type-pattern", () => {
  /** VALID_CONTRACT with `ordered_at` a string of this pattern, on line 28 (as a single-quoted YAML scalar, at column 20). */
  const withPattern = (pattern: string, at = "        logicalType: timestamp\n") =>
    VALID_CONTRACT.replace(at, () => `        logicalType: string\n        logicalTypeOptions:\n          pattern: '${pattern}'\n`);
  it("accepts ECMA-262 patterns meshkit test runs", () => {
    for (const pattern of ["^[A-Z]{2}[0-9]{2}$", "ACC[0-9]{8}", "^\\p{L}+$", "(?<code>[A-Z]+)-\\d"]) expect(lintOne(withPattern(pattern))).toEqual([]);
  });
  it.each([
    ["^(?=\\d)\\d+$", "`pattern` uses the lookahead `(?=`, which the engines (RE2, PostgreSQL, Java) cannot run: rewrite the pattern without it"],
    ["(a)\\1", "`pattern` uses the backreference `\\1`, which the engines (RE2, PostgreSQL, Java) cannot run: rewrite the pattern without it"],
    ["", "`pattern` must be a non-empty regular expression"],
  ])("warns of a valid pattern meshkit test refuses (%s), at its value, as the test reports it", (pattern, message) => {
    const findings = lintOne(withPattern(pattern));
    expect(findings.map((f) => `${f.ruleId}@${f.line}:${f.column} ${f.severity}`)).toEqual(["logical-type-pattern@28:20 warning"]);
    expect(findings[0]!.message).toBe(`${message}; meshkit test refuses it as it stands (valid ECMA-262, so a warning).`);
  });
  it("flags a pattern that is no regular expression, at its value", () => {
    const findings = lintOne(withPattern("^[A-Z"));
    expect(where(findings)).toEqual(["logical-type-pattern@28:20"]);
    expect(findings[0]!.message).toMatch(/^`pattern` is not a valid regular expression \(.*Unterminated character class\): no value can be checked against it; fix its syntax \(ODCS patterns are ECMA-262, as in JavaScript\)\.$/);
  });
  it("checks an array's items too", () => {
    const text = VALID_CONTRACT.replace("        logicalType: timestamp\n", () => "        logicalType: array\n        items:\n          logicalType: string\n          logicalTypeOptions:\n            pattern: '(a'\n");
    expect(where(lintOne(text))).toEqual(["logical-type-pattern@30:22"]);
  });
});

describe("logical-type-timezone", () => {
  const withZone = (zone: string, type = "timestamp") => VALID_CONTRACT.replace("        logicalType: timestamp\n", () => `        logicalType: ${type}\n        logicalTypeOptions:\n          defaultTimezone: ${zone}\n`);
  it("flags a zone meshkit test does not know, at its value, with the test's reason", () => {
    const findings = lintOne(withZone("Mars/Olympus"));
    expect(where(findings)).toEqual(["logical-type-timezone@28:28"]);
    expect(findings[0]!.message).toBe('`defaultTimezone` "Mars/Olympus" is not a time zone name (IANA names such as `UTC`, `Europe/Berlin`, `America/New_York`): meshkit test refuses it, and values without a zone cannot be read as meant; fix the name.');
  });
  it("accepts IANA names in any case, and UTC's other names", () => {
    for (const zone of ["Europe/Berlin", "europe/berlin", "Etc/UTC", "UTC", "America/New_York"]) expect(lintOne(withZone(zone))).toEqual([]);
  });
});

describe("logical-type-bounds", () => {
  /** VALID_CONTRACT with `ordered_at` of `type` and these logicalTypeOptions (line 26); the first option is on line 28. */
  const withOptions = (type: string, options: string, apiVersion = "v3.1.0") =>
    VALID_CONTRACT.replace("apiVersion: v3.1.0", `apiVersion: ${apiVersion}`).replace(
      "        logicalType: timestamp\n",
      `        logicalType: ${type}\n        logicalTypeOptions:\n${options
        .split("\n")
        .map((line) => `          ${line}`)
        .join("\n")}\n`,
    );
  const bounds = (text: string) => lintOne(text).filter((f) => f.ruleId === "logical-type-bounds");

  it("checks an object's required names against maxProperties and its declared properties", () => {
    const object = (options: string) =>
      withOptions("object", options).replace("        logicalTypeOptions:\n", "        properties:\n          - {name: street, logicalType: string}\n          - {name: city, logicalType: string}\n        logicalTypeOptions:\n");
    const shown = (text: string) => bounds(text).map((f) => `${f.line}:${f.column} ${f.severity} ${f.message}`);
    expect(shown(object("required: [street, city, zip]\nmaxProperties: 2"))).toEqual([
      "31:21 error `required` lists 3 properties, but `maxProperties` is 2: no value can have them all; raise maxProperties or require fewer.",
      "31:36 warning `required` names `zip`, which is not a property of this object (properties: street, city); fix the name, or declare the property.",
    ]);
    expect(shown(object("required: [street, cty]"))).toEqual(["31:30 warning `required` names `cty`, which is not a property of this object (properties: street, city); did you mean `city`?"]);
    expect(shown(object("required: [street, city]\nmaxProperties: 2"))).toEqual([]);
    // No declared properties: any name may be meant; only the count is checked.
    expect(shown(withOptions("object", "required: [a, b]\nmaxProperties: 1")).map((m) => m.split(" ").slice(0, 2).join(" "))).toEqual(["28:21 error"]);
  });

  it.each([
    ["integer", "minimum: 100\nmaximum: 1"],
    ["number", "minimum: 0.5\nexclusiveMaximum: 0.5"],
    ["number", "exclusiveMinimum: 2\nmaximum: 2"],
    ["integer", "exclusiveMinimum: 1\nexclusiveMaximum: 2"],
    ["date", "minimum: '2024-02-01'\nmaximum: '2024-01-31'"],
    ["date", "exclusiveMinimum: '2024-01-01'\nexclusiveMaximum: '2024-01-02'"],
    ["timestamp", "minimum: '2024-01-01T10:00:00+02:00'\nmaximum: '2024-01-01T07:59:59Z'"],
    ["time", "minimum: '18:00:00'\nmaximum: '09:00:00'"],
    // Within the offset's day, as contract-test compares them: 23:00 is after 01:00 (though 21:00 is before 23:00 at UTC).
    ["time", "minimum: '23:00:00+02:00'\nmaximum: '01:00:00+02:00'"],
    ["string", "minLength: 12\nmaxLength: 8"],
    ["array", "minItems: 3\nmaxItems: 2"],
    ["object", "minProperties: 3\nmaxProperties: 1"],
  ])("flags %s bounds that leave no value (%s), at the lower bound", (type, options) => {
    const findings = bounds(withOptions(type, options));
    expect(where(findings)).toEqual([`logical-type-bounds@28:${options.indexOf(":") + 13}`]);
  });

  it.each([
    ["integer", "minimum: 1\nmaximum: 1"],
    ["integer", "exclusiveMinimum: 1\nexclusiveMaximum: 3"],
    ["number", "exclusiveMinimum: 1\nexclusiveMaximum: 2"],
    ["date", "minimum: '2024-01-01'\nexclusiveMaximum: '2024-01-02'"],
    ["timestamp", "minimum: '2024-01-01T10:00:00+02:00'\nmaximum: '2024-01-01T08:00:00Z'"],
    // 23:00 to 01:00 at UTC, a window across midnight there: contract-test counts the times within it.
    ["time", "minimum: '01:00:00+02:00'\nmaximum: '03:00:00+02:00'"],
    // Bounds of different offsets are each read within their own day, on no one scale: 00:30+01:00 (23:30 at UTC) and
    // 01:00 at UTC leave 00:00 to 01:00 at UTC, the times of both days that meet both.
    ["time", "minimum: '00:30:00+01:00'\nmaximum: '01:00:00Z'"],
    ["string", "minLength: 8\nmaxLength: 8"],
    ["integer", "minimum: 5"],
    ["integer", "minimum: 10\nexclusiveMinimum: 20\nmaximum: 30"],
  ])("accepts %s bounds with room for a value (%s)", (type, options) => {
    expect(bounds(withOptions(type, options))).toEqual([]);
  });

  it("reads ODCS v3.0.x boolean exclusive flags as making minimum / maximum exclusive", () => {
    const findings = bounds(withOptions("number", "minimum: 5\nmaximum: 5\nexclusiveMaximum: true", "v3.0.2"));
    expect(where(findings)).toEqual(["logical-type-bounds@28:20"]);
    expect(findings[0]!.message).toBe("`minimum` 5 and `maximum` 5 (exclusive) leave no value between them: every value would fail; fix the bounds.");
    expect(bounds(withOptions("number", "minimum: 5\nmaximum: 5\nexclusiveMaximum: false", "v3.0.2"))).toEqual([]);
  });

  it.each([
    ["timestamp", "minimum: 'yesterday'", "minimum", "timestamp written as text (ISO 8601: `2024-01-31T10:00:00Z`, or without an offset)"],
    ["timestamp", "exclusiveMinimum: '2024-02-30T00:00:00Z'", "exclusiveMinimum", "timestamp written as text (ISO 8601: `2024-01-31T10:00:00Z`, or without an offset)"],
    ["date", "maximum: '2024-13-01'", "maximum", "date written as text (ISO 8601: `2024-01-31`)"],
    ["time", "minimum: '25:00'", "minimum", "time written as text (ISO 8601: `10:00:00`, or with an offset: `10:00:00+02:00`)"],
  ])("flags a %s bound that is no value of the type (%s), which meshkit test refuses, at that bound", (type, options, key, expected) => {
    const findings = bounds(withOptions(type, options));
    expect(where(findings)).toEqual([`logical-type-bounds@28:${options.indexOf(":") + 13}`]);
    const written = options.slice(options.indexOf("'") + 1, -1);
    expect(findings[0]!.message).toBe(`\`${key}\` "${written}" is no ${type}: it must be a ${expected}, so meshkit test cannot compare values with it; fix the bound.`);
  });

  it.each([
    ["timestamp", "minimum: '2024-01-02T00:00:00'\nmaximum: '2024-01-01T00:00:00'"],
    ["timestamp", "minimum: '2024-01-02'\nmaximum: '2024-01-01T23:59:59Z'"],
    ["date", "minimum: '2024-01-02T10:00:00'\nmaximum: '2024-01-01'"],
  ])("reads %s bounds as meshkit test does, without an offset or with a time on a date, and flags them crossing (%s)", (type, options) => {
    expect(where(bounds(withOptions(type, options)))).toEqual([`logical-type-bounds@28:${options.indexOf(":") + 13}`]);
  });

  it.each([
    ["timestamp", "minimum: '2024-01-01T10:00'\nmaximum: '2024-01-01 12:30:00+0200'"],
    ["date", "minimum: '2024-01-01T23:00:00'\nmaximum: '2024-01-01'"],
    ["time", "minimum: '9:00'\nmaximum: '24:00:00'"],
  ])("accepts %s bounds meshkit test reads (%s)", (type, options) => {
    expect(bounds(withOptions(type, options))).toEqual([]);
  });

  it("reads a timestamp bound without an offset in the property's defaultTimezone, as meshkit test does, before comparing it with one that has an offset", () => {
    // 01:00 in Berlin is 23:00Z the day before: room below 00:30Z (read as UTC, it seemed crossed).
    expect(bounds(withOptions("timestamp", "defaultTimezone: Europe/Berlin\nminimum: '2024-06-01T01:00:00'\nmaximum: '2024-06-01T00:30:00Z'"))).toEqual([]);
    // Midnight in New York is 04:00Z: past 02:00Z (read as UTC, it seemed to leave two hours).
    const findings = bounds(withOptions("timestamp", "defaultTimezone: America/New_York\nminimum: '2024-06-01T00:00:00'\nmaximum: '2024-06-01T02:00:00Z'"));
    expect(where(findings)).toEqual(["logical-type-bounds@29:20"]);
    expect(findings[0]!.message).toBe('`minimum` "2024-06-01T00:00:00" and `maximum` "2024-06-01T02:00:00Z" leave no value between them (a bound without an offset is in America/New_York, the property\'s defaultTimezone): every value would fail; fix the bounds.');
    // A zone no database knows is logical-type-timezone's finding; the test then reads such bounds as UTC.
    expect(bounds(withOptions("timestamp", "defaultTimezone: Mars/Olympus\nminimum: '2024-06-01T01:00:00'\nmaximum: '2024-06-01T00:30:00Z'")).map((f) => f.line)).toEqual([29]);
  });

  it("checks array items' options and says what crosses", () => {
    const text = VALID_CONTRACT.replace(
      "        logicalType: timestamp\n",
      "        logicalType: array\n        items:\n          logicalType: string\n          logicalTypeOptions:\n            minLength: 5\n            maxLength: 2\n",
    );
    const findings = bounds(text);
    expect(where(findings)).toEqual(["logical-type-bounds@30:24"]);
    expect(findings[0]!.message).toBe("`minLength` 5 is above `maxLength` 2: no value has between 5 and 2 characters; swap them or fix one.");
  });
});

describe("quality rules", () => {
  it("flags two comparators on one rule", () => {
    const findings = lintOne(VALID_CONTRACT.replace("mustBe: 0", "mustBe: 0\n            mustBeLessThan: 5"));
    expect(where(findings)).toEqual(["quality-comparator@23:13"]);
  });
  it("flags a rule without comparator", () => {
    expect(where(lintOne(VALID_CONTRACT.replace("            mustBe: 0\n", "")))).toContain("quality-comparator@23:13");
  });
  it("says a rule without type or metric names no metric, not that it lacks a comparator (one finding, v3.0 too)", () => {
    const untyped = VALID_CONTRACT.replace("          - metric: nullValues\n            mustBe: 0\n", "          - description: no order is booked twice\n");
    const findings = lintOne(untyped);
    expect(where(findings)).toEqual(["quality-comparator@23:13"]);
    expect(findings[0]!.message).toBe(
      "Quality rule names no `type` and no `metric`; add metric: <one of nullValues, missingValues, invalidValues, duplicateValues, rowCount> with a comparator, or type: text for a rule in prose.",
    );
    // The 3.0 schema's "missing required property `rule`" is the same problem: reported once.
    const v30 = lintOne(untyped.replace("apiVersion: v3.1.0", "apiVersion: v3.0.2")).filter((f) => f.path.startsWith("/schema/0/properties/0/quality"));
    expect(where(v30)).toEqual(["quality-comparator@23:13"]);
    expect(v30[0]!.message).toContain("names no `type` and no `rule`; add rule: <one of");
  });
  it("says a rule with a comparator but no type or metric names no metric, not that its keys are unknown (one finding, v3.0 too)", () => {
    const unnamed = VALID_CONTRACT.replace("          - metric: nullValues\n            mustBe: 0\n", "          - mustBeLessOrEqualTo: 5\n            arguments: {x: 1}\n");
    const findings = lintOne(unnamed);
    expect(where(findings)).toEqual(["quality-comparator@23:13"]);
    expect(findings[0]!.message).toBe(
      "Quality rule has mustBeLessOrEqualTo but names no `type` and no `metric`; add metric: <one of nullValues, missingValues, invalidValues, duplicateValues, rowCount> to say what the rule compares, or type: sql with a query.",
    );
    const v30 = lintOne(unnamed.replace("apiVersion: v3.1.0", "apiVersion: v3.0.2")).filter((f) => f.path.startsWith("/schema/0/properties/0/quality"));
    expect(where(v30)).toEqual(["quality-comparator@23:13"]);
    expect(v30[0]!.message).toContain("but names no `type` and no `rule`; add rule: <one of");
  });
  it("flags mustBe .inf or .nan (numbers no comparison can use, which contract-test refuses), once for a typed comparator too", () => {
    expect(where(lintOne(VALID_CONTRACT.replace("mustBe: 0", "mustBe: .inf")))).toEqual(["quality-comparator@24:21"]);
    expect(lintOne(VALID_CONTRACT.replace("mustBe: 0", "mustNotBe: .nan"))[0]!.message).toBe("mustNotBe takes a finite number, not NaN.");
    expect(lintOne(VALID_CONTRACT.replace("mustBe: 0", "mustBeLessThan: .inf")).map((f) => f.ruleId)).toEqual(["schema-valid"]);
  });
  it("flags a mustBe that is neither a number nor text spelling one (contract-test refuses it); '5' and a SQL rule's boolean pass", () => {
    const findings = lintOne(VALID_CONTRACT.replace("mustBe: 0", "mustBe: abc"));
    expect(where(findings)).toEqual(["quality-comparator@24:21"]);
    expect(findings[0]!.message).toBe(`mustBe takes a number (or text that spells one, such as '5'): the metric counts rows; "abc" is neither.`);
    expect(where(lintOne(VALID_CONTRACT.replace("mustBe: 0", "mustNotBe: [1]")))).toEqual(["quality-comparator@24:24"]);
    expect(lintOne(VALID_CONTRACT.replace("mustBe: 0", "mustBe: ' 5 '"))).toEqual([]);
    // Text in decimal only: '1e3' is 1000, '0x10' no number (contract-test refuses it too, rather than read 16).
    expect(lintOne(VALID_CONTRACT.replace("mustBe: 0", "mustBe: '1e3'"))).toEqual([]);
    expect(where(lintOne(VALID_CONTRACT.replace("mustBe: 0", "mustBe: '0x10'")))).toEqual(["quality-comparator@24:21"]);
    const sql = (value: string) => VALID_CONTRACT.replace("- metric: nullValues\n            mustBe: 0", `- type: sql\n            query: SELECT max(order_id) = '' FROM orders\n            mustBe: ${value}`);
    expect(lintOne(sql("false"))).toEqual([]);
    expect(where(lintOne(sql("'n/a'")))).toEqual(["quality-comparator@25:21"]);
  });
  it("says a SQL rule's `mustBe: yes` (a YAML 1.1 boolean) is text to meshkit's YAML 1.2, and which boolean to write", () => {
    const sql = VALID_CONTRACT.replace("- metric: nullValues\n            mustBe: 0", "- type: sql\n            query: SELECT max(order_id) = '' FROM orders\n            mustBe: yes");
    const findings = lintOne(`%YAML 1.1\n---\n${sql}`);
    // (the directive itself is a yaml-directive warning: the document is read as YAML 1.2)
    expect(where(findings)).toEqual(["yaml-directive@1:1", "quality-comparator@27:21"]);
    expect(findings[1]!.message).toBe(
      `mustBe takes a number (or text that spells one, such as '5') or a boolean: the query returns one value; "yes" is neither; \`yes\` is text, not a boolean: meshkit reads YAML 1.2, where only true and false are booleans (also under a %YAML 1.1 directive): write true.`,
    );
  });
  it("says a between bound that is no number once, at that bound (not also the schema's echo beside it)", () => {
    const findings = lintOne(VALID_CONTRACT.replace("mustBe: 0", "mustBeBetween: ['1', 10]"));
    expect(where(findings)).toEqual(["quality-comparator@24:29"]);
    expect(findings[0]!.message).toBe(`mustBeBetween takes two numbers [min, max]; "1" is no number.`);
    expect(where(lintOne(VALID_CONTRACT.replace("mustBe: 0", "mustNotBeBetween: [a, null]")))).toEqual(["quality-comparator@24:32", "quality-comparator@24:35"]);
    expect(where(lintOne(VALID_CONTRACT.replace("mustBe: 0", "mustBeBetween: [1]")))).toEqual(["quality-comparator@24:28"]);
  });
  it("flags reversed between bounds", () => {
    expect(where(lintOne(VALID_CONTRACT.replace("mustBe: 0", "mustBeBetween: [10, 1]")))).toEqual(["quality-comparator@24:28"]);
  });
  it("flags equal between bounds (ODCS wants two distinct numbers), pointing at the single comparison", () => {
    const findings = lintOne(VALID_CONTRACT.replace("mustBe: 0", "mustNotBeBetween: [1, 1]"));
    expect(where(findings)).toEqual(["quality-comparator@24:31"]);
    expect(findings[0]!.message).toBe("mustNotBeBetween is [1, 1]; its two bounds must differ (for one value, write mustNotBe: 1).");
  });
  it("flags a comparison no count meets, at the comparator: below 0, a fraction, a between with no whole number inside", () => {
    const never = (comparison: string) => lintOne(VALID_CONTRACT.replace("mustBe: 0", comparison));
    const below = never("mustBeLessThan: 0");
    expect(where(below)).toEqual(["quality-comparator@24:29"]);
    expect(below[0]!.message).toBe("Quality rule can never pass: nullValues counts rows (a whole number, 0 or more), and none is less than 0; fix the comparison.");
    expect(never("mustBeBetween: [0, 1]")[0]!.message).toContain("none is more than 0 and less than 1 (mustBeBetween excludes both bounds)");
    expect(where(never("mustBe: '2.5'"))).toEqual(["quality-comparator@24:21"]);
    // A share in percent can be a fraction, but not above 100; a count can meet these.
    expect(where(never("unit: percent\n            mustBeGreaterThan: 100"))).toEqual(["quality-comparator@25:32"]);
    for (const fine of ["mustBeLessThan: 1", "mustBeBetween: [0, 2]", "unit: percent\n            mustBeLessThan: 0.5", "mustNotBeBetween: [-5, 1000]", "mustBeGreaterOrEqualTo: 0"]) expect(never(fine)).toEqual([]);
    // A query's value may be any number; one that counts is a whole number from 0.
    const sql = (query: string) => lintOne(VALID_CONTRACT.replace("- metric: nullValues\n            mustBe: 0", `- type: sql\n            query: ${query}\n            mustBeLessThan: 0`));
    expect(sql("SELECT min(amount) FROM orders")).toEqual([]);
    expect(where(sql("SELECT count(*) FROM orders WHERE amount < 0"))).toEqual(["quality-comparator@25:29"]);
  });
  it("flags v3.0 comparisons that contradict each other (all must hold), once, at the rule", () => {
    const v30 = VALID_CONTRACT.replace("apiVersion: v3.1.0", "apiVersion: v3.0.2");
    // (the team as a mapping and a timestamp column are v3.1's: schema-valid findings of their own, left out here)
    const comparator = (text: string) => lintOne(text).filter((f) => f.ruleId === "quality-comparator");
    const findings = comparator(v30.replace("mustBeGreaterThan: 0", "mustBeGreaterThan: 100\n        mustBeLessThan: 10"));
    expect(where(findings)).toEqual(["quality-comparator@29:9"]);
    expect(findings[0]!.message).toBe("Quality rule can never pass: rowCount counts rows (a whole number, 0 or more), and none is more than 100 and less than 10; fix the comparison.");
    expect(comparator(v30.replace("mustBeGreaterThan: 0", "mustBeGreaterThan: 10\n        mustBeLessThan: 100"))).toEqual([]);
    // A malformed comparison is reported alone: the two are not judged together.
    expect(where(comparator(v30.replace("mustBeGreaterThan: 0", "mustBeBetween: [100, 10]\n        mustBeLessThan: 5")))).toEqual(["quality-comparator@30:24"]);
  });
  it("names a misspelt comparator at its key, with the one meant, as the rule's one finding (v3.0.x too)", () => {
    const misspelt = VALID_CONTRACT.replace("mustBeGreaterThan: 0", "mustBeGreaterThen: 0");
    for (const text of [misspelt, misspelt.replace("apiVersion: v3.1.0", "apiVersion: v3.0.2")]) {
      const findings = lintOne(text).filter((f) => f.ruleId === "quality-comparator" || f.path.startsWith("/schema/0/quality"));
      expect(findings.map((f) => `${f.ruleId}@${f.line}:${f.column} ${f.message}`)).toEqual([
        "quality-comparator@30:9 Quality rule has no comparator: `mustBeGreaterThen` is no ODCS comparator; did you mean `mustBeGreaterThan`?",
      ]);
    }
  });
  it("names a misspelt comparator beside a v3.0.x rule's comparators, a bound nothing would check (v3.1.0: schema-valid's unknown key)", () => {
    const both = VALID_CONTRACT.replace("mustBeGreaterThan: 0", "mustBeGreaterThan: 0\n        mustBeLessThen: 5");
    const found = (text: string) => lintOne(text).filter((f) => f.path.startsWith("/schema/0/quality")).map((f) => `${f.ruleId}@${f.line}:${f.column} ${f.message}`);
    expect(found(both.replace("apiVersion: v3.1.0", "apiVersion: v3.0.2"))).toEqual([
      "quality-comparator@31:9 Quality rule checks mustBeGreaterThan only: `mustBeLessThen` is no ODCS comparator; did you mean `mustBeLessThan`?",
    ]);
    expect(found(both)).toEqual([expect.stringMatching(/^schema-valid@31:9 ODCS schema: unknown property `mustBeLessThen` in quality rule/)]);
  });
  it("reads the English `…ThanOrEqualTo` spelling as the ODCS comparator meant, alone and beside a v3.0.x rule's comparators", () => {
    const alone = VALID_CONTRACT.replace("mustBeGreaterThan: 0", "mustBeGreaterThanOrEqualTo: 1");
    for (const text of [alone, alone.replace("apiVersion: v3.1.0", "apiVersion: v3.0.2")]) {
      const findings = lintOne(text).filter((f) => f.path.startsWith("/schema/0/quality"));
      expect(findings.map((f) => `${f.ruleId}@${f.line}:${f.column} ${f.message}`)).toEqual([
        "quality-comparator@30:9 Quality rule has no comparator: `mustBeGreaterThanOrEqualTo` is no ODCS comparator; did you mean `mustBeGreaterOrEqualTo`?",
      ]);
    }
    // v3.0.x: the upper bound is checked by nothing; without the finding the rule passes lint as a lower bound only.
    const both = VALID_CONTRACT.replace("apiVersion: v3.1.0", "apiVersion: v3.0.2").replace("mustBeGreaterThan: 0", "mustBeGreaterThan: 0\n        mustBeLessThanOrEqualTo: 5");
    expect(lintOne(both).filter((f) => f.path.startsWith("/schema/0/quality")).map((f) => `${f.ruleId}@${f.line}:${f.column} ${f.message}`)).toEqual([
      "quality-comparator@31:9 Quality rule checks mustBeGreaterThan only: `mustBeLessThanOrEqualTo` is no ODCS comparator; did you mean `mustBeLessOrEqualTo`?",
    ]);
  });
  it("flags a column metric on an object and rowCount on a property", () => {
    const text = VALID_CONTRACT.replace("metric: rowCount", "metric: nullValues").replace("metric: nullValues\n            mustBe", "metric: rowCount\n            mustBe");
    expect(where(lintOne(text))).toEqual(["quality-metric-level@23:21", "quality-metric-level@29:17"]);
  });
  it("reads v3.0's rule names as contract-test does: a column rule on an object, rowCount on a property, an unknown name", () => {
    const v30 = VALID_CONTRACT.replace("apiVersion: v3.1.0", "apiVersion: v3.0.2");
    const text = v30.replace("metric: rowCount", "rule: nullCheck").replace("metric: nullValues\n            mustBe", "rule: rowCount\n            mustBe");
    const findings = lintOne(text).filter((f) => f.ruleId === "quality-metric-level");
    expect(where(findings)).toEqual(["quality-metric-level@23:19", "quality-metric-level@29:15"]);
    expect(findings[1]!.message).toBe("Metric nullCheck (nullValues) does not apply to an object; move it to the property it checks (object-level metrics: rowCount, duplicateValues).");
    const unknown = lintOne(v30.replace("metric: rowCount", "rule: freshnessCheck")).filter((f) => f.ruleId === "quality-metric-level");
    expect(unknown.map((f) => `${f.severity} ${f.message}`)).toEqual([
      "warning Rule freshnessCheck is no ODCS library metric, so meshkit test cannot run it (ODCS v3.0 allows any rule name); write one of rowCount, duplicateValues at object level with a comparison (v3.0 spellings such as nullCheck, validValues, duplicateCount are read too), or type: sql with a query, or type: custom for the engine that runs it.",
    ]);
  });
  it("warns once, and asks no comparator, for a v3.0 rule outside the library (ODCS v3.0's full example has `rule: countCheck`)", () => {
    const v30 = VALID_CONTRACT.replace("apiVersion: v3.1.0", "apiVersion: v3.0.2");
    const quality = (text: string) => lintOne(text).filter((f) => f.ruleId.startsWith("quality-"));
    // As in ODCS's v3.0 examples: an object's `rule: countCheck` and a property's `rule: minCheck`, neither with a comparison.
    const text = v30.replace("metric: rowCount\n        mustBeGreaterThan: 0", "rule: countCheck").replace("metric: nullValues\n            mustBe: 0", "rule: minCheck");
    expect(quality(text).map((f) => `${f.ruleId}@${f.line}:${f.column} ${f.severity}`)).toEqual(["quality-metric-level@23:19 warning", "quality-metric-level@28:15 warning"]);
    // A comparison it does carry must still be well formed; in a v3.1.0 contract the unknown metric stays an error.
    expect(where(quality(text.replace("rule: countCheck", "rule: countCheck\n        mustBeBetween: [10, 1]")))).toEqual(["quality-metric-level@23:19", "quality-metric-level@28:15", "quality-comparator@29:24"]);
    expect(quality(VALID_CONTRACT.replace("metric: rowCount", "metric: countCheck")).every((f) => f.severity === "error")).toBe(true);
  });
  it("leaves a v3.1.0 rule that names an unknown check in `rule` alone to schema-valid's message, without saying v3.0 names are read", () => {
    const findings = lintOne(VALID_CONTRACT.replace("metric: nullValues", "type: library\n            rule: between")).filter((f) => f.severity === "error");
    expect(findings.map((f) => `${f.ruleId}@${f.line}:${f.column}`)).toEqual(["schema-valid@23:13"]);
    expect(findings[0]!.message).toContain("write metric: <one of nullValues, missingValues, invalidValues, duplicateValues, rowCount> instead");
  });
  it("leaves a v3.1.0 assertion rule written the v3.0 way (`rule: nullCheck`, no comparator) to schema-valid's one message", () => {
    const findings = lintOne(VALID_CONTRACT.replace("metric: nullValues\n            mustBe: 0", "rule: nullCheck")).filter((f) => f.severity === "error");
    expect(findings.map((f) => `${f.ruleId}@${f.line}:${f.column}`)).toEqual(["schema-valid@23:13"]);
    expect(findings[0]!.message).toContain("write metric: nullValues instead, with a comparison such as mustBe: 0");
    // With a metric, a missing comparator is still quality-comparator's.
    expect(where(lintOne(VALID_CONTRACT.replace("            mustBe: 0\n", "")))).toEqual(["quality-comparator@23:13"]);
  });
  it("accepts an object's duplicateValues without arguments.properties: it compares whole rows, as contract-test runs it", () => {
    expect(lintOne(VALID_CONTRACT.replace("metric: rowCount", "metric: duplicateValues").replace("mustBeGreaterThan: 0", "mustBe: 0"))).toEqual([]);
    expect(lintOne(VALID_CONTRACT.replace("apiVersion: v3.1.0", "apiVersion: v3.0.2").replace("team:\n  name: sales-data\n  members:\n", "team:\n").replace("    - username: ana\n      role: owner\n", "  - username: ana\n    role: owner\n").replace("metric: rowCount\n        mustBeGreaterThan: 0", "rule: unique")).filter((f) => f.ruleId.startsWith("quality"))).toEqual([]);
  });
  it("refuses arguments.properties on a property's duplicateValues, which compares that property alone (as contract-test does)", () => {
    const text = VALID_CONTRACT.replace("metric: nullValues\n            mustBe: 0", "metric: duplicateValues\n            mustBe: 0\n            arguments:\n              properties: [order_id, status]");
    const findings = lintOne(text);
    expect(where(findings)).toEqual(["quality-metric-level@26:27"]);
    expect(findings[0]!.message).toContain("arguments.properties belongs to the object's rule");
    // Another argument is read by no metric: refused as contract-test refuses it.
    expect(lintOne(text.replace("              properties: [order_id, status]", "              other: 1")).map((f) => f.ruleId)).toEqual(["quality-arguments"]);
  });
  describe("quality-arguments", () => {
    /** VALID_CONTRACT with order_id's nullValues rule replaced by `rule` (lines from 23 on; a function, as `$'` in a pattern is no replacement pattern). */
    const propertyRule = (rule: string) => VALID_CONTRACT.replace("          - metric: nullValues\n            mustBe: 0\n", () => rule);
    const objectRule = (rule: string) => VALID_CONTRACT.replace("      - metric: rowCount\n        mustBeGreaterThan: 0\n", () => rule);
    it("accepts the arguments of ODCS's own examples", () => {
      const valid = [
        "          - metric: invalidValues\n            arguments:\n              validValues: ['pounds', 'kg']\n            mustBeLessThan: 5\n",
        "          - metric: invalidValues\n            mustBe: 0\n            arguments:\n              pattern: '^[A-Z]{2}[0-9]{2}[A-Z0-9]{4}[0-9]{7}([A-Z0-9]?){0,16}$'\n",
        "          - metric: missingValues\n            arguments:\n              missingValues: [null, '', 'N/A', 'n/a']\n            mustBeLessThan: 100\n",
        "          - metric: missingValues\n            mustBe: 0\n",
      ];
      for (const rule of valid) expect(lintOne(propertyRule(rule))).toEqual([]);
      expect(lintOne(objectRule("      - metric: duplicateValues\n        mustBe: 0\n        arguments:\n          properties: [order_id, ordered_at]\n"))).toEqual([]);
      // ODCS v3.0: `rule: validValues` with the values on the rule itself.
      expect(lintOne(propertyRule("          - rule: validValues\n            validValues: [a, b]\n").replace("apiVersion: v3.1.0", "apiVersion: v3.0.2")).filter((f) => f.ruleId === "quality-arguments")).toEqual([]);
    });
    it("says of a YAML .inf or .nan in a value list what contract-test says, not that the list holds null", () => {
      const findings = lintOne(
        propertyRule("          - metric: invalidValues\n            mustBe: 0\n            arguments:\n              validValues: [1, -.inf]\n          - metric: missingValues\n            mustBe: 0\n            arguments:\n              missingValues: [null, .nan]\n"),
      );
      expect(where(findings)).toEqual(["quality-arguments@26:28", "quality-arguments@30:30"]);
      expect(findings.map((f) => f.message)).toEqual([
        "arguments.validValues has -.inf, which JSON (and so ODCS) cannot hold: write it as text, '-Infinity', which a number column reads as that number.",
        "arguments.missingValues has .nan, which JSON (and so ODCS) cannot hold: write it as text, 'NaN', which a number column reads as that number.",
      ]);
    });
    it("warns of a valid pattern meshkit test refuses (a lookahead), at the pattern", () => {
      const findings = lintOne(propertyRule("          - metric: invalidValues\n            mustBe: 0\n            arguments:\n              pattern: '^(?=\\d)\\d+$'\n"));
      expect(findings.map((f) => `${f.ruleId}@${f.line}:${f.column} ${f.severity}`)).toEqual(["quality-arguments@26:24 warning"]);
      expect(findings[0]!.message).toBe("arguments.pattern uses the lookahead `(?=`, which the engines (RE2, PostgreSQL, Java) cannot run: rewrite the pattern without it; meshkit test refuses the rule as it stands (valid ECMA-262, so a warning).");
    });
    it("requires validValues or a pattern for invalidValues, as contract-test does", () => {
      const findings = lintOne(propertyRule("          - metric: invalidValues\n            mustBe: 0\n"));
      expect(where(findings)).toEqual(["quality-arguments@23:21"]);
      expect(findings[0]!.message).toContain("invalidValues needs arguments.validValues");
      // Arguments written as a list are the schema's finding alone.
      expect(where(lintOne(propertyRule("          - metric: invalidValues\n            mustBe: 0\n            arguments: [kg]\n")))).toEqual(["schema-valid@25:24"]);
    });
    it("flags validValues and missingValues that are not lists, an empty missingValues or validValues, and a pattern that is no regular expression, at the argument", () => {
      const findings = lintOne(
        propertyRule(
          "          - metric: invalidValues\n            mustBe: 0\n            arguments:\n              validValues: kg\n" +
            "          - metric: invalidValues\n            mustBe: 0\n            arguments:\n              pattern: '^[A-Z'\n" +
            "          - metric: missingValues\n            mustBe: 0\n            arguments:\n              missingValues: 'N/A'\n" +
            "          - metric: missingValues\n            mustBe: 0\n            arguments:\n              missingValues: []\n" +
            "          - metric: invalidValues\n            mustBe: 0\n            arguments:\n              validValues: [null]\n",
        ),
      );
      expect(where(findings)).toEqual(["quality-arguments@26:28", "quality-arguments@30:24", "quality-arguments@34:30", "quality-arguments@38:30", "quality-arguments@42:28"]);
      // A validValues of no value would make every value invalid: said as contract-test refuses it.
      expect(findings[4]!.message).toBe("invalidValues has an arguments.validValues that lists no value (nulls are never invalid here), so every value would be invalid: list the valid values (e.g. ['pounds', 'kg']), or use arguments.pattern.");
      expect(findings[1]!.message).toMatch(/^arguments\.pattern is not a valid regular expression \(.*\); fix its syntax\.$/);
    });
    it("flags an object's duplicateValues naming a property the object does not have, or properties that are no list of names", () => {
      const unknown = lintOne(objectRule("      - metric: duplicateValues\n        mustBe: 0\n        arguments:\n          properties: [order_id, order_nr]\n"));
      expect(where(unknown)).toEqual(["quality-arguments@32:34"]);
      expect(unknown[0]!.message).toBe("arguments.properties names `order_nr`, which is not a property of `orders`; name the object's properties by their `name`.");
      // Written, but as one name: that is the list's shape, not a missing list (quality-metric-level).
      expect(where(lintOne(objectRule("      - metric: duplicateValues\n        mustBe: 0\n        arguments:\n          properties: order_id\n")))).toEqual(["quality-arguments@32:23"]);
    });
    it("flags an argument the metric does not read (a misspelt name), at its key, as contract-test refuses it", () => {
      const misspelt = lintOne(objectRule("      - metric: duplicateValues\n        mustBe: 0\n        arguments:\n          property: [order_id]\n"));
      expect(where(misspelt)).toEqual(["quality-arguments@32:11"]);
      expect(misspelt[0]!.message).toBe("duplicateValues does not read arguments.property (it reads `properties`): fix the name, or remove it.");
      expect(where(lintOne(propertyRule("          - metric: missingValues\n            mustBe: 0\n            arguments:\n              missingvalues: ['N/A']\n")))).toEqual(["quality-arguments@26:15"]);
    });
  });
  it("keeps percentages within 0-100", () => {
    const text = VALID_CONTRACT.replace("mustBe: 0", "mustBeLessThan: 150\n            unit: percent");
    expect(where(lintOne(text))).toEqual(["quality-percent-range@24:29"]);
    expect(lintOne(text.replace("150", "5"))).toEqual([]);
  });
  it("reads a percentage written as text as the number contract-test compares with", () => {
    const findings = lintOne(VALID_CONTRACT.replace("mustBe: 0", 'mustBe: " 150 "\n            unit: percent'));
    expect(where(findings)).toEqual(["quality-percent-range@24:21"]);
    expect(findings[0]!.message).toBe('mustBe " 150 " is not a percentage; with unit: percent use values from 0 to 100 (or switch to unit: rows).');
    expect(lintOne(VALID_CONTRACT.replace("mustBe: 0", "mustNotBe: '100'\n            unit: percent"))).toEqual([]);
  });
  it.each(['"%"', "Percent", '" PERCENT "'])("reads unit %s as percent, as contract-test does", (unit) => {
    const text = VALID_CONTRACT.replace("mustBe: 0", `mustBeLessThan: 150\n            unit: ${unit}`);
    expect(where(lintOne(text))).toEqual(["quality-percent-range@24:29"]);
    expect(lintOne(text.replace("150", "5"))).toEqual([]);
  });
  it("flags a library rule's unit that is neither rows nor percent, which contract-test refuses, at the unit", () => {
    const withUnit = (unit: string) => VALID_CONTRACT.replace("mustBe: 0", `mustBe: 0\n            unit: ${unit}`);
    const findings = lintOne(withUnit("seconds"));
    expect(where(findings)).toEqual(["quality-percent-range@25:19"]);
    expect(findings[0]!.message).toBe('Unit "seconds" is not one a library metric counts in, so meshkit test refuses the rule; use rows (the default) or percent (also %).');
    expect(where(lintOne(withUnit('""')))).toEqual(["quality-percent-range@25:19"]);
    for (const unit of ["rows", "Row", "percent", '"%"']) expect(lintOne(withUnit(unit))).toEqual([]);
    // A query's value may be in any unit (meshkit test shows it as written); a blank unit names none.
    const sql = (unit: string) => VALID_CONTRACT.replace("      - metric: rowCount\n        mustBeGreaterThan: 0", `      - type: sql\n        query: SELECT max(age_s) FROM {object}\n        mustBeLessThan: 5\n        unit: ${unit}`);
    expect(lintOne(sql("seconds"))).toEqual([]);
    expect(lintOne(sql('" "')).map((f) => `${f.ruleId}@${f.line}:${f.column} ${f.message}`)).toEqual([`quality-percent-range@32:15 Unit " " names no unit; name the unit of the query's value (percent, rows, seconds, …) or leave it out.`]);
  });
  it("writes a non-finite percentage as YAML does", () => {
    const findings = lintOne(VALID_CONTRACT.replace("mustBe: 0", "mustBeLessThan: .inf\n            unit: percent"));
    expect(findings.map((f) => f.message)).toContain("mustBeLessThan .inf is not a percentage; with unit: percent use values from 0 to 100 (or switch to unit: rows).");
  });
  it("flags rowCount in percent, which contract-test refuses, at its unit; rows are fine", () => {
    const withUnit = (unit: string) => VALID_CONTRACT.replace("mustBeGreaterThan: 0", `mustBeGreaterThan: 0\n        unit: ${unit}`);
    const findings = lintOne(withUnit('"%"'));
    expect(where(findings)).toEqual(["quality-percent-range@31:15"]);
    expect(findings[0]!.message).toBe('rowCount counts rows, not a share of them: unit "%" does not apply; remove the unit (rows is the default).');
    expect(where(lintOne(withUnit("percent").replace("metric: rowCount", "rule: rowCount").replace("apiVersion: v3.1.0", "apiVersion: v3.0.2")))).toContain("quality-percent-range@31:15");
    expect(lintOne(withUnit("rows"))).toEqual([]);
  });
  it("flags a SQL rule whose query selects a count in percent (as contract-test refuses it), not one that computes a share", () => {
    const sql = (query: string) => VALID_CONTRACT.replace("      - metric: rowCount\n        mustBeGreaterThan: 0", `      - type: sql\n        query: ${JSON.stringify(query)}\n        mustBeLessThan: 5\n        unit: percent`);
    const findings = lintOne(sql("SELECT count(*) FROM {object} WHERE amount < 0"));
    expect(where(findings)).toEqual(["quality-percent-range@32:15"]);
    expect(findings[0]!.message).toBe('A query that selects count(…) returns a count, not a share of them: unit "percent" does not apply; remove the unit (rows is the default), or have the query return the percentage.');
    expect(lintOne(sql("SELECT 100.0 * count(*) FILTER (WHERE amount < 0) / count(*) FROM {object}"))).toEqual([]);
  });
});

describe("quality-sql-query", () => {
  /** VALID_CONTRACT with the object's rule (line 29, column 9) a sql rule of this query. */
  const objectSql = (query: string) => VALID_CONTRACT.replace("      - metric: rowCount\n        mustBeGreaterThan: 0\n", () => `      - type: sql\n        query: ${JSON.stringify(query)}\n        mustBe: 0\n`);
  /** VALID_CONTRACT with `order_id`'s rule (line 23, column 13) a sql rule of this query. */
  const propertySql = (query: string) => VALID_CONTRACT.replace("          - metric: nullValues\n            mustBe: 0\n", () => `          - type: sql\n            query: ${JSON.stringify(query)}\n            mustBe: 0\n`);
  const refusal = " meshkit test refuses the rule before anything runs.";

  it.each([
    ["a blank query", "  ", "SQL rule has no query: a sql rule needs `query`, a SELECT returning one value;"],
    ["a misspelt placeholder", "SELECT count(*) FROM {objec}", "SQL rule writes `{objec}`, which is no placeholder: write {object} (or {table}) for the table and {property} (or {column}) for the column, in lower case without spaces;"],
    ["a placeholder in another case", "SELECT count(*) FROM ${Table}", "SQL rule writes `${Table}`, which is no placeholder: write {object} (or {table}) for the table and {property} (or {column}) for the column, in lower case without spaces;"],
    ["{property} in an object's rule", "SELECT count(*) FROM {object} WHERE {property} IS NULL", "SQL rule uses {property} but is an object-level rule: move it under a property, or name the column;"],
    ["a query that is not read-only", "DELETE FROM {object}", "SQL rule's query must be a SELECT (or WITH … SELECT) query, not one starting with `DELETE`;"],
    ["a second statement", "SELECT 1; DROP TABLE orders", "SQL rule's query holds more than one statement (text after a `;`); write a single SELECT;"],
    ["a file read as a table", "SELECT count(*) FROM '/etc/passwd'", "SQL rule's query reads a file named as a table (FROM '/etc/passwd'); name the contract's tables;"],
  ])("flags %s, which meshkit test refuses, at the rule and in the test's words", (_, query, message) => {
    const findings = lintOne(objectSql(query));
    expect(where(findings)).toEqual(["quality-sql-query@29:9"]);
    expect(findings[0]!.message).toBe(`${message}${refusal}`);
    expect(findings[0]!.path).toBe("/schema/0/quality/0");
  });

  it("flags a property's rule at that rule, which may use {property}", () => {
    expect(lintOne(propertySql("SELECT count(*) FROM {object} WHERE {property} IS NULL"))).toEqual([]);
    const findings = lintOne(propertySql("SELECT count(*) FROM {object} WHERE {Property} IS NULL"));
    expect(where(findings)).toEqual(["quality-sql-query@23:13"]);
    expect(findings[0]!.path).toBe("/schema/0/properties/0/quality/0");
  });

  it("reports only the first problem, as meshkit test does", () => {
    const findings = lintOne(objectSql("DELETE FROM {objec}"));
    expect(findings.map((f) => f.message)).toEqual([expect.stringContaining("SQL rule writes `{objec}`")]);
  });

  it("reads placeholders in strings and comments as text, as meshkit test does", () => {
    for (const query of ["SELECT count(*) FROM {object} WHERE note <> '{Object}'", "SELECT count(*) FROM ${table} -- per {property}", "WITH t AS (SELECT * FROM {table}) SELECT count(*) FROM t"]) {
      expect(lintOne(objectSql(query)), query).toEqual([]);
    }
  });

  it("leaves a missing query, or one that is not text, to schema-valid (one finding)", () => {
    const without = VALID_CONTRACT.replace("      - metric: rowCount\n        mustBeGreaterThan: 0\n", "      - type: sql\n        mustBe: 0\n");
    expect(where(lintOne(without))).toEqual(["schema-valid@29:9"]);
    expect(where(lintOne(objectSql("x").replace('query: "x"', "query: 5")))).toEqual(["schema-valid@30:16"]);
  });
});

describe("SLAs", () => {
  it("warns about an SLA property ODCS does not name, suggesting the known one", () => {
    const findings = lintOne(VALID_CONTRACT.replace("property: latency", "property: latncy"));
    expect(where(findings)).toEqual(["sla-property@32:15"]);
    expect(findings[0]!.severity).toBe("warning");
    expect(findings[0]!.message).toContain("did you mean `latency`");
  });
  it("says an SLA property of the contract's own (ODCS allows any name) once, as an info, not a warning on every run", () => {
    const findings = lintOne(VALID_CONTRACT.replace("property: latency", "property: supportHours"));
    expect(findings.map((f) => [f.ruleId, f.severity, f.path])).toEqual([["sla-property", "info", "/slaProperties/0/property"]]);
    expect(findings[0]!.message).toMatch(/^SLA property `supportHours` is a name of this contract's own, not one of ODCS's \(latency, freshness, .*\): ODCS allows it, but meshkit test measures nothing of it\.$/);
    // A short name with no known property one edit away is one too; a blank one names nothing: a warning.
    expect(lintOne(VALID_CONTRACT.replace("property: latency", "property: flag"))[0]!.severity).toBe("info");
    expect(lintOne(VALID_CONTRACT.replace("property: latency", "property: ' '")).map((f) => [f.severity, f.message])).toEqual([["warning", expect.stringMatching(/^Unknown SLA property ` `\. Known: /)]]);
  });
  it("takes a duration written as numeric text (ODCS types SLA values as strings or numbers), and refuses other text", () => {
    const withValue = (value: string) => VALID_CONTRACT.replace(/(property: latency\n\s+value: )\S+/, `$1${value}`);
    expect(withValue("'4'")).not.toBe(VALID_CONTRACT);
    expect(lintOne(withValue("'4'"))).toEqual([]);
    expect(lintOne(withValue("' 2.5 '"))).toEqual([]);
    expect(where(lintOne(withValue("soon"))).map((w) => w.split("@")[0])).toEqual(["sla-property"]);
    expect(where(lintOne(withValue("'-1'"))).map((w) => w.split("@")[0])).toEqual(["sla-property"]);
    // YAML's infinity is said as written, not as JSON's null.
    expect(lintOne(withValue(".inf")).map((f) => f.message)).toEqual([expect.stringMatching(/needs a positive number as value \(with a unit\), not \.inf\.$/)]);
    // A measured duration of 0 can never be kept (contract-test refuses it too); another duration may be 0.
    expect(lintOne(withValue("0")).map((f) => `${f.ruleId}@${f.line}:${f.column} ${f.message}`)).toEqual([expect.stringMatching(/^sla-property@\d+:\d+ latency needs a positive number as value \(with a unit\), not 0: contract-test measures it/)]);
    expect(where(lintOne(withValue("'0.0'"))).map((w) => w.split("@")[0])).toEqual(["sla-property"]);
    expect(lintOne(VALID_CONTRACT.replace(/property: latency(\n\s+value: )\S+/, "property: timeToDetect$10"))).toEqual([]);
  });
  it.each(["'0x2'", "'0b11'", "'0o7'", "'Infinity'", "'-Infinity'"])("refuses SLA value %s, which JavaScript's Number() reads but no stage reads as a number", (value) => {
    const withValue = (text: string) => VALID_CONTRACT.replace(/(property: latency\n\s+value: )\S+/, `$1${text}`);
    expect(lintOne(withValue(value)).map((f) => f.message)).toEqual([expect.stringMatching(/^latency needs a positive number as value \(with a unit\), not "/)]);
    expect(where(lintOne(VALID_CONTRACT + `  - property: availability\n    value: ${value}\n    unit: percent\n`))).toEqual(["sla-property@37:12"]);
  });
  it("does not say to write an ISO 8601 duration of zero as `value: 0` where it refuses 0 (a measured duration)", () => {
    const withValue = (property: string) => VALID_CONTRACT.replace(/property: latency\n\s+value: \S+\n\s+unit: \S+/, `property: ${property}\n    value: PT0S`);
    expect(lintOne(withValue("latency")).map((f) => f.message)).toEqual(["SLA latency value `PT0S` is an ISO 8601 duration, which meshkit does not read, and of zero length: write a positive number as `value` with a `unit` (e.g. `value: 1` with `unit: s`)."]);
    // A duration that may be 0 is still told the value it is.
    expect(lintOne(withValue("timeToDetect")).map((f) => f.message)).toEqual(["SLA timeToDetect value `PT0S` is an ISO 8601 duration, which meshkit does not read: write it as `value: 0` with `unit: s`."]);
  });
  it("takes decimal text with an exponent as the number it spells, as compat, contract-test and provision do", () => {
    expect(lintOne(VALID_CONTRACT.replace(/(property: latency\n\s+value: )\S+/, "$1'2e1'"))).toEqual([]);
  });
  it.each(["Latency", "ly", "LY", "freshness"])("reads %s as a duration SLA, as ODCS names are case-insensitive and have synonyms", (name) => {
    expect(lintOne(VALID_CONTRACT.replace("property: latency", `property: ${name}`))).toEqual([]);
    expect(where(lintOne(VALID_CONTRACT.replace("property: latency", `property: ${name}`).replace("unit: h", "unit: fortnights")))).toEqual(["sla-property@34:11"]);
  });
  it("checks the dates of SLA synonyms", () => {
    expect(where(lintOne(VALID_CONTRACT + "  - property: GA\n    value: someday\n  - property: el\n    value: 2042-05-12T09:30:10-08:00\n"))).toEqual(["sla-property@37:12"]);
  });
  it.each(["12/05/2042", "May 12, 2042", "'1'", "'2042'", "2042-05- 12", "2042-02-30", "2042-05-12T25:00:00Z"])("refuses %s as an SLA date: ODCS dates are ISO 8601", (value) => {
    expect(where(lintOne(VALID_CONTRACT + `  - property: endOfLife\n    value: ${value}\n`))).toEqual(["sla-property@37:12"]);
  });
  it.each(["2042-05-12", "2042-05-12T09:30:10-08:00", "2042-05-12T09:30:10Z", "2042-05-12T09:30:10.123+0100", "2042-05-12 09:30", "2040-02-29"])("reads %s as an ISO 8601 SLA date", (value) => {
    expect(lintOne(VALID_CONTRACT + `  - property: endOfLife\n    value: ${value}\n`)).toEqual([]);
  });
  it("wants general availability, end of support and end of life in that order, for the contract or one element", () => {
    const dates = (...slas: string[]) => VALID_CONTRACT + slas.map((sla) => `  - ${sla}\n`).join("");
    // In order, the same day for end of support and end of life, or one element's dates apart from the contract's.
    expect(lintOne(dates("{property: generalAvailability, value: 2026-01-01}", "{property: endOfSupport, value: 2028-01-01}", "{property: endOfLife, value: '2028-01-01T00:00:00Z'}"))).toEqual([]);
    expect(lintOne(dates("{property: ga, value: 2026-06-01}", "{property: es, value: 2025-01-01, element: orders}"))).toEqual([]);
    const found = lintOne(dates("{property: generalAvailability, value: 2026-06-01}", "{property: es, value: 2025-01-01}", "{property: endOfLife, value: 2025-12-31T23:00:00-02:00}"));
    expect(found.map((f) => `${f.ruleId}@${f.line}:${f.column} ${f.message}`)).toEqual([
      "sla-property@37:27 es 2025-01-01 is before generalAvailability 2026-06-01: a contract is generally available, then out of support, then at its end of life; correct the dates.",
      // 2026-01-01T01:00Z: after the end of support, still before general availability.
      "sla-property@38:34 endOfLife 2025-12-31T23:00:00-02:00 is before generalAvailability 2026-06-01: a contract is generally available, then out of support, then at its end of life; correct the dates.",
    ]);
  });
  it("keeps an SLA in percent (availability, errorRate) within 0–100", () => {
    expect(lintOne(VALID_CONTRACT + "  - property: availability\n    value: 99.9\n    unit: percent\n")).toEqual([]);
    expect(where(lintOne(VALID_CONTRACT + "  - property: availability\n    value: 150\n    unit: percent\n"))).toEqual(["sla-property@37:12"]);
    expect(where(lintOne(VALID_CONTRACT + "  - property: er\n    value: -1\n    unit: '%'\n"))).toEqual(["sla-property@37:12"]);
    expect(lintOne(VALID_CONTRACT + "  - property: throughput\n    value: 150\n    unit: rows/s\n")).toEqual([]);
  });
  it("requires a valid unit on durations", () => {
    expect(where(lintOne(VALID_CONTRACT.replace("unit: h", "unit: fortnights")))).toEqual(["sla-property@34:11"]);
    expect(where(lintOne(VALID_CONTRACT.replace("    unit: h\n", "")))).toEqual(["sla-property@32:5"]);
  });
  it("warns that `unit: m` reads as months, which many mean as minutes, and not `mo` or `min`", () => {
    const findings = lintOne(VALID_CONTRACT.replace("unit: h", "unit: m"));
    expect(findings.map((f) => `${f.ruleId}@${f.line}:${f.column} ${f.severity} ${f.message}`)).toEqual([
      expect.stringMatching(/^sla-property@34:11 warning latency unit `m` reads as \d+ months?, not minutes: write `mo` for months or `min` for minutes\.$/),
    ]);
    expect(lintOne(VALID_CONTRACT.replace("unit: h", "unit: mo"))).toEqual([]);
    expect(lintOne(VALID_CONTRACT.replace("unit: h", "unit: min"))).toEqual([]);
  });
  it("requires an ISO date for availability dates", () => {
    const text = VALID_CONTRACT + "  - property: endOfLife\n    value: someday\n";
    expect(where(lintOne(text))).toEqual(["sla-property@37:12"]);
  });
  it("resolves an element without its object when exactly one object has the column, as ODCS allows and meshkit test reads it", () => {
    expect(lintOne(VALID_CONTRACT.replace("element: orders", "element: ordered_at"))).toEqual([]);
    expect(where(lintOne(VALID_CONTRACT.replace("element: orders", "element: shipped_at")))).toEqual(["sla-element@35:14"]);
    const twoObjects = VALID_CONTRACT.replace("slaProperties:", "  - name: returns\n    properties: [{name: ordered_at, logicalType: timestamp}]\nslaProperties:");
    expect(where(lintOne(twoObjects.replace("element: orders", "element: ordered_at")))).toEqual(["sla-element@37:14"]);
    const otherColumn = VALID_CONTRACT.replace("slaProperties:", "  - name: returns\n    properties: [{name: returned_at, logicalType: timestamp}]\nslaProperties:");
    expect(lintOne(otherColumn.replace("element: orders", "element: returned_at"))).toEqual([]);
    expect(lintOne(otherColumn.replace("element: orders", "element: ordered_at"))).toEqual([]);
  });
  it("resolves element against objects and properties, by name or physical name", () => {
    const unknownColumn = lintOne(VALID_CONTRACT.replace("element: orders", "element: orders.shipped_at"));
    expect(where(unknownColumn)).toEqual(["sla-element@35:14"]);
    expect(unknownColumn[0]!.message).toBe("SLA element `orders.shipped_at` does not name an object or object.property of this contract (objects: orders); point it at the object or column the SLA is measured on.");
    expect(where(lintOne(VALID_CONTRACT.replace("element: orders", "element: order.ordered_at")))).toEqual(["sla-element@35:14"]);
    expect(lintOne(VALID_CONTRACT.replace("element: orders", "element: orders.ordered_at"))).toEqual([]);
    expect(lintOne(VALID_CONTRACT.replace("physicalType: table", "physicalType: table\n    physicalName: t_orders").replace("element: orders", "element: t_orders.ordered_at"))).toEqual([]);
  });
  it("resolves names that hold dots themselves (a physicalName `sales.orders`), as meshkit test reads them", () => {
    // (A frequency: a nested property is no column a latency's age is read from, see below.)
    const dotted = VALID_CONTRACT.replace("property: latency", "property: frequency").replace("physicalType: table", "physicalType: table\n    physicalName: sales.orders").replace(
      "      - name: ordered_at\n",
      "      - {name: meta, logicalType: object, classification: internal, properties: [{name: loaded.at, physicalName: loaded_at, logicalType: timestamp, classification: internal}]}\n      - name: ordered_at\n",
    );
    const slaFindings = (text: string) => where(lintOne(text).filter((f) => f.ruleId === "sla-element"));
    expect(slaFindings(dotted.replace("element: orders", "element: sales.orders.ordered_at, sales.orders, orders.meta.loaded.at, sales.orders.meta.loaded.at"))).toEqual([]);
    // Still no column: each split of the dotted text is tried, and none names one.
    expect(slaFindings(dotted.replace("element: orders", "element: sales.orders.shipped_at"))).toEqual(["sla-element@37:14"]);
    // A long dotted element is searched in bounded time: each (property, piece) pair is tried once.
    expect(slaFindings(dotted.replace("element: orders", `element: ${"orders.meta.".repeat(20_000)}x`))).toEqual(["sla-element@37:14"]);
  });
  it("resolves an object named by one object's name and another's physicalName through each, as meshkit test reads it", () => {
    // `orders` is the first object's name and the table of the second (`orders_clean`), which has updated_at.
    const text = VALID_CONTRACT.replace("physicalType: table", "physicalType: table\n    physicalName: orders_raw").replace(
      "slaProperties:",
      "  - {name: orders_clean, physicalName: orders, properties: [{name: updated_at, logicalType: timestamp, classification: internal}]}\nslaProperties:",
    );
    expect(where(lintOne(text.replace("element: orders", "element: orders.updated_at")).filter((f) => f.ruleId === "sla-element"))).toEqual([]);
    expect(where(lintOne(text.replace("element: orders", "element: orders.shipped_at")).filter((f) => f.ruleId === "sla-element"))).toEqual(["sla-element@37:14"]);
  });
  it("resolves a name to the property named so before one of that physical name, as meshkit test reads an element", () => {
    // `ref` is first the physical name of a flat column, then the name of an object-typed one: ref.city is the latter's field.
    // (A frequency: a string column is no column a latency's age is read from, see below.)
    const shadowed = VALID_CONTRACT.replace("property: latency", "property: frequency").replace(
      "      - name: ordered_at\n",
      "      - {name: reference, physicalName: ref, logicalType: string}\n      - {name: ref, logicalType: object, properties: [{name: city, logicalType: string}]}\n      - name: ordered_at\n",
    );
    expect(lintOne(shadowed.replace("element: orders", "element: orders.ref.city, orders.reference, orders.ref")).filter((f) => f.ruleId === "sla-element")).toEqual([]);
    expect(where(lintOne(shadowed.replace("element: orders", "element: orders.reference.city")).filter((f) => f.ruleId === "sla-element"))).toEqual(["sla-element@37:14"]);
    // A latency on `ts`, a timestamp, beside `ts_open` reading the column `ts` as text: meshkit test measures `ts` (no warning).
    const beside = VALID_CONTRACT.replace(
      "      - name: ordered_at\n",
      "      - {name: ts_open, physicalName: ts, logicalType: string, classification: internal}\n      - {name: ts, physicalName: event_ts, logicalType: timestamp, classification: internal}\n      - name: ordered_at\n",
    );
    expect(lintOne(beside.replace("element: orders", "element: orders.ts, ts")).filter((f) => f.ruleId === "sla-element")).toEqual([]);
  });
  it("looks elements up without searching an object's properties for each of them (an object of 16,000 columns took seconds)", () => {
    const withElements = (count: number) => {
      const columns = Array.from({ length: 500 }, (_, i) => `      - {name: c${i}, logicalType: string}\n`).join("");
      const slas = Array.from({ length: count }, (_, i) => `  - {property: latency, value: 1, unit: h, element: "orders.c${i}, c${i + 1}, orders.gone"}\n`).join("");
      return VALID_CONTRACT.replace("    properties:\n", `    properties:\n${columns}`) + slas;
    };
    expect(propertyListReads(slaElement, withElements(200))).toBe(propertyListReads(slaElement, withElements(2)));
  });
  it("warns about a latency, freshness or retention on a column of another type than date or timestamp, which meshkit test fails", () => {
    const typed = VALID_CONTRACT.replace(
      "      - name: ordered_at\n",
      "      - {name: qty, logicalType: integer, classification: internal}\n      - {name: epoch_s, physicalType: BIGINT, classification: internal}\n      - {name: loaded, physicalType: TIMESTAMPTZ, classification: internal}\n      - {name: raw, classification: internal}\n      - {name: meta, logicalType: object, classification: internal, properties: [{name: at, logicalType: timestamp, classification: internal}]}\n      - name: ordered_at\n",
    );
    const slaFindings = (text: string) => lintOne(text).filter((f) => f.ruleId.startsWith("sla-")).map((f) => `${f.ruleId}@${f.line}:${f.column} ${f.severity} ${f.message}`);
    for (const [property, name] of [["latency", "latency"], ["freshness", "freshness"], ["retention", "retention"], ["re", "retention"]]) {
      const measured = typed.replace("property: latency", `property: ${property}`);
      expect(slaFindings(measured.replace("element: orders", "element: orders.qty")), property).toEqual([
        `sla-element@40:14 warning SLA element \`orders.qty\` is declared integer, but meshkit test measures ${name} as the age of a top-level date or timestamp column (and fails it otherwise); point it at one: \`orders.loaded\`, \`orders.ordered_at\`.`,
      ]);
    }
    expect(slaFindings(typed.replace("element: orders", "element: order_id, orders.epoch_s"))).toEqual([
      expect.stringMatching(/^sla-element@40:14 warning SLA element `order_id` is declared string, but meshkit test measures latency/),
      expect.stringMatching(/^sla-element@40:14 warning SLA element `orders.epoch_s` is declared integer, /),
    ]);
    expect(slaFindings(typed.replace("element: orders", "element: orders.meta.at"))).toEqual([expect.stringMatching(/^sla-element@40:14 warning SLA element `orders.meta.at` is a nested property, but meshkit test measures latency as the age of a top-level/)]);
    // What meshkit test measures: a date or timestamp (by logicalType or physicalType), or a column of no declared type; an object is its own finding there.
    expect(slaFindings(typed.replace("element: orders", "element: orders.loaded, orders.raw, ordered_at, orders"))).toEqual([]);
    // A duration that is not measured in the data may name any column.
    expect(slaFindings(typed.replace("property: latency", "property: frequency").replace("element: orders", "element: orders.qty"))).toEqual([]);
    // ODCS v3.0 has no timestamp logicalType: a `date` of physicalType timestamp is one, as meshkit test reads it.
    const v30 = typed.replace("apiVersion: v3.1.0", "apiVersion: v3.0.2").replace("{name: qty, logicalType: integer", "{name: qty, logicalType: date, physicalType: timestamp");
    expect(slaFindings(v30.replace("element: orders", "element: orders.qty"))).toEqual([]);
    // The deprecated slaDefaultElement is the element of a measured SLA without one.
    const byDefault = typed.replace("    element: orders\n", "").replace("slaProperties:", "slaDefaultElement: orders.qty\nslaProperties:");
    expect(slaFindings(byDefault).filter((f) => f.startsWith("sla-element"))).toEqual([expect.stringMatching(/^sla-element@\d+:\d+ warning SLA element `orders.qty` is declared integer/)]);
  });
  it("says a measured duration needs a positive value, as meshkit test does, and another a non-negative one", () => {
    const withValue = (property: string, value: string) => VALID_CONTRACT.replace(/property: latency\n\s+value: \S+/, `property: ${property}\n    value: ${value}`);
    expect(lintOne(withValue("retention", "-1")).map((f) => f.message)).toEqual(["retention needs a positive number as value (with a unit), not -1."]);
    expect(lintOne(withValue("timeToDetect", "-1")).map((f) => f.message)).toEqual(["timeToDetect needs a non-negative number as value (with a unit), not -1."]);
    const withoutValue = (property: string) => VALID_CONTRACT.replace(/property: latency\n\s+value: \S+\n/, `property: ${property}\n`);
    expect(lintOne(withoutValue("freshness")).map((f) => f.message)).toEqual(["freshness has no value; add value: <positive number> with a unit."]);
    expect(lintOne(withoutValue("frequency")).map((f) => f.message)).toEqual(["frequency has no value; add value: <non-negative number> with a unit."]);
  });
});

describe("ownership and classification", () => {
  it("requires a team or support channel", () => {
    const text = VALID_CONTRACT.replace(/team:\n( {2}.*\n)+/, "");
    expect(where(lintOne(text))).toEqual(["contract-owner@1:1"]);
    expect(lintOne(text + "support:\n  - channel: '#orders'\n    tool: slack\n")).toEqual([]);
    // A team names its owner by a name or a member; a blank name or an empty list names nobody.
    expect(lintOne(text + "team:\n  name: orders-team\n")).toEqual([]);
    expect(where(lintOne(text + "team:\n  name: ' '\n  members: []\n"))).toEqual(["contract-owner@1:1"]);
    expect(where(lintOne(text + "team:\n  members: []\n"))).toEqual(["contract-owner@1:1"]);
    // So do members and channels whose username or channel is blank (the schema asks only for a string).
    expect(where(lintOne(text + "team:\n  members:\n    - username: ''\n      role: owner\n"))).toEqual(["contract-owner@1:1"]);
    expect(where(lintOne(text + "support:\n  - channel: ' '\n    tool: slack\n"))).toEqual(["contract-owner@1:1"]);
    expect(lintOne(text + "team:\n  members:\n    - username: ''\n    - username: ann@example.com\n")).toEqual([]);
    // The fix it suggests is one the contract's apiVersion takes: v3.0.x knows only a list of members.
    expect(lintOne(text)[0]?.message).toContain("add a `team` (name and members)");
    const v30 = text.replace(/^apiVersion: .*$/m, "apiVersion: v3.0.2");
    expect(lintOne(v30).find((f) => f.ruleId === "contract-owner")?.message).toContain("add a `team` (a list of members, e.g. team: [{username: <email>, role: owner}])");
    expect(lintOne(v30 + "team:\n  - username: ann@example.com\n    role: owner\n").filter((f) => f.ruleId === "contract-owner" || f.path.startsWith("/team"))).toEqual([]);
    expect(lintOne(v30 + "team:\n  - name: Ann Lee\n    role: owner\n").filter((f) => f.ruleId === "contract-owner" || f.path.startsWith("/team"))).toEqual([]);
    expect(where(lintOne(v30 + "team:\n  - username: ''\n    role: owner\n"))).toContain("contract-owner@1:1");
    // A v3.1.0 contract's empty list of members: the form deprecated-field asks for, not the list it deprecates.
    const emptyList = lintOne(text + "team: []\n").map((f) => `${f.ruleId}: ${f.message}`);
    expect(emptyList).toEqual([
      expect.stringContaining("contract-owner: Contract has no owner: add a `team` (name and members)"),
      expect.stringContaining("deprecated-field: team as a list of members is deprecated since ODCS v3.1.0"),
    ]);
  });
  it("requires classifications only when the platform turns the rule on", () => {
    const text = VALID_CONTRACT.replace("        classification: internal\n    quality:", "    quality:");
    expect(lintOne(text)).toEqual([]);
    const findings = lintOne(text, config({ rules: { "property-classification": "error" } }));
    expect(where(findings)).toEqual(["property-classification@25:9"]);
  });
});

describe("naming-convention", () => {
  it("suggests the snake_case name by default", () => {
    const findings = lintOne(VALID_CONTRACT.replace("name: ordered_at", "name: orderedAt"));
    expect(where(findings)).toEqual(["naming-convention@25:15"]);
    expect(findings[0]!.severity).toBe("warning");
    expect(findings[0]!.message).toContain("`ordered_at`");
    // No suggestion that would break the convention too: a snake_case name starts with a letter.
    const digit = lintOne(VALID_CONTRACT.replace("name: ordered_at", "name: 2col"));
    expect(digit.map((f) => f.message)).toEqual(["Property name `2col` does not follow snake_case; rename it to a name that does (keep the source name in physicalName)."]);
  });
  it("suggests a name that keeps every letter: accents dropped, none offered for a letter without an ASCII form", () => {
    const messages = (name: string, naming = config()) => lintOne(VALID_CONTRACT.replace("name: ordered_at", `name: ${name}`), naming).map((f) => f.message);
    expect(messages("Ünïcode")).toEqual(["Property name `Ünïcode` does not follow snake_case; rename it to `unicode` (keep the source name in physicalName)."]);
    expect(messages("KundenÄnderung")).toEqual(["Property name `KundenÄnderung` does not follow snake_case; rename it to `kunden_anderung` (keep the source name in physicalName)."]);
    const camel = config({ naming: { objects: "snake_case", properties: "camelCase" } });
    expect(messages("número_pedido", camel).filter((m) => m.includes("número"))).toEqual(["Property name `número_pedido` does not follow camelCase; rename it to `numeroPedido` (keep the source name in physicalName)."]);
    expect(messages("order–id")).toEqual(["Property name `order–id` does not follow snake_case; rename it to `order_id` (keep the source name in physicalName)."]);
    // `ß` has no decomposition: `stra_e` (or, for `名前`, nothing) would not be the author's name.
    for (const name of ["Straße", "名前"]) expect(messages(name)).toEqual([`Property name \`${name}\` does not follow snake_case; rename it to a name that does (keep the source name in physicalName).`]);
  });
  it("follows the configured convention or pattern", () => {
    const camel = config({ naming: { objects: "camelCase", properties: "camelCase" } });
    expect(where(lintOne(VALID_CONTRACT.replace("name: ordered_at", "name: orderedAt"), camel))).toEqual(["naming-convention@16:15"]);
    const pattern = config({ naming: { objects: { pattern: "^[a-z]+$" }, properties: "snake_case" } });
    expect(lintOne(VALID_CONTRACT, pattern)).toEqual([]);
    // A pattern offers no rename, but the message still says what to do.
    const strict = config({ naming: { objects: "snake_case", properties: { pattern: "^[a-z]+$" } } });
    expect(lintOne(VALID_CONTRACT, strict).map((f) => f.message)).toContain("Property name `ordered_at` does not follow the pattern ^[a-z]+$; rename it to a name that does (keep the source name in physicalName).");
  });
  it("matches a pattern that backtracks catastrophically in linear time", () => {
    // (a backtracking engine takes some 2^36 steps to find that this name does not match)
    const nested = config({ naming: { objects: "snake_case", properties: { pattern: "^(a+)+$" } } });
    const findings = lintOne(VALID_CONTRACT.replace("name: ordered_at", `name: ${"a".repeat(36)}_`), nested);
    expect(where(findings)).toEqual(["naming-convention@16:15", "naming-convention@25:15"]);
  });
});

describe("deprecated-field", () => {
  it("warns about slaDefaultElement and array-form team", () => {
    const text = VALID_CONTRACT.replace(/team:\n( {2}.*\n)+/, "team:\n  - username: ana\n    role: owner\nslaDefaultElement: orders.ordered_at\n");
    expect(where(lintOne(text)).filter((w) => w.startsWith("deprecated"))).toEqual(["deprecated-field@7:1", "deprecated-field@10:1"]);
  });

  it("says what ODCS says: a removal in 4.0 for slaDefaultElement, none for dataProduct", () => {
    const messages = lintOne(`${VALID_CONTRACT}slaDefaultElement: orders.ordered_at\ndataProduct: orders\n`)
      .filter((f) => f.ruleId === "deprecated-field")
      .map((f) => f.message);
    expect(messages).toEqual([
      "slaDefaultElement is deprecated since ODCS v3.1.0 and removed in 4.0; put `element` on each SLA property instead.",
      "dataProduct is deprecated in ODCS v3.1.0; the ODPS product's outputPorts reference this contract instead.",
    ]);
  });
  it("warns of a v3.1.0 quality `rule` beside its `metric`; without one it is schema-valid's single finding, not a second", () => {
    const beside = lintOne(VALID_CONTRACT.replace("metric: nullValues\n", "metric: nullValues\n            rule: nullCheck\n"));
    expect(beside.map((f) => `${f.ruleId}@${f.line}:${f.column} ${f.severity}`)).toEqual(["deprecated-field@24:13 warning"]);
    for (const written of ["rule: nullCheck", "rule: nullCheck\n            mustBe: 0", "type: library\n            rule: nullCheck\n            mustBe: 0"]) {
      const findings = lintOne(VALID_CONTRACT.replace("metric: nullValues\n            mustBe: 0", written));
      expect(findings.map((f) => `${f.ruleId}@${f.line}:${f.column}`), written).toEqual(["schema-valid@23:13"]);
      expect(findings[0]!.message, written).toContain("write metric: nullValues instead");
    }
  });
});

describe("ports", () => {
  it("lists each port once: name and version are an output port's key (ODPS), and an input port's", () => {
    const ports = "outputPorts:\n  - {name: orders, version: 1.2.0, contractId: 0a6d2a3c-orders}\n  - {name: orders, version: 1.2.0, contractId: 0a6d2a3c-orders}\n  - {name: orders, version: 2.0.0, contractId: 0a6d2a3c-orders}\ninputPorts:\n  - {name: erp, version: 1.0.0, contractId: up}\n  - {name: erp, version: 1.0.0, contractId: up}\n";
    const findings = lint({ "p.yaml": product(ports) }, config(), { "c.yaml": VALID_CONTRACT }).filter((f) => f.ruleId === "unique-port");
    expect(findings.map((f) => `${f.line}:${f.column} ${f.message}`)).toEqual([
      "9:12 Output port `orders` version 1.2.0 is listed twice (also at line 8); name and version identify a port: remove the copy or give it its own version.",
      "13:12 Input port `erp` version 1.0.0 is listed twice (also at line 12); name and version identify a port: remove the copy or give it its own version.",
    ]);
    const management = "outputPorts:\n  - {name: orders, version: 1.2.0, contractId: 0a6d2a3c-orders}\nmanagementPorts:\n  - {name: metrics, content: observability}\n  - {name: catalog, content: discoverability}\n  - {name: metrics, content: control}\n";
    expect(lint({ "p.yaml": product(management) }, config(), { "c.yaml": VALID_CONTRACT }).map((f) => `${f.ruleId}@${f.line}:${f.column} ${f.message}`)).toEqual([
      "unique-port@12:12 Management port `metrics` is listed twice (also at line 10); a management port's name identifies it: remove the copy or rename one.",
    ]);
  });
  it("says, when a port's contract is not found, which files of the project could not be read and may hold it", () => {
    const port = "outputPorts:\n  - {name: orders, version: 1.2.0, contractId: 0a6d2a3c-orders}\n";
    const missing = (context: Record<string, string>) => lint({ "p.yaml": product(port) }, config(), context).find((f) => f.ruleId === "output-port-contract")!.message;
    expect(missing({})).toMatch(/is not in this repository; add the contract or fix the id\.$/);
    expect(missing({ "c.yaml": `${VALID_CONTRACT}schema: [\n` })).toMatch(/is not in this repository; add the contract or fix the id \(or it is in a file meshkit could not read: c\.yaml; lint it to see why\)\.$/);
  });
  it("says what an id that names no contract most likely meant: a contract id in another case or with a typo, or a product's id", () => {
    const other = product("outputPorts: []\n").replace("id: p-orders", "id: p-upstream");
    const ports = "outputPorts:\n  - {name: a, version: 1.2.0, contractId: 0A6D2A3C-ORDERS}\n  - {name: b, version: 1.2.0, contractId: 0a6d2a3c-order}\n  - {name: c, version: 1.2.0, contractId: p-upstream}\n  - {name: d, version: 1.2.0, contractId: 71e74fb3-ledger}\n  - {name: f, version: 1.2.0, contractId: c9}\ninputPorts:\n  - {name: e, version: 1.0.0, contractId: p-upstream}\n";
    const findings = lint({ "p.yaml": product(ports) }, config(), { "c.yaml": VALID_CONTRACT, "up.yaml": other, "c1.yaml": VALID_CONTRACT.replace("id: 0a6d2a3c-orders", "id: c1") }).filter((f) => f.ruleId.endsWith("-port-contract"));
    expect(findings.map((f) => `${f.line} ${f.message}`)).toEqual([
      "8 Output port `a` references contract 0A6D2A3C-ORDERS, which is not in this repository; add the contract or fix the id. Did you mean 0a6d2a3c-orders (c.yaml)?",
      "9 Output port `b` references contract 0a6d2a3c-order, which is not in this repository; add the contract or fix the id. Did you mean 0a6d2a3c-orders (c.yaml)?",
      "10 Output port `c` references contract p-upstream, which is not in this repository; add the contract or fix the id. p-upstream is the id of the data product in up.yaml, not of a contract: name the contract one of its output ports serves.",
      "11 Output port `d` references contract 71e74fb3-ledger, which is not in this repository; add the contract or fix the id.",
      // (one edit from the short id c1: among short ids that is no likely typo)
      "12 Output port `f` references contract c9, which is not in this repository; add the contract or fix the id.",
      "14 Input port `e` consumes contract p-upstream from outside this repository; its version cannot be checked here. p-upstream is the id of the data product in up.yaml, not of a contract: name the contract one of its output ports serves.",
    ]);
  });
  it("warns an input port that reads a retired contract (no longer served), unless the reading product is retired too", () => {
    const ports = "outputPorts:\n  - {name: summary, version: 1.0.0, contractId: external-summary}\ninputPorts:\n  - {name: orders, version: 1.2.0, contractId: 0a6d2a3c-orders}\n";
    const retired = { "c.yaml": VALID_CONTRACT.replace("status: active", "status: Retired") };
    const findings = lint({ "p.yaml": product(ports) }, config(), retired).filter((f) => f.ruleId === "input-port-contract");
    expect(findings.map((f) => `${f.severity}@${f.line}:${f.column} ${f.message}`)).toEqual([
      "warning@10:48 Input port `orders` consumes contract 0a6d2a3c-orders, which is retired (c.yaml): its data is no longer served; move the port to the contract that replaced it, or remove the port.",
    ]);
    const retiredReader = product(ports).replace("status: active", "status: retired");
    expect(lint({ "p.yaml": retiredReader }, config(), retired).filter((f) => f.ruleId === "input-port-contract")).toEqual([]);
    // A deprecated contract is still served.
    const deprecated = { "c.yaml": VALID_CONTRACT.replace("status: active", "status: deprecated") };
    expect(lint({ "p.yaml": product(ports) }, config(), deprecated).filter((f) => f.ruleId === "input-port-contract")).toEqual([]);
  });
  it("warns an output port's inputContracts entry that names a retired contract, as an input port reading it", () => {
    const ports = "outputPorts:\n  - name: summary\n    version: 1.0.0\n    contractId: external-summary\n    inputContracts:\n      - {id: 0a6d2a3c-orders, version: 1.2.0}\n";
    const found = (contracts: Record<string, string>, text = product(ports)) => lint({ "p.yaml": text }, config(), contracts).filter((f) => f.ruleId === "input-port-contract").map((f) => `${f.severity}@${f.line}:${f.column} ${f.message}`);
    expect(found({ "c.yaml": VALID_CONTRACT.replace("status: active", "status: retired") })).toEqual([
      "warning@12:14 Output port `summary` lists input contract 0a6d2a3c-orders, which is retired (c.yaml): its data is no longer served; name the contract that replaced it, or remove the entry.",
    ]);
    expect(found({ "c.yaml": VALID_CONTRACT.replace("status: active", "status: retired") }, product(ports).replace("status: active", "status: retired"))).toEqual([]);
    expect(found({ "c.yaml": VALID_CONTRACT.replace("status: active", "status: deprecated") })).toEqual([]);
  });
  it("shows an id with spaces around it quoted, and says the spaces are what keeps it from naming the contract here", () => {
    // Unquoted, `c1 ` read as the id of the contract beside it; a short id gets no typo suggestion, so nothing said why.
    const ports = "outputPorts:\n  - {name: a, version: 1.2.0, contractId: \"c1 \"}\ninputPorts:\n  - {name: e, version: 1.0.0, contractId: \" 0a6d2a3c-orders\"}\n";
    const contracts = { "c.yaml": VALID_CONTRACT, "c1.yaml": VALID_CONTRACT.replace("id: 0a6d2a3c-orders", "id: c1") };
    const findings = lint({ "p.yaml": product(ports) }, config(), contracts).filter((f) => f.ruleId.endsWith("-port-contract"));
    expect(findings.map((f) => `${f.line} ${f.message}`)).toEqual([
      '8 Output port `a` references contract "c1 ", which is not in this repository; add the contract or fix the id. Ids are compared exactly, spaces included: remove the spaces around it (contract c1 is in c1.yaml).',
      '10 Input port `e` consumes contract " 0a6d2a3c-orders" from outside this repository; its version cannot be checked here. Ids are compared exactly, spaces included: remove the spaces around it (contract 0a6d2a3c-orders is in c.yaml).',
    ]);
  });
  it("compares a port with no contract version that is not text: a missing one, or `version: 2.0` (YAML's number 2), is the contract's finding", () => {
    const ports = "outputPorts:\n  - {name: a, version: 1.2.0, contractId: no-version}\n  - {name: b, version: 2.0.0, contractId: numeric}\n";
    const noVersion = VALID_CONTRACT.replace("id: 0a6d2a3c-orders", "id: no-version").replace(/^version: .*\n/m, "");
    const numeric = VALID_CONTRACT.replace("id: 0a6d2a3c-orders", "id: numeric").replace(/^version: .*$/m, "version: 2.0");
    const findings = lint({ "p.yaml": product(ports) }, config(), { "a.yaml": noVersion, "b.yaml": numeric });
    expect(findings.map((f) => `${f.ruleId} ${f.message}`)).toEqual([]);
  });
  it("names an unreadable file among the files linted too, not only among the rest of the repository", () => {
    // `meshkit lint .` and the pre-commit hook lint the broken contract with the product that names it.
    const port = "outputPorts:\n  - {name: orders, version: 1.2.0, contractId: 0a6d2a3c-orders}\n";
    const findings = lint({ "p.yaml": product(port), "c.yaml": `${VALID_CONTRACT}schema: [\n` });
    expect(findings.find((f) => f.ruleId === "output-port-contract")!.message).toMatch(/\(or it is in a file meshkit could not read: c\.yaml; lint it to see why\)\.$/);
  });
  it("says which standard an apiVersion of the other one belongs to, and an empty version as empty", () => {
    const messages = (text: string) => lint({ "p.yaml": text }).map((f) => f.message);
    expect(messages(product("").replace("apiVersion: v1.0.0", "apiVersion: v3.1.0"))).toEqual([
      'DataProduct apiVersion "v3.1.0" is an ODCS (data contract) version; use one of v0.9.0, v1.0.0 (or check the kind: is this a DataContract?).',
    ]);
    expect(messages(product("").replace("version: 1.0.0", "version:"))).toContain("Version is empty and is not semver (MAJOR.MINOR.PATCH). Compatibility checks compare versions by semver.");
  });
  it("warns about a product with no output port (ODPS asks for one), and refuses a blank id", () => {
    expect(where(lint({ "p.yaml": product("outputPorts: []\n") }))).toEqual(["output-port-contract@7:14"]);
    // No `outputPorts` at all is no port either: at the document.
    expect(where(lint({ "p.yaml": product("") }))).toEqual(["output-port-contract@1:1"]);
    expect(lint({ "p.yaml": product("outputPorts: []\n") })[0]!.severity).toBe("warning");
    const blank = lint({ "p.yaml": product("").replace("id: p-orders", 'id: "  "') });
    expect(blank.filter((f) => f.ruleId !== "output-port-contract").map((f) => `${f.ruleId}@${f.line}:${f.column} ${f.message}`)).toEqual([
      "unique-document-id@3:5 The product id is blank; ids identify a product across versions and repos: give it one (e.g. a new UUID).",
    ]);
  });
  it("accepts an output port whose contract and version are in the repository", () => {
    const findings = lint({ "p.yaml": product("outputPorts:\n  - name: orders\n    version: 1.2.0\n    contractId: 0a6d2a3c-orders\n") }, config(), { "c.yaml": VALID_CONTRACT });
    expect(findings).toEqual([]);
  });
  it("flags an output port at another version than its contract", () => {
    const findings = lint({ "p.yaml": product("outputPorts:\n  - name: orders\n    version: 1.1.0\n    contractId: 0a6d2a3c-orders\n") }, config(), { "c.yaml": VALID_CONTRACT });
    expect(where(findings)).toEqual(["output-port-contract@9:14"]);
    expect(findings[0]!.message).toContain("1.2.0");
  });
  it("leaves an output port version that is a mapping, a list or a number to schema-valid and semver-version, not compared as [object Object] or shown as 1", () => {
    const port = (version: string) => product(`outputPorts:\n  - name: orders\n    version: ${version}\n    contractId: 0a6d2a3c-orders\n`);
    for (const version of ["{major: 1}", "[1, 2]", "null", "1.2", "1"]) {
      const findings = lint({ "p.yaml": port(version) }, config(), { "c.yaml": VALID_CONTRACT });
      expect(findings.filter((f) => f.ruleId === "output-port-contract"), version).toEqual([]);
    }
    // A number is not silent: semver-version shows it as written, at the port's version.
    const number = lint({ "p.yaml": port("1.2") }, config(), { "c.yaml": VALID_CONTRACT }).filter((f) => f.ruleId === "semver-version");
    expect(number.map((f) => `${f.line}:${f.column} ${f.message}`)).toEqual(['9:14 Version 1.2 (a number, not a string) is not semver (MAJOR.MINOR.PATCH); write "1.2.0". Compatibility checks compare versions by semver.']);
  });
  it("leaves a port version that is not semver but names the contract's version to semver-version alone, one finding, not two", () => {
    const port = (version: string) => product(`outputPorts:\n  - name: orders\n    version: ${version}\n    contractId: 0a6d2a3c-orders\n`);
    const found = (version: string) => lint({ "p.yaml": port(version) }, config(), { "c.yaml": VALID_CONTRACT }).map((f) => `${f.ruleId}@${f.line}:${f.column}`);
    // semver-version says "write 1.2.0", the contract's version: the port names it.
    expect(found('"1.2"')).toEqual(["semver-version@9:14"]);
    // Written as semver-version says, it would still be another version: both findings hold.
    expect(found('"1.1"')).toEqual(["output-port-contract@9:14", "semver-version@9:14"]);
    expect(found("latest")).toEqual(["output-port-contract@9:14", "semver-version@9:14"]);
    // The same when it is the contract's version that is not semver: semver-version's "write 1.2.0" there is the port's.
    const atContract = (written: string, portVersion: string) =>
      lint({ "p.yaml": port(portVersion), "c.yaml": VALID_CONTRACT.replace("version: 1.2.0", `version: ${written}`) }).map((f) => `${f.ruleId}@${f.line}:${f.column}`);
    expect(atContract('"1.2"', "1.2.0")).toEqual(["semver-version@5:10"]);
    expect(atContract('"1.2"', "1.1.0")).toEqual(["semver-version@5:10", "output-port-contract@9:14"]);
  });
  it("flags an output port whose contract is missing or unnamed", () => {
    const findings = lint({ "p.yaml": product("outputPorts:\n  - name: orders\n    version: 1.0.0\n    contractId: nope\n  - name: raw\n    version: 1.0.0\n") });
    expect(where(findings)).toEqual(["output-port-contract@10:17", "output-port-contract@11:5"]);
  });
  it("says a port's contract is there but of an apiVersion meshkit does not read, rather than missing", () => {
    const unread = { "c.yaml": VALID_CONTRACT.replace("apiVersion: v3.1.0", "apiVersion: v3.2.0") };
    const ports = "outputPorts:\n  - name: orders\n    version: 1.2.0\n    contractId: 0a6d2a3c-orders\ninputPorts:\n  - name: again\n    version: 1.2.0\n    contractId: 0a6d2a3c-orders\n";
    const findings = lint({ "p.yaml": product(ports) }, config(), unread);
    expect(findings.map((f) => `${f.ruleId}:${f.severity} ${f.message}`)).toEqual([
      'output-port-contract:warning Output port `orders` references contract 0a6d2a3c-orders, which is in c.yaml, but with apiVersion "v3.2.0", which meshkit does not read (see unsupported-api-version there).',
      'input-port-contract:info Input port `again` consumes contract 0a6d2a3c-orders, which is in c.yaml, but with apiVersion "v3.2.0", which meshkit does not read (see unsupported-api-version there); its version cannot be checked.',
    ]);
  });
  it("names each version of a contract id once with its files, and quotes a blank port version", () => {
    const port = (version: string) => `outputPorts:\n  - name: orders\n    version: ${version}\n    contractId: 0a6d2a3c-orders\n`;
    const context = { "c.yaml": VALID_CONTRACT, "copy.yaml": VALID_CONTRACT, "next.yaml": VALID_CONTRACT.replace("version: 1.2.0", "version: 1.3.0") };
    const message = (version: string) => lint({ "p.yaml": product(port(version)) }, config(), context).find((f) => f.ruleId === "output-port-contract")?.message;
    expect(message("2.0.0")).toBe("Output port `orders` declares version 2.0.0, but contract 0a6d2a3c-orders is at 1.2.0 (c.yaml, copy.yaml), 1.3.0 (next.yaml); make them match.");
    expect(message("''")).toBe('Output port `orders` declares version "", but contract 0a6d2a3c-orders is at 1.2.0 (c.yaml, copy.yaml), 1.3.0 (next.yaml); make them match.');
  });

  it("checks an input port's version against its contract when the contract is in the repository", () => {
    // VALID_CONTRACT is 0a6d2a3c-orders at 1.2.0.
    const port = (version: string) => `inputPorts:\n  - name: orders\n    version: ${version}\n    contractId: 0a6d2a3c-orders\n`;
    const found = (version: string) => lint({ "p.yaml": product(port(version)) }, config(), { "c.yaml": VALID_CONTRACT }).filter((f) => f.ruleId === "input-port-contract");
    // The same version, or an older one in the contract's caret range (the consumer lags behind compatibly).
    expect(found("1.2.0")).toEqual([]);
    expect(found("v1.2.0")).toEqual([]);
    expect(found("1.0.0")).toEqual([]);
    // A version the contract has not released, and one of another major version, are not served here.
    const newer = found("9.9.9");
    expect(newer.map((f) => `${f.severity}@${f.line}:${f.column}`)).toEqual(["error@9:14"]);
    expect(newer[0]!.message).toBe("Input port `orders` reads version 9.9.9 of contract 0a6d2a3c-orders, but the contract is at 1.2.0 (c.yaml): that version does not exist in this repository; read a version the contract has released.");
    expect(found("1.3.0").map((f) => f.severity)).toEqual(["error"]);
    const older = found("0.9.0");
    expect(older.map((f) => f.severity)).toEqual(["error"]);
    expect(older[0]!.message).toContain("another compatibility line");
    // A version that is not semver is semver-version's finding, not this rule's.
    expect(found("latest")).toEqual([]);
  });
  it("checks the version of an output port's inputContracts entry against its contract when the contract is in the repository", () => {
    // The catalog draws an output port's lineage from its inputContracts: one naming a release the contract in
    // the repository does not serve is the same mistake as an input port's. External ids are not checked here.
    const ports = (version: string) =>
      `outputPorts:\n  - name: summary\n    version: 1.2.0\n    contractId: 0a6d2a3c-orders\n    inputContracts:\n      - {id: erp-orders, version: 7.0.0}\n      - id: 0a6d2a3c-orders\n        version: ${version}\n`;
    const found = (version: string) => lint({ "p.yaml": product(ports(version)) }, config(), { "c.yaml": VALID_CONTRACT }).map((f) => `${f.ruleId}:${f.severity}@${f.line}:${f.column} ${f.message}`);
    expect(found("1.2.0")).toEqual([]);
    expect(found("1.1.0")).toEqual([]);
    // A version that is not semver is semver-version's finding (as an input port's is), not this rule's.
    expect(found("latest")).toEqual(['semver-version:error@14:18 Version "latest" is not semver (MAJOR.MINOR.PATCH). Compatibility checks compare versions by semver.']);
    expect(found("9.0.0")).toEqual([
      "input-port-contract:error@14:18 Output port `summary` lists input contract 0a6d2a3c-orders at version 9.0.0, but the contract is at 1.2.0 (c.yaml): that version does not exist in this repository; read a version the contract has released.",
    ]);
    expect(found("0.9.0")[0]).toContain("another compatibility line");
    // An id that is not here is left alone, unless it looks like a slip for one that is (then info, with the hint).
    const typo = lint({ "p.yaml": product(ports("1.2.0").replace("- id: 0a6d2a3c-orders", "- id: 0A6D2A3C-orders")) }, config(), { "c.yaml": VALID_CONTRACT });
    expect(typo.map((f) => `${f.ruleId}:${f.severity}@${f.line}:${f.column} ${f.message}`)).toEqual([
      "input-port-contract:info@13:13 Output port `summary` lists input contract 0A6D2A3C-orders, which is not in this repository. Did you mean 0a6d2a3c-orders (c.yaml)?",
    ]);
  });
  it("reads a contract at a pre-release as in the line of its version, not in another compatibility line", () => {
    const port = (version: string) => `inputPorts:\n  - name: orders\n    version: ${version}\n    contractId: 0a6d2a3c-orders\n`;
    const at = (contract: string, version: string) =>
      lint({ "p.yaml": product(port(version)) }, config(), { "c.yaml": VALID_CONTRACT.replace("version: 1.2.0", `version: ${contract}`) })
        .filter((f) => f.ruleId === "input-port-contract")
        .map((f) => f.message);
    // 1.3.0-rc.1 is the next minor's release candidate: a port still reading 1.2.0 lags behind compatibly.
    expect(at("1.3.0-rc.1", "1.2.0")).toEqual([]);
    expect(at("1.2.1-beta.2", "1.2.0")).toEqual([]);
    // The next major's pre-release is another line; a release the pre-release precedes is not out yet.
    expect(at("2.0.0-beta.1", "1.9.0")[0]).toContain("another compatibility line");
    expect(at("2.0.0-beta.1", "2.0.0")[0]).toContain("that version does not exist in this repository");
  });
  it("reads a contract's version that is not semver as semver-version says to write it, as an output port's is compared", () => {
    const port = (version: string) => `inputPorts:\n  - name: orders\n    version: ${version}\n    contractId: 0a6d2a3c-orders\n`;
    const at = (contract: string, version: string) =>
      lint({ "p.yaml": product(port(version)), "c.yaml": VALID_CONTRACT.replace("version: 1.2.0", `version: ${contract}`) })
        .filter((f) => f.ruleId === "input-port-contract" || f.ruleId === "semver-version")
        .map((f) => `${f.ruleId}@${f.line}:${f.column}`);
    // `1.2` is 1.2.0 (semver-version says so at the contract): a port reading 1.2.0 or 1.1.0 is served, 3.0.0 is not.
    expect(at('"1.2"', "1.2.0")).toEqual(["semver-version@5:10"]);
    expect(at('"1.2"', "1.1.0")).toEqual(["semver-version@5:10"]);
    expect(at('"1.2"', "3.0.0")).toEqual(["semver-version@5:10", "input-port-contract@9:14"]);
  });
  it("warns about an input port that reads a contract the product itself serves (lineage would show it as its own upstream)", () => {
    const ports = "outputPorts:\n  - name: orders\n    version: 1.2.0\n    contractId: 0a6d2a3c-orders\ninputPorts:\n  - name: again\n    version: 1.2.0\n    contractId: 0a6d2a3c-orders\n";
    const findings = lint({ "p.yaml": product(ports) }, config(), { "c.yaml": VALID_CONTRACT });
    expect(findings.map((f) => `${f.ruleId}:${f.severity}@${f.line}:${f.column}`)).toEqual(["input-port-contract:warning@14:17"]);
    expect(findings[0]!.message).toContain("which this product serves on its own output port");
  });
  it("takes a configured level as the most severe its findings get: error keeps the external info, lower levels lower the rest", () => {
    // (docs/rules/input-port-contract.md, docs/configuration.md)
    const ports = "inputPorts:\n  - {name: erp, version: 3.0.0, contractId: erp-orders}\n  - {name: crm, version: 1.0.0}\n";
    const at = (level: "error" | "warning" | "info" | "off") =>
      lint({ "p.yaml": product(ports) }, config({ rules: { "input-port-contract": level } }))
        .filter((f) => f.ruleId === "input-port-contract")
        .map((f) => `${f.severity}@${f.line}`);
    expect(at("error")).toEqual(["info@8", "error@9"]);
    expect(at("warning")).toEqual(["info@8", "warning@9"]);
    expect(at("info")).toEqual(["info@8", "info@9"]);
    expect(at("off")).toEqual([]);
  });
  it("reports external input contracts as info and missing ids as errors", () => {
    const findings = lint({ "p.yaml": product("inputPorts:\n  - name: erp\n    version: 3.0.0\n    contractId: erp-orders\n  - name: crm\n    version: 1.0.0\n") });
    expect(findings.map((f) => `${f.ruleId}:${f.severity}@${f.line}`)).toEqual(["output-port-contract:warning@1", "input-port-contract:info@10", "input-port-contract:error@11"]);
  });
  it("reads a blank or empty contractId as none, and leaves one that is not text to schema-valid", () => {
    const ports = (output: string, input: string) => product(`outputPorts:\n  - name: orders\n    version: 1.0.0\n    contractId: ${output}\ninputPorts:\n  - name: erp\n    version: 1.0.0\n    contractId: ${input}\n`);
    const shown = (text: string) => lint({ "p.yaml": text }).map((f) => `${f.ruleId}:${f.severity}@${f.line}:${f.column} ${f.message}`);
    expect(shown(ports('""', '"  "'))).toEqual([
      "output-port-contract:error@10:17 Output port `orders` has no contractId; every output port needs a data contract that consumers can rely on.",
      "input-port-contract:error@14:17 Input port `erp` has no contractId; name the upstream contract so lineage and impact analysis can follow it.",
    ]);
    // `contractId:` with no value: one finding at it, not the schema's as well.
    expect(shown(ports("", "erp-orders")).filter((f) => !f.startsWith("input-port-contract:info"))).toEqual([
      "output-port-contract:error@10:17 Output port `orders` has no contractId; every output port needs a data contract that consumers can rely on.",
    ]);
    // A number names a contract, wrongly typed: the schema says so, not "has no contractId".
    expect(shown(ports("42", "7"))).toEqual([
      "schema-valid:error@10:17 ODPS schema: `contractId` must be a string: YAML reads `42` as a number, not as text; quote it (`contractId: '42'`)",
      "schema-valid:error@14:17 ODPS schema: `contractId` must be a string: YAML reads `7` as a number, not as text; quote it (`contractId: '7'`)",
    ]);
  });
  it("says how to quote an id, a name or a tag YAML reads as a number or a bool, as written, not only that it must be a string", () => {
    const text = "apiVersion: v1.0.0\nkind: DataProduct\nid: 0x1F\nstatus: active\ntags: [2024, finance]\noutputPorts:\n  - name: true\n    version: 1.0.0\n    contractId: 123e4567\n";
    expect(lintOne(text).filter((f) => f.ruleId === "schema-valid").map((f) => `${f.line}:${f.column} ${f.message}`)).toEqual([
      "3:5 ODPS schema: `id` must be a string: YAML reads `0x1F` as a number, not as text; quote it (`id: '0x1F'`)",
      "5:8 ODPS schema: item 0 of `tags` must be a string: YAML reads `2024` as a number, not as text; quote it (`'2024'`)",
      "7:11 ODPS schema: `name` must be a string: YAML reads `true` as a bool, not as text; quote it (`name: 'true'`)",
      "9:17 ODPS schema: `contractId` must be a string: YAML reads `123e4567` as a number, not as text; quote it (`contractId: '123e4567'`)",
    ]);
    // In JSON, quoted as JSON; a value of another type (a list) gets no hint.
    const json = lint({ "p.json": '{"apiVersion": "v1.0.0", "kind": "DataProduct", "id": 7, "status": ["active"]}' }).filter((f) => f.ruleId === "schema-valid");
    expect(json.map((f) => f.message)).toEqual(['ODPS schema: `id` must be a string: JSON reads `7` as a number, not as text; quote it (`"id": "7"`)', "ODPS schema: `status` must be a string"]);
  });
});

describe("documents meshkit cannot read", () => {
  it("reports an unsupported apiVersion at its node", () => {
    const findings = lintOne(VALID_CONTRACT.replace("apiVersion: v3.1.0", "apiVersion: v2.2.2"));
    expect(where(findings)).toEqual(["unsupported-api-version@1:13"]);
    expect(findings[0]!.message).toContain("v3.1.0");
  });
  it.each([
    ["a scalar", "just a string\n"],
    ["a list", "- a\n- b\n"],
    ["an empty file", ""],
    ["another tool's YAML", "name: ci\non: push\n"],
  ])("reports %s named on the command line as not-a-document", (_, text) => {
    expect(lintOne(text).map((f) => f.ruleId)).toEqual(["not-a-document"]);
  });
  it("says of a sample-data file named as a path that data goes to meshkit test --data, or the contract-test action's data input", () => {
    const [finding] = lintSources([bytesSource("data/orders.csv", "id,amount\n1,2\n", true)], [], config()).findings;
    expect(finding?.message).toMatch(/found a string scalar; .* It is named like sample data: contract-test reads data from the contract's server, or from a file or folder given apart \(`meshkit test --data`, the contract-test action's `data` input\), not from the paths\.$/);
  });
  it("skips non-documents that were only discovered", () => {
    expect(lint({}, config(), {})).toEqual([]);
  });
  it("reports the rest of a contract cut off by a stray --- at that document's first line", () => {
    const text = "apiVersion: v3.1.0\nkind: DataContract\nid: a\nversion: 1.0.0\nstatus: active\nteam: {name: t, members: [{username: a}]}\n---\nschema:\n  - name: Bad Name\n";
    const findings = lint({ "x.odcs.yaml": text });
    expect(where(findings.filter((f) => f.ruleId === "not-a-document"))).toEqual(["not-a-document@8:1"]);
  });
  it("reports every extra document of a named file that is not a meshkit document", () => {
    const findings = lintOne(`${VALID_CONTRACT}---\n- a\n---\n42\n---\nname: ci\n`);
    expect(where(findings)).toEqual(["not-a-document@37:1", "not-a-document@39:1", "not-a-document@41:1"]);
    expect(findings.map((f) => f.message.match(/found (a list|a number scalar|a mapping without a known kind)/)?.[1])).toEqual(["a list", "a number scalar", "a mapping without a known kind"]);
  });
  it("reports every document of a named file when none is a meshkit document", () => {
    expect(where(lintOne("a: 1\n---\n- b\n"))).toEqual(["not-a-document@1:1", "not-a-document@3:1"]);
  });
  it("reports a stray document in a discovered file that holds a contract", () => {
    const found = (text: string) => lintSources([bytesSource("c.yaml", text)], [], config()).findings;
    expect(where(found(`${VALID_CONTRACT}---\n- a\n`))).toEqual(["not-a-document@37:1"]);
    expect(found("name: ci\n---\n- kind: DataContract\n")).toEqual([]);
  });
  it("ignores the empty document after a trailing ---, which hides nothing", () => {
    expect(lintOne(`${VALID_CONTRACT}---\n`)).toEqual([]);
  });
  it("reports a discovered contract or product that lost its kind (a standard apiVersion and an id), and not other YAML", () => {
    const found = (text: string) => lintSources([bytesSource("c.yaml", text)], [], config()).findings;
    const contract = found(VALID_CONTRACT.replace("kind: DataContract\n", ""));
    expect(contract.map((f) => [f.ruleId, f.line, f.message])).toEqual([["not-a-document", 1, "Not read as a contract: it has apiVersion v3.1.0 and an id but no kind; add kind: DataContract."]]);
    expect(found("apiVersion: v1.0.0\nid: orders\nname: orders\nstatus: active\n")[0]!.message).toContain("add kind: DataProduct");
    // Another tool's file with one of those version strings, but nothing that makes it a contract.
    expect(found("apiVersion: v1.0.0\nname: chart\n")).toEqual([]);
    expect(found("apiVersion: v1.0.0\nkind: Chart\nid: x\n")).toEqual([]);
  });
  it.each(["datacontract", "' DataContract'", "[DataContract]", "true", "1.5", "{a: 1}"])(
    "reports a discovered contract whose kind is misspelt (%s) at that kind, rather than skip it unchecked",
    (kind) => {
      const found = lintSources([bytesSource("c.yaml", VALID_CONTRACT.replace("kind: DataContract", `kind: ${kind}`))], [], config()).findings;
      expect(found.map((f) => `${f.ruleId}@${f.line}:${f.column} ${f.path}`)).toEqual(["not-a-document@2:7 /kind"]);
      expect(found[0]!.message).toMatch(/^Not an ODCS contract or ODPS product: kind .* with apiVersion "v3\.1\.0" is not a document meshkit reads;/);
    },
  );
  it.each([
    ["datacontract", VALID_CONTRACT, "DataContract"],
    ["DataContact", VALID_CONTRACT, "DataContract"],
    ["dataproduct", "apiVersion: v1.0.0\nkind: DataProduct\nid: p\nstatus: active\n", "DataProduct"],
  ])("says which kind a misspelt one (%s) meant, and reports it in a folder walk too", (kind, text, meant) => {
    const found = lintSources([bytesSource("c.yaml", text.replace(/kind: Data\w+/, `kind: ${kind}`))], [], config()).findings;
    expect(found.map((f) => `${f.ruleId}@${f.line}:${f.column}`)).toEqual(["not-a-document@2:7"]);
    expect(found[0]!.message).toContain(`is not a document meshkit reads; did you mean kind: ${meant}? A kind is spelt exactly:`);
  });
  it("reports a kind written but left empty at that kind, where the fix goes", () => {
    for (const empty of ["kind: ''", "kind: null", "kind:"]) {
      const findings = lintOne(VALID_CONTRACT.replace("kind: DataContract", empty));
      expect(findings.map((f) => `${f.ruleId}@${f.line}:${f.column} ${f.path}`)).toEqual([`not-a-document@2:${empty === "kind:" ? 6 : 7} /kind`]);
      expect(findings[0]!.message).toBe("Not read as a contract: it has apiVersion v3.1.0 and an id but an empty kind; set kind: DataContract.");
    }
  });
  it.each([
    ["in another case", "Kind: DataContract", "Kind"],
    ["with a zero-width space in it", '"kind\u200b": DataContract', "kind\\u200b"],
    ["with a no-break space before it", "\u00a0kind: DataContract", "\\u00a0kind"],
  ])("reports a `kind` key written %s at that key, not as a document with no kind", (_name, line, shown) => {
    const findings = lintOne(VALID_CONTRACT.replace("kind: DataContract", line));
    expect(findings.map((f) => `${f.ruleId}@${f.line}:${f.column}`)).toEqual(["not-a-document@2:1"]);
    expect(findings[0]!.message).toBe(`Not read as a contract or product: its key \`${shown}\` is not \`kind\` (keys are spelt exactly, in case and without invisible characters); rename it to kind.`);
  });
  it("reports an `apiVersion` key written in another case at that key, not as a contract with no apiVersion", () => {
    const findings = lintOne(VALID_CONTRACT.replace("apiVersion: v3.1.0", "ApiVersion: v3.1.0"));
    expect(findings.map((f) => `${f.ruleId}@${f.line}:${f.column} ${f.path}`)).toEqual(["unsupported-api-version@1:1 /ApiVersion"]);
    expect(findings[0]!.message).toBe("DataContract has no apiVersion: its key `ApiVersion` is not `apiVersion` (keys are spelt exactly, in case and without invisible characters); rename it to apiVersion.");
  });
  it("reports a look-alike `apiVersion` key beside a misspelt kind, and that kind too", () => {
    const findings = lintOne(VALID_CONTRACT.replace("kind: DataContract", "kind: DataContrat").replace("apiVersion: v3.1.0", "ApiVersion: v3.1.0"));
    expect(findings.map((f) => `${f.ruleId}@${f.line}:${f.column} ${f.path}`)).toEqual(["not-a-document@1:1 /ApiVersion", "not-a-document@2:7 /kind"]);
    expect(findings[1]!.message).toContain("did you mean kind: DataContract?");
  });
  it("reports both look-alike keys, also in a folder walk", () => {
    const text = VALID_CONTRACT.replace("kind: DataContract", "Kind: DataContract").replace("apiVersion: v3.1.0", "ApiVersion: v3.1.0");
    const found = lintSources([bytesSource("c.yaml", text)], [], config()).findings;
    expect(found.map((f) => `${f.ruleId}@${f.line}:${f.column} ${f.path}`)).toEqual(["not-a-document@1:1 /ApiVersion", "not-a-document@2:1 /Kind"]);
  });
});

describe("relationships", () => {
  const contract = (schema: string) => `apiVersion: v3.1.0\nkind: DataContract\nid: rel\nversion: 1.0.0\nstatus: active\nteam: {name: sales}\nschema:\n${schema}`;
  const SCHEMA = `  - id: orders_tbl
    name: orders
    relationships:
      - {from: orders.customer_ref, to: customers.id}
      - {from: schema/orders_tbl/properties/cust, to: schema/customers_tbl/properties/cid}
      - {from: [orders.customer_id, orders.country], to: [customers.id, customers.address.country]}
    properties:
      - {id: cust, name: customer_id, relationships: [{to: customers.id}, {to: customers.missing}, {to: "customers.odcs.yaml#/schema/c/properties/x"}]}
      - {name: country}
      - {name: lines, logicalType: array, items: {logicalType: object, properties: [{name: sku, relationships: [{to: schema/customers_tbl/properties/nope}]}]}}
  - id: customers_tbl
    name: customers
    properties:
      - {id: cid, name: id}
      - {name: address, logicalType: object, properties: [{name: country}]}
`;

  it("resolves shorthand (by names, nested too) and fully qualified (by ids) references; says which do not resolve", () => {
    const findings = lintOne(contract(SCHEMA)).filter((f) => f.ruleId.startsWith("relationship"));
    expect(findings.map((f) => `${f.ruleId}@${f.line}:${f.column} ${f.severity}`)).toEqual([
      "relationship-reference@11:16 warning",
      "relationship-reference@15:80 warning",
      "relationship-reference@17:118 warning",
    ]);
    expect(findings[0]!.message).toBe(
      "Relationship `from` `orders.customer_ref` names no property of this contract: `orders` has no property named `customer_ref`; point it at an existing property (this notation names objects and properties by name), or at another contract's with `<contract file>#<reference>`.",
    );
    expect(findings[2]!.message).toContain(
      "`schema/customers_tbl/properties/nope` names no property of this contract: `schema/customers_tbl` has no property with the id `nope`; point it at an existing property (this notation names objects and properties by id)",
    );
  });

  it("leaves a v3.0.x contract's relationships to schema-valid, which reports the key v3.0.x does not define, once per line", () => {
    const v30 = contract(SCHEMA).replace("apiVersion: v3.1.0", "apiVersion: v3.0.2");
    const findings = lintOne(v30).filter((f) => f.ruleId.startsWith("relationship") || f.path.endsWith("/relationships"));
    expect(findings.map((f) => `${f.ruleId}@${f.line}:${f.column}`)).toEqual(["schema-valid@10:5", "schema-valid@15:39", "schema-valid@17:97"]);
    expect(findings[0]!.message).toContain("unknown property `relationships` in schema object; remove it or move it under customProperties (valid in ODCS v3.1.0; this contract is v3.0.2)");
  });

  it("says why a reference names no property: a name where the notation takes an id (or the other way round), a missing step", () => {
    const text = contract(`  - id: orders_tbl
    name: orders
    properties:
      - name: customer_id
        relationships:
          - to: schema/customers/properties/cid
          - to: schema/customers_tbl/properties/region
          - to: schema/customers_tbl/properties/addr/properties/zip
          - to: schema/customers_tbl
          - to: customers_tbl.id
          - to: customers.cid
          - to: customers.address.zip
          - to: client.id
  - id: customers_tbl
    name: customers
    properties:
      - {id: cid, name: id}
      - {name: region}
      - {id: addr, name: address, logicalType: object, properties: [{id: city_id, name: city}]}
`);
    const reasons = lintOne(text)
      .filter((f) => f.ruleId === "relationship-reference")
      .map((f) => `${f.line} ${/names no property of this contract: (.*); point it/.exec(f.message)?.[1]}`);
    expect(reasons).toEqual([
      "13 `customers` is an object's name, not its id (its id is `customers_tbl`)",
      "14 `region` is the name of a property of `schema/customers_tbl`, not its id (it has no id)",
      "15 `schema/customers_tbl/properties/addr` has no property with the id `zip`",
      "16 it names the object `customers_tbl`, not one of its properties: add `/properties/<property id>`",
      "17 `customers_tbl` is an object's id, not its name (its name is `customers`)",
      "18 `cid` is the id of a property of `customers`, not its name (its name is `id`)",
      "19 `customers.address` has no property named `zip`",
      "20 no schema object is named `client`",
    ]);
  });
  it("checks the relationships of an array's items (an array of keys), as a property's", () => {
    const text = contract(`  - name: orders
    properties:
      - name: tag_ids
        logicalType: array
        items:
          logicalType: integer
          relationships: [{to: tags.gone}, {to: tags.label}, {to: [tags.id, tags.label]}, {to: tags.id}]
  - name: tags
    properties:
      - {name: id, logicalType: integer}
      - {name: label, logicalType: string}
`);
    const findings = lintOne(text).filter((f) => f.ruleId.startsWith("relationship"));
    expect(findings.map((f) => `${f.ruleId}@${f.line}:${f.column} ${f.message.split(";")[0]}`)).toEqual([
      "relationship-reference@14:32 Relationship `to` `tags.gone` names no property of this contract: `tags` has no property named `gone`",
      "relationship-type@14:49 Relationship joins `tag_ids[]` (integer) to `tags.label` (string): a key and the property it references need the same logical type, or the join never matches without a cast",
      "relationship-key-length@14:67 A property's relationship starts from that one property, but `to` lists 2 properties",
    ]);
  });
  it("reads a fully qualified reference with ODCS's optional leading slash, at object and property level", () => {
    const text = contract(`  - id: orders_tbl
    name: orders
    relationships:
      - {from: /schema/orders_tbl/properties/cust, to: /schema/customers_tbl/properties/cid}
      - {from: /schema/orders_tbl/properties/cust, to: /schema/customers_tbl/properties/gone}
    properties:
      - {id: cust, name: customer_id, relationships: [{to: /schema/customers_tbl/properties/cid}, {to: "https://example.com/c.yaml#schema/t/properties/x"}, {to: "c.yaml#/schema/t/properties/x"}]}
  - id: customers_tbl
    name: customers
    properties:
      - {id: cid, name: id}
`);
    const findings = lintOne(text);
    expect(where(findings)).toEqual(["relationship-reference@12:56"]);
    expect(findings[0]!.message).toContain("`/schema/customers_tbl/properties/gone` names no property");
    // Only one slash is optional: `//schema/...` is not ODCS's notation.
    const doubled = lintOne(text.replace("[{to: /schema/", "[{to: //schema/"));
    expect(where(doubled)).toEqual(["relationship-reference@12:56", "schema-valid@14:60", "relationship-reference@14:60"]);
  });

  it("resolves a name or id to the first property that has it, as a search in document order would", () => {
    // Two properties named `customer` (unique-property-name reports the second): only the first's children count.
    const text = contract(`  - id: orders_tbl
    name: orders
    relationships:
      - {from: orders.customer.id, to: schema/orders_tbl/properties/c/properties/cid}
      - {from: orders.customer.name, to: schema/orders_tbl/properties/c/properties/cname}
    properties:
      - {id: c, name: customer, logicalType: object, properties: [{id: cid, name: id}]}
      - {id: c, name: customer, logicalType: object, properties: [{id: cname, name: name}]}
`);
    // The first relationship's two notations resolve to one property (the first `customer`'s `id`): a key referencing itself.
    const findings = lintOne(text).filter((f) => f.ruleId === "relationship-reference");
    expect(where(findings)).toEqual(["relationship-reference@11:40", "relationship-reference@12:16", "relationship-reference@12:42"]);
    expect(findings[0]!.message).toContain("names the property it starts from (`orders.customer.id`)");
  });

  it("looks references up without searching an object's properties for each of them (an object of 16,000 columns took seconds)", () => {
    const withReferences = (count: number) => {
      const columns = Array.from({ length: 500 }, (_, i) => `      - {id: p${i}, name: c${i}, relationships: [{to: orders.c${(i + 1) % 500}}]}\n`).join("");
      const keys = Array.from({ length: count }, (_, i) => `      - {from: [orders.c${i}, orders.gone], to: [schema/orders_tbl/properties/p${i + 1}, schema/orders_tbl/properties/gone]}\n`).join("");
      return contract(`  - id: orders_tbl\n    name: orders\n    relationships:\n${keys}    properties:\n${columns}`);
    };
    expect(propertyListReads(relationshipReference, withReferences(200))).toBe(propertyListReads(relationshipReference, withReferences(2)));
  });

  it("requires a composite key's from and to lists to be as long as each other", () => {
    const text = contract("  - name: items\n    relationships:\n      - from: [items.a, items.b]\n        to: [other.a, other.b, other.c]\n    properties: [{name: a}, {name: b}]\n  - name: other\n    properties: [{name: a}, {name: b}, {name: c}]\n");
    const findings = lintOne(text).filter((f) => f.ruleId === "relationship-key-length");
    expect(findings.map((f) => `${f.line}:${f.column} ${f.severity} ${f.message}`)).toEqual([
      "11:13 error Composite key: `from` lists 2 properties and `to` 3; each `from` property pairs with the `to` property at its position, so the lists must be as long.",
    ]);
  });
  it("flags a composite key that lists one property twice, at the copy (SQL refuses `FOREIGN KEY (a, a)`)", () => {
    const text = contract("  - name: items\n    relationships:\n      - from: [items.a, items.a]\n        to: [other.a, other.b]\n      - from: [items.a, items.b]\n        to: [other.a, other.a]\n    properties: [{name: a}, {name: b}]\n  - name: other\n    properties: [{name: a}, {name: b}]\n");
    const findings = lintOne(text).filter((f) => f.ruleId === "relationship-key-length");
    expect(findings.map((f) => `${f.line}:${f.column} ${f.message}`)).toEqual([
      "10:25 Composite key: `from` lists `items.a` twice (positions 1 and 2); a key names each property once: remove the copy, or name the property meant.",
      "13:23 Composite key: `to` lists `other.a` twice (positions 1 and 2); a key names each property once: remove the copy, or name the property meant.",
    ]);
  });
  it("flags a composite key that lists one property twice in two notations (by names and by ids, with and without the leading slash)", () => {
    const text = contract(`  - id: items_tbl
    name: items
    relationships:
      - {from: [items.a, schema/items_tbl/properties/a_id], to: [other.a, other.b]}
      - {from: [items.a, items.b], to: [/schema/other_tbl/properties/b_id, schema/other_tbl/properties/b_id]}
      - {from: [items.a, items.b], to: ["o.yaml#/schema/t/properties/x", "o.yaml#schema/t/properties/x"]}
    properties: [{id: a_id, name: a}, {name: b}]
  - id: other_tbl
    name: other
    properties: [{name: a}, {id: b_id, name: b}]
`);
    const findings = lintOne(text).filter((f) => f.ruleId === "relationship-key-length");
    expect(findings.map((f) => `${f.line}:${f.column} ${f.message}`)).toEqual([
      "11:26 Composite key: `from` lists one property twice, written `items.a` (position 1) and `schema/items_tbl/properties/a_id` (position 2); a key names each property once: remove the copy, or name the property meant.",
      "12:76 Composite key: `to` lists one property twice, written `/schema/other_tbl/properties/b_id` (position 1) and `schema/other_tbl/properties/b_id` (position 2); a key names each property once: remove the copy, or name the property meant.",
      "13:74 Composite key: `to` lists one property twice, written `o.yaml#/schema/t/properties/x` (position 1) and `o.yaml#schema/t/properties/x` (position 2); a key names each property once: remove the copy, or name the property meant.",
    ]);
  });
  it("flags a composite key whose `from` or `to` names properties of two objects (a foreign key joins one table to one)", () => {
    const text = contract(`  - name: items
    relationships:
      - {from: [items.a, items.b], to: [other.a, third.b]}
      - {from: [items.a, other.b], to: [other.a, other.b]}
      - {from: [items.a, items.b], to: ["o.yaml#/schema/t/properties/x", "p.yaml#/schema/t/properties/y"]}
      - {from: [items.a, items.b], to: ["o.yaml#/schema/t/properties/x", "o.yaml#schema/t/properties/y"]}
      - {from: [items.a, items.b], to: [other.a, gone.b]}
    properties: [{name: a}, {name: b}]
  - name: other
    properties: [{name: a}, {name: b}]
  - name: third
    properties: [{name: b}]
`);
    const findings = lintOne(text).filter((f) => f.ruleId === "relationship-key-length");
    // Another contract's object is that file and object; a reference that resolves nowhere is not compared.
    expect(findings.map((f) => `${f.line}:${f.column} ${f.message}`)).toEqual([
      "10:50 Composite key: `to` names properties of `other` and of `third` (`third.b`, position 2); a key's properties are all in one object, as a foreign key joins one table to one table: write one relationship per object, or name the property of `other` meant.",
      "11:26 Composite key: `from` names properties of `items` and of `other` (`other.b`, position 2); a key's properties are all in one object, as a foreign key joins one table to one table: write one relationship per object, or name the property of `items` meant.",
      "12:74 Composite key: `to` names properties of `o.yaml#t` and of `p.yaml#t` (`p.yaml#/schema/t/properties/y`, position 2); a key's properties are all in one object, as a foreign key joins one table to one table: write one relationship per object, or name the property of `o.yaml#t` meant.",
    ]);
  });
  it("does not call one table of another contract two when its file is written with `./`, or the key names it by id and by name", () => {
    const text = contract(`  - name: items
    relationships:
      - {from: [items.a, items.b], to: ["./c.yaml#schema/customers_tbl/properties/id", "c.yaml#schema/customers_tbl/properties/region"]}
      - {from: [items.a, items.b], to: ["./c.yaml#/schema/customers_tbl/properties/id", "c.yaml#schema/customers_tbl/properties/id"]}
      - {from: [items.a, items.b, items.c], to: ["c.yaml#schema/customers_tbl/properties/id", "c.yaml#customers.region", "c.yaml#schema/accounts_tbl/properties/x"]}
    properties: [{name: a}, {name: b}, {name: c}]
`);
    const findings = lintOne(text).filter((f) => f.ruleId === "relationship-key-length");
    // `./c.yaml` is c.yaml: one object (and one property listed twice). Only c.yaml can say whether customers_tbl is
    // named customers: not told apart. The same notation is compared.
    expect(findings.map((f) => `${f.line}:${f.column} ${f.message}`)).toEqual([
      "11:89 Composite key: `to` lists one property twice, written `./c.yaml#/schema/customers_tbl/properties/id` (position 1) and `c.yaml#schema/customers_tbl/properties/id` (position 2); a key names each property once: remove the copy, or name the property meant.",
      "12:122 Composite key: `to` names properties of `c.yaml#customers_tbl` and of `c.yaml#accounts_tbl` (`c.yaml#schema/accounts_tbl/properties/x`, position 3); a key's properties are all in one object, as a foreign key joins one table to one table: write one relationship per object, or name the property of `c.yaml#customers_tbl` meant.",
    ]);
  });
  it("warns of a relationship whose `to` is the property it starts from, not of one to another column of its own object", () => {
    const text = contract(`  - id: emp_tbl
    name: employees
    relationships:
      - {from: employees.manager_id, to: schema/emp_tbl/properties/mgr}
      - {from: [employees.id, employees.manager_id], to: [employees.id, employees.id]}
    properties:
      - {name: id}
      - {id: mgr, name: manager_id, relationships: [{to: employees.id}, {to: employees.manager_id}]}
`);
    const findings = lintOne(text).filter((f) => f.ruleId.startsWith("relationship"));
    expect(findings.map((f) => `${f.ruleId}@${f.line}:${f.column} ${f.severity} ${f.message}`)).toEqual([
      "relationship-reference@11:42 warning Relationship `to` `schema/emp_tbl/properties/mgr` names the property it starts from (`employees.manager_id`): a key that references itself always matches and says nothing; point `to` at the key of the table referenced.",
      "relationship-reference@12:59 warning Relationship `to` `employees.id` names the property it starts from (`employees.id`): a key that references itself always matches and says nothing; point `to` at the key of the table referenced.",
      "relationship-key-length@12:73 error Composite key: `to` lists `employees.id` twice (positions 1 and 2); a key names each property once: remove the copy, or name the property meant.",
      "relationship-reference@15:78 warning Relationship `to` `employees.manager_id` names the property it starts from (`manager_id`): a key that references itself always matches and says nothing; point `to` at the key of the table referenced.",
    ]);
  });
  it("flags a property's relationship whose `to` lists several properties: its `from` is that one property", () => {
    const text = contract("  - name: items\n    properties:\n      - name: a\n        relationships:\n          - to: [other.a, other.b]\n          - to: [other.a]\n          - to: other.b\n  - name: other\n    properties: [{name: a}, {name: b}]\n");
    const findings = lintOne(text);
    expect(findings.map((f) => `${f.ruleId}@${f.line}:${f.column} ${f.severity} ${f.message}`)).toEqual([
      "relationship-key-length@12:17 error A property's relationship starts from that one property, but `to` lists 2 properties; name one (one relationship per target), or move it to the object's `relationships` with `from` listing the 2 key properties.",
    ]);
  });
  it("warns of a relationship between properties of different logical types, pairing composite keys by position", () => {
    const text = contract(`  - name: orders
    relationships:
      - {from: [orders.customer_id, orders.country], to: [customers.id, customers.country]}
    properties:
      - {name: customer_id, logicalType: integer, relationships: [{to: customers.id}, {to: customers.number}, {to: customers.code}]}
      - {name: country, logicalType: string}
  - name: customers
    properties:
      - {name: id, logicalType: string}
      - {name: number, logicalType: number}
      - {name: code}
      - {name: country, logicalType: string}
`);
    const findings = lintOne(text).filter((f) => f.ruleId === "relationship-type");
    // integer -> string twice (the object's first pair, the property's first `to`); integer -> number is one
    // numeric family, and a side without a logicalType is not compared.
    expect(findings.map((f) => `${f.line}:${f.column} ${f.severity} ${f.message}`)).toEqual([
      "10:59 warning Relationship joins `orders.customer_id` (integer) to `customers.id` (string): a key and the property it references need the same logical type, or the join never matches without a cast; change one of the two logicalTypes.",
      "12:72 warning Relationship joins `customer_id` (integer) to `customers.id` (string): a key and the property it references need the same logical type, or the join never matches without a cast; change one of the two logicalTypes.",
    ]);
  });
});

describe("servers and team", () => {
  it("flags a server port outside 1..65535, and takes every port in it", () => {
    const servers = (port: number) => `servers:\n  - {server: prod, type: postgres, host: db, port: ${port}, database: d, schema: s}\n`;
    const found = lintOne(VALID_CONTRACT.replace("schema:\n", `${servers(70000)}schema:\n`));
    expect(found.map((f) => `${f.ruleId}@${f.line}:${f.column} ${f.severity} ${f.message}`)).toEqual([
      "server-port@13:52 error Port 70000 of server `prod` is not a TCP port; use 1..65535 (the port the postgres server listens on).",
    ]);
    expect(where(lintOne(VALID_CONTRACT.replace("schema:\n", `${servers(0)}schema:\n`)))).toEqual(["server-port@13:52"]);
    for (const port of [1, 5432, 65535]) expect(lintOne(VALID_CONTRACT.replace("schema:\n", `${servers(port)}schema:\n`))).toEqual([]);
  });
  it("flags a server name used twice in a contract, at the second, naming the first's line", () => {
    const servers = "servers:\n  - {server: prod, type: postgres, host: db, port: 5432, database: d, schema: s}\n  - {server: dev, type: duckdb, database: d.duckdb}\n  - {server: prod, type: snowflake, account: a, database: d, schema: s}\n";
    const found = lintOne(VALID_CONTRACT.replace("schema:\n", `${servers}schema:\n`));
    expect(found.map((f) => `${f.ruleId}@${f.line}:${f.column} ${f.message}`)).toEqual([
      "unique-server-name@15:14 Duplicate server name `prod` (also at line 13); give each server its own name (one per environment or system), as commands choose a server by it.",
    ]);
    expect(lintOne(VALID_CONTRACT.replace("schema:\n", `${servers.replace("server: prod, type: snowflake", "server: prod_sf, type: snowflake")}schema:\n`))).toEqual([]);
  });
  it("flags a team member who left before joining, in the v3.1.0 team and a v3.0.x member list", () => {
    const v31 = VALID_CONTRACT.replace("    - username: ana\n      role: owner\n", "    - {username: ana, role: owner, dateIn: '2025-05-01', dateOut: '2024-01-31'}\n    - {username: bo, dateIn: '2025-05-01', dateOut: '2025-05-01'}\n");
    const found = lintOne(v31);
    expect(found.map((f) => `${f.ruleId}@${f.line}:${f.column} ${f.severity} ${f.message}`)).toEqual([
      "team-member-dates@10:67 warning ana left the team (dateOut 2024-01-31) before joining it (dateIn 2025-05-01); correct one of the dates.",
    ]);
    const v30 = VALID_CONTRACT.replace("apiVersion: v3.1.0", "apiVersion: v3.0.2").replace("team:\n  name: sales-data\n  members:\n", "team:\n").replace("    - username: ana\n      role: owner\n", "  - {username: ana, role: owner, dateIn: '2025-05-01', dateOut: '2024-01-31'}\n");
    expect(where(lintOne(v30).filter((f) => f.ruleId === "team-member-dates"))).toEqual(["team-member-dates@8:65"]);
    // A date the schema refuses is not compared.
    expect(lintOne(v31.replace("dateOut: '2024-01-31'", "dateOut: '2024-13-31'")).map((f) => f.ruleId)).toEqual(["schema-valid"]);
  });
  it("flags a member of a data product's team (ODPS team.members) who left before joining", () => {
    const team = "team:\n  name: sales-data\n  members:\n    - {username: ana, dateIn: 2025-05-01, dateOut: 2024-01-31}\n    - {username: bo, dateIn: 2025-05-01, dateOut: 2025-06-01}\n";
    const found = lint({ "p.yaml": product(`outputPorts:\n  - {name: orders, version: 1.2.0, contractId: 0a6d2a3c-orders}\n${team}`) }, config(), { "c.yaml": VALID_CONTRACT });
    expect(found.map((f) => `${f.ruleId}@${f.line}:${f.column} ${f.severity} ${f.message}`)).toEqual([
      "team-member-dates@12:52 warning ana left the team (dateOut 2024-01-31) before joining it (dateIn 2025-05-01); correct one of the dates.",
    ]);
  });
});

describe("custom properties and price", () => {
  it("flags a custom property set twice in one list, at the second, wherever the list is (not inside a free-form value)", () => {
    const text = VALID_CONTRACT.replace("schema:\n", "customProperties:\n  - {property: tier, value: gold}\n  - {property: owner_note, value: {customProperties: [{property: a, value: 1}, {property: a, value: 2}]}}\n  - {property: tier, value: silver}\nschema:\n")
      .replace("        classification: internal\n        quality:", "        classification: internal\n        customProperties: [{property: pii, value: false}, {property: pii, value: true}]\n        quality:");
    expect(lintOne(text).map((f) => `${f.ruleId}@${f.line}:${f.column} ${f.message}`)).toEqual([
      "unique-custom-property@15:16 Custom property `tier` is already set in this list (at line 13); keep one entry per property, as readers keep only one of the values.",
      "unique-custom-property@26:70 Custom property `pii` is already set in this list (at line 26); keep one entry per property, as readers keep only one of the values.",
    ]);
    // The same name in two lists (the contract's and a property's) is no repetition.
    expect(lintOne(VALID_CONTRACT.replace("schema:\n", "customProperties: [{property: pii, value: x}]\nschema:\n").replace("        classification: internal\n        quality:", "        classification: internal\n        customProperties: [{property: pii, value: false}]\n        quality:"))).toEqual([]);
  });
  it("flags a custom property set twice in a product's list", () => {
    const findings = lintOne(product("customProperties:\n  - {property: tier, value: gold}\n  - {property: tier, value: gold}\n"));
    expect(where(findings.filter((f) => f.ruleId === "unique-custom-property"))).toEqual(["unique-custom-property@9:16"]);
  });
  it("flags a negative price, and takes a free one", () => {
    const price = (amount: number) => VALID_CONTRACT.replace("schema:\n", `price:\n  priceAmount: ${amount}\n  priceCurrency: USD\n  priceUnit: megabyte\nschema:\n`);
    expect(lintOne(price(-0.5)).map((f) => `${f.ruleId}@${f.line}:${f.column} ${f.message}`)).toEqual([
      "price-amount@13:16 priceAmount -0.5 is negative; a subscription price is 0 (free) or more per `priceUnit`.",
    ]);
    expect(lintOne(price(0))).toEqual([]);
  });
});

describe("authoritative-definition-url", () => {
  const definitions = (urls: string[], indent = "") => urls.map((url) => `${indent}  - {type: businessDefinition, url: ${JSON.stringify(url)}}\n`).join("");
  it("flags a url that is no absolute URL, at the url, wherever the list is", () => {
    const text = VALID_CONTRACT.replace("schema:\n", `authoritativeDefinitions:\n${definitions(["https://wiki.acme.example/orders", "not a url", "wiki.acme.example/orders", " "])}schema:\n`).replace(
      "        classification: internal\n        quality:",
      `        classification: internal\n        authoritativeDefinitions:\n${definitions(["./docs/glossary.md"], "        ")}        quality:`,
    );
    expect(lintOne(text).map((f) => `${f.ruleId}@${f.line}:${f.column} ${f.severity} ${f.message}`)).toEqual([
      'authoritative-definition-url@14:37 error Authoritative definition url "not a url" is not a URL: it has a space in it, where a link ends; write the address without spaces (%20 for a space in a path).',
      'authoritative-definition-url@15:37 error Authoritative definition url "wiki.acme.example/orders" is not an absolute URL; write the full address with its scheme (e.g. https://wiki.acme.example/glossary/orders), as readers open it outside this repository.',
      "authoritative-definition-url@16:37 error Authoritative definition has an empty `url`; write the address of the definition (https://…), or remove the entry.",
      'authoritative-definition-url@28:45 error Authoritative definition url "./docs/glossary.md" is not an absolute URL; write the full address with its scheme (e.g. https://wiki.acme.example/glossary/orders), as readers open it outside this repository.',
    ]);
  });
  it("refuses a script URL and a web address without host; notes a scheme the catalog does not link", () => {
    const text = VALID_CONTRACT.replace("schema:\n", `authoritativeDefinitions:\n${definitions(["javascript:alert(1)", "https:wiki.acme.example", "s3://acme-docs/orders.html", "https://[::1/orders", "https://wiki.acme.example:99999/x", "mailto:sales-data@acme.example", "HTTPS://Wiki.Acme.Example/a?b=c#d"])}schema:\n`);
    expect(lintOne(text).map((f) => `${f.line} ${f.severity} ${f.message}`)).toEqual([
      "13 error Authoritative definition url \"javascript:alert(1)\" uses the `javascript:` scheme, which runs or shows content in the reader's page instead of linking to a definition; link to the definition with https://.",
      '14 error Authoritative definition url "https:wiki.acme.example" has no host; write it as https://<host>/<path>.',
      '15 info Authoritative definition url "s3://acme-docs/orders.html" uses the `s3:` scheme, which the catalog does not show as a link (only http, https and mailto); link to a page that shows the definition, over https://.',
      '16 error Authoritative definition url "https://[::1/orders" is not a valid URL (a malformed host, port or escape); correct it so that a browser can open it.',
      '17 error Authoritative definition url "https://wiki.acme.example:99999/x" is not a valid URL (a malformed host, port or escape); correct it so that a browser can open it.',
    ]);
  });
  it("refuses a Windows file path and a mailto: without address, which the catalog leaves out", () => {
    const text = VALID_CONTRACT.replace("schema:\n", `authoritativeDefinitions:\n${definitions(["C:\\docs\\orders.md", "d:/docs/orders.md", "mailto:", "mailto:sales-data@acme.example"])}schema:\n`);
    expect(lintOne(text).map((f) => `${f.line} ${f.severity} ${f.message}`)).toEqual([
      '13 error Authoritative definition url "C:\\\\docs\\\\orders.md" is not an absolute URL; write the full address with its scheme (e.g. https://wiki.acme.example/glossary/orders), as readers open it outside this repository.',
      '14 error Authoritative definition url "d:/docs/orders.md" is not an absolute URL; write the full address with its scheme (e.g. https://wiki.acme.example/glossary/orders), as readers open it outside this repository.',
      '15 error Authoritative definition url "mailto:" has no address; write it as mailto:<address>.',
    ]);
  });
  it("checks a data product's definitions too", () => {
    const text = product(`outputPorts:\n  - {name: orders, version: 1.2.0, contractId: 0a6d2a3c-orders}\nauthoritativeDefinitions:\n${definitions(["glossary/orders"])}`);
    const found = lint({ "p.yaml": text }, config(), { "c.yaml": VALID_CONTRACT });
    expect(where(found.filter((f) => f.ruleId === "authoritative-definition-url"))).toEqual(["authoritative-definition-url@10:37"]);
  });
});

describe("support-url", () => {
  const channels = (entries: string[]) => `support:\n${entries.map((entry) => `  - ${entry}\n`).join("")}`;
  it("warns of a support link that is no absolute URL, at the link, and takes mailto and https", () => {
    const text = VALID_CONTRACT.replace(
      "schema:\n",
      `${channels([
        "{channel: orders-team, tool: email, url: orders-team@acme.example}",
        "{channel: '#orders', tool: slack, url: 'https://acme.slack.com/archives/C0123', invitationUrl: 'acme.slack.com/join'}",
        "{channel: help, url: 'javascript:alert(1)'}",
        "{channel: ' ', url: ''}",
        "{channel: mail, url: 'mailto:orders-team@acme.example', invitationUrl: 'slack://channel?team=T1'}",
      ])}schema:\n`,
    );
    expect(lintOne(text).map((f) => `${f.ruleId}@${f.line}:${f.column} ${f.severity} ${f.message}`)).toEqual([
      'support-url@13:46 warning Support channel `orders-team` url "orders-team@acme.example" is not an absolute URL; write the full address with its scheme (e.g. https://acme.slack.com/archives/C0123 or mailto:orders-team@acme.example), as readers open it outside this repository.',
      'support-url@14:100 warning Support channel `#orders` invitationUrl "acme.slack.com/join" is not an absolute URL; write the full address with its scheme (e.g. https://acme.slack.com/archives/C0123 or mailto:orders-team@acme.example), as readers open it outside this repository.',
      "support-url@15:26 warning Support channel `help` url \"javascript:alert(1)\" uses the `javascript:` scheme, which runs or shows content in the reader's page instead of linking to a channel; link to the channel with https://.",
      "support-url@16:25 warning Support channel #3 has an empty `url`; write the address of the channel (https://…), or remove `url`.",
      'support-url@17:76 info Support channel `mail` invitationUrl "slack://channel?team=T1" uses the `slack:` scheme, which the catalog does not show as a link (only http, https and mailto); link to a page that shows the channel, over https://.',
    ]);
  });
  it("leaves a channel without link alone, and a product's link that is no URI to its schema", () => {
    expect(lintOne(VALID_CONTRACT.replace("schema:\n", `${channels(["{channel: orders-team, tool: email}"])}schema:\n`))).toEqual([]);
    const text = product(`outputPorts:\n  - {name: orders, version: 1.2.0, contractId: 0a6d2a3c-orders}\n${channels(["{channel: orders-team, url: orders-team@acme.example}"])}`);
    const found = lint({ "p.yaml": text }, config(), { "c.yaml": VALID_CONTRACT });
    expect(found.map((f) => f.ruleId)).toEqual(["schema-valid"]);
  });

  it("checks a product's links that its schema's `format: uri` takes: the catalog shows a product's own channels", () => {
    const text = product(
      `outputPorts:\n  - {name: orders, version: 1.2.0, contractId: 0a6d2a3c-orders}\n${channels([
        "{channel: help, url: 'javascript:alert(1)'}",
        "{channel: '#orders', url: 'https:acme.slack.com/archives/C0123', invitationUrl: 'slack://channel?team=T1'}",
        "{channel: mail, url: 'mailto:'}",
        "{channel: ok, url: 'https://acme.slack.com/archives/C0123', invitationUrl: 'mailto:orders-team@acme.example'}",
      ])}`,
    );
    const found = lint({ "p.yaml": text }, config(), { "c.yaml": VALID_CONTRACT });
    expect(found.map((f) => `${f.ruleId} ${f.severity} ${f.message.split(";")[0]}`)).toEqual([
      "support-url warning Support channel `help` url \"javascript:alert(1)\" uses the `javascript:` scheme, which runs or shows content in the reader's page instead of linking to a channel",
      'support-url warning Support channel `#orders` url "https:acme.slack.com/archives/C0123" has no host',
      'support-url info Support channel `#orders` invitationUrl "slack://channel?team=T1" uses the `slack:` scheme, which the catalog does not show as a link (only http, https and mailto)',
      'support-url warning Support channel `mail` url "mailto:" has no address',
    ]);
  });
});

describe("unique-role and unique-team-member", () => {
  it("flags a role listed twice at the second, and warns of one repeated but for case", () => {
    const roles = "roles:\n  - {role: analyst, access: read}\n  - {role: loader, access: write}\n  - {role: analyst, access: write}\n  - {role: Loader, access: write}\n";
    expect(lintOne(VALID_CONTRACT.replace("schema:\n", `${roles}schema:\n`)).map((f) => `${f.ruleId}@${f.line}:${f.column} ${f.severity} ${f.message}`)).toEqual([
      "unique-role@15:12 error Role `analyst` is already listed (at line 13); list each role once, with its one access and approvers (a role with two accesses gets both grants).",
      "unique-role@16:12 warning Role `Loader` differs from `loader` (line 14) only in case: AWS IAM, Google groups and Snowflake read them as one role, which gets both entries' grants; list each role once.",
    ]);
    expect(lintOne(VALID_CONTRACT.replace("schema:\n", "roles:\n  - {role: analyst, access: read}\n  - {role: loader, access: write}\nschema:\n"))).toEqual([]);
  });
  it("flags a member listed twice in one role for overlapping times, not a second role nor a return", () => {
    const members = (...entries: string[]) => VALID_CONTRACT.replace("    - username: ana\n      role: owner\n", entries.map((e) => `    - {${e}}\n`).join(""));
    expect(lintOne(members("username: ana@acme.example, role: owner", "username: bo, role: steward", "username: Ana@Acme.example , role: Owner")).map((f) => `${f.ruleId}@${f.line}:${f.column} ${f.severity} ${f.message}`)).toEqual([
      "unique-team-member@12:18 warning Team member `Ana@Acme.example` is already listed as Owner (at line 10) for the same time; keep one entry (for a member who left and came back, give the earlier entry its dateOut and this one its dateIn).",
    ]);
    // A role left out matches any; dates that overlap are the same time.
    expect(where(lintOne(members("username: ana, role: owner, dateIn: '2024-01-01'", "username: ana, dateIn: '2024-06-01', dateOut: '2025-01-01'")))).toEqual(["unique-team-member@11:18"]);
    // Two roles at once, or a member who left and came back, are two entries.
    expect(lintOne(members("username: ana, role: owner", "username: ana, role: data steward"))).toEqual([]);
    expect(lintOne(members("username: ana, role: owner, dateIn: '2023-01-01', dateOut: '2024-01-01'", "username: ana, role: owner, dateIn: '2024-01-01'"))).toEqual([]);
  });
  it("checks a v3.0.x team list and a data product's team", () => {
    const v30 = VALID_CONTRACT.replace("apiVersion: v3.1.0", "apiVersion: v3.0.2").replace("team:\n  name: sales-data\n  members:\n", "team:\n").replace("    - username: ana\n      role: owner\n", "  - {username: ana, role: owner}\n  - {username: ana, role: owner}\n");
    expect(where(lintOne(v30).filter((f) => f.ruleId === "unique-team-member"))).toEqual(["unique-team-member@9:16"]);
    const team = "team:\n  name: sales-data\n  members:\n    - {username: ana, role: owner}\n    - {username: ana, role: owner}\n";
    const found = lint({ "p.yaml": product(`outputPorts:\n  - {name: orders, version: 1.2.0, contractId: 0a6d2a3c-orders}\n${team}`) }, config(), { "c.yaml": VALID_CONTRACT });
    expect(where(found.filter((f) => f.ruleId === "unique-team-member"))).toEqual(["unique-team-member@13:18"]);
  });
});
