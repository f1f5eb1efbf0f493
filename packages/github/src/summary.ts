/**
 * The job summary: `renderJobSummary` (verdict, counts and a table of every finding) appended to
 * the step's GITHUB_STEP_SUMMARY file. Outside a runner (no GITHUB_STEP_SUMMARY) nothing is written.
 */
import * as core from "@actions/core";
import { renderJobSummary, type ReportInput } from "@meshkit/core";

/** Appends the summary; returns whether one was written. Throws if the summary file cannot be written. */
export async function writeJobSummary(input: ReportInput): Promise<boolean> {
  if (!process.env.GITHUB_STEP_SUMMARY) return false;
  try {
    await core.summary.addRaw(renderJobSummary(input), true).write();
  } finally {
    // A failed write must not leave this summary in the shared buffer for a later write.
    core.summary.emptyBuffer();
  }
  return true;
}
