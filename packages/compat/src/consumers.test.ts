import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type ConsumerDirectory, type ContractConsumer, type Finding, type LoadedDocument, UsageError, defaultConfig, loadText } from "@meshkit/core";
import { describe, expect, it } from "vitest";
import { renderChangelog } from "./changelog.js";
import { type DocumentReport, type Side, compareSides } from "./compare.js";
import { CONSUMERS_RULE, assessImpact, attachConsumers, columnsOverlap } from "./consumers.js";
import { COMPAT_RULES, CompatStoppedError, runCompat } from "./run.js";
import { type Json, baseContract, clone, prop } from "./test-support.js";
import { touchedElements } from "./touches.js";

const config = defaultConfig("/repo").compat;

function side(label: string, docs: Record<string, Json>): Side {
  const documents: LoadedDocument[] = Object.entries(docs).flatMap(([file, value]) => loadText(file, JSON.stringify(value, null, 2)).documents);
  return { label, documents };
}

function consumer(productName: string, columns?: string[], extra: Partial<ContractConsumer> = {}): ContractConsumer {
  return { productId: `p-${productName}`, productName, domain: "finance", version: "1.0.0", port: "orders", contractVersion: "1.4.2", ...(columns ? { columns } : {}), owner: `${productName}-team`, support: `#${productName}`, ...extra };
}

/** A directory that knows `consumers` of contract c-orders, and records what it was asked. */
function fakeDirectory(consumers: ContractConsumer[], findings: Finding[] = []): ConsumerDirectory & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    async consumersOf(id: string) {
      asked.push(id);
      return id === "c-orders" ? consumers : [];
    },
    async findings() {
      return findings;
    },
  };
}

/** Compares base with `head` (forward mode) and attaches the directory's consumers. */
async function compare(head: Json, directory: ConsumerDirectory, base: Json = baseContract()): Promise<{ reports: DocumentReport[]; findings: Finding[] }> {
  const baseSide = side("v1.4.2", { "orders.json": base });
  const headSide = side("HEAD", { "orders.json": head });
  const result = compareSides(baseSide, headSide, { mode: "forward", config });
  const findings = await attachConsumers(result.contracts, directory, { base: baseSide, head: headSide, config });
  return { reports: result.contracts, findings };
}

/** `orders.email` removed: a breaking change of one column. */
function withoutEmail(): Json {
  const head = baseContract();
  head.version = "2.0.0";
  head.schema[0].properties = head.schema[0].properties.filter((p: Json) => p.name !== "email");
  return head;
}

describe("consumer impact of a breaking change", () => {
  it("says yes for a consumer reading the removed column, no for one that reads others, unknown for one that declares nothing", async () => {
    const directory = fakeDirectory([consumer("billing", ["orders.amount"]), consumer("crm", ["orders.order_id", "orders.email"]), consumer("audit")]);
    const { reports, findings } = await compare(withoutEmail(), directory);
    expect(directory.asked).toEqual(["c-orders"]);
    const impacts = reports[0]!.consumers!;
    // Affected first, then maybe, then not.
    expect(impacts.map((i) => [i.consumer.productName, i.affected])).toEqual([
      ["crm", "yes"],
      ["audit", "unknown"],
      ["billing", "no"],
    ]);
    expect(impacts[0]!.hits).toEqual([{ kind: "property-removed-optional", element: "orders.email", column: "orders.email" }]);
    expect(impacts[1]!.hits).toEqual([]);
    expect(impacts[2]!.hits).toEqual([]);

    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ ruleId: CONSUMERS_RULE, severity: "warning", file: "orders.json", path: "/id", stage: "catalog" });
    expect(findings[0]!.docsUrl).toMatch(/compat-consumers-affected\.md$/);
    expect(findings[0]!.message).toContain("reach 3 registered consumers (1 affected, 1 maybe, 1 not)");
    expect(findings[0]!.message).toContain("finance/crm 1.0.0 (input port orders; crm-team, #crm) is affected: it reads orders.email (property-removed-optional)");
    expect(findings[0]!.message).toContain("finance/audit 1.0.0 (input port orders; audit-team, #audit) may be affected");
  });

  it("names ten consumers in the message and says where the rest are, in words that fit an action too (no --format)", async () => {
    const names = Array.from({ length: 12 }, (_, i) => `crm${String(i + 1).padStart(2, "0")}`);
    const { reports, findings } = await compare(withoutEmail(), fakeDirectory(names.map((name) => consumer(name, ["orders.email"]))));
    expect(findings[0]!.message).toContain("finance/crm10 1.0.0 (input port orders; crm10-team, #crm10) is affected: it reads orders.email (property-removed-optional); and 2 more (the changelog's Consumers affected table lists them all). Agree");
    expect(findings[0]!.message).not.toContain("--format");
    const changelog = renderChangelog(reports);
    expect(names.filter((name) => changelog.includes(`| finance/${name} 1.0.0 |`))).toEqual(names);
  });

  it("reports info when every consumer declares its columns and none is hit, and honours the configured level", async () => {
    const directory = fakeDirectory([consumer("billing", ["orders.amount", "customers.customer_id"])]);
    const { findings } = await compare(withoutEmail(), directory);
    expect(findings.map((f) => f.severity)).toEqual(["info"]);
    expect(findings[0]!.message).toContain("None of them reads what changed.");

    const strict = { ...config, rules: { [CONSUMERS_RULE]: "error" as const } };
    const baseSide = side("b", { "orders.json": baseContract() });
    const headSide = side("h", { "orders.json": withoutEmail() });
    const result = compareSides(baseSide, headSide, { mode: "forward", config: strict });
    const affected = await attachConsumers(result.contracts, fakeDirectory([consumer("crm", ["orders.email"])]), { base: baseSide, head: headSide, config: strict });
    expect(affected.map((f) => f.severity)).toEqual(["error"]);
    const off = { ...config, rules: { [CONSUMERS_RULE]: "off" as const } };
    const quiet = compareSides(baseSide, headSide, { mode: "forward", config: off });
    expect(await attachConsumers(quiet.contracts, fakeDirectory([consumer("crm", ["orders.email"])]), { base: baseSide, head: headSide, config: off })).toEqual([]);
    // Off drops the finding, not the list.
    expect(quiet.contracts[0]!.consumers).toHaveLength(1);
  });

  it("looks up nothing for changes that are not breaking, and lists no consumers then", async () => {
    const head = baseContract();
    head.version = "1.5.0";
    head.schema[0].properties.push({ name: "coupon", logicalType: "string" });
    const directory = fakeDirectory([consumer("crm", ["orders.email"])]);
    const { reports, findings } = await compare(head, directory);
    expect(directory.asked).toEqual([]);
    expect(reports[0]!.requiredBump).toBe("minor");
    expect(reports[0]!.consumers).toBeUndefined();
    expect(findings).toEqual([]);
  });

  it("lists an empty consumer list for a breaking contract nobody reads, without a finding", async () => {
    const { reports, findings } = await compare(withoutEmail(), fakeDirectory([]));
    expect(reports[0]!.consumers).toEqual([]);
    expect(findings).toEqual([]);
  });

  it("matches a renamed column by its released name, nested fields by prefix, and bare names in any object", async () => {
    const head = baseContract();
    head.version = "2.0.0";
    prop(head, "amount").name = "amount_cents";
    prop(head, "amount_cents").customProperties = [{ property: "renamedFrom", value: "amount" }];
    const directory = fakeDirectory([consumer("by-old-name", ["orders.amount"]), consumer("bare", ["AMOUNT"]), consumer("new-name", ["orders.amount_cents"]), consumer("other-object", ["customers.amount"])]);
    const { reports } = await compare(head, directory);
    const affected = Object.fromEntries(reports[0]!.consumers!.map((i) => [i.consumer.productName, i.affected]));
    expect(affected).toEqual({ "by-old-name": "yes", bare: "yes", "new-name": "no", "other-object": "no" });
    // The new name is not in the released contract: said so, since it matches nothing there.
    expect(reports[0]!.consumers!.find((i) => i.consumer.productName === "new-name")!.unknownColumns).toEqual(["orders.amount_cents"]);
    expect(reports[0]!.changes.find((c) => c.kind === "property-renamed")!.touches).toEqual(["orders.amount"]);
  });

  it("says yes for every consumer when a change concerns the whole contract (a server moved), declared columns or not", async () => {
    const head = baseContract();
    head.version = "2.0.0";
    head.servers[0].host = "db2.internal";
    const { reports } = await compare(head, fakeDirectory([consumer("audit"), consumer("billing", ["orders.amount"])]));
    expect(reports[0]!.consumers!.map((i) => [i.consumer.productName, i.affected, i.hits])).toEqual([
      ["audit", "yes", [{ kind: "server-moved", element: "server prod" }]],
      ["billing", "yes", [{ kind: "server-moved", element: "server prod" }]],
    ]);
  });

  it("follows a removed contract and an id change to the id consumers name", async () => {
    const baseSide = side("b", { "orders.json": baseContract() });
    const removed = compareSides(baseSide, side("h", {}), { mode: "forward", config });
    const directory = fakeDirectory([consumer("crm", ["orders.email"])]);
    const findings = await attachConsumers(removed.contracts, directory, { base: baseSide, head: side("h", {}), config });
    expect(removed.contracts[0]!.consumers!.map((i) => i.affected)).toEqual(["yes"]);
    expect(findings[0]).toMatchObject({ ruleId: CONSUMERS_RULE, file: "orders.json", path: "/id" });

    const renamed = clone(baseContract());
    renamed.id = "c-orders-v2";
    const headSide = side("h", { "orders.json": renamed });
    const moved = compareSides(baseSide, headSide, { mode: "forward", config });
    expect(moved.contracts[0]).toMatchObject({ id: "c-orders-v2", previousId: "c-orders", requiredBump: "major" });
    const asked = fakeDirectory([consumer("crm", ["orders.email"])]);
    await attachConsumers(moved.contracts, asked, { base: baseSide, head: headSide, config });
    expect(asked.asked).toEqual(["c-orders"]);
    expect(moved.contracts[0]!.consumers!.map((i) => i.affected)).toEqual(["yes"]);
  });

  it("tells every consumer of a release withdrawn in the same major version as a breaking change, not only those the breaking change hits", async () => {
    const head = withoutEmail();
    head.status = "draft";
    const { reports, findings } = await compare(head, fakeDirectory([consumer("billing", ["orders.amount"]), consumer("crm", ["orders.email"])]));
    expect(reports[0]).toMatchObject({ requiredBump: "major", declaredBump: "major" });
    // billing reads no removed column, but it was built on a release that now says it may change without notice.
    expect(reports[0]!.consumers!.map((i) => [i.consumer.productName, i.affected, i.hits.map((h) => h.kind)])).toEqual([
      ["billing", "yes", ["status-withdrawn"]],
      ["crm", "yes", ["status-withdrawn", "property-removed-optional"]],
    ]);
    expect(findings).toHaveLength(1);
    expect(renderChangelog(reports)).toContain("_yes_: a breaking change, the removal a deprecation announced, or the release withdrawn, touches a column the consumer reads");
    expect(findings[0]!.message).toBe(
      "Breaking changes to contract orders (c-orders), which also went back from active to draft (status-withdrawn), reach 2 registered consumers (2 affected, 0 maybe, 0 not): finance/billing 1.0.0 (input port orders; billing-team, #billing) is affected: it reads the contract, and status-withdrawn concerns all of it; finance/crm 1.0.0 (input port orders; crm-team, #crm) is affected: it reads orders.email (property-removed-optional), and status-withdrawn concerns all of the contract. Agree the change with their owners before merging, or publish it as a new major version alongside the old one.",
    );
  });

  it("counts no consumer affected by a column a major version deprecates with a date, which breaks nothing yet", async () => {
    const head = withoutEmail();
    prop(head, "status").customProperties = [{ property: "deprecated", value: "2027-06-30" }];
    const { reports, findings } = await compare(head, fakeDirectory([consumer("billing", ["orders.status"])]));
    expect(reports[0]!.changes.map((c) => c.kind)).toContain("element-deprecated");
    expect(reports[0]!.consumers!.map((i) => [i.consumer.productName, i.affected])).toEqual([["billing", "no"]]);
    expect(findings.map((f) => [f.severity, f.message])).toEqual([
      [
        "info",
        "Breaking changes to contract orders (c-orders) reach 1 registered consumer (0 affected, 0 maybe, 1 not): finance/billing 1.0.0 (input port orders; billing-team, #billing) is not affected: it reads none of the changed columns (it declares orders.status). None of them reads what changed.",
      ],
    ]);
  });

  it("passes on the directory's own findings as warnings", async () => {
    const broken: Finding = { ruleId: "catalog-entry-unreadable", severity: "error", message: "products/x/1.0.0.json is not valid JSON.", file: "dir:catalog/products/x/1.0.0.json", line: 0, column: 0, path: "", stage: "catalog" };
    const { findings } = await compare(withoutEmail(), fakeDirectory([consumer("crm", ["orders.email"])], [broken]));
    expect(findings.map((f) => `${f.ruleId} ${f.severity}`)).toEqual([`${CONSUMERS_RULE} warning`, "catalog-entry-unreadable warning"]);
  });
});

describe("what a change touches", () => {
  const contract = baseContract();
  contract.schema[0].properties.push({ name: "address", logicalType: "object", properties: [{ name: "city", logicalType: "string" }] });
  contract.schema[0].properties.push({ name: "lines", logicalType: "array", items: { logicalType: "object", properties: [{ name: "sku", logicalType: "string" }] } });

  it.each([
    ["", ["*"]],
    ["/id", ["*"]],
    ["/servers/0/host", ["*"]],
    ["/schema/0", ["orders.*"]],
    ["/schema/0/quality/0", ["orders.*"]],
    ["/schema/0/properties", ["orders.*"]],
    ["/schema/0/properties/1/logicalType", ["orders.amount"]],
    ["/schema/0/properties/5/properties/0/logicalType", ["orders.address.city"]],
    ["/schema/0/properties/6/items/properties/0", ["orders.lines.sku"]],
    ["/slaProperties/0/value", ["orders.ordered_at"]],
    ["/slaProperties/1/value", ["*"]],
    ["/schema/9", ["*"]],
  ])("%s touches %j", (pointer, expected) => {
    expect(touchedElements(contract, pointer)).toEqual(expected);
  });

  it.each([
    ["orders.email", "orders.email", true],
    ["orders.email", "orders.amount", false],
    ["orders.address", "orders.address.city", true],
    ["orders.address.city", "orders.address", true],
    ["orders.*", "orders.amount", true],
    ["orders.amount", "orders.*", true],
    ["customers.*", "orders.amount", false],
    ["email", "orders.email", true],
    ["email", "orders.*", true],
    ["Orders.Email", "orders.email", true],
    ["orders.lines[]", "orders.lines.sku", true],
    ["orders.email", "*", true],
  ])("declared %s overlaps touched %s: %s", (declared, touched, expected) => {
    expect(columnsOverlap(declared, touched)).toBe(expected);
  });

  it("assesses a consumer without touches as hit by the whole contract", () => {
    const impact = assessImpact([{ kind: "contract-removed", element: "c-orders", path: "", severity: "warning", requiredBump: "major", message: "", line: 1, column: 1, against: "base" }], consumer("crm", ["orders.email"]));
    expect(impact).toMatchObject({ affected: "yes", hits: [{ kind: "contract-removed", element: "c-orders" }] });
  });
});

describe("the changelog's Consumers affected section", () => {
  it("renders a table of consumers under the breaking contract, escaping what they wrote", async () => {
    const directory = fakeDirectory([consumer("crm", ["orders.email"]), consumer("audit|log", undefined, { owner: "<b>audit</b>" }), consumer("billing", ["orders.amount", "orders.nope"])]);
    const { reports } = await compare(withoutEmail(), directory);
    const markdown = renderChangelog(reports);
    const section = markdown.slice(markdown.indexOf("#### Consumers affected"));
    expect(markdown.indexOf("#### Breaking changes (major)")).toBeLessThan(markdown.indexOf("#### Consumers affected"));
    expect(section).toContain("| consumer | owner | input port | affected | why |");
    expect(section).toContain("| finance/crm 1.0.0 | crm-team, \\#crm | `orders` (1.4.2) | **yes** | `orders.email` (`property-removed-optional`) |");
    expect(section).toContain("| finance/audit\\|log 1.0.0 | \\<b\\>audit\\</b\\>, \\#audit\\|log | `orders` (1.4.2) | maybe | declares no used columns |");
    expect(section).toContain("| no | reads `orders.amount`, `orders.nope`: none changed; declared but not in the released contract: `orders.nope` |");
  });

  it("says when nobody reads a breaking contract, and shows nothing without a directory", async () => {
    const { reports } = await compare(withoutEmail(), fakeDirectory([]));
    expect(renderChangelog(reports)).toContain("#### Consumers affected\n\nNo registered consumer product reads this contract.");
    const plain = compareSides(side("b", { "orders.json": baseContract() }), side("h", { "orders.json": withoutEmail() }), { mode: "forward", config });
    expect(renderChangelog(plain.contracts)).not.toContain("Consumers affected");
  });
});

describe("runCompat with a consumer directory", () => {
  /** A project whose `contracts/orders.json` removes `orders.email` from the one in `released/`. */
  function releasedAndChanged(): string {
    const cwd = mkdtempSync(join(tmpdir(), "meshkit-compat-consumers-"));
    mkdirSync(join(cwd, "released"));
    mkdirSync(join(cwd, "contracts"));
    writeFileSync(join(cwd, "meshkit.yaml"), "apiVersion: meshkit/v1\nkind: Config\n");
    writeFileSync(join(cwd, "released/orders.json"), JSON.stringify(baseContract(), null, 2));
    writeFileSync(join(cwd, "contracts/orders.json"), JSON.stringify(withoutEmail(), null, 2));
    return cwd;
  }

  it("attaches consumers to CompatRun.contracts and reports the rule from COMPAT_RULES", async () => {
    const cwd = releasedAndChanged();
    const directory = fakeDirectory([consumer("crm", ["orders.email"]), consumer("billing", ["orders.amount"])]);
    const run = await runCompat({ cwd, paths: ["contracts"], base: "released", consumers: directory });
    expect(run.contracts[0]!.consumers!.map((i) => [i.consumer.productName, i.affected])).toEqual([
      ["crm", "yes"],
      ["billing", "no"],
    ]);
    expect(run.findings.find((f) => f.ruleId === CONSUMERS_RULE)).toMatchObject({ severity: "warning", file: "contracts/orders.json" });
    expect(COMPAT_RULES.find((r) => r.id === CONSUMERS_RULE)).toMatchObject({ defaultSeverity: "warning", stage: "catalog" });

    const without = await runCompat({ cwd, paths: ["contracts"], base: "released" });
    expect(without.contracts[0]!.consumers).toBeUndefined();
    expect(without.findings.some((f) => f.ruleId === CONSUMERS_RULE)).toBe(false);
  });

  it("keeps each document's verdict when the directory cannot be read (CompatStoppedError), as the findings are kept", async () => {
    const cwd = releasedAndChanged();
    const unreachable: ConsumerDirectory = {
      consumersOf: async () => {
        throw new UsageError("cannot reach catalog git:/nowhere.git#main");
      },
      findings: async () => [],
    };
    const stopped = await runCompat({ cwd, paths: ["contracts"], base: "released", consumers: unreachable }).catch((error: unknown) => error);
    expect(stopped).toBeInstanceOf(CompatStoppedError);
    const { contracts, findings, mode } = stopped as CompatStoppedError;
    expect(mode).toBe("forward");
    expect(findings.map((f) => f.ruleId)).toContain("property-removed-optional");
    // The version verdict a JSON report lists under `contracts`, without the consumers it could not look up.
    expect(contracts.map((c) => [c.id, c.baseVersion, c.headVersion, c.requiredBump])).toEqual([["c-orders", "1.4.2", "2.0.0", "major"]]);
    expect(contracts[0]!.consumers).toBeUndefined();
  });
});

describe("consumer impact of a product's breaking change", () => {
  const product = (): Json => ({
    apiVersion: "v1.0.0",
    kind: "DataProduct",
    id: "p-shop",
    name: "shop",
    version: "1.4.0",
    status: "active",
    inputPorts: [{ name: "own_orders", version: "1.0.0", contractId: "c-orders" }],
    outputPorts: [
      { name: "orders", version: "1.0.0", contractId: "c-orders" },
      { name: "refunds", version: "1.0.0", contractId: "c-refunds" },
    ],
  });
  /** Consumers by contract id; the product's own input port on c-orders is among them, as the catalog lists it. */
  function directory(): ConsumerDirectory & { asked: string[] } {
    const byContract: Record<string, ContractConsumer[]> = {
      "c-orders": [consumer("billing"), consumer("shop", undefined, { productId: "p-shop", port: "own_orders" })],
      "c-refunds": [consumer("audit", ["refunds.amount"], { port: "refunds" })],
    };
    const asked: string[] = [];
    return {
      asked,
      async consumersOf(id: string) {
        asked.push(id);
        return byContract[id] ?? [];
      },
    };
  }
  async function compareProduct(head: Json, dir: ConsumerDirectory): Promise<{ reports: DocumentReport[]; findings: Finding[] }> {
    const [baseSide, headSide] = [side("v1.4.0", { "shop.json": product() }), side("HEAD", { "shop.json": head })];
    const result = compareSides(baseSide, headSide, { mode: "forward", config });
    return { reports: result.contracts, findings: await attachConsumers(result.contracts, dir, { base: baseSide, head: headSide, config }) };
  }

  it("lists the consumers of the contract a removed output port served, not the product's own input port", async () => {
    const head = product();
    head.version = "2.0.0";
    head.outputPorts = head.outputPorts.filter((p: Json) => p.name !== "refunds");
    const dir = directory();
    const { reports, findings } = await compareProduct(head, dir);
    expect(dir.asked).toEqual(["c-refunds"]);
    expect(reports[0]!.changes.map((c) => [c.kind, c.servedContracts])).toEqual([["output-port-removed", ["c-refunds"]]]);
    expect(reports[0]!.consumers).toEqual([{ consumer: consumer("audit", ["refunds.amount"], { port: "refunds" }), contractId: "c-refunds", affected: "yes", hits: [{ kind: "output-port-removed", element: "port refunds" }] }]);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ ruleId: CONSUMERS_RULE, severity: "warning", file: "shop.json", path: "/id" });
    expect(findings[0]!.message).toContain("Breaking changes to product shop (p-shop) reach 1 registered consumer (1 affected, 0 maybe, 0 not): finance/audit 1.0.0 (input port refunds; audit-team, #audit) is affected: it reads contract c-refunds, which output-port-removed (port refunds) breaks.");
    expect(renderChangelog(reports)).toContain("| finance/audit 1.0.0 | audit-team, \\#audit | `refunds` (1.4.2) | **yes** | contract `c-refunds`, broken by `output-port-removed` (port refunds) |");
  });

  it("lists the consumers of every output port's contract when the product is retired without a deprecated release", async () => {
    const head = product();
    head.version = "2.0.0";
    head.status = "retired";
    const dir = directory();
    const { reports } = await compareProduct(head, dir);
    expect(dir.asked).toEqual(["c-orders", "c-refunds"]);
    expect(reports[0]!.consumers!.map((i) => [i.consumer.productName, i.contractId, i.hits.map((h) => h.kind)])).toEqual([
      ["audit", "c-refunds", ["product-removed"]],
      ["billing", "c-orders", ["product-removed"]],
    ]);
  });

  it("looks up nothing for a product change that breaks no one (a port added, the documented retirement)", async () => {
    const added = product();
    added.version = "1.5.0";
    added.outputPorts.push({ name: "returns", version: "1.0.0", contractId: "c-returns" });
    const dir = directory();
    const { reports, findings } = await compareProduct(added, dir);
    expect(dir.asked).toEqual([]);
    expect(reports[0]!.consumers).toBeUndefined();
    expect(findings).toEqual([]);
  });
});

describe("consumer impact of the deprecation path (no major version)", () => {
  const now = new Date("2026-11-25");
  const deprecated = (until: string) => [{ property: "deprecated", value: until }];
  async function compareAt(base: Json, head: Json, directory: ConsumerDirectory) {
    const [baseSide, headSide] = [side("v1.4.2", { "orders.json": base }), side("HEAD", { "orders.json": head })];
    const result = compareSides(baseSide, headSide, { mode: "forward", config, now });
    return { reports: result.contracts, findings: await attachConsumers(result.contracts, directory, { base: baseSide, head: headSide, config }) };
  }

  it("tells the consumers still reading a column removed after its deprecation date, a minor change that breaks them", async () => {
    const base = baseContract();
    prop(base, "email").customProperties = deprecated("2026-06-30");
    const head = clone(base);
    head.version = "1.5.0";
    head.schema[0].properties = head.schema[0].properties.filter((p: Json) => p.name !== "email");
    const directory = fakeDirectory([consumer("billing", ["orders.amount"]), consumer("crm", ["orders.order_id", "orders.email"]), consumer("audit")]);
    const { reports, findings } = await compareAt(base, head, directory);
    expect(reports[0]).toMatchObject({ requiredBump: "minor", declaredBump: "minor" });
    // Those that read it, or may (declaring nothing); not those that declare other columns.
    expect(reports[0]!.consumers!.map((i) => [i.consumer.productName, i.affected])).toEqual([
      ["crm", "yes"],
      ["audit", "unknown"],
    ]);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ ruleId: CONSUMERS_RULE, severity: "warning", path: "/id" });
    expect(findings[0]!.message).toBe(
      "Contract orders (c-orders) removes what its deprecation announced (deprecated-element-removed), and 2 registered consumers still read it or may (1 affected, 1 maybe): finance/crm 1.0.0 (input port orders; crm-team, #crm) is affected: it reads orders.email (deprecated-element-removed); finance/audit 1.0.0 (input port orders; audit-team, #audit) may be affected: it declares no usedColumns on its input port, so it may read what changed. The removal went the documented way, so a minor version declares it, but a consumer still reading it breaks: check with their owners before merging.",
    );
    expect(renderChangelog(reports)).toContain("_yes_: a deprecation, the removal it announced, or the release withdrawn touches a column the consumer reads");
    // Nobody reads it: nothing to say, and no table.
    const unread = await compareAt(base, head, fakeDirectory([consumer("billing", ["orders.amount"])]));
    expect(unread.reports[0]!.consumers).toBeUndefined();
    expect(unread.findings).toEqual([]);
  });

  it("tells the consumers reading a column just deprecated, as a notice (info)", async () => {
    const base = baseContract();
    const head = clone(base);
    head.version = "1.5.0";
    prop(head, "email").customProperties = deprecated("2027-06-30");
    const { reports, findings } = await compareAt(base, head, fakeDirectory([consumer("crm", ["orders.email"]), consumer("audit"), consumer("billing", ["orders.amount"])]));
    expect(reports[0]!.consumers!.map((i) => [i.consumer.productName, i.affected])).toEqual([["crm", "yes"]]);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ ruleId: CONSUMERS_RULE, severity: "info" });
    expect(findings[0]!.message).toBe(
      "Contract orders (c-orders) deprecates what 1 registered consumer reads (element-deprecated): finance/crm 1.0.0 (input port orders; crm-team, #crm) is affected: it reads orders.email (element-deprecated). Tell their owners to move off it before its deprecation date.",
    );
  });

  it("tells every consumer of a released contract that went back to draft (status-withdrawn), with its own words", async () => {
    const base = baseContract();
    const head = clone(base);
    head.version = "1.5.0";
    head.status = "draft";
    const { reports, findings } = await compareAt(base, head, fakeDirectory([consumer("crm", ["orders.email"]), consumer("audit")]));
    expect(reports[0]).toMatchObject({ requiredBump: "minor", declaredBump: "minor" });
    // It concerns the whole contract: every consumer built on the release hears of it, whatever columns it reads.
    expect(reports[0]!.consumers!.map((i) => [i.consumer.productName, i.affected])).toEqual([
      ["audit", "yes"],
      ["crm", "yes"],
    ]);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ ruleId: CONSUMERS_RULE, severity: "warning", path: "/id" });
    expect(findings[0]!.message).toBe(
      "Contract orders (c-orders) went back from active to draft (status-withdrawn), and 2 registered consumers read it: finance/audit 1.0.0 (input port orders; audit-team, #audit) is affected: it reads the contract, and status-withdrawn concerns all of it; finance/crm 1.0.0 (input port orders; crm-team, #crm) is affected: it reads the contract, and status-withdrawn concerns all of it. Its status now tells them it may change without notice, and no date gives them time: agree it with their owners before merging, or keep this contract released and rework it under a new version.",
    );
    expect(renderChangelog(reports)).toContain("| **yes** | the whole contract (`status-withdrawn`) |");
  });

  it("tells the consumers of every contract a withdrawn product serves", async () => {
    const base: Json = { apiVersion: "v1.0.0", kind: "DataProduct", id: "p-shop", name: "shop", version: "1.4.0", status: "active", outputPorts: [{ name: "orders", version: "1.0.0", contractId: "c-orders" }] };
    const head = clone(base);
    head.version = "1.5.0";
    head.status = "proposed";
    const [baseSide, headSide] = [side("v1.4.0", { "shop.json": base }), side("HEAD", { "shop.json": head })];
    const result = compareSides(baseSide, headSide, { mode: "forward", config, now });
    const findings = await attachConsumers(result.contracts, fakeDirectory([consumer("billing")]), { base: baseSide, head: headSide, config });
    expect(result.contracts[0]!.consumers).toEqual([{ consumer: consumer("billing"), contractId: "c-orders", affected: "yes", hits: [{ kind: "status-withdrawn", element: "product" }] }]);
    expect(findings[0]!.message).toContain("Product shop (p-shop) went back from active to proposed (status-withdrawn), and 1 registered consumer reads it: finance/billing 1.0.0 (input port orders; billing-team, #billing) is affected: it reads contract c-orders, which status-withdrawn (product) concerns.");
  });

  it("tells the consumers of the contract a deprecated output port served, removed after its date", async () => {
    const base: Json = { apiVersion: "v1.0.0", kind: "DataProduct", id: "p-shop", name: "shop", version: "1.4.0", status: "active", outputPorts: [{ name: "orders", version: "1.0.0", contractId: "c-orders", customProperties: deprecated("2026-06-30") }, { name: "refunds", version: "1.0.0", contractId: "c-refunds" }] };
    const head = clone(base);
    head.version = "1.5.0";
    head.outputPorts = head.outputPorts.slice(1);
    const [baseSide, headSide] = [side("v1.4.0", { "shop.json": base }), side("HEAD", { "shop.json": head })];
    const result = compareSides(baseSide, headSide, { mode: "forward", config, now });
    const directory = fakeDirectory([consumer("billing")]);
    const findings = await attachConsumers(result.contracts, directory, { base: baseSide, head: headSide, config });
    expect(directory.asked).toEqual(["c-orders"]);
    expect(result.contracts[0]!.consumers).toEqual([{ consumer: consumer("billing"), contractId: "c-orders", affected: "yes", hits: [{ kind: "deprecated-element-removed", element: "port orders" }] }]);
    expect(findings[0]!.message).toContain("Product shop (p-shop) removes what its deprecation announced (deprecated-element-removed), and 1 registered consumer still reads it or may (1 affected, 0 maybe): finance/billing 1.0.0 (input port orders; billing-team, #billing) is affected: it reads contract c-orders, which deprecated-element-removed (port orders) concerns.");
    expect(renderChangelog(result.contracts)).toContain("| **yes** | contract `c-orders`, concerned by `deprecated-element-removed` (port orders) |");
  });
});
