import { describe, expect, it } from "vitest";
import type { Finding } from "../findings.js";
import type { ReportInput } from "./types.js";
import { renderMarkdown } from "./markdown.js";
import { SARIF_FINGERPRINT_KEY, SARIF_MAX_RESULTS, artifactLocationOf, findingFingerprint, renderSarif, toSarif } from "./sarif.js";
import { SAMPLE_FINDINGS, SAMPLE_RULES, finding, reportInput, sarifProblems } from "./test-support.js";

const ODD_FINDINGS: Finding[] = [
  finding({ ruleId: "r1", file: "dir with spaces/ä ö #1 %20.yaml", line: 3, column: 1, message: 'quotes " and \\ and \n newline' }),
  finding({ ruleId: "r2", file: "weird:name,with|pipes?.yaml", line: 0, column: 0, message: "position 0 clamps to 1" }),
  finding({ ruleId: "r3", file: "C:\\work\\repo\\c.yaml", line: 2, column: 5, endLine: 1, endColumn: 2, message: "windows" }),
  finding({ ruleId: "r3", file: "/abs/path/d.yaml", line: 2, column: 5, endLine: 4, endColumn: 1, message: "absolute" }),
  finding({ ruleId: "r 4/é", file: "./e.yaml", line: 1, column: 1, message: "lone surrogate \uD800 and 🚀 and \u0000" }),
  finding({ ruleId: "r5", file: "f.yaml", line: 1, column: 1, message: "", docsUrl: "javascript:alert(1)" }),
];

describe("sarif reporter", () => {
  it("is valid SARIF 2.1.0 and acceptable to code scanning: sample, empty, many, odd characters", () => {
    const manyFindings = Array.from({ length: 300 }, (_, i) =>
      finding({ ruleId: `rule-${i % 7}`, file: `contracts/${i % 13}.yaml`, line: i + 1, column: (i % 5) + 1, message: `m${i}` }),
    );
    for (const findings of [SAMPLE_FINDINGS, [], manyFindings, ODD_FINDINGS]) {
      const log = JSON.parse(renderSarif(reportInput(findings)));
      expect(sarifProblems(log)).toEqual([]);
      expect(log.runs[0].results).toHaveLength(findings.length);
    }
  });

  it("keeps a run within code scanning's result limit: the most severe results, suppressed ones last, and says how many were left out", () => {
    // More infos than the limit, so only severity decides: every error and warning stays.
    const findings = Array.from({ length: SARIF_MAX_RESULTS + 2 }, (_, i) =>
      finding({ ruleId: "r", file: `c${i}.yaml`, line: 1, column: 1, severity: i % 1000 !== 0 ? "info" : i % 2000 === 0 ? "error" : "warning", message: `m${i}` }),
    );
    const waived = [{ ...finding({ ruleId: "p", file: "w.yaml", line: 1, column: 1, severity: "error", message: "waived" }), suppression: { approver: "a", justification: "j", expires: "2030-01-01" } }];
    const log = toSarif({ ...reportInput(findings), suppressed: waived });
    const run = log.runs[0]!;
    expect(run.results).toHaveLength(SARIF_MAX_RESULTS);
    const kept = (level: string) => run.results.filter((r) => r.level === level).length;
    const given = (severity: string) => findings.filter((f) => f.severity === severity).length;
    expect([kept("error"), kept("warning")]).toEqual([given("error"), given("warning")]);
    expect(run.results.some((r) => r.suppressions)).toBe(false);
    expect(run.invocations).toEqual([
      { executionSuccessful: true, toolExecutionNotifications: [{ level: "warning", message: { text: `3 of ${SARIF_MAX_RESULTS + 3} results left out, the least severe: code scanning accepts at most 25000 per run (the json report holds them all)` } }] },
    ]);
    // Exactly at the limit nothing is left out, and no notification is written.
    const atLimit = toSarif(reportInput(findings.slice(0, SARIF_MAX_RESULTS))).runs[0]!;
    expect([atLimit.results.length, atLimit.invocations]).toEqual([SARIF_MAX_RESULTS, undefined]);
  });

  it("keeps findings suppressed in their file as results with an in-source suppression, valid SARIF, after the others", () => {
    const suppressed = [
      { ...finding({ ruleId: "naming-convention", file: "c.yaml", line: 20, column: 15, severity: "warning", message: "Rename `Amount`." }), justification: "kept for the BI extracts" },
      { ...finding({ ruleId: "naming-convention", file: "c.yaml", line: 30, column: 15, severity: "warning", message: "Rename `Total`." }), justification: "" },
    ];
    const log = JSON.parse(renderSarif({ ...reportInput(SAMPLE_FINDINGS), suppressedInSource: suppressed }));
    expect(sarifProblems(log)).toEqual([]);
    const results = log.runs[0].results as { ruleId: string; suppressions?: unknown[] }[];
    expect(results).toHaveLength(SAMPLE_FINDINGS.length + 2);
    expect(results.slice(0, SAMPLE_FINDINGS.length).every((r) => r.suppressions === undefined)).toBe(true);
    expect(results.slice(-2).map((r) => r.suppressions)).toEqual([[{ kind: "inSource", status: "accepted", justification: "kept for the BI extracts" }], [{ kind: "inSource", status: "accepted" }]]);
    expect(log.runs[0].tool.driver.rules.map((r: { id: string }) => r.id)).toContain("naming-convention");
  });

  it("rejects what code scanning would reject (the checker works)", () => {
    const log = toSarif(reportInput(SAMPLE_FINDINGS)) as unknown as { runs: { results: { locations: unknown[] }[] }[]; version: string };
    log.runs[0]!.results[0]!.locations = [];
    log.version = "2.0.0";
    expect(sarifProblems(log).length).toBeGreaterThanOrEqual(2);
    const noHelp = toSarif(reportInput(SAMPLE_FINDINGS)) as unknown as { runs: { tool: { driver: { rules: Record<string, unknown>[] } } }[] };
    delete noHelp.runs[0]!.tool.driver.rules[0]!.fullDescription;
    delete noHelp.runs[0]!.tool.driver.rules[1]!.help;
    expect(sarifProblems(noHelp)).toEqual(["rule 0: no fullDescription.text", "rule 1: no help.text"]);
  });

  it("gives every rule the short and full description and the help text GitHub code scanning requires", () => {
    // sarif-sdk's GitHub ruleset (GH2012): "This 'reportingDescriptor' object does not provide a 'fullDescription'
    // value" / "a 'help' object. This property is required by the GitHub Advanced Security service."
    const rules = toSarif(reportInput(SAMPLE_FINDINGS)).runs[0]!.tool.driver.rules;
    for (const rule of rules) {
      expect(rule.fullDescription.text).toBe(rule.shortDescription.text);
      expect(rule.help.text.startsWith(rule.shortDescription.text)).toBe(true);
    }
    // A rule seen only in a finding is described by its id; its help links the finding's docs.
    expect(rules.find((r) => r.id === "naming-snake-case")!.help).toEqual({
      text: "naming-snake-case\n\nDocumentation: https://example.com/naming",
      markdown: "naming-snake-case\n\n[Documentation](https://example.com/naming)",
    });
  });

  it("describes the tool and every rule, including rules only seen in findings", () => {
    const run = toSarif({ ...reportInput(SAMPLE_FINDINGS), tool: { name: "meshkit", version: "1.2.3", informationUri: "https://meshkit.dev" } })
      .runs[0]!;
    expect(run.tool.driver.name).toBe("meshkit");
    expect(run.tool.driver.version).toBe("1.2.3");
    expect(run.tool.driver.informationUri).toBe("https://meshkit.dev/");
    expect(run.tool.driver.rules.map((r) => r.id)).toEqual([...SAMPLE_RULES.map((r) => r.id), "naming-snake-case"]);
    expect(run.tool.driver.rules[0]).toEqual({
      id: "odcs-required-field",
      shortDescription: { text: "Required ODCS fields are present." },
      fullDescription: { text: "Required ODCS fields are present." },
      helpUri: "https://github.com/meshkit/meshkit/blob/main/docs/rules/odcs-required-field.md",
      help: {
        text: "Required ODCS fields are present.\n\nDocumentation: https://github.com/meshkit/meshkit/blob/main/docs/rules/odcs-required-field.md",
        markdown: "Required ODCS fields are present.\n\n[Documentation](https://github.com/meshkit/meshkit/blob/main/docs/rules/odcs-required-field.md)",
      },
      defaultConfiguration: { level: "error" },
      properties: { tags: ["lint"] },
    });
    expect(run.tool.driver.rules[2]!.defaultConfiguration).toEqual({ level: "none", enabled: false });
    expect(run.tool.driver.rules[3]).toMatchObject({ helpUri: "https://example.com/naming", defaultConfiguration: { level: "note" } });
    expect(run.originalUriBaseIds["%SRCROOT%"]).toBeDefined();
    for (const result of run.results) expect(run.tool.driver.rules[result.ruleIndex]!.id).toBe(result.ruleId);
  });

  it("describes include-unmatched as lint does in a stage whose rules do not list it (policy, compat, publish)", () => {
    // policy reports it at a policy.infrastructure glob too: code scanning shows this description for both.
    const unmatched = finding({ ruleId: "include-unmatched", severity: "warning", stage: "policy", file: "meshkit.yaml", line: 5, column: 20, message: 'policy.infrastructure glob "infra/plan.json" matches no file' });
    const rule = toSarif(reportInput([unmatched])).runs[0]!.tool.driver.rules.find((r) => r.id === "include-unmatched");
    expect(rule?.shortDescription.text).toBe("The files.include globs of meshkit.yaml select no contract or product, or a policy.infrastructure glob matches no file: a run with no paths checked nothing.");
    expect(rule?.helpUri).toBe("https://github.com/meshkit/meshkit/blob/main/docs/rules/include-unmatched.md");
  });

  it("names the stage as the run's category, so each stage's code-scanning upload replaces only its own", () => {
    expect(toSarif({ ...reportInput(SAMPLE_FINDINGS), title: "policy-check" }).runs[0]!.automationDetails).toEqual({ id: "policy-check/" });
    expect(toSarif({ ...reportInput(SAMPLE_FINDINGS), title: undefined }).runs[0]!.automationDetails).toBeUndefined();
    expect(sarifProblems(toSarif({ ...reportInput(SAMPLE_FINDINGS), title: "contract-lint" }))).toEqual([]);
  });

  it("names the category it is given instead of the title (a stage run on one project of a repository)", () => {
    const run = toSarif({ ...reportInput(SAMPLE_FINDINGS), title: "contract-lint", sarifCategory: "contract-lint/domains/sales" }).runs[0]!;
    expect(run.automationDetails).toEqual({ id: "contract-lint/domains/sales/" });
  });

  it("says a run whose config could not be used did not succeed, so code scanning does not take its one result for the analysis", () => {
    // Uploaded as a successful run of the stage's category, its one result would mark every alert open there fixed.
    const broken = finding({ ruleId: "config-invalid", file: "meshkit.yaml", line: 5, column: 5, message: "meshkit.yaml: unknown rule id `no-such-rule`", stage: "config" });
    const sarif = toSarif({ ...reportInput([broken]), title: "contract-lint" });
    expect(sarif.runs[0]!.invocations).toEqual([
      { executionSuccessful: false, toolExecutionNotifications: [{ level: "error", message: { text: "a config could not be used: meshkit.yaml:5:5: config-invalid meshkit.yaml: unknown rule id `no-such-rule`" } }] },
    ]);
    expect(sarif.runs[0]!.results).toHaveLength(1);
    expect(sarifProblems(sarif)).toEqual([]);
    // A contract that does not parse is a result of a run that checked the others: that run succeeded.
    const syntax = finding({ ruleId: "yaml-syntax", file: "a.odcs.yaml", line: 3, column: 7, stage: "input" });
    expect(toSarif(reportInput([syntax, { ...broken, severity: "warning" }])).runs[0]!.invocations).toBeUndefined();
  });

  it("says a run stopped by a rule that checks no document past it (RuleMeta.stopsStage: a pack that does not compile) did not succeed", () => {
    const packRule = { id: "policy-invalid", defaultSeverity: "error" as const, stage: "policy" as const, description: "A policy does not load.", stopsStage: true };
    const broken = finding({ ruleId: "policy-invalid", file: "policies/p.yaml", line: 7, column: 19, message: "policy p: syntax error", stage: "policy" });
    expect(toSarif({ ...reportInput([broken]), rules: [packRule] }).runs[0]!.invocations).toEqual([
      { executionSuccessful: false, toolExecutionNotifications: [{ level: "error", message: { text: "no document was checked: policies/p.yaml:7:19: policy-invalid policy p: syntax error" } }] },
    ]);
    // Unflagged, the same rule is a result among others.
    expect(toSarif({ ...reportInput([broken]), rules: [{ ...packRule, stopsStage: false }] }).runs[0]!.invocations).toBeUndefined();
  });

  it("links a rule that says it is documented nowhere to nothing, not to a made-up docs/rules page, in SARIF and markdown", () => {
    const packRule = { id: "sales-port-limit", defaultSeverity: "error" as const, stage: "policy" as const, description: "ports: at most 3", docsUrl: null };
    const documented = { ...packRule, id: "documented", docsUrl: "https://example.com/policies#documented" };
    const findings = [finding({ ruleId: "sales-port-limit", file: "p.yaml", line: 1, column: 1, message: "too many" }), finding({ ruleId: "documented", file: "p.yaml", line: 2, column: 1, message: "x" })];
    const input = { ...reportInput(findings), rules: [packRule, documented, { ...packRule, id: "unused", docsUrl: null }] };
    const log = toSarif(input);
    expect(sarifProblems(JSON.parse(renderSarif(input)))).toEqual([]);
    const rules = Object.fromEntries(log.runs[0]!.tool.driver.rules.map((r) => [r.id, r.helpUri]));
    expect(rules).toEqual({ "sales-port-limit": undefined, documented: "https://example.com/policies#documented", unused: undefined });
    // Its help (which code scanning requires) is then its description alone, escaped for the markdown.
    expect(log.runs[0]!.tool.driver.rules[0]!.help).toEqual({ text: "ports: at most 3", markdown: "ports: at most 3" });
    const markdown = renderMarkdown(input);
    expect(markdown).toContain("| sales-port-limit |");
    expect(markdown).toContain("[documented](https://example.com/policies#documented)");
  });

  it("writes results with level, message, location, logical location and fingerprint", () => {
    const result = toSarif(reportInput(SAMPLE_FINDINGS)).runs[0]!.results[1]!;
    expect(result).toEqual({
      ruleId: "odcs-required-field",
      ruleIndex: 0,
      level: "error",
      message: { text: "Add `id`: every contract needs one." },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: "contracts/a.yaml", uriBaseId: "%SRCROOT%" },
            region: { startLine: 10, startColumn: 3, endLine: 10, endColumn: 9 },
          },
          logicalLocations: [{ fullyQualifiedName: "/id" }],
        },
      ],
      partialFingerprints: { [SARIF_FINGERPRINT_KEY]: findingFingerprint(SAMPLE_FINDINGS[1]!) },
      properties: { stage: "lint" },
    });
    const levels = toSarif(reportInput(SAMPLE_FINDINGS)).runs[0]!.results.map((r) => r.level);
    expect(levels).toEqual(["note", "error", "warning"]);
  });

  it("gives a finding about the whole document no logical location (an empty name would name nothing)", () => {
    const whole = { ...SAMPLE_FINDINGS[1]!, path: "" };
    const location = toSarif(reportInput([whole])).runs[0]!.results[0]!.locations[0]!;
    expect(location).not.toHaveProperty("logicalLocations");
    expect(sarifProblems(JSON.parse(renderSarif(reportInput([whole]))))).toEqual([]);
  });

  it("makes relative, forward-slash, URI-encoded artifact locations", () => {
    expect(artifactLocationOf("contracts/a.yaml")).toEqual({ uri: "contracts/a.yaml", uriBaseId: "%SRCROOT%" });
    expect(artifactLocationOf("./dir/a b#1%.yaml")).toEqual({ uri: "dir/a%20b%231%25.yaml", uriBaseId: "%SRCROOT%" });
    // A backslash in a Linux file's name is no separator; a URI holds it percent-encoded (RFC 3986).
    expect(artifactLocationOf("dir/a\\b.yaml")).toEqual({ uri: "dir/a%5Cb.yaml", uriBaseId: "%SRCROOT%" });
    expect(artifactLocationOf("weird:name,x.yaml").uri).toBe("weird%3Aname%2Cx.yaml");
    expect(artifactLocationOf("ä/🚀.yaml").uri).toBe("%C3%A4/%F0%9F%9A%80.yaml");
    expect(artifactLocationOf("/abs/a b.yaml")).toEqual({ uri: "file:///abs/a%20b.yaml" });
    // A Windows path, as toPosixPath gives it there.
    expect(artifactLocationOf("C:/work/c.yaml")).toEqual({ uri: "file:///C:/work/c.yaml" });
  });

  it("clamps regions so every result has startLine >= 1 and a sane end", () => {
    const results = toSarif(reportInput(ODD_FINDINGS)).runs[0]!.results;
    const regionOf = (ruleId: string, text: string) =>
      results.find((r) => r.ruleId === ruleId && r.message.text === text)!.locations[0]!.physicalLocation.region;
    expect(regionOf("r2", "position 0 clamps to 1")).toEqual({ startLine: 1, startColumn: 1 });
    expect(regionOf("r3", "windows")).toEqual({ startLine: 2, startColumn: 5 });
    expect(regionOf("r3", "absolute")).toEqual({ startLine: 2, startColumn: 5, endLine: 4, endColumn: 1 });
    // An empty message is not accepted by code scanning: the rule id stands in.
    expect(results.find((r) => r.ruleId === "r5")!.message.text).toBe("r5");
  });

  it("fingerprints on rule, file and JSON pointer, not on the line", () => {
    const base = finding({ ruleId: "r", file: "a.yaml", line: 1, column: 1, path: "/a" });
    expect(findingFingerprint({ ...base, line: 40, message: "moved" })).toBe(findingFingerprint(base));
    expect(findingFingerprint({ ...base, file: "./a.yaml" })).toBe(findingFingerprint(base));
    expect(findingFingerprint({ ...base, path: "/b" })).not.toBe(findingFingerprint(base));
    expect(findingFingerprint({ ...base, ruleId: "s" })).not.toBe(findingFingerprint(base));
    expect(findingFingerprint(base)).toMatch(/^[0-9a-f]{64}$/);
  });

  it("tells apart results of one rule at one pointer of one file: the same node of two documents", () => {
    // A multi-document file: two contracts without an owner (each about its whole document, ""), and the same
    // property of each; code scanning would take results with one fingerprint for one alert.
    const first = finding({ ruleId: "contract-owner", file: "multi.odcs.yaml", line: 1, column: 1 });
    const second = { ...first, line: 14 };
    const name = finding({ ruleId: "naming-convention", file: "multi.odcs.yaml", line: 11, column: 15, path: "/schema/0/properties/0/name" });
    const waived = { ...name, line: 24, suppression: { justification: "legacy", approver: "a@example.com", expires: "2030-01-01" } };
    const fingerprintsOf = (input: ReportInput) => toSarif(input).runs[0]!.results.map((r) => `${r.ruleId}@${r.locations[0]!.physicalLocation.region.startLine} ${r.partialFingerprints[SARIF_FINGERPRINT_KEY]}`);
    const fingerprints = fingerprintsOf(reportInput([second, name, first], { suppressed: [waived] }));
    expect(new Set(fingerprints.map((f) => f.split(" ")[1])).size).toBe(4);
    // The first in file order keeps the plain hash (a single-document file's alerts keep matching)...
    expect(fingerprints).toContain(`contract-owner@1 ${findingFingerprint(first)}`);
    expect(fingerprints).toContain(`naming-convention@11 ${findingFingerprint(name)}`);
    // ...and the others are told apart by their ordinal, whatever order the findings came in.
    expect(fingerprints).toContain(`contract-owner@14 ${findingFingerprint(second, 2)}`);
    expect(fingerprints).toContain(`naming-convention@24 ${findingFingerprint(waived, 2)}`);
    expect(fingerprintsOf(reportInput([first, second, name], { suppressed: [waived] })).sort()).toEqual([...fingerprints].sort());
  });

  it("starts with the schema and version", () => {
    const out = renderSarif(reportInput([]));
    expect(out.startsWith('{\n  "$schema": "https://json.schemastore.org/sarif-2.1.0.json",\n  "version": "2.1.0",')).toBe(true);
    expect(out.endsWith("}\n")).toBe(true);
  });
});
