import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { type CheckResult, type QualityResults, summarizeResults, writeResults } from "./results.js";

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
});
