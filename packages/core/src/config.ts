import { existsSync, lstatSync, realpathSync, statSync } from "node:fs";
import { basename, dirname, isAbsolute, join, posix, relative, resolve, sep } from "node:path";
import { loadText, type LoadedDocument } from "./document.js";
import { type Finding, INPUT_RULES, INPUT_RULE_IDS, type RuleLevel, UsageError, docsUrlFor } from "./findings.js";
import { MESHKIT_API_VERSION, isMapping } from "./kinds.js";
import { compileNamingPattern } from "./naming-pattern.js";
import { isValidRefName } from "./ref-name.js";
import { alternatives, meantCandidates } from "./suggest.js";
import { COMPAT_CHANGE_KINDS, COMPAT_RULE_IDS } from "./compat-rule-ids.js";
import { type SchemaIssue, quotedValueHint, validateConfigSchema } from "./schemas.js";
import { fromPointer, toPointer } from "./pointer.js";
import { type SourceText, readSourceFile } from "./source.js";
import { unquotedTextHint } from "./unquoted-text.js";
import { yaml11BooleanHint } from "./yaml11-boolean.js";

export type NamingConvention =
  | "snake_case"
  | "camelCase"
  | "PascalCase"
  | "kebab-case"
  | "SCREAMING_SNAKE_CASE"
  | { pattern: string };

export type CompatMode = "none" | "backward" | "forward" | "full" | "backward-transitive" | "forward-transitive" | "full-transitive";

/** A change schema-compat accepts: every field given must match it. */
export interface CompatIgnore {
  kind?: string;
  contract?: string;
  path?: string;
  reason: string;
}

/** An accepted policy failure: a rule waived for a document, with who approved it and until when. */
export interface PolicyWaiver {
  rule: string;
  /** Contract or product id, or a file glob; absent: every document. */
  document?: string;
  path?: string;
  /** A Terraform resource address (`aws_s3_bucket.legacy`, `module.lake`): failures in that resource only. */
  resource?: string;
  justification: string;
  approver: string;
  /** ISO date (YYYY-MM-DD): the waiver applies through that day. */
  expires: string;
  /** Where the waiver is written, to point an "expired" finding at it. */
  source?: { doc: LoadedDocument; pointer: string };
}

export interface PolicySettings {
  /** `builtin:<name>` or paths, resolved against the config file that named them. */
  packs: string[];
  params: Record<string, unknown>;
  rules: Record<string, RuleLevel>;
  waivers: PolicyWaiver[];
  /** The longest a waiver may run, in days from today: one expiring later does not apply. Absent: no limit. */
  maxWaiverDays?: number;
  opa?: { url: string; package: string; timeoutMs?: number };
  infrastructure: string[];
}

/** meshkit.yaml after defaults and `extends` are applied. */
export interface MeshkitConfig {
  /** Folder the config file lives in (the working directory when there is none); globs are relative to it. */
  root: string;
  /** The config file, when one was found. */
  file?: string;
  files: { include: string[]; exclude: string[] };
  lint: {
    rules: Record<string, RuleLevel>;
    naming: { objects: NamingConvention; properties: NamingConvention };
  };
  policy: PolicySettings;
  compat: {
    mode: CompatMode;
    rules: Record<string, RuleLevel>;
    ignore: CompatIgnore[];
    tagPrefix?: string;
  };
  /**
   * `target`: where `meshkit provision` (and `meshkit ci`) provisions when no `--target` is given (default
   * local). `requireServer`: a contract provisioned on a Terraform target must have a server of its type.
   */
  provision: { target?: ProvisionTargetName; requireServer?: boolean };
  /**
   * The catalog `publish`, `catalog build`/`search` and `ci` use when no `--catalog` is given: the target as
   * written, and `base`, the folder of the config file that wrote it (its relative paths start there).
   */
  catalog: { target?: { text: string; base: string } };
  /** Where each setting came from, to point a later finding (e.g. an unknown rule id) at its line. */
  sources: LoadedDocument[];
}

/** Where provision can provision (the choices of `--target`; @meshkit/provision plans each). */
export const PROVISION_TARGET_NAMES = ["local", "postgres", "aws", "snowflake", "bigquery"] as const;
export type ProvisionTargetName = (typeof PROVISION_TARGET_NAMES)[number];

export const CONFIG_FILE_NAMES = ["meshkit.yaml", "meshkit.yml", ".meshkit.yaml"];

export const DEFAULT_INCLUDE = ["**/*.yaml", "**/*.yml", "**/*.json"];
/** Never documents, and expensive to walk. */
export const ALWAYS_EXCLUDED = ["**/node_modules/**", "**/.git/**", "**/.turbo/**"];

export function defaultConfig(root: string): MeshkitConfig {
  return {
    root,
    files: { include: DEFAULT_INCLUDE, exclude: [] },
    lint: { rules: {}, naming: { objects: "snake_case", properties: "snake_case" } },
    compat: { mode: "forward", rules: {}, ignore: [] },
    policy: { packs: ["builtin:platform-baseline"], params: {}, rules: {}, waivers: [], infrastructure: [] },
    provision: {},
    catalog: {},
    sources: [],
  };
}

/**
 * The nearest config file from `cwd` upwards, or undefined. The search stops at the repository root
 * (a folder with `.git`): a repository nested in another one does not inherit its settings.
 */
export function findConfigFile(cwd: string): string | undefined {
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    const file = configFileIn(dir);
    if (file) return file;
    if (existsSync(join(dir, ".git")) || dirname(dir) === dir) return undefined;
  }
}

/**
 * The config file in `dir` itself (the first of CONFIG_FILE_NAMES there), or undefined: what
 * `findConfigFile` looks for in each folder on its way up. For callers that walk many folders at once
 * (the pre-commit hook, per staged path) and remember each folder's answer.
 */
export function configFileIn(dir: string): string | undefined {
  for (const name of CONFIG_FILE_NAMES) {
    const candidate = join(dir, name);
    // A link that leads nowhere (dangling, a loop) is still the folder's config: loading it says why it
    // cannot be read, instead of the defaults (or a parent's config) applying without a word.
    if (existsSync(candidate) || isSymbolicLink(candidate)) return candidate;
  }
  return undefined;
}

export function isSymbolicLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

/** Whether anything is at `path`, a link that leads nowhere included. */
export function pathExists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

/** `folder` with its links resolved, or as given when it is not there (yet). */
export function realFolder(folder: string): string {
  try {
    return realpathSync(folder);
  } catch {
    return folder;
  }
}

export interface ConfigResult {
  config: MeshkitConfig;
  /** `config-invalid` and input findings (a config that does not parse), all of the `config` stage; any of them makes the command exit 2. */
  findings: Finding[];
  /**
   * The config documents read whose settings the findings kept from applying (see withUnknownRuleIds): one the schema
   * refused, and those whose `extends` failed (a missing or invalid parent), parents first.
   */
  invalid?: LoadedDocument[];
}

/**
 * Loads the config named by `--config`, or the nearest `meshkit.yaml`, or the defaults.
 * `search: false` reads no config but the named one (the defaults without one).
 * A named file that does not exist is a usage error; a config with unknown keys or bad values yields
 * `config-invalid` findings positioned at the offending node.
 */
export async function loadConfig(options: { cwd: string; configPath?: string; read?: ConfigReader; search?: boolean }): Promise<ConfigResult> {
  const explicit = options.configPath ? resolve(options.cwd, options.configPath) : undefined;
  if (explicit && !(await configExists(explicit, options.read))) throw new UsageError(`config file not found: ${options.configPath}`);
  if (explicit && isFolder(explicit)) throw new UsageError(`--config ${options.configPath} is a folder: ${nameConfigFileIn(explicit, options.configPath!, "--config")}`);
  // `search: false`: no config named is the defaults, whatever the disk holds (the pre-push hook judges a
  // commit that holds no config: an untracked meshkit.yaml in the working tree is not what CI will read).
  const file = explicit ?? (options.search === false ? undefined : findConfigFile(options.cwd));
  if (!file) return { config: defaultConfig(resolve(options.cwd)), findings: [] };
  const loaded = await loadConfigChain(file, options.cwd, [], options.read);
  const ignored = explicit ? [] : configFilesBeside(file).map((other) => ignoredConfigFinding(other, file, options.cwd));
  // A config that does not parse or cannot be read is the config stage's problem as `config-invalid` is: every
  // stage stops at it, and reports (SARIF) tell such a run from one that checked the documents by the stage.
  const findings = [...ignored, ...loaded.findings].map((f) => (f.stage === "config" ? f : { ...f, stage: "config" as const }));
  return { ...loaded, findings };
}

/**
 * The other config files in `file`'s folder (by CONFIG_FILE_NAMES, not links to `file` itself): only the
 * first name there is read, and settings written in a second file would be ignored without a word.
 */
function configFilesBeside(file: string): string[] {
  const real = (path: string) => {
    try {
      return realpathSync(path);
    } catch {
      return undefined;
    }
  };
  const own = real(file);
  return CONFIG_FILE_NAMES.map((name) => join(dirname(file), name)).filter((other) => other !== file && existsSync(other) && real(other) !== own);
}

function ignoredConfigFinding(ignored: string, used: string, cwd: string): Finding {
  const message = `${displayPath(ignored, cwd)}: is not read, ${basename(used)} beside it is (one config per folder, the first of ${CONFIG_FILE_NAMES.join(", ")}): merge its settings into ${basename(used)} and remove it`;
  return { ruleId: "config-invalid", severity: "error", message, file: displayPath(ignored, cwd), line: 1, column: 1, path: "", stage: "config", docsUrl: docsUrlFor("config-invalid") };
}

/**
 * Where a config's text comes from when not from the disk: the hooks read the git index or the pushed commit
 * (the configs as the commit holds them). Resolves undefined for a file outside what it reads (a platform
 * config under node_modules/): the disk then; a `MissingConfig` for a file that should be there and is not
 * (an untracked file of the repository, which CI will not have), so that an `extends` of it is refused.
 */
export type ConfigReader = (file: string) => Promise<SourceText | MissingConfig | undefined>;

/** A ConfigReader's answer for a file its source does not hold: why, as it ends "extends names a file …". */
export interface MissingConfig {
  missing: string;
}

/** Why `file` is not there to load (`that does not exist`), or undefined when it is. */
async function whyConfigMissing(file: string, read: ConfigReader | undefined): Promise<string | undefined> {
  const answer = await read?.(file);
  if (answer !== undefined && "missing" in answer) return answer.missing;
  // A link that leads nowhere is there: loading it says why it cannot be read (a loop, a missing target).
  return answer !== undefined || existsSync(file) || isSymbolicLink(file) ? undefined : "that does not exist";
}

/** Whether `file`, named by --config, is there: on disk when the reader's source does not hold it (the user named it). */
async function configExists(file: string, read: ConfigReader | undefined): Promise<boolean> {
  return existsSync(file) || isSymbolicLink(file) || (await whyConfigMissing(file, read)) === undefined;
}

/** `includeReplaced`: a config that extends this one (directly or further down) sets its own `files.include`, so this one's is never read. */
async function loadConfigChain(file: string, cwd: string, seen: string[], read?: ConfigReader, includeReplaced = false): Promise<ConfigResult> {
  const display = displayPath(file, cwd);
  const answer = await read?.(file);
  // --config names a file the reader's source does not hold: the user named it, so it is read from disk.
  const source = answer !== undefined && !("missing" in answer) ? answer : readSourceFile(file, display);
  if (!source.ok) return { config: defaultConfig(dirname(file)), findings: [source.finding] };
  const { documents, findings } = loadText(display, source.text);
  const doc = documents[0];
  if (findings.length > 0 || !doc) return { config: defaultConfig(dirname(file)), findings };
  // One config per file: settings after a `---` would be ignored without a word.
  const more = documents.slice(1).find((d) => d.value !== null);
  if (more) {
    const message = "holds more than one YAML document (`---`); meshkit reads one config per file: merge the settings into the first document";
    return { config: defaultConfig(dirname(file)), findings: [configInvalid(more, message, "")] };
  }

  const invalid = configDocumentFindings(doc, { includeReplaced });
  if (invalid.length > 0) return { config: defaultConfig(dirname(file)), findings: invalid, invalid: [doc] };
  const raw = doc.value as RawConfig;
  let base = defaultConfig(dirname(file));
  if (raw.extends) {
    const parent = resolve(dirname(file), raw.extends);
    const missing = await whyConfigMissing(parent, read);
    if (seen.includes(parent) || parent === file || missing !== undefined) {
      const message = missing === undefined ? `extends forms a cycle through ${raw.extends}` : `extends names a file ${missing}: ${raw.extends}`;
      return {
        config: base,
        findings: [configInvalid(doc, message, "/extends")],
        invalid: [doc],
      };
    }
    // A folder would be read as a file and reported there ("not a regular file"), not at this `extends`.
    if (isFolder(parent)) return { config: base, findings: [configInvalid(doc, `extends names a folder, ${raw.extends}: ${nameConfigFileIn(parent, raw.extends, "extends:")}`, "/extends")], invalid: [doc] };
    const inherited = await loadConfigChain(parent, cwd, [...seen, file], read, includeReplaced || raw.files?.include !== undefined);
    if (inherited.findings.length > 0) return { ...inherited, invalid: [...(inherited.invalid ?? []), doc] };
    base = inherited.config;
  }
  return { config: mergeConfig(base, raw, file, doc), findings: [] };
}

/**
 * `config-invalid` findings for one config document on its own (not its `extends` chain): what it is if
 * not a mapping, then its schema issues, then naming patterns RE2 cannot compile, absolute globs and a
 * tag prefix no git tag can carry.
 * Also how `meshkit lint` checks a config it is given that is not the one in use (a platform config that
 * domains extend, a subfolder's), which would otherwise pass unread. `includeReplaced`: a config extending this one
 * sets its own `files.include`, so an empty one here (a platform's that leaves each domain to list its files) is never read.
 */
export function configDocumentFindings(doc: LoadedDocument, options: { includeReplaced?: boolean } = {}): Finding[] {
  // An empty file (or only comments) is most often one about to be written; a list or a lone value is
  // not a config either: say what a config is, not the schema's "must be an object".
  if (doc.value === null || typeof doc.value !== "object" || Array.isArray(doc.value)) {
    const what = doc.value === null ? "is empty" : Array.isArray(doc.value) ? "is a YAML list (`- ` items)" : "is a single value";
    const message = `${what}: a config is a mapping that starts \`apiVersion: meshkit/v1\` and \`kind: Config\` (\`meshkit init\` writes one)`;
    return [configInvalid(doc, message, "")];
  }
  const issues = validateConfigSchema(doc.value);
  if (issues.length > 0) return issues.map((issue) => configInvalid(doc, withSectionToWrite(withTextToWrite(withValueToWrite(issue), issue, doc), issue, doc.value as Record<string, unknown>), issue.pointer, issue.target));
  const raw = doc.value as RawConfig;
  return [...namingPatternFindings(raw, doc), ...(options.includeReplaced ? [] : emptyIncludeFindings(raw, doc)), ...absoluteGlobFindings(raw, doc), ...tagPrefixFindings(raw, doc)];
}

/**
 * `; did you mean \`x\`?` for a misspelt id (within edit distance 2 of a known one); else every member of the family it
 * names without its last part (`property-removed` for `-optional` and `-required`: familyMembers); else nothing.
 */
function didYouMean(written: string, known: ReadonlySet<string>): string {
  const meant = meantCandidates(written, [...known]).map((id) => `\`${id}\``);
  return meant.length === 0 ? "" : `; did you mean ${alternatives(meant)}?`;
}

/** The sections of a config, whose settings are written under them (`policy: {waivers: …}`). */
const SECTIONS = Object.keys(defaultConfig("")).filter((key) => key !== "root" && key !== "sources");
const UNKNOWN_TOP_LEVEL_KEY = /^(unknown property `[^`]*` in config); (?:remove it|did you mean `[^`]*`\?)$/;

/**
 * An unknown key at the top of a config that is a setting of a section (`waivers:` for `policy.waivers`,
 * `packs:`) is answered with where it belongs rather than "remove it", which would drop the setting the
 * author meant (waivers, say, would then stop applying), or than a top-level key it is spelt like (`rules`
 * is not `files`). The schema decides: the key is suggested under each section that allows it.
 */
function withSectionToWrite(message: string, issue: SchemaIssue, config: Record<string, unknown>): string {
  const unknown = issue.target === "key" ? UNKNOWN_TOP_LEVEL_KEY.exec(message) : null;
  if (!unknown) return message;
  const [key] = fromPointer(issue.pointer);
  if (key === undefined || fromPointer(issue.pointer).length !== 1) return message;
  const sections = SECTIONS.filter((section) => {
    const moved = { apiVersion: MESHKIT_API_VERSION, kind: "Config", [section]: { [key]: config[key] } };
    return !validateConfigSchema(moved).some((other) => other.target === "key" && other.pointer === toPointer([section, key]));
  });
  if (sections.length === 0) return message;
  const where = sections.map((section) => `\`${section}.${key}\``);
  const choice = where.length === 1 ? where[0] : `${where.slice(0, -1).join(", ")} or ${where.at(-1)}`;
  return `${unknown[1]}: it is a setting of a section; move it under ${sections.length === 1 ? `\`${sections[0]}:\`` : "its section"} (${choice})`;
}

/** The two keys every config has, and their only values: a message for a missing one can say what to write. */
const IDENTITY: Readonly<Record<string, string>> = { apiVersion: MESHKIT_API_VERSION, kind: "Config" };

function withValueToWrite(issue: SchemaIssue): string {
  const value = issue.pointer === "" && issue.about !== undefined ? IDENTITY[issue.about] : undefined;
  return value === undefined ? issue.message : `${issue.message}: add \`${issue.about}: ${value}\``;
}

/** A waiver's `expires`, the one config value whose text is a date. */
const WAIVER_EXPIRES = /^\/policy\/waivers\/\d+\/expires$/;

/**
 * The schema's "must be a string" for a value YAML read as something else says what the text is: a waiver's
 * `expires` left empty (`expires:`, a waiver meant to never end) or written as a number (`20270101`) must be a
 * date, which quoting alone would not make it; any other value YAML read as a number or bool
 * (`approver: 12345`) is answered with how to quote it, as contract-lint answers one in a contract.
 */
function withTextToWrite(message: string, issue: SchemaIssue, doc: LoadedDocument): string {
  if (issue.target !== "value" || !message.endsWith(" must be a string")) return message;
  if (WAIVER_EXPIRES.test(issue.pointer)) return `${message.slice(0, -"a string".length)}a date like 2024-01-31`;
  return `${message}${unquotedTextHint(doc, issue.pointer, "text")}`;
}

/** Whether `path` is a folder (through links): a config is a file, so `extends` or `--config` naming a folder is a mistake. */
export function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** What to write instead of a folder named as a config (`as written` is how the user wrote it): the config file it holds, if any. */
function nameConfigFileIn(folder: string, asWritten: string, option: "extends:" | "--config"): string {
  const inside = configFileIn(folder);
  const name = inside ? basename(inside) : CONFIG_FILE_NAMES[0]!;
  const suggestion = posix.join(asWritten.split(sep).join("/"), name);
  return inside ? `name its config file (${option} ${suggestion})` : `name a config file (${option} ${suggestion}); there is none in it`;
}

/** A `config-invalid` finding at `pointer`, its message led by the file read (`--config` may name any). */
function configInvalid(doc: LoadedDocument, message: string, pointer: string, target?: "key" | "value"): Finding {
  return doc.finding({ ruleId: "config-invalid", severity: "error", message: `${doc.file}: ${message}`, path: pointer, ...(target ? { target } : {}), stage: "config" });
}

/** `config-invalid` for each naming pattern RE2 cannot compile (RE2 syntax: `(?i)` and `(?P<name>…)` are fine, lookaround is not). */
function namingPatternFindings(raw: RawConfig, doc: LoadedDocument): Finding[] {
  return (["objects", "properties"] as const).flatMap((key) => {
    const convention = raw.lint?.naming?.[key];
    if (typeof convention !== "object") return [];
    const pattern = compileNamingPattern(convention.pattern);
    if (pattern.ok) return [];
    const message = `lint.naming.${key}.pattern is not an RE2 regular expression (${pattern.reason}); lookaround and backreferences are not supported.`;
    return [configInvalid(doc, message, `/lint/naming/${key}/pattern`)];
  });
}

/**
 * `config-invalid` for each absolute `files.include` glob (`/**`, `C:/data/**`): globs are relative to
 * the config's folder (`../domains/**` reaches a sibling folder), and an absolute one would walk whatever
 * it names, the whole disk for `/**`. An absolute `files.exclude` glob is matched against those relative
 * paths too, so it would exclude nothing: the fixtures it names would be checked in silence.
 */
function absoluteGlobFindings(raw: RawConfig, doc: LoadedDocument): Finding[] {
  const absolute = (glob: unknown) => typeof glob === "string" && (isAbsolute(glob) || /^[A-Za-z]:[\\/]/.test(glob));
  // A waiver's document glob, too: matched against paths from the project's folder, an absolute one matches nothing.
  const globs: [string, unknown, string][] = [
    ...(raw.files?.include ?? []).map((glob, i): [string, unknown, string] => ["files.include glob", glob, `/files/include/${i}`]),
    ...(raw.files?.exclude ?? []).map((glob, i): [string, unknown, string] => ["files.exclude glob", glob, `/files/exclude/${i}`]),
    ...(raw.policy?.infrastructure ?? []).map((glob, i): [string, unknown, string] => ["policy.infrastructure glob", glob, `/policy/infrastructure/${i}`]),
    ...(raw.policy?.waivers ?? []).map((waiver, i): [string, unknown, string] => ["policy.waivers document", waiver.document, `/policy/waivers/${i}/document`]),
  ];
  return globs.flatMap(([what, glob, pointer]) => {
    if (!absolute(glob)) return [];
    const message = `${what} \`${String(glob)}\` is absolute; globs are relative to the config's folder (e.g. \`products/**/*.yaml\`, \`../domains/**/*.yaml\`).`;
    return [configInvalid(doc, message, pointer)];
  });
}

/**
 * `config-invalid` for an empty `files.include`: it replaces the default (and a base config's list), so no file
 * is ever a candidate and `meshkit lint` passes on "0 files", whatever the contracts beside it say.
 */
function emptyIncludeFindings(raw: RawConfig, doc: LoadedDocument): Finding[] {
  if (raw.files?.include?.length !== 0) return [];
  const message = `files.include is empty, so no file would be checked (lint would pass on 0 files); list the globs of the files that hold contracts and products, or remove it for the default (${DEFAULT_INCLUDE.join(", ")}).`;
  return [configInvalid(doc, message, "/files/include")];
}

/**
 * `config-invalid` for a `compat.tagPrefix` that no git tag can start with (a space, `..`, `:`, …): compat
 * would find no release under it and judge every contract new, saying only that no tag matched.
 */
function tagPrefixFindings(raw: RawConfig, doc: LoadedDocument): Finding[] {
  const prefix = raw.compat?.tagPrefix;
  if (typeof prefix !== "string" || isValidRefName(`${prefix}v1.0.0`)) return [];
  const message = `compat.tagPrefix \`${prefix}\` cannot begin a git tag name (no spaces, \`..\`, \`~ ^ : ? * [ \\\`, \`@{\`, \`//\`, nor a part led by \`.\` or \`-\`); write it as the release tags are, e.g. \`customer_360/\`.`;
  return [configInvalid(doc, message, "/compat/tagPrefix")];
}

interface RawConfig {
  extends?: string;
  files?: { include?: string[]; exclude?: string[] };
  lint?: { rules?: Record<string, RuleLevel>; naming?: { objects?: NamingConvention; properties?: NamingConvention } };
  compat?: { mode?: CompatMode; rules?: Record<string, RuleLevel>; ignore?: CompatIgnore[]; tagPrefix?: string };
  policy?: {
    packs?: string[];
    params?: Record<string, unknown>;
    rules?: Record<string, RuleLevel>;
    waivers?: Omit<PolicyWaiver, "source">[];
    maxWaiverDays?: number;
    opa?: PolicySettings["opa"];
    infrastructure?: string[];
  };
  provision?: { target?: ProvisionTargetName; requireServer?: boolean };
  catalog?: { target?: string };
}

/** This file's settings over the base's: rule levels merge per id, file globs are replaced, and globs move to this file's folder. */
function mergeConfig(base: MeshkitConfig, raw: RawConfig, file: string, doc: LoadedDocument): MeshkitConfig {
  const root = dirname(file);
  // Inherited globs were written relative to the base config's folder; keep them meaning the same files.
  const rebase = (globs: string[]) => (base.root === root ? globs : globs.map((g) => rebaseGlob(g, base.root, root)));
  return {
    root,
    file,
    files: {
      include: raw.files?.include ?? (base.file ? rebase(base.files.include) : base.files.include),
      exclude: raw.files?.exclude ?? rebase(base.files.exclude),
    },
    lint: {
      rules: { ...base.lint.rules, ...raw.lint?.rules },
      naming: { ...base.lint.naming, ...raw.lint?.naming },
    },
    compat: {
      mode: raw.compat?.mode ?? base.compat.mode,
      rules: { ...base.compat.rules, ...raw.compat?.rules },
      // Accepted changes add up: the platform's and the domain's.
      ignore: [...base.compat.ignore, ...(raw.compat?.ignore ?? [])],
      ...((raw.compat?.tagPrefix ?? base.compat.tagPrefix) !== undefined ? { tagPrefix: raw.compat?.tagPrefix ?? base.compat.tagPrefix } : {}),
    },
    policy: {
      // Packs are resolved against the file that names them; a domain's list replaces the platform's.
      packs: raw.policy?.packs?.map((pack) => (pack.startsWith("builtin:") || isAbsolute(pack) ? pack : resolve(root, pack))) ?? base.policy.packs,
      params: { ...base.policy.params, ...raw.policy?.params },
      rules: { ...base.policy.rules, ...raw.policy?.rules },
      waivers: [...base.policy.waivers, ...(raw.policy?.waivers ?? []).map((w, i) => ({ ...w, source: { doc, pointer: `/policy/waivers/${i}` } }))],
      // The platform's limit holds for the waivers of every config that extends it, unless one sets its own.
      ...((raw.policy?.maxWaiverDays ?? base.policy.maxWaiverDays) !== undefined ? { maxWaiverDays: raw.policy?.maxWaiverDays ?? base.policy.maxWaiverDays } : {}),
      ...((raw.policy?.opa ?? base.policy.opa) ? { opa: raw.policy?.opa ?? base.policy.opa } : {}),
      infrastructure: raw.policy?.infrastructure ?? (base.file ? rebase(base.policy.infrastructure) : base.policy.infrastructure),
    },
    provision: { ...base.provision, ...raw.provision },
    // A catalog folder is relative to the file that names it, as policy packs are.
    catalog: raw.catalog?.target ? { target: { text: raw.catalog.target, base: root } } : base.catalog,
    sources: [...base.sources, doc],
  };
}

function rebaseGlob(glob: string, from: string, to: string): string {
  // `**/x` means "anywhere" wherever it is written; only anchored globs move with their folder.
  if (isAbsolute(glob) || glob.startsWith("**/")) return glob;
  const prefix = relative(to, from).split(sep).join("/");
  return prefix ? posix.normalize(`${prefix}/${glob}`) : glob;
}

/** A path as the user should see it: relative to the working directory when it is inside it. */
export function displayPath(file: string, cwd: string): string {
  const rel = relative(cwd, file);
  // Windows' separator becomes `/`; on POSIX a backslash is a character of the name (`back\\slash.yaml`).
  return rel && !rel.startsWith("..") && !isAbsolute(rel) ? rel.split(sep).join("/") : file;
}

/**
 * `config-invalid` findings for rule ids that a section's `rules` map names but no rule of that stage
 * has (`lint.rules`, `compat.rules`), each at its key in the file that wrote it. `policyRules`: the rule ids
 * of each policy by its name (policy.rules), for a key that names a policy where a rule is meant; `stageRules`: the
 * rule ids of meshkit's other stages, each with its stage (policy.rules), which no pack may define (lint's
 * `contract-owner` there is meant for lint.rules, and would set nothing). In policy.rules, an id that is none of
 * these nor one of the stage's own (`fixed`) is unknownPolicyRuleLevels' warning.
 */
export function unknownRuleIds(
  config: MeshkitConfig,
  section: "lint" | "compat" | "policy",
  known: ReadonlySet<string>,
  fixed: ReadonlySet<string> = new Set(),
  policyRules: ReadonlyMap<string, readonly string[]> = new Map(),
  stageRules: ReadonlyMap<string, string> = new Map(),
): Finding[] {
  const findings: Finding[] = [];
  for (const { doc, id, level } of writtenRuleLevels(config, section)) {
    // Input rules say a file could not be read at all: nothing can be checked in it, so they stay errors.
    if (INPUT_RULE_IDS.has(id)) {
      if (level !== "error") findings.push(configInvalid(doc, `\`${id}\` is an input rule: a file it reports could not be read, so it always stays an error; remove it from ${section}.rules.`, toPointer([section, "rules", id]), "key"));
      continue;
    }
    if (known.has(id)) continue;
    // `fixed`: the stage's own rules (policy-check's engine), which always report as they are.
    const ofPolicy = policyRules.get(id);
    const stage = stageRules.get(id);
    if (section === "policy" && !fixed.has(id) && !ofPolicy && stage === undefined) continue;
    const message = fixed.has(id)
      ? `\`${id}\` is a rule of ${section} itself, not of a pack: its level cannot be set; remove it from ${section}.rules.`
      : stage !== undefined
        ? `\`${id}\` in ${section}.rules is one of meshkit's own rules (docs/rules/${id}.md), which no pack defines: ${stageRuleInstead(id, stage)} instead.`
      : ofPolicy
        ? `\`${id}\` in ${section}.rules is the name of a policy, not a rule id: set the level of each of its rules instead (${ofPolicy.join(", ")}).`
        : `unknown rule id \`${id}\` in ${section}.rules${didYouMean(id, known)} (${rulesListed(config, section, known)}).`;
    findings.push(configInvalid(doc, message, toPointer([section, "rules", id]), "key"));
  }
  return findings;
}

/**
 * A `rule-level-unused` warning for each policy.rules key that no pack in use defines (`known`), and that is neither
 * one of policy-check's own rules (`fixed`), nor a policy's name (`policyRules`), nor a rule of meshkit's other stages
 * (`stageRules`), which unknownRuleIds refuses, at its
 * key in the file that wrote it. A rule the platform removes from its pack leaves the levels set for it setting
 * nothing, which is no reason to stop every domain's checks (exit 2) until each removes its key, as a waiver of that
 * rule is a `waiver-unused` warning; a misspelt id sets nothing either, the rule keeping its own severity.
 */
export function unknownPolicyRuleLevels(
  config: MeshkitConfig,
  known: ReadonlySet<string>,
  fixed: ReadonlySet<string>,
  policyRules: ReadonlyMap<string, readonly string[]>,
  stageRules: ReadonlyMap<string, string>,
): Finding[] {
  return [...writtenRuleLevels(config, "policy")]
    .filter(({ id }) => !INPUT_RULE_IDS.has(id) && !known.has(id) && !fixed.has(id) && !policyRules.has(id) && !stageRules.has(id))
    .map(({ doc, id, level }) => {
      const message =
        `\`${id}: ${String(level)}\` in policy.rules sets the level of a rule no pack in use defines${didYouMean(id, known)} (${rulesListed(config, "policy", known)}). ` +
        "Correct the id if it is misspelt; if the rule was removed from its pack, remove the key.";
      return doc.finding({ ruleId: "rule-level-unused", severity: "warning", message, path: toPointer(["policy", "rules", id]), target: "key", stage: "policy" });
    });
}

/** Each key of a section's `rules` map, with its level and the document that wrote it. */
function* writtenRuleLevels(config: MeshkitConfig, section: "lint" | "compat" | "policy"): Generator<{ doc: LoadedDocument; id: string; level: unknown }> {
  for (const doc of config.sources) {
    // A document the schema refused (withUnknownRuleIds) may be no mapping at all (an empty file, a list), or have a
    // section or a `rules` that is none: it names no rule ids.
    const settings = isMapping(doc.value) ? doc.value[section] : undefined;
    const rules = isMapping(settings) ? settings.rules : undefined;
    if (!isMapping(rules)) continue;
    for (const [id, level] of Object.entries(rules)) yield { doc, id, level };
  }
}

/**
 * A stage's config with the rule ids its `rules` map names that no rule of the stage has (unknownRuleIds) among
 * its findings. Those of a document the schema refused, or whose `extends` failed, too: else a misspelt id would
 * only be reported on the next run, once the other findings are fixed.
 */
export function withUnknownRuleIds(loaded: ConfigResult, section: "lint" | "compat", known: ReadonlySet<string>): ConfigResult {
  const checked = loaded.invalid ? { ...loaded.config, sources: loaded.invalid } : loaded.config;
  return { ...loaded, findings: [...loaded.findings, ...unknownRuleIds(checked, section, known)] };
}

/**
 * A config as lint loads it (`meshkit lint`, the pre-commit hook), with lintedRuleIdFindings among its findings, as
 * withUnknownRuleIds adds one section's.
 */
export function withLintedRuleIds(loaded: ConfigResult, lintRules: ReadonlySet<string>): ConfigResult {
  const checked = loaded.invalid ? { ...loaded.config, sources: loaded.invalid } : loaded.config;
  return { ...loaded, findings: [...loaded.findings, ...lintedRuleIdFindings(checked, lintRules)] };
}

/**
 * lint is what checks meshkit.yaml before CI runs each stage, so besides the ids of lint.rules (`lintRules`) it
 * checks those of compat.rules and the kinds of compat.ignore, against compat's ids kept in core for it
 * (compat-rule-ids.ts): a misspelt one passed lint and the hook, and stopped only `meshkit compat` (exit 2), in CI.
 * And the waivers and policy.rules levels of lint's and compat's rules, which policy-check refuses (unknownWaiverRules,
 * unknownRuleIds) whatever its packs:
 * lint passed a config that `meshkit policy` then stopped on. (Those of the other stages' rules need policy-check's
 * list of them, and are refused there.)
 */
export function lintedRuleIdFindings(config: MeshkitConfig, lintRules: ReadonlySet<string>): Finding[] {
  const stageRules = new Map<string, string>([...[...lintRules].map((id) => [id, INPUT_RULES.find((rule) => rule.id === id)?.stage ?? "lint"] as const), ...[...COMPAT_RULE_IDS].map((id) => [id, "compat"] as const)]);
  // Only the waivers of the configs checked: lint checks a config not in use on its own (sources: [that one]).
  const waivers = config.policy.waivers.filter((waiver) => waiver.source && config.sources.includes(waiver.source.doc));
  return [
    ...unknownRuleIds(config, "lint", lintRules),
    ...unknownRuleIds(config, "compat", COMPAT_RULE_IDS),
    ...unknownIgnoreKinds(config, COMPAT_CHANGE_KINDS),
    // policy.rules keys that name such a rule (or set an input rule below `error`), which policy-check refuses too.
    ...unknownRuleIds(config, "policy", new Set(), new Set(), new Map(), stageRules),
    ...unknownWaiverRules({ ...config, policy: { ...config.policy, waivers } }, new Set(), new Set(), true, new Map(), stageRules),
  ];
}

/**
 * Where the ids a section's `rules` may name are listed. docs/rules lists meshkit's own rules, not a policy
 * pack's; and an OPA server's rules, which policy.rules cannot name, take their levels from its answers.
 */
function rulesListed(config: MeshkitConfig, section: "lint" | "compat" | "policy", known: ReadonlySet<string>): string {
  if (section !== "policy") return "see docs/rules for the list";
  if (config.policy.opa) return "policy.rules sets the levels of the packs' rules; an OPA rule's level is the `severity` of its messages, see docs/policy-opa.md";
  return packRulesListed(config, known);
}

/**
 * The rule ids of the packs in use, named: the run stops on this config before any finding shows one, and
 * docs/policies documents the built-in packs alone, none of a platform's own.
 */
function packRulesListed(config: MeshkitConfig, known: ReadonlySet<string>): string {
  const builtin = [...new Set(config.policy.packs.filter((pack) => pack.startsWith("builtin:")).map((pack) => `docs/policies/${pack.slice("builtin:".length)}.md`))];
  return `the packs in use define: ${[...known].sort().join(", ")}${builtin.length > 0 ? `; the built-in ones are described in ${builtin.join(", ")}` : ""}`;
}

/**
 * What answers a finding of one of meshkit's rules in place of a waiver or a policy.rules level: only lint's and compat's levels can be set
 * (lint.rules, compat.rules: the ids compat-rule-ids.ts keeps, some of them of the input stage); those of test,
 * provision and catalog cannot, and a change compat finds can also be accepted (compat.ignore).
 */
export function stageRuleInstead(rule: string, stage: string): string {
  if (COMPAT_CHANGE_KINDS.has(rule)) return "accept the change with a compat.ignore entry (its `kind` and a `reason`), or set its level in compat.rules,";
  if (COMPAT_RULE_IDS.has(rule)) return "set its level in compat.rules";
  if (stage === "lint") return "set its level in lint.rules";
  return `it is a rule of meshkit's ${stage} stage, whose level cannot be set: fix what it reports`;
}

/**
 * `config-invalid` for each waiver that no rule id can make right, at its `rule`: one of policy-check's own rules
 * (`fixed`: `policy-runtime-error`…), which no waiver accepts, one of meshkit's other stages (`stageRules`: lint's
 * `contract-owner`, compat's `sla-removed`…, each with its stage), which neither a pack nor OPA may take as an id, or a policy's name
 * (`policyRules`: the rule ids of each policy by its name, `rule: retention`) where one of its rules is meant. A
 * waiver of an id no pack defines (a rule removed from its pack, or misspelt) is policy-check's `waiver-unused`
 * warning instead, which does not stop the run. With an OPA server (`others`), a policy's name may be one of its rule ids.
 */
export function unknownWaiverRules(
  config: MeshkitConfig,
  known: ReadonlySet<string>,
  fixed: ReadonlySet<string>,
  others: boolean,
  policyRules: ReadonlyMap<string, readonly string[]> = new Map(),
  stageRules: ReadonlyMap<string, string> = new Map(),
): Finding[] {
  return config.policy.waivers.flatMap((waiver) => {
    if (!waiver.source || known.has(waiver.rule) || (others && !fixed.has(waiver.rule) && !stageRules.has(waiver.rule))) return [];
    const ofPolicy = policyRules.get(waiver.rule);
    const stage = stageRules.get(waiver.rule);
    const message = fixed.has(waiver.rule)
      ? `policy.waivers: \`${waiver.rule}\` is a rule of policy-check itself, which no waiver accepts; fix what it reports instead.`
      : stage !== undefined
      ? `policy.waivers: \`${waiver.rule}\` is one of meshkit's own rules (docs/rules/${waiver.rule}.md), which no pack defines: a waiver accepts the failures of a pack's rule only; ${stageRuleInstead(waiver.rule, stage)} instead.`
      : ofPolicy
      ? `policy.waivers: \`${waiver.rule}\` is the name of a policy, not a rule id: a waiver accepts the failures of one rule; write one for each rule of it to waive (${ofPolicy.join(", ")}).`
      : undefined;
    return message === undefined ? [] : [configInvalid(waiver.source.doc, message, `${waiver.source.pointer}/rule`, "value")];
  });
}

/**
 * `config-invalid` for each `policy.params` name that no policy in use declares or reads, at that key in
 * the file that wrote it: a misspelt parameter would leave the policy's default in force, in silence; and for each
 * value `kindMismatch` (paramKindMismatch against the declaring policies' defaults) refuses, given as CEL types it.
 */
export function unknownPolicyParams(
  config: MeshkitConfig,
  known: ReadonlySet<string>,
  kindMismatch: (name: string, value: unknown) => string | undefined = () => undefined,
  celTyped: (doc: LoadedDocument, params: Record<string, unknown>) => Record<string, unknown> = (_doc, params) => params,
  otherMismatch: (name: string, value: unknown) => string | undefined = () => undefined,
): Finding[] {
  return config.sources.flatMap((doc) => {
    const params = (doc.value as { policy?: { params?: Record<string, unknown> } }).policy?.params ?? {};
    const typed = celTyped(doc, params);
    return Object.entries(params).flatMap(([name, value]) => {
      const pointer = toPointer(["policy", "params", name]);
      if (!known.has(name)) return [configInvalid(doc, `\`${name}\` in policy.params is no parameter of the policies in use (they have: ${[...known].sort().join(", ") || "none"}).`, pointer, "key")];
      const mismatch = kindMismatch(name, Object.hasOwn(typed, name) ? typed[name] : value) ?? otherMismatch(name, value);
      return mismatch ? [configInvalid(doc, `policy.params.${mismatch}.`, pointer, "value")] : [];
    });
  });
}

/**
 * `<name> is a string, but the policies read it as a number (their default is 10)` when `value` is of
 * another kind than the declaring policy's default (it would fail every document at run time); undefined
 * when it is of that kind, null, or the parameter has no default. `intDefaults`: where a default is a CEL
 * int (`10`, not `10.0`), by name, or inside one (`limits.max` in a map, `sizes[]` for a list's elements,
 * `tiers[].max` in a list of maps): a number there that no int holds is refused too, as a number of another
 * type, since the policy's int arithmetic (`params.maxColumns + 1`) would fail on every document: a fraction
 * (`7.5`), or a whole number an int does not hold exactly (`1e20`, past 2^63; `9007199254740993.0`, a double
 * past 2^53, which skips whole numbers). `value` is as CEL types it (`celTyped` of unknownPolicyParams): a
 * whole number written in digits within the int range is a bigint there, exact however long. `reader`: the one
 * policy whose default this is, named in the message (where the policies declaring the parameter differ).
 */
export function paramKindMismatch(name: string, value: unknown, defaults: ReadonlyMap<string, unknown>, intDefaults: ReadonlySet<string> = new Set(), reader?: string): string | undefined {
  const read = reader === undefined ? "the policies read" : `policy ${reader} reads`;
  const their = reader === undefined ? "their" : "its";
  const expected = defaults.has(name) ? valueKind(defaults.get(name)) : undefined;
  const given = valueKind(value);
  const notInt = notAnIntOverInt(name, value, intDefaults);
  const shown = JSON.stringify(defaults.get(name));
  if (notInt?.fraction && notInt.where === name) {
    return `${name} is ${notInt.value}, but ${read} it as a whole number, an int (${their} default is ${shown}); give a whole number, or declare the default as a double (\`${name}: ${shown}.0\`) in the policy if fractions are meant`;
  }
  if (notInt?.fraction && given === expected) {
    return `${name} has ${notInt.value} at ${notInt.where}, but ${read} that as a whole number, an int (${their} default is ${shown}); give a whole number, or declare that number as a double (\`.0\`) in the policy's default if fractions are meant`;
  }
  if (notInt && (notInt.where === name || given === expected)) {
    // The number as read, which past 2^53 need not be the one written (`9007199254740993.0` reads as ...992).
    const at = notInt.where === name ? `${name} is read as the double ${notInt.value}` : `${name} has the double ${notInt.value} at ${notInt.where} (as read)`;
    return `${at}, but ${read} ${notInt.where === name ? "it" : "that"} as an int (${their} default is ${shown}): an int is a whole number from -9223372036854775808 to 9223372036854775807, written in digits past 2^53 (no \`.0\` or exponent: a double skips whole numbers there); give one, or declare the default as a double (\`.0\`) in the policy if larger numbers are meant`;
  }
  // A null default declares no kind; a null value over a default of a kind would reach every rule as null.
  if (expected === undefined || expected === "null") return undefined;
  const fix = (k: string) => (k === "null" ? "; give it a value, or remove it to keep the default" : "");
  if (given !== expected) return `${name} is ${kindText(given)}, but ${read} it as ${kindText(expected)} (${their} default is ${shown})${fix(given)}${writtenAsTextHint(value, expected)}`;
  // Inside a map or list: `limits: {max: "ten"}` over `{max: 10}`, `owners: [1, 2]` over `[alice, bob]`.
  const inner = innerKindMismatch(name, value, defaults.get(name));
  if (!inner) return undefined;
  return `${name} has ${inner.shown} at ${inner.where}, ${kindText(inner.given)}, but ${read} that as ${kindText(inner.expected)} (${their} default is ${shown})${inner.given === "null" ? "; give it a value" : ""}${writtenAsTextHint(inner.value, inner.expected)}`;
}

/**
 * Why a text the author meant as a number or boolean is one (`minColumns: "10"`, `strict: yes` in a parameters file
 * for one environment): quoted, or a YAML 1.1 boolean word, as a schema's "must be a number" says it. "" otherwise:
 * "is a string, but the policies read it as a boolean" beside a `yes` reads as a contradiction.
 */
function writtenAsTextHint(value: unknown, expected: string): string {
  if (expected !== "number" && expected !== "boolean") return "";
  return (expected === "boolean" ? yaml11BooleanHint(value) : "") || quotedValueHint([expected], value);
}

/** A JSON kind in YAML's and CEL's words: a list, a map (never "a object"). */
function kindText(kind: string): string {
  return kind === "array" ? "a list" : kind === "object" ? "a map" : kind === "null" ? "empty (null)" : `a ${kind}`;
}

/**
 * The first place inside `value` whose kind is not its default's (`declared`): an entry of a map the default
 * has too (`limits.max`), or an element of a list whose default's elements are all of one kind (`owners[0]`;
 * the maps of a list compared with its default's first one, as asDeclared types them). What a default does
 * not declare (a key it lacks, an empty list, a list of mixed kinds, null) is not compared.
 */
function innerKindMismatch(where: string, value: unknown, declared: unknown): { where: string; value: unknown; shown: string; given: string; expected: string } | undefined {
  let pairs: [string, unknown, unknown][] = [];
  if (Array.isArray(declared) && Array.isArray(value)) {
    const kinds = new Set(declared.map(valueKind));
    if (kinds.size === 1) pairs = value.map((item, i) => [`${where}[${i}]`, item, declared[0]]);
  } else if (isPlainMap(declared) && isPlainMap(value)) {
    pairs = Object.keys(value).flatMap((key): [string, unknown, unknown][] => (Object.hasOwn(declared, key) ? [[`${where}.${key}`, value[key], declared[key]]] : []));
  }
  for (const [at, item, itemDefault] of pairs) {
    const expected = valueKind(itemDefault);
    if (expected === "null") continue;
    const given = valueKind(item);
    if (given !== expected) return { where: at, value: item, shown: given === "object" || given === "array" ? kindText(given) : String(JSON.stringify(typeof item === "bigint" ? Number(item) : item)), given, expected };
    const inner = innerKindMismatch(at, item, itemDefault);
    if (inner) return inner;
  }
  return undefined;
}

function isPlainMap(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/**
 * The first number in `value` (the parameter `where`) at a place `intDefaults` names (see paramKindMismatch)
 * that no int holds: a fraction, or a whole number left a double (past the int range, or written as a double
 * past 2^53, where it may not be the number written). The parameter itself, a key of a map (`limits.max`) or
 * a list's elements (`sizes[]`, `tiers[].max`), at any depth. Bigints are ints.
 */
function notAnIntOverInt(where: string, value: unknown, intDefaults: ReadonlySet<string>): { where: string; value: number; fraction: boolean } | undefined {
  if (typeof value === "number") return intDefaults.has(where) && !Number.isSafeInteger(value) ? { where, value, fraction: Number.isFinite(value) && !Number.isInteger(value) } : undefined;
  const entries: [string, unknown][] = Array.isArray(value)
    ? value.map((item) => [`${where}[]`, item])
    : value !== null && typeof value === "object"
      ? Object.entries(value).map(([key, item]) => [`${where}.${key}`, item])
      : [];
  for (const [at, item] of entries) {
    const found = notAnIntOverInt(at, item, intDefaults);
    if (found) return found;
  }
  return undefined;
}

/** The JSON kind of a value: number, string, boolean, array, object or null. */
function valueKind(value: unknown): string {
  if (value === null || value === undefined) return "null";
  // A CEL int (see paramKindMismatch's `value`).
  if (typeof value === "bigint") return "number";
  if (Array.isArray(value)) return "array";
  return typeof value === "object" ? "object" : typeof value;
}

/**
 * `config-invalid` for each `compat.ignore` entry whose `kind` names no change kind, at that kind in
 * the file that wrote it: a misspelt kind would otherwise ignore nothing, in silence.
 */
export function unknownIgnoreKinds(config: MeshkitConfig, known: ReadonlySet<string>): Finding[] {
  return config.sources.flatMap((doc) => {
    // A document the schema refused (withLintedRuleIds) may have no mapping, section or list where one is meant.
    const compat = isMapping(doc.value) ? doc.value.compat : undefined;
    const ignore: unknown[] = isMapping(compat) && Array.isArray(compat.ignore) ? compat.ignore : [];
    return ignore.flatMap((entry, i) => {
      const kind = isMapping(entry) ? entry.kind : undefined;
      return typeof kind !== "string" || known.has(kind) ? [] : [configInvalid(doc, `unknown change kind \`${kind}\` in compat.ignore[${i}].kind, so the entry ignores nothing${didYouMean(kind, known)} (see docs/compat.md for the kinds).`, `/compat/ignore/${i}/kind`)];
    });
  });
}
