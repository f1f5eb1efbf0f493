/**
 * Which GitHub repository a checkout holds, read from its git config as actions/checkout wrote it, so the runner's
 * GITHUB_REPOSITORY tells the workflow's own checkout from another repository's checked out beside it
 * (`repository: acme/shared`, `path: shared`).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";

/** The workflow's repository as the runner names it: GITHUB_REPOSITORY (`owner/repo`) on GITHUB_SERVER_URL's host. */
export interface WorkflowRepository {
  name: string;
  host: string;
}

/** The workflow's repository from the runner's environment; undefined outside a runner (no GITHUB_REPOSITORY). */
export function workflowRepositoryOf(env: NodeJS.ProcessEnv = process.env): WorkflowRepository | undefined {
  const name = env.GITHUB_REPOSITORY?.trim() ?? "";
  if (name === "") return undefined;
  return { name, host: remoteHost(env.GITHUB_SERVER_URL?.trim() || "https://github.com") };
}

/**
 * `owner/repo` of a remote URL (https, ssh or scp-like), as GITHUB_REPOSITORY names it, so ownership
 * compares the same text locally and in CI; never the URL itself, which may carry a token.
 */
export function repositoryName(url: string): string {
  const match = /(?:[:/])([^/:]+\/[^/]+?)(?:\.git)?\/?$/.exec(url.replace(/\/\/[^@/]*@/, "//"));
  return match ? match[1]! : "";
}

/** The host of a remote URL (`https://host:443/…`, `ssh://git@host/…`, scp-like `git@host:…`), lower case; "" for a local path. */
function remoteHost(url: string): string {
  const match = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/]*@)?([^/:]+)/i.exec(url) ?? /^(?:[^@/:]+@)?([^/:]{2,}):(?!\/)/.exec(url);
  return match ? match[1]!.toLowerCase() : "";
}

/** The `origin` remote's URL of the checkout at `dir` (a `.git` folder), "" when it has none or it cannot be read. */
function originUrl(dir: string): string {
  let text: string;
  try {
    text = readFileSync(join(dir, ".git", "config"), "utf8");
  } catch {
    return "";
  }
  let inOrigin = false;
  for (const line of text.split(/\r?\n/)) {
    const section = /^\s*\[\s*([^\]]*?)\s*\]/.exec(line);
    if (section) inOrigin = /^remote\s+"origin"$/i.test(section[1]!);
    else if (inOrigin) {
      const url = /^\s*url\s*=\s*"?([^"]*?)"?\s*$/i.exec(line);
      if (url) return url[1]!;
    }
  }
  return "";
}

/**
 * Whether the checkout at `dir` holds a repository other than the workflow's: its `origin` is on the workflow's
 * server, as actions/checkout writes it, under another `owner/repo` (GitHub ignores their case). False when that is
 * not known: no workflow repository, no origin, or one elsewhere (a mirror, a local path) that names no repository
 * of the server. The config file is read rather than asking git, which refuses a checkout another user owns (a job
 * in a container) with "dubious ownership".
 */
export function holdsAnotherRepository(dir: string, workflow: WorkflowRepository | undefined): boolean {
  if (workflow === undefined) return false;
  const url = originUrl(dir);
  if (url === "" || remoteHost(url) !== workflow.host) return false;
  const held = repositoryName(url);
  return held !== "" && held.toLowerCase() !== workflow.name.toLowerCase();
}
