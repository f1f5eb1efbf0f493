import { UsageError, joinedPieces, singleLine } from "@meshkit/core";
import { ciRefusesProductionChange } from "@meshkit/github";
import { POLICY_INPUT_RULE_IDS, POLICY_INPUT_RULES, checkInfrastructureDocuments } from "@meshkit/policy";
import { ALL_PROVISION_RULES, PROVISION_TARGETS, ProvisionStoppedError, type ProvisionPlan, type ProvisionTarget, planTextLines, provisionStageReport, runProvision } from "@meshkit/provision";
import { type ReportOptions, parseFormat, report, reportedFile } from "../output.js";
import { writeInertPieces } from "../workflow-commands.js";

export interface ProvisionCommandOptions extends ReportOptions {
  target?: string;
  out?: string;
  allowDestructive?: boolean;
  server?: string;
  config?: string;
}

/** Provision's rules and policy-invalid's, whose RuleMeta makes the SARIF of a run whose packs do not load say it did not succeed. */
const RULES = [...ALL_PROVISION_RULES, ...POLICY_INPUT_RULES];

/** `meshkit provision plan|apply`: the contracts as infrastructure; rendered and planned infrastructure is policy-checked. */
export async function provisionCommand(mode: string, paths: string[], options: ProvisionCommandOptions, cwd = process.cwd()): Promise<number> {
  if (mode !== "plan" && mode !== "apply") throw new UsageError(`meshkit provision ${mode}: use plan or apply`);
  const target = options.target;
  if (target !== undefined && !(PROVISION_TARGETS as readonly string[]).includes(target)) throw new UsageError(`unknown --target ${target}; use one of ${PROVISION_TARGETS.join(", ")}`);
  if (mode === "apply") {
    const refused = ciRefusesProductionChange();
    if (refused) throw new UsageError(`provision apply changes infrastructure, and ${refused}; run provision plan here`);
  }
  const configPath = options.config;
  const title = `provision ${mode}${target ? ` (${target})` : ""}`;
  const run = await runProvision({
    cwd,
    paths,
    mode,
    // Files named in messages read as the report shows findings' files (from the workspace, in a GitHub Actions step below it).
    displayFile: reportedFile(parseFormat(options.format, process.stdout), cwd),
    ...(target ? { target: target as ProvisionTarget } : {}),
    ...(configPath ? { configPath } : {}),
    // A folder that cannot be made is named as the user gave it: "cannot write --out a-file/p: …".
    ...(options.out ? { out: options.out, outLabel: `--out ${options.out}` } : {}),
    // The report must not replace the plan (`--out plans -o plans/plan.json`).
    ...(options.output ? { report: { file: options.output, label: `--output ${options.output}` } } : {}),
    ...(options.allowDestructive ? { allowDestructive: true } : {}),
    ...(options.server ? { server: options.server, serverLabel: `--server ${options.server}` } : {}),
    policyCheck: (documents) => checkInfrastructureDocuments(documents, { cwd, ...(configPath ? { configPath } : {}) }),
  }).catch((error: unknown) => {
    // terraform or the server failed after the contracts were read: what they said about the contracts is
    // reported first (a warning is not lost to a network error), with the failure; then the one-line error, exit 2.
    if (error instanceof ProvisionStoppedError && error.findings.length > 0) {
      report([...error.findings], error.files, RULES, title, options, cwd, { sarifCategory: "provision", inputRuleIds: POLICY_INPUT_RULE_IDS, error: error.message });
    }
    throw error;
  });
  // The plan is the command's main output on a terminal; machine formats carry it as `plan`.
  const format = parseFormat(options.format, process.stdout);
  if (format === "text" && !options.output) {
    // Addresses and details carry names and descriptions from the contracts: one line each, without the
    // control characters (an escape sequence would recolour or retitle the terminal), and inert in a CI log.
    // Line by line, in pieces of ~1 MiB: the plan of 40,000 contracts is ~400 MB of text.
    writeInertPieces(() => joinedPieces(planOutputLines(run.plan, run.notices, mode === "apply" && run.applied)));
  }
  const extra = { plan: run.plan, applied: run.applied, written: run.written, notices: run.notices };
  return report(run.findings, run.files, RULES, `provision ${mode} (${run.plan.target})`, options, cwd, { sarifCategory: "provision", extra, inputRuleIds: POLICY_INPUT_RULE_IDS, summary: () => provisionStageReport(run).summary ?? "" });
}

/**
 * The plan's lines, then whether they were applied, then its notices, each a line of its own (a line break in a
 * detail starts another). An apply prints the plan it carried out: without the line saying so, its log reads
 * as a plan's, and whoever reads it cannot tell that the changes were made (the job summary says **Applied.**).
 */
function* planOutputLines(plan: ProvisionPlan, notices: readonly string[], applied: boolean): Generator<string> {
  for (const line of planTextLines(plan)) for (const part of line.split("\n")) yield `${singleLine(part)}\n`;
  if (applied && plan.changes.length > 0) yield `Applied (${plan.target}): the ${plan.changes.length === 1 ? "change above was" : `${plan.changes.length} changes above were`} made.\n`;
  for (const notice of notices) yield `note: ${singleLine(notice)}\n`;
}
