import type { FailOn, Finding, InSourceSuppressedFinding, RuleMeta, SuppressedFinding, Summary } from "../findings.js";

/** Everything a reporter needs; the same input renders in every format. */
export interface ReportInput {
  findings: Finding[];
  summary: Summary;
  /**
   * Failures a waiver accepted: not in `findings`, `summary` or the exit code, but shown apart in every
   * format (SARIF: results with an accepted suppression), so that what is waived stays visible.
   */
  suppressed?: readonly SuppressedFinding[];
  /** Findings a comment in their file suppressed: in SARIF (in-source suppressions) and JSON only, never counted. */
  suppressedInSource?: readonly InSourceSuppressedFinding[];
  tool: { name: string; version: string; informationUri?: string };
  /** Rules the stage knows (SARIF `tool.driver.rules`); rules seen only in findings are listed too. */
  rules: RuleMeta[];
  /** The stage or check the report is about, e.g. "contract-lint"; headings default to the tool name. */
  title?: string;
  /**
   * The SARIF run's code scanning category (`automationDetails.id` is `<category>/`); default: `title`.
   * github/codeql-action/upload-sarif keeps a category the file names (its `category` input is then
   * not used), and a later upload of the same tool and category replaces the earlier one's alerts: two
   * projects of one repository (two working directories) need a category each.
   */
  sarifCategory?: string;
  /**
   * `github`: whether a job summary (GITHUB_STEP_SUMMARY) lists every finding. Only then are the annotations
   * capped at what GitHub shows per step; without one (`-f github` outside a runner), the findings past the
   * cap would be in no output at all, so every finding is an annotation. Default: true.
   */
  jobSummary?: boolean;
  /** ANSI colour in the `text` format only; never anywhere else. */
  color?: boolean;
  /**
   * Every file that was checked, when known. JUnit lists the ones without findings as passing
   * test cases; without this list they are counted (from `summary.files`) in one passing test case.
   */
  files?: readonly string[];
  /**
   * The lowest severity that fails the run (`--fail-on`, default error). JUnit marks only those
   * findings as failures, so a dashboard's failed tests are what failed the run.
   */
  failOn?: FailOn;
  /**
   * The rules whose findings mean a file could not be processed (exit code 2: core's input rules and the stage's
   * own, such as `policy-invalid`): JUnit reports them as errors, not failures. Default: core's input rules.
   */
  inputRuleIds?: ReadonlySet<string>;
  /**
   * Tests that stand, in JUnit, for the findings of `ruleId`: `meshkit policy test` reports one test case per
   * expectation, met or not, rather than one per failure, so that a dashboard counts the tests a pack has. Each
   * finding of `ruleId` must be the failure of one of the cases; findings of other rules are listed as usual.
   */
  testCases?: { ruleId: string; cases: readonly ReportTestCase[] };
  /**
   * Stage-specific data added to the `json` report after `findings` and `summary`
   * (schema-compat adds `contracts`: versions, bumps and changes per document).
   */
  extra?: Record<string, unknown>;
  /**
   * Why the run stopped before it had findings to report (exit 2: an input it could not process), for
   * machine formats a CI step reads: json `error`, a SARIF invocation that did not succeed, a JUnit error;
   * the github annotations, markdown's verdict and text's last line say it too.
   */
  error?: string;
}

/** One test for JUnit (see `ReportInput.testCases`). */
export interface ReportTestCase {
  /** The file the test is about (a fixture): its JUnit test suite. */
  file: string;
  /** What it tests (`expect table-description 20`). */
  name: string;
  /** Why it failed, and where (a JSON fixture's expectation is written in its `.expect` file); absent when it passed. */
  failure?: { message: string; file: string; line: number; column: number };
}

export function titleOf(input: ReportInput): string {
  return input.title ?? input.tool.name;
}
