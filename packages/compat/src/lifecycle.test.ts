import { type LoadedDocument, defaultConfig, loadText } from "@meshkit/core";
import { describe, expect, it } from "vitest";
import { renderChangelog } from "./changelog.js";
import { type CompareOptions, type Side, compareSides } from "./compare.js";
import { portVersionMove } from "./diff.js";
import { judgeVersion, judgedBump, suggestedVersion } from "./verdict.js";
import { type Json, baseContract, baseProduct, clone, prop } from "./test-support.js";

// Product and contract lifecycle (status, id, domain), output port versions, 0.x verdicts and malformed
// lists: what consumers of a released ODPS product or ODCS contract see, as provision and the catalog act on it.

const config = defaultConfig("/repo").compat;
const options = (overrides: Partial<CompareOptions> = {}): CompareOptions => ({ mode: "forward", config, now: new Date("2026-11-25"), ...overrides });

function side(label: string, docs: Record<string, Json>): Side {
  const documents: LoadedDocument[] = Object.entries(docs).flatMap(([file, value]) => loadText(file, JSON.stringify(value, null, 2)).documents);
  return { label, documents };
}

/** Compares one document with a changed copy of it: `[ruleId severity]` of every finding, and the report. */
function compare(base: Json, change: (doc: Json) => void, overrides: Partial<CompareOptions> = {}) {
  const head = clone(base);
  change(head);
  const result = compareSides(side("v1", { "doc.json": base }), side("head", { "doc.json": head }), options(overrides));
  return { found: result.findings.map((f) => `${f.ruleId} ${f.severity}`), result };
}

const withStatus = (doc: Json, status: string) => ({ ...clone(doc), status });

describe("status changes of a product or contract", () => {
  it.each([
    // from, to, version, kind, the bump it requires under forward
    ["active", "deprecated", "1.3.0", "element-deprecated", "minor"],
    ["active", "Deprecated", "1.3.0", "element-deprecated", "minor"],
    ["deprecated", "retired", "1.3.0", "deprecated-element-removed", "minor"],
    ["Deprecated", "RETIRED", "1.3.0", "deprecated-element-removed", "minor"],
    ["active", "retired", "2.0.0", "product-removed", "major"],
    ["active", "Retired", "2.0.0", "product-removed", "major"],
    ["draft", "retired", "2.0.0", "product-removed", "major"],
    ["proposed", "retired", "2.0.0", "product-removed", "major"],
    ["retired", "active", "1.3.0", "product-added", "minor"],
    ["retired", "deprecated", "1.3.0", "product-added", "minor"],
    ["active", "draft", "1.3.0", "status-withdrawn", "minor"],
    ["Active", "Proposed", "1.3.0", "status-withdrawn", "minor"],
    ["deprecated", "draft", "1.3.0", "status-withdrawn", "minor"],
    ["proposed", "draft", "1.2.1", "status-changed", "patch"],
    ["draft", "active", "1.2.1", "status-changed", "patch"],
    ["deprecated", "active", "1.2.1", "status-changed", "patch"],
    ["active", "Active", "1.2.1", "status-changed", "patch"],
    ["active", "sunset", "1.2.1", "status-changed", "patch"],
  ])("product %s → %s is %s (declared %s)", (from, to, version, kind, bump) => {
    const base = { ...withStatus(baseProduct(), from), version: "1.2.0" };
    const { found, result } = compare(base, (p) => Object.assign(p, { status: to, version }));
    expect(result.contracts[0]).toMatchObject({ requiredBump: bump, changes: [expect.objectContaining({ kind, path: "/status" })] });
    // The retirement of an active product keeps its version: a major one declares it, no error of its own.
    expect(found).toEqual([`${kind} ${bump === "major" ? "warning" : "info"}`]);
  });

  it("says a retirement without a deprecated release first is a removal, and what to do instead", () => {
    const { found, result } = compare({ ...baseContract(), version: "1.4.2" }, (c) => Object.assign(c, { status: "retired", version: "1.5.0" }));
    expect(found).toEqual(["contract-removed warning", "version-bump error"]);
    expect(result.findings[0]!.message).toMatch(/^Status changed from active to retired without a deprecated release first: to consumers the contract is gone .*Release it as `status: deprecated` first/);
    // Consumers of a retired contract lose all of it.
    expect(result.contracts[0]!.changes[0]!.touches).toEqual(["*"]);
  });

  it("treats a deleted document released with a status of another case as deprecated too", () => {
    const result = compareSides(side("v1", { "p.json": withStatus(baseProduct(), "Deprecated") }), side("head", {}), options());
    expect(result.findings.map((f) => `${f.ruleId} ${f.severity}`)).toEqual(["deprecated-element-removed info"]);
  });

  it("accepts active → deprecated → retired in a transitive mode: the retirement went the documented way", () => {
    const v1 = { ...baseProduct(), version: "1.0.0" };
    const v11 = { ...withStatus(v1, "deprecated"), version: "1.1.0" };
    const head = { ...withStatus(v1, "retired"), version: "1.2.0" };
    const result = compareSides(side("v1.1.0", { "p.json": v11 }), side("head", { "p.json": head }), options({ mode: "forward-transitive", history: [side("v1.0.0", { "p.json": v1 })] }));
    expect(result.findings.map((f) => `${f.ruleId} ${f.severity}`)).toEqual(["deprecated-element-removed info"]);
  });

  it("keeps accepting a retirement released after a deprecated release: active 1.0.0 → deprecated 1.1.0 → retired 1.2.0 → 1.2.1", () => {
    const v1 = { ...baseContract(), version: "1.0.0" };
    const v11 = { ...withStatus(v1, "deprecated"), version: "1.1.0" };
    const v12 = { ...withStatus(v1, "retired"), version: "1.2.0" };
    const head = { ...v12, version: "1.2.1", tags: ["sales", "retired"] };
    const history = [side("v1.0.0", { "c.json": v1 }), side("v1.1.0", { "c.json": v11 })];
    const result = compareSides(side("v1.2.0", { "c.json": v12 }), side("head", { "c.json": head }), options({ mode: "forward-transitive", history }));
    expect(result.findings.map((f) => `${f.ruleId} ${f.severity}`)).toEqual(["tags-changed info"]);
    expect(result.contracts[0]!.requiredBump).toBe("patch");
  });

  it("judges what a retirement after a deprecated release takes with it as nobody's break: deleting the document would be minor too", () => {
    // deprecated 1.1.0 → retired 1.2.0, its output ports (or a contract's columns) dropped in the same release.
    const product = { ...withStatus(baseProduct(), "deprecated"), version: "1.1.0" };
    const retired = compare(product, (p) => Object.assign(p, { status: "retired", version: "1.2.0", outputPorts: [] }));
    expect(retired.found).toEqual(["deprecated-element-removed info", "output-port-removed info"]);
    expect(retired.result.contracts[0]).toMatchObject({ requiredBump: "minor", declaredBump: "minor" });
    expect(retired.result.findings[1]!.message).toMatch(/ Requires a minor version bump: the product is retired, after a deprecated release, so no consumer reads it\.$/);
    // The changelog heads the group with the bump, as for every change.
    expect(renderChangelog(retired.result.contracts)).not.toMatch(/Requires/);
    const contract = { ...withStatus(baseContract(), "deprecated"), version: "1.5.0" };
    const dropped = compare(contract, (c) => {
      Object.assign(c, { status: "retired", version: "1.6.0" });
      c.schema[0].properties.splice(1, 1);
    });
    expect(dropped.found).toEqual(["deprecated-element-removed info", "property-removed-required info"]);
    // Already retired in the release: a change to it breaks nobody either (and still needs its bump, semver §3).
    const edited = compare({ ...product, status: "retired" }, (p) => Object.assign(p, { outputPorts: [] }));
    expect(edited.found).toEqual(["output-port-removed info", "version-bump error"]);
    expect(edited.result.contracts[0]).toMatchObject({ requiredBump: "minor" });
    // A transitive mode: nor against a release before the deprecation.
    const v1 = { ...baseProduct(), version: "1.0.0" };
    const transitive = compareSides(side("v1.1.0", { "p.json": product }), side("head", { "p.json": { ...withStatus(v1, "retired"), version: "1.2.0", outputPorts: [] } }), options({ mode: "forward-transitive", history: [side("v1.0.0", { "p.json": v1 })] }));
    expect(transitive.findings.map((f) => `${f.ruleId} ${f.severity}`)).toEqual(["deprecated-element-removed info", "output-port-removed info"]);
    // Retired without a deprecated release first: still a removal, and what it takes breaks consumers as before.
    const abrupt = compare({ ...baseProduct(), version: "1.0.0" }, (p) => Object.assign(p, { status: "retired", version: "2.0.0", outputPorts: [] }));
    expect(abrupt.found).toEqual(["product-removed warning", "output-port-removed warning"]);
  });

  it("lets a product's contracts go with it once it is retired after a deprecated release (provision leaves them out)", () => {
    const contract = { ...baseContract(), version: "1.4.2" };
    const deprecated = { ...withStatus(baseProduct(), "deprecated"), version: "2.1.0" };
    const retire = (product: Json, more: Record<string, Json> = {}) =>
      compareSides(side("v1", { "p.json": product, "c.json": contract }), side("head", { "p.json": { ...withStatus(product, "retired"), version: "2.2.0" }, ...more }), options());
    const found = (result: ReturnType<typeof compareSides>) => result.findings.map((f) => `${f.ruleId} ${f.severity}`);
    const withdrawn = retire(deprecated);
    expect(found(withdrawn)).toEqual(["deprecated-element-removed info", "deprecated-element-removed info"]);
    expect(withdrawn.findings[1]!.message).toMatch(/^Contract c-orders \(1\.4\.2, c\.json in v1\) is not in head; the product that served it \(p-orders\) is retired after a deprecated release, and provision leaves a retired product's contracts out, so no consumer reads it\. Requires a minor version bump under forward\.$/);
    expect(withdrawn.contracts.find((r) => r.id === "c-orders")).toMatchObject({ declaredBump: "removed", requiredBump: "minor" });
    // The product deleted too, after its deprecated release: the same.
    const bothGone = compareSides(side("v1", { "p.json": deprecated, "c.json": contract }), side("head", {}), options());
    expect(found(bothGone)).toEqual(["deprecated-element-removed info", "deprecated-element-removed info"]);
    // Retired without a deprecated release first: the contract's removal still breaks its consumers.
    expect(found(retire({ ...baseProduct(), version: "2.1.0" }))).toContain("contract-removed error");
    // Another product, not retired, still serves it: deleting the contract breaks that one's consumers.
    const other = { ...baseProduct(), id: "p-other", name: "other" };
    expect(found(retire(deprecated, { "o.json": other }))).toContain("contract-removed error");
    // A product released active that serves it too, even when retired now without notice.
    const twoServers = compareSides(
      side("v1", { "p.json": deprecated, "o.json": other, "c.json": contract }),
      side("head", { "p.json": { ...withStatus(deprecated, "retired"), version: "2.2.0" }, "o.json": { ...withStatus(other, "retired"), version: "3.0.0" } }),
      options(),
    );
    expect(found(twoServers)).toContain("contract-removed error");
    // A contract no product served is removed as before.
    const unserved = compareSides(side("v1", { "p.json": deprecated, "c.json": { ...contract, id: "c-unserved" } }), side("head", { "p.json": { ...withStatus(deprecated, "retired"), version: "2.2.0" } }), options());
    expect(found(unserved)).toContain("contract-removed error");
    // Retired in its file rather than deleted, with the product: the same, and what it drops goes with it.
    const retiredContract: Json = { ...withStatus(contract, "retired"), version: "1.5.0" };
    retiredContract.schema[0].properties.splice(1, 1);
    const together = retire(deprecated, { "c.json": retiredContract });
    expect(found(together)).toEqual(["deprecated-element-removed info", "deprecated-element-removed info", "property-removed-required info"]);
    expect(together.findings[1]!.message).toBe(
      "Status changed from active to retired: the product that served it (p-orders) is retired after a deprecated release, and provision leaves a retired product's contracts out, so no consumer reads it. Requires a minor version bump under forward.",
    );
    expect(together.findings[2]!.message).toMatch(/ Requires a minor version bump: the contract is retired, and the product that served it \(p-orders\) is retired after a deprecated release, .*so no consumer reads it\.$/);
    expect(together.contracts.find((r) => r.id === "c-orders")).toMatchObject({ requiredBump: "minor", declaredBump: "minor" });
    // Retired with a product retired without notice: still a removal.
    expect(found(retire({ ...baseProduct(), version: "2.1.0" }, { "c.json": retiredContract }))).toContain("contract-removed warning");
    // Only part of the head compared: a product the head does not answer for is not taken as deleted.
    const scoped = compareSides(side("v1", { "p.json": deprecated, "c.json": contract }), side("head", {}), options({ reportRemovals: (doc) => doc.file === "c.json" }));
    expect(found(scoped)).toEqual(["contract-removed error"]);
  });

  it("lets a contract go with the deprecated output port that served it, removed after its date in the same release", () => {
    const contract = { ...baseContract(), version: "1.4.2" };
    const deprecatedPort = (until: string) => ({ ...baseProduct(), version: "2.1.0", outputPorts: [{ ...baseProduct().outputPorts[0], customProperties: [{ property: "deprecated", value: until }] }, { name: "other", version: "1.0.0", contractId: "c-other", type: "tables" }] });
    const removePort = (product: Json, head: Record<string, Json> = {}) =>
      compareSides(side("v1", { "p.json": product, "c.json": contract }), side("head", { "p.json": { ...product, version: "2.2.0", outputPorts: product.outputPorts.slice(1) }, ...head }), options());
    const found = (result: ReturnType<typeof compareSides>) => result.findings.map((f) => `${f.ruleId} ${f.severity}`);
    // The documented path: the port was released deprecated, its date passed, and it goes with its contract.
    const together = removePort(deprecatedPort("2026-06-30"));
    expect(found(together)).toEqual(["deprecated-element-removed info", "deprecated-element-removed info"]);
    expect(together.findings.find((f) => f.file === "c.json")!.message).toBe(
      "Contract c-orders (1.4.2, c.json in v1) is not in head; the output port that served it (`orders` of p-orders) was removed after its deprecation date, so no consumer reads it. Requires a minor version bump under forward.",
    );
    expect(together.contracts.find((r) => r.id === "c-orders")).toMatchObject({ declaredBump: "removed", requiredBump: "minor" });
    // Retired in its file rather than deleted: the same.
    const retired = removePort(deprecatedPort("2026-06-30"), { "c.json": { ...withStatus(contract, "retired"), version: "1.5.0" } });
    expect(found(retired)).toEqual(["deprecated-element-removed info", "deprecated-element-removed info"]);
    // The date has not passed: the port's removal breaks its consumers, and so does the contract's.
    expect(found(removePort(deprecatedPort("2027-01-31")))).toEqual(["output-port-removed warning", "version-bump error", "contract-removed error"]);
    // The deprecated port is still there: it still serves the contract, whose deletion breaks its consumers.
    const kept = deprecatedPort("2026-06-30");
    expect(found(compareSides(side("v1", { "p.json": kept, "c.json": contract }), side("head", { "p.json": kept }), options()))).toEqual(["contract-removed error"]);
  });

  it("says an output port moved to the version of its contract that the change retires serves nothing, not new features", () => {
    const product: Json = { ...baseProduct(), version: "2.0.0" };
    const contract = (status: string, version: string) => ({ ...withStatus(baseContract(), status), version });
    // The port moved to `version`; the head's contract retired at `retiredAt` (the port's version unless said).
    const moveTo = (released: string, version: string, retiredAt = version) =>
      compareSides(
        side("v1", { "p.json": product, "c.json": contract(released, "1.4.2") }),
        side("head", { "p.json": { ...product, version: "2.1.0", outputPorts: [{ ...product.outputPorts[0], version }] }, "c.json": contract("retired", retiredAt) }),
        options(),
      );
    const portChanges = (result: ReturnType<typeof compareSides>) => result.contracts.find((r) => r.id === "p-orders")!.changes.map((c) => `${c.kind} ${c.requiredBump}`);
    // Retired without a deprecated release first: the port's data is gone, a break of the product's consumers too.
    const abrupt = moveTo("active", "1.5.0");
    expect(portChanges(abrupt)).toEqual(["output-port-changed major"]);
    expect(abrupt.findings.find((f) => f.file === "p.json" && f.ruleId === "output-port-changed")!.message).toBe(
      "Output port `orders` now serves version 1.5.0 of contract c-orders (was 1.4.2), which this version retires without a deprecated release first: the port serves nothing now (provision leaves retired contracts out). Requires a major version bump under forward.",
    );
    // A patch release of it too: not metadata.
    expect(portChanges(moveTo("active", "1.4.3"))).toEqual(["output-port-changed major"]);
    // Retired as its deprecated release announced: the documented way, a minor change.
    const announced = moveTo("deprecated", "1.5.0");
    expect(portChanges(announced)).toEqual(["deprecated-element-removed minor"]);
    expect(announced.findings.find((f) => f.file === "p.json")!.message).toMatch(/^Output port `orders` now serves version 1\.5\.0 of contract c-orders \(was 1\.4\.2\), which this version retires after its deprecated release: the port serves nothing now/);
    // A version the retired contract does not have (it retires at 1.5.0, the port names 1.6.0): not called retired.
    const elsewhere = moveTo("deprecated", "1.6.0", "1.5.0");
    expect(portChanges(elsewhere)).toEqual(["deprecated-element-removed minor"]);
    expect(elsewhere.findings.find((f) => f.file === "p.json")!.message).toMatch(/^Output port `orders` now serves version 1\.6\.0 of contract c-orders \(was 1\.4\.2\), a version the contract does not have: this change retires it at version 1\.5\.0 after its deprecated release: /);
    // The same version written with semver's `v` is that version.
    expect(moveTo("deprecated", "v1.5.0", "1.5.0").findings.find((f) => f.file === "p.json")!.message).toContain("(was 1.4.2), which this version retires after its deprecated release");
    // A contract that stays active: the upgrade it was.
    const active = compareSides(
      side("v1", { "p.json": product, "c.json": contract("active", "1.4.2") }),
      side("head", { "p.json": { ...product, version: "2.1.0", outputPorts: [{ ...product.outputPorts[0], version: "1.5.0" }] }, "c.json": contract("active", "1.5.0") }),
      options(),
    );
    expect(portChanges(active)).toEqual(["output-port-upgraded minor"]);
  });

  it("cuts the bump sentence off a change its contract's retirement with its products makes minor in the changelog, whole, when a product's id holds a dot", () => {
    const product = { ...withStatus(baseProduct(), "deprecated"), id: "sales.orders.v1", version: "2.1.0" };
    const contract = { ...baseContract(), version: "1.4.2" };
    const retiredContract: Json = { ...withStatus(contract, "retired"), version: "1.5.0" };
    retiredContract.schema[0].properties.splice(1, 1);
    const result = compareSides(
      side("v1", { "p.json": product, "c.json": contract }),
      side("head", { "p.json": { ...withStatus(product, "retired"), version: "2.2.0" }, "c.json": retiredContract }),
      options(),
    );
    const removed = result.findings.find((f) => f.ruleId.startsWith("property-removed"))!;
    expect(removed.message).toContain(" Requires a minor version bump: the contract is retired, and the product that served it (sales.orders.v1) is retired");
    const line = renderChangelog(result.contracts).split("\n").find((l) => l.includes("property-removed"))!;
    expect(line).toMatch(/^- `property-removed-required` Property `orders\.amount` \(required\) was removed\. \(was at c\.json:\d+ in v1\)$/);
  });

  it("names the line of a document removed from a file of several documents, where the file alone does not say which", () => {
    const text = (docs: Json[]) => docs.map((doc) => JSON.stringify(doc, null, 2)).join("\n---\n");
    const sideOf = (label: string, docs: Json[]): Side => ({ label, documents: loadText("all.yaml", text(docs)).documents });
    const contract = { ...baseContract(), version: "1.4.2" };
    const other = { ...contract, id: "c-other" };
    const result = compareSides(sideOf("v1", [contract, other, baseProduct()]), sideOf("head", [contract, baseProduct()]), options());
    const line = text([contract, other]).split("\n").findIndex((l) => l.includes('"id": "c-other"')) + 1;
    expect(line).toBeGreaterThan(20);
    expect(result.findings.map((f) => `${f.ruleId} ${f.file}:${f.line}`)).toEqual(["contract-removed all.yaml:1"]);
    expect(result.findings[0]!.message).toMatch(new RegExp(`^Contract c-other \\(1\\.4\\.2, all\\.yaml:${line} in v1\\) is not in head\\.`));
    // A file of one document: its name says where.
    const single = compareSides(side("v1", { "c.json": other }), side("head", {}), options());
    expect(single.findings[0]!.message).toMatch(/^Contract c-other \(1\.4\.2, c\.json in v1\) is not in head\./);
  });

  it("keeps accepting a property removed the documented way in an earlier release of the line (transitive)", () => {
    const v1 = { ...baseContract(), version: "1.0.0" };
    const v11 = { ...clone(v1), version: "1.1.0" };
    prop(v11, "email").customProperties = [{ property: "deprecated", value: "2020-01-01" }];
    const v12: Json = { ...clone(v11), version: "1.2.0" };
    v12.schema[0].properties = v12.schema[0].properties.filter((p: Json) => p.name !== "email");
    const head: Json = { ...clone(v12), version: "1.3.0" };
    head.schema[0].properties.push({ name: "note", logicalType: "string" });
    const history = [side("v1.0.0", { "c.json": v1 }), side("v1.1.0", { "c.json": v11 })];
    const result = compareSides(side("v1.2.0", { "c.json": v12 }), side("head", { "c.json": head }), options({ mode: "forward-transitive", history }));
    expect(result.findings.map((f) => `${f.ruleId} ${f.severity}`)).toEqual(["property-added-optional info"]);
    // Removed against 1.0.0 with no deprecated release in between, it still breaks readers of 1.0.0.
    const early = compareSides(side("v1.2.0", { "c.json": v12 }), side("head", { "c.json": head }), options({ mode: "forward-transitive", history: [side("v1.0.0", { "c.json": v1 })] }));
    expect(early.findings.map((f) => f.ruleId)).toContain("property-removed-optional");
  });
});

describe("id changes", () => {
  it("gives a product its own kind, with product wording", () => {
    const { found, result } = compare(baseProduct(), (p) => (p.id = "p-orders-2"));
    expect(found).toEqual(["product-id-changed error"]);
    expect(result.findings[0]!.message).toContain("this is a new product and the old one is gone");
    expect(result.findings[0]!.message).toContain("No version can declare it: keep the id (a new product gets a new file)");
    expect(result.contracts[0]).toMatchObject({ previousId: "p-orders", declaredBump: "new" });
  });

  it("keeps contract-id-changed for contracts", () => {
    expect(compare(baseContract(), (c) => (c.id = "c-orders-2")).found).toEqual(["contract-id-changed error"]);
  });

  it.each([
    ["product", baseProduct, "deprecated"],
    ["product", baseProduct, "Retired"],
    ["contract", baseContract, "deprecated"],
  ])("removes a %s released as %s the documented way when its id changes (deprecated-element-removed, minor)", (what, make, status) => {
    const { found, result } = compare(withStatus(make(), status), (d) => Object.assign(d, { id: "renamed", status: "active" }));
    expect(found).toEqual(["deprecated-element-removed info"]);
    expect(result.findings[0]!.message).toContain(`was released as ${status.toLowerCase()}`);
    expect(result.findings[0]!.message).toContain(`renamed is a new ${what}`);
    expect(result.findings[0]!.message).not.toContain("deprecate the old one first");
    expect(result.contracts[0]).toMatchObject({ requiredBump: "minor", previousId: make().id });
  });
});

describe("domain changes", () => {
  it("is a breaking move under forward and full (provision makes the tables in another schema and lake prefix)", () => {
    const product = { ...baseProduct(), domain: "sales", version: "1.2.0" };
    const { found, result } = compare(product, (p) => Object.assign(p, { domain: "finance", version: "1.3.0" }));
    expect(found).toEqual(["domain-changed warning", "version-bump error"]);
    expect(result.findings[0]!.message).toMatch(/^Domain changed from `sales` to `finance`: provision makes the product's tables in the new domain's schema/);
    expect(result.findings[1]!.message).toContain("make it 2.0.0");
    expect(compare(product, (p) => Object.assign(p, { domain: "finance", version: "1.3.0" }), { mode: "backward" }).found).toEqual(["domain-changed info"]);
  });

  it("is reported for a contract's domain too, and no longer as metadata", () => {
    const { result } = compare({ ...baseContract(), domain: "sales" }, (c) => Object.assign(c, { domain: "finance", version: "2.0.0" }));
    expect(result.contracts[0]!.changes.map((c) => c.kind)).toEqual(["domain-changed"]);
    expect(result.contracts[0]!.changes[0]!.touches).toEqual(["*"]);
  });
});

describe("output port versions", () => {
  it.each([
    ["1.4.2", "1.4.3", "patch"],
    ["1.4.2", "1.4.2+b7", "patch"],
    ["1.4.2", "1.5.0", "upgraded"],
    ["v1.4.2", "v1.5.0", "upgraded"],
    ["0.3.0", "0.3.1", "upgraded"],
    ["2.0.0-rc.1", "2.0.0", "patch"],
    ["1.4.2", "1.5.0-rc.1", "pre-release"],
    ["1.4.2", "1.4.3-rc.1", "pre-release"],
    ["1.4.2", "2.0.0", "line"],
    ["0.3.0", "0.4.0", "line"],
    ["0.0.3", "0.0.4", "line"],
    ["1.4.2", "1.3.0", "older"],
    ["latest", "stable", "incomparable"],
    ["1.4.2", "latest", "incomparable"],
    ["1.4", "2.0", "line"],
    // Numbers alone abbreviate a version (`1.4` is 1.4.0): ordered, and in the caret range's line, under 0.x too.
    ["1.4", "1.4.3", "patch"],
    ["1.4", "1.5.0-rc.1", "pre-release"],
    ["v1.4", "1.4.3-rc.1", "pre-release"],
    ["1.4", "1.5", "upgraded"],
    ["1.5.0", "1.2", "older"],
    ["01.4", "1.4.0", "patch"],
    ["0.3", "0.4", "line"],
    ["0.3", "0.3.1", "upgraded"],
    ["0.0.3", "0.0.4.1", "line"],
    ["0", "0.0.0", "patch"],
    ["0.0", "0.0.0", "patch"],
    ["0", "0.0.1", "line"],
    ["0.0", "0.1.0", "line"],
    // More than numbers (`1.4.x`): its numbers give only the line, as the caret range reads them.
    ["1.4.x", "1.5.0", "patch"],
    ["1.4.x", "2.0.0", "line"],
    ["0.3.x", "0.4.0", "line"],
    ["0.3.x", "0.3.2", "patch"],
    // A line written shorter than the caret range's (`0.x`, `0.0.x`) takes every version under it: 0.3.0 is no other major.
    ["0.x", "0.3.0", "patch"],
    ["0.x", "0.0.1", "patch"],
    ["0.0.x", "0.0.3", "patch"],
    ["0.0.x", "0.1.0", "line"],
    ["0.x", "1.0.0", "line"],
    // Only the released version's range counts: a port that now serves a wider line is another one to its consumers.
    ["0.3.0", "0.x", "line"],
    ["0.0.3", "0.0.x", "line"],
    ["0.0.x", "0.x", "line"],
    ["0.x", "0.0.x", "patch"],
    ["1.9.0", "1.10.0", "upgraded"],
    ["1.0.0-rc.1", "1.0.0-rc.2", "patch"],
    ["1.0.0-rc.1", "1.1.0-rc.1", "pre-release"],
    // Numbers beyond 2^53 (semver sets no limit) compared as written, not as doubles nor by the first number alone.
    ["0.9007199254740993.0", "0.9007199254740994.0", "line"],
    ["1.4.9007199254740993", "1.4.9007199254740992", "older"],
    ["1.9007199254740992.0", "1.9007199254740993.0", "upgraded"],
    ["1.0.0-rc.9007199254740993", "1.0.0-rc.9007199254740992", "older"],
  ])("%s → %s is %s", (before, after, move) => {
    expect(portVersionMove(before, after)).toBe(move);
  });

  it("makes a newer minor version of the port's contract a minor change, a pre-release a move outside the caret range", () => {
    const port = (version: string) => (p: Json) => Object.assign(p, { version: "1.4.0" }, { outputPorts: [{ ...p.outputPorts[0], version }] });
    const base = { ...baseProduct(), version: "1.3.0" };
    expect(compare(base, port("1.5.0")).result.contracts[0]).toMatchObject({ requiredBump: "minor", changes: [expect.objectContaining({ kind: "output-port-upgraded", path: "/outputPorts/0/version" })] });
    const pre = compare(base, port("1.5.0-rc.1")).result;
    expect(pre.contracts[0]!.changes.map((c) => c.kind)).toEqual(["output-port-changed"]);
    expect(pre.findings[0]!.message).toContain("version 1.4.2 → 1.5.0-rc.1 (a pre-release, outside ^1.4.2");
  });

  it("says versions that are not semver cannot be compared, instead of calling them another major version", () => {
    const base = { ...baseProduct(), outputPorts: [{ ...baseProduct().outputPorts[0], version: "latest" }] };
    const { result } = compare(base, (p) => Object.assign(p, { version: "3.0.0" }, { outputPorts: [{ ...p.outputPorts[0], version: "stable" }] }));
    const message = result.findings.find((f) => f.ruleId === "output-port-changed")!.message;
    expect(message).toContain('version latest → stable ("latest" and "stable" are not versions meshkit can compare');
    expect(message).not.toContain("another major version");
  });

  it("reads a port version written as numbers alone (`0.3`) by the caret range: another 0.x minor breaks consumers, an older one too", () => {
    const port = (before: string, after: string) => compare({ ...baseProduct(), outputPorts: [{ ...baseProduct().outputPorts[0], version: before }] }, (p) => Object.assign(p, { version: "1.0.1" }, { outputPorts: [{ ...p.outputPorts[0], version: after }] })).result;
    const zero = port("0.3", "0.4");
    expect(zero.contracts[0]).toMatchObject({ requiredBump: "major", changes: [expect.objectContaining({ kind: "output-port-changed", path: "/outputPorts/0/version" })] });
    expect(zero.findings.find((f) => f.ruleId === "output-port-changed")!.message).toContain("version 0.3 → 0.4 (another minor version under 0.x)");
    expect(port("1.5.0", "1.2").findings.find((f) => f.ruleId === "output-port-changed")!.message).toContain("version 1.5.0 → 1.2 (an older version of its contract)");
    expect(port("0.3", "0.3.1").contracts[0]!.changes.map((c) => c.kind)).toEqual(["output-port-upgraded"]);
  });
});

describe("0.x versions, read as semver's caret range reads them", () => {
  it("accepts a new minor version under 0.x for a breaking change (0.3.1 → 0.4.0), as the port rule does", () => {
    const base = { ...baseProduct(), version: "0.3.1" };
    const { found, result } = compare(base, (p) => Object.assign(p, { version: "0.4.0", outputPorts: [] }));
    expect(found).toEqual(["output-port-removed warning"]);
    expect(result.contracts[0]).toMatchObject({ declaredBump: "major", requiredBump: "major" });
  });

  it("warns when a breaking change stays in the 0.x line, naming the next minor version", () => {
    const { result } = compare({ ...baseProduct(), version: "0.3.1" }, (p) => Object.assign(p, { version: "0.3.2", outputPorts: [] }));
    expect(result.findings.find((f) => f.ruleId === "version-bump")).toMatchObject({ severity: "warning", message: expect.stringContaining("make it 0.4.0 (or 1.0.0, to declare it stable)") });
  });

  it("lets the next patch carry features under 0.x, and any bump from 0.0.z", () => {
    expect(judgeVersion("0.3.1", "0.3.2", "minor").severity).toBeUndefined();
    expect(judgeVersion("0.3.1", "0.3.2", "patch").severity).toBeUndefined();
    expect(judgeVersion("0.0.3", "0.0.4", "major").severity).toBeUndefined();
    expect(judgeVersion("0.0.3", "0.0.4", "patch").severity).toBeUndefined();
    expect(judgeVersion("0.3.1", "0.4.0", "patch")).toMatchObject({ severity: "info", message: expect.stringContaining("breaking (0.x) bump") });
    expect(judgedBump("0.3.1", "0.3.2")).toBe("minor");
    expect(judgedBump("0.3.1", "1.0.0")).toBe("major");
    expect(suggestedVersion("0.3.1", "major")).toBe("0.4.0");
    expect(suggestedVersion("0.3.1", "minor")).toBe("0.3.2");
    expect(suggestedVersion("0.0.3", "major")).toBe("0.0.4");
    expect(suggestedVersion("1.4.2", "major")).toBe("2.0.0");
  });
});

describe("lists written as something else (schema-invalid)", () => {
  it("says the head's outputPorts is not a list, at the field, and reports no port removed", () => {
    const { found, result } = compare(baseProduct(), (p) => Object.assign(p, { outputPorts: "orders" }));
    expect(found).toEqual(["compat-document-invalid error"]);
    expect(result.findings[0]).toMatchObject({ path: "/outputPorts", message: expect.stringMatching(/^`outputPorts` is a string, not a list as ODPS requires: the head document is schema-invalid here/) });
    expect(result.contracts[0]!.changes).toEqual([]);
  });

  it("warns about a released list that is not one, and reports no port added", () => {
    const base = { ...baseProduct(), outputPorts: { name: "orders" } };
    const { found } = compare(base, (p) => (p.outputPorts = baseProduct().outputPorts));
    expect(found).toEqual(["compat-document-invalid warning"]);
  });

  it("says a property's customProperties written as a mapping holds no marker it reads (a deprecation there is not one)", () => {
    const { found, result } = compare(baseContract(), (c) => (c.schema[0].properties[1].customProperties = { deprecated: "2020-01-01" }));
    expect(found).toEqual(["compat-document-invalid error"]);
    expect(result.findings[0]).toMatchObject({ path: "/schema/0/properties/1/customProperties", message: expect.stringMatching(/^`customProperties` is a mapping, not a list as ODCS requires/) });
  });

  it("says relationships written as a mapping, on an object or a property, and reports no foreign key removed or added", () => {
    const keyed = baseContract();
    keyed.schema[0].relationships = [{ from: "orders.order_id", to: "customers.customer_id" }];
    keyed.schema[0].properties[1].relationships = [{ to: "customers.customer_id" }];
    const { found, result } = compare(keyed, (c) => {
      c.schema[0].relationships = { from: "orders.order_id", to: "customers.customer_id" };
      c.schema[0].properties[1].relationships = { to: "customers.customer_id" };
    });
    expect(found).toEqual(["compat-document-invalid error", "compat-document-invalid error"]);
    expect(result.findings.map((f) => f.path)).toEqual(["/schema/0/relationships", "/schema/0/properties/1/relationships"]);
    expect(result.findings[0]!.message).toMatch(/^`relationships` is a mapping, not a list as ODCS requires/);
    // Released that way: a warning, and the head's keys are not reported added.
    const released = clone(keyed);
    released.schema[0].relationships = { from: "orders.order_id", to: "customers.customer_id" };
    expect(compare(released, (c) => (c.schema[0].relationships = keyed.schema[0].relationships)).found).toEqual(["compat-document-invalid warning"]);
  });

  it("reports no foreign key removed or added at one level while the object's other level writes its relationships as a mapping", () => {
    // Released on the property; the head moves it to the object but writes that list as a mapping: the key may be there.
    const onProperty = baseContract();
    onProperty.schema[0].properties[1].relationships = [{ to: "customers.customer_id" }];
    const moved = compare(onProperty, (c) => {
      delete c.schema[0].properties[1].relationships;
      c.schema[0].relationships = { from: "orders.amount", to: "customers.customer_id" };
    });
    expect(moved.found).toEqual(["compat-document-invalid error"]);
    // Released that way on the object; the head declares it on the property: not reported added.
    const released = baseContract();
    released.schema[0].relationships = { from: "orders.amount", to: "customers.customer_id" };
    const added = compare(released, (c) => {
      delete c.schema[0].relationships;
      c.schema[0].properties[1].relationships = [{ to: "customers.customer_id" }];
    });
    expect(added.found).toEqual(["compat-document-invalid warning"]);
  });

  it("still reports a property's foreign key removed or added while another property writes its relationships as a mapping", () => {
    // ODCS: a property-level key's `from` is that property, so `status`'s list cannot hold `amount`'s key.
    const released = baseContract();
    released.schema[0].properties[1].relationships = [{ to: "customers.customer_id" }];
    released.schema[0].properties[2].relationships = { to: "statuses.code" };
    const removed = compare(released, (c) => delete c.schema[0].properties[1].relationships);
    expect(removed.found).toContain("relationship-removed warning");
    expect(removed.result.findings.find((f) => f.ruleId === "relationship-removed")!.message).toContain("→ customers.customer_id of `orders.amount` was removed.");
    const unkeyed = clone(released);
    delete unkeyed.schema[0].properties[1].relationships;
    expect(compare(unkeyed, (c) => (c.schema[0].properties[1].relationships = [{ to: "customers.customer_id" }])).found).toContain("relationship-added info");
  });

  it("does the same for a contract's lists", () => {
    const { found, result } = compare(baseContract(), (c) => (c.schema[0].properties = { order_id: {} }));
    expect(found).toEqual(["compat-document-invalid error"]);
    expect(result.findings[0]!.path).toBe("/schema/0/properties");
  });
});

describe("schema objects and properties without a name (ODCS requires one)", () => {
  const messages = (result: ReturnType<typeof compare>["result"]) => result.findings.map((f) => f.message).join("\n");

  it("says the head's nameless object or property is schema-invalid, at it, instead of comparing it as `?`", () => {
    const { found, result } = compare(baseContract(), (c) => {
      c.schema.push({ properties: [] });
      c.schema[0].properties.push({ logicalType: "string" });
    });
    expect(found).toEqual(["compat-document-invalid error", "compat-document-invalid error"]);
    expect(result.findings.map((f) => f.path)).toEqual(["/schema/2", "/schema/0/properties/5"]);
    expect(result.findings[0]!.message).toMatch(/^An object has no `name`, which ODCS requires: the head document is schema-invalid here/);
    expect(result.findings[1]!.message).toMatch(/^A property of `orders` has no `name`, which ODCS requires/);
    expect(messages(result)).not.toContain("`?`");
    expect(result.contracts[0]!.changes).toEqual([]);
  });

  it("reports no removal for a property that lost its name: it may be the nameless one", () => {
    const { found } = compare(baseContract(), (c) => delete c.schema[0].properties[3].name);
    expect(found).toEqual(["compat-document-invalid error"]);
  });

  it("warns about a nameless element of the released version, reports no addition for it, and still compares the rest", () => {
    const base = baseContract();
    base.schema[0].properties[3].name = 42;
    const { found, result } = compare(base, (c) => {
      c.schema[0].properties[3].name = "email";
      c.schema[0].properties.splice(2, 1); // status: a real removal, still reported
      c.version = "2.0.0";
    });
    expect(found).toEqual(["compat-document-invalid warning", "property-removed-optional warning"]);
    expect(result.findings[0]).toMatchObject({ path: "/schema/0/properties", message: expect.stringMatching(/^A property of `orders` in the released version \(doc\.json:\d+ in v1\) has a `name` that is a number, not a string as ODCS requires/) });
  });

  it("leaves out a primary key one of whose columns has no name", () => {
    const { found } = compare(baseContract(), (c) => {
      delete c.schema[0].properties[0].name;
      c.schema[0].properties[1].primaryKey = true;
    });
    expect(found).toEqual(["compat-document-invalid error"]);
  });
});
