import { describe, expect, it } from "vitest";
import { type DataContract, UsageError, loadText, ruleSeverity } from "@meshkit/core";
import { type Check, type QualityPlan, integerFormatRange, planChecks } from "./checks.js";

function plan(yaml: string, objects?: string[], apiVersion = "v3.1.0"): QualityPlan {
  const text = `apiVersion: ${apiVersion}\nkind: DataContract\nid: c\nversion: 1.0.0\nstatus: active\n${yaml}`;
  return planChecks(loadText("c.yaml", text).documents[0]!.value as DataContract, objects ? { objects } : {});
}

function check(p: QualityPlan, id: string): Check {
  const found = [...p.objects.flatMap((o) => o.checks), ...p.unassigned].find((c) => c.id === id);
  if (!found) throw new Error(`no ${id} in ${[...p.objects.flatMap((o) => o.checks), ...p.unassigned].map((c) => c.id).join(", ")}`);
  return found;
}

function reason(c: Check): string {
  return c.measure.kind === "unrunnable" ? c.measure.reason : "(runnable)";
}

const ONE_COLUMN = (rules: string, extra = "") => `schema:\n  - name: t\n    properties:\n      - name: c\n        logicalType: string\n${extra}        quality:\n${rules}`;

describe("whole numbers beyond 2^53, read from the contract's text", () => {
  function exactPlan(yaml: string): QualityPlan {
    const document = loadText("c.yaml", `apiVersion: v3.1.0\nkind: DataContract\nid: c\nversion: 1.0.0\nstatus: active\n${yaml}`).documents[0]!;
    return planChecks(document.value as DataContract, { sourceAt: (pointer) => document.sourceAt(pointer) });
  }
  const p = exactPlan(`schema:
  - name: t
    properties:
      - name: i
        logicalType: integer
        logicalTypeOptions: { minimum: -9007199254740995, maximum: 0x20000000000001, exclusiveMinimum: 9.007199254740993e15 }
        quality:
          - { rule: validValues, validValues: [1, 9007199254740993] }
      - name: s
        logicalType: string
        quality: [{ metric: invalidValues, arguments: { validValues: [9007199254740993] }, mustBe: 0 }]
      - name: o
        logicalType: object
        properties:
          - { name: n, logicalType: number, logicalTypeOptions: { maximum: 18446744073709551617 } }
`);

  it("as exact integer literals in bounds, at any depth", () => {
    expect(check(p, "t.i.minimum").measure).toMatchObject({ condition: { value: { type: "integer", value: "-9007199254740995" } } });
    expect(check(p, "t.i.maximum").measure).toMatchObject({ condition: { value: { type: "integer", value: "9007199254740993" } }, failing: "have `i` above the maximum 9007199254740993" });
    expect(check(p, "t.o.n.maximum").measure).toMatchObject({ condition: { condition: { value: { type: "integer", value: "18446744073709551617" } } } });
  });

  it("in value lists (v3.0's validValues on the rule too), as text with a string column", () => {
    expect(check(p, "t.i.validValues").measure).toMatchObject({ condition: { values: [{ type: "number", value: 1 }, { type: "integer", value: "9007199254740993" }] } });
    expect(check(p, "t.s.invalidValues").measure).toMatchObject({ condition: { values: [{ type: "string", value: "9007199254740993" }] } });
  });

  it("numbers in a string column's lists as the text they were written as (01234, 2.50, 1.0), not the number's text", () => {
    const q = exactPlan(`schema:
  - name: t
    properties:
      - name: zip
        logicalType: string
        quality:
          - { metric: invalidValues, arguments: { validValues: [01234, 2.50, 1.0, 7, "a"] }, mustBe: 0 }
          - { metric: missingValues, arguments: { missingValues: [0.0, null] }, mustBe: 0 }
      - name: n
        logicalType: integer
        quality: [{ metric: invalidValues, arguments: { validValues: [1.0] }, mustBe: 0 }]
`);
    const strings = (...values: string[]) => values.map((value) => ({ type: "string", value }));
    expect(check(q, "t.zip.invalidValues").measure).toMatchObject({ condition: { values: strings("01234", "2.50", "1.0", "7", "a") }, failing: "have an invalid `zip` (not in '01234', '2.50', '1.0', '7', 'a')" });
    expect(check(q, "t.zip.missingValues").measure).toMatchObject({ condition: { values: strings("0.0"), orNull: true } });
    // A number column still compares numbers.
    expect(check(q, "t.n.invalidValues").measure).toMatchObject({ condition: { values: [{ type: "number", value: 1 }] } });
  });

  it("refuses a multipleOf it cannot compute exactly", () => {
    const q = exactPlan("schema:\n  - name: t\n    properties:\n      - { name: i, logicalType: integer, logicalTypeOptions: { multipleOf: 9007199254740993 } }\n");
    expect(reason(check(q, "t.i.multipleOf"))).toBe("logicalTypeOptions.multipleOf is 9007199254740993, a whole number beyond 2^53, which is not checked exactly");
  });

  it("refuses a multipleOf with more decimal places than a remainder of decimals keeps (9): there it would be 0, or another divisor", () => {
    const q = exactPlan("schema:\n  - name: t\n    properties:\n      - { name: a, logicalType: number, logicalTypeOptions: { multipleOf: 1e-20 } }\n      - { name: b, logicalType: integer, logicalTypeOptions: { multipleOf: 0.00000000015 } }\n      - { name: c, logicalType: number, logicalTypeOptions: { multipleOf: 1e-9 } }\n");
    expect(reason(check(q, "t.a.multipleOf"))).toBe("logicalTypeOptions.multipleOf is 1e-20, with 20 decimal places, more than the 9 a remainder is taken with, which is not checked exactly");
    expect(reason(check(q, "t.b.multipleOf"))).toBe("logicalTypeOptions.multipleOf is 1.5e-10, with 11 decimal places, more than the 9 a remainder is taken with, which is not checked exactly");
    expect(check(q, "t.c.multipleOf").measure).toMatchObject({ kind: "failingRows", condition: { kind: "notMultiple", divisor: 1e-9, exact: false } });
  });

  it("and a number written with an exponent as the exact decimal its text spells", () => {
    expect(check(p, "t.i.exclusiveMinimum").measure).toMatchObject({ condition: { value: { type: "decimal", value: "9007199254740993" } } });
  });
});

describe("schema checks", () => {
  it("every property gets an existence check, and a type check when a type is declared", () => {
    const p = plan("schema:\n  - name: t\n    properties:\n      - name: a\n        logicalType: integer\n      - name: b\n        physicalType: VARCHAR(10)\n      - name: c\n");
    expect(p.objects[0]!.checks.map((c) => [c.id, c.measure.kind])).toEqual([
      ["t.a.exists", "columnPresent"],
      ["t.a.type", "columnType"],
      ["t.b.exists", "columnPresent"],
      ["t.b.type", "columnType"],
      ["t.c.exists", "columnPresent"],
    ]);
    expect(check(p, "t.b.type")).toMatchObject({ threshold: { value: "string" }, pointer: "/schema/0/properties/1/physicalType" });
    expect(check(p, "t.a.type").pointer).toBe("/schema/0/properties/0/logicalType");
  });

  it("reads column names from physicalName and orders a composite key by primaryKeyPosition", () => {
    const p = plan(`schema:
  - name: t
    physicalName: T_TABLE
    properties:
      - { name: b, physicalName: B_COL, primaryKey: true, primaryKeyPosition: 2 }
      - { name: x, primaryKey: true }
      - { name: a, primaryKey: true, primaryKeyPosition: 1 }
`);
    expect(p.objects[0]!.physicalName).toBe("T_TABLE");
    expect(check(p, "t.primaryKey")).toMatchObject({ measure: { kind: "keyViolations", columns: ["a", "B_COL", "x"] }, pointer: "/schema/0/properties/2/primaryKey" });
  });

  it("reads a string format named like a member of Object.prototype as one it does not check (was an internal error)", () => {
    const p = plan(`schema:
  - name: t
    properties:
      - { name: a, logicalType: string, logicalTypeOptions: { format: constructor } }
      - { name: b, logicalType: string, logicalTypeOptions: { format: __proto__ } }
`);
    for (const id of ["t.a.format", "t.b.format"]) {
      expect(check(p, id).measure, id).toMatchObject({ kind: "notChecked", reason: expect.stringContaining("is not a string format meshkit checks") });
    }
  });

  it("compiles logicalTypeOptions by logical type, and reports unusable ones", () => {
    const p = plan(`schema:
  - name: t
    properties:
      - { name: s, logicalType: string, logicalTypeOptions: { minLength: -1, pattern: "(", format: uuid } }
      - { name: u, logicalType: string, logicalTypeOptions: { format: password } }
      - { name: n, logicalType: number, logicalTypeOptions: { minimum: "zero", maximum: 10 } }
      - { name: d, logicalType: date, logicalTypeOptions: { minimum: "2020-01-01", format: yyyy-MM-dd } }
      - { name: e, logicalType: string, logicalTypeOptions: { minLength: 1, maxLength: 2 } }
`);
    expect(reason(check(p, "t.s.minLength"))).toBe("logicalTypeOptions.minLength must be a whole number of characters");
    // "not empty" (minLength: 1) is said in the singular.
    expect([check(p, "t.e.minLength").measure, check(p, "t.e.maxLength").measure]).toMatchObject([{ failing: "have `e` shorter than 1 character" }, { failing: "have `e` longer than 2 characters" }]);
    expect(reason(check(p, "t.s.pattern"))).toMatch(/^logicalTypeOptions\.pattern is not a valid regular expression/);
    expect(check(p, "t.s.format").measure).toMatchObject({ kind: "failingRows", condition: { kind: "notMatching" } });
    // A string format meshkit does not check is said, never passed in silence.
    expect(check(p, "t.u.format").measure).toMatchObject({ kind: "notChecked", reason: expect.stringContaining("is not a string format meshkit checks") });
    expect(reason(check(p, "t.n.minimum"))).toBe("logicalTypeOptions.minimum must be a number");
    expect(check(p, "t.n.maximum").measure).toMatchObject({ condition: { kind: "compare", operator: ">", value: { type: "number", value: 10 } } });
    expect(check(p, "t.d.minimum").measure).toMatchObject({ condition: { value: { type: "date", value: "2020-01-01" } } });
    // A date's format says how its text reads: the runner parses text columns with it.
    expect(p.objects[0]!.checks.some((c) => c.id === "t.d.format")).toBe(false);
    expect(p.objects[0]!.properties.find((q) => q.name === "d")!.temporal).toEqual({ format: { pattern: "yyyy-MM-dd", strptime: [{ format: "%Y-%m-%d", offset: "none" }] } });
  });

  it("counts the items of arrays against minItems/maxItems, checks uniqueItems, and reports unusable ones", () => {
    const p = plan(`schema:
  - name: t
    properties:
      - { name: a, logicalType: array, items: { logicalType: string }, logicalTypeOptions: { minItems: 1, maxItems: 3, uniqueItems: true } }
      - { name: b, logicalType: array, logicalTypeOptions: { minItems: 1.5 } }
      - { name: s, logicalType: string, logicalTypeOptions: { minItems: 1 } }
`);
    expect(check(p, "t.a.minItems")).toMatchObject({ ruleId: "schema-items", pointer: "/schema/0/properties/0/logicalTypeOptions/minItems", measure: { condition: { kind: "itemCount", column: "a", operator: "<", value: 1 }, failing: "have `a` with fewer than 1 item" } });
    expect(check(p, "t.a.maxItems").measure).toMatchObject({ condition: { kind: "itemCount", operator: ">", value: 3 }, failing: "have `a` with more than 3 items" });
    expect(reason(check(p, "t.b.minItems"))).toBe("logicalTypeOptions.minItems must be a whole number of items");
    const ids = p.objects[0]!.checks.map((c) => c.id);
    expect(check(p, "t.a.uniqueItems")).toMatchObject({ ruleId: "schema-items", measure: { condition: { kind: "repeatedItems", column: "a" }, failing: "have `a` with an item repeated" } });
    expect(ids).not.toContain("t.s.minItems");
  });

  it("reads a timestamp bound with a UTC offset as the same instant in UTC", () => {
    const p = plan(`schema:
  - name: t
    properties:
      - { name: a, logicalType: timestamp, logicalTypeOptions: { minimum: "2024-06-01T00:30:00.123456+02:00", maximum: "2024-06-01T23:00:00Z" } }
      - { name: b, logicalType: timestamp, logicalTypeOptions: { minimum: "2024-06-01 08:00:00", exclusiveMaximum: "2024-12-31T22:00:00-05:30" } }
      - { name: d, logicalType: date, logicalTypeOptions: { minimum: "2024-06-01" } }
`);
    const bound = (id: string) => (check(p, id).measure as { condition: { value: unknown } }).condition.value;
    expect(bound("t.a.minimum")).toEqual({ type: "timestamp", value: "2024-05-31 22:30:00.123456" });
    expect(bound("t.a.maximum")).toEqual({ type: "timestamp", value: "2024-06-01 23:00:00" });
    expect(bound("t.b.minimum")).toEqual({ type: "timestamp", value: "2024-06-01 08:00:00", wallClock: true });
    expect(bound("t.b.exclusiveMaximum")).toEqual({ type: "timestamp", value: "2025-01-01 03:30:00" });
    expect(bound("t.d.minimum")).toEqual({ type: "date", value: "2024-06-01" });
    // Messages quote the bound as the contract writes it.
    expect(check(p, "t.a.minimum").measure).toMatchObject({ failing: "have `a` below the minimum 2024-06-01T00:30:00.123456+02:00" });
  });

  it("refuses a date, timestamp or time bound no engine reads (its cast would stop the whole scan), on every engine", () => {
    const p = plan(`schema:
  - name: t
    properties:
      - { name: a, logicalType: timestamp, logicalTypeOptions: { minimum: "2024-13-45T99:00:00", maximum: "not a date", exclusiveMaximum: "0001-01-01T00:00:00" } }
      - { name: z, logicalType: timestamp, logicalTypeOptions: { minimum: "2024-01-01T00:00:00+25:00", maximum: "2024-01-01T00:00:00-05:60", exclusiveMaximum: "2024-01-01T00:00:00+23:59" } }
      - { name: d, logicalType: date, logicalTypeOptions: { minimum: "2023-02-29", maximum: "2024-01-01T00:00:00", exclusiveMinimum: "0001-01-01" } }
      - { name: h, logicalType: time, logicalTypeOptions: { minimum: "25:00:00", maximum: "8:30" } }
`);
    const timestamp = "logicalTypeOptions.minimum must be a timestamp written as text (ISO 8601: `2024-01-31T10:00:00Z`, or without an offset)";
    expect(reason(check(p, "t.a.minimum"))).toBe(timestamp);
    expect(reason(check(p, "t.a.maximum"))).toBe(timestamp.replace("minimum", "maximum"));
    // An offset beyond 23 hours or 59 minutes is no instant (RFC 3339): not shifted by 25 hours in silence.
    expect(reason(check(p, "t.z.minimum"))).toBe(timestamp);
    expect(reason(check(p, "t.z.maximum"))).toBe(timestamp.replace("minimum", "maximum"));
    expect((check(p, "t.z.exclusiveMaximum").measure as { condition: { value: unknown } }).condition.value).toEqual({ type: "timestamp", value: "2023-12-31 00:01:00" });
    expect(reason(check(p, "t.d.minimum"))).toBe("logicalTypeOptions.minimum must be a date written as text (ISO 8601: `2024-01-31`)");
    // A date bound written with a time is that day, as the engines' casts read it.
    expect((check(p, "t.d.maximum").measure as { condition: { value: unknown } }).condition.value).toEqual({ type: "date", value: "2024-01-01" });
    expect(reason(check(p, "t.h.minimum"))).toBe("logicalTypeOptions.minimum must be a time written as text (ISO 8601: `10:00:00`, or with an offset: `10:00:00+02:00`)");
    // Years below 100 are real days too.
    const bound = (id: string) => (check(p, id).measure as { condition: { value: unknown } }).condition.value;
    expect(bound("t.a.exclusiveMaximum")).toEqual({ type: "timestamp", value: "0001-01-01T00:00:00", wallClock: true });
    expect(bound("t.d.exclusiveMinimum")).toEqual({ type: "date", value: "0001-01-01" });
    // A time is written whole (`8:30` → `08:30:00`): BigQuery reads TIME text in its canonical form only.
    expect(bound("t.h.maximum")).toEqual({ type: "time", value: "08:30:00" });
    // …and with an offset, in UTC as the year written (Date.UTC would read 0001 as 1901).
    const zoned = plan("schema:\n  - name: t\n    properties:\n      - { name: a, logicalType: timestamp, logicalTypeOptions: { minimum: '0050-06-01T00:30:00+01:00', maximum: '0001-01-01T00:00:00Z' } }\n      - { name: h, logicalType: time, logicalTypeOptions: { maximum: '24:00:00' } }\n");
    const zonedBound = (id: string) => (check(zoned, id).measure as { condition: { value: unknown } }).condition.value;
    expect(zonedBound("t.a.minimum")).toEqual({ type: "timestamp", value: "0050-05-31 23:30:00" });
    expect(zonedBound("t.a.maximum")).toEqual({ type: "timestamp", value: "0001-01-01 00:00:00" });
    expect(zonedBound("t.h.maximum")).toEqual({ type: "time", value: "24:00:00" });
  });

  it("reads a time bound with an offset (a TIME WITH TIME ZONE column's) as that time at UTC", () => {
    // ODCS types a time's bounds as text, lint accepts `08:00:00+01:00`, provision makes `timezone: true` a TIMETZ
    // column: the bound was refused as no time ("must be a time written as text"), and its check never ran.
    const p = plan(`schema:
  - name: t
    properties:
      - { name: a, logicalType: time, logicalTypeOptions: { timezone: true, minimum: "08:00:00+01:00", maximum: "17:30:00.5Z", exclusiveMinimum: "00:30:00+02:00", exclusiveMaximum: "22:00-0330" } }
      - { name: b, logicalType: time, logicalTypeOptions: { minimum: "08:00:00+24:00", maximum: "24:00:00+01:00" } }
`);
    const bound = (id: string) => (check(p, id).measure as { condition: { value: unknown } }).condition.value;
    expect(bound("t.a.minimum")).toEqual({ type: "time", value: "07:00:00" });
    expect(bound("t.a.maximum")).toEqual({ type: "time", value: "17:30:00.5" });
    // Across midnight, the UTC time of day.
    expect(bound("t.a.exclusiveMinimum")).toEqual({ type: "time", value: "22:30:00" });
    expect(bound("t.a.exclusiveMaximum")).toEqual({ type: "time", value: "01:30:00" });
    // An offset of 24 hours is no offset (RFC 3339), refused as a timestamp bound's is.
    expect(reason(check(p, "t.b.minimum"))).toBe("logicalTypeOptions.minimum must be a time written as text (ISO 8601: `10:00:00`, or with an offset: `10:00:00+02:00`)");
    expect(bound("t.b.maximum")).toEqual({ type: "time", value: "23:00:00" });
    // Messages quote the bound as the contract writes it.
    expect(check(p, "t.a.minimum").measure).toMatchObject({ failing: "have `a` below the minimum 08:00:00+01:00" });
  });

  it("reads ODCS v3.0's boolean exclusiveMinimum/exclusiveMaximum as making minimum/maximum exclusive", () => {
    // v3.0.x: `exclusiveMinimum: true` means values > minimum; v3.1.0 made the options numbers (values > n).
    const p = plan(`schema:
  - name: t
    properties:
      - { name: a, logicalType: number, logicalTypeOptions: { minimum: 0, exclusiveMinimum: true, maximum: 10, exclusiveMaximum: true } }
      - { name: b, logicalType: integer, logicalTypeOptions: { minimum: 0, exclusiveMinimum: false, maximum: 10, exclusiveMaximum: false } }
      - { name: c, logicalType: integer, logicalTypeOptions: { exclusiveMaximum: true } }
`);
    expect(check(p, "t.a.minimum").measure).toMatchObject({ condition: { kind: "compare", operator: "<=", value: { value: 0 } }, failing: "have `a` at or below the exclusive minimum 0" });
    expect(check(p, "t.a.maximum").measure).toMatchObject({ condition: { kind: "compare", operator: ">=", value: { value: 10 } } });
    expect(check(p, "t.a.minimum").pointer).toBe("/schema/0/properties/0/logicalTypeOptions/minimum");
    expect(check(p, "t.b.minimum").measure).toMatchObject({ condition: { operator: "<" } });
    expect(check(p, "t.b.maximum").measure).toMatchObject({ condition: { operator: ">" } });
    const ids = p.objects[0]!.checks.map((c) => c.id);
    for (const id of ["t.a.exclusiveMinimum", "t.a.exclusiveMaximum", "t.b.exclusiveMinimum", "t.b.exclusiveMaximum"]) expect(ids).not.toContain(id);
    expect(reason(check(p, "t.c.exclusiveMaximum"))).toBe("logicalTypeOptions.exclusiveMaximum is true, which makes `maximum` exclusive, but there is no `maximum`");
  });
});

describe("library rules", () => {
  it("compare lists as numbers, booleans or text by the declared type", () => {
    const p = plan(`schema:
  - name: t
    properties:
      - name: i
        logicalType: integer
        quality: [{ metric: invalidValues, arguments: { validValues: [1, 2, null] }, mustBe: 0 }]
      - name: s
        logicalType: string
        quality: [{ metric: invalidValues, arguments: { validValues: [1, "2"] }, mustBe: 0 }]
      - name: j
        logicalType: integer
        quality: [{ metric: invalidValues, arguments: { validValues: ["1"] }, mustBe: 0 }]
      - name: b
        logicalType: boolean
        quality: [{ metric: missingValues, arguments: { missingValues: [false] }, mustBe: 0 }]
      - name: big
        logicalType: integer
        quality: [{ metric: invalidValues, arguments: { validValues: ["9007199254740993", "42"] }, mustBe: 0 }]
      - name: flag
        logicalType: boolean
        quality: [{ metric: missingValues, arguments: { missingValues: [null, "", true, " False ", "t", 1] }, mustBe: 0 }]
`);
    expect(check(p, "t.i.invalidValues").measure).toMatchObject({ condition: { kind: "notInList", text: false, values: [{ type: "number", value: 1 }, { type: "number", value: 2 }] } });
    expect(check(p, "t.s.invalidValues").measure).toMatchObject({ condition: { text: false, values: [{ type: "string", value: "1" }, { type: "string", value: "2" }] } });
    // A string that spells a number is that number with a numeric column (a DECIMAL's 1.00 is '1.00' as text).
    expect(check(p, "t.j.invalidValues").measure).toMatchObject({ condition: { text: false, values: [{ type: "number", value: 1 }] } });
    expect(check(p, "t.b.missingValues").measure).toMatchObject({ condition: { kind: "inList", orNull: false, values: [{ type: "boolean", value: false }] } });
    // A whole number a double cannot hold exactly stays text, compared exactly; the others are numbers.
    expect(check(p, "t.big.invalidValues").measure).toMatchObject({ condition: { values: [{ type: "number", value: 42 }], textValues: [{ type: "string", value: "9007199254740993" }] } });
    // A boolean column compares booleans whatever else the list holds (PostgreSQL's text of a boolean is `t`,
    // not `true`, so text would differ by engine); what is no boolean ('', 't', 1) equals no value.
    expect(check(p, "t.flag.missingValues").measure).toMatchObject({ condition: { kind: "inList", orNull: true, text: false, values: [{ type: "boolean", value: true }, { type: "boolean", value: false }] } });
    expect(check(p, "t.flag.missingValues").measure).not.toHaveProperty("condition.textValues");
  });

  it("read the deprecated v3.0 `rule` names", () => {
    const p = plan(
      ONE_COLUMN(`          - { rule: nullCheck }
          - { rule: validValues, validValues: [a, b] }
          - { rule: duplicateCount, mustBeLessThan: 10, unit: percent }
`),
    );
    expect(check(p, "t.c.nullCheck")).toMatchObject({ ruleId: "quality-null-values", threshold: { comparator: "mustBe", value: 0 } });
    expect(check(p, "t.c.validValues")).toMatchObject({ ruleId: "quality-invalid-values", measure: { condition: { kind: "notInList" } } });
    expect(check(p, "t.c.duplicateCount")).toMatchObject({ ruleId: "quality-duplicate-values", measure: { kind: "duplicateRows", unit: "percent" } });
  });

  it("report a v3.0 `rule` that names no library metric (`countCheck`, as in ODCS's v3.0 full example) as not checked", () => {
    const p = plan(ONE_COLUMN("          - { rule: minCheck }\n          - { type: library, rule: countCheck, mustBeGreaterThan: 0 }\n"), undefined, "v3.0.2");
    expect(check(p, "t.c.minCheck")).toMatchObject({
      ruleId: "quality-not-checked",
      measure: { kind: "notChecked", reason: expect.stringMatching(/^the rule `minCheck` of t\.c is no ODCS library metric \(ODCS v3\.0 allows any rule name\), so meshkit test cannot run it/) as unknown as string },
    });
    expect(check(p, "t.c.countCheck")).toMatchObject({ ruleId: "quality-not-checked", measure: { kind: "notChecked" } });
  });

  it("name only the metrics valid at a v3.0 rule's level when its name is no library metric, as lint's quality-metric-level does", () => {
    const objectLevel = `schema:\n  - name: t\n    quality:\n      - { rule: countCheck, mustBeGreaterThan: 0 }\n    properties:\n      - name: c\n        logicalType: string\n        quality:\n          - { rule: countCheck, mustBeGreaterThan: 0 }\n`;
    const p = plan(objectLevel, undefined, "v3.0.2");
    expect(check(p, "t.countCheck").measure).toMatchObject({
      kind: "notChecked",
      reason: expect.stringMatching(/ of t is no ODCS library metric .*: use one of rowCount, duplicateValues at object level, a sql rule/) as unknown as string,
    });
    expect(check(p, "t.c.countCheck").measure).toMatchObject({
      kind: "notChecked",
      reason: expect.stringMatching(/ of t\.c is no ODCS library metric .*: use one of nullValues, missingValues, invalidValues, duplicateValues at property level, a sql rule/) as unknown as string,
    });
  });

  it("refuse a v3.1 rule that names its check only in `rule` (no metric) as an unknown metric, not a valid rule left unchecked", () => {
    // v3.1.0 reads `rule` only beside a metric (its schema requires `metric`): no "ODCS v3.0 allows any rule name" warning.
    const p = plan(ONE_COLUMN("          - { type: library, rule: countCheck, mustBeGreaterThan: 0 }\n"));
    expect(check(p, "t.c.countCheck")).toMatchObject({
      ruleId: "quality-rule-invalid",
      measure: { kind: "unrunnable", ruleId: "quality-rule-invalid", reason: expect.stringMatching(/^has an unknown metric `countCheck`: use one of nullValues/) as unknown as string },
    });
  });

  it("read the v3.0 `type: default` as a library rule", () => {
    // ODCS v3.0.x named library rules `default` ("Valid values are `default` (default), `text`, `sql`, and `custom`").
    const p = plan(ONE_COLUMN("          - { type: default, rule: duplicateCount, mustBeLessThan: 10 }\n          - { type: default, rule: nullCheck }\n"));
    expect(check(p, "t.c.duplicateCount")).toMatchObject({ ruleId: "quality-duplicate-values", threshold: { comparator: "mustBeLessThan", value: 10 }, measure: { kind: "duplicateRows" } });
    expect(check(p, "t.c.nullCheck")).toMatchObject({ ruleId: "quality-null-values", threshold: { comparator: "mustBe", value: 0 }, measure: { kind: "failingRows" } });
  });

  it.each([
    ["{ description: prose only }", "names no metric: set `metric` to one of nullValues, missingValues, invalidValues, duplicateValues, rowCount (or `type: text` for a rule in prose)"],
    ["{ metric: nullValue, mustBe: 0 }", "has an unknown metric `nullValue`: use one of nullValues, missingValues, invalidValues, duplicateValues, rowCount"],
    ["{ type: magic }", "has an unknown type `magic`: use library, sql, text or custom"],
    ["{ metric: nullValues }", "has no comparison: add one of mustBe, mustBeLessThan, mustBeBetween, …"],
    ["{ metric: nullValues, mustBeBetween: [5, 1] }", "`mustBeBetween` must be two numbers, smallest first, e.g. [0, 100]"],
    ["{ metric: nullValues, mustBeLessThan: '5' }", "`mustBeLessThan` must be a number"],
    ["{ metric: nullValues, mustBe: [1] }", "`mustBe` must be a number (or text that spells one, such as '5'): the metric counts rows"],
    ["{ metric: rowCount, mustNotBe: true }", "`mustNotBe` must be a number (or text that spells one, such as '5'): the metric counts rows"],
    ["{ metric: rowCount, mustBe: null }", "`mustBe` must be a number (or text that spells one, such as '5'): the metric counts rows"],
    ["{ metric: nullValues, mustBe: 'abc' }", "`mustBe` must be a number (or text that spells one, such as '5'): the metric counts rows"],
    // Text in JavaScript's other number syntax is no number ODCS writes: refused, not read as 16.
    ["{ metric: nullValues, mustBe: '0x10' }", "`mustBe` is '0x10', which is no decimal number: ODCS compares numbers, so write it as one (16, without quotes)"],
    ["{ type: sql, query: 'SELECT 1', mustNotBe: '0b101' }", "`mustNotBe` is '0b101', which is no decimal number: ODCS compares numbers, so write it as one (5, without quotes)"],
    ["{ metric: nullValues, mustBe: '' }", "`mustBe` must be a number (or text that spells one, such as '5'): the metric counts rows"],
    ["{ type: sql, query: 'SELECT 1', mustBe: null }", "`mustBe` must be a number (or text that spells one, such as '5') or a boolean: a SQL rule returns one number or boolean"],
    ["{ type: sql, query: 'SELECT 1', mustNotBe: [1] }", "`mustNotBe` must be a number (or text that spells one, such as '5') or a boolean"],
    ["{ type: sql, query: 'SELECT 1', mustBe: 'abc' }", "`mustBe` must be a number (or text that spells one, such as '5') or a boolean"],
    ["{ type: sql, query: 'SELECT 1', mustNotBe: 'true' }", "`mustNotBe` must be a number (or text that spells one, such as '5') or a boolean"],
    ["{ metric: nullValues, mustBe: 0, unit: bytes }", "has unit `bytes`: use rows or percent"],
    ["{ metric: rowCount, mustBe: 0, unit: percent }", "counts rows: unit percent does not apply"],
    ["{ metric: rowCount, mustBeGreaterThan: 0 }", "is a rowCount rule on a property: it counts the object's rows, so move it under the object's `quality`"],
    ["{ metric: duplicateValues, mustBe: 0, arguments: { properties: [c, d] } }", "has arguments.properties, which only an object's duplicateValues rule reads: move the rule under the object's `quality` to compare a combination"],
    ["{ metric: invalidValues, mustBe: 0 }", "needs arguments.validValues (a list) or arguments.pattern (a regular expression)"],
    ["{ metric: invalidValues, mustBe: 0, arguments: { validValues: a } }", "arguments.validValues must be a list of values"],
    ["{ metric: invalidValues, mustBe: 0, arguments: { pattern: '[' } }", "arguments.pattern is not a valid regular expression"],
    ["{ metric: missingValues, mustBe: 0, arguments: { missingValues: [[1]] } }", "needs arguments.missingValues: a list of values that count as missing, e.g. [null, '', 'n/a']"],
    // YAML's .inf and .nan are no JSON numbers (ODCS is a JSON Schema): the message says how to write them.
    ["{ metric: invalidValues, mustBe: 0, arguments: { validValues: [1, -.inf] } }", "arguments.validValues has -.inf, which JSON (and so ODCS) cannot hold: write it as text, '-Infinity', which a number column reads as that number"],
    ["{ metric: missingValues, mustBe: 0, arguments: { missingValues: [null, .NaN] } }", "arguments.missingValues has .nan, which JSON (and so ODCS) cannot hold: write it as text, 'NaN', which a number column reads as that number"],
    ["{ metric: missingValues, mustBe: 0, arguments: { missingValues: [] } }", "has an empty arguments.missingValues, which counts nothing: list the values that count as missing, e.g. [null, '', 'n/a'] (or leave it out for null and '')"],
    // A list of no value, nulls aside, would make every value invalid: refused as an empty missingValues is.
    ["{ metric: invalidValues, mustBe: 0, arguments: { validValues: [] } }", "has an arguments.validValues that lists no value (nulls are never invalid here), so every value would be invalid: list the valid values (e.g. ['pounds', 'kg']), or use arguments.pattern"],
    ["{ metric: invalidValues, mustBe: 0, arguments: { validValues: [null], pattern: '^a' } }", "has an arguments.validValues that lists no value"],
    ["{ type: sql, mustBe: 0 }", "has no query: a sql rule needs `query`, a SELECT returning one value"],
    ["{ type: sql, query: 'SELECT 1' }", "has no comparison: add one of mustBe, mustBeLessThan, mustBeBetween, …"],
    // A misspelt comparator is the comparison written: named with the one meant, as lint names it.
    ["{ metric: nullValues, mustBeLessThen: 5 }", "has no comparison: `mustBeLessThen` is no ODCS comparator (did you mean `mustBeLessThan`?)"],
    ["{ type: sql, query: 'SELECT 1', mustbe: 1 }", "has no comparison: `mustbe` is no ODCS comparator (did you mean `mustBe`?)"],
    // Beside a v3.0 assertion too: the bound written (fewer than 5 nulls) is not the `mustBe: 0` it means alone.
    ["{ rule: nullCheck, mustBeLessThen: 5 }", "has no comparison: `mustBeLessThen` is no ODCS comparator (did you mean `mustBeLessThan`?)"],
    // Beside comparators (v3.0 combines several): a bound nothing would check, not a pass on the others alone.
    ["{ metric: nullValues, mustBeGreaterThan: 0, mustBeLessThen: 5 }", "checks mustBeGreaterThan only: `mustBeLessThen` is no ODCS comparator (did you mean `mustBeLessThan`?)"],
    ["{ type: sql, query: 'SELECT 1', mustBe: 1, mustNotbe: 2 }", "checks mustBe only: `mustNotbe` is no ODCS comparator (did you mean `mustNotBe`?)"],
    // The English spelling of an inclusive bound: more than a typo away from ODCS's, and meant as one all the same.
    ["{ metric: nullValues, mustBeGreaterThan: 0, mustBeLessThanOrEqualTo: 5 }", "checks mustBeGreaterThan only: `mustBeLessThanOrEqualTo` is no ODCS comparator (did you mean `mustBeLessOrEqualTo`?)"],
    ["{ type: sql, query: 'SELECT 1', mustBeGreaterThanOrEqualTo: 1 }", "has no comparison: `mustBeGreaterThanOrEqualTo` is no ODCS comparator (did you mean `mustBeGreaterOrEqualTo`?)"],
    ["{ type: sql, query: 'SELECT 1; DROP TABLE t', mustBe: 1 }", "query holds more than one statement (text after a `;`); write a single SELECT"],
  ])("%s → unrunnable: %s", (rule, expected) => {
    const p = plan(ONE_COLUMN(`          - ${rule}\n`));
    const unrunnable = p.objects[0]!.checks.find((c) => c.measure.kind === "unrunnable");
    expect(unrunnable && reason(unrunnable)).toContain(expected);
  });

  it.each([
    ["{ metric: nullValues, mustBe: abc }", "/mustBe"],
    ["{ metric: nullValues, mustBeLessThen: 5 }", "/mustBeLessThen"],
    ["{ type: sql, query: 'SELECT 1', mustbe: 1 }", "/mustbe"],
    ["{ rule: unique, mustbe: 1 }", "/mustbe"],
    ["{ metric: nullValues, mustBeGreaterThan: 0, mustBeLessThen: 5 }", "/mustBeLessThen"],
    ["{ type: sql, query: 'SELECT 1', mustBe: 1, mustNotbe: 2 }", "/mustNotbe"],
    ["{ metric: nullValues, mustBeGreaterThan: 0, mustBeLessThanOrEqualTo: 2 }", "/mustBeLessThanOrEqualTo"],
    ["{ metric: nullValues, mustBeLessThan: 5, unit: bytes }", "/unit"],
    ["{ metric: missingValues, mustBe: 0, arguments: { missingvalues: [a] } }", "/arguments/missingvalues"],
    ["{ metric: duplicateValues, mustBe: 0, arguments: { properties: [c, d] } }", "/arguments/properties"],
    ["{ metric: invalidValues, mustBe: 0, arguments: { validValues: a } }", "/arguments/validValues"],
    ["{ metric: invalidValues, mustBe: 0, arguments: { validValues: [] } }", "/arguments/validValues"],
    ["{ metric: invalidValues, mustBe: 0, arguments: { pattern: '^(?=a)' } }", "/arguments/pattern"],
    ["{ metric: missingValues, mustBe: 0, arguments: { missingValues: [.nan] } }", "/arguments/missingValues"],
    ["{ type: sql, query: 'SELECT 1', mustBe: .inf }", "/mustBe"],
    ["{ type: sql, query: 'SELECT count(*) FROM {object}', mustBe: 3, unit: percent }", "/unit"],
    ["{ type: sql, query: 'SELECT 1', mustBe: 1, unit: ' ' }", "/unit"],
  ])("%s → refused at the node at fault (%s), where lint reports it", (rule, at) => {
    const p = plan(ONE_COLUMN(`          - ${rule}\n`));
    const unrunnable = p.objects[0]!.checks.find((c) => c.measure.kind === "unrunnable");
    expect(unrunnable?.pointer).toBe(`/schema/0/properties/0/quality/0${at}`);
  });
  it("a library rowCount rule in percent is refused at its unit", () => {
    const p = plan("schema:\n  - name: t\n    quality:\n      - { metric: rowCount, mustBeGreaterThan: 0, unit: percent }\n    properties:\n      - { name: c, logicalType: string }\n");
    expect(p.objects[0]!.checks.find((c) => c.measure.kind === "unrunnable")?.pointer).toBe("/schema/0/quality/0/unit");
  });

  it("a property that reads another property's column as another type is refused, with none of its checks", () => {
    const p = plan(`schema:
  - name: t
    properties:
      - { name: id_num, physicalName: customer_id, logicalType: integer, logicalTypeOptions: { minimum: 0 } }
      - { name: id_text, physicalName: customer_id, logicalType: string, required: true }
`);
    const object = p.objects[0]!;
    expect(object.properties.map((q) => q.name)).toEqual(["id_num"]);
    expect(object.checks.filter((c) => c.property === "id_text").map((c) => [c.id, c.measure.kind])).toEqual([["t.id_text.exists", "unrunnable"]]);
    expect(reason(check(p, "t.id_text.exists"))).toBe("property `id_text` reads column `customer_id` as string, but property `id_num` reads it as integer: one column has one type; none of its checks run");
  });

  it("refuses a property that reads a date or timestamp column in another zone or format than another property does (the engines read a column one way)", () => {
    const p = plan(`schema:
  - name: t
    properties:
      - { name: at, logicalType: timestamp, logicalTypeOptions: { defaultTimezone: Etc/UTC } }
      - { name: at_utc, physicalName: at, logicalType: timestamp, logicalTypeOptions: { defaultTimezone: UTC, minimum: "2024-01-01" } }
      - { name: at_berlin, physicalName: at, logicalType: timestamp, logicalTypeOptions: { defaultTimezone: Europe/Berlin } }
      - { name: day, logicalType: date }
      - { name: day_text, physicalName: day, logicalType: date, logicalTypeOptions: { format: dd.MM.yyyy } }
`);
    // Etc/UTC and UTC are one zone: no conflict there.
    expect(p.objects[0]!.properties.map((q) => q.name)).toEqual(["at", "at_utc", "day"]);
    expect(reason(check(p, "t.at_berlin.exists"))).toBe("property `at_berlin` reads column `at` in Europe/Berlin, but property `at` reads it in UTC: one column is read one way; none of its checks run");
    expect(reason(check(p, "t.day_text.exists"))).toBe("property `day_text` reads column `day` with format dd.MM.yyyy, but property `day` reads it with no format: one column is read one way; none of its checks run");
  });

  // The zone's spelling and the pattern's letters are not the reading: the engines read `europe/berlin` and `US/Eastern` as the canonical zones, `uuuu` as `yyyy`.
  it("takes two properties of one column whose zones or formats are spelled differently but read alike", () => {
    const p = plan(`schema:
  - name: t
    properties:
      - { name: at, logicalType: timestamp, logicalTypeOptions: { defaultTimezone: Europe/Berlin } }
      - { name: at_lower, physicalName: at, logicalType: timestamp, logicalTypeOptions: { defaultTimezone: europe/berlin } }
      - { name: ny, logicalType: timestamp, logicalTypeOptions: { defaultTimezone: America/New_York } }
      - { name: ny_alias, physicalName: ny, logicalType: timestamp, logicalTypeOptions: { defaultTimezone: US/Eastern } }
      - { name: day, logicalType: date, logicalTypeOptions: { format: dd.MM.yyyy } }
      - { name: day_u, physicalName: day, logicalType: date, logicalTypeOptions: { format: dd.MM.uuuu } }
      - { name: day_iso, physicalName: day, logicalType: date, logicalTypeOptions: { format: yyyy-MM-dd } }
`);
    expect(p.objects[0]!.properties.map((q) => q.name)).toEqual(["at", "at_lower", "ny", "ny_alias", "day", "day_u"]);
    expect(reason(check(p, "t.day_iso.exists"))).toBe("property `day_iso` reads column `day` with format yyyy-MM-dd, but property `day` reads it with format dd.MM.yyyy: one column is read one way; none of its checks run");
  });

  it("a property with an empty name is refused, with none of its checks: no engine reads a zero-length quoted name", () => {
    const p = plan(`schema:
  - name: t
    properties:
      - { name: "", required: true, unique: true }
      - { name: named, physicalName: "", required: true }
`);
    const object = p.objects[0]!;
    expect(object.properties.map((q) => q.name)).toEqual(["named"]);
    expect(object.checks.filter((c) => c.property === "").map((c) => [c.id, c.measure.kind])).toEqual([["t..exists", "unrunnable"]]);
    expect(reason(check(p, "t..exists"))).toBe("property has an empty name and no physicalName: SQL cannot name an empty column (`\"\"` is refused); name the column; none of its checks run");
  });

  it("an SLA on such a refused property is not checked either, and says why (not a crash)", () => {
    const p = plan(`schema:
  - name: t
    properties:
      - { name: at_time, physicalName: at, logicalType: time }
      - { name: at_ts, physicalName: at, logicalType: timestamp }
slaProperties:
  - { property: latency, value: 1, unit: d, element: t.at_ts }
`);
    expect(reason(check(p, "t.at_ts.latency"))).toBe(
      "SLA latency names element `t.at_ts`, a property that is not checked: it reads its column otherwise (as another type, or in another time zone or format) than another property of `t` does",
    );
  });

  it("numbers a repeated property's checks after the first one's, in the contract's order (-2 on the later one)", () => {
    const p = plan(`schema:
  - name: t
    properties:
      - { name: id, logicalType: integer }
      - { name: id, logicalType: string, required: true }
`);
    expect(p.objects[0]!.checks.map((c) => [c.id, c.pointer, c.measure.kind])).toEqual([
      ["t.id.exists", "/schema/0/properties/0", "columnPresent"],
      ["t.id.type", "/schema/0/properties/0/logicalType", "columnType"],
      ["t.id.exists-2", "/schema/0/properties/1", "unrunnable"],
    ]);
  });

  it("a refused query is reported as not read-only", () => {
    const p = plan(ONE_COLUMN("          - { name: evil, type: sql, query: 'COPY t TO ''x''', mustBe: 0 }\n"));
    // Refused, it still says what it asked for: the results entry shows its threshold.
    expect(check(p, "t.c.evil")).toMatchObject({ ruleId: "quality-sql", threshold: { comparator: "mustBe", value: 0 }, measure: { kind: "unrunnable", ruleId: "quality-sql-not-read-only" } });
  });

  it("a library rule refused after its comparison was read keeps that threshold", () => {
    const p = plan(ONE_COLUMN("          - { name: odd_unit, metric: nullValues, unit: bananas, mustBeLessThan: 5 }\n"));
    expect(check(p, "t.c.odd_unit")).toMatchObject({ threshold: { comparator: "mustBeLessThan", value: 5 }, measure: { kind: "unrunnable" } });
  });

  it("an object's SQL rule is refused for {property} in its code only: in a string or a comment it stays text", () => {
    const p = plan(`schema:
  - name: t
    properties: [{ name: s }]
    quality:
      - { name: code, type: sql, query: 'SELECT count(*) FROM {object} WHERE {property} IS NULL', mustBe: 0 }
      - { name: dollar, type: sql, query: 'SELECT count(*) FROM {object} WHERE \${column} IS NULL', mustBe: 0 }
      - { name: text, type: sql, query: "SELECT count(*) FROM {object} WHERE s = '{property}'", mustBe: 0 }
      - { name: comment, type: sql, query: "SELECT count(*) FROM {object} -- per {property}", mustBe: 0 }
`);
    expect(reason(check(p, "t.code"))).toBe("uses {property} but is an object-level rule: move it under a property, or name the column");
    expect(reason(check(p, "t.dollar"))).toBe("uses {property} but is an object-level rule: move it under a property, or name the column");
    expect(check(p, "t.text").measure.kind).toBe("sqlValue");
    expect(check(p, "t.comment").measure.kind).toBe("sqlValue");
  });

  it("a SQL rule writing a placeholder in another case or with spaces is refused before it runs (one query sent it as written, the scan read it as the table)", () => {
    const p = plan(`schema:
  - name: t
    properties:
      - name: s
        quality:
          - { name: upper, type: sql, query: 'SELECT count(*) FROM {Object} WHERE s IS NULL', mustBe: 0 }
          - { name: spaced, type: sql, query: 'SELECT count(*) FROM { object }', mustBe: 1 }
          - { name: column, type: sql, query: 'SELECT count(\${COLUMN}) FROM {table}', mustBe: 1 }
          - { name: text, type: sql, query: "SELECT count(*) FROM {object} WHERE {property} <> '{Object}'", mustBe: 0 }
`);
    const advice = "which is no placeholder: write {object} (or {table}) for the table and {property} (or {column}) for the column, in lower case without spaces";
    expect(reason(check(p, "t.s.upper"))).toBe(`writes \`{Object}\`, ${advice}`);
    expect(reason(check(p, "t.s.spaced"))).toBe(`writes \`{ object }\`, ${advice}`);
    expect(reason(check(p, "t.s.column"))).toBe(`writes \`\${COLUMN}\`, ${advice}`);
    expect(check(p, "t.s.text").measure).toMatchObject({ kind: "sqlValue", countWhere: "{property} <> '{Object}'" });
  });

  it("an argument the metric does not read refuses the rule: a misspelt name would measure something else", () => {
    const p = plan(`schema:
  - name: t
    properties:
      - name: a
        logicalType: string
        quality:
          - { name: miss_typo, metric: missingValues, arguments: { missingvalues: ['n/a'] }, mustBe: 0 }
          - { name: inv_typo, metric: invalidValues, arguments: { validValues: [x], patern: '^x$' }, mustBe: 0 }
          - { name: inv_ok, metric: invalidValues, arguments: { validValues: [x], pattern: '^x$' }, mustBe: 0 }
          - { name: nulls_args, metric: nullValues, arguments: { anything: 1 }, mustBe: 0 }
      - name: b
    quality:
      - { name: dup_typo, metric: duplicateValues, arguments: { property: [a, b] }, mustBe: 0 }
      - { name: inv_obj, metric: invalidValues, arguments: { validValues: [x] }, mustBe: 0 }
`);
    // Without the refusal, missing values would default to null and '', and duplicates to whole rows: a pass on data that breaks the rule.
    expect(check(p, "t.a.miss_typo")).toMatchObject({ ruleId: "quality-missing-values", threshold: { comparator: "mustBe", value: 0 }, measure: { kind: "unrunnable", ruleId: "quality-rule-invalid" } });
    expect(reason(check(p, "t.a.miss_typo"))).toBe("has arguments.missingvalues, which missingValues does not read (it reads `missingValues`): fix the name, or remove it");
    expect(reason(check(p, "t.a.inv_typo"))).toBe("has arguments.patern, which invalidValues does not read (it reads `validValues` and `pattern`): fix the name, or remove it");
    expect(reason(check(p, "t.dup_typo"))).toBe("has arguments.property, which duplicateValues does not read (it reads `properties`): fix the name, or remove it");
    expect(check(p, "t.a.inv_ok").measure.kind).toBe("failingRows");
    // nullValues reads no argument: what it counts cannot change, so its arguments are left alone.
    expect(check(p, "t.a.nulls_args").measure.kind).toBe("failingRows");
    expect(reason(check(p, "t.inv_obj"))).toBe("is an invalidValues rule on the object: it counts the values of one property, so move it under that property's `quality`");
  });

  it("object-level rules: rowCount, duplicates over named properties or whole rows, SQL; others need a property", () => {
    const p = plan(`schema:
  - name: t
    properties: [{ name: a }, { name: b, physicalName: B }]
    quality:
      - { metric: rowCount, mustBeGreaterThan: 0 }
      - { name: pair, metric: duplicateValues, arguments: { properties: [a, b] }, mustBe: 0 }
      - { name: rows, metric: duplicateValues, mustBe: 0 }
      - { name: unknown, metric: duplicateValues, arguments: { properties: [a, z] }, mustBe: 0 }
      - { name: nulls, metric: nullValues, mustBe: 0 }
      - { name: prop, type: sql, query: 'SELECT count(*) FROM {object} WHERE {property} IS NULL', mustBe: 0 }
      - { type: text, description: prose }
      - { type: custom, engine: soda, implementation: x }
`);
    expect(p.objects[0]!.checks.filter((c) => !c.id.endsWith(".exists")).map((c) => c.id)).toEqual(["t.rowCount", "t.pair", "t.rows", "t.unknown", "t.nulls", "t.prop", "t.custom"]);
    // A rule for another engine is reported as not checked, never dropped in silence; prose is no check.
    expect(check(p, "t.custom")).toMatchObject({ ruleId: "quality-not-checked", pointer: "/schema/0/quality/7", measure: { kind: "notChecked", reason: "the custom rule of t (engine `soda`) is run by its own engine, not by meshkit test (which runs library and sql rules)" } });
    expect(check(p, "t.pair").measure).toEqual({ kind: "duplicateRows", columns: ["a", "B"], unit: "rows", nullsEqual: true });
    expect(check(p, "t.rows").measure).toEqual({ kind: "duplicateRows", columns: ["a", "B"], unit: "rows", nullsEqual: true });
    expect(reason(check(p, "t.unknown"))).toBe("arguments.properties names `z`, which is not a property of `t`");
    // Located at the name at fault, not at the rule.
    expect(check(p, "t.unknown").pointer).toBe("/schema/0/quality/3/arguments/properties/1");
    expect(reason(check(p, "t.nulls"))).toBe("is a nullValues rule on the object: it counts the values of one property, so move it under that property's `quality`");
    expect(reason(check(p, "t.prop"))).toBe("uses {property} but is an object-level rule: move it under a property, or name the column");
  });

  it("ids are unique and stable, from the rule's name or id, else its metric", () => {
    const p = plan(ONE_COLUMN("          - { metric: nullValues, mustBe: 0 }\n          - { metric: nullValues, mustBe: 1 }\n          - { id: nn, metric: nullValues, mustBe: 2 }\n", "        required: true\n"));
    expect(p.objects[0]!.checks.map((c) => c.id)).toEqual(["t.c.exists", "t.c.type", "t.c.required", "t.c.nullValues", "t.c.nullValues-2", "t.c.nn"]);
  });

  it.each([
    ["warning", "warning"],
    [" WARN ", "warning"],
    ["info", "info"],
    ["error", "error"],
    ["critical", "error"],
    [undefined, "error"],
  ])("severity %j is %s", (value, expected) => {
    expect(ruleSeverity(value)).toBe(expected);
  });
});

describe("SLAs", () => {
  const schema = `schema:
  - name: a
    properties: [{ name: ts, logicalType: timestamp }, { name: shared }, { name: n, logicalType: number }]
  - name: b
    properties: [{ name: updated, logicalType: timestamp }, { name: shared }]
`;
  it("resolve `object.column` or a bare column, several comma-separated elements, ODCS synonyms and units", () => {
    const p = plan(`${schema}slaProperties:
  - { property: ly, value: 4, unit: days, element: "a.ts, updated" }
  - { property: RE, value: "2", unit: Y, element: b.updated }
`);
    expect(check(p, "a.ts.latency")).toMatchObject({ ruleId: "sla-latency", threshold: { comparator: "mustBeLessOrEqualTo", value: 4 }, measure: { kind: "age", end: "newest", unit: "days", unitSeconds: 86_400 } });
    expect(check(p, "b.updated.latency").pointer).toBe("/slaProperties/0");
    expect(check(p, "b.updated.retention")).toMatchObject({ threshold: { value: 2 }, measure: { end: "oldest", unitSeconds: 365 * 86_400 } });
  });

  it("reads an SLA value written as decimal text as the number it spells", () => {
    for (const [text, value] of [["\"4\"", 4], ["\" 2 \"", 2], ["\"2e1\"", 20], ["\"1.5\"", 1.5]] as const) {
      const p = plan(`${schema}slaProperties:\n  - { property: retention, value: ${text}, unit: d, element: a.ts }\n`);
      expect([text, check(p, "a.ts.retention").threshold]).toEqual([text, { comparator: "mustBeLessOrEqualTo", value }]);
    }
  });

  // Each at the field the reason is about (where it is written), else at the SLA.
  it.each([
    ["{ property: latency, value: 1, unit: d }", "sla.latency", "SLA latency names no element: set `element` to the timestamp column, as `object.column`", "/slaProperties/0"],
    ["{ property: latency, value: 1, unit: d, element: shared }", "sla.latency", "SLA latency names element `shared`, a property of several objects: write it as `object.shared`", "/slaProperties/0/element"],
    ["{ property: latency, value: 1, unit: d, element: nothing }", "sla.latency", "SLA latency names element `nothing`, which is no property of the contract", "/slaProperties/0/element"],
    // An object's name (which lint's sla-element accepts) is no column to read an age from: say which to name.
    ["{ property: latency, value: 1, unit: d, element: a }", "a.latency", "SLA latency names element `a`, an object: name the date or timestamp column to measure, `a.ts`", "/slaProperties/0/element"],
    ["{ property: latency, value: 1, unit: d, element: c.ts }", "c.latency", "SLA latency names element `c.ts`, but the contract has no object `c`", "/slaProperties/0/element"],
    ["{ property: latency, value: 1, unit: d, element: a.nope }", "a.latency", "SLA latency names element `a.nope`, but `a` has no property `nope`", "/slaProperties/0/element"],
    ["{ property: latency, value: 0, unit: d, element: a.ts }", "a.ts.latency", "SLA latency has value `0`: use a positive number of d", "/slaProperties/0/value"],
    // An ISO 8601 duration of zero is not said as `value: 0`, which is refused in turn.
    ["{ property: latency, value: PT0S, element: a.ts }", "a.ts.latency", "SLA latency value `PT0S` is an ISO 8601 duration, which meshkit does not read, and of zero length: write a positive number as `value` with a `unit` (e.g. `value: 1` with `unit: s`)", "/slaProperties/0/value"],
    ["{ property: latency, value: soon, unit: d, element: a.ts }", "a.ts.latency", "SLA latency has value `soon`: use a positive number of d", "/slaProperties/0/value"],
    // YAML's non-finite numbers are quoted as written, not as JavaScript prints them (NaN, Infinity).
    ["{ property: latency, value: .nan, unit: d, element: a.ts }", "a.ts.latency", "SLA latency has value `.nan`: use a positive number of d", "/slaProperties/0/value"],
    ["{ property: latency, value: 1e400, unit: d, element: a.ts }", "a.ts.latency", "SLA latency has value `.inf`: use a positive number of d", "/slaProperties/0/value"],
    // Text JavaScript's Number() reads as a number, which no stage reads as a length (core's slaValueNumber).
    ...["0x2", "0b11", "0o7", "Infinity"].map((text) => [`{ property: retention, value: "${text}", unit: d, element: a.ts }`, "a.ts.retention", `SLA retention has value \`${text}\`: use a positive number of d`, "/slaProperties/0/value"]),
    ["{ property: latency, value: 1, element: a.ts }", "a.ts.latency", "SLA latency has no `unit`: add one of y, m/mo (month), w, d, h, min, s, ms", "/slaProperties/0"],
    ["{ property: latency, value: 1, unit: fortnights, element: a.ts }", "a.ts.latency", "SLA latency has unit `fortnights`, not a duration: use y, m/mo (month), w, d, h, min, s, ms", "/slaProperties/0/unit"],
    ["{ property: latency, unit: d, element: a.ts }", "a.ts.latency", "SLA latency has no `value`: add a positive number of d", "/slaProperties/0"],
    // Written empty, it is said where it is written, as lint's sla-property says it.
    ["{ property: latency, value: null, unit: d, element: a.ts }", "a.ts.latency", "SLA latency has no `value`: add a positive number of d", "/slaProperties/0/value"],
    ["{ property: latency, value: ~, element: a.ts }", "a.ts.latency", "SLA latency has no `unit`: add one of y, m/mo (month), w, d, h, min, s, ms; and it has no `value`: add a positive number", "/slaProperties/0"],
    // No age is read from a number: the runner's scan, and the emitted SQL, would stop at it.
    ["{ property: retention, value: 1, unit: d, element: a.n }", "a.n.retention", "SLA retention names element `a.n`, which is declared number: an SLA element must be a date or timestamp property", "/slaProperties/0/element"],
  ])("%s → %s unrunnable", (sla, id, expected, pointer) => {
    const unrunnable = check(plan(`${schema}slaProperties:\n  - ${sla}\n`), id);
    expect(reason(unrunnable)).toBe(expected);
    expect(unrunnable.pointer).toBe(pointer);
  });

  it("says a nested property is no SLA element, rather than that it is missing", () => {
    const p = plan(`schema:
  - name: a
    properties: [{ name: meta, logicalType: object, properties: [{ name: ts, logicalType: timestamp }] }]
slaProperties:
  - { property: freshness, value: 1, unit: d, element: a.meta.ts }
`);
    expect(reason(check(p, "a.freshness"))).toBe("SLA freshness names element `a.meta.ts`, a property nested in `meta`: an SLA element must be a column of the object (a top-level date or timestamp property)");
  });

  it("report an element the deprecated slaDefaultElement names at slaDefaultElement", () => {
    const p = plan(`${schema}slaDefaultElement: a.nope\nslaProperties:\n  - { property: latency, value: 1, unit: d }\n`);
    expect(p.unassigned.find((c) => c.id === "a.latency")).toMatchObject({ pointer: "/slaDefaultElement" });
  });

  it("resolve elements whose object or column names hold dots, by the split that names both", () => {
    const dotted = `schema:
  - { name: orders, physicalName: sales.orders, properties: [{ name: order_ts, logicalType: timestamp }, { name: event.time, logicalType: timestamp }] }
  - { name: sales, properties: [{ name: day }] }
slaProperties:
  - { property: latency, value: 1, unit: d, element: sales.orders.order_ts }
  - { property: retention, value: 1, unit: y, element: orders.event.time }
  - { property: freshness, value: 1, unit: d, element: sales.orders.nope }
`;
    const p = plan(dotted);
    expect(check(p, "orders.order_ts.latency").ruleId).toBe("sla-latency");
    expect(check(p, "orders.event.time.retention").ruleId).toBe("sla-retention");
    expect(reason(p.unassigned.find((c) => c.id.endsWith("freshness"))!)).toBe("SLA freshness names element `sales.orders.nope`, but `sales.orders` has no property `nope`");
  });

  it("fall back to the deprecated slaDefaultElement, and skip service-level properties", () => {
    const p = plan(`${schema}slaDefaultElement: a.ts\nslaProperties:\n  - { property: freshness, value: 1, unit: h }\n  - { property: availability, value: 99.9, unit: percent }\n`);
    expect(check(p, "a.ts.freshness").ruleId).toBe("sla-freshness");
    expect(p.objects.flatMap((o) => o.checks).filter((c) => c.ruleId.startsWith("sla-"))).toHaveLength(1);
  });
});

describe("object selection", () => {
  const schema = "schema:\n  - { name: a, physicalName: A_TABLE }\n  - { name: b }\nslaProperties:\n  - { property: latency, value: 1, unit: d, element: b.x }\n";
  it("by name or physicalName", () => {
    expect(plan(schema, ["A_TABLE"]).objects.map((o) => o.name)).toEqual(["a"]);
    expect(plan(schema, ["b"]).objects.map((o) => o.name)).toEqual(["b"]);
  });

  it("an unknown object is a usage error", () => {
    expect(() => plan(schema, ["c"])).toThrow(UsageError);
    expect(() => plan(schema, ["c"])).toThrow("no schema object named `c` in the contract (objects: a, b)");
  });

  it("marks classified and PII properties for masking", () => {
    const p = plan("schema:\n  - name: t\n    properties:\n      - { name: a, classification: public }\n      - { name: b, classification: Internal }\n      - { name: c, classification: confidential }\n      - { name: d, tags: [PII] }\n      - { name: e }\n");
    expect(p.objects[0]!.properties.map((x) => [x.name, x.masked])).toEqual([["a", false], ["b", false], ["c", true], ["d", true], ["e", false]]);
  });
});

describe("SQL rules whose value may be classified", () => {
  it("a table or column named with a backtick: a rule reading no classified column is not masked (as any other name)", () => {
    // BigQuery's and Spark's quoting of such a name (`o\`rders`) is no name to every other engine's reading: the query
    // read so was taken for one the guard refuses, and masked "when unsure".
    const masked = (name: string, column: string) => {
      const p = plan(`schema:\n  - name: "${name}"\n    properties:\n      - { name: "${column}", logicalType: integer, quality: [{ name: top, type: sql, query: "SELECT max({property}) FROM {object}", mustBe: 1 }] }\n      - { name: email, logicalType: string, classification: restricted }\n    quality:\n      - { name: mx, type: sql, query: "SELECT max(id) FROM {object}", mustBe: 1 }\n`);
      return p.objects[0]!.checks.filter((c) => c.measure.kind === "sqlValue").map((c) => [c.id, c.measure.kind === "sqlValue" && c.measure.masked === true]);
    };
    expect(masked("orders", "id")).toEqual([["orders.id.top", false], ["orders.mx", false]]);
    expect(masked("o`rders", "i`d")).toEqual([["o`rders.i`d.top", false], ["o`rders.mx", false]]);
  });
});

describe("integerFormatRange", () => {
  it.each([
    ["i8", { min: -128, max: 127 }],
    ["I16", { min: -32_768, max: 32_767 }],
    ["i32", { min: -2_147_483_648, max: 2_147_483_647 }],
    ["u8", { min: 0, max: 255 }],
    ["u32", { min: 0, max: 4_294_967_295 }],
    ["u64", { min: 0, max: 18_446_744_073_709_551_615n }],
    ["u128", { min: 0, max: 2n ** 128n - 1n }],
    ["i64", { min: -9_223_372_036_854_775_808n, max: 9_223_372_036_854_775_807n }],
    ["i128", { min: -(2n ** 127n), max: 2n ** 127n - 1n }],
    ["f32", undefined],
    ["int", undefined],
    [8, undefined],
  ])("%s", (format, range) => {
    expect(integerFormatRange(format)).toEqual(range);
  });
});

describe("ODCS v3.0.x timestamps, which it declares `logicalType: date`", () => {
  const contract = (apiVersion: string) => `apiVersion: ${apiVersion}
kind: DataContract
id: c
version: 1.0.0
status: active
schema:
  - name: t
    properties:
      - { name: ts, logicalType: date, physicalType: timestamp, logicalTypeOptions: { minimum: "2024-01-01T10:00:00Z" } }
      - { name: at, logicalType: date, physicalType: "TIMESTAMP WITH TIME ZONE" }
      - { name: d, logicalType: date, physicalType: date }
slaProperties:
  - { property: freshness, value: 1, unit: d, element: t.ts }
`;
  const planOf = (apiVersion: string) => planChecks(loadText("c.yaml", contract(apiVersion)).documents[0]!.value as DataContract);

  it("are timestamps in a v3.0 contract when the physicalType says so: type check, bounds and SLA ages", () => {
    const p = planOf("v3.0.2");
    expect(check(p, "t.ts.type").measure).toMatchObject({ kind: "columnType", expected: "timestamp" });
    expect(check(p, "t.at.type").measure).toMatchObject({ kind: "columnType", expected: "timestamp" });
    expect(check(p, "t.d.type").measure).toMatchObject({ kind: "columnType", expected: "date" });
    expect(check(p, "t.ts.minimum").measure).toMatchObject({ kind: "failingRows", condition: { value: { type: "timestamp" } } });
    expect(check(p, "t.ts.freshness").measure).toMatchObject({ kind: "age", column: "ts" });
  });

  it("stay dates in a v3.1 contract, which has logicalType timestamp", () => {
    expect(check(planOf("v3.1.0"), "t.ts.type").measure).toMatchObject({ kind: "columnType", expected: "date" });
  });
});
