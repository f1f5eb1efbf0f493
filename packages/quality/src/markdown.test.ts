/** The contract-test markdown (job summary, PR comment): names and values from contracts and data are escaped. */
import { describe, expect, it } from "vitest";
import { renderQualityMarkdown } from "./markdown.js";
import type { QualityRunDocument } from "./project.js";

const SUMMARY = { checks: 1, passed: 0, failed: 1, warned: 0, errors: 0 };

function runWith(property: string, name = "orders"): QualityRunDocument {
  return {
    kind: "meshkit-quality-run",
    version: 1,
    startedAt: "2026-06-30T06:00:00.000Z",
    finishedAt: "2026-06-30T06:00:01.000Z",
    summary: SUMMARY,
    contracts: [
      {
        kind: "meshkit-quality-results",
        version: 1,
        contract: { id: "c", version: "1.0.0", name, file: "orders.odcs.yaml" },
        source: "local",
        engine: "duckdb",
        startedAt: "2026-06-30T06:00:00.000Z",
        finishedAt: "2026-06-30T06:00:01.000Z",
        summary: SUMMARY,
        checks: [
          { id: "x", rule: "schema-column-exists", object: "orders", property, status: "fail", severity: "error", measured: false, threshold: { mustBe: true }, rowsChecked: null, failedRows: null, message: "m" },
        ],
      },
    ],
  } as QualityRunDocument;
}

describe("renderQualityMarkdown", () => {
  it("is empty when no contract was tested (a config that did not load): no line of zero counts", () => {
    expect(renderQualityMarkdown({ ...runWith("order_id"), summary: { checks: 0, passed: 0, failed: 0, warned: 0, errors: 0 }, contracts: [] })).toBe("");
  });

  it("lists a failing check with its column, measured value and promise", () => {
    const markdown = renderQualityMarkdown(runWith("order_id"));
    expect(markdown).toContain("### orders 1.0.0 — `orders.odcs.yaml`");
    expect(markdown).toMatch(/^\*\*1 check\*\*: 0 passed, 1 failed/);
    expect(markdown).toContain("| ❌ fail | `schema-column-exists` | orders.order\\_id | false | = true | – | – | `x` |");
  });

  it("escapes HTML and pipes in names that come from the contract", () => {
    const markdown = renderQualityMarkdown(runWith("<img src=https://evil.example/x.png>|x", "<b>orders</b>"));
    expect(markdown).toContain("| orders.\\<img src=https://evil.example/x.png\\>\\|x |");
    expect(markdown).toContain("### \\<b\\>orders\\</b\\> 1.0.0");
    expect(markdown).not.toMatch(/(?<![\\`])<(?!details|\/details|summary|\/summary)/);
  });

  it("shows the backticks of a name as backticks, not as a code span the name does not have", () => {
    for (const [property, shown] of [
      ["x`y`z", "orders.x\\`y\\`z"],
      ["em``ail", "orders.em\\`\\`ail"],
      ["`a|b`", "orders.\\`a\\|b\\`"],
    ]) {
      const row = renderQualityMarkdown(runWith(property!)).split("\n").find((line) => line.startsWith("| ❌"))!;
      expect(row.split(" | ")[2], property).toBe(shown);
    }
  });

  it("rounds a measured age or share for reading, keeping every digit where the rounding would meet a bound", () => {
    const run = runWith("shipped_at");
    const sla = { rule: "sla-freshness", object: "orders", property: "shipped_at", status: "fail", severity: "error", rowsChecked: 4, failedRows: null, message: "m", path: "/" } as const;
    run.contracts[0]!.checks = [
      { ...sla, id: "age", measured: 1.6666666666666667, threshold: { mustBeLessOrEqualTo: 1 }, unit: "d" },
      { ...sla, id: "edge", measured: 1.0000001, threshold: { mustBeLessOrEqualTo: 1 }, unit: "d" },
      { ...sla, id: "tiny", measured: 0.0012345, threshold: { mustBeGreaterThan: 0.5 }, unit: "percent" },
      { ...sla, id: "count", measured: 12345, threshold: { mustBe: 0 }, unit: "rows" },
    ];
    const measured = renderQualityMarkdown(run).split("\n").filter((line) => line.startsWith("| ❌")).map((line) => line.split(" | ")[3]);
    expect(measured).toEqual(["1.67 d", "1.0000001 d", "0.0012%", "12345 rows"]);
  });

  it("reads thresholds and SLA units as the catalog site does, not as ODCS keys (`≤ 1 day`, not `mustBeLessOrEqualTo 1`)", () => {
    const run = runWith("shipped_at");
    const check = { rule: "sla-latency", object: "orders", property: "shipped_at", status: "fail", severity: "error", rowsChecked: 4, failedRows: null, message: "m", path: "/" } as const;
    run.contracts[0]!.checks = [
      { ...check, id: "latency", measured: 1.5, threshold: { mustBeLessOrEqualTo: 1 }, unit: "days" },
      { ...check, id: "share", rule: "quality-null-values", measured: 7.5, threshold: { mustBeBetween: [0, 5] }, unit: "percent" },
      { ...check, id: "odd", rule: "quality-sql", measured: 3, threshold: { mustBe: { a: 1 } } },
    ];
    const cells = renderQualityMarkdown(run).split("\n").filter((line) => line.startsWith("| ❌")).map((line) => line.split(" | ").slice(3, 5));
    expect(cells).toEqual([
      ["1.5 days", "≤ 1 day"],
      ["7.5%", "between 0% and 5% (exclusive)"],
      ["3", '{"mustBe":{"a":1}}'],
    ]);
  });

  it("tells two checks of one rule on one column apart by their id", () => {
    const run = runWith("amount");
    const range = { rule: "schema-range", object: "orders", property: "amount", status: "pass", severity: "error", measured: 0, threshold: { mustBe: 0 }, unit: "rows", rowsChecked: 4, failedRows: 0, message: "m", path: "/" } as const;
    run.contracts[0]!.checks = [
      { ...range, id: "orders.amount.minimum" },
      { ...range, id: "orders.amount.maximum" },
      { ...range, id: "orders.amount.`x|y`", status: "fail", measured: 1, failedRows: 1 },
    ];
    const rows = renderQualityMarkdown(run).split("\n").filter((line) => line.startsWith("| ✅") || line.startsWith("| ❌"));
    expect(rows).toEqual([
      "| ❌ fail | `schema-range` | orders.amount | 1 row | = 0 rows | 4 | 1 | `` orders.amount.`x\\|y` `` |",
      "| ✅ pass | `schema-range` | orders.amount | 0 rows | = 0 rows | 4 | 0 | `orders.amount.minimum` |",
      "| ✅ pass | `schema-range` | orders.amount | 0 rows | = 0 rows | 4 | 0 | `orders.amount.maximum` |",
    ]);
  });

  it("says a run that had no data to read read none, not an empty server name", () => {
    const run = runWith("order_id");
    run.contracts[0]!.source = "";
    const markdown = renderQualityMarkdown(run);
    expect(markdown).toContain("— `orders.odcs.yaml`\n\nData: none.\n");
    expect(markdown).not.toContain("Data:  (");
  });

  it("says above the table that an object's checks ran on no rows", () => {
    const run = runWith("order_id");
    run.contracts[0]!.notes = [{ object: "orders", ruleId: "quality-no-rows", severity: "warning", message: "`orders` has no rows, so its checks passed on no data." }];
    expect(renderQualityMarkdown(run)).toContain("Data: local (duckdb).\n\n⚠️ `quality-no-rows`: `orders` has no rows, so its checks passed on no data.\n\n| status |");
  });
  it("lists every contract's failing checks before any passing ones, so the PR comment's cut keeps the failures", () => {
    // Two contracts with many passing checks each: the second one's failure is not behind the first one's passes.
    const run = runWith("order_id");
    const passes = (object: string) =>
      Array.from({ length: 40 }, (_, i) => ({ id: `${object}.c${i}.exists`, rule: "schema-column-exists", object, property: `c${i}`, status: "pass", severity: "error", measured: true, threshold: { mustBe: true }, rowsChecked: null, failedRows: null, message: "m", path: "/" }) as const);
    const orders = run.contracts[0]!;
    orders.checks = [...passes("orders"), ...orders.checks];
    run.contracts.push({ ...orders, contract: { id: "d", version: "2.0.0", name: "<b>returns</b>", file: "returns.odcs.yaml" }, checks: [...passes("returns"), { ...orders.checks.at(-1)!, id: "y", object: "returns" }] });
    run.contracts.push({ ...orders, contract: { id: "e", version: "1.0.0", name: "refunds", file: "refunds.odcs.yaml" }, checks: passes("refunds") });
    const lines = renderQualityMarkdown(run).split("\n");
    const firstFold = lines.findIndex((line) => line.startsWith("<details>"));
    expect(lines.filter((line) => line.startsWith("| ❌")).map((line) => lines.indexOf(line) < firstFold)).toEqual([true, true]);
    expect(lines.slice(0, firstFold)).toContain("All 40 checks passed.");
    expect(lines.filter((line) => line.startsWith("<details>"))).toEqual([
      "<details><summary>orders 1.0.0 — orders.odcs.yaml: 40 passing checks</summary>",
      "<details><summary>&lt;b&gt;returns&lt;/b&gt; 2.0.0 — returns.odcs.yaml: 40 passing checks</summary>",
      "<details><summary>refunds 1.0.0 — refunds.odcs.yaml: 40 passing checks</summary>",
    ]);
  });

  it("names each fold of passing checks by its contract's file too, as two domains may each have an `orders 1.0.0`", () => {
    // Away from the contract's heading, the fold says which file its checks are of, with the heading's file label.
    const run = runWith("order_id");
    const orders = run.contracts[0]!;
    const pass = { ...orders.checks[0]!, status: "pass" as const };
    orders.checks = [pass];
    run.contracts.push({ ...orders, contract: { ...orders.contract, id: "d", file: "/repo/domains/finance/<orders>.odcs.yaml" }, checks: [pass] });
    const folds = renderQualityMarkdown(run, { fileLabel: (file) => file.replace("/repo/", "") })
      .split("\n")
      .filter((line) => line.startsWith("<details>"));
    expect(folds).toEqual([
      "<details><summary>orders 1.0.0 — orders.odcs.yaml: 1 passing check</summary>",
      "<details><summary>orders 1.0.0 — domains/finance/&lt;orders&gt;.odcs.yaml: 1 passing check</summary>",
    ]);
  });
});
