/**
 * Catalog targets, as users write them (`--catalog`, the action's `catalog` input, meshkit.yaml):
 *
 *   dir:<path>                 a folder of JSON entries plus index.json
 *   git:<repo>#<branch>        the same on a branch of a catalog repository (path or URL; branch `catalog` when omitted)
 *   datahub:<gms-url>          DataHub's GMS REST API
 *   openmetadata:<url>         OpenMetadata's REST API; `#service=<name>&service.<server>=<name>&server=<name>&domain=<name>`
 *                              after the URL say which OpenMetadata database service holds each contract server's
 *                              tables, which contract server locates them, and the domain of products that name
 *                              none (see `parseOpenMetadataSettings`)
 *   backstage:<dir>            Backstage catalog-info.yaml entities in a folder
 *
 * `parseCatalogTarget` only parses; `openCatalogStore` opens the two that hold catalog entries
 * (dir and git), which `publishProducts`, `buildSite` and `searchCatalog` work on.
 */
import { isAbsolute, resolve } from "node:path";
import { type MeshkitConfig, UsageError, isValidRefName, loadConfig, withoutUrlCredentials } from "@meshkit/core";
import { HASH_IN_PASSWORD, hashInPassword, isCredentialName, parseBaseUrl } from "../http.js";
import { catalogFindingLine } from "../rules.js";

export type CatalogTargetSpec =
  | { type: "dir"; path: string; text: string }
  | { type: "git"; repo: string; branch: string; text: string }
  | { type: "datahub"; url: string; text: string }
  | { type: "openmetadata"; url: string; text: string; settings: OpenMetadataTargetSettings }
  | { type: "backstage"; dir: string; text: string };

export const DEFAULT_CATALOG_BRANCH = "catalog";

const FORMS = "dir:<path>, git:<repo>#<branch>, datahub:<gms-url>, openmetadata:<url> or backstage:<dir>";

// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\0-\x1f\x7f]/;

/**
 * Parses a catalog target. Relative paths (dir, backstage, a git repository given as a path) are
 * resolved against `cwd`. A target that cannot be a catalog is a one-line UsageError.
 */
export function parseCatalogTarget(text: string, options: { cwd?: string } = {}): CatalogTargetSpec {
  const cwd = options.cwd ?? process.cwd();
  const colon = text.indexOf(":");
  const scheme = colon > 0 ? text.slice(0, colon) : "";
  const rest = colon > 0 ? text.slice(colon + 1) : "";
  if (CONTROL_CHARACTERS.test(text)) throw new UsageError(`catalog target ${JSON.stringify(text)} contains control characters`);
  const shown = redactUrl(text);
  switch (scheme) {
    case "dir":
    case "backstage": {
      if (rest.trim() === "") throw new UsageError(`catalog target ${shown}: give a folder after "${scheme}:", e.g. ${scheme}:catalog`);
      const path = resolve(cwd, rest);
      return scheme === "dir" ? { type: "dir", path, text } : { type: "backstage", dir: path, text };
    }
    case "git": {
      const hash = rest.lastIndexOf("#");
      const repoText = hash === -1 ? rest : rest.slice(0, hash);
      const branch = hash === -1 ? DEFAULT_CATALOG_BRANCH : rest.slice(hash + 1);
      if (repoText.trim() === "") throw new UsageError(`catalog target ${shown}: give a repository after "git:", e.g. git:https://github.com/acme/catalog.git#catalog`);
      if (repoText.startsWith("-")) throw new UsageError(`catalog target ${shown}: a repository cannot start with "-"`);
      checkBranch(branch, shown);
      const repo = isRemoteRepository(repoText) ? repoText : isAbsolute(repoText) ? repoText : resolve(cwd, repoText);
      return { type: "git", repo, branch, text };
    }
    case "datahub":
    case "openmetadata": {
      if (!/^https?:\/\/[^/\s]+/i.test(rest)) throw new UsageError(`catalog target ${shown}: give the server's http(s) URL after "${scheme}:", e.g. ${scheme}:http://localhost:${scheme === "datahub" ? 8080 : 8585}`);
      const { url, settings } = serviceUrlAndSettings(rest);
      // Credentials, a query: refused here, once, before any product is sent (the client checks the same).
      parseBaseUrl(scheme === "datahub" ? "DataHub" : "OpenMetadata", url, `MESHKIT_${scheme.toUpperCase()}_TOKEN`);
      if (scheme === "datahub") {
        // Only openmetadata: takes settings after "#"; a datahub: URL with one would be refused by every request.
        if (settings !== undefined) {
          const names = settings.split("&").map((pair) => decodedName(pair.split("=")[0]!));
          if (names.some(isCredentialName)) throw new UsageError(`catalog target ${shown}: ${tokenHint("datahub")}`);
          throw new UsageError(`catalog target ${shown}: datahub: takes no settings after "#"; give GMS's base address, e.g. datahub:http://localhost:8080`);
        }
        return { type: scheme, url: url.replace(/\/+$/, ""), text };
      }
      return { type: scheme, url: url.replace(/\/+$/, ""), text, settings: parseOpenMetadataSettings(settings ?? "", shown) };
    }
    default:
      throw new UsageError(`unknown catalog target ${shown}: use ${FORMS}`);
  }
}

/**
 * A service target's URL, and the text after its "#" (openmetadata:'s settings) when it has one. The "#" ends the
 * URL only where the text before it is one: a password pasted unencoded may hold "#" (`http://u:p#w@gms`), cut at
 * which the URL read as host `u` and port `p`, quoted in the error. Then the URL is all of it, refused for its
 * credentials (parseBaseUrl).
 */
function serviceUrlAndSettings(rest: string): { url: string; settings?: string } {
  const hash = rest.indexOf("#");
  if (hash === -1 || hashInPassword(rest) || !URL.canParse(rest.slice(0, hash).trim())) return { url: rest };
  return { url: rest.slice(0, hash), settings: rest.slice(hash + 1) };
}

/**
 * The catalog a command works on: `flag` (`--catalog`, an action's `catalog` input) when given, as written
 * (its paths are relative to the working directory), else meshkit.yaml's `catalog.target`, with its paths
 * made absolute from the folder of the config file that sets it; undefined when neither names one.
 */
export function chosenCatalogTarget(flag: string | undefined, config: Pick<MeshkitConfig, "catalog">): string | undefined {
  if (flag) return flag;
  const configured = config.catalog.target;
  if (!configured) return undefined;
  const spec = parseCatalogTarget(configured.text, { cwd: configured.base });
  switch (spec.type) {
    case "dir":
      return `dir:${spec.path}`;
    case "backstage":
      return `backstage:${spec.dir}`;
    case "git":
      return `git:${spec.repo}#${spec.branch}`;
    default:
      return spec.text;
  }
}

/**
 * `chosenCatalogTarget` with the meshkit.yaml a command reads (the nearest from `cwd`, or `configPath`),
 * read only when `flag` is not given. A config that cannot be read, no catalog named anywhere, or a `flag`
 * that cannot be a catalog is a UsageError, before the command reads anything else; `missing` says how to name one.
 */
export async function catalogTargetFor(
  flag: string | undefined,
  options: {
    cwd: string;
    configPath?: string;
    missing: string;
    /** The forms the command takes, for the message when none is named (every form by default). */
    forms?: string;
    /** The catalog to read when none is named anywhere (the one `meshkit ci` writes), instead of the error. */
    fallback?: string;
  },
): Promise<string> {
  if (flag) {
    parseCatalogTarget(flag, { cwd: options.cwd });
    return flag;
  }
  const { config, findings } = await loadConfig({ cwd: options.cwd, ...(options.configPath ? { configPath: options.configPath } : {}) });
  if (findings[0]) throw new UsageError(catalogFindingLine(findings[0]));
  const target = chosenCatalogTarget(undefined, config);
  if (target) return target;
  if (options.fallback) return options.fallback;
  throw new UsageError(`${options.missing}: ${options.forms ?? FORMS} (or set catalog.target in meshkit.yaml)`);
}

/**
 * Where an OpenMetadata target finds the tables of the contracts it publishes, as written after `#`
 * in the target (`openmetadata:http://om:8585#service=acme_pg&service.lake=acme_s3&server=warehouse`):
 * - `service=<name>`: the OpenMetadata database service of every contract server not named otherwise;
 * - `service.<server name or type>=<name>`: the service of contract servers with that name (e.g.
 *   `warehouse`) or type (e.g. `postgres`), the name winning;
 * - `server=<name>`: the contract server that locates the tables (default: the first production server);
 * - `domain=<name>`: the domain of data products whose ODPS document names none (OpenMetadata needs one
 *   for every data product; default `unassigned`).
 * A contract server's own `openmetadataService` custom property wins over all of these.
 */
export interface OpenMetadataTargetSettings {
  service?: string;
  services?: Record<string, string>;
  server?: string;
  /** `domain=<name>`: the domain of products that name none. */
  defaultDomain?: string;
}

export function parseOpenMetadataSettings(fragment: string, shown: string): OpenMetadataTargetSettings {
  const settings: OpenMetadataTargetSettings = {};
  if (fragment.trim() === "") return settings;
  for (const pair of fragment.split("&")) {
    const eq = pair.indexOf("=");
    const key = decodePart(eq === -1 ? pair : pair.slice(0, eq), shown).trim();
    const value = eq === -1 ? "" : decodePart(pair.slice(eq + 1), shown).trim();
    if (isCredentialName(key)) throw new UsageError(`catalog target ${shown}: ${tokenHint("openmetadata")}`);
    if (value === "") throw new UsageError(`catalog target ${shown}: ${JSON.stringify(key)} needs a value (${key || "service"}=<name>)`);
    if (key === "service") settings.service = value;
    else if (key === "server") settings.server = value;
    else if (key === "domain") settings.defaultDomain = value;
    else if (key.startsWith("service.") && key.length > "service.".length) settings.services = { ...settings.services, [key.slice("service.".length)]: value };
    else throw new UsageError(`catalog target ${shown}: unknown setting ${JSON.stringify(key)} after "#"; use service=<name>, service.<server or type>=<name>, server=<name> or domain=<name>`);
  }
  return settings;
}

function decodePart(text: string, shown: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw new UsageError(`catalog target ${shown}: ${JSON.stringify(text)} is not valid percent-encoding`);
  }
}

/** `https://…`, `ssh://…`, `file://…` or scp-like `git@host:org/repo.git`: passed to git as written. */
export function isRemoteRepository(repo: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(repo) || /^[^/\\:]+@[^/\\:]+:/.test(repo);
}

/** A branch git would refuse, said before any git runs (the rules of `git check-ref-format --branch`). */
function checkBranch(branch: string, shown: string): void {
  if (!isValidRefName(branch)) throw new UsageError(`catalog target ${shown}: ${JSON.stringify(branch)} is not a valid branch name`);
}

/**
 * `https://user:token@host/…` → `https://***@host/…`, and `…#token=abc` or `…?access_token=abc` → `…#token=***`:
 * targets are printed (in errors, summaries, CI logs), and a URL can carry a token in its user part or in a
 * parameter (one pasted into `--catalog`, which the services' targets refuse, with a message that quotes it).
 */
export function redactUrl(text: string): string {
  // A password holding "#", where withoutUrlCredentials ends a userinfo: hidden up to the "@" after it.
  return withoutUrlCredentials(text.replace(HASH_IN_PASSWORD, "$1***@"), "***@").replace(PARAMETER, (whole, name: string) => (isCredentialName(decodedName(name)) ? `${whole.slice(0, whole.indexOf("=") + 1)}***` : whole));
}

/**
 * A parameter after `?`, `#`, `&` or `;`, with its value: a credential when its name, percent-decoded as the
 * settings are read (`tok%65n=` is `token=`), is one (isCredentialName).
 */
const PARAMETER = /[?#&;]([^=?#&;\s]+)=[^&#;\s]*/g;

/** A setting's name as meant (`tok%65n` is `token`); as written when it is not valid percent-encoding. */
function decodedName(name: string): string {
  try {
    return decodeURIComponent(name).trim();
  } catch {
    return name.trim();
  }
}

/** What to say to a target that carries a credential after `#`: where the token goes instead. */
function tokenHint(scheme: "datahub" | "openmetadata"): string {
  return `a target takes no token; set MESHKIT_${scheme.toUpperCase()}_TOKEN to it (it is not shown here)`;
}

/** A file a catalog update writes, relative to the catalog root with `/` separators. */
export interface CatalogWrite {
  path: string;
  text: string;
}

/** What an update computed against the catalog's current content. */
export interface PlannedUpdate {
  writes: CatalogWrite[];
  /** The commit message (git), first line a summary. */
  message: string;
}

/**
 * A catalog that holds entries (dir or git). `update` runs `plan` against a local folder with the
 * catalog's current content and makes the planned writes durable: in place for a folder; committed
 * and pushed for git, where a rejected push (another publisher won) runs `plan` again on the new
 * content. `plan` must therefore be a pure function of the folder's content.
 */
export interface CatalogStore {
  readonly spec: CatalogTargetSpec;
  /** The target as printed in messages (credentials redacted). */
  readonly display: string;
  /** How a catalog file is named in findings. */
  label(path: string): string;
  update<T extends PlannedUpdate>(plan: (dir: string) => Promise<T> | T, options: { dryRun: boolean }): Promise<T & UpdateOutcome>;
  /** Runs `read` on a local folder holding the catalog (for git, a temporary checkout removed afterwards). */
  read<T>(read: (dir: string) => Promise<T> | T): Promise<T>;
  /** Throws a UsageError when an update could not be made: a folder that is a file, a repository that cannot be reached. */
  reach(): Promise<void>;
}

export interface UpdateOutcome {
  /** How many times the plan ran (git: 1 + rejected pushes). */
  attempts: number;
  /** git: the catalog commit that was pushed, when something was written. */
  commit?: string;
}
