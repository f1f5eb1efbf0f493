import { type LoadedDocument, defaultConfig, loadText } from "@meshkit/core";
import { describe, expect, it } from "vitest";
import { renderChangelog } from "./changelog.js";
import { type CompareOptions, type Side, compareSides } from "./compare.js";
import { type Json, baseContract, baseProduct, clone } from "./test-support.js";

const config = defaultConfig("/repo").compat;
const options = (overrides: Partial<CompareOptions> = {}): CompareOptions => ({ mode: "forward", config, now: new Date("2026-11-25"), ...overrides });

/** The base contract at `version` (none: without one), its property `amount` `removed` or not. */
function versionedContract(version: string | undefined, removed: boolean): Json {
  const value: Json = { ...baseContract(), version };
  if (version === undefined) delete value.version;
  if (removed) value.schema[0].properties.splice(1, 1);
  return value;
}

/** A side from named documents, written as YAML-compatible JSON (one key per line, so lines are distinct). */
function side(label: string, docs: Record<string, Json>): Side {
  const documents: LoadedDocument[] = Object.entries(docs).flatMap(([file, value]) => loadText(file, JSON.stringify(value, null, 2)).documents);
  return { label, documents };
}

describe("compareSides", () => {
  it("matches contracts by id across a file move and reports nothing for an identical copy", () => {
    const result = compareSides(side("base", { "old/orders.json": baseContract() }), side("head", { "new/place.json": baseContract() }), options());
    expect(result.findings).toEqual([]);
    expect(result.contracts).toEqual([expect.objectContaining({ id: "c-orders", file: "new/place.json", declaredBump: "none", requiredBump: "none", changes: [] })]);
  });

  it("fails a breaking change declared as minor, pointing at the version and the change", () => {
    const head = baseContract();
    head.version = "1.5.0";
    head.schema[0].properties.splice(1, 1);
    const result = compareSides(side("origin/main", { "c.json": baseContract() }), side("HEAD", { "c.json": head }), options());
    const verdict = result.findings.find((f) => f.ruleId === "version-bump")!;
    expect(verdict).toMatchObject({ severity: "error", stage: "compat", path: "/version" });
    expect(verdict.message).toContain("2.0.0");
    const change = result.findings.find((f) => f.ruleId === "property-removed-required")!;
    expect(change.severity).toBe("warning");
    expect(change.message).toMatch(/was at c\.json:\d+ in origin\/main/);
    expect(result.contracts[0]).toMatchObject({ baseVersion: "1.4.2", headVersion: "1.5.0", declaredBump: "minor", requiredBump: "major" });
  });

  it("words each change's bump as the version-bump finding does: under 0.x breaking or compatible, not a major bump", () => {
    // What `meshkit init` scaffolds: a 0.1.0 contract. A removal there needs 0.2.0, not 1.0.0.
    const zero = (version: string, removed: boolean): Json => {
      const value: Json = { ...baseContract(), version };
      if (removed) value.schema[0].properties.splice(1, 1);
      return value;
    };
    const breaking = compareSides(side("b", { "c.json": zero("0.1.0", false) }), side("h", { "c.json": zero("0.1.0", true) }), options());
    expect(breaking.findings.find((f) => f.ruleId === "version-bump")!.message).toContain("make it 0.2.0");
    const change = breaking.findings.find((f) => f.ruleId === "property-removed-required")!;
    expect(change.message).toMatch(/ Requires a breaking \(0\.x\) version bump under forward\.$/);
    // The changelog heads the group with the bump and leaves the sentence out of the entry.
    expect(renderChangelog(breaking.contracts)).toContain("#### Breaking changes (0.x: breaking)");
    expect(renderChangelog(breaking.contracts)).not.toMatch(/Requires/);
    const described = zero("0.1.0", false);
    described.description = { purpose: "Orders, one row per order, as the shop sells them." };
    const compatible = compareSides(side("b", { "c.json": zero("0.1.0", false) }), side("h", { "c.json": described }), options());
    expect(compatible.findings.filter((f) => f.ruleId !== "version-bump").map((f) => f.message)).toEqual([expect.stringMatching(/ Requires a compatible \(0\.x\) version bump under forward\.$/)]);
    // A stable line keeps its words.
    const stable = compareSides(side("b", { "c.json": zero("1.0.0", false) }), side("h", { "c.json": zero("2.0.0", true) }), options());
    expect(stable.findings.find((f) => f.ruleId === "property-removed-required")!.message).toMatch(/ Requires a major version bump under forward\.$/);
  });

  it("words a new 0.x document's bump in the changelog as its added finding does: compatible (0.x), not minor", () => {
    // What `meshkit init product` adds to a released repository: a 0.1.0 product and contract.
    const product: Json = { ...baseProduct(), version: "0.1.0" };
    const contract: Json = { ...baseContract(), version: "0.1.0" };
    const result = compareSides(side("b", {}), side("h", { "p.json": product, "c.json": contract }), options());
    expect(result.findings.map((f) => f.message)).toEqual([
      expect.stringMatching(/^New product .* Requires a compatible \(0\.x\) version bump under forward\.$/),
      expect.stringMatching(/^New contract .* Requires a compatible \(0\.x\) version bump under forward\.$/),
    ]);
    const notes = renderChangelog(result.contracts);
    expect(notes).toContain("`c.json` — requires a **compatible** (0.x) bump.");
    expect(notes).toContain("`p.json` — requires a **compatible** (0.x) bump.");
    expect(notes).toContain("#### Features (0.x: compatible)");
    expect(notes).not.toMatch(/minor/);
    // A new stable document keeps the stable words.
    const stable = compareSides(side("b", {}), side("h", { "c.json": { ...baseContract(), version: "1.0.0" } }), options());
    expect(renderChangelog(stable.contracts)).toContain("`c.json` — requires a **minor** bump.");
  });

  it("words a 0.x bump the same in every message: a base read loosely (`0.1`), a head without a version or one it cannot read", () => {
    const zero = (version: string | undefined, removed: boolean, kind: "contract" | "product" = "contract"): Json => {
      const value: Json = kind === "contract" ? { ...baseContract(), version } : { ...baseProduct(), version, outputPorts: [...baseProduct().outputPorts, { name: "extra", version: "1.0.0", contractId: "c-extra" }] };
      if (version === undefined) delete value.version;
      if (removed && kind === "contract") value.schema[0].properties.splice(1, 1);
      if (removed && kind === "product") value.outputPorts.pop();
      return value;
    };
    const messages = (base: Json, head: Json) => compareSides(side("b", { "c.json": base }), side("h", { "c.json": head }), options());
    // `0.1` is read as 0.1.0 by the verdict: the change and the changelog read it so too.
    const loose = messages(zero("0.1", false), zero("0.1.1", true));
    expect(loose.findings.find((f) => f.ruleId === "version-bump")!.message).toContain("The changes require a breaking (0.x) bump, but 0.1.0 → 0.1.1 is a compatible (0.x) bump; make it 0.2.0");
    expect(loose.findings.find((f) => f.ruleId === "property-removed-required")!.message).toMatch(/ Requires a breaking \(0\.x\) version bump under forward\.$/);
    const notes = renderChangelog(loose.contracts);
    expect(notes).toContain("requires a **breaking** (0.x) bump, declared a compatible (0.x) bump.");
    expect(notes).toContain("#### Breaking changes (0.x: breaking)");
    // A head version meshkit cannot read, or none at all, is told the 0.x bump with the 0.x version to write.
    const unreadable = messages(zero("0.1.0", false), zero("0.2", true));
    expect(unreadable.findings.find((f) => f.ruleId === "version-bump")!.message).toMatch(/The changes require a breaking \(0\.x\) bump; make it 0\.2\.0\.$/);
    const unversioned = messages(zero("0.3.0", false, "product"), zero(undefined, true, "product"));
    expect(unversioned.findings.find((f) => f.ruleId === "version-bump")!.message).toContain("the changes require a breaking (0.x) bump; add `version: 0.4.0`.");
    expect(unversioned.findings.find((f) => f.ruleId === "output-port-removed")!.message).toMatch(/ Requires a breaking \(0\.x\) version bump under forward\.$/);
    // A stable line keeps its words.
    expect(messages(zero("1.0.0", false), zero("1.1", true)).findings.find((f) => f.ruleId === "version-bump")!.message).toMatch(/The changes require a major bump; make it 2\.0\.0\.$/);
  });

  it("names in the json the version that carries the required bump, so a 0.x `major` reads as the next minor version", () => {
    const report = (base: string | undefined, head: string | undefined, removed = true) => compareSides(side("b", { "c.json": versionedContract(base, false) }), side("h", { "c.json": versionedContract(head, removed) }), options()).contracts[0];
    // `requiredBump: major` alone reads as 1.0.0; under 0.x the caret range puts a breaking change in the next minor version.
    expect(report("0.3.1", "0.3.2")).toMatchObject({ requiredBump: "major", requiredVersion: "0.4.0" });
    expect(report("0.0.3", "0.0.4")).toMatchObject({ requiredBump: "major", requiredVersion: "0.0.4" });
    expect(report("1.4.2", "1.5.0")).toMatchObject({ requiredBump: "major", requiredVersion: "2.0.0" });
    expect(report("1.3.0-rc.1", "1.3.0")).toMatchObject({ requiredBump: "major", requiredVersion: "2.0.0" });
    // A base read loosely (`0.1`) as the verdict reads it; none to name without a change or a base version.
    expect(report("0.1", "0.1.1")).toMatchObject({ requiredVersion: "0.2.0" });
    expect(report("1.4.2", "1.4.2", false)).not.toHaveProperty("requiredVersion");
    expect(report(undefined, "1.0.0")).not.toHaveProperty("requiredVersion");
  });

  it("reads a released `0.1` as 0.1.0 when the head drops its version too: the version to add, the 0.x words, the json and the changelog", () => {
    const result = compareSides(side("b", { "c.json": versionedContract("0.1", false) }), side("h", { "c.json": versionedContract(undefined, true) }), options());
    expect(result.findings.find((f) => f.ruleId === "version-bump")!.message).toBe(
      "contract c-orders: There is no `version`, so consumers cannot see that it changed: the changes require a breaking (0.x) bump; add `version: 0.2.0` (the released version 0.1 is not semver; read as 0.1.0).",
    );
    expect(result.findings.find((f) => f.ruleId === "property-removed-required")!.message).toMatch(/ Requires a breaking \(0\.x\) version bump under forward\.$/);
    expect(result.contracts[0]).toMatchObject({ baseVersion: "0.1", headVersion: "unversioned", requiredBump: "major", requiredVersion: "0.2.0" });
    expect(renderChangelog(result.contracts)).toContain("requires a **breaking** (0.x) bump, but no bump can be read from its versions.");
    // A base that cannot be read even loosely still names no version.
    const latest = compareSides(side("b", { "c.json": versionedContract("latest", false) }), side("h", { "c.json": versionedContract(undefined, true) }), options());
    expect(latest.findings.find((f) => f.ruleId === "version-bump")!.message).toContain("add `version: <a higher version>`.");
    expect(latest.contracts[0]).not.toHaveProperty("requiredVersion");
  });

  it("points a removal at the key of the list it left, not at the list's first item (another element)", () => {
    const yamlSide = (label: string, text: string): Side => ({ label, documents: loadText("p.yaml", text).documents });
    const product = (ports: string) => `apiVersion: v1.0.0\nkind: DataProduct\nid: p-orders\nstatus: active\nversion: 1.0.0\noutputPorts:\n  - name: out-a\n    version: 1.0.0\n    contractId: c-a\n${ports}`;
    const ports = compareSides(yamlSide("base", product("  - name: out-b\n    version: 1.0.0\n    contractId: c-b\n")), yamlSide("head", product("")), options());
    expect(ports.findings.find((f) => f.ruleId === "output-port-removed")).toMatchObject({ line: 6, column: 1 });
    const contract = (properties: string) =>
      `apiVersion: v3.1.0\nkind: DataContract\nid: c-orders\nstatus: active\nversion: 1.0.0\nschema:\n  - name: orders\n    properties:\n      - name: id\n        logicalType: integer\n${properties}`;
    const columns = compareSides(yamlSide("base", contract("      - name: note\n        logicalType: string\n")), yamlSide("head", contract("")), options());
    expect(columns.findings.find((f) => f.ruleId === "property-removed-optional")).toMatchObject({ line: 8, column: 5 });
  });

  it("shows a version YAML reads as a number as written (1.0, not 1), in the verdict, the report and a new document", () => {
    const head = baseContract();
    head.schema[0].properties.splice(1, 1);
    const yamlHead = (id: string) => JSON.stringify({ ...head, id }, null, 2).replace('"version": "1.4.2"', '"version": 1.0');
    const headSide: Side = { label: "head", documents: [...loadText("c.json", yamlHead("c-orders")).documents, ...loadText("n.json", yamlHead("c-new")).documents] };
    const result = compareSides(side("base", { "c.json": baseContract() }), headSide, options());
    expect(result.findings.find((f) => f.ruleId === "version-bump")!.message).toContain("1.4.2 → 1.0:");
    expect(result.findings.find((f) => f.ruleId === "contract-added")!.message).toContain("at version 1.0;");
    expect(result.contracts.map((c) => c.headVersion)).toEqual(["1.0", "1.0"]);
    // A released 1.0 is judged as 1.0.0: the report's declared bump is that judgement's.
    const released = JSON.stringify(baseContract(), null, 2).replace('"version": "1.4.2"', '"version": 1.0');
    const fromLoose = compareSides({ label: "base", documents: loadText("c.json", released).documents }, side("head", { "c.json": { ...baseContract(), version: "1.1.0" } }), options());
    expect(fromLoose.contracts[0]).toMatchObject({ baseVersion: "1.0", headVersion: "1.1.0", declaredBump: "minor" });
  });

  it("judges a product's v-prefixed version (ODPS's own example writes v1.0.0) as the semver after the v; a contract's stays exact", () => {
    const product = (version: string, ports: Json[]) => ({ ...baseProduct(), version, outputPorts: ports });
    const port = baseProduct().outputPorts[0];
    const added = { ...port, name: "refunds", contractId: "c-refunds" };
    const minor = compareSides(side("b", { "p.json": product("v2.0.0", [port]) }), side("h", { "p.json": product("v2.1.0", [port, added]) }), options());
    expect(minor.findings.filter((f) => f.ruleId === "version-bump")).toEqual([]);
    expect(minor.contracts[0]).toMatchObject({ baseVersion: "v2.0.0", headVersion: "v2.1.0", declaredBump: "minor", requiredBump: "minor" });
    const under = compareSides(side("b", { "p.json": product("v2.0.0", [port, added]) }), side("h", { "p.json": product("v2.0.1", [port]) }), options());
    // Shown as the product writes its versions, and the version to make it with the same `v`.
    expect(under.findings.find((f) => f.ruleId === "version-bump")).toMatchObject({ severity: "error", message: expect.stringContaining("but v2.0.0 → v2.0.1 is a patch bump; make it v3.0.0.") });
    const zero = compareSides(side("b", { "p.json": product("v0.3.1", [port, added]) }), side("h", { "p.json": product("v0.3.2", [port]) }), options());
    expect(zero.findings.find((f) => f.ruleId === "version-bump")!.message).toContain("v0.3.1 → v0.3.2 is a compatible (0.x) bump; make it v0.4.0 (or v1.0.0, to declare it stable)");
    const mixed = compareSides(side("b", { "p.json": product("v2.0.0", [port, added]) }), side("h", { "p.json": product("2.0.1", [port]) }), options());
    expect(mixed.findings.find((f) => f.ruleId === "version-bump")!.message).toContain("but v2.0.0 → 2.0.1 is a patch bump; make it 3.0.0.");
    // A head version that cannot be judged: the version to write keeps the released one's `v`, and the
    // message does not forbid the `v` it was judged with.
    const unreadable = compareSides(side("b", { "p.json": product("v2.0.0", [port, added]) }), side("h", { "p.json": product("2.1", [port]) }), options());
    expect(unreadable.findings.find((f) => f.ruleId === "version-bump")!.message).toContain("Cannot judge the version change v2.0.0 → 2.1: both must be semver 2.0.0 versions (MAJOR.MINOR.PATCH, optionally after a `v`, no leading zeros). The changes require a major bump; make it v3.0.0.");
    const contract: Json = { ...baseContract(), version: "v1.5.0" };
    contract.schema[0].properties.splice(1, 1);
    const exact = compareSides(side("b", { "c.json": { ...baseContract(), version: "v1.4.2" } }), side("h", { "c.json": contract }), options());
    expect(exact.findings.find((f) => f.ruleId === "version-bump")!.message).toMatch(/Cannot judge the version change v1\.4\.2 → v1\.5\.0/);
    expect(exact.findings.find((f) => f.ruleId === "version-bump")!.message).toContain("(MAJOR.MINOR.PATCH, no `v` prefix or leading zeros)");
  });

  it("judges a product without a version (optional in ODPS): giving it one passes, changing it without one or dropping it names the version to add", () => {
    const port = baseProduct().outputPorts[0];
    const described = { ...port, description: "Orders, one row per order" };
    const product = (version: string | undefined, ports: Json[]) => {
      const value: Json = { ...baseProduct(), outputPorts: ports };
      if (version === undefined) delete value.version;
      else value.version = version;
      return value;
    };
    const verdictOf = (base: Json, head: Json) => {
      const result = compareSides(side("b", { "p.json": base }), side("h", { "p.json": head }), options());
      return { verdict: result.findings.find((f) => f.ruleId === "version-bump"), report: result.contracts[0] };
    };
    const neither = verdictOf(product(undefined, [port]), product(undefined, [described]));
    expect(neither.verdict).toMatchObject({ severity: "error", message: expect.stringContaining("There is no `version`") });
    expect(neither.verdict!.message).toContain("add `version: 1.0.0`");
    expect(neither.verdict!.message).not.toContain("undefined");
    expect(neither.report).toMatchObject({ baseVersion: "unversioned", headVersion: "unversioned", requiredBump: "patch" });
    const first = verdictOf(product(undefined, [port]), product("1.0.0", [described]));
    expect(first.verdict).toMatchObject({ severity: "info", message: expect.stringContaining("Versioned from now on, as 1.0.0") });
    const dropped = verdictOf(product("1.2.0", [port]), product(undefined, [described]));
    expect(dropped.verdict).toMatchObject({ severity: "error", message: expect.stringContaining("add `version: 1.2.1`") });
    expect(verdictOf(product(undefined, [port]), product(undefined, [port]))).toMatchObject({ verdict: undefined, report: { declaredBump: "none", requiredBump: "none" } });
  });

  it("accepts the same change with a major bump, and under backward mode with a minor one", () => {
    const head = baseContract();
    head.version = "2.0.0";
    head.schema[0].properties.splice(1, 1);
    const major = compareSides(side("b", { "c.json": baseContract() }), side("h", { "c.json": head }), options());
    expect(major.findings.filter((f) => f.severity === "error")).toEqual([]);
    head.version = "1.5.0";
    const backward = compareSides(side("b", { "c.json": baseContract() }), side("h", { "c.json": head }), options({ mode: "backward" }));
    expect(backward.findings.filter((f) => f.severity === "error")).toEqual([]);
  });

  it("applies meshkit.yaml ignores and per-kind severities", () => {
    const head = baseContract();
    head.version = "1.5.0";
    head.schema[0].properties.splice(1, 1);
    const ignored = compareSides(side("b", { "c.json": baseContract() }), side("h", { "c.json": head }), options({ config: { ...config, ignore: [{ kind: "property-removed-required", path: "orders.*", reason: "migrated" }] } }));
    // The accepted removal leaves nothing that needs the minor bump: only an info about it.
    expect(ignored.findings.map((f) => `${f.ruleId} ${f.severity}`)).toEqual(["version-bump info"]);
    const strict = compareSides(side("b", { "c.json": baseContract() }), side("h", { "c.json": head }), options({ config: { ...config, rules: { "property-removed-required": "error" } } }));
    expect(strict.findings.find((f) => f.ruleId === "property-removed-required")).toMatchObject({
      severity: "error",
      message: expect.stringMatching(/Requires a major version bump under forward\. meshkit\.yaml's compat\.rules make property-removed-required an error whatever the version says; compat\.ignore accepts this change, with its reason\.$/),
    });
  });

  it("reports new, removed and re-identified documents", () => {
    const moved = baseContract();
    moved.id = "c-orders-v2";
    const result = compareSides(side("b", { "c.json": baseContract(), "p.json": baseProduct() }), side("h", { "c.json": moved, "n.json": { ...baseProduct(), id: "p-new" } }), options());
    expect(result.findings.map((f) => `${f.ruleId} ${f.file}`).sort()).toEqual(["contract-id-changed c.json", "product-added n.json", "product-removed p.json"]);
  });

  it("says a product whose id changed is a new product, not a new contract", () => {
    const result = compareSides(side("b", { "p.json": baseProduct() }), side("h", { "p.json": { ...baseProduct(), id: "p-orders-v2" } }), options());
    // No version verdict carries it (the product under the old id is gone): the change fails the run itself.
    expect(result.findings.map((f) => `${f.ruleId} ${f.severity}`)).toEqual(["product-id-changed error"]);
    expect(result.findings[0]!.message).toContain("No version can declare it: keep the id");
    expect(result.findings[0]!.message).toContain("so this is a new product and the old one is gone");
    expect(result.contracts[0]).toMatchObject({ kind: "DataProduct", previousId: "p-orders", requiredBump: "major" });
  });

  it("fails a deleted active contract or product (no version can declare it), names what to do, and lets an ignore entry accept it", () => {
    const gone = compareSides(side("b", { "c.json": baseContract(), "p.json": baseProduct() }), side("h", {}), options());
    expect(gone.findings.map((f) => `${f.ruleId} ${f.severity}`)).toEqual(["contract-removed error", "product-removed error"]);
    expect(gone.findings[0]!.message).toContain("release it as `status: deprecated` (or retired) first, then delete it");
    const backward = compareSides(side("b", { "c.json": baseContract() }), side("h", {}), options({ mode: "backward" }));
    expect(backward.findings.map((f) => `${f.ruleId} ${f.severity}`)).toEqual(["contract-removed info"]);
    const ignored = compareSides(side("b", { "c.json": baseContract() }), side("h", {}), options({ config: { ...config, ignore: [{ kind: "contract-removed", contract: "c-orders", reason: "moved to the sales repo" }] } }));
    expect(ignored.findings).toEqual([]);
  });

  it("points a removed document's finding at the head file's start, not at the base document's line", () => {
    // The base file opens with comments and holds two contracts; the head keeps only the first, or empties the file.
    const base = `# orders\n# two contracts\n${JSON.stringify(baseContract())}\n---\n${JSON.stringify({ ...baseContract(), id: "c-refunds" })}\n`;
    const baseSide: Side = { label: "b", documents: loadText("c.yaml", base).documents };
    const emptied = compareSides(baseSide, { label: "h", documents: loadText("c.yaml", "\n").documents }, options());
    expect(emptied.findings.filter((f) => f.ruleId === "contract-removed").map((f) => [f.file, f.line, f.column])).toEqual([
      ["c.yaml", 1, 1],
      ["c.yaml", 1, 1],
    ]);
    const kept = compareSides(baseSide, side("h", { "c.yaml": baseContract() }), options());
    expect(kept.findings.map((f) => [f.ruleId, f.line, f.column])).toEqual([["contract-removed", 1, 1]]);
    expect(kept.contracts.find((c) => c.id === "c-refunds")!.changes[0]).toMatchObject({ line: 1, column: 1 });
  });

  it("says when the file still holds the contract, its id deleted or not text, and points there", () => {
    const withoutId = { ...baseContract(), id: undefined };
    const gone = compareSides(side("b", { "c.json": baseContract() }), side("h", { "c.json": JSON.parse(JSON.stringify(withoutId)) }), options());
    expect(gone.findings.map((f) => `${f.ruleId} ${f.file}`)).toEqual(["contract-removed c.json"]);
    expect(gone.findings[0]!.message).toContain("is not in h: c.json holds a contract without an `id`, and compat matches documents by id; write `id: c-orders` again.");
    const listed = compareSides(side("b", { "c.json": baseContract() }), side("h", { "c.json": { ...baseContract(), id: ["c-orders"] } }), options());
    expect(listed.findings[0]!.message).toContain("c.json holds a contract whose `id` is not text");
  });

  it("lets a retired contract go with a minor change", () => {
    const retired = { ...baseContract(), status: "retired" };
    const result = compareSides(side("b", { "c.json": retired }), side("h", {}), options());
    expect(result.findings.map((f) => f.ruleId)).toEqual(["deprecated-element-removed"]);
  });

  it("refuses to compare ids used twice on one side", () => {
    const result = compareSides(side("b", { "c.json": baseContract() }), side("h", { "a.json": baseContract(), "b.json": baseContract() }), options());
    expect(result.findings.map((f) => f.ruleId)).toEqual(["compat-duplicate-id"]);
    expect(result.contracts).toEqual([]);
    // The same files on both sides (`--base .`): each duplicate said once, not once per side.
    const files = { "a.json": baseContract(), "b.json": baseContract() };
    const same = compareSides(side("b", files), side("h", files), options());
    expect(same.findings.map((f) => `${f.ruleId} ${f.file}`)).toEqual(["compat-duplicate-id b.json"]);
    // A duplicate only the base has is still reported.
    expect(compareSides(side("b", files), side("h", { "a.json": baseContract() }), options()).findings.map((f) => f.ruleId)).toContain("compat-duplicate-id");
  });

  it("transitive modes also compare with earlier releases of the same major version", () => {
    const v140 = baseContract();
    v140.version = "1.4.0";
    const v141 = clone(v140);
    v141.version = "1.4.1";
    v141.schema[0].properties.push({ name: "coupon", logicalType: "string" });
    // The head drops a column both releases have: breaking against each.
    const head = clone(v141);
    head.version = "1.5.0";
    head.schema[0].properties = head.schema[0].properties.filter((p: Json) => p.name !== "status");
    const history = [side("v1.4.0", { "c.json": v140 })];
    const plain = compareSides(side("v1.4.1", { "c.json": v141 }), side("HEAD", { "c.json": head }), options({ mode: "forward" }));
    const transitive = compareSides(side("v1.4.1", { "c.json": v141 }), side("HEAD", { "c.json": head }), options({ mode: "forward-transitive", history }));
    expect(plain.contracts[0]!.requiredBump).toBe("major");
    expect(transitive.contracts[0]!.requiredBump).toBe("major");
    // A column only 1.4.0 had: the head is compatible with 1.4.1 but not with 1.4.0.
    const head2 = clone(v141);
    head2.version = "1.5.0";
    const v140b = clone(v140);
    v140b.schema[0].properties.push({ name: "legacy", logicalType: "string" });
    const t2 = compareSides(side("v1.4.1", { "c.json": v141 }), side("HEAD", { "c.json": head2 }), options({ mode: "forward-transitive", history: [side("v1.4.0", { "c.json": v140b })] }));
    expect(t2.contracts[0]!.changes.map((c) => `${c.kind} ${c.against}`)).toContain("property-removed-optional v1.4.0");
    expect(t2.findings.find((f) => f.ruleId === "version-bump")!.severity).toBe("error");
  });

  it("judges no older release for a head that is the base as released: a push or pull request that leaves the contract alone", () => {
    // 1.4.1 dropped `legacy`, which 1.4.0 had: that break was released with 1.4.1.
    const v140 = baseContract();
    v140.version = "1.4.0";
    v140.schema[0].properties.push({ name: "legacy", logicalType: "string" });
    const v141 = baseContract();
    v141.version = "1.4.1";
    const history = [side("v1.4.0", { "c.json": v140 })];
    const unchanged = compareSides(side("v1.4.1", { "c.json": v141 }), side("HEAD", { "c.json": clone(v141) }), options({ mode: "forward-transitive", history }));
    expect(unchanged.findings).toEqual([]);
    expect(unchanged.contracts[0]).toMatchObject({ declaredBump: "none", requiredBump: "none", changes: [] });
    // A new release (another version, or a change) is held to 1.4.0 again, as the mode says.
    const released = clone(v141);
    released.version = "1.4.2";
    const next = compareSides(side("v1.4.1", { "c.json": v141 }), side("HEAD", { "c.json": released }), options({ mode: "forward-transitive", history }));
    expect(next.contracts[0]!.changes.map((c) => `${c.kind} ${c.against}`)).toEqual(["property-removed-optional v1.4.0"]);
    expect(next.findings.find((f) => f.ruleId === "version-bump")).toMatchObject({ severity: "error", message: expect.stringContaining("make it 2.0.0") });
  });

  it("holds the head only to earlier stable releases of the base's line: not pre-releases, later tags, or another 0.x line", () => {
    const withLegacy = (version: string) => {
      const doc = baseContract();
      doc.version = version;
      doc.schema[0].properties.push({ name: "legacy", logicalType: "string" });
      return doc;
    };
    const base = baseContract();
    base.version = "2.0.0";
    const head = clone(base);
    head.version = "2.1.0";
    const against = (baseVersion: string, headVersion: string, older: string) => {
      const b = clone(base);
      b.version = baseVersion;
      const h = clone(head);
      h.version = headVersion;
      const result = compareSides(side(`v${baseVersion}`, { "c.json": b }), side("HEAD", { "c.json": h }), options({ mode: "forward-transitive", history: [side(`v${older}`, { "c.json": withLegacy(older) })] }));
      return result.contracts[0]!.changes.map((c) => c.kind);
    };
    // A pre-release of the base's version (§9, §11: 2.0.0-rc.1 < 2.0.0, no promise) is not held to.
    expect(against("2.0.0", "2.1.0", "2.0.0-rc.1")).toEqual([]);
    // A later release (another branch's 1.1.0, for a maintenance release from 1.0.0) is no history of this one.
    expect(against("1.0.0", "1.0.1", "1.1.0")).toEqual([]);
    // 0.1 → 0.2 declared its breaks: 0.2.x is held to 0.2.0, not to 0.1.0.
    expect(against("0.2.0", "0.2.1", "0.1.0")).toEqual([]);
    // An earlier stable release of the line still is.
    expect(against("2.1.0", "2.2.0", "2.0.0")).toEqual(["property-removed-optional"]);
  });

  it("a transitive mode honours a deprecation released in between: the element's removal breaks no older release", () => {
    const v100 = baseContract();
    v100.version = "1.0.0";
    const v110 = clone(v100);
    v110.version = "1.1.0";
    v110.schema[0].properties.find((p: Json) => p.name === "status").customProperties = [{ property: "deprecated", value: "2026-01-31" }];
    const head = clone(v110);
    head.version = "1.2.0";
    head.schema[0].properties = head.schema[0].properties.filter((p: Json) => p.name !== "status");
    const result = compareSides(side("v1.1.0", { "c.json": v110 }), side("HEAD", { "c.json": head }), options({ mode: "forward-transitive", history: [side("v1.0.0", { "c.json": v100 })] }));
    expect(result.findings.map((f) => f.ruleId)).toEqual(["deprecated-element-removed"]);
    expect(result.contracts[0]!.requiredBump).toBe("minor");
  });

  it("judges a break against an older stable release by that release, not by a pre-release base's leniency", () => {
    const stable = baseContract();
    stable.version = "2.0.0";
    const rc = clone(stable);
    rc.version = "2.1.0-rc.1";
    rc.schema[0].properties = rc.schema[0].properties.filter((p: Json) => p.name !== "status");
    // The head drops `status` too: semver lets 2.1.0-rc.1 → 2.1.0 break (§9), but 2.0.0's consumers break.
    const head = clone(rc);
    head.version = "2.1.0";
    const run = (history: Side[]) => compareSides(side("v2.1.0-rc.1", { "c.json": rc }), side("HEAD", { "c.json": head }), options({ mode: "forward-transitive", history }));
    const verdict = run([side("v2.0.0", { "c.json": stable })]).findings.find((f) => f.ruleId === "version-bump")!;
    expect(verdict.severity).toBe("error");
    expect(verdict.message).toMatch(/^contract c-orders: Against v2\.0\.0 \(2\.0\.0\): The changes require a major version bump, but 2\.0\.0 → 2\.1\.0 is a minor bump; make it 3\.0\.0\.$/);
    const change = run([side("v2.0.0", { "c.json": stable })]).findings.find((f) => f.ruleId === "property-removed-required" || f.ruleId === "property-removed-optional")!;
    expect(change.message).toMatch(/Found against v2\.0\.0 \(2\.0\.0\)\.$/);
    // Without the stable release in the history, only the pre-release base is judged: no change since it,
    // and 2.1.0-rc.1 → 2.1.0 is the candidate's release, which needs no finding.
    expect(run([]).findings.filter((f) => f.ruleId === "version-bump")).toEqual([]);
  });

  it("judges a break made after the pre-release base by the stable release before it, though the base's comparison found it too", () => {
    const stable = baseContract();
    stable.version = "2.0.0";
    const rc = clone(stable);
    rc.version = "2.1.0-rc.1";
    // 2.1.0-rc.1 still has `status`; 2.1.0 drops it: a break against the base (a warning, its leniency)
    // and against 2.0.0, whose consumers break (an error: 2.1.0 must keep what 2.0.0 promised, semver §11).
    const head = clone(rc);
    head.version = "2.1.0";
    head.schema[0].properties = head.schema[0].properties.filter((p: Json) => p.name !== "status");
    for (const mode of ["forward", "forward-transitive"] as const) {
      const result = compareSides(side("v2.1.0-rc.1", { "c.json": rc }), side("HEAD", { "c.json": head }), options({ mode, history: [side("v2.0.0", { "c.json": stable })] }));
      const verdict = result.findings.filter((f) => f.ruleId === "version-bump");
      expect(verdict).toEqual([expect.objectContaining({ severity: "error", message: expect.stringMatching(/^contract c-orders: Against v2\.0\.0 \(2\.0\.0\): .*make it 3\.0\.0\.$/) })]);
      // The change itself is reported once, as found against the base.
      expect(result.contracts[0]!.changes.filter((c) => c.element.endsWith("status")).map((c) => c.message)).toEqual([expect.not.stringContaining("Found against")]);
    }
  });
});

describe("compareSides with an output port moved from one data product to another", () => {
  const yamlSide = (label: string, files: Record<string, string>): Side => ({ label, documents: Object.entries(files).flatMap(([file, text]) => loadText(file, text).documents) });
  const product = (id: string, version: string, ports: string) => `apiVersion: v1.0.0\nkind: DataProduct\nid: ${id}\nstatus: active\nversion: ${version}\noutputPorts:\n  - name: keep-${id}\n    version: 1.0.0\n    contractId: c-${id}\n${ports}`;
  const orders = "  - name: orders\n    version: 1.0.0\n    contractId: c-orders\n";

  it("says on each side where the port went and came from (one port moving, not two unrelated changes), keeping each bump", () => {
    const base = yamlSide("main", { "a.yaml": product("p-a", "1.0.0", orders), "b.yaml": product("p-b", "1.0.0", "") });
    const head = yamlSide("HEAD", { "a.yaml": product("p-a", "2.0.0", ""), "b.yaml": product("p-b", "1.1.0", orders) });
    const result = compareSides(base, head, options());
    const removed = result.findings.find((f) => f.ruleId === "output-port-removed")!;
    expect(removed).toMatchObject({ file: "a.yaml", severity: "warning" });
    expect(removed.message).toBe(
      "Output port `orders` 1.0.0 was removed. (was at a.yaml:10 in main) It moved to product p-b (output port `orders` 1.0.0 at b.yaml:10) in this change, with its contract c-orders: consumers that follow the contract by its id still read it there; those that reach it through product p-a must follow it. Requires a major version bump under forward.",
    );
    const added = result.findings.find((f) => f.ruleId === "output-port-added")!;
    expect(added).toMatchObject({ file: "b.yaml", severity: "info" });
    expect(added.message).toBe("Output port `orders` 1.0.0 was added. It moved here in this change from product p-a (output port `orders` 1.0.0), which no longer serves contract c-orders. Requires a minor version bump under forward.");
    expect(result.contracts.map((c) => [c.id, c.requiredBump])).toEqual([["p-a", "major"], ["p-b", "minor"]]);
  });

  it("says nothing of a move when the contract stays served where it was, or was served by no other product", () => {
    // p-a keeps serving c-orders (another port), and p-b adds one: no move.
    const kept = "  - name: orders-v2\n    version: 2.0.0\n    contractId: c-orders\n";
    const base = yamlSide("main", { "a.yaml": product("p-a", "1.0.0", orders), "b.yaml": product("p-b", "1.0.0", "") });
    const both = compareSides(base, yamlSide("HEAD", { "a.yaml": product("p-a", "2.0.0", kept), "b.yaml": product("p-b", "1.1.0", orders) }), options());
    const saysMoved = (f: { message: string }) => / moved (to product|here)/.test(f.message);
    expect(both.findings.map((f) => f.ruleId).sort()).toEqual(["output-port-added", "output-port-added", "output-port-removed"]);
    expect(both.findings.some(saysMoved)).toBe(false);
    // Removed from p-a and served by nobody: a removal only.
    const gone = compareSides(base, yamlSide("HEAD", { "a.yaml": product("p-a", "2.0.0", ""), "b.yaml": product("p-b", "1.0.0", "") }), options());
    expect(gone.findings.some(saysMoved)).toBe(false);
  });
});
