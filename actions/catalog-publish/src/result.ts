/**
 * A catalog publish as what `runStage` reports: its findings, the number of product versions
 * written and the catalog as outputs, and the changes (made, or that a dry run would make) in the
 * job summary. Also the little this action takes from the runner's environment, so main.ts reads
 * none of it: who publishes (GITHUB_ACTOR, GITHUB_REPOSITORY, GITHUB_SHA) and where the token goes.
 */
import * as core from "@actions/core";
import {
  CATALOG_RULES,
  type CatalogChange,
  type CatalogTargetSpec,
  type ChangeAction,
  DATAHUB_TOKEN_ENV,
  OPENMETADATA_TOKEN_ENV,
  type PublishResult,
  type Publisher,
  redactUrl,
} from "@meshkit/catalog";
import { type Finding, escapeMarkdown, inlineCode } from "@meshkit/core";
import { type GithubEvent, type StageResult, eventValue } from "@meshkit/github";

/** The outputs this action sets besides runStage's (each is declared in action.yml; checked by action-metadata.test.ts). */
export const CATALOG_OUTPUTS = { published: "published", catalogUrl: "catalog-url" } as const;

// ---------------------------------------------------------------------------------------------
// The runner's environment
// ---------------------------------------------------------------------------------------------

/**
 * Masks the token in everything the step prints from now on: as given, and as git sends it (the
 * Basic auth header of the git target), should any tool ever echo that.
 */
export function maskToken(token: string): void {
  if (token === "") return;
  core.setSecret(token);
  core.setSecret(Buffer.from(`x-access-token:${token}`).toString("base64"));
}

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

// ---------------------------------------------------------------------------------------------
// The result
// ---------------------------------------------------------------------------------------------

const DONE: Record<ChangeAction, string> = {
  "add-product": "added",
  "add-version": "added",
  "update-version": "updated",
  "update-quality": "quality updated",
  unchanged: "unchanged",
};

const WOULD: Record<ChangeAction, string> = {
  "add-product": "would add",
  "add-version": "would add",
  "update-version": "would update",
  "update-quality": "would update quality",
  unchanged: "unchanged",
};

/** The catalog as printed in outputs and summaries: credentials in URLs redacted. */
export function catalogDisplay(spec: CatalogTargetSpec): string {
  if (spec.type === "dir") return `dir:${spec.path}`;
  if (spec.type === "git") return `git:${redactUrl(spec.repo)}#${spec.branch}`;
  return redactUrl(spec.text);
}

/**
 * The stage result of a publish. `dryRunReason` is why this run only showed what would change
 * (the production gate's reason); undefined when it published. `published` counts the product
 * versions written (0 on a dry run, and when the catalog already had them).
 */
export function catalogStageResult(result: PublishResult, options: { files: number; dryRunReason: string | undefined }): StageResult {
  const dryRun = options.dryRunReason !== undefined;
  const changed = result.changes.filter((c) => c.action !== "unchanged");
  const published = dryRun ? 0 : changed.length;
  const target = redactUrl(result.target);
  const refused = result.changes.length === 0;
  const notices = dryRun
    ? [`dry run, nothing was published: ${options.dryRunReason}. ${refused ? "No product could be published (see the findings)." : changed.length === 0 ? "Publishing would change nothing." : `Publishing would change ${count(changed.length, "product version")}; the job summary lists them.`}`]
    : [
        refused
          ? `nothing was published to ${target}: no product could be published (see the findings)`
          : published === 0
            ? `nothing to publish: ${target} already has these product versions`
            : `published ${count(published, "product version")} to ${target}${result.commit ? ` (catalog commit ${result.commit.slice(0, 12)})` : ""}`,
      ];
  return {
    findings: result.findings,
    files: options.files,
    rules: CATALOG_RULES,
    outputs: { [CATALOG_OUTPUTS.published]: String(published), [CATALOG_OUTPUTS.catalogUrl]: target },
    summary: renderChanges(result, target, options.dryRunReason, published),
    notices,
  };
}

/** The documents could not be read: their findings (exit 2), nothing published. */
export function unreadableDocuments(spec: CatalogTargetSpec, findings: Finding[]): StageResult {
  return { findings, files: 0, rules: CATALOG_RULES, outputs: { [CATALOG_OUTPUTS.published]: "0", [CATALOG_OUTPUTS.catalogUrl]: catalogDisplay(spec) } };
}

/** No ODPS product among the documents: a pass with a notice, and the catalog is not touched. */
export function nothingToPublish(spec: CatalogTargetSpec, paths: readonly string[]): StageResult {
  const where = paths.length > 0 ? paths.join(" ") : "the project";
  const reason = `no data product (kind: DataProduct) found in ${where}`;
  return {
    findings: [],
    files: 0,
    rules: CATALOG_RULES,
    outputs: { [CATALOG_OUTPUTS.published]: "0", [CATALOG_OUTPUTS.catalogUrl]: catalogDisplay(spec) },
    summary: `**Nothing to publish**: ${escapeMarkdown(reason)}.\n`,
    notices: [`${reason}: nothing to publish`],
  };
}

function renderChanges(result: PublishResult, target: string, dryRunReason: string | undefined, published: number): string {
  const dryRun = dryRunReason !== undefined;
  const catalog = inlineCode(target);
  if (result.changes.length === 0) {
    const why = dryRun ? `**Dry run**: nothing was published (${escapeMarkdown(dryRunReason)}).` : `**Nothing was published** to ${catalog}.`;
    return `${why} No product could be published: see the findings above.\n`;
  }
  const head = dryRun
    ? `**Dry run**: nothing was published (${escapeMarkdown(dryRunReason)}). What publishing to ${catalog} would change:`
    : published > 0
      ? `**Published** ${count(published, "product version")} to ${catalog}${result.commit ? ` (catalog commit ${inlineCode(result.commit.slice(0, 12))})` : ""}.`
      : `**Nothing to publish**: ${catalog} already has these product versions.`;
  const label = dryRun ? WOULD : DONE;
  const rows = result.changes.map((c: CatalogChange) =>
    row([`${escapeMarkdown(c.name, TABLE)} (${escapeMarkdown(c.domain, TABLE)})`, escapeMarkdown(c.version, TABLE), label[c.action], escapeMarkdown(c.message, TABLE)]),
  );
  return `${head}\n\n${row(["product", "version", "change", "details"])}\n${row(["---", "---", "---", "---"])}\n${rows.join("\n")}\n`;
}

const TABLE = { table: true } as const;

function row(cells: readonly string[]): string {
  return `| ${cells.join(" | ")} |`;
}

function count(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}
