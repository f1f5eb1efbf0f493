/**
 * The event that started the workflow run: its name (GITHUB_EVENT_NAME) and its webhook payload,
 * which the runner writes as JSON to the file at GITHUB_EVENT_PATH. Read only when an action needs
 * it (e.g. the base commit of a pull request); the payload is never printed.
 */
import { readFileSync } from "node:fs";
import { UsageError } from "@meshkit/core";
import { oneLine } from "./text.js";

export interface GithubEvent {
  /** `pull_request`, `push`, `merge_group`, … */
  name: string;
  /** The webhook payload, as the runner wrote it. */
  payload: Record<string, unknown>;
}

/**
 * The triggering event, or undefined outside a workflow run (no GITHUB_EVENT_NAME).
 * A payload that is missing or is not a JSON object is a `UsageError`.
 */
export function readEvent(env: NodeJS.ProcessEnv = process.env): GithubEvent | undefined {
  const name = env.GITHUB_EVENT_NAME ?? "";
  if (name === "") return undefined;
  const path = env.GITHUB_EVENT_PATH ?? "";
  if (path === "") throw new UsageError(`cannot read the ${name} event: GITHUB_EVENT_PATH is not set`);
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`cannot read the ${name} event payload (GITHUB_EVENT_PATH): ${code === "ENOENT" ? "no such file" : oneLine(code ?? String(error))}`);
  }
  let payload: unknown;
  try {
    payload = JSON.parse(text);
  } catch {
    throw new UsageError(`cannot read the ${name} event payload (GITHUB_EVENT_PATH): it is not valid JSON`);
  }
  if (payload === null || typeof payload !== "object" || Array.isArray(payload)) {
    throw new UsageError(`cannot read the ${name} event payload (GITHUB_EVENT_PATH): it is not a JSON object`);
  }
  return { name, payload: payload as Record<string, unknown> };
}

/** The value at `path` in a payload (`["pull_request", "base", "sha"]`), or undefined when any step is missing. */
export function eventValue(payload: Record<string, unknown>, path: readonly string[]): unknown {
  let value: unknown = payload;
  for (const key of path) {
    if (value === null || typeof value !== "object" || Array.isArray(value) || !Object.hasOwn(value, key)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}
