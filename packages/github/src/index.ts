export { readBoolean, readDirectory, readEnum, readList, readPath, readRequiredString, readSecret, readString, splitList, workspaceRoot } from "./inputs.js";
export { annotationOf, emitAnnotations, type AnnotationResult } from "./annotations.js";
export { capMarkdown, writeJobSummary, type JobSummaryOptions } from "./summary.js";
export { eventValue, readEvent, type GithubEvent } from "./event.js";
export {
  DEFAULT_TOOL,
  STAGE_OUTPUTS,
  failAction,
  failStage,
  failureReason,
  rebaseFindings,
  runAction,
  runStage,
  type RunStageOptions,
  type StageOutcome,
  type StageResult,
} from "./run-stage.js";
export { STAGE_INPUTS, runStageAction, type StageActionOptions, type StageInputs } from "./stage-action.js";
export { productionGate, type ProductionGate } from "./production-gate.js";
export {
  PIPELINE_STAGES,
  PR_COMMENT_MARKER,
  commentHeadOf,
  errorStageSection,
  mergeStageSection,
  parseStageSections,
  renderPipelineComment,
  renderStageSection,
  skippedStageSection,
  stageStatus,
  verdictOf,
  type PipelineEvent,
  type StageSection,
  type StageStatus,
} from "./pr-comment.js";
export { pullRequestOf, upsertStickyComment, type PullRequestRef, type StickyCommentOptions, type StickyCommentResult } from "./sticky-comment.js";
