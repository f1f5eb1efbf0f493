import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { sortFindings, summarize, type Finding, type Stage } from "../findings.js";
import { REPORT_FORMATS, isReportFormat, renderGithub, renderJobSummary, renderJson, renderReport, renderReportPieces, selectAnnotations } from "./index.js";
import { SAMPLE_FINDINGS, childrenNamed, parseXml, reportInput, sarifProblems } from "./test-support.js";

const STAGES: Stage[] = ["lint", "compat", "policy", "test", "provision", "catalog", "config", "input"];

/** Any text, including control characters, lone surrogates, markup and escaping characters. */
const anyText = fc.oneof(
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.string({ unit: fc.constantFrom("|", "%", ":", ",", "\n", "\r", "`", "<", "&", "\\", "/", " ", "a", "é", "🚀", "\u0000", "\uD800"), maxLength: 20 }),
);
const position = fc.integer({ min: -2, max: 100_000 });

const findingArb: fc.Arbitrary<Finding> = fc.record(
  {
    ruleId: fc.oneof(fc.stringMatching(/^[a-z][a-z0-9-]{0,20}$/), anyText),
    severity: fc.constantFrom("error" as const, "warning" as const, "info" as const),
    message: anyText,
    file: anyText,
    line: position,
    column: position,
    endLine: position,
    endColumn: position,
    path: anyText,
    stage: fc.constantFrom(...STAGES),
    docsUrl: fc.oneof(fc.webUrl(), anyText),
  },
  { requiredKeys: ["ruleId", "severity", "message", "file", "line", "column", "path", "stage"] },
);

/** Unescaped pipes in a GFM table row (a backslash escapes the next character). */
function cellDelimiters(row: string): number {
  let count = 0;
  for (let i = 0; i < row.length; i++) {
    if (row[i] === "\\") i++;
    else if (row[i] === "|") count++;
  }
  return count;
}

describe("renderReport", () => {
  it("knows the six formats", () => {
    expect(REPORT_FORMATS).toEqual(["text", "json", "github", "sarif", "junit", "markdown"]);
    expect(isReportFormat("sarif")).toBe(true);
    expect(isReportFormat("xml")).toBe(false);
    expect(() => renderReport("xml" as never, reportInput([]))).toThrow(/unknown report format: xml/);
  });

  it("dispatches to each format's renderer", () => {
    const input = reportInput(SAMPLE_FINDINGS);
    expect(renderReport("json", input)).toBe(renderJson(input));
    expect(renderReport("github", input)).toBe(renderGithub(input));
    for (const format of REPORT_FORMATS) expect(renderReport(format, input).endsWith("\n")).toBe(true);
  });

  it("renders every format in pieces, the same text; json and sarif in pieces of about 1 MiB (a report may be more than one string holds)", () => {
    fc.assert(
      fc.property(fc.array(findingArb, { maxLength: 30 }), (findings) => {
        const input = reportInput(findings, { suppressed: findings.slice(0, 2).map((f) => ({ ...f, suppression: { approver: "a", expires: "2099-01-01", justification: "j" } })) });
        for (const format of REPORT_FORMATS) expect([...renderReportPieces(format, input)].join("")).toBe(renderReport(format, input));
      }),
      { numRuns: 50 },
    );
    const many = Array.from({ length: 10_000 }, (_, i) => ({ ...SAMPLE_FINDINGS[0]!, line: i + 1 }));
    for (const format of ["json", "sarif"] as const) {
      const pieces = [...renderReportPieces(format, reportInput(many))];
      expect(pieces.length).toBeGreaterThan(2);
      expect(pieces.join("")).toBe(renderReport(format, reportInput(many)));
    }
  });

  it("renders any findings in every format; json round-trips, sarif validates, junit is well-formed", () => {
    fc.assert(
      fc.property(fc.array(findingArb, { maxLength: 30 }), fc.nat({ max: 50 }), fc.boolean(), (findings, files, color) => {
        const input = reportInput(findings, { summary: summarize(findings, files), color });
        const outputs = Object.fromEntries(REPORT_FORMATS.map((format) => [format, renderReport(format, input)]));
        const tableRows = [outputs.markdown!, renderJobSummary(input)]
          .flatMap((md) => md.split("\n"))
          .filter((line) => line.startsWith("| "));
        for (const row of tableRows) expect(cellDelimiters(row)).toBe(5);

        expect(JSON.parse(outputs.json!).findings).toEqual(sortFindings(findings));

        expect(sarifProblems(JSON.parse(outputs.sarif!))).toEqual([]);

        const root = parseXml(outputs.junit!);
        const cases = childrenNamed(root, "testsuite").flatMap((s) => childrenNamed(s, "testcase"));
        expect(root.attributes.tests).toBe(String(cases.length));

        const annotations = outputs.github!.split("\n").filter((l) => l.startsWith("::"));
        expect(annotations).toHaveLength(selectAnnotations(findings).length);
        for (const line of outputs.github!.split("\n").slice(0, -1)) expect(line).not.toMatch(/[\r\n]/);

        const textLines = outputs.text!.split("\n");
        expect(textLines).toHaveLength(findings.length + (findings.length > 0 ? 3 : 2));
        if (!color) expect(outputs.text).not.toContain("\u001b");
      }),
      { numRuns: 150 },
    );
  });
});

describe("a run that stopped before it had findings (ReportInput.error)", () => {
  const input = reportInput([], { error: "postgres: connection refused by 127.0.0.1:5432" });

  it("json says why; SARIF has an invocation that did not succeed (valid 2.1.0); JUnit an errored test case", () => {
    expect(JSON.parse(renderReport("json", input))).toMatchObject({ findings: [], error: "postgres: connection refused by 127.0.0.1:5432" });
    const sarif = JSON.parse(renderReport("sarif", input)) as { runs: { invocations?: unknown[] }[] };
    expect(sarifProblems(sarif)).toEqual([]);
    expect(sarif.runs[0]!.invocations).toEqual([{ executionSuccessful: false, toolExecutionNotifications: [{ level: "error", message: { text: "postgres: connection refused by 127.0.0.1:5432" } }] }]);
    const junit = parseXml(renderReport("junit", input));
    expect(junit.attributes.errors).toBe("1");
    const errored = childrenNamed(junit, "testsuite").flatMap((suite) => childrenNamed(suite, "testcase")).flatMap((testcase) => childrenNamed(testcase, "error"));
    expect(errored.map((e) => e.attributes.message)).toEqual(["postgres: connection refused by 127.0.0.1:5432"]);
  });

  it("leaves reports of runs that finished as they were", () => {
    const finished = reportInput(SAMPLE_FINDINGS);
    expect(JSON.parse(renderReport("json", finished))).not.toHaveProperty("error");
    expect((JSON.parse(renderReport("sarif", finished)) as { runs: object[] }).runs[0]).not.toHaveProperty("invocations");
    expect(parseXml(renderReport("junit", finished)).attributes.errors).toBe("0");
  });
});
