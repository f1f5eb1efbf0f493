/** Documents and results for the catalog's tests (not exported from the package). */
import { mkdtempSync, readFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type LoadedDocument, loadText } from "@meshkit/core";
import type { Publisher } from "./entry.js";

export const REPO_ROOT = fileURLToPath(new URL("../../../", import.meta.url));
export const EXAMPLES = join(REPO_ROOT, "examples/domains");
export const FIXTURES = fileURLToPath(new URL("./__fixtures__/", import.meta.url));

export function tempDir(prefix = "catalog-test-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export const NOW = new Date("2026-07-01T08:00:00Z");

export function publisher(overrides: Partial<Publisher> = {}): Publisher {
  return { name: "ci-bot", repo: "acme/domain-repo", commit: "0123456789abcdef0123456789abcdef01234567", now: NOW, ...overrides };
}

export interface ProductSpec {
  id: string;
  name?: string;
  domain?: string;
  version?: string;
  description?: string;
  tags?: string[];
  team?: string;
  /** Contract id of the one output port (default `<id>-contract`). */
  contractId?: string;
  contractVersion?: string;
  columns?: { name: string; logicalType?: string; classification?: string; tags?: string[]; description?: string; properties?: unknown[]; items?: unknown }[];
  inputs?: { name: string; contractId: string; version: string }[];
}

/** An ODPS product with one output port and its ODCS contract, as loaded documents. */
export function productDocuments(spec: ProductSpec): LoadedDocument[] {
  const name = spec.name ?? spec.id;
  const domain = spec.domain ?? "sales";
  const version = spec.version ?? "1.0.0";
  const contractId = spec.contractId ?? `${spec.id}-contract`;
  const contractVersion = spec.contractVersion ?? version;
  const product = {
    apiVersion: "v1.0.0",
    kind: "DataProduct",
    id: spec.id,
    name,
    version,
    status: "active",
    domain,
    description: { purpose: spec.description ?? `The ${name} product.` },
    tags: spec.tags ?? [domain],
    inputPorts: spec.inputs ?? [],
    outputPorts: [{ name, version: contractVersion, type: "tables", contractId }],
    team: { name: spec.team ?? `${domain}-team`, members: [{ username: `owner@${domain}.example`, name: "Olivia Owner", role: "owner" }] },
    support: [{ channel: `#${domain}-data`, url: `https://chat.example/${domain}`, tool: "slack" }],
  };
  const contract = {
    apiVersion: "v3.1.0",
    kind: "DataContract",
    id: contractId,
    name,
    version: contractVersion,
    status: "active",
    domain,
    servers: [{ server: "warehouse", type: "postgres", environment: "prod", host: "db.example", port: 5432, database: "analytics", schema: domain }],
    schema: [
      {
        name: `${name}_rows`,
        physicalName: `${name}_rows`,
        properties: (spec.columns ?? [{ name: "row_id", logicalType: "string", classification: "internal" }]).map((c) => ({ logicalType: "string", ...c })),
      },
    ],
    slaProperties: [{ property: "latency", value: 1, unit: "d" }],
  };
  return [...loadText(`${spec.id}/product.odps.yaml`, JSON.stringify(product, null, 2)).documents, ...loadText(`${spec.id}/contract.odcs.yaml`, JSON.stringify(contract, null, 2)).documents];
}

/** A results run (meshkit-quality-run) for contracts, one check per status given. */
export function qualityRun(contracts: { id: string; version: string; finishedAt: string; statuses?: ("pass" | "fail" | "warn" | "error")[] }[]): unknown {
  return {
    kind: "meshkit-quality-run",
    version: 1,
    startedAt: contracts[0]?.finishedAt ?? "2026-07-01T00:00:00Z",
    finishedAt: contracts.at(-1)?.finishedAt ?? "2026-07-01T00:00:00Z",
    summary: { checks: 0, passed: 0, failed: 0, warned: 0, errors: 0 },
    contracts: contracts.map((c) => ({
      kind: "meshkit-quality-results",
      version: 1,
      contract: { id: c.id, version: c.version, file: "x.odcs.yaml" },
      source: "local",
      engine: "duckdb",
      startedAt: c.finishedAt,
      finishedAt: c.finishedAt,
      summary: { checks: 0, passed: 0, failed: 0, warned: 0, errors: 0 },
      checks: (c.statuses ?? ["pass"]).map((status, i) => ({
        id: `rows.check_${i}`,
        rule: "quality-row-count",
        object: "rows",
        status,
        severity: "error",
        measured: i,
        threshold: { mustBeGreaterThan: 0 },
        rowsChecked: 10,
        failedRows: null,
        message: `check ${i} ${status}`,
        path: "/schema/0",
        sample: [{ secret: "should never reach the catalog" }],
      })),
    })),
  };
}

/** Every ODPS and ODCS document of the repository's example domains. */
export function exampleDocuments(): LoadedDocument[] {
  const documents: LoadedDocument[] = [];
  for (const domain of readdirSync(EXAMPLES).sort()) {
    for (const product of readdirSync(join(EXAMPLES, domain)).sort()) {
      const folder = join(EXAMPLES, domain, product);
      for (const file of readdirSync(folder).sort()) {
        if (!/\.(odps|odcs)\.yaml$/.test(file)) continue;
        const display = `examples/domains/${domain}/${product}/${file}`;
        documents.push(...loadText(display, readFileSync(join(folder, file), "utf8")).documents);
      }
    }
  }
  return documents;
}

/** A small results run for the examples: two contracts, one of them with a failing check. */
export function exampleResults(): unknown {
  return JSON.parse(readFileSync(join(FIXTURES, "examples-quality-run.json"), "utf8"));
}

/** Reference copies of the official ODPS files, next to the repository (see DESIGN.md; read, never copied). */
export const ODPS_REFERENCE_DIR = join(REPO_ROOT, "../shared/reference/odps");

/** The official ODPS examples (customer-data-product, simple-data-product) as loaded documents, by their file names. */
export function officialOdpsExamples(): LoadedDocument[] {
  const dir = join(ODPS_REFERENCE_DIR, "examples");
  return readdirSync(dir)
    .filter((file) => file.endsWith(".odps.yaml"))
    .sort()
    .flatMap((file) => loadText(file, readFileSync(join(dir, file), "utf8")).documents);
}

/** Documents of one file from a plain value (written as JSON, which is YAML). */
export function documentsOf(file: string, value: unknown): LoadedDocument[] {
  return loadText(file, JSON.stringify(value, null, 2)).documents;
}
