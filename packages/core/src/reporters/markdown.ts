/**
 * `markdown`: a PR comment. Heading, verdict, counts, then one table per file
 * (Severity | Location | Rule | Message), collapsed in `<details>` when long.
 */
import { sortFindings } from "../findings.js";
import { groupByFile, plural, summaryPhrase } from "./common.js";
import {
  SEVERITY_LABEL,
  capMarkdown,
  closeReport,
  closingBytes,
  escapeMarkdown,
  inlineCode,
  reportHead,
  renderWithinBudget,
  ruleLink,
  tableHeader,
  tableRow,
  toolFooter,
  waivedSection,
  type MarkdownSection,
} from "./markdown-text.js";
import type { ReportInput } from "./types.js";

/** More findings than this and the tables are collapsed. */
export const MARKDOWN_COLLAPSE_AFTER = 50;
/** GitHub rejects issue and PR comments over 65,536 characters. */
export const PR_COMMENT_MAX_CHARS = 65_536;
/** Default budget: the limit minus room for what the comment glue adds (a marker, a link to the run). */
export const MARKDOWN_BUDGET_BYTES = 60_000;

export interface MarkdownOptions {
  maxBytes?: number;
  /** Counts and tables only, no title, verdict or footer: a section of a larger comment whose heading says them. */
  asSection?: boolean;
  /** Markdown the stage adds after the findings (its plan, changelog, checks table), as in the job summary; at most half the budget. */
  append?: string;
}

export function renderMarkdown(input: ReportInput, options: MarkdownOptions = {}): string {
  const table = { table: true };
  const findings = sortFindings(input.findings);
  const sections: MarkdownSection[] = [...groupByFile(findings)].map(([file, group]) => ({
    heading: `#### ${inlineCode(file)} (${plural(group.length, "finding")})\n\n${tableHeader(["Severity", "Location", "Rule", "Message"])}`,
    count: group.length,
    row: (index) => {
      const f = group[index]!;
      return tableRow([SEVERITY_LABEL[f.severity], `${f.line}:${f.column}`, ruleLink(f, table, input.rules), escapeMarkdown(f.message, table)]);
    },
  }));
  // Waived failures in a table of their own after the files': they do not count, and stay in view.
  const waived = waivedSection(input);
  sections.push(...waived);
  const collapsed = findings.length > MARKDOWN_COLLAPSE_AFTER;
  const headText = options.asSection ? summaryPhrase(input.summary, input.suppressed?.length) : reportHead(input);
  const head = collapsed
    ? `${headText}\n\n<details>\n<summary>${plural(findings.length, "finding")} in ${plural(sections.length - waived.length, "file")}</summary>`
    : headText;
  const tail = (omitted: number) =>
    [
      ...(omitted > 0
        ? [`_${plural(omitted, "more finding")} not shown: a comment is limited to 65,536 characters; see the job summary._`, ""]
        : []),
      ...(collapsed ? ["</details>", ""] : []),
    ].join("\n");
  const budget = options.maxBytes ?? MARKDOWN_BUDGET_BYTES;
  const extra = options.append ? capMarkdown(options.append, Math.floor(budget / 2), PR_COMMENT_CUT) : "";
  const footer = options.asSection ? "" : toolFooter(input);
  const report = renderWithinBudget(head, sections, tail, budget - closingBytes(extra, footer));
  return closeReport(report, extra, footer);
}

const PR_COMMENT_CUT = "a comment is limited to 65,536 characters; see the job summary";
