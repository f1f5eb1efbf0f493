/** One reporter for every stage: the same findings rendered in six formats (DESIGN.md, "One shape for every result"). */
import { renderGithub } from "./github.js";
import { joinedPieces } from "../json-pieces.js";
import { renderJson, renderJsonPieces } from "./json.js";
import { renderJunit } from "./junit.js";
import { renderMarkdown } from "./markdown.js";
import { renderSarif, renderSarifPieces } from "./sarif.js";
import { renderText } from "./text.js";
import type { ReportInput } from "./types.js";

export type ReportFormat = "text" | "json" | "github" | "sarif" | "junit" | "markdown";

export const REPORT_FORMATS: readonly ReportFormat[] = ["text", "json", "github", "sarif", "junit", "markdown"];

export function isReportFormat(value: string): value is ReportFormat {
  return (REPORT_FORMATS as readonly string[]).includes(value);
}

const RENDERERS: Record<ReportFormat, (input: ReportInput) => string> = {
  text: renderText,
  json: renderJson,
  github: renderGithub,
  sarif: renderSarif,
  junit: renderJunit,
  markdown: renderMarkdown,
};

export function renderReport(format: ReportFormat, input: ReportInput): string {
  const render = RENDERERS[format];
  if (!render) throw new Error(`unknown report format: ${String(format)} (expected one of ${REPORT_FORMATS.join(", ")})`);
  return render(input);
}

/**
 * renderReport in pieces of about 1 MiB, to be written one after the other: a JSON or SARIF report of half a
 * million findings is more text than one JavaScript string holds (~512 MB). The other formats are one piece.
 */
export function renderReportPieces(format: ReportFormat, input: ReportInput): Iterable<string> {
  if (format === "json") return joinedPieces(renderJsonPieces(input));
  if (format === "sarif") return joinedPieces(renderSarifPieces(input));
  return [renderReport(format, input)];
}

export type { ReportInput, ReportTestCase } from "./types.js";
export { renderText, summaryLine } from "./text.js";
export { plural, singleLine, toWellFormed } from "./common.js";
export { inertJson, renderJson, renderJsonPieces, toJsonReport, type JsonReport } from "./json.js";
export {
  ANNOTATION_LEVEL,
  ANNOTATION_LIMITS,
  JOB_SUMMARY_BUDGET_BYTES,
  STEP_SUMMARY_MAX_BYTES,
  annotationPropertiesOf,
  escapeWorkflowData,
  escapeWorkflowProperty,
  formatAnnotation,
  renderGithub,
  renderJobSummary,
  selectAnnotations,
  type AnnotationLevel,
  type AnnotationProperties,
  type JobSummaryOptions,
} from "./github.js";
export {
  SARIF_FINGERPRINT_KEY,
  SARIF_SCHEMA_URI,
  artifactLocationOf,
  findingFingerprint,
  renderSarif,
  renderSarifPieces,
  sarifLevel,
  toSarif,
  type SarifLog,
} from "./sarif.js";
export { renderJunit } from "./junit.js";
export { MARKDOWN_BUDGET_BYTES, MARKDOWN_COLLAPSE_AFTER, PR_COMMENT_MAX_CHARS, renderMarkdown, type MarkdownOptions } from "./markdown.js";
export { capMarkdown, escapeHtmlText, escapeMarkdown, inlineCode } from "./markdown-text.js";
