/**
 * The job summary: `renderJobSummary` (verdict, counts and a table of every finding) appended to
 * the step's GITHUB_STEP_SUMMARY file, optionally followed by more markdown from the stage (e.g. a
 * changelog). Outside a runner (no GITHUB_STEP_SUMMARY) nothing is written.
 */
import * as core from "@actions/core";
import { renderJobSummary, type JobSummaryOptions, type ReportInput } from "@meshkit/core";

/** Appends the summary; returns whether one was written. Throws if the summary file cannot be written. */
export async function writeJobSummary(input: ReportInput, options: JobSummaryOptions = {}): Promise<boolean> {
  if (!process.env.GITHUB_STEP_SUMMARY) return false;
  try {
    await core.summary.addRaw(renderJobSummary(input, options), true).write();
  } finally {
    // A failed write must not leave this summary in the shared buffer for a later write.
    core.summary.emptyBuffer();
  }
  return true;
}

/**
 * The summary of a step that could not run: why, as its PR comment section says it (the log is a click
 * further). Never throws: the step has already failed with that reason.
 */
export async function writeFailureSummary(markdown: string): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) return;
  try {
    await core.summary.addRaw(markdown, true).write();
  } catch {
    // the reason is in the log and the step's failure annotation
  } finally {
    core.summary.emptyBuffer();
  }
}
