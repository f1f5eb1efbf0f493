/**
 * The body every stage action shares: read the inputs all of them declare (paths, config, fail-on,
 * sarif-file, working-directory, github-token, pr-comment), run the stage, report it with `runStage`, and turn any thrown
 * error into a one-line failure. An action's main.ts adds only its own inputs and its package call.
 */
import { resolve } from "node:path";
import type { FailOn } from "@meshkit/core";
import { readEvent } from "./event.js";
import { maskSecretEnv, readBoolean, readDirectory, readEnum, readPath, readPathList, readString, reportPlace, takeSecret } from "./inputs.js";
import { type PrCommentOptions, failStage, runAction, runStage, type StageResult } from "./run-stage.js";

/** The inputs every stage action declares in its action.yml. */
export const STAGE_INPUTS = {
  paths: "paths",
  config: "config",
  failOn: "fail-on",
  sarifFile: "sarif-file",
  workingDirectory: "working-directory",
  githubToken: "github-token",
  prComment: "pr-comment",
} as const;

export interface StageInputs {
  /** The working directory: paths, config and files named by inputs are relative to it, as in a `run:` step. */
  cwd: string;
  paths: string[];
  /** `config`, or undefined for the nearest meshkit.yaml. */
  configPath?: string;
  /** The `github-token` input ("" when none). */
  githubToken: string;
  /** The action's own secret inputs (`secretInputs`), by name. */
  secrets: Readonly<Record<string, string>>;
  /** The `sarif-file` input, absolute ("" when none): a file the stage writes besides must not be this one. */
  sarifFile: string;
  /**
   * The files the step reads that its inputs name (paths, config, the action's `fileInputs`), absolute: a file the
   * stage writes besides the SARIF file (`checkWritableFile`) must not replace one of them either.
   */
  readPaths: readonly string[];
  /** The `fail-on` input: a stage that acts after its checks (catalog-publish tags releases) acts only when they pass by it. */
  failOn: FailOn;
  /**
   * A file as the step's report shows it (given from `cwd`): from the workspace, where annotations and code
   * scanning place findings (runStage rebases their files so). A stage whose messages name files (schema-compat's
   * `was at …`) names them with it, so a message's path and its finding's file read alike.
   */
  displayFile: (file: string) => string;
}

export interface StageActionOptions {
  /**
   * The action's own secret inputs (e.g. catalog-publish's `token`): masked with github-token, before
   * anything is printed, and, like it, taken out of the environment that child processes inherit; the
   * stage gets them in `StageInputs.secrets`.
   */
  secretInputs?: readonly string[];
  /**
   * Environment variables holding secrets the stage reads (contract-test's PostgreSQL password): their values are
   * masked (`maskSecretEnv`) before anything is printed, and left in the environment for the stage.
   */
  secretEnv?: readonly string[];
  /**
   * The action's own inputs that name files or folders it reads (relative to working-directory), e.g. catalog-publish's
   * `results-file`: the `sarif-file` it writes after its work must not be one of them (a later step, or the next run,
   * would read a SARIF log in its place).
   */
  fileInputs?: readonly string[];
}

export async function runStageAction(title: string, stage: (inputs: StageInputs) => Promise<StageResult>, options: StageActionOptions = {}): Promise<void> {
  await runAction(async () => {
    // First of all: no log line (not even a failure naming a bad input) may come before the masks.
    maskSecretEnv(options.secretEnv ?? []);
    const secrets = Object.fromEntries((options.secretInputs ?? []).map((name) => [name, takeSecret(name)]));
    const githubToken = takeSecret(STAGE_INPUTS.githubToken);
    // Known as soon as read: a later bad input is still reported in the PR comment, in this project's section.
    let prComment: PrCommentOptions | undefined;
    let shared;
    let workingDirectory: string | undefined;
    try {
      // Read inside: a bad value is a bad input like any other, with its "could not run" job summary.
      prComment = readBoolean(STAGE_INPUTS.prComment, true)
        ? { token: githubToken, event: () => readEvent(), apiUrl: process.env.GITHUB_API_URL || "https://api.github.com" }
        : undefined;
      const cwd = readDirectory(STAGE_INPUTS.workingDirectory, ".");
      workingDirectory = cwd;
      const paths = readPathList(STAGE_INPUTS.paths, cwd);
      const config = readString(STAGE_INPUTS.config);
      // As the CLI's --output is checked against its arguments and file options (a one-value input is a list of one here).
      const readPaths = [...paths, ...(config ? [config] : []), ...(options.fileInputs ?? []).flatMap((name) => readPathList(name, cwd))].map((path) => resolve(cwd, path));
      shared = { cwd, paths, config, readPaths, failOn: readEnum(STAGE_INPUTS.failOn, ["error", "warning"], "error"), sarifFile: readPath(STAGE_INPUTS.sarifFile, cwd) };
    } catch (error) {
      // A bad input is this stage's result too: its PR comment section says so (not an earlier run's report).
      await failStage(error, title, prComment && workingDirectory ? { ...prComment, workingDirectory } : prComment);
      return;
    }
    const { cwd, paths, config, readPaths, failOn, sarifFile } = shared;
    await runStage({ title, failOn, sarifFile, readPaths, workingDirectory: cwd, ...(prComment ? { prComment: { ...prComment, workingDirectory: cwd } } : {}), run: () => stage({ cwd, paths, ...(config ? { configPath: config } : {}), githubToken, secrets, sarifFile, readPaths, failOn, displayFile: reportPlace(cwd) }) });
  }, title);
}
