import { describe, expect, it, vi } from "vitest";
import { loadText } from "./document.js";
import { yamlDirectiveProblems } from "./yaml-directives.js";

// (a spy on the judge, to see which texts loadText hands to it)
vi.mock("./yaml-directives.js", async (original) => {
  const actual = await original<typeof import("./yaml-directives.js")>();
  return { ...actual, yamlDirectiveProblems: vi.fn(actual.yamlDirectiveProblems) };
});

const findings = (text: string) => loadText("c.yaml", text).findings.map((f) => `${f.ruleId}@${f.line}:${f.column} ${f.message}`);

describe("YAML directives (YAML 1.2, section 6.8)", () => {
  it("refuses what YAML 1.2 calls an error, at the directive, as a syntax error: a second %YAML, another major version, directives without `---` or without a document", () => {
    expect(findings("%YAML 1.2\n%YAML 1.2\n---\na: 1\n")).toEqual([
      "yaml-syntax@2:1 YAML syntax error: a second %YAML directive for one document (the first is at line 1); YAML allows one per document: keep one, `%YAML 1.2`.",
    ]);
    expect(findings("%YAML 2.0\n---\na: 1\n")).toEqual([
      "yaml-syntax@1:1 YAML syntax error: %YAML 2.0 declares a YAML version meshkit cannot read (it reads YAML 1.2); write `%YAML 1.2` or remove the directive.",
    ]);
    expect(findings("# c\n%YAML 1.2\na: 1\n")).toEqual([
      "yaml-syntax@2:1 YAML syntax error: the directive `%YAML 1.2` must be followed by a `---` line, where the document starts; add `---` after it.",
    ]);
    expect(findings("a: 1\n...\n%YAML 1.2\n")).toEqual([
      "yaml-syntax@3:1 YAML syntax error: the directive `%YAML 1.2` has no document after it; start the document with a `---` line after the directive, or remove the directive.",
    ]);
    for (const directive of ["%YAML", "%YAML abc", "%YAML abc 1.2"]) {
      expect(findings(`${directive}\n---\na: 1\n`), directive).toEqual([`yaml-syntax@1:1 YAML syntax error: \`${directive}\` names no YAML version; a %YAML directive takes one, as \`%YAML 1.2\` (or remove the directive).`]);
    }
    // A version and more: it does name one (the message said it named none).
    for (const directive of ["%YAML 1.2 1.1", "%YAML 1.2 extra"]) {
      expect(findings(`${directive}\n---\na: 1\n`), directive).toEqual([`yaml-syntax@1:1 YAML syntax error: \`${directive}\` names more than a YAML version; a %YAML directive takes one, as \`%YAML 1.2\` (or remove the directive).`]);
    }
    // A directive after a document that no `...` ends is read as content of that document: say what is missing.
    expect(findings("a: 1\n%YAML 1.2\n---\nb: 2\n")).toEqual([
      "yaml-syntax@2:1 YAML syntax error: `%YAML 1.2` is read as part of the document above it, not as a directive: a directive after a document needs a `...` line before it that ends that document (then `---` after the directive); add `...`, or remove the directive.",
      "yaml-syntax@2:1 YAML syntax error: Implicit map keys need to be followed by map values",
    ]);
    // A key that starts with `%` is no directive out of place: it is a key to quote, as a value is.
    for (const text of ["a: 1\n%done: 5\n", "---\n%percent_done:\n  x: 1\n"]) {
      expect(findings(text), text).toEqual([expect.stringMatching(/@2:1 YAML syntax error: a plain value cannot start with `%` \(the directive indicator\); quote the value/)]);
    }
    // …and before a document, where YAML reads it as a directive: the key is to be quoted, not followed by `---` (that drops it).
    for (const [text, line] of [["%done: 5\na: 1\n", 1], ["%done: 5\n", 1], ["%YAML 1.2\n%percent_done: # c\n  x: 1\n", 2]] as const) {
      expect(findings(text), text).toEqual([expect.stringMatching(new RegExp(`^yaml-syntax@${line}:1 YAML syntax error: \`%(done: 5|percent_done:)\` is read as a directive, not as a mapping entry: .*; quote a key that starts with \`%\``))]);
    }
    expect(findings("%FOO bar\na: 1\n")).toEqual(["yaml-syntax@1:1 YAML syntax error: the directive `%FOO bar` must be followed by a `---` line, where the document starts; add `---` after it."]);
    expect(findings("a: 1\n%TAG ! tag:x,2000:\n---\nb: 2\n")[0]).toMatch(/^yaml-syntax@2:1 YAML syntax error: `%TAG ! tag:x,2000:` is read as part of the document above it, not as a directive/);
    expect(findings("a: 1\nb: [%x]\n")).toEqual(["yaml-syntax@2:5 YAML syntax error: a plain value cannot start with `%` (the directive indicator); quote the value ('%…')."]);
    // (text read from a file has no byte order mark left; text given in memory may)
    expect(findings("\ufeff%YAML 2.0\n---\na: 1\n").map((f) => f.slice(0, 30))).toEqual(["yaml-syntax@1:2 YAML syntax er"]);
    // One prefix per tag handle (section 6.8.2): the `yaml` library took the second.
    expect(findings("%TAG !e! tag:a.example,2000:\n%TAG !f! tag:a.example,2000:\n%TAG !e! tag:b.example,2000:\n---\na: 1\n")).toEqual([
      "yaml-syntax@3:1 YAML syntax error: a second %TAG directive for the handle `!e!` in one document (the first is at line 1); YAML allows one per handle: keep one.",
    ]);
    expect(findings("%TAG !e! tag:a.example,2000:\n---\na: 1\n...\n%TAG !e! tag:b.example,2000:\n---\nb: 2\n")).toEqual([]);
    // Each document has directives of its own: the same version again after `...` is no repeat.
    expect(findings("%YAML 1.2\n---\na: 1\n...\n%YAML 1.2 # again\n---\nb: 2\n")).toEqual([]);
  });

  it("reads %YAML 1.1 and 1.3 as YAML 1.2, with a warning, as it does an unknown directive; %YAML 1.2 and %TAG need none", () => {
    const problems = (text: string) => yamlDirectiveProblems(text).map((p) => `${p.severity}@${p.line}:${p.column}-${p.endColumn} ${p.message}`);
    expect(problems("%YAML 1.1\n---\na: 1\n")).toEqual([expect.stringMatching(/^warning@1:1-10 %YAML 1\.1: meshkit reads every document as YAML 1\.2/)]);
    expect(problems("%YAML 1.3\n---\na: 1\n")).toEqual(["warning@1:1-10 %YAML 1.3 is newer than the YAML 1.2 meshkit reads; the document is read as YAML 1.2: write `%YAML 1.2` or remove the directive."]);
    expect(problems("%FOO bar\n---\na: 1\n")).toEqual(["warning@1:1-9 Unknown directive `%FOO` is ignored (YAML defines %YAML and %TAG); remove it."]);
    expect(problems("%YAML 1.2\n%TAG !e! tag:example.com,2000:\n---\na: 1\n")).toEqual([]);
    expect(problems("a: '%YAML 2.0'\nb: |\n  %YAML 2.0\n")).toEqual([]);
    // A lone CR ends a line, as loadText reads it (contract-lint judges the text as read, not as loadText rewrites it).
    expect(problems("%YAML 1.1\r---\ra: 1\r...\r%YAML 1.3\r---\rb: 2\r").map((p) => p.slice(0, 16))).toEqual(["warning@1:1-10 %", "warning@5:1-10 %"]);
  });

  it("refuses a `%` that names no directive (alone on a line, or a space after it) as a syntax error, not an unknown directive's warning: YAML 1.2's directive name is one or more non-space characters", () => {
    const nameless = (written: string, line = 1) =>
      `yaml-syntax@${line}:1 YAML syntax error: ${written} names no directive: before a document, a line that starts with \`%\` is a directive, whose name follows the \`%\` at once (\`%YAML 1.2\`); remove the line (or quote text that starts with \`%\`).`;
    for (const text of ["%\n---\na: 1\n", "% \n---\na: 1\n", "% # a comment\n---\na: 1\n", "%\n", "%\r\n---\r\na: 1\r\n"]) {
      expect(findings(text), JSON.stringify(text)).toEqual([nameless("`%` alone on a line")]);
    }
    expect(findings("% foo\n---\na: 1\n")).toEqual([nameless("`% foo`")]);
    expect(findings("a: 1\n...\n%\n---\nb: 2\n")).toEqual([nameless("`%` alone on a line", 3)]);
    // Removing the line is the fix: no `---` is asked for after it, nor is it taken for a key to quote…
    expect(findings("%\na: 1\n")).toEqual([nameless("`%` alone on a line")]);
    // …but a named directive after it still needs its `---`.
    expect(findings("%\n%YAML 1.2\na: 1\n")).toEqual([nameless("`%` alone on a line"), "yaml-syntax@2:1 YAML syntax error: the directive `%YAML 1.2` must be followed by a `---` line, where the document starts; add `---` after it."]);
    // A name is any non-space characters: `%#x` and `%%` are directives, unknown ones (a warning).
    const problems = (text: string) => yamlDirectiveProblems(text).map((p) => `${p.severity} ${p.message}`);
    expect(problems("%#x\n---\na: 1\n")).toEqual(["warning Unknown directive `%#x` is ignored (YAML defines %YAML and %TAG); remove it."]);
    expect(problems("%%\n---\na: 1\n")).toEqual(["warning Unknown directive `%%` is ignored (YAML defines %YAML and %TAG); remove it."]);
  });

  it("judges directives only in text js-yaml found no deeper than the nesting bound: the `yaml` parse of collections nested a million deep takes a minute and gigabytes", () => {
    vi.mocked(yamlDirectiveProblems).mockClear();
    const deep = `%YAML 1.2\n---\na: ${"[".repeat(1000)}${"]".repeat(1000)}\n`;
    expect(findings(deep)).toEqual([expect.stringMatching(/^yaml-syntax@3:\d+ YAML syntax error: collections nested more than 100 levels deep/)]);
    expect(yamlDirectiveProblems).not.toHaveBeenCalled();
    // (a shallow text is judged as ever)
    expect(findings("%YAML 2.0\n---\na: [[1]]\n")).toEqual([expect.stringMatching(/^yaml-syntax@1:1 YAML syntax error: %YAML 2\.0 declares/)]);
  });

  it("gives a %YAML 1.1 document the values YAML 1.2 reads, with an alias or without (one text, one value)", () => {
    const value = (text: string) => loadText("c.yaml", text).documents.map((d) => d.value);
    const expected = { a: "yes", b: 10, c: "1_000" };
    expect(value("%YAML 1.1\n---\na: yes\nb: 010\nc: 1_000\n")).toEqual([expected]);
    // An alias sends the text to the `yaml` library, whose 1.1 schema read `yes` as true and 010 as eight.
    expect(value("%YAML 1.1\n---\na: &y yes\nb: 010\nc: 1_000\nd: *y\n")).toEqual([{ ...expected, d: "yes" }]);
  });
});
