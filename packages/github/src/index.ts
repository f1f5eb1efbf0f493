export { checkWritableFile, inputOptionNames, inputVariable, maskGitAuthHeader, maskSecretEnv, readBoolean, readDirectory, readEnum, readList, readPath, readPathList, readRequiredString, readSecret, readString, reportPlace, splitList, takeSecret, workspaceRoot } from "./inputs.js";
export { annotationOf, emitAnnotations, jobAnnotationsUsed, leftOutMessage, pickAnnotations, type AnnotationResult, type EmitAnnotationsOptions, type ReservedAnnotations } from "./annotations.js";
export { writeJobSummary } from "./summary.js";
export { eventValue, readEvent, type GithubEvent } from "./event.js";
export { baseFromEvent, ensureCommit, resolveBase, type EnsureCommitOptions, type EventBase, type ResolveBaseOptions, type ResolvedBase } from "./base.js";
export {
  DEFAULT_TOOL,
  OUTPUT_MAX_BYTES,
  STAGE_OUTPUTS,
  capOutput,
  failAction,
  failStage,
  failureReason,
  runAction,
  runStage,
  type RunStageOptions,
  type StageOutcome,
  type StageResult,
} from "./run-stage.js";
export { STAGE_INPUTS, runStageAction, type StageActionOptions, type StageInputs } from "./stage-action.js";
export { ciRefusesProductionChange, productionGate, type ProductionGate, workflowProductionGate } from "./production-gate.js";
export {
  PIPELINE_STAGES,
  PR_COMMENT_MARKER,
  capComment,
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
export {
  GITHUB_ACTIONS_AUTHOR,
  PR_COMMENT_TIMEOUT_MS,
  isOwnComment,
  pullRequestOf,
  tokenIdentity,
  upsertStickyComment,
  type CommentAuthorship,
  type PullRequestRef,
  type StickyCommentOptions,
  type StickyCommentResult,
  type TokenIdentity,
} from "./sticky-comment.js";
