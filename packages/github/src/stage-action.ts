/**
 * The body every stage action shares: read the inputs all of them declare (paths, config, fail-on,
 * sarif-file, working-directory, github-token, pr-comment), run the stage, report it with `runStage`, and turn any thrown
 * error into a one-line failure. An action's main.ts adds only its own inputs and its package call.
 */
import { readEvent } from "./event.js";
import { readBoolean, readDirectory, readEnum, readList, readPath, readSecret, readString } from "./inputs.js";
import { runAction, runStage, type StageResult } from "./run-stage.js";

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
}

export interface StageActionOptions {
  /** The action's own secret inputs (e.g. catalog-publish's `token`): masked with github-token, before anything is printed. */
  secretInputs?: readonly string[];
}

export async function runStageAction(title: string, stage: (inputs: StageInputs) => Promise<StageResult>, options: StageActionOptions = {}): Promise<void> {
  await runAction(async () => {
    // First of all: no log line (not even a failure naming a bad input) may come before the masks.
    for (const name of options.secretInputs ?? []) readSecret(name);
    const githubToken = readSecret(STAGE_INPUTS.githubToken);
    const cwd = readDirectory(STAGE_INPUTS.workingDirectory, ".");
    const paths = readList(STAGE_INPUTS.paths);
    const config = readString(STAGE_INPUTS.config);
    const failOn = readEnum(STAGE_INPUTS.failOn, ["error", "warning"], "error");
    const sarifFile = readPath(STAGE_INPUTS.sarifFile, cwd);
    const prComment = readBoolean(STAGE_INPUTS.prComment, true)
      ? { token: githubToken, event: () => readEvent(), apiUrl: process.env.GITHUB_API_URL || "https://api.github.com" }
      : undefined;
    await runStage({ title, failOn, sarifFile, workingDirectory: cwd, ...(prComment ? { prComment } : {}), run: () => stage({ cwd, paths, ...(config ? { configPath: config } : {}) }) });
  }, title);
}
