/**
 * The little catalog-publish takes from the runner's environment, so main.ts reads none of it: who
 * publishes (GITHUB_ACTOR) and where the token goes. What it reports is
 * `@meshkit/catalog`'s `catalogStageReport`.
 */
import { type CatalogTargetSpec, DATAHUB_TOKEN_ENV, OPENMETADATA_TOKEN_ENV, type ProductsSource, type Publisher } from "@meshkit/catalog";
import { git } from "@meshkit/core";
import { eventValue, readEvent } from "@meshkit/github";

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
 * Who publishes, as the catalog records it: the actor that triggered the run. Catalog commits (git target)
 * and release tags are authored by the actor's GitHub no-reply address. The repository and commit recorded
 * with it are those of the products' checkout (`productsSource` in main.ts: GITHUB_REPOSITORY and the
 * checkout's HEAD for the workflow's own, another repository's remote and HEAD for one checked out beside it).
 */
export function publisherOf(env: NodeJS.ProcessEnv = process.env): Publisher {
  const name = env.GITHUB_ACTOR || "github-actions";
  const email = env.GITHUB_ACTOR && env.GITHUB_ACTOR_ID ? `${env.GITHUB_ACTOR_ID}+${env.GITHUB_ACTOR}@users.noreply.github.com` : "";
  return { name, ...(email ? { email } : {}) };
}

/**
 * The runner's environment as `productsSource` reads it: GITHUB_REPOSITORY, else the event's repository
 * (`repository.full_name`; a runner that sets no GITHUB_REPOSITORY, as local action runners may), so the
 * workflow's own checkout is named even then. The payload is read only when there is one: a run the production gate
 * refused by its event name alone (a pull request whose payload file was not passed on) is a dry run, as provision's
 * apply is refused, not a step that fails on the missing file.
 */
export function workflowEnvironment(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  if (env.GITHUB_REPOSITORY?.trim()) return env;
  const event = (env.GITHUB_EVENT_PATH ?? "") !== "" ? readEvent(env) : undefined;
  const fromEvent = event ? eventValue(event.payload, ["repository", "full_name"]) : undefined;
  return typeof fromEvent === "string" && fromEvent !== "" ? { ...env, GITHUB_REPOSITORY: fromEvent } : env;
}

/**
 * The token release tags are pushed with (as a header that replaces any the checkout stored for its remote):
 * github-token for the workflow's own checkout. For another repository checked out beside it (actions/checkout
 * `repository:` + `path:` with a token of that repository's), the credentials that checkout persisted: the
 * workflow's token has no access there, and sending it instead would have the push refused (403). github-token
 * still when that checkout persisted none (`persist-credentials: false`, a github-token that reaches both).
 */
export async function releaseTagsToken(source: Pick<ProductsSource, "checkout" | "workingDirectoryCheckout">, githubToken: string): Promise<string> {
  if (source.workingDirectoryCheckout || githubToken === "") return githubToken;
  // actions/checkout persists its token as an `http.<url>.extraheader` for the checkout: in its own config up to v5,
  // from v6 in a file under RUNNER_TEMP that config includes (`includeIf.gitdir:…`), which `--local` reads only with `--includes`.
  const persisted = await git(["config", "--local", "--includes", "--get-regexp", "^http\\..*\\.extraheader$"], source.checkout).catch(() => "");
  return persisted.trim() === "" ? githubToken : "";
}
