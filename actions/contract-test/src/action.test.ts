/**
 * The bundled contract-test action, run the way the runner runs it (`bundledAction` of
 * `@meshkit/github/testing`: dist/ — index.js and the DuckDB native addon — copied outside the
 * repository, a fresh process, INPUT_* for every declared input, GITHUB_OUTPUT / GITHUB_STEP_SUMMARY
 * files), on a workspace with a contract and CSV data made in a temp folder.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { readActionYml } from "@meshkit/github/action-metadata";
import { type BundledAction, bundledAction, expectNoStackTrace } from "@meshkit/github/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const actionDir = join(dirname(fileURLToPath(import.meta.url)), "..");

/** Orders: a unique, required key, a status with valid values, at least 3 rows, data at most 1 day old. */
const CONTRACT = `apiVersion: v3.1.0
kind: DataContract
id: orders-contract
version: 1.0.0
status: active
name: orders
domain: sales
servers:
  - server: local
    type: local
    path: ./data/{model}.csv
    format: csv
schema:
  - name: orders
    quality:
      - type: library
        metric: rowCount
        mustBeGreaterOrEqualTo: 3
    properties:
      - name: order_id
        logicalType: string
        required: true
        unique: true
      - name: status
        logicalType: string
        quality:
          - type: library
            metric: invalidValues
            arguments:
              validValues: [open, shipped]
            mustBe: 0
      - name: placed_at
        logicalType: timestamp
slaProperties:
  - property: latency
    value: 1
    unit: d
    element: orders.placed_at
`;
const lineOf = (needle: string) => CONTRACT.split("\n").findIndex((l) => l.includes(needle)) + 1;

const GOOD = "order_id,status,placed_at\nO-1,open,2026-06-29T10:00:00Z\nO-2,shipped,2026-06-29T11:00:00Z\nO-3,open,2026-06-29T12:00:00Z\n";
/** O-2 twice, one status outside the valid values. */
const BAD = "order_id,status,placed_at\nO-1,open,2026-06-29T10:00:00Z\nO-2,shipped,2026-06-29T11:00:00Z\nO-2,lost,2026-06-29T12:00:00Z\n";
const AS_OF = "2026-06-30T00:00:00Z";

let action: BundledAction;
let runs = 0;

function workspace(data: string | undefined): string {
  const dir = join(action.tmp, `workspace-${++runs}`);
  mkdirSync(join(dir, "data"), { recursive: true });
  mkdirSync(join(dir, ".git"));
  writeFileSync(join(dir, "orders.odcs.yaml"), CONTRACT);
  if (data !== undefined) writeFileSync(join(dir, "data", "orders.csv"), data);
  return dir;
}


beforeAll(() => {
  action = bundledAction(actionDir);
});
afterAll(() => action?.cleanup());

describe("contract-test action (bundled with its DuckDB addon, run like the runner)", () => {
  it("passes good data: exit 0, counts as outputs, the results file, the checks in the summary", () => {
    const dir = workspace(GOOD);
    const run = action.run(dir, { "as-of": AS_OF, "results-file": "reports/quality.json" });
    expectNoStackTrace(run);
    expect(run.status).toBe(0);
    expect(run.outputs).toMatchObject({ errors: "0", failed: "0", "results-file": join(dir, "reports/quality.json") });
    const results = JSON.parse(readFileSync(join(dir, "reports/quality.json"), "utf8"));
    expect(results.kind).toBe("meshkit-quality-run");
    expect(results.summary.failed).toBe(0);
    expect(Number(run.outputs.passed)).toBe(results.summary.passed);
    expect(results.summary.passed).toBeGreaterThanOrEqual(6);
    expect(run.summary).toMatch(/passing checks<\/summary>/);
  });

  it("refuses a results-file that is a folder before running any check: one line, exit 2", () => {
    const dir = workspace(GOOD);
    mkdirSync(join(dir, "reports"), { recursive: true });
    const run = action.run(dir, { "as-of": AS_OF, "results-file": "reports" });
    expectNoStackTrace(run);
    expect(run.status).toBe(2);
    expect(run.failures).toEqual([`contract-test: cannot write ${join(dir, "reports")}: it is a folder`]);
  });

  it("refuses a results-file or sarif-file that would replace the contract or its data, before any check: one line, exit 2", () => {
    const dir = workspace(GOOD);
    for (const [input, file, what] of [
      ["results-file", "orders.odcs.yaml", "a meshkit document"],
      ["sarif-file", "orders.odcs.yaml", "a meshkit document"],
      ["results-file", "data/orders.csv", "a data file"],
    ] as const) {
      const run = action.run(dir, { "as-of": AS_OF, [input]: file });
      expectNoStackTrace(run);
      expect(run.status, `${input} ${file}`).toBe(2);
      expect(run.failures).toEqual([`contract-test: input "${input}": ${join(dir, file)} is ${what}; write to another file`]);
    }
    expect(readFileSync(join(dir, "orders.odcs.yaml"), "utf8")).toBe(CONTRACT);
    expect(readFileSync(join(dir, "data", "orders.csv"), "utf8")).toBe(GOOD);
  });

  it("refuses a results-file that is the sarif-file too, before any check: one line, exit 2, nothing written", () => {
    const dir = workspace(GOOD);
    const run = action.run(dir, { "as-of": AS_OF, "results-file": "reports/out.json", "sarif-file": "./reports/../reports/out.json" });
    expectNoStackTrace(run);
    expect(run.status).toBe(2);
    expect(run.failures).toEqual([`contract-test: input "results-file" ${join(dir, "reports/out.json")} names the same file as input "sarif-file": the one written last would replace the other; give each its own file`]);
    expect(existsSync(join(dir, "reports/out.json"))).toBe(false);
  });

  it("names the contract's file in the checks table as its annotations do, relative to the workspace, in a working-directory", () => {
    const root = join(action.tmp, `workspace-${++runs}`);
    mkdirSync(join(root, ".git"), { recursive: true });
    const dir = join(root, "domains", "sales");
    mkdirSync(join(dir, "data"), { recursive: true });
    writeFileSync(join(dir, "orders.odcs.yaml"), CONTRACT);
    writeFileSync(join(dir, "data", "orders.csv"), BAD);
    const run = action.run(root, { "as-of": AS_OF, "working-directory": "domains/sales", "results-file": "quality.json" });
    expect(run.status).toBe(1);
    expect(run.annotations.map((a) => a.properties.file)).toContain("domains/sales/orders.odcs.yaml");
    expect(run.summary).toContain("### orders 1.0.0 — `domains/sales/orders.odcs.yaml`");
    // The results document keeps the path the run read, relative to working-directory.
    expect(JSON.parse(readFileSync(join(dir, "quality.json"), "utf8")).contracts[0].contract.file).toBe("orders.odcs.yaml");
  });

  it("fails bad data: annotations on the contract's rules with measured values, failing counts, exit 1", () => {
    const dir = workspace(BAD);
    const run = action.run(dir, { "as-of": AS_OF, "results-file": "quality.json" });
    expectNoStackTrace(run);
    expect(run.status).toBe(1);
    const at = (rule: string) => run.annotations.filter((a) => a.properties.title === rule).map((a) => Number(a.properties.line));
    expect(at("schema-unique")).toEqual([lineOf("unique: true")]);
    expect(at("quality-invalid-values")).toHaveLength(1);
    expect(at("quality-invalid-values")[0]).toBeGreaterThanOrEqual(lineOf("metric: invalidValues") - 1);
    expect(run.annotations.find((a) => a.properties.title === "quality-invalid-values")?.message).toMatch(/1 of 3 rows/);
    expect(run.outputs.failed).toBe("2");
    const results = JSON.parse(readFileSync(join(dir, "quality.json"), "utf8"));
    const failing = results.contracts[0].checks.filter((c: { status: string }) => c.status !== "pass");
    expect(failing.map((c: { rule: string; failedRows: number }) => [c.rule, c.failedRows])).toEqual([
      ["schema-unique", 1],
      ["quality-invalid-values", 1],
    ]);
    expect(run.summary).toContain("| ❌ fail | `quality-invalid-values` | orders.status | 1 row | = 0 rows | 3 | 1 |");
  });

  it("counts a check missed at warning severity as neither passed nor failed, as action.yml says", () => {
    const dir = workspace(GOOD);
    // At least 4 rows, as a warning: the 3 rows of GOOD miss it.
    writeFileSync(join(dir, "orders.odcs.yaml"), CONTRACT.replace("mustBeGreaterOrEqualTo: 3", "mustBeGreaterOrEqualTo: 4\n        severity: warning"));
    const run = action.run(dir, { "as-of": AS_OF, "results-file": "quality.json" });
    expect(run.status).toBe(0);
    const { summary } = JSON.parse(readFileSync(join(dir, "quality.json"), "utf8"));
    expect(summary).toMatchObject({ failed: 0, warned: 1, errors: 0 });
    expect(run.outputs).toMatchObject({ warnings: "1", passed: String(summary.passed), failed: "0" });
    expect(Number(run.outputs.passed)).toBe(summary.checks - 1);
    // What a workflow author reads about the output must say the same.
    const failed = readActionYml(actionDir).outputs.failed?.description ?? "";
    expect(failed).toMatch(/failed at error severity, plus checks that could not run/);
    expect(failed).toMatch(/warning severity is neither passed nor failed/);
  });

  it("judges the latency SLA against now when no as-of is given: old data fails", () => {
    const run = action.run(workspace(GOOD), {});
    expect(run.status).toBe(1);
    expect(run.annotations.map((a) => a.properties.title)).toEqual(["sla-latency"]);
    expect(Number(run.annotations[0]!.properties.line)).toBe(lineOf("property: latency"));
  });

  it("exits 2, never passes, when the data is missing, and names the file", () => {
    const run = action.run(workspace(undefined), { "as-of": AS_OF });
    expectNoStackTrace(run);
    expect(run.status).toBe(2);
    expect(run.failures).toEqual([expect.stringMatching(/^contract-test: input could not be processed: orders\.odcs\.yaml:\d+:\d+: .*data\/orders\.csv/)]);
    expect(run.outputs.passed).toBe("0");
  });

  it("exits 2 with one line naming its server and data inputs (not the CLI's flags) when both are set", () => {
    const run = action.run(workspace(GOOD), { server: "local", data: "data/orders.csv", "as-of": AS_OF });
    expect(run.status).toBe(2);
    expect(run.failures).toEqual([
      "contract-test: the server input local and the data input data/orders.csv cannot go together: the data input is read instead of every server of the contracts, so the server input would be ignored; pass the server input to test that server's data, or the data input to test the file",
    ]);
  });

  it("exits 2 with one line for a bad as-of", () => {
    const run = action.run(workspace(GOOD), { "as-of": "yesterday" });
    expect(run.status).toBe(2);
    expect(run.failures).toEqual(["contract-test: as-of yesterday: not an ISO 8601 time with a zone; write e.g. 2026-06-30T06:00:00Z"]);
  });
});
