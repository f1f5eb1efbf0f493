/**
 * The little catalog-publish takes from the runner's environment, so main.ts reads none of it: who
 * publishes (GITHUB_ACTOR, GITHUB_REPOSITORY, GITHUB_SHA) and where the token goes. What it reports is
 * `@meshkit/catalog`'s `catalogStageReport`.
 */
import { type CatalogTargetSpec, DATAHUB_TOKEN_ENV, OPENMETADATA_TOKEN_ENV, type Publisher } from "@meshkit/catalog";
import { type GithubEvent, eventValue } from "@meshkit/github";

/**
 * How the `token` input reaches the catalog: the git target's option (an HTTP header, never a
 * command line), or the environment variable the DataHub / OpenMetadata clients read (a bearer
 * token). Empty: whatever the step's environment already holds (e.g. `env: MESHKIT_DATAHUB_TOKEN`).
 */
export function targetCredentials(spec: CatalogTargetSpec, token: string, env: NodeJS.ProcessEnv = process.env): { token?: string } {
  if (token === "") return {};
  if (spec.type === "git") return { token };
  if (spec.type === "datahub") env[DATAHUB_TOKEN_ENV] = token;
  if (spec.type === "openmetadata") env[OPENMETADATA_TOKEN_ENV] = token;
  return {};
}

/**
 * Who publishes, as the catalog records it: the actor that triggered the run, the repository
 * (`org/repo`; the catalog's ownership check compares it) and the commit the documents come from.
 * Catalog commits (git target) are authored by the actor's GitHub no-reply address.
 */
export function publisherOf(event: GithubEvent | undefined, env: NodeJS.ProcessEnv = process.env): Publisher {
  const name = env.GITHUB_ACTOR || "github-actions";
  const fromEvent = event ? eventValue(event.payload, ["repository", "full_name"]) : undefined;
  const repo = env.GITHUB_REPOSITORY || (typeof fromEvent === "string" ? fromEvent : "");
  const commit = env.GITHUB_SHA ?? "";
  const email = env.GITHUB_ACTOR && env.GITHUB_ACTOR_ID ? `${env.GITHUB_ACTOR_ID}+${env.GITHUB_ACTOR}@users.noreply.github.com` : "";
  return { name, ...(repo ? { repo } : {}), ...(commit ? { commit } : {}), ...(email ? { email } : {}) };
}
