/**
 * Whether a workflow run may change production (provision apply, catalog publish): only a push to
 * the repository's default branch, or a manual `workflow_dispatch` run on it. Pull requests never
 * may — whatever the inputs say — and forks' pull requests least of all, since their code is not
 * reviewed yet; nor may `pull_request_target`, merge queues, schedules or other branches.
 */
import { type GithubEvent, eventValue } from "./event.js";

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
