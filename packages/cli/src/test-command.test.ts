/**
 * `meshkit test`, run as the built command on contracts and data written to temp folders: findings
 * at the contract's lines, the results document, `--emit-sql`, `--now`, and bad input (exit 2).
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { startPushgateway } from "@meshkit/core/testing/pushgateway";
import { beforeAll, describe, expect, it } from "vitest";
import { meshkit, requireBuiltCli, tempDir, writeFiles } from "./test-support.js";

beforeAll(requireBuiltCli);

const CONTRACT = `apiVersion: v3.1.0
kind: DataContract
id: payments-contract
version: 2.1.0
status: active
name: payments
servers:
  - server: local
    type: local
    path: ./data/{model}.csv
    format: csv
  - server: warehouse
    type: postgres
    host: db.internal
    port: 5432
    database: finance
    schema: payments
schema:
  - name: payments
    physicalName: payments_v2
    properties:
      - name: payment_id
        logicalType: string
        primaryKey: true
      - name: amount
        logicalType: number
        logicalTypeOptions:
          minimum: 0
      - name: paid_at
        logicalType: timestamp
slaProperties:
  - property: latency
    value: 2
    unit: h
    element: payments.paid_at
`;
/** p-3 has a negative amount. */
const DATA = "payment_id,amount,paid_at\np-1,10.5,2026-06-30T05:00:00Z\np-2,0,2026-06-30T05:30:00Z\np-3,-4,2026-06-30T05:45:00Z\n";

function project(files: Record<string, string> = {}): string {
  const dir = tempDir("test");
  writeFiles(dir, { "payments.odcs.yaml": CONTRACT, "data/payments.csv": DATA, ...files });
  return dir;
}
const lineOf = (needle: string) => CONTRACT.split("\n").findIndex((l) => l.includes(needle)) + 1;

describe("meshkit test", () => {
  it("reports a failing check at its contract line with the measured value, and writes the results", () => {
    const dir = project();
    const result = meshkit(["test", "--now", "2026-06-30T06:00:00Z", "--results", "out/results.json"], dir);
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(new RegExp(`payments\\.odcs\\.yaml:${lineOf("minimum: 0")}:\\d+: error schema-range .*1 of 3 rows`));
    const run = JSON.parse(readFileSync(join(dir, "out/results.json"), "utf8"));
    expect(run).toMatchObject({ kind: "meshkit-quality-run", version: 1, summary: { failed: 1, errors: 0 } });
    expect(run.contracts[0].contract).toMatchObject({ id: "payments-contract", version: "2.1.0", file: "payments.odcs.yaml" });
    // The same run in JSON carries the results too.
    const json = JSON.parse(meshkit(["test", "--now", "2026-06-30T06:00:00Z", "--format", "json"], dir).stdout);
    expect(json.results.summary).toEqual(run.summary);
  });

  it("shows as many failing rows as --samples asks, and with --samples 0 none (the counts stay)", () => {
    const data = "payment_id,amount,paid_at\np-1,-1.5,2026-06-30T05:00:00Z\np-2,-2.5,2026-06-30T05:30:00Z\np-3,-3.5,2026-06-30T05:45:00Z\np-3,4.5,2026-06-30T05:50:00Z\n";
    const dir = project({ "data/payments.csv": data });
    const checks = (samples: string) => {
      const result = meshkit(["test", "--now", "2026-06-30T06:00:00Z", "--format", "json", "--samples", samples], dir);
      expect(result.status).toBe(1);
      return JSON.parse(result.stdout).results.contracts[0].checks as { id: string; failedRows?: number; sample?: unknown[] }[];
    };
    const byId = (list: ReturnType<typeof checks>, id: string) => list.find((c) => c.id === id)!;
    const two = checks("2");
    expect(byId(two, "payments.amount.minimum")).toMatchObject({ failedRows: 3, sample: [{ payment_id: "p-1", amount: -1.5 }, { payment_id: "p-2", amount: -2.5 }] });
    expect(byId(two, "payments.payment_id.primaryKey").sample).toEqual([{ key: { payment_id: "p-3" }, rows: 2 }]);
    const none = checks("0");
    expect(byId(none, "payments.amount.minimum").failedRows).toBe(3);
    expect(byId(none, "payments.payment_id.primaryKey").failedRows).toBe(1);
    expect(none.filter((c) => c.sample !== undefined)).toEqual([]);
  });

  it("judges SLAs as of --now, and against the clock without it", () => {
    const dir = project({ "data/payments.csv": DATA.replace("-4", "4") });
    expect(meshkit(["test", "--now", "2026-06-30T06:00:00Z"], dir).status).toBe(0);
    const stale = meshkit(["test", "--now", "2026-07-01T06:00:00Z"], dir);
    expect(stale.status).toBe(1);
    expect(stale.stdout).toMatch(new RegExp(`:${lineOf("property: latency")}:\\d+: error sla-latency`));
  });

  it("prints the SQL for another dialect, tables named as the server places them", () => {
    const result = meshkit(["test", "--emit-sql", "--dialect", "postgres", "--server", "warehouse"], project());
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("-- payments.odcs.yaml: contract payments-contract 2.1.0 (postgres)");
    expect(result.stdout).toContain('FROM "finance"."payments"."payments_v2"');
    expect(result.stdout).toMatch(/count\(\*\) FILTER \(WHERE/);
    const bigquery = meshkit(["test", "--emit-sql", "--dialect", "bigquery"], project());
    expect(bigquery.stdout).toContain("`payments_v2`");
  });

  it("writes the SQL to --output, as the other formats write their report, and nothing to stdout", () => {
    const dir = project();
    const result = meshkit(["test", "--emit-sql", "--dialect", "postgres", "-o", "out/checks.sql"], dir);
    expect([result.status, result.stdout]).toEqual([0, ""]);
    expect(readFileSync(join(dir, "out/checks.sql"), "utf8")).toBe(meshkit(["test", "--emit-sql", "--dialect", "postgres"], dir).stdout);
  });

  it("lists the checks no SQL can run in the emitted SQL and as findings (exit 1), and gives the statements as JSON with --format json", () => {
    const dir = project({ "payments.odcs.yaml": CONTRACT.replace("element: payments.paid_at", "element: ledger.posted_at") });
    const result = meshkit(["test", "--emit-sql", "--dialect", "duckdb"], dir);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain("-- not checked: ledger.latency: SLA latency names element `ledger.posted_at`, but the contract has no object `ledger`.");
    expect(result.stdout).toMatch(/count\(CASE WHEN /); // the rest is still emitted
    // At the element it is about, where it is to be fixed (its value, after `element: `).
    expect(result.stderr).toContain(`payments.odcs.yaml:${lineOf("element: payments.paid_at")}:14: error quality-rule-invalid Not checked: SLA latency`);
    // A contract with no schema objects has no statements, and is still a file read.
    const empty = meshkit(["test", "empty.odcs.yaml", "--emit-sql", "--dialect", "duckdb"], project({ "empty.odcs.yaml": CONTRACT.replace(/^schema:[\s\S]*?(?=^\S)/m, "schema: []\n") }));
    expect(empty.stderr).toMatch(/error quality-rule-invalid[\s\S]*in 1 file\n$/);
    const json = meshkit(["test", "--emit-sql", "--dialect", "duckdb", "--format", "json"], dir);
    const parsed = JSON.parse(json.stdout) as { findings: { ruleId: string }[]; statements: { object: string; sql: string; file: string }[]; dialect: string };
    expect([json.status, parsed.dialect, parsed.findings.map((f) => f.ruleId)]).toEqual([1, "duckdb", ["quality-rule-invalid"]]);
    expect(parsed.statements[0]).toMatchObject({ object: "payments", file: "payments.odcs.yaml", sql: expect.stringContaining("FROM") });
  });

  it("emits the SQL of the contracts it can read beside a file it cannot (exit 2, the finding on stderr), and leaves --output be when it can read none", () => {
    const dir = project({ "broken.odcs.yaml": "apiVersion: v3.1.0\nkind: DataContract\nid: broken\n  name: x\n" });
    const result = meshkit(["test", "--emit-sql", "--dialect", "postgres"], dir);
    expect(result.status).toBe(2);
    expect(result.stdout).toContain("-- payments.odcs.yaml: contract payments-contract 2.1.0 (postgres)");
    expect(result.stdout).not.toContain("broken.odcs.yaml");
    expect(result.stderr).toMatch(/^broken\.odcs\.yaml:3:\d+: error yaml-syntax /m);
    expect(result.stderr).toMatch(/in 2 files\n$/);
    // The JSON report has both: the finding and the statements.
    const json = meshkit(["test", "--emit-sql", "--dialect", "postgres", "--format", "json"], dir);
    const parsed = JSON.parse(json.stdout) as { findings: { ruleId: string; file: string }[]; statements: { file: string }[] };
    expect([json.status, parsed.findings.map((f) => [f.ruleId, f.file])[0], parsed.statements.length > 0]).toEqual([2, ["yaml-syntax", "broken.odcs.yaml"], true]);
    // Nothing could be read: an earlier script stays as it was.
    writeFileSync(join(dir, "checks.sql"), "-- an earlier script\n");
    const none = meshkit(["test", "broken.odcs.yaml", "--emit-sql", "--dialect", "postgres", "-o", "checks.sql"], dir);
    expect([none.status, readFileSync(join(dir, "checks.sql"), "utf8")]).toEqual([2, "-- an earlier script\n"]);
    expect(none.stderr).toContain("broken.odcs.yaml:3:");
  });

  it("pushes the product's metrics to a real Prometheus Pushgateway, labelled by the ODPS product that owns the contract", async () => {
    const gateway = await startPushgateway();
    try {
      const product = "apiVersion: v1.0.0\nkind: DataProduct\nid: payments-product\nname: payments_hub\nstatus: active\ndomain: finance\noutputPorts:\n  - name: payments\n    version: 2.1.0\n    contractId: payments-contract\n";
      const dir = project({ "product.odps.yaml": product });
      const result = meshkit(["test", "payments.odcs.yaml", "--now", "2026-06-30T06:00:00Z", "--pushgateway", gateway.url], dir);
      expect(result.status).toBe(1);
      const metrics = await (await fetch(`${gateway.url}/metrics`)).text();
      expect(metrics).toMatch(/^domain_data_quality_score\{.*domain="finance".*product="payments_hub".*\} 0\.8\d*$/m);
      expect(metrics).toMatch(/^data_quality_checks_failed\{.*product="payments_hub".*\} 1$/m);
      expect(metrics).toMatch(/^data_quality_rows_checked\{.*object="payments".*\} 3$/m);

      const refused = meshkit(["test", "payments.odcs.yaml", "--now", "2026-06-30T06:00:00Z", "--pushgateway", "http://127.0.0.1:9"], dir);
      expect(refused.status).toBe(2);
      expect(refused.stderr.trim().split("\n")).toHaveLength(1);
      // The checks' report is not lost with the push: printed, and written with -o.
      expect(refused.stdout).toContain(result.stdout.trim().split("\n")[0]);
      const written = meshkit(["test", "payments.odcs.yaml", "--now", "2026-06-30T06:00:00Z", "--pushgateway", "http://127.0.0.1:9", "-f", "json", "-o", "report.json"], dir);
      expect(written.status).toBe(2);
      const report = JSON.parse(readFileSync(join(dir, "report.json"), "utf8")) as { findings: unknown[]; error?: string };
      expect(report.findings.length).toBeGreaterThan(0);
      // The push that failed is in the machine-readable report too, not only on stderr.
      expect(report.error).toMatch(/^Pushing metrics to the Pushgateway at http:\/\/127\.0\.0\.1:9\/.* failed/);
      // A URL no push could use is refused before the checks run (no results written).
      const early = meshkit(["test", "payments.odcs.yaml", "--now", "2026-06-30T06:00:00Z", "--pushgateway", "not-a-url", "--results", "early.json", "-f", "json"], dir);
      expect([early.status, early.stderr.trim()]).toEqual([2, "meshkit: The Pushgateway URL must start with http:// or https:// (like http://pushgateway:9091)"]);
      expect(JSON.parse(early.stdout)).toMatchObject({ findings: [], error: "The Pushgateway URL must start with http:// or https:// (like http://pushgateway:9091)" });
      expect(existsSync(join(dir, "early.json"))).toBe(false);
    } finally {
      await gateway.stop();
    }
  });

  it("refuses a --results path that cannot be written before the checks run, naming the option", () => {
    const dir = project({ "plain.txt": "x" });
    for (const [path, why] of [
      ["data", "it is a folder"],
      ["plain.txt/results.json", "plain.txt"],
    ] as const) {
      const result = meshkit(["test", "--now", "2026-06-30T06:00:00Z", "--results", path, "-f", "json"], dir);
      expect(result.status, path).toBe(2);
      expect(result.stderr.trim(), path).toMatch(new RegExp(`^meshkit: cannot write --results ${join(dir, path).replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: .*${why.replace(".", "\\.")}`));
      // Refused before the run: the report says why, with no findings of checks that ran for nothing.
      expect(JSON.parse(result.stdout), path).toMatchObject({ findings: [] });
    }
    // A device is written in place, as with -o: not refused for want of a probe beside it.
    const device = meshkit(["test", "--now", "2026-06-30T06:00:00Z", "--results", "/dev/null"], dir);
    expect([device.status, device.stderr]).toEqual([1, ""]);
  });

  it("leaves no folder of --results behind when a usage error stops the run before any check", () => {
    for (const args of [
      ["--server", "warehouse", "--data", "data/payments.csv"],
      ["--object", "nope"],
    ]) {
      const dir = project();
      const result = meshkit(["test", ...args, "--results", "out/nested/results.json"], dir);
      expect(result.status, args.join(" ")).toBe(2);
      expect(existsSync(join(dir, "out")), args.join(" ")).toBe(false);
    }
  });

  it.runIf(existsSync("/dev/full"))("reports the checks that ran when the results cannot be written after them, then fails in one line", () => {
    const dir = project();
    const full = meshkit(["test", "--now", "2026-06-30T06:00:00Z", "--results", "/dev/full", "-f", "json"], dir);
    expect([full.status, full.stderr.trim()]).toEqual([2, expect.stringMatching(/^meshkit: cannot write \/dev\/full: [^\n]*ENOSPC/)]);
    const report = JSON.parse(full.stdout) as { findings: { ruleId: string }[]; error?: string };
    expect(report.findings.map((f) => f.ruleId)).toContain("schema-range");
    expect(report.error).toMatch(/^cannot write \/dev\/full/);
  });

  it("reports a named contract file that holds no contract (empty, a newer apiVersion) at its line, in valid JSON, as provision and publish do", () => {
    const dir = tempDir("test-notcontract");
    writeFiles(dir, { "empty.odcs.yaml": "", "newer.odcs.yaml": CONTRACT.replace("v3.1.0", "v9.9.9") });
    for (const args of [["test"], ["provision", "plan"], ["publish", "--catalog", "dir:catalog", "--dry-run"]]) {
      const result = meshkit([...args, "empty.odcs.yaml", "newer.odcs.yaml", "-f", "json"], dir);
      expect(result.status, args.join(" ")).toBe(1);
      expect(result.stderr).toBe("");
      expect(JSON.parse(result.stdout).findings.map((f: { ruleId: string; line: number; column: number }) => `${f.ruleId} ${f.line}:${f.column}`)).toEqual(["not-a-document 1:1", "unsupported-api-version 1:13"]);
    }
  });

  it("exits 2 with one line for missing data, an unknown server, a lone --dialect and a bad --now", () => {
    const noData = tempDir("test-nodata");
    writeFiles(noData, { "payments.odcs.yaml": CONTRACT });
    const unreadable = meshkit(["test"], noData);
    expect(unreadable.status).toBe(2);
    expect(unreadable.stdout).toMatch(/quality-data-unreadable .*data\/payments\.csv/);

    for (const [args, message] of [
      [["--emit-sql", "--dialect", "postgres", "--server", "nope"], "meshkit: payments.odcs.yaml: no server named nope; the contract has local, warehouse"],
      [["--dialect", "postgres"], "meshkit: --emit-sql and --dialect go together"],
      [["--emit-sql", "--dialect", "postgres", "--results", "results.json"], "meshkit: --results cannot go with --emit-sql: it prints the SQL for the warehouse's tables"],
      [["--emit-sql", "--dialect", "duckdb", "--pushgateway", "http://127.0.0.1:9091", "--data", "data"], "meshkit: --data, --pushgateway cannot go with --emit-sql"],
      // Neither is used there: the SQL gives SLA values' epoch seconds, to compare with the time they are run at.
      [["--emit-sql", "--dialect", "trino", "--now", "2024-06-01T00:00:00Z"], "meshkit: --now cannot go with --emit-sql: it prints the SQL for the warehouse's tables"],
      [["--emit-sql", "--dialect", "spark", "--query-timeout", "5", "--results", "r.json"], "meshkit: --results, --query-timeout cannot go with --emit-sql"],
      [["--object", "payments", "--pushgateway", "http://127.0.0.1:9091"], "meshkit: --object cannot go with --pushgateway: the metrics describe every object of a product, and a push replaces the product's metrics"],
      [["--server", "warehouse", "--data", "data/payments.csv"], "meshkit: --server warehouse and --data data/payments.csv cannot go together: --data is read instead of every server"],
      [["--now", "tomorrow"], "meshkit: --now tomorrow: not an ISO 8601 time"],
      [["--samples", "-1"], "meshkit: --samples -1: expected a whole number of rows from 0 to 100"],
      [["--samples", "2.5"], "meshkit: --samples 2.5: expected a whole number of rows from 0 to 100"],
      [["--samples", "101"], "meshkit: --samples 101: expected a whole number of rows from 0 to 100"],
    ] as const) {
      const result = meshkit(["test", ...args], project());
      expect(result.status).toBe(2);
      expect(result.stderr).toContain(message);
      expect(result.stderr.trim().split("\n")).toHaveLength(1);
    }
  });
});
