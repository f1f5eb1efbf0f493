/**
 * `junit`: JUnit XML as Jenkins, GitLab, Azure DevOps and the common JUnit report actions read it.
 * One <testsuite> per file, one <testcase> per finding (<error> for a file the run could not process,
 * <failure> for the findings that fail the run under `failOn`, a passing case with <system-out> for the
 * others, a <skipped> one for each failure a waiver accepted), and a passing <testcase> for each file
 * without findings. Where the report is about tests (`testCases`: `meshkit policy test`'s expectations),
 * their findings are not cases of their own: each test is one case, passing or failing, in the suite of
 * the file it is written in.
 */
import { INPUT_RULE_IDS, compareText, failsRun, sortFindings, type FailOn, type Finding, type SuppressedFinding } from "../findings.js";
import { groupByFile, plural, waiverNote } from "./common.js";
import { titleOf, type ReportInput, type ReportTestCase } from "./types.js";
import { escapeXmlText, xmlTag } from "./xml.js";

/** How a finding's test case ended: as a JUnit reader counts it (a waived failure is skipped, not passed). */
type Outcome = "error" | "failure" | "skipped" | "passed";

/**
 * A file the run could not process (an input rule: exit 2) is a JUnit error, as a test that could not run is,
 * not a failure: a dashboard then tells "could not check" from "checked and found wrong", as the exit code does.
 */
function outcomeOf(f: Finding | SuppressedFinding, failOn: FailOn, inputRuleIds: ReadonlySet<string>): Outcome {
  if ("suppression" in f) return "skipped";
  if (inputRuleIds.has(f.ruleId)) return "error";
  return failsRun(f, failOn) ? "failure" : "passed";
}

/**
 * Each finding's case name, `rule-id at line:column`, unique in its suite: a rule can report twice at one node
 * (ODCS schema: "missing required property `id`" and "… `version`", both at 1:1), and readers key cases by
 * classname + name (GitLab and Jenkins merge such cases, GitHub test reporters list one of them). The second and
 * later ones are numbered in report order, so the first keeps the name it has when it is alone.
 */
function caseNames(findings: readonly (Finding | SuppressedFinding)[]): string[] {
  const seen = new Map<string, number>();
  return findings.map((f) => {
    const name = `${f.ruleId} at ${f.line}:${f.column}`;
    const count = (seen.get(name) ?? 0) + 1;
    seen.set(name, count);
    return count === 1 ? name : `${name} (${count})`;
  });
}

function testcase(f: Finding | SuppressedFinding, outcome: Outcome, name: string): string {
  const location = `${f.file}:${f.line}:${f.column}`;
  const open = xmlTag("testcase", { classname: f.file, name, file: f.file, time: 0 });
  const body =
    "suppression" in f
      ? `${xmlTag("skipped", { message: `${f.ruleId}: ${waiverNote(f)}` })}${escapeXmlText(`${location}: ${f.severity} ${f.ruleId} ${f.message}`)}</skipped>`
      : outcome === "passed"
        ? `<system-out>${escapeXmlText(`${location}: ${f.severity} ${f.ruleId} ${f.message}`)}</system-out>`
        : `${xmlTag(outcome, { type: f.severity, message: `${f.ruleId}: ${f.message}` })}${escapeXmlText(location)}</${outcome}>`;
  return `    ${open}\n      ${body}\n    </testcase>`;
}

function testCaseOf(test: ReportTestCase): string {
  const attributes = { classname: test.file, name: test.name, file: test.file, time: 0 };
  if (!test.failure) return `    ${xmlTag("testcase", attributes, true)}`;
  const open = xmlTag("testcase", attributes);
  const { message, file, line, column } = test.failure;
  return `    ${open}\n      ${xmlTag("failure", { type: "error", message })}${escapeXmlText(`${file}:${line}:${column}`)}</failure>\n    </testcase>`;
}

function suite(name: string, cases: string[], failures: number, skipped = 0, errors = 0): string {
  const open = xmlTag("testsuite", { name, tests: cases.length, failures, errors, skipped, time: 0 });
  return `  ${open}\n${cases.join("\n")}\n  </testsuite>`;
}

function passingSuite(name: string, caseName: string): string {
  return suite(name, [`    ${xmlTag("testcase", { classname: name, name: caseName, time: 0 }, true)}`], 0);
}

export function renderJunit(input: ReportInput): string {
  const failOn = input.failOn ?? "error";
  const inputRuleIds = input.inputRuleIds ?? INPUT_RULE_IDS;
  // Each file's findings, then its waived failures (skipped cases).
  const tested = input.testCases;
  const listed = tested ? input.findings.filter((f) => f.ruleId !== tested.ruleId) : input.findings;
  const groups = groupByFile<Finding | SuppressedFinding>([...sortFindings(listed), ...sortFindings(input.suppressed ?? [])]);
  const testsByFile = new Map<string, ReportTestCase[]>();
  for (const test of tested?.cases ?? []) testsByFile.set(test.file, [...(testsByFile.get(test.file) ?? []), test]);
  const suites: string[] = [];
  let tests = 0;
  let failures = 0;
  let skipped = 0;
  let errors = 0;
  // Tests in file order, as `meshkit policy test` reads the fixtures; otherwise the findings' own order.
  const files = tested ? [...new Set([...groups.keys(), ...testsByFile.keys()])].sort(compareText) : [...groups.keys()];
  for (const file of files) {
    const findings = groups.get(file) ?? [];
    const ownTests = testsByFile.get(file) ?? [];
    const outcomes = findings.map((f) => outcomeOf(f, failOn, inputRuleIds));
    const count = (outcome: Outcome) => outcomes.filter((o) => o === outcome).length;
    const failed = count("failure") + ownTests.filter((t) => t.failure).length;
    const names = caseNames(findings);
    suites.push(suite(file, [...ownTests.map(testCaseOf), ...findings.map((f, i) => testcase(f, outcomes[i]!, names[i]!))], failed, count("skipped"), count("error")));
    tests += ownTests.length + findings.length;
    failures += failed;
    skipped += count("skipped");
    errors += count("error");
  }
  // With tests, every file they read has a case (or a finding of its own): no "files without findings" case.
  if (!tested && input.files) {
    const clean = [...new Set(input.files)].filter((file) => !groups.has(file)).sort(compareText);
    for (const file of clean) suites.push(passingSuite(file, "no findings"));
    tests += clean.length;
  } else if (!tested) {
    const clean = input.summary.files - groups.size;
    if (clean > 0) {
      suites.push(passingSuite("files without findings", `${plural(clean, "file")} without findings`));
      tests += 1;
    }
  }
  // A run that stopped is one errored test case: a dashboard shows it did not run, not that it passed.
  if (input.error !== undefined) {
    const open = xmlTag("testsuite", { name: titleOf(input), tests: 1, failures: 0, errors: 1, skipped: 0, time: 0 });
    const testcase = xmlTag("testcase", { classname: titleOf(input), name: "run", time: 0 });
    suites.push(`  ${open}\n    ${testcase}\n      ${xmlTag("error", { message: input.error })}${escapeXmlText(input.error)}</error>\n    </testcase>\n  </testsuite>`);
    tests += 1;
    errors += 1;
  }
  // Nothing checked (no file matched, a pack without fixtures): one suite of no tests, as a test runner that collected
  // none writes it (pytest). Readers that list a report's suites (GitLab, Jenkins, dorny/test-reporter) then show the
  // report's name with 0 tests, where a <testsuites> without any read as no report, or failed to parse.
  if (suites.length === 0) suites.push(`  ${xmlTag("testsuite", { name: titleOf(input), tests: 0, failures: 0, errors: 0, skipped: 0, time: 0 }, true)}`);
  const root = xmlTag("testsuites", { name: titleOf(input), tests, failures, errors, skipped, time: 0 });
  return ['<?xml version="1.0" encoding="UTF-8"?>', root, ...suites, "</testsuites>", ""].join("\n");
}
