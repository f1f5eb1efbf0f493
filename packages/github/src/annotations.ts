/**
 * Findings as GitHub annotations, through `@actions/core` (`::error file=…,line=…,col=…::message`).
 * GitHub shows at most 10 error, 10 warning and 10 notice annotations per step and drops the rest
 * silently, so only `selectAnnotations`' pick is emitted; the job summary lists every finding.
 */
import * as core from "@actions/core";
import { ANNOTATION_LEVEL, ANNOTATION_LIMITS, annotationPropertiesOf, selectAnnotations, type Finding } from "@meshkit/core";
import { stripControls } from "./text.js";

export interface AnnotationResult {
  /** Annotations written. */
  emitted: number;
  /** Findings not annotated because of GitHub's limits (they are in the job summary). */
  omitted: number;
}

/**
 * `@actions/core`'s annotation properties for a finding. The runner ignores columns when
 * `startLine ≠ endLine`, so a finding that spans lines is annotated at the start of its node
 * (line and column, no end): the column is what points at the exact YAML node.
 */
export function annotationOf(finding: Finding): core.AnnotationProperties {
  const p = annotationPropertiesOf(finding);
  const base = { title: p.title, file: p.file, startLine: p.startLine, startColumn: p.startColumn };
  if (p.endLine !== undefined && p.endLine !== p.startLine) return base;
  return {
    ...base,
    ...(p.endLine !== undefined || p.endColumn !== undefined ? { endLine: p.startLine } : {}),
    ...(p.endColumn !== undefined ? { endColumn: p.endColumn } : {}),
  };
}

const EMIT: Record<"error" | "warning" | "notice", (message: string, properties: core.AnnotationProperties) => void> = {
  error: core.error,
  warning: core.warning,
  notice: core.notice,
};

/**
 * Emits the annotations GitHub will show (see `selectAnnotations`) and says how many were left out.
 * `reservedNotices`: plain `::notice::` lines the step writes besides the findings (a stage's notices);
 * they count against the same 10 notices per step, so that many fewer info findings are annotated, and
 * the ones left out are counted as omitted (they are in the job summary) instead of silently dropped.
 */
export function emitAnnotations(findings: readonly Finding[], options: { maxTotal?: number; reservedNotices?: number } = {}): AnnotationResult {
  const noticeRoom = Math.max(0, ANNOTATION_LIMITS.perStep.notice - (options.reservedNotices ?? 0));
  let notices = 0;
  const selected = selectAnnotations(findings, options.maxTotal).filter((f) => ANNOTATION_LEVEL[f.severity] !== "notice" || notices++ < noticeRoom);
  for (const finding of selected) {
    EMIT[ANNOTATION_LEVEL[finding.severity]](stripControls(finding.message), annotationOf(finding));
  }
  return { emitted: selected.length, omitted: findings.length - selected.length };
}
