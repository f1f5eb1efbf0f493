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

  it("refuses a results time that is no ISO 8601 time with a zone by name, rather than pass it over or read it in the machine's zone", () => {
    const run = (finishedAt: unknown, startedAt?: unknown) => {
      const doc = qualityRun([{ id: "orders-contract", version: "1.0.0", finishedAt: "2026-06-30T06:00:00Z", statuses: ["pass"] }]) as { contracts: Record<string, unknown>[] };
      const contract = doc.contracts[0]!;
      if (finishedAt === undefined) delete contract.finishedAt;
      else contract.finishedAt = finishedAt;
      if (startedAt === undefined) delete contract.startedAt;
      else contract.startedAt = startedAt;
      return doc;
    };
    // finishedAt 0 was passed over for startedAt: the start was recorded as the time checked.
    expect(() => parseQualityRun(run(0, "2026-06-30T05:58:00Z"), "r.json")).toThrow('r.json: contracts[0]: finishedAt 0 is not an ISO 8601 time with a zone; write it as a string, e.g. "2026-06-30T06:00:00Z", as meshkit test does');
    // Without a zone: read in the publishing machine's zone, two runners recorded one run hours apart.
    expect(() => parseQualityRun(run("2026-06-30T06:00:00"), "r.json")).toThrow("r.json: contracts[0]: finishedAt 2026-06-30T06:00:00: not an ISO 8601 time with a zone; write e.g. 2026-06-30T06:00:00Z");
    expect(() => parseQualityRun(run("30 June 2026"), "r.json")).toThrow("finishedAt 30 June 2026: not an ISO 8601 time with a zone");
    // An empty one is quoted, a long one cut (as a value that is no string is).
    expect(() => parseQualityRun(run(""), "r.json")).toThrow('r.json: contracts[0]: finishedAt "": not an ISO 8601 time with a zone');
    expect(() => parseQualityRun(run(`2026-06-30T06:00:00Z ${"x".repeat(10_000)}`), "r.json")).toThrow(/finishedAt 2026-06-30T06:00:00Z x{18}…: not an ISO 8601 time with a zone; write e\.g\. 2026-06-30T06:00:00Z$/);
    expect(() => parseQualityRun(run("2026-02-30T06:00:00Z"), "r.json")).toThrow("finishedAt 2026-02-30T06:00:00Z: no such date or time");
    // Neither time: said so, not "finishedAt undefined".
    expect(() => parseQualityRun(run(undefined), "r.json")).toThrow("r.json: contracts[0]: the results do not say when the checks ran (no finishedAt or startedAt)");
    expect(() => parseQualityRun(run(null, null), "r.json")).toThrow("the results do not say when the checks ran");
    // A missing (or null) finishedAt is the start's; an offset is kept as the instant it names.
    expect(parseQualityRun(run(null, "2026-06-30T05:58:00Z")).contracts[0]!.checkedAt).toBe("2026-06-30T05:58:00.000Z");
    expect(parseQualityRun(run("2026-06-30T08:00:00+02:00")).contracts[0]!.checkedAt).toBe("2026-06-30T06:00:00.000Z");
  });
});
