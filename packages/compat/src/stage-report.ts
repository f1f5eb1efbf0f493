/**
 * A `runCompat` run as a StageReport: its findings, plus this action's own outputs
 * (the required bump, whether anything breaks, the changelog) and the changelog in the job summary.
 */
import { type StageReport, escapeMarkdown } from "@meshkit/core";
import { renderChangelog } from "./changelog.js";
import { COMPAT_OUTPUTS, COMPAT_RULES, type CompatRun, bumpOutputs, isUncompared } from "./run.js";

/**
 * The stage report of a comparison with `baseLabel` (a ref, or a short SHA and where it came from). While a document
 * could not be read or compared (an error the findings name), its changes are unknown: the outputs are empty (see
 * bumpOutputs), and there is no changelog, not a "No contract or product changes." that a later step would take for
 * a pass, as `meshkit changelog` then prints the findings instead of one.
 */
export function compatStageReport(run: CompatRun, baseLabel: string): StageReport {
  const title = `Contract changes since ${baseLabel}`;
  const uncompared = run.findings.filter((f) => f.severity === "error" && isUncompared(f)).length;
  const said = uncompared === 1 ? "an error above says" : `${uncompared} errors above say`;
  const changelog = uncompared > 0 ? "" : renderChangelog(run.contracts, { title });
  const summary = uncompared > 0 ? `## ${escapeMarkdown(title)}\n\nNo changelog: ${said} what could not be read or compared, so the changes and the bump they require are not known.` : changelog.trimEnd();
  return {
    findings: run.findings,
    files: run.files,
    rules: COMPAT_RULES,
    outputs: { ...bumpOutputs(run.findings, run.contracts), [COMPAT_OUTPUTS.changelog]: changelog },
    summary: `${summary}\n\n_Compatibility mode: ${run.mode}._\n`,
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
