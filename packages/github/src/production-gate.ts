/**
 * Whether a workflow run may change production (provision apply, catalog publish): only a push to
 * the repository's default branch, or a manual `workflow_dispatch` run on it. Pull requests never
 * may — whatever the inputs say — and forks' pull requests least of all, since their code is not
 * reviewed yet; nor may `pull_request_target`, merge queues, schedules or other branches.
 */
import { type GithubEvent, eventValue, readEvent } from "./event.js";

export type ProductionGate = { allowed: true } | { allowed: false; reason: string };

const CHANGING_EVENTS = new Set(["push", "workflow_dispatch"]);

export function productionGate(event: GithubEvent | undefined): ProductionGate {
  if (!event) return { allowed: false, reason: "not running in a GitHub Actions workflow (no GITHUB_EVENT_NAME)" };
  if (!CHANGING_EVENTS.has(event.name)) return { allowed: false, reason: `the ${event.name} event may not change production; only a push to the default branch may` };
  const defaultBranch = eventValue(event.payload, ["repository", "default_branch"]);
  const ref = eventValue(event.payload, ["ref"]);
  if (typeof defaultBranch !== "string" || defaultBranch === "") return { allowed: false, reason: `the ${event.name} event does not say which branch is the default one` };
  if (ref !== `refs/heads/${defaultBranch}`) return { allowed: false, reason: `${typeof ref === "string" ? ref : "this ref"} is not the default branch (${defaultBranch})` };
  return { allowed: true };
}

/**
 * productionGate of the workflow run the environment names (GITHUB_EVENT_NAME, its payload at GITHUB_EVENT_PATH):
 * what the actions and the command line both ask. An event that may never change production is refused by its
 * name, before its payload is read: a pull request's apply is refused as such even where the payload file was not
 * passed on (a container started with `-e GITHUB_EVENT_NAME`), not reported as a missing file.
 */
export function workflowProductionGate(env: NodeJS.ProcessEnv = process.env): ProductionGate {
  const name = env.GITHUB_EVENT_NAME ?? "";
  return productionGate(name !== "" && !CHANGING_EVENTS.has(name) ? { name, payload: {} } : readEvent(env));
}

/**
 * Why the command line may not change production here, or undefined. The actions are gated above; a
 * command run in a CI job of its own (`meshkit ci --event push`, `meshkit provision apply`, `meshkit
 * publish`) is gated the same way, whatever its flags say: in a GitHub Actions run (or wherever GITHUB_EVENT_NAME
 * is set) by workflowProductionGate (a run without an event name included), in GitLab CI unless the pipeline is a branch pipeline of the default
 * branch. Outside CI (a laptop), the flags decide.
 */
export function ciRefusesProductionChange(env: NodeJS.ProcessEnv = process.env): string | undefined {
  // An event name is a workflow run's too: a script or container a step starts may be passed GITHUB_EVENT_NAME
  // without GITHUB_ACTIONS, and must not apply from a pull request where the provision action would refuse.
  if (env.GITHUB_ACTIONS === "true" || (env.GITHUB_EVENT_NAME ?? "") !== "") {
    const gate = workflowProductionGate(env);
    return gate.allowed ? undefined : `this GitHub Actions run may not change production: ${gate.reason}`;
  }
  if (env.GITLAB_CI === "true") {
    const source = env.CI_PIPELINE_SOURCE ?? "";
    if (source === "merge_request_event" || source === "external_pull_request_event") {
      return `this GitLab pipeline (${source}) may not change production: only a pipeline on the default branch may`;
    }
    // GitLab sets CI_COMMIT_BRANCH in branch pipelines only (not for tags or merge requests).
    const branch = env.CI_COMMIT_BRANCH ?? "";
    const defaultBranch = env.CI_DEFAULT_BRANCH ?? "";
    if (defaultBranch === "" || branch !== defaultBranch) {
      const where = branch === "" ? "is not a branch pipeline" : `runs on branch ${branch}`;
      return `this GitLab pipeline ${where}, not on the default branch${defaultBranch ? ` (${defaultBranch})` : ""}: only a pipeline on the default branch may change production`;
    }
  }
  return undefined;
}
