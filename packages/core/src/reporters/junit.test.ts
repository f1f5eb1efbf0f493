import { describe, expect, it } from "vitest";
import { renderJunit } from "./junit.js";
import { SAMPLE_FINDINGS, childrenNamed, finding, parseXml, reportInput, type XmlElement } from "./test-support.js";
import { escapeXmlAttribute, escapeXmlText, stripInvalidXmlChars } from "./xml.js";

/** Every tests/failures/errors attribute equals what the element really contains. */
function expectCountsToMatch(root: XmlElement): void {
  let tests = 0;
  let failures = 0;
  let errors = 0;
  for (const suite of childrenNamed(root, "testsuite")) {
    const cases = childrenNamed(suite, "testcase");
    const failed = cases.filter((c) => childrenNamed(c, "failure").length > 0).length;
    const errored = cases.filter((c) => childrenNamed(c, "error").length > 0).length;
    expect(suite.attributes.tests).toBe(String(cases.length));
    expect(suite.attributes.failures).toBe(String(failed));
    expect(suite.attributes.errors).toBe(String(errored));
    tests += cases.length;
    failures += failed;
    errors += errored;
  }
  expect(root.attributes.tests).toBe(String(tests));
  expect(root.attributes.failures).toBe(String(failures));
  expect(root.attributes.errors).toBe(String(errors));
}

describe("junit reporter", () => {
  it("writes a suite per file and a case per finding", () => {
    expect(renderJunit(reportInput(SAMPLE_FINDINGS))).toBe(`<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="contract-lint" tests="4" failures="1" errors="0" skipped="0" time="0">
  <testsuite name="contracts/a.yaml" tests="2" failures="1" errors="0" skipped="0" time="0">
    <testcase classname="contracts/a.yaml" name="naming-snake-case at 4:7" file="contracts/a.yaml" time="0">
      <system-out>contracts/a.yaml:4:7: info naming-snake-case Rename \`orderId\` to \`order_id\`.</system-out>
    </testcase>
    <testcase classname="contracts/a.yaml" name="odcs-required-field at 10:3" file="contracts/a.yaml" time="0">
      <failure type="error" message="odcs-required-field: Add \`id\`: every contract needs one.">contracts/a.yaml:10:3</failure>
    </testcase>
  </testsuite>
  <testsuite name="contracts/b.yaml" tests="1" failures="0" errors="0" skipped="0" time="0">
    <testcase classname="contracts/b.yaml" name="odcs-missing-description at 2:1" file="contracts/b.yaml" time="0">
      <system-out>contracts/b.yaml:2:1: warning odcs-missing-description Add a description to the contract.</system-out>
    </testcase>
  </testsuite>
  <testsuite name="files without findings" tests="1" failures="0" errors="0" skipped="0" time="0">
    <testcase classname="files without findings" name="3 files without findings" time="0" />
  </testsuite>
</testsuites>
`);
    expectCountsToMatch(parseXml(renderJunit(reportInput(SAMPLE_FINDINGS))));
  });

  it("fails warnings only under fail-on warning, as the exit code does", () => {
    const root = parseXml(renderJunit(reportInput(SAMPLE_FINDINGS, { failOn: "warning" })));
    expectCountsToMatch(root);
    expect(root.attributes.failures).toBe("2");
    const b = childrenNamed(root, "testsuite").find((s) => s.attributes.name === "contracts/b.yaml")!;
    const failure = childrenNamed(childrenNamed(b, "testcase")[0]!, "failure")[0]!;
    expect(failure.attributes).toMatchObject({ type: "warning", message: "odcs-missing-description: Add a description to the contract." });
  });

  it("reports a file it could not process as an error, not a failure, as exit code 2 tells them apart", () => {
    const broken = finding({ ruleId: "yaml-syntax", file: "contracts/broken.yaml", line: 3, column: 5, message: "YAML syntax error: bad indentation" });
    const unreadable = finding({ ruleId: "quality-data-unreadable", file: "contracts/a.yaml", line: 1, column: 1, message: "No data to test." });
    // Core's input rules by default; a stage's own (contract-test's unreadable data) when the report names them.
    const byDefault = parseXml(renderJunit(reportInput([...SAMPLE_FINDINGS, broken, unreadable])));
    expectCountsToMatch(byDefault);
    expect(byDefault.attributes).toMatchObject({ tests: "6", failures: "2", errors: "1" });
    const suite = childrenNamed(byDefault, "testsuite").find((s) => s.attributes.name === "contracts/broken.yaml")!;
    const error = childrenNamed(childrenNamed(suite, "testcase")[0]!, "error")[0]!;
    expect(error.attributes).toEqual({ type: "error", message: "yaml-syntax: YAML syntax error: bad indentation" });
    expect(error.text).toBe("contracts/broken.yaml:3:5");
    const withStageRules = parseXml(renderJunit(reportInput([...SAMPLE_FINDINGS, broken, unreadable], { inputRuleIds: new Set(["yaml-syntax", "quality-data-unreadable"]) })));
    expectCountsToMatch(withStageRules);
    expect(withStageRules.attributes).toMatchObject({ tests: "6", failures: "1", errors: "2" });
  });

  it("gives two findings of one rule at one position case names of their own, so readers keep both", () => {
    // As ODCS schema validation reports two missing required properties, both at the document's 1:1.
    const missing = (field: string) => finding({ ruleId: "schema-valid", file: "c.yaml", line: 1, column: 1, message: `missing required property \`${field}\`` });
    const waived = { ...missing("name"), suppression: { justification: "legacy", approver: "ana", expires: "2027-01-01" } };
    const root = parseXml(renderJunit(reportInput([missing("version"), missing("id")], { suppressed: [waived] })));
    expectCountsToMatch(root);
    const cases = childrenNamed(childrenNamed(root, "testsuite")[0]!, "testcase");
    expect(cases.map((c) => c.attributes.name)).toEqual(["schema-valid at 1:1", "schema-valid at 1:1 (2)", "schema-valid at 1:1 (3)"]);
    expect(cases.map((c) => childrenNamed(c, "failure")[0]?.attributes.message ?? "skipped")).toEqual([
      "schema-valid: missing required property `id`",
      "schema-valid: missing required property `version`",
      "skipped",
    ]);
  });

  it("lists each clean file as a passing case when the files are known", () => {
    const xml = renderJunit(reportInput(SAMPLE_FINDINGS, { files: ["contracts/c.yaml", "contracts/a.yaml", "contracts/b.yaml", "x & y.yaml"] }));
    const root = parseXml(xml);
    expect(childrenNamed(root, "testsuite").map((s) => s.attributes.name)).toEqual([
      "contracts/a.yaml",
      "contracts/b.yaml",
      "contracts/c.yaml",
      "x & y.yaml",
    ]);
    expectCountsToMatch(root);
    expect(root.attributes.tests).toBe("5");
  });

  it("orders the clean files by code unit, not by the machine's locale", () => {
    const root = parseXml(renderJunit(reportInput([], { files: ["ä.yaml", "z.yaml", "a.yaml", "B.yaml"] })));
    expect(childrenNamed(root, "testsuite").map((s) => s.attributes.name)).toEqual(["B.yaml", "a.yaml", "z.yaml", "ä.yaml"]);
  });

  it("is well-formed with no findings, and with no file checked still has a suite: the report's, of no tests", () => {
    const root = parseXml(renderJunit(reportInput([], { title: "contract-lint", summary: { errors: 0, warnings: 0, infos: 0, files: 0 } })));
    expect(root.attributes).toMatchObject({ tests: "0", failures: "0" });
    expectCountsToMatch(root);
    const suites = childrenNamed(root, "testsuite");
    expect(suites.map((s) => [s.attributes.name, s.attributes.tests, s.children])).toEqual([["contract-lint", "0", []]]);
    // So with an empty list of files, and with no tests (`meshkit policy test` of a pack without fixtures).
    for (const options of [{ files: [] }, { testCases: { ruleId: "policy-test-failed", cases: [] } }]) {
      expect(childrenNamed(parseXml(renderJunit(reportInput([], { title: "contract-lint", ...options }))), "testsuite")).toHaveLength(1);
    }
  });

  it("lists given tests in place of their rule's findings: one case per test, passing or failing, beside other findings", () => {
    const missing = finding({ ruleId: "policy-test-failed", file: "tests/a.yaml", line: 1, column: 1, message: "Expected r at line 9 of tests/a.yaml, not reported." });
    const unexpected = finding({ ruleId: "policy-test-failed", file: "tests/a.yaml", line: 12, column: 5, message: "Unexpected s: bad" });
    const broken = finding({ ruleId: "yaml-syntax", file: "tests/c.yaml", line: 2, column: 1, message: "YAML syntax error" });
    const xml = renderJunit(
      reportInput([missing, unexpected, broken], {
        title: "policy test",
        testCases: {
          ruleId: "policy-test-failed",
          cases: [
            { file: "tests/a.yaml", name: "expect r 9", failure: { message: missing.message, file: "tests/a.yaml", line: 1, column: 1 } },
            { file: "tests/a.yaml", name: "expect r 10" },
            { file: "tests/a.yaml", name: "unexpected s at 12:5", failure: { message: unexpected.message, file: "tests/a.yaml", line: 12, column: 5 } },
            { file: "tests/b.json", name: "expect none" },
          ],
        },
      }),
    );
    const root = parseXml(xml);
    expectCountsToMatch(root);
    // The fixture that does not parse is no failed test: it could not be tested (an error).
    expect(root.attributes).toMatchObject({ tests: "5", failures: "2", errors: "1" });
    const suites = childrenNamed(root, "testsuite");
    expect(suites.map((s) => s.attributes.name)).toEqual(["tests/a.yaml", "tests/b.json", "tests/c.yaml"]);
    expect(childrenNamed(suites[0]!, "testcase").map((c) => c.attributes.name)).toEqual(["expect r 9", "expect r 10", "unexpected s at 12:5"]);
    expect(childrenNamed(childrenNamed(suites[0]!, "testcase")[0]!, "failure")[0]!.attributes.message).toBe(missing.message);
    expect(childrenNamed(suites[1]!, "testcase")[0]!.children).toEqual([]);
    // No "files without findings" case: every file the tests read is listed.
    expect(xml).not.toContain("without findings");
  });

  it("escapes markup and strips characters XML 1.0 cannot hold", () => {
    const message = `a <tag> & "quotes" 'apos' \u0000nul \u001bESC \uFFFE line\nbreak \uD800 🚀 ]]>`;
    const f = finding({ ruleId: "r<1>", file: 'dir/"&<x>.yaml', line: 1, column: 2, message });
    const xml = renderJunit(reportInput([f], { summary: { errors: 1, warnings: 0, infos: 0, files: 1 } }));
    const root = parseXml(xml);
    expectCountsToMatch(root);
    const failure = childrenNamed(childrenNamed(childrenNamed(root, "testsuite")[0]!, "testcase")[0]!, "failure")[0]!;
    expect(failure.attributes.message).toBe(`r<1>: a <tag> & "quotes" 'apos' nul ESC  line\nbreak  🚀 ]]>`);
    expect(failure.text).toBe('dir/"&<x>.yaml:1:2');
    expect(xml).toContain("line&#10;break");
    expect(xml).not.toContain("\u0000");
  });

  it("has small escaping helpers that do one thing each", () => {
    expect(stripInvalidXmlChars("a\u0000b\u0008c\td\ne\rf\uFFFFg\uD83D\uDE80")).toBe("abc\td\ne\rfg🚀");
    expect(escapeXmlText(`<a href="x">&</a>`)).toBe(`&lt;a href="x"&gt;&amp;&lt;/a&gt;`);
    expect(escapeXmlAttribute(`"it's"\t<&>\r\n`)).toBe("&quot;it&apos;s&quot;&#9;&lt;&amp;&gt;&#13;&#10;");
  });

  it("drops exactly what XML 1.0 cannot hold, over every code point and lone surrogates", () => {
    const xmlChar = (cp: number) => cp === 0x9 || cp === 0xa || cp === 0xd || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || cp >= 0x10000;
    for (let code = 0; code <= 0x10ffff; code += code < 0x30000 ? 1 : 0x101) {
      const ch = String.fromCodePoint(code);
      if (stripInvalidXmlChars(`a${ch}b`) !== `a${xmlChar(code) ? ch : ""}b`) expect.fail(`U+${code.toString(16)}`);
    }
    expect(stripInvalidXmlChars("\uDE80\uD83D\uD83D\uDE80")).toBe("🚀");
  });

  it("has a parser that rejects what is not well-formed (the checker works)", () => {
    expect(() => parseXml("<a><b></a></b>")).toThrow();
    expect(() => parseXml('<a x="1" x="2"/>')).toThrow();
    expect(() => parseXml("<a>&nbsp;</a>")).toThrow();
    expect(() => parseXml("<a>&</a>")).toThrow();
    expect(() => parseXml("<a>\u0001</a>")).toThrow();
    expect(() => parseXml("<a/><b/>")).toThrow();
    expect(() => parseXml('<a x="<"/>')).toThrow();
    expect(parseXml('<a x="&#10;&amp;">t&lt;</a>')).toEqual({ name: "a", attributes: { x: "\n&" }, children: [], text: "t<" });
  });
  it("prints nothing a CI log would run as a workflow command, and parses back to the same text", () => {
    const message = "name `x\n::error::forged` and `y ##[error]forged`\r\n::add-mask::z";
    const xml = renderJunit(reportInput([finding({ ruleId: "r", file: "a.yaml", line: 1, column: 1, severity: "warning", message }), finding({ ruleId: "s", file: "a.yaml", line: 2, column: 1, severity: "error", message })]));
    for (const line of xml.split("\n")) {
      expect(line.trimStart().startsWith("::"), line).toBe(false);
      expect(line.includes("##["), line).toBe(false);
    }
    const suite = childrenNamed(parseXml(xml), "testsuite")[0]!;
    const [warning, error] = childrenNamed(suite, "testcase");
    expect(childrenNamed(warning!, "system-out")[0]!.text).toBe(`a.yaml:1:1: warning r ${message}`);
    expect(childrenNamed(error!, "failure")[0]!.attributes.message).toBe(`s: ${message}`);
  });
});
