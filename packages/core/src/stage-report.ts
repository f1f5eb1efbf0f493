/**
 * What one stage run reports, independent of where it is shown: the GitHub actions turn it into
 * annotations, a job summary, outputs and their section of the PR comment; `meshkit ci` into the
 * same comment markdown. Each stage package builds its own (`compatStageReport`, …), so both read
 * the same numbers and the same markdown.
 */
import type { Finding, InSourceSuppressedFinding, RuleMeta, SuppressedFinding } from "./findings.js";

export interface StageReport {
  findings: Finding[];
  /** Failures a waiver accepted (policy-check): in the SARIF file as suppressed results, never counted. */
  suppressed?: readonly SuppressedFinding[];
  /** Findings a comment in their file suppressed (contract-lint): in the SARIF file as in-source suppressions, never counted. */
  suppressedInSource?: readonly InSourceSuppressedFinding[];
  /** Number of files checked. */
  files: number;
  /** Every rule the stage can report (SARIF `tool.driver.rules`). */
  rules: readonly RuleMeta[];
  /** More outputs of the action (name → value; declared in its action.yml). */
  outputs?: Readonly<Record<string, string>>;
  /** Markdown shown after the findings (a changelog, the checks table, the plan). */
  summary?: string;
  /** One-line notices not tied to a file, e.g. why nothing was checked. */
  notices?: readonly string[];
  /**
   * Rule ids of the stage's own that, like core's input rules (`yaml-syntax`, `config-invalid`, …), mean
   * an input could not be processed: any such finding makes the stage exit 2 (e.g. a policy that does not compile).
   */
  inputRuleIds?: readonly string[];
}
