import { describe, expect, it } from "vitest";
import { parseQualityRun } from "./results.js";
import { qualityRun } from "./test-support.js";

describe("parseQualityRun", () => {
  it("reads a version 1 results document, and one that names no version, as version 1", () => {
    const run = qualityRun([{ id: "orders-contract", version: "1.0.0", finishedAt: "2026-06-30T06:00:00Z", statuses: ["pass"] }]) as Record<string, unknown> & { contracts: Record<string, unknown>[] };
    expect(parseQualityRun(run).contracts).toMatchObject([{ contractId: "orders-contract", status: "pass" }]);
    delete run.version;
    delete run.contracts[0]!.version;
    expect(parseQualityRun(run).contracts).toMatchObject([{ contractId: "orders-contract", status: "pass" }]);
  });

  it("refuses a results document of another version (its meanings changed) rather than read it as version 1", () => {
    const run = qualityRun([{ id: "orders-contract", version: "1.0.0", finishedAt: "2026-06-30T06:00:00Z", statuses: ["pass"] }]) as Record<string, unknown> & { contracts: Record<string, unknown>[] };
    expect(() => parseQualityRun({ ...run, version: 2 }, "r.json")).toThrow("r.json: meshkit-quality-run version 2 is not one this meshkit reads (version 1): publish with the meshkit that wrote the results");
    run.contracts[0]!.version = "2";
    expect(() => parseQualityRun(run, "r.json")).toThrow('r.json: contracts[0]: meshkit-quality-results version "2" is not one this meshkit reads (version 1)');
    expect(() => parseQualityRun(run.contracts[0], "r.json")).toThrow('r.json: meshkit-quality-results version "2" is not one');
  });
});
