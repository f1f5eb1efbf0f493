#!/usr/bin/env node
// Makes the GitHub Release of a meshkit release tag that scripts/release.mjs pushed: its title `meshkit vX.Y.Z`,
// its notes the tag's message (every changelog's section of the version). The tag is the release; the GitHub
// Release is where people and Dependabot's pull requests (which quote it) read what changed.
//
// Usage, in the release workflow after scripts/release.mjs, from the checkout that has the tag:
//
//   node scripts/github-release.mjs [vX.Y.Z]      (default: v + packages/cli/package.json's version)
//
// Environment: GH_TOKEN (or GITHUB_TOKEN) with contents: write; GITHUB_REPOSITORY (owner/name);
// GITHUB_API_URL (default https://api.github.com). The token is sent only as the Authorization header.
//
// A Release that exists is left as it is (running again completes a release whose Release failed). A
// prerelease version makes a prerelease; a release is marked Latest only when it is the highest version
// released (a patch of an older line is not).
//
// Exit codes: 0 made or already there, 2 could not (no tag, no token, GitHub refused or cannot be reached).
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** GitHub's limit on a release's body. */
export const RELEASE_BODY_MAX_CHARS = 125_000;
const TIMEOUT_MS = 30_000;

class Failure extends Error {}

/** The notes as GitHub takes them: whole entries up to the body limit, then where the rest is. */
export function releaseBody(notes, tag, limit = RELEASE_BODY_MAX_CHARS) {
  if (notes.length <= limit) return notes;
  const lines = notes.split("\n");
  const isEntry = (line) => /^- /.test(line);
  const isHeading = (line) => /^#{1,6} /.test(line);
  // changesets indents every line of an entry after its first, so a blank line followed by an indented one is
  // the entry's next paragraph (a multi-paragraph changeset), not its end.
  const goesOn = (at) => {
    const line = lines[at];
    if (isEntry(line) || isHeading(line)) return false;
    if (line.trim() !== "") return true;
    return /^\s+\S/.test(lines.slice(at + 1).find((next) => next.trim() !== "") ?? "");
  };
  const more = (count) => `\n\n… and ${count} more change(s): the whole notes are the message of the tag ${tag} (git tag -l -n999 ${tag}) and each package's CHANGELOG.md.`;
  const total = lines.filter(isEntry).length;
  let kept = [];
  let entries = 0;
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i];
    // An entry is taken whole (with its continuation lines) or not at all.
    if (isEntry(line)) {
      let end = i + 1;
      while (end < lines.length && goesOn(end)) end += 1;
      const next = [...kept, ...lines.slice(i, end)];
      if (next.join("\n").trimEnd().length + more(total - entries - 1).length > limit) break;
      kept = next;
      entries += 1;
      i = end - 1;
    } else {
      kept.push(line);
    }
  }
  return `${kept.join("\n").trimEnd()}${more(total - entries)}`;
}

/** Whether `version` is the highest non-prerelease version among `tags` (vX.Y.Z names). */
export function isLatest(version, tags) {
  if (version.includes("-")) return false;
  const parts = (v) => v.split(".").map(Number);
  const mine = parts(version);
  const compare = (a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
  return tags.every((t) => {
    const m = /^v(\d+\.\d+\.\d+)$/.exec(t);
    return !m || compare(parts(m[1]), mine) <= 0;
  });
}

async function api(base, token, method, path, body) {
  let response;
  try {
    response = await fetch(`${base}${path}`, {
      method,
      headers: { accept: "application/vnd.github+json", authorization: `Bearer ${token}`, "x-github-api-version": "2022-11-28", "user-agent": "meshkit-release", ...(body ? { "content-type": "application/json" } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (error) {
    const cause = error?.cause?.code ?? error?.cause?.message ?? error?.message;
    throw new Failure(`cannot reach ${base} (${cause})`);
  }
  const text = await response.text();
  let json;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: response.status, json };
}

/** GitHub's own words for a refusal: its message and each error's. */
function refusal({ status, json }) {
  const details = Array.isArray(json?.errors) ? json.errors.map((e) => e?.message ?? [e?.resource, e?.field, e?.code].filter(Boolean).join(" ")).filter(Boolean) : [];
  return `${status} ${json?.message ?? "(no message)"}${details.length > 0 ? `: ${details.join("; ")}` : ""}`;
}

export async function githubRelease(root, tagArgument, env = process.env) {
  const version = JSON.parse(readFileSync(join(root, "packages/cli/package.json"), "utf8")).version;
  const tag = tagArgument ?? `v${version}`;
  if (!/^v\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/.test(tag)) throw new Failure(`${tag}: not a release tag (vX.Y.Z)`);
  const token = env.GH_TOKEN || env.GITHUB_TOKEN;
  if (!token) throw new Failure("set GH_TOKEN (or GITHUB_TOKEN) to a token with contents: write");
  const repository = env.GITHUB_REPOSITORY;
  if (!repository || !/^[\w.-]+\/[\w.-]+$/.test(repository)) throw new Failure("set GITHUB_REPOSITORY to owner/name");
  const base = (env.GITHUB_API_URL || "https://api.github.com").replace(/\/+$/, "");

  let message;
  try {
    message = execFileSync("git", ["tag", "-l", "--format=%(contents)", tag], { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  } catch (error) {
    throw new Failure(`git tag: ${String(error.stderr || error.message).trim().split("\n")[0]}`);
  }
  if (!message.trim()) throw new Failure(`${tag} is not a tag here (or has no message): run this after scripts/release.mjs, in its checkout`);
  // The tag's first line is its title (`meshkit vX.Y.Z`); the rest is the notes.
  const notes = message.split("\n").slice(1).join("\n").trim();

  const path = `/repos/${repository}/releases`;
  const found = await api(base, token, "GET", `${path}/tags/${encodeURIComponent(tag)}`);
  if (found.status === 200) return `the GitHub Release of ${tag} exists already: ${found.json?.html_url ?? ""}`.trimEnd();
  if (found.status !== 404) throw new Failure(`GitHub did not say whether ${tag} has a Release: ${refusal(found)}`);

  const tags = execFileSync("git", ["tag", "--list", "v*.*.*"], { cwd: root, encoding: "utf8" }).split("\n").filter(Boolean);
  const prerelease = tag.includes("-");
  const made = await api(base, token, "POST", path, {
    tag_name: tag,
    name: `meshkit ${tag}`,
    body: releaseBody(notes || `No changelog entries for ${tag}.`, tag),
    draft: false,
    prerelease,
    make_latest: isLatest(tag.slice(1), tags) ? "true" : "false",
  });
  if (made.status !== 201) throw new Failure(`GitHub refused the Release of ${tag}: ${refusal(made)}`);
  return `made the GitHub Release of ${tag}${prerelease ? " (prerelease)" : ""}: ${made.json?.html_url ?? ""}`.trimEnd();
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  let root;
  try {
    root = execFileSync("git", ["rev-parse", "--show-toplevel"], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();
  } catch {
    root = fileURLToPath(new URL("..", import.meta.url));
  }
  githubRelease(root, process.argv[2])
    .then((line) => console.log(`github-release: ${line}`))
    .catch((error) => {
      console.error(`github-release: ${error instanceof Failure ? error.message : String(error?.message ?? error).split("\n")[0]}`);
      process.exitCode = 2;
    });
}
