/** Messages of measured values: a number is never shown as a value it is not (0, 100%, a value for a combination). */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { Check, ObjectPlan } from "./checks.js";
import { evaluateAge, evaluateFailingRows, evaluateSqlValue, evaluateType } from "./evaluate.js";
import { resultOf, runOnFile } from "./test-support.js";

const root = mkdtempSync(join(tmpdir(), "meshkit-evaluate-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const object: ObjectPlan = { name: "t", physicalName: "t", pointer: "/schema/0", properties: [{ name: "at", column: "at", pointer: "/schema/0/properties/0", masked: false }], checks: [] };
const now = new Date("2024-01-06T00:00:00Z");

function ageCheck(unit: string, unitSeconds: number, value: number): Check {
  return { id: "t.latency", ruleId: "sla-latency", object: "t", pointer: "/slaProperties/0", severity: "error", threshold: { comparator: "mustBeLessOrEqualTo", value }, measure: { kind: "age", column: "at", end: "newest", unit, unitSeconds } };
}

describe("SLA ages", () => {
  it("a 1-day age against a 1-year SLA reads 0.0027 y, not 0 y", () => {
    const { result } = evaluateAge(ageCheck("y", 365 * 86_400, 1), object, now.getTime() / 1000 - 86_400, now, 1);
    expect(result.message).toBe("The newest `at` in `t` is 1 d old (2024-01-05T00:00:00.000Z, 0.0027 y); latency must be at most 1 y");
  });

  it("an age of exactly the SLA's value passes at its bound, in every unit (counted in whole microseconds)", () => {
    const newest = Date.UTC(2024, 0, 1) / 1000;
    for (const [unit, unitSeconds] of [["ms", 0.001], ["s", 1], ["min", 60], ["d", 86_400], ["m", (365 * 86_400) / 12]] as const) {
      const at = new Date((newest + 2 * unitSeconds) * 1000);
      const { result } = evaluateAge(ageCheck(unit, unitSeconds, 2), object, newest, at, 1);
      expect(result, unit).toMatchObject({ status: "pass", measured: 2 });
    }
    // 3 ms, not 3.00002 ms; and a fraction of a second in the data (epoch seconds 1704067200.000123)
    expect(evaluateAge(ageCheck("ms", 0.001, 2), object, newest, new Date(newest * 1000 + 3), 1).result).toMatchObject({ status: "fail", measured: 3 });
    expect(evaluateAge(ageCheck("ms", 0.001, 2), object, newest + 0.000123, new Date(newest * 1000 + 2), 1).result).toMatchObject({ status: "pass", measured: 1.877 });
  });

  it("no value in one row: `1 row`, not `1 rows`", () => {
    expect(evaluateAge(ageCheck("d", 86_400, 1), object, null, now, 1).result.message).toBe("`t` has no `at` value (1 row); latency must be at most 1 d");
    expect(evaluateAge(ageCheck("d", 86_400, 1), object, null, now, 2).result.message).toBe("`t` has no `at` value (2 rows); latency must be at most 1 d");
  });

  it("says a unit written as a word as the number needs it (`1 day`, `9 days`), keeping the results' unit as written", () => {
    const oneDays = evaluateAge(ageCheck("days", 86_400, 1), object, now.getTime() / 1000 - 86_400, now, 1).result;
    expect(oneDays).toMatchObject({ unit: "days", message: "The newest `at` in `t` is 1 d old (2024-01-05T00:00:00.000Z, 1 day); latency must be at most 1 day" });
    const nineDays = evaluateAge(ageCheck("Days", 86_400, 9), object, now.getTime() / 1000 - 2 * 86_400, now, 1).result;
    expect(nineDays).toMatchObject({ unit: "Days", message: "The newest `at` in `t` is 2 d old (2024-01-04T00:00:00.000Z, 2 days); latency must be at most 9 days" });
    expect(evaluateAge(ageCheck("hour", 3_600, 2), object, null, now, 1).result.message).toBe("`t` has no `at` value (1 row); latency must be at most 2 hours");
  });

  it("an age under half a second is given in milliseconds, not as 0 s", () => {
    const { result } = evaluateAge(ageCheck("ms", 0.001, 100), object, now.getTime() / 1000 - 0.25, now, 1);
    expect(result.message).toBe("The newest `at` in `t` is 250 ms old (2024-01-05T23:59:59.750Z, 250 ms); latency must be at most 100 ms");
  });

  it("an age under a second is in milliseconds and one under a minute to the millisecond: never rounded past the SLA it is judged by", () => {
    const ageOf = (seconds: number, unit: string, unitSeconds: number, value: number) => evaluateAge(ageCheck(unit, unitSeconds, value), object, now.getTime() / 1000 - seconds, now, 1).result;
    // 0.5 s meets a 500 ms latency: it read `1 s old`, more than the SLA it passed.
    expect(ageOf(0.5, "ms", 0.001, 500)).toMatchObject({ status: "pass", message: "The newest `at` in `t` is 500 ms old (2024-01-05T23:59:59.500Z, 500 ms); latency must be at most 500 ms" });
    // 1.4 s fails a 1 s latency: it read `1 s old`, the SLA itself.
    expect(ageOf(1.4, "s", 1, 1)).toMatchObject({ status: "fail", message: "The newest `at` in `t` is 1.4 s old (2024-01-05T23:59:58.600Z, 1.4 s); latency must be at most 1 s" });
    expect(ageOf(59.9996, "min", 60, 1).message).toMatch(/ is 1 min old /);
    expect(ageOf(0.9996, "s", 1, 1).message).toMatch(/ is 1 s old /);
    expect(ageOf(90.4, "min", 60, 1).message).toMatch(/ is 1 min 30 s old /);
  });
});

describe("SLA ages of a classified column", () => {
  const classified: ObjectPlan = { ...object, properties: [{ ...object.properties[0]!, masked: true }] };
  it("are judged, but neither the value nor the age is shown (the age and the run's time give the value)", () => {
    const failing = evaluateAge(ageCheck("d", 86_400, 1), classified, Date.UTC(1980, 4, 17) / 1000, now, 2);
    expect(failing.result).toMatchObject({ status: "fail", measured: "***", unit: "d", message: "The newest `at` in `t` is *** old (masked: `at` is classified); latency must be at most 1 d" });
    expect(failing.finding).toEqual({ ruleId: "sla-latency", severity: "error" });
    const future = evaluateAge(ageCheck("d", 86_400, 1), classified, Date.UTC(2099, 0, 1) / 1000, now, 2);
    expect(future.result).toMatchObject({ status: "pass", measured: "***" });
    expect(JSON.stringify(future)).not.toMatch(/2099|27,?3\d\d/);
  });

  it("in a run: the date of birth of a pii column is in no message and no result", async () => {
    const properties = "      - { name: id, logicalType: integer }\n      - { name: dob, logicalType: date, tags: [pii] }\n";
    const slas = "slaProperties:\n  - { property: latency, value: 1, unit: d, element: t.dob }\n  - { property: retention, value: 100, unit: y, element: t.dob }\n";
    const run = await runOnFile(root, "t.csv", "id,dob\n1,1980-05-17\n2,1975-02-03\n", properties, { now, extra: slas });
    expect(resultOf(run, "t.dob.latency")).toMatchObject({ status: "fail", measured: "***" });
    expect(resultOf(run, "t.dob.retention")).toMatchObject({ status: "pass", measured: "***" });
    expect(JSON.stringify([run.results, run.findings])).not.toMatch(/1980|1975|05-17|02-03/);
  });
});

describe("counted percentages", () => {
  const check: Check = { id: "t.at.nulls", ruleId: "quality-null-values", object: "t", property: "at", pointer: "/schema/0/properties/0/quality/0", severity: "error", threshold: { comparator: "mustBe", value: 0 }, measure: { kind: "failingRows", condition: { kind: "isNull", columns: ["at"] }, unit: "rows", failing: "have a null `at`" } };
  it("all rows but one fail: >99.99%, not 100%", () => {
    expect(evaluateFailingRows(check, 99_999, 100_000).result.message).toBe("99,999 of 100,000 rows (>99.99%) have a null `at`; must be 0");
  });
});

describe("SQL rules' values", () => {
  const check: Check = { id: "t.max_id", ruleId: "quality-sql", object: "t", pointer: "/schema/0/quality/0", severity: "error", threshold: { comparator: "mustBeLessThan", value: 1e15 }, measure: { kind: "sqlValue", query: "SELECT max(id) FROM t" } };
  it("a whole number of 16 digits or more is shown to its last digit, not rounded to 15 with zeros made up", () => {
    expect(evaluateSqlValue(check, 1234567890123456, 10).result.message).toBe("SQL rule `t.max_id` returned 1,234,567,890,123,456; must be less than 1,000,000,000,000,000");
    expect(evaluateSqlValue(check, 2 ** 53, 10).result.message).toContain("returned 9,007,199,254,740,992;");
    // Below, a double's noise is still rounded off (0.1 + 0.2 reads 0.3 against another bound).
    expect(evaluateSqlValue({ ...check, threshold: { comparator: "mustBe", value: 1 } }, 0.1 + 0.2, 10).result.message).toBe("SQL rule `t.max_id` returned 0.3; must be 1");
  });
});

describe("SQL rules with a unit", () => {
  const properties = "      - name: a\n        logicalType: integer\n";
  const rule = (unit: string) => `    quality:\n      - name: share\n        type: sql\n        query: SELECT 100.0 * count(*) FILTER (WHERE a > 1) / count(*) FROM {object}\n        unit: ${unit}\n        mustBeLessThan: 50\n`;

  it("unit percent: the query's value is a percentage, reported in percent", async () => {
    const run = await runOnFile(root, "t.csv", "a\n1\n2\n3\n4\n", properties, { objectYaml: rule("percent") });
    expect(resultOf(run, "t.share")).toMatchObject({ status: "fail", measured: 75, unit: "percent", message: "SQL rule `share` returned 75%; must be less than 50%" });
  });

  it("another unit is the value's unit as written", async () => {
    const run = await runOnFile(root, "t.csv", "a\n1\n2\n3\n4\n", properties, { objectYaml: rule("seconds") });
    expect(resultOf(run, "t.share")).toMatchObject({ status: "fail", unit: "seconds", message: "SQL rule `share` returned 75 seconds; must be less than 50 seconds" });
  });

  it("unit percent on a query that counts rows is an invalid rule: a count is no percentage", async () => {
    const counting = "    quality:\n      - name: share\n        type: sql\n        query: SELECT count(*) FROM {object} WHERE a > 1\n        unit: percent\n        mustBeLessThan: 50\n";
    const run = await runOnFile(root, "t.csv", "a\n1\n2\n", properties, { objectYaml: counting });
    expect(resultOf(run, "t.share")).toMatchObject({ status: "error", measured: null });
    expect(run.findings.find((f) => f.ruleId === "quality-rule-invalid")?.message).toContain("counts rows: unit percent does not apply");
  });

  it("a unit that is no name is an invalid rule", async () => {
    const run = await runOnFile(root, "t.csv", "a\n1\n", properties, { objectYaml: rule("''") });
    expect(resultOf(run, "t.share")).toMatchObject({ status: "error" });
    expect(run.findings.find((f) => f.ruleId === "quality-rule-invalid")?.message).toContain('has unit "", which names no unit: name the unit of the query\'s value');
  });
});

describe("duplicateValues over a combination", () => {
  it("counts combinations, not values", async () => {
    const properties = "      - name: a\n        logicalType: integer\n      - name: b\n        logicalType: integer\n";
    const rules = "    quality:\n      - name: ab\n        metric: duplicateValues\n        arguments:\n          properties: [a, b]\n        mustBe: 0\n";
    const run = await runOnFile(root, "t.csv", "a,b\n1,1\n1,1\n2,2\n2,2\n3,3\n", properties, { objectYaml: rules });
    expect(resultOf(run, "t.ab").message).toBe("2 of 5 rows (40%) repeat a combination of (`a`, `b`) (2 combinations occur more than once); must be 0");
  });
});

describe("type mismatches", () => {
  const dateCheck: Check = { id: "t.at.type", ruleId: "schema-column-type", object: "t", property: "at", pointer: "/schema/0/properties/0/logicalType", severity: "error", threshold: { comparator: "mustBe", value: "date" }, measure: { kind: "columnType", column: "at", expected: "date" } };

  it("a timestamp column declared date says how to declare a timestamp, in v3.1 and in v3.0.x", () => {
    expect(evaluateType(dateCheck, object, "at", "TIMESTAMP WITH TIME ZONE", false).result.message).toBe(
      "`at` is TIMESTAMP WITH TIME ZONE in the data, but the contract declares date: fix the data or the contract's type (a timestamp column is `logicalType: timestamp` from ODCS v3.1.0; in v3.0.x, which has no such type, `logicalType: date` with `physicalType: timestamp`)",
    );
    expect(evaluateType(dateCheck, object, "at", "DOUBLE", false).result.message).toBe("`at` is DOUBLE in the data, but the contract declares date: fix the data or the contract's type");
  });
});

describe("checks that could not run keep the unit of their threshold", () => {
  it("an SLA on a column of numbers, and a percent rule on a missing column: `≤ 1 d`, `< 5 percent`, not bare numbers", async () => {
    const properties = "      - { name: at, logicalType: timestamp }\n      - name: gone\n        logicalType: string\n        quality:\n          - { metric: nullValues, unit: percent, mustBeLessThan: 5 }\n      - name: n\n        logicalType: integer\n";
    const slas = "slaProperties:\n  - { property: latency, value: 1, unit: d, element: t.at }\n  - { property: retention, value: 3, unit: yrs, element: t.at }\n";
    const run = await runOnFile(root, "t.csv", "at,n\n5,1\n", properties, { now, extra: slas });
    expect(resultOf(run, "t.at.latency")).toMatchObject({ status: "error", measured: null, threshold: { mustBeLessOrEqualTo: 1 }, unit: "d" });
    expect(resultOf(run, "t.at.retention")).toMatchObject({ status: "error", threshold: { mustBeLessOrEqualTo: 3 }, unit: "yrs" });
    const percent = run.results.checks.find((c) => c.object === "t" && c.property === "gone" && c.rule === "quality-null-values");
    expect(percent).toMatchObject({ status: "error", threshold: { mustBeLessThan: 5 }, unit: "percent" });
  });
});
