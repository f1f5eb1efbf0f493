/** The changelog for people: documents named by name and id, version-only releases, retired ones said so. */
import { describe, expect, it } from "vitest";
import { releaseNotes, releaseNotesUnder, renderChangelog } from "./changelog.js";
import type { DocumentReport, ReportedChange } from "./compare.js";

const ID = "ddaf3238-3286-41eb-9489-6c3007bec3b0";

describe("renderChangelog", () => {
  it("writes what documents say as Markdown text: no control characters, no mentions, no HTML", () => {
    const reports: DocumentReport[] = [{ id: ID, kind: "DataContract", file: "c.odcs.yaml", name: "\u202e💥\u0000\u001b[2J <b>x</b> @octocat", baseVersion: "1.0.0", headVersion: "1.1.0", declaredBump: "minor", requiredBump: "none", changes: [] }];
    const heading = renderChangelog(reports).split("\n")[2]!;
    expect(heading).toBe(`### Contract 💥\\[2J \\<b\\>x\\</b\\> @&#8203;octocat (\`${ID}\`) (1.0.0 → 1.1.0)`);
  });

  it("writes the base a title names as text: a branch may be called `rel/@octocat-<details>-#12`", () => {
    const reports: DocumentReport[] = [{ id: ID, kind: "DataContract", file: "c.odcs.yaml", baseVersion: "1.0.0", headVersion: "1.0.1", declaredBump: "patch", requiredBump: "none", changes: [] }];
    // Raw, the name notified @octocat, linked issue 12 and opened a fold that hid the rest of the comment.
    expect(renderChangelog(reports, { title: "Contract changes since rel/@octocat-<details>-#12|x" }).split("\n")[0]).toBe(
      "## Contract changes since rel/@&#8203;octocat-\\<details\\>-\\#&#8203;12\\|x",
    );
  });

  it("escapes what a product's breaking change broke once, in its consumer's row", () => {
    const report: DocumentReport = {
      id: "p-shop",
      kind: "DataProduct",
      file: "shop.odps.yaml",
      baseVersion: "1.4.0",
      headVersion: "2.0.0",
      declaredBump: "major",
      requiredBump: "major",
      changes: [],
      consumers: [{ consumer: { productId: "p-audit", productName: "audit", domain: "finance", port: "refund_events" }, contractId: "c-refunds", affected: "yes", hits: [{ kind: "output-port-removed", element: "port refund_events" }] }],
    };
    // `port refund\\_events` (escaped twice) read `port refund\_events` in the comment.
    expect(renderChangelog([report])).toContain("| **yes** | contract `c-refunds`, broken by `output-port-removed` (port refund\\_events) |");
  });

  it("lists a new version whose content is unchanged, with the bump it declares", () => {
    const reports: DocumentReport[] = [{ id: ID, kind: "DataProduct", file: "p.odps.yaml", name: "inventory_snapshot", baseVersion: "2.1.0", headVersion: "2.2.0", declaredBump: "minor", requiredBump: "none", changes: [] }];
    expect(renderChangelog(reports)).toBe(
      `## Contract changes\n\n### Product inventory\\_snapshot (\`${ID}\`) (2.1.0 → 2.2.0)\n\n\`p.odps.yaml\` — requires **no** bump, declared minor.\n\nA new version; its content is unchanged.\n`,
    );
  });

  it("words bumps under 0.x as the caret range reads them: breaking or compatible, as the version-bump message does", () => {
    const zero: DocumentReport = { id: ID, kind: "DataContract", file: "c.odcs.yaml", baseVersion: "0.3.0", headVersion: "0.3.1", declaredBump: "minor", requiredBump: "major", changes: [] };
    expect(renderChangelog([zero])).toContain("`c.odcs.yaml` — requires a **breaking** (0.x) bump, declared a compatible (0.x) bump.");
    expect(renderChangelog([{ ...zero, baseVersion: "1.3.0", headVersion: "1.4.0" }])).toContain("`c.odcs.yaml` — requires a **major** bump, declared minor.");
  });

  it("words a version that did not go up, or that no bump can be read from, as a sentence, not as the json's declaredBump", () => {
    const report: DocumentReport = { id: ID, kind: "DataContract", file: "c.odcs.yaml", baseVersion: "1.2.0", headVersion: "1.1.0", declaredBump: "downgrade", requiredBump: "major", changes: [{ kind: "property-removed-optional", element: "orders.x", path: "", severity: "warning", requiredBump: "major", message: "Removed.", line: 1, column: 1, against: "1.2.0" }] };
    expect(renderChangelog([report])).toContain("`c.odcs.yaml` — requires a **major** bump, but the version went down.");
    expect(renderChangelog([{ ...report, headVersion: "1.2.0+build.2", declaredBump: "none" }])).toContain("`c.odcs.yaml` — requires a **major** bump, declared no bump.");
    expect(renderChangelog([{ ...report, baseVersion: "0.3.0", headVersion: "0.3.0", declaredBump: "none" }])).toContain("`c.odcs.yaml` — requires a **breaking** (0.x) bump, declared no bump.");
    expect(renderChangelog([{ ...report, headVersion: "v2", declaredBump: "invalid" }])).toContain("`c.odcs.yaml` — requires a **major** bump, but no bump can be read from its versions.");
    expect(renderChangelog([{ ...report, headVersion: "unversioned", declaredBump: "invalid" }])).toContain("(1.2.0 → unversioned)");
  });

  it("says of a version that went down, or that no bump can be read from, with its content unchanged, that it is no new version", () => {
    const report: DocumentReport = { id: ID, kind: "DataContract", file: "c.odcs.yaml", baseVersion: "1.2.0", headVersion: "1.1.0", declaredBump: "downgrade", requiredBump: "none", changes: [] };
    expect(renderChangelog([report])).toContain("— requires **no** bump, but the version went down.\n\nAn older version; its content is unchanged.\n");
    expect(renderChangelog([{ ...report, headVersion: "unversioned", declaredBump: "invalid" }])).toContain("but no bump can be read from its versions.\n\nAnother version; its content is unchanged.\n");
    expect(renderChangelog([{ ...report, headVersion: "1.2.1", declaredBump: "patch" }])).toContain("declared patch.\n\nA new version; its content is unchanged.\n");
  });

  it("heads the groups of a 0.x document in the caret range's words, not major/minor (semver §4), a product's v0.x included", () => {
    const change = (kind: ReportedChange["kind"], requiredBump: ReportedChange["requiredBump"]): ReportedChange => ({ kind, element: "orders.x", path: "", severity: "info", requiredBump, message: "Changed.", line: 1, column: 1, against: "v0.3.0" });
    const zero: DocumentReport = { id: ID, kind: "DataContract", file: "c.odcs.yaml", baseVersion: "0.3.0", headVersion: "0.4.0", declaredBump: "major", requiredBump: "major", changes: [change("property-removed-optional", "major"), change("property-added-optional", "minor"), change("description-changed", "patch")] };
    const headings = (report: DocumentReport) => [...renderChangelog([report]).matchAll(/^#### (.+)$/gm)].map((m) => m[1]);
    expect(headings(zero)).toEqual(["Breaking changes (0.x: breaking)", "Features (0.x: compatible)", "Fixes and documentation (0.x: compatible)"]);
    const product: DocumentReport = { ...zero, kind: "DataProduct", file: "p.odps.yaml", baseVersion: "v0.3.0", headVersion: "v0.4.0" };
    expect(headings(product)).toEqual(["Breaking changes (0.x: breaking)", "Features (0.x: compatible)", "Fixes and documentation (0.x: compatible)"]);
    expect(renderChangelog([product])).toContain("`p.odps.yaml` — requires a **breaking** (0.x) bump, declared a breaking (0.x) bump.");
    expect(headings({ ...zero, baseVersion: "1.3.0", headVersion: "2.0.0" })).toEqual(["Breaking changes (major)", "Features (minor)", "Fixes and documentation (patch)"]);
  });

  it("leaves the bump sentence out of every entry, wherever it is in the message (the heading says it)", () => {
    const change = (kind: ReportedChange["kind"], requiredBump: ReportedChange["requiredBump"], message: string): ReportedChange => ({ kind, element: "orders.x", path: "", severity: "info", requiredBump, message, line: 1, column: 1, against: "v1.2.0" });
    const reports: DocumentReport[] = [
      {
        id: ID,
        kind: "DataContract",
        file: "c.odcs.yaml",
        baseVersion: "1.2.0",
        headVersion: "2.0.0",
        declaredBump: "major",
        requiredBump: "major",
        changes: [
          change("property-removed-optional", "major", "Property `orders.x` was removed. Requires a major version bump under forward-transitive. Found against v1.0.0 (1.0.0)."),
          change("property-reordered", "none", "Properties of `orders` were reordered. Requires no version bump under forward."),
        ],
      },
    ];
    const text = renderChangelog(reports);
    expect(text).not.toMatch(/Requires/);
    expect(text).toContain("- `property-removed-optional` Property `orders.x` was removed. Found against v1.0.0 (1.0.0).");
    expect(text).toContain("- `property-reordered` Properties of `orders` were reordered.");
    // A 0.x document's findings word the bump as its line does: the sentence goes all the same.
    const zero: DocumentReport = {
      ...reports[0]!,
      baseVersion: "0.3.1",
      headVersion: "0.4.0",
      changes: [change("property-removed-optional", "major", "Property `orders.x` was removed. Requires a breaking (0.x) version bump under forward."), change("property-added-optional", "minor", "Property `orders.y` was added. Requires a compatible (0.x) version bump under full-transitive.")],
    };
    expect(renderChangelog([zero])).not.toMatch(/Requires/);
  });

  it("lists documents in code-unit order of file, the same on every machine whatever its locale", () => {
    const files = ["returns.odcs.yaml", "b_c.odcs.yaml", "Sales.odcs.yaml", "bC.odcs.yaml"];
    const reports: DocumentReport[] = files.map((file) => ({ id: file, kind: "DataContract", file, baseVersion: "1.0.0", headVersion: "1.1.0", declaredBump: "minor", requiredBump: "none", changes: [] }));
    const order = [...renderChangelog(reports).matchAll(/^`(.+?)` — /gm)].map((m) => m[1]);
    expect(order).toEqual(["Sales.odcs.yaml", "bC.odcs.yaml", "b_c.odcs.yaml", "returns.odcs.yaml"]);
  });

  it("says nothing changed when versions and content are the same", () => {
    const same: DocumentReport[] = [{ id: ID, kind: "DataProduct", file: "p.odps.yaml", baseVersion: "2.1.0", headVersion: "2.1.0", declaredBump: "none", requiredBump: "none", changes: [] }];
    expect(renderChangelog(same)).toBe("## Contract changes\n\nNo contract or product changes.\n");
  });

  it("marks a new product that is already retired", () => {
    const reports: DocumentReport[] = [
      {
        id: "0b034302",
        kind: "DataProduct",
        file: "w.odps.yaml",
        name: "warehouse_stock",
        status: "retired",
        headVersion: "0.2.0",
        declaredBump: "new",
        requiredBump: "minor",
        changes: [{ kind: "product-added", element: "0b034302", requiredBump: "minor", message: "New product 0b034302 at version 0.2.0.", headPath: "", basePath: "" } as never],
      },
    ];
    expect(renderChangelog(reports)).toContain("### Product warehouse\\_stock (`0b034302`) (new, 0.2.0, retired)");
  });
});

describe("releaseNotes: a product version against an earlier one, as a catalog keeps them", () => {
  const contract = (version: string, columns: string[]) => ({
    apiVersion: "v3.1.0",
    kind: "DataContract",
    id: "orders-contract",
    version,
    status: "active",
    schema: [{ name: "orders", properties: columns.map((name) => ({ name, logicalType: "string", required: true })) }],
  });
  const product = (version: string) => ({ apiVersion: "v1.0.0", kind: "DataProduct", id: "orders", name: "orders", version, status: "active", outputPorts: [{ name: "orders", version: "1.0.0", contractId: "orders-contract" }] });
  const config = { mode: "forward" as const, rules: {}, ignore: [] };

  it("lists each document that changed with its versions and required bump, then its changes, in plain text", () => {
    const notes = releaseNotes(
      { productVersion: "1.0.0", product: product("1.0.0"), contracts: [contract("1.0.0", ["id", "legacy"])] },
      { productVersion: "2.0.0", product: product("2.0.0"), contracts: [contract("2.0.0", ["id"])] },
      { mode: "forward", config },
    );
    const lines = notes.split("\n");
    expect(lines[0]).toBe("Changes since 1.0.0:");
    expect(lines[1]).toBe("contract orders-contract, 1.0.0 → 2.0.0: requires a major bump");
    expect(lines[2]).toMatch(/^- property-removed-required: [^.]*`orders\.legacy`[^.]*\.$/);
    expect(notes).not.toMatch(/\.od[cp]s\.json|meshkit\.yaml/);
    expect(lines).toContain("product orders, 1.0.0 → 2.0.0: requires no bump");
    expect(notes).not.toMatch(/Requires (a \w+|no) version bump/);
    expect(releaseNotesUnder(config)({ productVersion: "2.0.0", product: product("2.0.0"), contracts: [] }, { productVersion: "2.0.0", product: product("2.0.0"), contracts: [] })).toBe("Changes since 2.0.0: none.");
  });
});
