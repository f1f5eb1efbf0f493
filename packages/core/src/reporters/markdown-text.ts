/**
 * GitHub-flavoured Markdown building blocks shared by the `markdown` format (PR comments)
 * and the GitHub job summary: escaping, code spans, links, tables, verdict, size budget.
 */
import { sortFindings, type FailOn, type Finding, type RuleMeta, type Severity, type Summary } from "../findings.js";
import { byteLength, docsUrlOf, httpUrl, plural, replaceLineBreaks, singleLine, stoppedBeforeChecking, stripControlChars, summaryPhrase, waiverNote } from "./common.js";
import { titleOf, type ReportInput } from "./types.js";

/**
 * Characters that can start or end an inline construct (emphasis, links, HTML, entities, math,
 * strikethrough, table cells, headings' closing #). CommonMark lets any ASCII punctuation be
 * backslash-escaped, so escaping them is always safe.
 */
const ESCAPED = new Set(["\\", "`", "*", "_", "[", "]", "<", ">", "&", "|", "~", "#", "$", "!"]);

export interface MarkdownContext {
  /** Inside a table cell: line breaks become `<br>`, pipes are escaped even in code spans. */
  table?: boolean;
}

function backtickRun(text: string, at: number): number {
  let end = at;
  while (text[end] === "`") end++;
  return end - at;
}

/** Start of the next backtick run of exactly `length` after `from`, or -1 (CommonMark code span closing). */
function closingRun(text: string, from: number, length: number): number {
  let i = from;
  while (i < text.length) {
    if (text[i] === "`") {
      const run = backtickRun(text, i);
      if (run === length) return i;
      i += run;
    } else i++;
  }
  return -1;
}

/** A code span's content made safe for its context; undefined when it cannot be kept as code. */
function codeContent(content: string, ctx: MarkdownContext): string | undefined {
  const flat = replaceLineBreaks(content);
  if (!ctx.table) return flat;
  // In a table a pipe must be escaped even inside code; a backslash right before it would be ambiguous.
  if (flat.includes("\\|")) return undefined;
  return flat.replace(/\|/g, "\\|");
}

/**
 * What escapeMarkdown looks at: backticks, line breaks, `@`, the `-` of a `GH-1` reference (`GH` not inside a
 * word, a digit after) and the ESCAPED characters. Any other is copied as it is.
 */
const MARKDOWN_SPECIAL = /[`\r\n\u2028\u2029@\\*_[\]<>&|~#$!]|(?<=\bgh)-(?=[0-9])/gi;

/**
 * Escape prose (a message) as Markdown, keeping its `code spans` as code. The text between two special
 * characters is copied in one piece and the pieces joined once: a string grown a character at a time is a
 * rope of one node per character, and a report's rows for 200,000 findings spent most of their time in GC.
 */
export function escapeMarkdown(text: string, ctx: MarkdownContext = {}): string {
  const s = stripControlChars(text);
  const lineBreak = ctx.table ? "<br>" : " ";
  const out: string[] = [];
  let i = 0;
  while (i < s.length) {
    MARKDOWN_SPECIAL.lastIndex = i;
    const next = MARKDOWN_SPECIAL.exec(s)?.index ?? s.length;
    if (next > i) {
      out.push(s.slice(i, next));
      i = next;
      continue;
    }
    const ch = s[i]!;
    if (ch === "`") {
      const run = backtickRun(s, i);
      const close = closingRun(s, i + run, run);
      const content = close >= 0 ? codeContent(s.slice(i + run, close), ctx) : undefined;
      if (close >= 0 && content !== undefined) {
        const fence = "`".repeat(run);
        out.push(fence, content, fence);
        i = close + run;
      } else {
        out.push("\\`".repeat(run));
        i += run;
      }
    } else if (ch === "\r" || ch === "\n" || ch === "\u2028" || ch === "\u2029") {
      out.push(lineBreak);
      i += ch === "\r" && s[i + 1] === "\n" ? 2 : 1;
    } else if (ch === "@" && MENTION_START.test(s.slice(Math.max(0, i - 1), i + 2))) {
      // GitHub turns `@name` in prose into a mention that notifies the user or team, escaped or not; a zero-width
      // space after the `@` keeps the text as it reads and notifies nobody.
      out.push("@&#8203;");
      i++;
    } else if (ch === "-" || (ch === "#" && isDigit(s[i + 1]))) {
      // GitHub links `#123`, `owner/repo#123` and `GH-123` to that issue or pull request, backslash-escaped or not
      // (it finds them in the rendered text), and the issue's timeline shows a reference to this comment: a
      // zero-width space before the number keeps the text as it reads and refers to nothing.
      out.push(ch === "#" ? "\\#" : "-", "&#8203;");
      i++;
    } else {
      out.push(ESCAPED.has(ch) ? `\\${ch}` : ch);
      i++;
    }
  }
  return out.join("");
}

const HTML_ENTITY: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" };

/**
 * One line of text inside meshkit's own HTML (a fold's `<summary>`), where GitHub reads no Markdown: a
 * backslash escape would show as written (`data\\_products`). HTML's special characters become entities; a
 * mention or an issue reference is broken by a zero-width space, as escapeMarkdown breaks them.
 */
export function escapeHtmlText(text: string): string {
  return singleLine(text)
    .replace(/[&<>"]/g, (ch) => HTML_ENTITY[ch]!)
    // Before the others add `&#8203;`, whose `#8` is no reference.
    .replace(/#(?=[0-9])/g, "#&#8203;")
    .replace(/(^|[^A-Za-z0-9_])(gh-)(?=[0-9])/gi, "$1$2&#8203;")
    .replace(/(^|[^A-Za-z0-9_])@(?=[A-Za-z0-9])/g, "$1@&#8203;");
}

function isDigit(ch: string | undefined): boolean {
  return ch !== undefined && ch >= "0" && ch <= "9";
}

/** An `@` where GitHub starts a mention: not after a word character (an e-mail address), before one. */
const MENTION_START = /^[^A-Za-z0-9_]?@[A-Za-z0-9]$/;

/** `text` as a code span (file names, locations), with a fence longer than any backtick run inside. */
export function inlineCode(text: string, ctx: MarkdownContext = {}): string {
  const flat = stripControlChars(replaceLineBreaks(text));
  if (flat === "") return "";
  const content = codeContent(flat, ctx);
  if (content === undefined) return escapeMarkdown(flat, ctx);
  const longest = Math.max(0, ...(flat.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longest + 1);
  const pad = /^[` ]|[` ]$/.test(content) && content.trim() !== "" ? " " : "";
  return `${fence}${pad}${content}${pad}${fence}`;
}

/** `[label](url)` for http(s) URLs; only the (escaped) label otherwise. `label` is already Markdown. */
export function markdownLink(label: string, url: string | undefined): string {
  const href = httpUrl(url);
  if (href === undefined) return label;
  return `[${label}](${href.replace(/[()|\s]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`)})`;
}

/** The rule id linked to its docs page (`rules`: the report's, which may say a rule has none). */
export function ruleLink(finding: Finding, ctx: MarkdownContext = {}, rules: readonly RuleMeta[] = []): string {
  return markdownLink(escapeMarkdown(finding.ruleId, ctx), docsUrlOf(finding, rules));
}

export const SEVERITY_LABEL: Record<Severity, string> = {
  error: "❌ error",
  warning: "⚠️ warning",
  info: "ℹ️ info",
};

export function tableRow(cells: readonly string[]): string {
  return `| ${cells.join(" | ")} |`;
}

export function tableHeader(headers: readonly string[]): string {
  return `${tableRow(headers)}\n${tableRow(headers.map(() => "---"))}`;
}

/**
 * Passed when the run exits 0: no error-level findings, and no warnings either under `--fail-on warning`
 * (else a comment would say "Passed" on a step that failed).
 */
export function verdictLine(summary: Summary, failOn: FailOn = "error"): string {
  const failed = summary.errors > 0 || (failOn === "warning" && summary.warnings > 0);
  return failed ? "❌ **Failed**" : "✅ **Passed**";
}

/**
 * Heading, verdict and counts: the top of every Markdown report. A run that stopped (`error`: exit 2, a catalog service or
 * terraform failing after findings were made) is no pass whatever its findings: its verdict says it stopped, and why.
 */
export function reportHead(input: ReportInput): string {
  const verdict = input.error !== undefined ? `⛔ **Stopped**: ${escapeMarkdown(input.error)}` : verdictLine(input.summary, input.failOn);
  const counts = stoppedBeforeChecking(input) ? [] : ["", summaryPhrase(input.summary, input.suppressed?.length)];
  return [`## ${escapeMarkdown(titleOf(input))}`, "", verdict, ...counts].join("\n");
}

/** `<sub>meshkit 1.2.3</sub>`, linked to the tool's home page when known. */
export function toolFooter(input: ReportInput): string {
  const name = markdownLink(escapeMarkdown(input.tool.name), input.tool.informationUri);
  return `<sub>${name} ${escapeMarkdown(input.tool.version)}</sub>`;
}

/**
 * A report (renderWithinBudget's text, without its footer), the stage's own markdown after it (`extra`: its checks
 * table, plan or changelog) and then `footer` (toolFooter; "" for none): the version line closes the whole
 * report, not the findings table above the stage's own.
 */
export function closeReport(report: string, extra: string, footer: string): string {
  const body = extra ? `${report}\n${extra}` : report;
  return footer ? `${body.trimEnd()}\n\n${footer}\n` : body;
}

/** What closeReport adds to a report of a budget: the stage's markdown and the footer, with their blank lines. */
export function closingBytes(extra: string, footer: string): number {
  return (extra ? byteLength(extra) + 1 : 0) + (footer ? byteLength(footer) + 3 : 0);
}

/** A block of rows under a heading (a table header, or a file heading and a table header). */
export interface MarkdownSection {
  heading: string;
  /** How many rows the section has. */
  count: number;
  /** Row `index` (0-based), rendered only when it is shown: a comment holds a few hundred of 100,000 findings. */
  row: (index: number) => string;
}

/**
 * `head`, then as many rows as fit in `maxBytes` (sections whose first row does not fit are dropped),
 * then `tail(omittedRows)`. GitHub rejects the whole text when it is over the limit, so cut instead.
 */
export function renderWithinBudget(
  head: string,
  sections: readonly MarkdownSection[],
  tail: (omitted: number) => string,
  maxBytes: number,
): string {
  const total = sections.reduce((n, s) => n + s.count, 0);
  const parts: string[] = [head];
  let used = byteLength(head) + byteLength(tail(total)) + 3; // "\n\n" before the tail, "\n" at the end
  let shown = 0;
  let full = false;
  for (const section of sections) {
    if (full) break;
    if (section.count === 0) continue;
    const first = section.row(0);
    const headingCost = byteLength(section.heading) + 2;
    if (used + headingCost + byteLength(first) + 1 > maxBytes) break;
    const lines = [section.heading];
    used += headingCost;
    for (let index = 0; index < section.count; index++) {
      const row = index === 0 ? first : section.row(index);
      const cost = byteLength(row) + 1;
      if (used + cost > maxBytes) {
        full = true;
        break;
      }
      lines.push(row);
      used += cost;
      shown++;
    }
    parts.push(lines.join("\n"));
  }
  const end = tail(total - shown);
  if (end !== "") parts.push(end);
  return `${parts.join("\n\n")}\n`;
}

const STEP_SUMMARY_CUT = "a step summary is limited to 1 MiB";

/** A line that opens or closes a code fence (up to three spaces, then three or more backticks or tildes). */
const FENCE_LINE = /^ {0,3}(`{3,}|~{3,})/;

/**
 * The fence marker a line starts with, or undefined. A backtick fence's info string holds no backtick
 * (CommonMark 4.5): "```a``` b" is a code span starting a line of text, and taken for a fence it hid every
 * fold after it from the count, leaving one open after the cut (and added a stray fence).
 */
function fenceMarker(line: string): string | undefined {
  const marker = FENCE_LINE.exec(line)?.[1];
  if (marker === undefined) return undefined;
  return marker[0] === "`" && line.slice(line.indexOf(marker) + marker.length).includes("`") ? undefined : marker;
}
/**
 * A fold meshkit itself opens or closes: `<details>` or `</details>` at the start of a line. Documents' text
 * never starts a line with HTML (escapeMarkdown escapes `<`, code spans start with a backtick), but a code span
 * in a row may hold `<details>` or `</details>` as written (a column or a check named so): counted, those
 * would leave a fold open after the cut, and every section after it folded away inside it.
 */
const FOLD_OPEN = /^<details[\s>]/i;
const FOLD_CLOSE = /^<\/details\s*>/i;
const FOLD_END = "</details>\n";
/** A fold opened and closed on one line. */
const FOLD_CLOSED_AT_END = /<\/details\s*>\s*$/i;

/**
 * `text` when it fits in `maxBytes`, else its longest run of whole lines that fits, a note saying it
 * was cut and why, and the `</details>` of any fold left open by the cut (so the rest still renders).
 * A cut inside a code fence closes the fence first; the note follows a blank line, so that it is never
 * read as one more row of a table the cut ends in.
 */
export function capMarkdown(text: string, maxBytes: number, why = STEP_SUMMARY_CUT): string {
  if (byteLength(text) <= maxBytes) return text;
  const note = `\n\n_(cut here: ${why}.)_\n`;
  const room = maxBytes - byteLength(note);
  const lines: string[] = [];
  let used = 0;
  let open = 0;
  /** The open fence's marker (its closing line repeats it), or undefined outside a fence. */
  let fence: string | undefined;
  for (const line of text.split("\n")) {
    let nextFence = fence;
    let nextOpen = open;
    const marker = fenceMarker(line);
    if (fence === undefined && marker !== undefined) nextFence = marker;
    else if (fence !== undefined && marker !== undefined && marker[0] === fence[0] && marker.length >= fence.length && line.trim() === marker) nextFence = undefined;
    else if (fence === undefined && FOLD_OPEN.test(line)) nextOpen += FOLD_CLOSED_AT_END.test(line) ? 0 : 1;
    else if (fence === undefined && FOLD_CLOSE.test(line)) nextOpen = Math.max(0, open - 1);
    // The line, and what closing takes after it: the fence's closing line and a `</details>` per open fold.
    const size = byteLength(line) + 1;
    if (used + size + (nextFence === undefined ? 0 : nextFence.length + 1) + nextOpen * FOLD_END.length > room) break;
    lines.push(line);
    used += size;
    fence = nextFence;
    open = nextOpen;
  }
  const closeFence = fence === undefined ? "" : `\n${fence}`;
  return `${lines.join("\n")}${closeFence}${note}${FOLD_END.repeat(open)}`;
}

/**
 * The failures a waiver accepted, as a section of their own (none when there are none): they do not
 * count, and stay in view with who approved them and until when.
 */
export function waivedSection(input: ReportInput): MarkdownSection[] {
  const table = { table: true };
  const suppressed = sortFindings(input.suppressed ?? []);
  if (suppressed.length === 0) return [];
  return [
    {
      heading: `#### Waived (${plural(suppressed.length, "failure")})\n\n${tableHeader(["Location", "Rule", "Message", "Waiver"])}`,
      count: suppressed.length,
      row: (index) => {
        const f = suppressed[index]!;
        return tableRow([inlineCode(`${f.file}:${f.line}:${f.column}`, table), ruleLink(f, table, input.rules), escapeMarkdown(f.message, table), escapeMarkdown(waiverNote(f), table)]);
      },
    },
  ];
}
