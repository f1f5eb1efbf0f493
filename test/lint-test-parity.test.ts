/**
 * Parity of contract-lint and contract-test: what `meshkit test` refuses before it reads any data, `meshkit lint`
 * reports first (on pre-commit, not in the release job), at the same node of the contract and with the test's reason.
 * Both stages are run here on one contract per case: lint's finding and the test's refused check must agree.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type DataContract, loadText } from "@meshkit/core";
import { planChecks } from "@meshkit/quality";
import { afterAll, describe, expect, it } from "vitest";
import { VALID_CONTRACT, lintOne } from "../packages/lint/src/test-support.js";
import { resultOf, runContract } from "../packages/quality/src/test-support.js";

/** Lint's small valid contract with the `orders` object's rule, and `order_id`'s, replaced (kept where not given). */
const contract = (objectRule: string | undefined, propertyRule?: string) => {
  const object = objectRule === undefined ? VALID_CONTRACT : VALID_CONTRACT.replace("      - metric: rowCount\n        mustBeGreaterThan: 0\n", () => objectRule);
  return propertyRule === undefined ? object : object.replace("          - metric: nullValues\n            mustBe: 0\n", () => propertyRule);
};

const sql = (query: string, indent: string) => `${indent}- type: sql\n${indent}  query: ${JSON.stringify(query)}\n${indent}  mustBe: 0\n`;

/** Lint's findings of `ruleId`, and the quality rules the test refuses before it runs (with the finding it reports them as). */
function bothStages(text: string, ruleId: string): { lint: { path: string; message: string }[]; test: { path: string; reason: string; finding: string }[] } {
  const findings = lintOne(text).filter((f) => f.ruleId === ruleId);
  const plan = planChecks(loadText("c.yaml", text).documents[0]!.value as DataContract);
  const refused = plan.objects.flatMap((o) => o.checks).flatMap((c) => (c.measure.kind === "unrunnable" && c.pointer.includes("/quality/") ? [{ path: c.pointer, reason: c.measure.reason, finding: c.measure.ruleId }] : []));
  return { lint: findings.map((f) => ({ path: f.path, message: f.message })), test: refused };
}

describe("type: sql rules' queries", () => {
  it.each([
    ["a blank query", contract(sql("  ", "      ")), "quality-rule-invalid"],
    ["a misspelt placeholder", contract(sql("SELECT count(*) FROM {objec}", "      ")), "quality-rule-invalid"],
    ["{property} in an object's rule", contract(sql("SELECT count(*) FROM {object} WHERE {property} IS NULL", "      ")), "quality-rule-invalid"],
    ["a query that is not read-only", contract(sql("DELETE FROM {object}", "      ")), "quality-sql-not-read-only"],
    ["a property's query that is not read-only", contract(undefined, sql("SELECT count(*) FROM {object}; DROP TABLE orders", "          ")), "quality-sql-not-read-only"],
  ])("%s: lint's quality-sql-query is at the test's node, with its reason", (_, text, testFinding) => {
    const { lint, test } = bothStages(text, "quality-sql-query");
    expect(test).toHaveLength(1);
    expect(test[0]!.finding).toBe(testFinding);
    expect(lint.map((f) => f.path)).toEqual([test[0]!.path]);
    expect(lint[0]!.message).toContain(test[0]!.reason);
  });

  it("neither refuses a query the test runs", () => {
    const text = contract(sql("SELECT count(*) FROM {object} WHERE note <> '{Object}'", "      "), sql("SELECT count(*) FROM ${table} WHERE ${column} IS NULL", "          "));
    expect(bothStages(text, "quality-sql-query")).toEqual({ lint: [], test: [] });
  });
});

/** Lint's small valid contract with its SLAs replaced (and `head` written before them, e.g. a slaDefaultElement). */
const withSlas = (slas: string, head = "") => VALID_CONTRACT.replace(/slaProperties:\n[\s\S]*$/, () => `${head}slaProperties:\n${slas}`);

/** Lint's sla-element findings, and the SLA checks of the test's plan: the ones it refuses with their reason, and how many it measures. */
function slaStages(text: string): { lint: { path: string; message: string }[]; refused: { path: string; reason: string }[]; measured: string[] } {
  const plan = planChecks(loadText("c.yaml", text).documents[0]!.value as DataContract);
  const checks = [...plan.objects.flatMap((o) => o.checks), ...plan.unassigned].filter((c) => c.ruleId.startsWith("sla-"));
  return {
    lint: lintOne(text).filter((f) => f.ruleId === "sla-element").map((f) => ({ path: f.path, message: f.message })),
    refused: checks.flatMap((c) => (c.measure.kind === "unrunnable" ? [{ path: c.pointer, reason: c.measure.reason }] : [])),
    measured: checks.filter((c) => c.measure.kind === "age").map((c) => c.id),
  };
}

describe("SLA elements", () => {
  it.each([
    ["no element", "  - { property: latency, value: 4, unit: h }\n", ""],
    ["a blank element", "  - { property: retention, value: 1, unit: y, element: ' , ' }\n", ""],
    ["a synonym's missing element", "  - { property: ly, value: 4, unit: h }\n", ""],
    ["a blank slaDefaultElement", "  - { property: freshness, value: 4, unit: h }\n", "slaDefaultElement: ''\n"],
  ])("%s: lint warns at the SLA, in the words of the test's refusal", (_, slas, head) => {
    const { lint, refused } = slaStages(withSlas(slas, head));
    expect(refused).toHaveLength(1);
    expect(refused[0]!.reason).toMatch(/^SLA (latency|retention|freshness) names no element/);
    expect(lint).toEqual([{ path: refused[0]!.path, message: `${refused[0]!.reason}.` }]);
  });

  it("an SLA that is not measured in the data needs no element in either", () => {
    expect(slaStages(withSlas("  - { property: frequency, value: 1, unit: d }\n  - { property: availability, value: 99.9, unit: percent }\n"))).toEqual({ lint: [], refused: [], measured: [] });
  });

  it("a column named twice in one element is measured once, and a missing one said once by each", () => {
    const text = withSlas("  - { property: latency, value: 4, unit: h, element: 'orders.ordered_at, ordered_at, orders.ordered_at' }\n  - { property: retention, value: 1, unit: y, element: 'orders.order_id, order_id' }\n");
    const { lint, refused, measured } = slaStages(text);
    expect(measured).toEqual(["orders.ordered_at.latency"]);
    expect(refused.map((r) => r.path)).toEqual(["/slaProperties/1/element"]);
    expect(lint.map((f) => f.path)).toEqual(["/slaProperties/1/element"]);
  });
});

describe("SLA values written as ISO 8601 durations", () => {
  it.each([
    ["without a unit", "  - { property: latency, value: PT4H, element: orders.ordered_at }\n"],
    ["beside a unit", "  - { property: re, value: P1Y6M, unit: y, element: orders.ordered_at }\n"],
  ])("%s: lint's sla-property and the test's refusal are one finding at the value, in one wording", (_, slas) => {
    const text = withSlas(slas);
    const plan = planChecks(loadText("c.yaml", text).documents[0]!.value as DataContract);
    const refused = plan.objects.flatMap((o) => o.checks).flatMap((c) => (c.measure.kind === "unrunnable" && c.ruleId.startsWith("sla-") ? [{ path: c.pointer, message: `${c.measure.reason}.` }] : []));
    expect(refused).toEqual([{ path: "/slaProperties/0/value", message: expect.stringMatching(/is an ISO 8601 duration, which meshkit does not read: write it as `value: \d+` with `unit: (h|mo)`\.$/) }]);
    expect(lintOne(text).filter((f) => f.ruleId === "sla-property").map((f) => ({ path: f.path, message: f.message }))).toEqual(refused);
  });
});

describe("time-of-day bounds written with an offset", () => {
  const dir = mkdtempSync(join(tmpdir(), "meshkit-parity-times-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  // Every half hour of a day, at UTC (a plain TIME column is read in UTC).
  const times = Array.from({ length: 48 }, (_, i) => `${String(Math.floor(i / 2)).padStart(2, "0")}:${i % 2 ? "30" : "00"}:00`);
  writeFileSync(join(dir, "orders.csv"), `order_id,ordered_at\n${times.map((t, i) => `${i},${t}`).join("\n")}\n`);

  it.each([
    ["01:00:00+02:00", "03:00:00+02:00", false], // 23:00 to 01:00 at UTC: across midnight there, a window all the same
    ["23:00:00+02:00", "01:00:00+02:00", true],
    ["00:00:00+05:30", "23:59:00+05:30", false],
    ["09:00:00-08:00", "17:00:00-08:00", false],
    ["18:00:00", "09:00:00", true],
  ])("%s to %s: lint says the bounds cross exactly when the test fails every time of the day", async (minimum, maximum, crossed) => {
    const text = VALID_CONTRACT.replace("        logicalType: timestamp\n", `        logicalType: time\n        logicalTypeOptions: { minimum: '${minimum}', maximum: '${maximum}' }\n`);
    expect(lintOne(text).filter((f) => f.ruleId === "logical-type-bounds")).toHaveLength(crossed ? 1 : 0);
    const run = await runContract(dir, text, { data: join(dir, "orders.csv") });
    // Below the minimum and above the maximum are times apart while the bounds leave a window.
    const failing = Number(resultOf(run, "orders.ordered_at.minimum").measured) + Number(resultOf(run, "orders.ordered_at.maximum").measured);
    expect(failing >= times.length).toBe(crossed);
  });
});
