/**
 * A domain's scaffolding settings: who owns its products, where consumers ask, where its lake data lives.
 * `meshkit init domain` records them in the domain repository's package.json (`"meshkit": {...}`), so that
 * `meshkit init product` later writes the same owner, support channel and lake bucket without asking again.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { UsageError, readTextOrThrow } from "@meshkit/core";
import { checkBucket, checkCostCenter, checkOwner, checkSupportChannel, checkTeam, kebab, supportChannelKind } from "./names.js";
import { scalar } from "./yaml-text.js";

export interface DomainSettings {
  domain: string;
  /** The owning team's name (`team.name` in contracts and products). */
  team: string;
  /** Email of the team member with `role: owner`. */
  owner: string;
  /** `#channel`, an email address or an https:// link. */
  supportChannel: string;
  /** The lake bucket of the domain's `s3` servers. */
  bucket: string;
  /** customProperties `costCenter` (provision tags infrastructure with it); absent: not written. */
  costCenter?: string;
}

export interface SettingOptions {
  owner?: string;
  team?: string;
  supportChannel?: string;
  bucket?: string;
  costCenter?: string;
}

/** Settings that were not given fall back on recorded ones, then on placeholders derived from the domain name. */
export function domainSettings(domain: string, given: SettingOptions, recorded: Partial<DomainSettings> = {}): { settings: DomainSettings; placeholders: string[] } {
  const placeholders: string[] = [];
  const pick = (option: keyof SettingOptions, flag: string, fallback: string, check: (v: string) => string): string => {
    const value = given[option] ?? recorded[option];
    if (value !== undefined) return check(value);
    placeholders.push(flag);
    return fallback;
  };
  const base = kebab(domain);
  const costCenter = given.costCenter ?? recorded.costCenter;
  return {
    settings: {
      domain,
      team: pick("team", "--team", `${base}-data`, checkTeam),
      owner: pick("owner", "--owner", `owner@${base}.example`, checkOwner),
      supportChannel: pick("supportChannel", "--support-channel", `#${base}-data`, checkSupportChannel),
      bucket: pick("bucket", "--bucket", defaultBucket(base), checkBucket),
      ...(costCenter !== undefined ? { costCenter: checkCostCenter(costCenter) } : {}),
    },
    placeholders,
  };
}

function defaultBucket(base: string): string {
  return `${base}-data-lake`.slice(0, 63).replace(/-+$/, "");
}

/** The `support:` list entry for a channel: a Slack channel, a mailbox or a link; always with a `url` (ODPS requires one). */
export function supportYaml(settings: DomainSettings): string {
  const channel = settings.supportChannel;
  const kind = supportChannelKind(channel);
  if (kind === "email") {
    return [`  - channel: ${scalar(channel)}`, "    tool: email", "    scope: issues", `    url: ${scalar(`mailto:${channel}`)}`].join("\n");
  }
  if (kind === "link") {
    return [`  - channel: ${scalar(settings.team)}`, "    tool: other", "    scope: issues", `    url: ${scalar(channel)}`].join("\n");
  }
  // ODPS wants a URL for every channel: Slack opens a channel by name at app_redirect (in the user's workspace).
  const url = `https://slack.com/app_redirect?channel=${encodeURIComponent(channel.replace(/^#/, ""))}`;
  return [`  - channel: ${scalar(channel)}`, "    tool: slack", "    scope: interactive", `    url: ${scalar(url)}`].join("\n");
}

/** The `"meshkit"` block of the domain repository's package.json. */
export function recordedSettings(root: string): Partial<DomainSettings> {
  const file = join(root, "package.json");
  if (!existsSync(file)) return {};
  let pkg: unknown;
  try {
    pkg = JSON.parse(readTextOrThrow(file));
  } catch (error) {
    throw new UsageError(`${file} is not valid JSON: ${(error as Error).message.split("\n")[0]}`);
  }
  const block = typeof pkg === "object" && pkg !== null ? (pkg as { meshkit?: unknown }).meshkit : undefined;
  if (typeof block !== "object" || block === null) return {};
  const recorded: Partial<DomainSettings> = {};
  for (const key of ["domain", "team", "owner", "supportChannel", "bucket", "costCenter"] as const) {
    const value = (block as Record<string, unknown>)[key];
    if (typeof value === "string") recorded[key] = value;
  }
  return recorded;
}
