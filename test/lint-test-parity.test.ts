/**
 * Parity of contract-lint and contract-test: what `meshkit test` refuses before it reads any data, `meshkit lint`
 * reports first (on pre-commit, not in the release job), at the same node of the contract and with the test's reason.
 * Both stages are run here on one contract per case: lint's finding and the test's refused check must agree.
 */
import { type DataContract, loadText } from "@meshkit/core";
import { planChecks } from "@meshkit/quality";
import { describe, expect, it } from "vitest";
import { VALID_CONTRACT, lintOne } from "../packages/lint/src/test-support.js";

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
