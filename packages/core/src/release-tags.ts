/**
 * Release tags of data products: `<product id>/v<version>` on the commit that released it (after a
 * successful publish on the default branch). compat reads them back, those of every product it compares
 * (or only `compat.tagPrefix`'s), to compare with released versions; consumers can pin them. A tag, once made, never moves.
 */
import { isDeepStrictEqual } from "node:util";
import { escapeMarkdown, inlineCode } from "./reporters/markdown-text.js";
import { compareSemverText, isSemverText } from "./semver-text.js";
import { type LoadedDocument, loadText } from "./document.js";
import { contractsOfPort, portContracts } from "./project.js";
import type { StageReport } from "./stage-report.js";
import { type GitIdentity, MESHKIT_GIT_IDENTITY, type ReleaseTagOutcome, createReleaseTag, git, isShallowRepository, releaseTags, remoteTokenEnv, resolveCommit } from "./git.js";

/**
 * The release tag of an ODPS product document, or undefined when it has no string id and version (ODPS
 * makes the version optional: an unversioned product has no release to tag). A version written with its
 * `v` (`v1.0.0`, as ODPS's own example does) is tagged once: `<id>/v1.0.0`, not `<id>/vv1.0.0`.
 */
export function productReleaseTag(doc: LoadedDocument): { tag: string; message: string; problem?: string } | undefined {
  if (doc.kind.type !== "DataProduct") return undefined;
  const value = doc.value as { id?: unknown; version?: unknown; name?: unknown };
  if (typeof value.id !== "string" || typeof value.version !== "string" || value.version.trim() === "") return undefined;
  const version = releaseVersion(value.version);
  const name = typeof value.name === "string" ? value.name : value.id;
  // compat finds the last release by its tag's semver: a tag of another version would never be compared with.
  const problem = isSemverText(version) ? undefined : `its version ${JSON.stringify(value.version)} is not semver (MAJOR.MINOR.PATCH, as 1.0.0)`;
  return { tag: `${value.id}/v${version}`, message: `${name} ${version}`, ...(problem ? { problem } : {}) };
}

/** A product's version as its release tag writes it: without a written `v` (`v1.0.0` is tagged `…/v1.0.0`). */
function releaseVersion(version: string): string {
  return version.trim().replace(/^v(?=\d)/i, "");
}

/** Whether two product versions are one release: equal as written, or by semver precedence (build metadata aside, §10). */
function sameRelease(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "string" || typeof b !== "string") return false;
  const [x, y] = [releaseVersion(a), releaseVersion(b)];
  return isSemverText(x) && isSemverText(y) && compareSemverText(x, y) === 0;
}

/**
 * The release tag already made for this version under another name, when there is none of its own: a
 * version that differs in build metadata only (`1.0.0+build.2` after `orders/v1.0.0`) is that version
 * (semver §10), and tagging it again would release it twice and give compat two tags of one version.
 */
async function sameVersionTag(id: string, version: string, tag: string, cwd: string) {
  const tags = await releaseTags(cwd, { prefix: `${id}/` });
  return tags.some((t) => t.tag === tag) ? undefined : tags.find((t) => sameRelease(t.version, version));
}

export interface TagReleasesOptions {
  /** Default HEAD. */
  commit?: string;
  /** Who tags (default: git's configured identity; meshkit's when there is none, as on a CI runner). */
  tagger?: GitIdentity;
  /**
   * Read the remote's release tags of these products first (`fetchReleaseTags`): for a run that pushes the
   * tags it makes, so that what the remote released already is not tagged again.
   */
  fetchFrom?: PushReleaseTagsOptions;
}

/**
 * Tags HEAD (or `options.commit`) with the release tag of every product among `documents`, each tag once. The
 * contracts among them are what a version already tagged elsewhere is compared with, beside its product.
 */
export async function tagProductReleases(documents: readonly LoadedDocument[], cwd: string, options: TagReleasesOptions = {}): Promise<ReleaseTagOutcome[]> {
  const target = options.commit ?? (await resolveCommit("HEAD", cwd));
  if (options.fetchFrom) await fetchReleaseTags(documents, cwd, options.fetchFrom);
  const tagger = options.tagger ?? (await hasCommitterIdentity(cwd) ? undefined : MESHKIT_GIT_IDENTITY);
  const outcomes: ReleaseTagOutcome[] = [];
  for (const doc of documents) {
    const release = productReleaseTag(doc);
    if (!release || outcomes.some((o) => o.tag === release.tag)) continue;
    if (release.problem) {
      outcomes.push({ tag: release.tag, outcome: "invalid", reason: release.problem });
      continue;
    }
    const { id, version } = doc.value as { id: string; version: string }; // productReleaseTag checked both
    const earlier = await sameVersionTag(id, releaseVersion(version), release.tag, cwd);
    const outcome: ReleaseTagOutcome = earlier
      ? { tag: release.tag, outcome: earlier.commit === target ? "exists" : "conflict", commit: earlier.commit, releasedAs: earlier.tag }
      : await createReleaseTag(release.tag, target, release.message, cwd, tagger);
    outcomes.push(outcome.outcome === "conflict" && outcome.commit && (await sameReleaseAt(outcome.commit, doc, documents, cwd)) ? { ...outcome, unchanged: true } : outcome);
  }
  return outcomes;
}

/**
 * Whether the product released at `commit` is `product` unchanged, with the contracts among `documents` its
 * output ports serve: a contract edited under the same product version is other content released as that
 * version (semver §3), as the catalog sees it (catalog-version-changed), not the release the tag marks.
 */
async function sameReleaseAt(commit: string, product: LoadedDocument, documents: readonly LoadedDocument[], cwd: string): Promise<boolean> {
  if (!(await sameDocumentAt(commit, product, cwd))) return false;
  const contracts = documents.filter((d) => d.kind.type === "DataContract");
  for (const port of portContracts(product)) {
    for (const contract of contractsOfPort(port, contracts)) if (!(await sameDocumentAt(commit, contract, cwd))) return false;
  }
  return true;
}

/**
 * Whether the document of `doc`'s kind and id at `commit` is `doc` unchanged: every push to main tags every
 * product, and one the push did not touch was released by its tag's commit, as it is. Found by its id (in
 * `doc`'s file there, else in any file there that names the id: a document moved to another folder is the
 * same document) and compared as data, so keys written in another order or a moved file change nothing.
 */
async function sameDocumentAt(commit: string, doc: LoadedDocument, cwd: string): Promise<boolean> {
  const id = (doc.value as { id?: unknown }).id;
  if (typeof id !== "string") return false;
  const releasedIn = async (path: string): Promise<boolean> => {
    const text = await git(["show", `${commit}:${path}`], cwd).catch(() => undefined);
    if (text === undefined) return false;
    const released = loadText(path, text).documents.find((d) => d.kind.type === doc.kind.type && (d.value as { id?: unknown }).id === id);
    if (released === undefined) return false;
    // The same release: build metadata, or a written `v`, in the version changes nothing else (semver §10).
    const [then, now] = [released.value as Record<string, unknown>, doc.value as Record<string, unknown>];
    return sameRelease(then.version, now.version) && isDeepStrictEqual({ ...then, version: now.version }, now);
  };
  if (await releasedIn(`./${doc.file}`)) return true;
  // `git grep` prints `<commit>:<path>` (from the top: --full-name, and `:/` searches the whole tree) for
  // each file of the commit that holds the id as written.
  const listed = await git(["grep", "-l", "--full-name", "--fixed-strings", "-e", id, commit, "--", ":/"], cwd).catch(() => "");
  const paths = listed.split("\n").filter(Boolean).map((line) => line.slice(commit.length + 1));
  for (const path of paths.slice(0, 100)) if (await releasedIn(path)) return true;
  return false;
}

/**
 * Brings the remote's release tags of these products (`refs/tags/<id>/v*`) into the checkout. A checkout made
 * without tags (actions/checkout's default, `fetch-depth: 1`) knows none of them: every push to the default
 * branch would tag again a version the remote released at an earlier commit, and git would refuse the push
 * ("already exists"), a release tag "not pushed" for a product the push did not even touch. With the remote's
 * tags here, such a version is found released, unchanged or not, as in a full clone. A shallow checkout
 * fetches only the tagged commits themselves (`--depth=1`), enough to read the released product, and leaves
 * the history it has whole (a tagged commit it has already brings its tag alone). When the
 * fetch fails (no such remote, no answer), nothing changes: the tags are made as before, and a push that git
 * refuses is reported with git's reason.
 */
export async function fetchReleaseTags(documents: readonly LoadedDocument[], cwd: string, options: PushReleaseTagsOptions = {}): Promise<void> {
  const remote = options.remote ?? "origin";
  const ids = new Set<string>();
  for (const doc of documents) {
    const release = productReleaseTag(doc);
    const id = (doc.value as { id?: unknown }).id;
    // A refspec pattern takes one `*`: an id with pattern characters of its own is not fetched by pattern.
    if (release && !release.problem && typeof id === "string" && !/[*?[\\\s]/.test(id)) ids.add(id);
  }
  if (ids.size === 0) return;
  try {
    const env = await remoteTokenEnv(remote, cwd, options.token, "fetch");
    const patterns = [...ids].map((id) => `refs/tags/${id}/v*`);
    if (!(await isShallowRepository(cwd))) {
      await git(["fetch", "--quiet", "--no-tags", "--end-of-options", remote, ...patterns.map((p) => `${p}:${p}`)], cwd, env);
      return;
    }
    // `--depth=1` makes each fetched commit a shallow root, one this checkout has already too: a release
    // tagged within its history would cut that history at the tag (a `fetch-depth: 3` checkout released at
    // HEAD~1 kept two commits). Only the tags of commits not here are fetched so; the others bring their tag alone.
    const { here, missing } = await tagsByCommitPresence(await git(["ls-remote", "--tags", "--end-of-options", remote, ...patterns], cwd, env), patterns, cwd);
    // Each fetch on its own, as one fetch would: git refusing a tag of one (it differs here) leaves the other's fetched.
    for (const [refs, depth] of [[here, []], [missing, ["--depth=1"]]] as const) {
      if (refs.length > 0) await git(["fetch", "--quiet", "--no-tags", ...depth, "--end-of-options", remote, ...refs.map((ref) => `${ref}:${ref}`)], cwd, env).catch(() => undefined);
    }
  } catch {
    // No remote, no network, a tag here that differs from the remote's: tagged as the checkout knows it.
  }
}

/**
 * The tags `git ls-remote --tags` lists for these patterns (`refs/tags/<id>/v*`), parted by whether the commit
 * each names is in the checkout. ls-remote matches a pattern at the end of a name too: such a tag is not one of them.
 */
async function tagsByCommitPresence(listing: string, patterns: readonly string[], cwd: string): Promise<{ here: string[]; missing: string[] }> {
  const commits = new Map<string, string>();
  for (const line of listing.split("\n")) {
    const [sha, ref] = line.split("\t");
    if (!sha || !ref || !patterns.some((pattern) => ref.startsWith(pattern.slice(0, -1)))) continue;
    // An annotated tag is listed twice: its own object, then (`^{}`) the commit it names.
    if (ref.endsWith("^{}")) commits.set(ref.slice(0, -3), sha);
    else if (!commits.has(ref)) commits.set(ref, sha);
  }
  const here: string[] = [];
  const missing: string[] = [];
  for (const [ref, sha] of commits) {
    const present = await git(["cat-file", "-e", `${sha}^{commit}`], cwd).then(() => true, () => false);
    (present ? here : missing).push(ref);
  }
  return { here, missing };
}

/** Whether git knows who is committing here (`user.name`/`user.email`, GIT_COMMITTER_*, or a host it can name). */
async function hasCommitterIdentity(cwd: string): Promise<boolean> {
  return git(["var", "GIT_COMMITTER_IDENT"], cwd).then(
    () => true,
    () => false,
  );
}

/** One line per tag for a log or a summary: what was tagged, what was already, what was refused. */
export function describeReleaseTag(outcome: ReleaseTagOutcome): string {
  switch (outcome.outcome) {
    case "created":
      return `tagged ${outcome.tag}`;
    case "exists":
      return outcome.releasedAs ? `${outcome.tag} is not tagged: ${outcome.releasedAs} already tags this commit, the same version (build metadata aside)` : `${outcome.tag} already tags this commit`;
    case "conflict": {
      const commit = outcome.commit?.slice(0, 12) ?? "?";
      if (outcome.releasedAs) {
        return outcome.unchanged
          ? `${outcome.tag} is not tagged: the same version (build metadata aside) was released at ${commit} as ${outcome.releasedAs}; the product is unchanged since`
          : `${outcome.tag} is not tagged: ${outcome.releasedAs}, the same version (build metadata aside, semver §10), already tags another commit (${commit}): bump the product version to release again`;
      }
      return outcome.unchanged
        ? `${outcome.tag} was released at ${commit}; the product is unchanged since`
        : `${outcome.tag} already tags another commit (${commit}): left as it is; bump the product version to release again`;
    }
    case "invalid":
      return `${JSON.stringify(outcome.tag)} is not tagged: ${outcome.reason ?? "it is not a valid git tag name"}`;
  }
}

export interface PushReleaseTagsOptions {
  /** Default `origin`. */
  remote?: string;
  /**
   * A token for an https remote (sent as a header, as actions/checkout sends it), so that a workflow
   * need not leave its token in .git/config for every later step to read. Without one, git's own
   * credentials are used.
   */
  token?: string;
}

/** Pushes the tags just created (never with --force: a tag on the remote is never moved); never prompts for credentials. */
export async function pushReleaseTags(outcomes: readonly ReleaseTagOutcome[], cwd: string, options: PushReleaseTagsOptions = {}): Promise<void> {
  const created = outcomes.filter((o) => o.outcome === "created").map((o) => `refs/tags/${o.tag}:refs/tags/${o.tag}`);
  if (created.length === 0) return;
  const remote = options.remote ?? "origin";
  const env = await remoteTokenEnv(remote, cwd, options.token, "push");
  await git(["push", "--quiet", "--end-of-options", remote, ...created], cwd, env);
}

/** The tags as a markdown list for a summary or the PR comment section. */
export function renderReleaseTags(outcomes: readonly ReleaseTagOutcome[]): string {
  if (outcomes.length === 0) return "";
  return `**Release tags**\n\n${outcomes.map((o) => `- ${releaseTagLine(o)}`).join("\n")}\n`;
}

/**
 * An outcome's line, its tag as code and the rest as text. A tag is the product's id, which git lets hold `@`,
 * `#`, `<` and backticks: wrapped in bare backticks, `` a`<details> `` ended the code early and opened a fold.
 */
function releaseTagLine(outcome: ReleaseTagOutcome): string {
  const text = describeReleaseTag(outcome);
  const at = text.indexOf(outcome.tag);
  if (at < 0) return escapeMarkdown(text);
  return `${escapeMarkdown(text.slice(0, at))}${inlineCode(outcome.tag)}${escapeMarkdown(text.slice(at + outcome.tag.length))}`;
}

/** A publish's report with the release tags it made: listed in its markdown, one notice each. */
export function withReleaseTags(report: StageReport, outcomes: readonly ReleaseTagOutcome[]): StageReport {
  if (outcomes.length === 0) return report;
  return { ...report, summary: `${report.summary ?? ""}\n${renderReleaseTags(outcomes)}`, notices: [...(report.notices ?? []), ...outcomes.map(describeReleaseTag)] };
}
