import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { type QualityRunDocument, writeRunResults } from "./project.js";
import { type CheckResult, type QualityResults, summarizeResults, writeResults } from "./results.js";
import { resultOf, runOnFile } from "./test-support.js";

const dir = mkdtempSync(join(tmpdir(), "meshkit-results-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const check = (id: string, status: CheckResult["status"]): CheckResult => ({
  id,
  rule: "quality-row-count",
  object: "t",
  status,
  severity: "error",
  measured: 1,
  threshold: { mustBe: 1 },
  unit: "rows",
  rowsChecked: 1,
  failedRows: null,
  message: "`t` has 1 row; must be 1",
  path: "/schema/0/quality/0",
});

describe("results document", () => {
  const checks = [check("a", "pass"), check("b", "fail"), check("c", "warn"), check("d", "error"), check("e", "pass")];
  const results: QualityResults = {
    kind: "meshkit-quality-results",
    version: 1,
    contract: { id: "c", version: "1.0.0", file: "c.yaml" },
    source: "local",
    engine: "duckdb",
    startedAt: "2024-01-01T00:00:00.000Z",
    finishedAt: "2024-01-01T00:00:01.000Z",
    summary: summarizeResults(checks),
    checks,
  };

  it("counts checks by status", () => {
    expect(results.summary).toEqual({ checks: 5, passed: 2, failed: 1, warned: 1, errors: 1 });
  });

  it("is written as indented JSON, atomically, into folders that do not exist yet", () => {
    const file = join(dir, "nested", "results.json");
    writeResults(file, results);
    writeResults(file, results);
    expect(JSON.parse(readFileSync(file, "utf8"))).toEqual(results);
    expect(readFileSync(file, "utf8")).toMatch(/^\{\n {2}"kind": "meshkit-quality-results",\n/);
    expect(readdirSync(join(dir, "nested"))).toEqual(["results.json"]);
  });

  it("is written in pieces, a results file of a run over many contracts too, never as one string", () => {
    const many = Array.from({ length: 4000 }, (_, i) => check(`check-${i}`, "pass"));
    const one: QualityResults = { ...results, summary: summarizeResults(many), checks: many };
    const run: QualityRunDocument = { kind: "meshkit-quality-run", version: 1, startedAt: one.startedAt, finishedAt: one.finishedAt, summary: summarizeResults([...many, ...many]), contracts: [one, one] };
    const stringify = vi.spyOn(JSON, "stringify");
    let longest = 0;
    try {
      writeResults(join(dir, "many.json"), one);
      writeRunResults(join(dir, "run.json"), run);
      longest = Math.max(...stringify.mock.results.map((r) => (typeof r.value === "string" ? r.value.length : 0)));
    } finally {
      stringify.mockRestore();
    }
    const text = readFileSync(join(dir, "run.json"), "utf8");
    expect(readFileSync(join(dir, "many.json"), "utf8")).toBe(`${JSON.stringify(one, null, 2)}\n`);
    expect(text).toBe(`${JSON.stringify(run, null, 2)}\n`);
    expect(longest).toBeLessThan(text.length / 100);
  });
});

describe("thresholds written as text that spells a number", () => {
  it("are that number in the results document, as the rule compares them (mustBe: '2' is { mustBe: 2 })", async () => {
    const root = mkdtempSync(join(dir, "text-thresholds-"));
    const objectYaml = "    quality:\n      - { metric: rowCount, mustBe: '2' }\n      - { name: five, type: sql, query: 'SELECT 5', mustNotBe: '5.0' }\n";
    const run = await runOnFile(root, "t.csv", "a\n1\n\n", "      - { name: a, logicalType: integer, quality: [{ metric: nullValues, mustBe: ' 1 ' }] }\n", { objectYaml });
    expect(resultOf(run, "t.rowCount")).toMatchObject({ status: "pass", measured: 2, threshold: { mustBe: 2 } });
    expect(resultOf(run, "t.a.nullValues")).toMatchObject({ status: "pass", measured: 1, threshold: { mustBe: 1 } });
    expect(resultOf(run, "t.five")).toMatchObject({ status: "fail", measured: 5, threshold: { mustNotBe: 5 } });
  });
});
