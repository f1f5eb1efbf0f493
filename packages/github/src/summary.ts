/**
 * The job summary: `renderJobSummary` (verdict, counts and a table of every finding) appended to
 * the step's GITHUB_STEP_SUMMARY file, optionally followed by more markdown from the stage (e.g. a
 * changelog). Outside a runner (no GITHUB_STEP_SUMMARY) nothing is written.
 */
import * as core from "@actions/core";
import { JOB_SUMMARY_BUDGET_BYTES, renderJobSummary, type ReportInput } from "@meshkit/core";

export interface JobSummaryOptions {
  /** Markdown shown after the findings; it gets at most half of the summary's byte budget. */
  append?: string;
  /** The whole summary's budget (GitHub refuses a step summary over 1 MiB). */
  maxBytes?: number;
}

/** Appends the summary; returns whether one was written. Throws if the summary file cannot be written. */
export async function writeJobSummary(input: ReportInput, options: JobSummaryOptions = {}): Promise<boolean> {
  if (!process.env.GITHUB_STEP_SUMMARY) return false;
  const budget = options.maxBytes ?? JOB_SUMMARY_BUDGET_BYTES;
  const extra = options.append ? capMarkdown(options.append, Math.floor(budget / 2)) : "";
  const extraBytes = Buffer.byteLength(extra, "utf8");
  try {
    let summary = core.summary.addRaw(renderJobSummary(input, { maxBytes: budget - extraBytes - 2 }), true);
    if (extra) summary = summary.addRaw(extra, true);
    await summary.write();
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

const STEP_SUMMARY_CUT = "a step summary is limited to 1 MiB";

/**
 * `text` when it fits in `maxBytes`, else its longest run of whole lines that fits, a note saying it
 * was cut and why, and the `</details>` of any fold left open by the cut (so the rest still renders).
 */
export function capMarkdown(text: string, maxBytes: number, why = STEP_SUMMARY_CUT): string {
  if (Buffer.byteLength(text, "utf8") <= maxBytes) return text;
  const note = `\n_(cut here: ${why}.)_\n`;
  const room = maxBytes - Buffer.byteLength(note, "utf8");
  const lines: string[] = [];
  let used = 0;
  let open = 0;
  for (const line of text.split("\n")) {
    const size = Buffer.byteLength(line, "utf8") + 1;
    if (used + size + open * 12 > room) break;
    lines.push(line);
    used += size;
    open += (line.match(/<details>/g) ?? []).length - (line.match(/<\/details>/g) ?? []).length;
  }
  return `${lines.join("\n")}${note}${"</details>\n".repeat(Math.max(0, open))}`;
}
