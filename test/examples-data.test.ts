/**
 * The examples' sample data: it is the output of examples/generate-data.mjs, every example contract
 * passes on it as of the script's anchor, and the defects fixture set fails exactly the checks listed
 * in examples/fixtures/defects/expected.json (with the exact counts), and nothing else.
 */
import { spawnSync } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { loadText } from "@meshkit/core";
import { type CheckResult, type QualityResults, testContracts } from "@meshkit/quality";
import { describe, expect, it } from "vitest";

const repo = fileURLToPath(new URL("..", import.meta.url));
const generator = resolve(repo, "examples/generate-data.mjs");

interface ExpectedFailure {
  contract: string;
  check: string;
  rule: string;
  object: string;
  property?: string;
  status: string;
  failedRows: number | null;
  measured: number | string | boolean | null;
}

interface ExpectedProduct {
  product: string;
  data: string;
  contracts: string[];
  failing: ExpectedFailure[];
}

const expected = JSON.parse(readFileSync(resolve(repo, "examples/fixtures/defects/expected.json"), "utf8")) as { anchor: string; products: ExpectedProduct[] };
const anchor = new Date(expected.anchor);

/** Example contracts, as `meshkit test examples` finds them. */
function exampleContracts(): string[] {
  const found: string[] = [];
  for (const domain of readdirSync(resolve(repo, "examples/domains"))) {
    for (const product of readdirSync(resolve(repo, "examples/domains", domain))) {
      const dir = join("examples/domains", domain, product);
      for (const file of readdirSync(resolve(repo, dir)).filter((f) => f.endsWith(".odcs.yaml"))) found.push(join(dir, file));
    }
  }
  return found.sort();
}

/** A check as expected.json lists it. */
function asExpected(contract: QualityResults, check: CheckResult): ExpectedFailure {
  return {
    contract: contract.contract.name ?? contract.contract.id,
    check: check.id,
    rule: check.rule,
    object: check.object,
    ...(check.property !== undefined ? { property: check.property } : {}),
    status: check.status,
    failedRows: check.failedRows,
    measured: check.measured,
  };
}

const sortKey = (f: ExpectedFailure) => `${f.contract}\u0000${f.check}`;
const sorted = (list: ExpectedFailure[]) => [...list].sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : sortKey(a) > sortKey(b) ? 1 : 0));

describe("examples/generate-data.mjs", () => {
  it("--check: the committed data is the script's output", () => {
    const result = spawnSync(process.execPath, [generator, "--check"], { cwd: repo, encoding: "utf8" });
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
  });

  it("anchors expected.json at the script's default anchor", () => {
    const script = readFileSync(generator, "utf8");
    expect(script).toContain(`export const DEFAULT_ANCHOR = "${expected.anchor}";`);
    expect(readFileSync(resolve(repo, "examples/README.md"), "utf8")).toContain(expected.anchor);
  });

  it("writes every data file with the contract's columns, in order", () => {
    for (const file of exampleContracts()) {
      const { documents } = loadText(file, readFileSync(resolve(repo, file), "utf8"));
      const contract = documents.find((d) => d.kind.type === "DataContract")!.value as { schema: { name: string; properties: { name: string }[] }[] };
      for (const object of contract.schema) {
        const csv = readFileSync(resolve(repo, file, "..", "data", `${object.name}.csv`), "utf8");
        expect(csv.split("\n")[0]!.split(","), `${file} ${object.name}`).toEqual(object.properties.map((p) => p.name));
        const rows = csv.trimEnd().split("\n").length - 1;
        expect(rows, `${object.name} rows`).toBeGreaterThanOrEqual(20);
        expect(rows, `${object.name} rows`).toBeLessThanOrEqual(60);
      }
    }
  });
});

describe("example data", () => {
  it(`passes every check of every example contract as of ${expected.anchor}`, async () => {
    const contracts = exampleContracts();
    const { findings, files, run } = await testContracts({ cwd: repo, paths: contracts, now: anchor });
    expect(files).toBe(contracts.length);
    expect(findings.filter((f) => f.severity === "error" || f.severity === "warning")).toEqual([]);
    const notPassing = run.contracts.flatMap((c) => c.checks.filter((check) => check.status !== "pass").map((check) => ({ file: c.contract.file, id: check.id, message: check.message })));
    expect(notPassing).toEqual([]);
    // Every latency/retention SLA of the contracts was measured, not skipped.
    const slas = run.contracts.flatMap((c) => c.checks.filter((check) => check.rule.startsWith("sla-")));
    expect(slas.map((c) => c.id).sort()).toEqual(
      [
        "campaign_contacts.sent_at.latency",
        "campaign_contacts.sent_at.retention",
        "customer_consents.captured_at.latency",
        "customer_profiles.updated_at.latency",
        "customer_profiles.updated_at.retention",
        "inventory_positions.snapshot_date.retention",
        "inventory_positions.snapshot_taken_at.latency",
        "ledger_entries.posted_at.latency",
        "ledger_entries.posting_date.retention",
        "quarterly_account_balances.computed_at.latency",
        "quarterly_account_balances.computed_at.retention",
      ].sort(),
    );
  });
});

describe("examples/fixtures/defects", () => {
  it("covers at least two products", () => {
    expect(expected.products.length).toBeGreaterThanOrEqual(2);
  });

  it.each(expected.products.map((p) => [p.product, p] as const))("%s: fails exactly the expected checks with the expected counts", async (_, product) => {
    const { findings, run } = await testContracts({ cwd: repo, paths: product.contracts, data: product.data, now: anchor });
    // No check that could not run, no unreadable data: every finding is a failed check of the list.
    expect(run.summary.errors).toBe(0);
    expect(findings.filter((f) => f.ruleId === "quality-data-unreadable" || f.ruleId === "quality-check-error")).toEqual([]);
    const failing = run.contracts.flatMap((c) => c.checks.filter((check) => check.status !== "pass").map((check) => asExpected(c, check)));
    expect(sorted(failing)).toEqual(sorted(product.failing));
    // One error finding per failed check, and nothing else.
    expect(findings.filter((f) => f.severity === "error")).toHaveLength(product.failing.length);
    expect(findings.filter((f) => f.severity === "warning")).toEqual([]);
  });
});
