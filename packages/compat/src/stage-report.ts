/**
 * A `runCompat` run as a StageReport: its findings, plus this action's own outputs
 * (the required bump, whether anything breaks, the changelog) and the changelog in the job summary.
 */
import type { StageReport } from "@meshkit/core";
import { renderChangelog } from "./changelog.js";
import { maxBump } from "./kinds.js";
import { COMPAT_RULES, type CompatRun } from "./run.js";

/** The outputs this action sets besides runStage's (each is declared in action.yml; checked by action-metadata.test.ts). */
export const COMPAT_OUTPUTS = { requiredBump: "required-bump", breaking: "breaking", changelog: "changelog" } as const;

/** The stage report of a comparison with `baseLabel` (a ref, or a short SHA and where it came from). */
export function compatStageReport(run: CompatRun, baseLabel: string): StageReport {
  const changelog = renderChangelog(run.contracts, { title: `Contract changes since ${baseLabel}` });
  return {
    findings: run.findings,
    files: run.files,
    rules: COMPAT_RULES,
    outputs: {
      [COMPAT_OUTPUTS.requiredBump]: maxBump(run.contracts.map((c) => c.requiredBump)),
      [COMPAT_OUTPUTS.breaking]: String(run.contracts.some((c) => c.requiredBump === "major")),
      [COMPAT_OUTPUTS.changelog]: changelog,
    },
    summary: `${changelog.trimEnd()}\n\n_Compatibility mode: ${run.mode}._\n`,
  };
}

/** Nothing to compare (a branch's first commit): a pass, with a notice saying why. */
export function nothingToCompare(reason: string): StageReport {
  return {
    findings: [],
    files: 0,
    rules: COMPAT_RULES,
    outputs: { [COMPAT_OUTPUTS.requiredBump]: "none", [COMPAT_OUTPUTS.breaking]: "false", [COMPAT_OUTPUTS.changelog]: "" },
    summary: `${capitalize(reason)}\n`,
    notices: [reason],
  };
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
