/**
 * What `meshkit init` accepts as names and settings. Domain and product names become schema, table and
 * role names, lake prefixes (`domain=<d>/product=<p>/`) and folder names, so they are plain snake_case
 * identifiers: checked here, before anything is written, never escaped into something nobody asked for.
 */
import { UsageError } from "@meshkit/core";
import { defaultLocalTarget, postgresDomainProblem, reservedDomainProblem } from "@meshkit/provision";

/** A snake_case identifier of 2 to 63 characters (PostgreSQL's limit), starting with a letter. */
export const NAME_PATTERN = /^[a-z][a-z0-9_]{1,62}$/;

export type NameKind = "domain" | "product";

function shown(value: string): string {
  return JSON.stringify(value.length > 70 ? `${value.slice(0, 67)}...` : value);
}

/**
 * snake_case names the generated repository cannot use: folders its meshkit.yaml excludes or its
 * .gitignore ignores (a product there would never be checked, or never committed), and words YAML reads
 * as a boolean or null (the documents would hold `domain: true`, which no schema takes).
 */
const RESERVED_NAMES: ReadonlyMap<string, string> = new Map([
  ["data", "its folder would be sample data, which meshkit.yaml excludes (**/data/**)"],
  ["lake", "its folder would be the lake folder, which .gitignore ignores"],
  ["node_modules", "its folder would be ignored by git and by meshkit"],
  ["products", "it is the folder that holds the products"],
  ...["true", "false", "null", "yes", "no", "on", "off"].map((word): [string, string] => [word, "YAML reads it as a boolean or null, not a name"]),
]);

/**
 * Why the generated repository's `meshkit provision` (local, its default target) could not make a schema
 * for domain `name` in its warehouse (`main`, `temp`, `warehouse`…), or undefined: its own checks would fail.
 */
function localSchemaProblem(name: string): string | undefined {
  const problem = reservedDomainProblem(name, defaultLocalTarget(".").warehouse);
  return problem === undefined ? undefined : `it ${problem}, and meshkit provision makes a schema per domain there`;
}

/** The name, or a usage error (exit 2) that says what a name must look like. */
export function checkName(kind: NameKind, name: string): string {
  const reserved = RESERVED_NAMES.get(name) ?? (kind === "domain" ? localSchemaProblem(name) : undefined);
  if (reserved) return fail(`${kind} name ${shown(name)} is reserved: ${reserved}; choose another snake_case name`);
  if (NAME_PATTERN.test(name)) {
    // The platform may provision on PostgreSQL (schemas <domain> and <domain>_safe, role <domain>_owner): a domain
    // it cannot take would stop `meshkit provision --target postgres` for every product of the repository.
    const postgres = kind === "domain" ? postgresDomainProblem(name) : undefined;
    return postgres ? fail(`domain name ${shown(name)} ${postgres} (meshkit provision --target postgres)`) : name;
  }
  const why =
    name === "" ? "is empty"
    : name.length > 63 ? "is longer than 63 characters"
    : /[/\\]|\.\./.test(name) ? "is a path (it has / or \\ or ..), not a name"
    : /[A-Z]/.test(name) && NAME_PATTERN.test(name.toLowerCase()) ? "has upper-case letters"
    : !/^[a-z]/.test(name) ? "does not start with a lower-case letter"
    : name.length < 2 ? "is shorter than 2 characters"
    : "has characters other than a-z, 0-9 and _";
  return fail(`${kind} name ${shown(name)} ${why}: use a snake_case identifier (a-z, 0-9, _; e.g. supply_chain)`);
}

/**
 * `<domain>/<product>` for `meshkit init product`. `repositoryDomain` gives the domain of the repository the
 * command runs in, when there is one: a bare product name (`meshkit init product ledger`) is then refused
 * with the command to run, not with another domain's example.
 */
export function parseProductRef(ref: string, repositoryDomain?: () => string | undefined): { domain: string; product: string } {
  const parts = ref.split("/");
  if (parts.length !== 2) {
    const domain = parts.length === 1 && NAME_PATTERN.test(ref) ? repositoryDomain?.() : undefined;
    return fail(`product ${shown(ref)} is not <domain>/<product>: ${domain ? `use meshkit init product ${domain}/${ref}` : "e.g. meshkit init product supply_chain/inventory_snapshot"}`);
  }
  return { domain: checkName("domain", parts[0]!), product: checkName("product", parts[1]!) };
}

// Free-text settings end up in YAML and JSON (quoted there), never in paths or shell scripts; they are still
// kept to one printable line so that a generated file cannot be bent by a newline or a control character.
const PRINTABLE_LINE = /^[^\p{Cc}\p{Zl}\p{Zp}]+$/u;

/** An address as people write one (no `mailto:`, no `:` or `/`: `https://user:pw@host` is a link, not an address). */
function isEmailAddress(text: string): boolean {
  return /^[A-Za-z0-9.!#$%&'*+=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/.test(text) && text.length <= 254;
}

export function checkOwner(owner: string): string {
  if (!isEmailAddress(owner)) {
    return fail(`--owner ${shown(owner)} is not an email address: the owner is the team member who answers for the data, e.g. ana.silva@example.com`);
  }
  return owner;
}

export function checkTeam(team: string): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9 ._-]{0,79}$/.test(team) || team.endsWith(" ")) {
    return fail(`--team ${shown(team)}: use letters, digits, space, '.', '_' or '-' (at most 80 characters), e.g. supply-chain-analytics`);
  }
  return team;
}

export type SupportChannelKind = "slack" | "email" | "link";

/**
 * What a support channel is: a Slack channel `#name` (Slack's own rule: a-z, 0-9, `-`, `_`, at most 80),
 * an email address, or an https:// link with a host; undefined for anything else. Consumers follow it
 * from the catalog, so `javascript:` or plain-http links never get that far.
 */
export function supportChannelKind(channel: string): SupportChannelKind | undefined {
  if (/^#[a-z0-9][a-z0-9_-]{0,79}$/.test(channel)) return "slack";
  if (isEmailAddress(channel)) return "email";
  return isHttpsLink(channel) ? "link" : undefined;
}

/**
 * An https link as a URL parser writes it back (so nothing in it needs escaping: no quotes or angle
 * brackets, which the product's schema `uri` format refuses too), with a host and no credentials.
 */
function isHttpsLink(text: string): boolean {
  if (!/^https:\/\/\S+$/i.test(text) || text.length > 200 || !PRINTABLE_LINE.test(text)) return false;
  try {
    const url = new URL(text);
    return url.hostname !== "" && url.username === "" && url.password === "" && (url.href === text || url.href === `${text}/`);
  } catch {
    return false;
  }
}

export function checkSupportChannel(channel: string): string {
  if (!supportChannelKind(channel)) {
    return fail(`--support-channel ${shown(channel)}: give one Slack channel (#name: a-z, 0-9, - and _), an email address or an https:// link`);
  }
  return channel;
}

/**
 * Prefixes and suffixes S3 reserves for its own names (access point aliases, demo buckets): a bucket named so
 * cannot be created. Those with `--` or `.` are refused by the character rules already.
 */
const RESERVED_BUCKET_PREFIXES = ["sthree-", "amzn-s3-demo-"];
const RESERVED_BUCKET_SUFFIXES = ["-s3alias"];

/** S3 bucket naming rules (the general-purpose bucket subset: no dots, so TLS host names always work). */
export function checkBucket(bucket: string): string {
  if (!/^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/.test(bucket) || bucket.includes("--")) {
    return fail(`--bucket ${shown(bucket)} is not an S3 bucket name: 3-63 characters a-z, 0-9 and '-' (not two in a row), starting and ending with a letter or digit`);
  }
  const prefix = RESERVED_BUCKET_PREFIXES.find((reserved) => bucket.startsWith(reserved));
  const suffix = RESERVED_BUCKET_SUFFIXES.find((reserved) => bucket.endsWith(reserved));
  if (prefix || suffix) {
    return fail(`--bucket ${shown(bucket)} is not an S3 bucket name: S3 reserves names ${prefix ? `starting with ${prefix}` : `ending with ${suffix}`} for its own; choose another`);
  }
  return bucket;
}

export function checkCostCenter(costCenter: string): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/.test(costCenter)) {
    return fail(`--cost-center ${shown(costCenter)}: use letters, digits, '_', '.' or '-' (e.g. CC-530)`);
  }
  return costCenter;
}

/** `owner/repo` of the meshkit actions the workflow calls. */
export function checkActionsRepo(repo: string): string {
  if (!/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})\/[A-Za-z0-9._-]{1,100}$/.test(repo) || repo.endsWith("/..") || repo.endsWith("/.")) {
    return fail(`--actions-repo ${shown(repo)} is not a GitHub <owner>/<repository>, e.g. meshkit/meshkit or acme/meshkit`);
  }
  return repo;
}

/** `supply_chain` -> `supply-chain`: team names, bucket names and channel names use dashes. */
export function kebab(name: string): string {
  return name.replace(/_+/g, "-").replace(/^-+|-+$/g, "");
}

function fail(message: string): never {
  throw new UsageError(message);
}
