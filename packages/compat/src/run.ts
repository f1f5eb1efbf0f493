import { existsSync, readlinkSync, statSync } from "node:fs";
import { join, relative, resolve, sep } from "node:path";
import semver from "semver";
import {
  type ConfigReader,
  type ConsumerDirectory,
  type Finding,
  type LoadedDocument,
  type MeshkitConfig,
  type OptionNames,
  type ReleaseTag,
  type RuleMeta,
  COMPAT_CHANGE_KINDS,
  COMPAT_RULE_IDS,
  INCLUDE_UNMATCHED_RULE,
  INPUT_RULES,
  INPUT_RULE_IDS,
  StoppedRunError,
  UsageError,
  defaultConfig,
  discoverFiles,
  displayPath,
  docsUrlFor,
  filesWithFindings,
  gitTopLevel,
  isInsideFolder,
  isSymbolicLink,
  listTree,
  isShallowRepository,
  loadConfig,
  realPathOf,
  releaseTags,
  unknownIgnoreKinds,
  unmatchedIncludeOfProject,
  withUnknownRuleIds,
  withinPaths,
} from "@meshkit/core";
import { type DocumentReport, type FileLabel, INVALID_LIST_RULE, type Side, compareSides, earlierReleaseOfLine, placeOf } from "./compare.js";
import { CONSUMERS_RULE, attachConsumers } from "./consumers.js";
import { CHANGE_KINDS, KINDS_WITHOUT_VERDICT, type Mode, MODES, isTransitive, maxBump } from "./kinds.js";
import { type LoadedSide, documentKey, loadBase, loadGitSide, loadGitSides, loadWorkingTree } from "./sides.js";

export interface CompatOptions {
  cwd: string;
  /** Head files, folders or globs in the working tree (default: the whole project). */
  paths: readonly string[];
  /** `--base`: a git ref, or a folder or file holding the released documents. */
  base: string;
  /** How the caller's user names `base`, for messages; default the CLI's `--base` (the schema-compat action names its input). */
  optionNames?: OptionNames<"base">;
  /** A git ref for the head instead of the working tree (the pre-push hook compares commits). */
  head?: string;
  mode?: string;
  configPath?: string;
  /**
   * Where the configs' text comes from when not from the disk: the pre-push hook reads them from the pushed
   * commit, so an uncommitted edit of a meshkit.yaml does not change what the push is judged by.
   */
  readConfig?: ConfigReader;
  /**
   * False: without `configPath`, the defaults, not the nearest meshkit.yaml on disk. The pre-push hook judges a
   * commit that holds no config of the folder: an untracked (or uncommitted, deleted) one is not what CI reads.
   */
  configSearch?: boolean;
  now?: Date;
  /**
   * Where the registered consumers of a contract are (`--catalog`: the catalog's input ports). With
   * it, each contract whose changes require a major bump lists its consumers and whether the changes
   * hit the columns they read, and each such product the consumers of the contracts it breaks
   * (`contracts[i].consumers`, and a compat-consumers-affected finding).
   */
  consumers?: ConsumerDirectory;
  /**
   * How messages name files (default: as findings do, from `cwd`): the pre-push hook and the actions show
   * findings' files from the repository's top, and pass that mapping so a message's paths read the same.
   */
  displayFile?: FileLabel;
}

export interface CompatRun {
  findings: Finding[];
  /** Head documents compared. */
  files: number;
  contracts: DocumentReport[];
  mode: Mode;
  config: MeshkitConfig;
}

const HISTORY_INCOMPLETE_RULE = "compat-history-incomplete";
const BASE_UNREADABLE_RULE = "compat-base-unreadable";

/** Compat's own rules besides the change kinds and the verdict (which compareSides levels): `compat.rules` sets them too. */
const LEVELLED_RULES: ReadonlySet<string> = new Set(["compat-duplicate-id", BASE_UNREADABLE_RULE, HISTORY_INCOMPLETE_RULE, INVALID_LIST_RULE]);

/**
 * compat's findings about documents it could not compare (besides the input rules' and the `input` stage's):
 * include-unmatched too, as globs that select nothing leave every document of the project out of the comparison.
 */
const UNCOMPARED_RULE_IDS: ReadonlySet<string> = new Set([INVALID_LIST_RULE, "compat-duplicate-id", BASE_UNREADABLE_RULE, INCLUDE_UNMATCHED_RULE.id]);

/**
 * Whether a finding says a document was not read or not compared (an unparseable file, a named one that holds no
 * contract, a list that is no list, two documents with one id). At the error level, a changelog or a required bump
 * that left that document out would be incomplete in silence, so neither is given (`meshkit changelog`, the action's
 * outputs); a warning (a base file not compared, releases missing from a shallow clone) is said beside them.
 */
export function isUncompared(finding: Finding): boolean {
  return INPUT_RULE_IDS.has(finding.ruleId) || finding.stage === "input" || UNCOMPARED_RULE_IDS.has(finding.ruleId);
}

/** The outputs schema-compat sets besides runStage's (each is declared in action.yml; checked by action-metadata.test.ts). */
export const COMPAT_OUTPUTS = { requiredBump: "required-bump", breaking: "breaking", changelog: "changelog" } as const;

/**
 * The `required-bump` and `breaking` outputs of a comparison. While a document could not be read or compared (an
 * error the findings name), its changes are unknown: both are empty, not a `none` / `false` a later step would take
 * for a pass.
 */
export function bumpOutputs(findings: readonly Finding[], contracts: readonly DocumentReport[]): Record<string, string> {
  const known = !findings.some((f) => f.severity === "error" && isUncompared(f));
  return {
    [COMPAT_OUTPUTS.requiredBump]: known ? maxBump(contracts.map((c) => c.requiredBump)) : "",
    [COMPAT_OUTPUTS.breaking]: known ? String(contracts.some((c) => c.requiredBump === "major")) : "",
  };
}

/** Findings of those rules at the level meshkit.yaml's `compat.rules` gives them (`off`: dropped). */
function atConfiguredLevels(findings: readonly Finding[], config: MeshkitConfig): Finding[] {
  return findings.flatMap((finding) => {
    const level = LEVELLED_RULES.has(finding.ruleId) ? config.compat.rules[finding.ruleId] : undefined;
    if (level === undefined) return [finding];
    return level === "off" ? [] : [{ ...finding, severity: level }];
  });
}

/** Rules schema-compat reports: every change kind, the version verdict, and what can go wrong reading. */
export const COMPAT_RULES: readonly RuleMeta[] = [
  ...INPUT_RULES,
  { id: "version-bump", defaultSeverity: "error", stage: "compat", description: "The declared version change carries the bump the contract changes require." },
  { id: "compat-duplicate-id", defaultSeverity: "error", stage: "compat", description: "Two documents on one side share a contract or product id." },
  { id: BASE_UNREADABLE_RULE, defaultSeverity: "warning", stage: "compat", description: "A document on the base side cannot be read, so it is not compared." },
  { id: INVALID_LIST_RULE, defaultSeverity: "error", stage: "compat", description: "A list the standard requires (outputPorts, schema, properties, servers, …) is written as something else, or a schema object or property has no name: the document is schema-invalid there, and that list (or element) is not compared." },
  // Stage input: the repository's history is the input, and no compat example can show a shallow clone.
  { id: HISTORY_INCOMPLETE_RULE, defaultSeverity: "warning", stage: "input", description: "compat cannot see the earlier releases it must compare with (a transitive mode, or a stable release after a pre-release base): a shallow clone, or no release tag." },
  // A kind's level when it breaks a reader under some mode (SARIF's defaultConfiguration), as compareSides reports
  // it: an error for a document gone without a verdict to carry it, else a warning; info when it never breaks.
  ...CHANGE_KINDS.map((k): RuleMeta => ({
    id: k.id,
    defaultSeverity: !(k.breaks.forward || k.breaks.backward) ? "info" : KINDS_WITHOUT_VERDICT.has(k.id) ? "error" : "warning",
    stage: "compat",
    description: k.description,
  })),
  // Stage catalog: its findings come from the catalog's consumers (`meshkit compat --catalog`).
  { id: CONSUMERS_RULE, defaultSeverity: "warning", stage: "catalog", description: "A breaking change reaches consumer products registered in the catalog; says which read the changed columns." },
];


/**
 * A comparison done, whose consumers could not be looked up (`--catalog` unreadable): its findings, the mode, each
 * document's report (its version verdict and changes, without consumers), and why.
 */
export class CompatStoppedError extends StoppedRunError {
  override readonly rules = COMPAT_RULES;

  constructor(
    message: string,
    findings: readonly Finding[],
    files: number,
    readonly mode: Mode,
    readonly contracts: readonly DocumentReport[],
  ) {
    // The comparison was done (the consumers' catalog stopped it): the bump it requires is known.
    super(message, findings, files, bumpOutputs(findings, contracts));
    this.name = "CompatStoppedError";
  }
}

export function parseMode(mode: string | undefined, fallback: Mode): Mode {
  if (mode === undefined) return fallback;
  if (!(MODES as readonly string[]).includes(mode)) throw new UsageError(`unknown compatibility mode ${mode}; use one of ${MODES.join(", ")}`);
  return mode as Mode;
}

/**
 * `meshkit compat`: compares the head (working tree or a commit) with a base (git ref, folder or
 * file) and judges each contract's version change. Transitive modes also read every release tag.
 */
export async function runCompat(given: CompatOptions): Promise<CompatRun> {
  const top = await gitTopLevel(realPathOf(resolve(given.cwd))).catch(() => undefined);
  const options = onRealPaths(given, top === undefined ? undefined : realPathOf(top));
  const loaded = await loadConfig({ cwd: options.cwd, ...(options.configPath ? { configPath: options.configPath } : {}), ...(options.readConfig ? { read: options.readConfig } : {}), ...(options.configSearch === false ? { search: false } : {}) });
  const { config } = loaded;
  const configFindings = [...withUnknownRuleIds(loaded, "compat", COMPAT_RULE_IDS).findings, ...unknownIgnoreKinds(config, COMPAT_CHANGE_KINDS)];
  const mode = parseMode(options.mode, config.compat.mode);
  if (configFindings.length > 0) return { findings: configFindings, files: filesWithFindings(configFindings), contracts: [], mode, config };

  // An empty folder or glob is judged once the base is read (headPathsGone): it may be where released documents were.
  const head = options.head ? await loadGitSide(options.head, config, options.cwd) : withoutBaseFolder(await loadWorkingTree(options.paths, config, options.cwd, "the working tree", { reportUnread: true, allowEmpty: true }), options);
  // One head folder named (`meshkit compat head --base released`): a released folder may be its copy.
  const [only] = options.paths.length === 1 && !options.head ? options.paths : [];
  const headFolder = only !== undefined && statSync(resolve(options.cwd, only), { throwIfNoEntry: false })?.isDirectory() ? only : undefined;
  const base = await loadBase(options.base, config, options.cwd, head, options.optionNames?.base, headFolder);
  if (!options.head) head.findings = await headPathsGone(head.findings, base.side, options, config);
  pairBaseFile(base.side, head.side, options);
  head.findings.push(...unreadableInPlaceOfReleased(base.side, head, options));
  base.findings.push(...unreadableInPlaceOfNew(base, head.side));
  if (top !== undefined && !base.side.onDisk && !options.head) {
    base.findings.push(...(await linkedOutOfRepository(head.side, new Set(base.side.documents.map(documentKey)), new Set(base.findings.map((f) => f.file)), realPathOf(top), { ...options, paths: given.paths })));
  }
  const tagPrefixes = releaseTagPrefixes(config, [base.side, head.side]);
  const beforePreRelease = isTransitive(mode) ? undefined : await releaseBeforePreRelease(base.side, head.side, config, tagPrefixes, options.cwd);
  const history = beforePreRelease?.history ?? (await loadReleases(config, tagPrefixes, options.cwd, head.side));
  const historyFindings = beforePreRelease?.findings ?? (await incompleteHistory(mode, history, base.side, config, tagPrefixes, options.cwd));
  // Run from a subfolder of the project without paths, the head is that folder's documents (as lint's
  // would be) while a git base is the whole project's: only the folder's may be called removed.
  const project = options.head ? config : await projectConfig(config, options.cwd);
  const inSubfolder = options.paths.length === 0 && resolve(options.cwd) !== resolve(project.root);
  const scoped = (options.paths.length > 0 || inSubfolder) && !options.head;
  const removals = scoped ? await scopedRemovals(inSubfolder ? { ...options, paths: ["."] } : options, project, base.side, head.side) : true;
  // A head file that could not be read or parsed, or holds a contract of an apiVersion meshkit does not
  // read, may still hold its contracts: its error says so, and they are not called removed.
  // (With unsupported-api-version off, such a contract is as good as gone, and is called removed.)
  const unread = new Set(head.findings.filter((f) => INPUT_RULE_IDS.has(f.ruleId) || f.ruleId === "unsupported-api-version").map((f) => f.file));
  const reportRemovals = removals === false || unread.size === 0 ? removals : (doc: LoadedDocument) => !unread.has(placeOf(base.side, doc)) && (removals === true || removals(doc));
  const result = compareSides({ ...base.side, unread: base.unsupported, unreadFiles: base.findings.map((f) => f.file) }, head.side, { mode, config: config.compat, history, reportRemovals, ...(options.now ? { now: options.now } : {}), ...(options.displayFile ? { displayFile: options.displayFile } : {}) });
  const compared = [...head.findings, ...baseUnreadable(base, existsSync(resolve(options.cwd, options.base))), ...historyFindings, ...result.findings];
  // Files, as lint counts them: those read, and those that could not be (an unreadable one is still a file checked).
  const files = new Set([...head.side.documents.map((doc) => placeOf(head.side, doc)), ...unread]).size;
  let consumerFindings: Finding[] = [];
  try {
    consumerFindings = options.consumers ? await attachConsumers(result.contracts, options.consumers, { base: base.side, head: head.side, config: config.compat }) : [];
  } catch (error) {
    // The catalog of consumers could not be read (missing, unreachable, refused): the comparison is done, and its
    // findings (the breaking changes, the version verdicts) are reported with the reason the consumers are not.
    if (!(error instanceof UsageError)) throw error;
    for (const report of result.contracts) delete report.consumers;
    throw new CompatStoppedError(error.message, atConfiguredLevels(compared, config), files, mode, result.contracts);
  }
  // No document in the head, with no path named: globs of files.include that select no contract or product compare
  // nothing (or call every released contract removed) without a word about the globs, as lint reports them.
  const unmatched = options.paths.length === 0 && !options.head && files === 0 ? await unmatchedIncludeOfProject(config, options.cwd, "compat") : undefined;
  return {
    findings: [...(unmatched ? [unmatched] : []), ...atConfiguredLevels([...compared, ...consumerFindings], config)],
    files,
    contracts: result.contracts,
    mode,
    config,
  };
}

/**
 * The options with `cwd` and each head path as the file system resolves them. git names a git base's files under
 * its real top folder, so a head path through a symbolic link (`/tmp/link/contracts`, or a checkout reached
 * through one) would name the same file differently, and every comparison by place would see two files: a
 * `local` server's path called moved, an id change called a removal, a removal within the paths missed.
 * A path that leads nowhere else (or nowhere, or is a glob) is kept as written, so ordinary runs show paths as before.
 */
function onRealPaths(options: CompatOptions, top: string | undefined): CompatOptions {
  const cwd = realPathOf(resolve(options.cwd));
  const real = (path: string) => {
    const absolute = resolve(cwd, path);
    const target = realPathOf(absolute);
    // A path of the repository that a link leads out of it (`link.odcs.yaml -> ../shared/orders.yaml`) keeps its
    // name: git names it so, holding only the link, and the base side says so by that name (linkedOutOfRepository).
    // (A folder's is followed: the walk lists no file behind a folder's link, so its files are named where they are.)
    if (top !== undefined && isInsideFolder(absolute, top) && !isInsideFolder(target, top) && !statSync(target, { throwIfNoEntry: false })?.isDirectory()) return path;
    return target === absolute ? path : target;
  };
  return { ...options, cwd: cwd === resolve(options.cwd) ? options.cwd : cwd, paths: options.paths.map(real) };
}

/**
 * The symbolic link (a path of the repository, absolute) through which `file` leads out of the repository at `top`, and
 * what the link says; undefined when none does (the file is inside it, or outside it by its own name).
 */
function linkOutOfRepository(file: string, top: string): { link: string; target: string } | undefined {
  if (!isInsideFolder(file, top) || isInsideFolder(realPathOf(file), top)) return undefined;
  let at = top;
  for (const name of relative(top, file).split(sep)) {
    at = join(at, name);
    if (isSymbolicLink(at) && !isInsideFolder(realPathOf(at), top)) return { link: at, target: readlinkSync(at) };
  }
  return undefined;
}

/**
 * A git base's side of a head document the working tree reads through a symbolic link that leads out of the
 * repository (`contracts -> ../shared/contracts`, or the file's own link): a commit holds the link, not the
 * document, so whatever was released there cannot be read. Said by the link's name (compat-base-unreadable), as a
 * file link the base passes over is (unreadableInPlaceOfNew), not passed in silence as a new document whose changes
 * go unjudged. `reported`: the head files the base already said cannot be read. Only where the base commit holds
 * that link: a link the change adds (the base holds nothing there) hides no release, and its document is new.
 */
async function linkedOutOfRepository(head: Side, inBase: ReadonlySet<string>, reported: ReadonlySet<string>, top: string, given: CompatOptions): Promise<Finding[]> {
  const { cwd } = given;
  // A folder named through a link out of the repository is read where it leads (onRealPaths): its files' names in the repository.
  const folders = given.paths.map((path) => resolve(cwd, path)).map((named) => ({ named, real: realPathOf(named) })).filter(({ named, real }) => named !== real);
  const inRepository = (file: string) => {
    const folder = isInsideFolder(file, top) ? undefined : folders.find(({ real }) => isInsideFolder(file, real));
    return folder === undefined ? file : join(folder.named, relative(folder.real, file));
  };
  const linked = new Map<string, { named: string; link: string; target: string }>();
  for (const doc of head.documents) {
    const file = placeOf(head, doc);
    if (inBase.has(documentKey(doc)) || reported.has(file) || linked.has(file)) continue;
    const named = inRepository(resolve(cwd, file));
    const found = linkOutOfRepository(named, top);
    if (found !== undefined) linked.set(file, { named, ...found });
  }
  if (linked.size === 0) return [];
  // The links the base commit holds, by their paths in the tree.
  const inTree = (link: string) => relative(top, link).split(sep).join("/");
  const held = (await listTree(given.base, cwd, { pathspecs: [...new Set([...linked.values()].map(({ link }) => inTree(link)))] })).links;
  return [...linked]
    .filter(([, { link }]) => held.has(inTree(link)))
    .map(([file, { named, link, target }]) => {
      const what = named === link ? "it" : `${displayPath(named, cwd)}, which it leads to`;
      const message = `${displayPath(link, cwd)} is a symbolic link to ${JSON.stringify(target)}, outside the repository, so the commit does not hold ${what}: its released content cannot be read from git`;
      return { ruleId: "file-unreadable", severity: "error", message, file, line: 1, column: 1, path: "", stage: "compat" };
    });
}

/**
 * A head file that stands where a released contract or product was, holds none, and cannot be read
 * as text (binary, not UTF-8, too large): its finding (file-not-text, …; exit 2). A folder walk passes over
 * such a file when nothing says it is a document (a PNG saved as `logo.yaml`), but here the base says so,
 * and reading it as gone would call the contract removed when it is only unreadable (issue: "binary or
 * unparseable file on either side" is input that cannot be processed).
 */
function unreadableInPlaceOfReleased(base: Side, head: LoadedSide, options: CompatOptions): Finding[] {
  // Files the head read, or already reported (a `*.odcs.yaml` or one that says it is a contract).
  const seen = new Set([...head.side.documents.map((doc) => placeOf(head.side, doc)), ...head.findings.map((f) => f.file)]);
  const within = options.paths.length > 0 ? withinPaths(options.paths, options.cwd) : () => true;
  // Only where a released document is missing from the head: one that moved to another file left nothing unread.
  const inHead = new Set(head.side.documents.map(documentKey));
  const missing = base.documents.filter((doc) => !inHead.has(documentKey(doc)));
  const places = new Set(missing.map((doc) => placeOf(base, doc)).filter((place) => !seen.has(place) && within(place)));
  return (head.passedOver ?? []).filter((finding) => places.has(finding.file));
}

/**
 * The base's side of unreadableInPlaceOfReleased: a released file passed over as binary where the head has a
 * contract or product the base has nowhere else. Said (compat-base-unreadable), not passed in silence as a new
 * document with no version to judge.
 */
function unreadableInPlaceOfNew(base: LoadedSide, head: Side): Finding[] {
  if (!base.passedOver?.length) return [];
  const inBase = new Set(base.side.documents.map(documentKey));
  const places = new Set(head.documents.filter((doc) => !inBase.has(documentKey(doc))).map((doc) => placeOf(head, doc)));
  // A released folder's file stands at its path below the folder (`released/orders.yaml` for `orders.yaml`).
  const place = base.side.place ?? ((file: string) => file);
  return base.passedOver.filter((finding) => places.has(place(finding.file)));
}

/**
 * The head's paths that hold nothing now: a folder emptied or deleted, a file deleted (`git diff --name-only`
 * lists a deleted contract file too), a glob that matches none. Where the base has released documents there,
 * they are gone, and are reported removed (issue: "deleted on the head side (breaking unless deprecated)"),
 * not as a path to check: a missing path's file-unreadable finding is dropped. Where the base has none
 * either, the path is mistyped, and says so as lint does: an empty folder or glob is a usage error (exit 2),
 * a missing path keeps its file-unreadable finding. Returns the head's findings.
 */
async function headPathsGone(findings: Finding[], base: Side, options: CompatOptions, config: MeshkitConfig): Promise<Finding[]> {
  let kept = findings;
  for (const path of options.paths) {
    const within = withinPaths([path], options.cwd);
    if (!base.documents.some((doc) => within(placeOf(base, doc)))) {
      // Throws for an empty folder or glob, as without a base; a file, found or not, is listed.
      await discoverFiles([path], config, options.cwd);
      continue;
    }
    // (A glob matches nothing rather than being missing: it has no finding to drop.)
    const absolute = resolve(options.cwd, path);
    if (!existsSync(absolute)) kept = kept.filter((f) => !(f.ruleId === "file-unreadable" && resolve(options.cwd, f.file) === absolute));
  }
  return kept;
}

/**
 * `--base released/` or `--base released.yaml`, a copy of the release inside the project (docs/compat.md): its
 * files are the base, not documents of the head as well (which would make every contract a duplicate of
 * itself). A base folder that holds the head (`--base .`, or `..` from a subfolder) is the head's own files,
 * and a base file the paths name is a head file too (`meshkit compat orders.yaml --base orders.yaml`): nothing
 * is taken out then, as taking it out would call every document removed.
 */
function withoutBaseFolder(head: LoadedSide, options: CompatOptions): LoadedSide {
  const base = resolve(options.cwd, options.base);
  if (!existsSync(base)) return head;
  if (statSync(base).isDirectory() ? isInsideFolder(resolve(options.cwd), base) : options.paths.some((path) => resolve(options.cwd, path) === base)) return head;
  const inBase = withinPaths([base], options.cwd);
  const outside = (file: string) => !inBase(file);
  return { ...head, side: { ...head.side, documents: head.side.documents.filter((doc) => outside(doc.file)) }, findings: head.findings.filter((f) => outside(f.file)), unsupported: head.unsupported.filter((doc) => outside(doc.file)) };
}

/**
 * `--base released.yaml orders.yaml`: a base file compared with one head file stands in that file's
 * place, so a changed id is an id change and a contract missing from it is removed.
 */
function pairBaseFile(base: Side, head: Side, options: CompatOptions): void {
  const path = resolve(options.cwd, options.base);
  if (!existsSync(path) || statSync(path).isDirectory()) return;
  const headFiles = new Set(head.documents.map((doc) => doc.file));
  if (headFiles.size !== 1) return;
  const [file] = headFiles;
  base.place = () => file!;
}

/**
 * The config whose root is the project's: meshkit.yaml's, or with none (the defaults, rooted where meshkit runs)
 * the defaults at the git repository's top, whose documents are one project's (`meshkit compat a` from there).
 */
async function projectConfig(config: MeshkitConfig, cwd: string): Promise<MeshkitConfig> {
  if (config.file !== undefined) return config;
  const top = await gitTopLevel(cwd).catch(() => undefined);
  return top === undefined ? config : defaultConfig(top);
}

/**
 * When only some files are compared, which base documents missing from them are removals: those whose
 * place (a git base's file, a base folder's file as the head names it, a base file paired with the head
 * file) the paths name — a file emptied, or a folder whose contract was deleted — unless the document is
 * elsewhere in the working tree (moved out of the paths). Documents in other files are not this run's to
 * judge, nor are those of a base file compared with several head files.
 */
async function scopedRemovals(options: CompatOptions, config: MeshkitConfig, base: Side, head: Side): Promise<false | ((doc: LoadedDocument) => boolean)> {
  const path = resolve(options.cwd, options.base);
  if (existsSync(path) && !statSync(path).isDirectory() && !base.place) return false;
  const within = withinPaths(options.paths, options.cwd);
  const inHead = new Set(head.documents.map(documentKey));
  const missing = base.documents.filter((doc) => within(placeOf(base, doc)) && !inHead.has(documentKey(doc)));
  if (missing.length === 0) return false;
  // Rare (a contract gone from the paths named): only then is the rest of the working tree read.
  // A base on disk inside the project (a copy of the release) is not where a document moved to.
  const baseFiles = new Set(base.documents.map((doc) => doc.file));
  // The whole project's (meshkit.yaml's folder, or with none the repository's top, when run below it): from a subfolder, no
  // paths would read only that folder, and a document moved out of it to another folder of the project is still here.
  const project = isInsideFolder(resolve(options.cwd), config.root) ? config.root : ".";
  const tree = (await loadWorkingTree([project], config, options.cwd, "the working tree", { allowEmpty: true })).side.documents;
  const elsewhere = new Set(tree.filter((doc) => !baseFiles.has(doc.file)).map(documentKey));
  const removed = new Set(missing.filter((doc) => !elsewhere.has(documentKey(doc))));
  return removed.size === 0 ? false : (doc) => removed.has(doc);
}

/**
 * A broken file on the base side is already in the released history: worth a warning, not a blocked merge.
 * A base read from git names the file by its working-tree path, whose line 4 is another line: the base's
 * position is then said in the message and the finding is at the top of the file. A base folder or file on
 * disk is the file itself, and keeps its position.
 */
function baseUnreadable(base: LoadedSide, onDisk: boolean): Finding[] {
  return base.findings.map((finding) => {
    const { endLine: _endLine, endColumn: _endColumn, ...f } = finding;
    // The finding is compat's own, and so is its page: the read error's docsUrl (yaml-syntax…) would send
    // the reader to a rule this finding is not.
    const common = { ruleId: BASE_UNREADABLE_RULE, severity: "warning" as const, stage: "compat" as const, docsUrl: docsUrlFor(BASE_UNREADABLE_RULE) };
    if (onDisk) return { ...finding, ...common, message: `${base.side.label}: ${finding.message} (not compared)` };
    return { ...f, ...common, line: 1, column: 1, message: `${base.side.label}, line ${f.line}:${f.column}: ${f.message} (not compared)` };
  });
}

/**
 * A transitive mode that cannot see the releases it should compare with would pass a change that breaks
 * an older one unseen: in a shallow clone (actions/checkout's default) only the tags fetched into it are
 * here, maybe none but the base; in a full clone without tags (`--no-tags`, a CI that skips them) or
 * with a `compat.tagPrefix` that matches none, none is, though the base is a released version. A
 * product before its first release (no stable 1.0.0 or later on the base side) has no tag to miss.
 */
async function incompleteHistory(mode: Mode, history: readonly Side[], base: Side, config: MeshkitConfig, prefixes: readonly string[], cwd: string): Promise<Finding[]> {
  let why: string;
  if (await isShallowRepository(cwd)) {
    const found = history.length === 0 ? "no release tag is here" : `only ${history.map((side) => side.label).join(", ")} of the releases ${history.length === 1 ? "is" : "are"} here`;
    why = `this is a shallow clone: ${found}, and older ones may be missing. Fetch them with \`git fetch --tags --unshallow\` (actions/checkout: \`fetch-depth: 0\`).`;
  } else {
    const released = history.length === 0 ? releasedVersionOf(base) : undefined;
    if (released === undefined) return [];
    const pattern = tagPatterns(prefixes);
    const after = (semver.parse(released)?.prerelease.length ?? 0) > 0 ? ", a pre-release after released versions of its line" : "";
    why = `no release tag (${pattern}) is here, though the base is version ${released}${after}: the tags were not fetched, or \`compat.tagPrefix\` does not match them. Fetch them with \`git fetch --tags\` (actions/checkout: \`fetch-depth: 0\`), or correct the prefix.`;
  }
  return [await historyFinding(`${mode} compares with every earlier release, but ${why}`, cwd)];
}

/**
 * The highest version (1.0.0 or later) a document of the side declares that says releases were tagged: a
 * stable one was released itself; a pre-release after a stable release of its line (1.2.0-rc.1, after
 * 1.0.0 or 1.1.x) follows one, which a transitive mode holds the head to as well.
 */
function releasedVersionOf(side: Side): string | undefined {
  const versions = side.documents
    .map((doc) => semver.parse((doc.value as { version?: unknown } | null)?.version as string | undefined))
    .filter((v): v is semver.SemVer => v !== null && v.major >= 1 && (v.prerelease.length === 0 || lineHasEarlierRelease(v)));
  return versions.sort(semver.rcompare)[0]?.version;
}

/** A document's `version` read as semver (a product's `v1.2.0` too), or null. */
function versionOf(doc: LoadedDocument): semver.SemVer | null {
  const version = (doc.value as { version?: unknown } | null)?.version;
  return typeof version === "string" ? semver.parse(version) : null;
}

/**
 * Whether a stable release can come before `version` in its line (the caret range: 1.2.3 before 1.3.0-rc.1,
 * 0.3.1 before 0.3.2-rc.1); none can before 2.0.0-rc.1, 0.4.0-rc.1 or 0.0.3-rc.1, the first of their lines.
 */
function lineHasEarlierRelease(version: semver.SemVer): boolean {
  return version.major > 0 ? version.minor > 0 || version.patch > 0 : version.minor > 0 && version.patch > 0;
}

/**
 * Base documents at a pre-release whose head is a stable release (1.3.0-rc.1 → 1.3.0), where a stable release of
 * the line may come before the pre-release: the head must keep what that release promised (semver §9: the
 * pre-release promised nothing).
 */
function preReleasesReleased(base: Side, head: Side): LoadedDocument[] {
  const stableHeads = new Set(head.documents.filter((doc) => versionOf(doc)?.prerelease.length === 0).map(documentKey));
  return base.documents.filter((doc) => {
    const version = versionOf(doc);
    return version !== null && version.prerelease.length > 0 && lineHasEarlierRelease(version) && stableHeads.has(documentKey(doc));
  });
}

/**
 * When a stable head follows a pre-release base, the release tags that may hold the last stable release before
 * that pre-release. Which one it is, compareSides finds by each document's own version in them: a tag's version
 * is the repository's or a product's (`<product id>/v2.1.0` for contract 1.3.0), not the contract's. Read only
 * then. A clone without the history to find it (shallow, or without release tags) would judge the release by
 * the pre-release's leniency alone: compat-history-incomplete says so.
 */
async function releaseBeforePreRelease(base: Side, head: Side, config: MeshkitConfig, prefixes: readonly string[], cwd: string): Promise<{ history: Side[]; findings: Finding[] }> {
  const released = preReleasesReleased(base, head);
  if (released.length === 0) return { history: [], findings: [] };
  // A base folder outside a git repository: no tags to read.
  const tags = await releaseTags(cwd, { prefixes }).catch(() => undefined);
  if (tags === undefined) return { history: [], findings: [] };
  const stable = tags.filter((tag) => semver.parse(tag.version)!.prerelease.length === 0);
  const history = (await loadGitSides(oneTagPerCommit(stable).map((tag) => ({ commit: tag.commit, label: tag.tag })), config, cwd, new Set(head.documents.map(documentKey)))).map((loaded) => loaded.side);
  const found = (doc: LoadedDocument) =>
    history.some((side) => side.documents.some((older) => documentKey(older) === documentKey(doc) && earlierReleaseOfLine(versionOf(older)?.version ?? "", versionOf(doc)!.version)));
  const unseen = released.filter((doc) => !found(doc));
  const shallow = await isShallowRepository(cwd);
  if (unseen.length === 0 || (!shallow && tags.length > 0)) return { history, findings: [] };
  const names = unseen.map((doc) => `${String((doc.value as { id?: unknown }).id)} ${versionOf(doc)!.version}`).join(", ");
  const pattern = tagPatterns(prefixes);
  const why = shallow
    ? `this is a shallow clone and no release tag here holds it. Fetch the tags with \`git fetch --tags --unshallow\` (actions/checkout: \`fetch-depth: 0\`).`
    : `no release tag (${pattern}) is here: the tags were not fetched, or \`compat.tagPrefix\` does not match them. Fetch them with \`git fetch --tags\` (actions/checkout: \`fetch-depth: 0\`), or correct the prefix.`;
  const message = `A stable release after the pre-release base (${names}) must keep what the last stable release before it promised, but ${why} Until then it is judged against the pre-release only, which promised nothing.`;
  return { history, findings: [await historyFinding(message, cwd)] };
}

/** A compat-history-incomplete finding: about the whole repository, so at its top folder (`.` from there). */
async function historyFinding(message: string, cwd: string): Promise<Finding> {
  const file = relative(cwd, await gitTopLevel(cwd)).split(sep).join("/") || ".";
  return { ruleId: HISTORY_INCOMPLETE_RULE, severity: "warning", message, file, line: 1, column: 1, path: "", stage: "input", docsUrl: docsUrlFor(HISTORY_INCOMPLETE_RULE) };
}

/** Every released version (release tags, oldest first), for transitive modes. */
async function loadReleases(config: MeshkitConfig, prefixes: readonly string[], cwd: string, head: Side): Promise<Side[]> {
  const tags = await releaseTags(cwd, { prefixes });
  return (await loadGitSides(oneTagPerCommit(tags).map((tag) => ({ commit: tag.commit, label: tag.tag })), config, cwd, new Set(head.documents.map(documentKey)))).map((loaded) => loaded.side);
}

/**
 * The prefixes of the release tags to read: `compat.tagPrefix` when meshkit.yaml sets one; else `v<semver>`
 * tags, the tags meshkit itself makes when it publishes a product, `<product id>/v<semver>` (core's
 * productReleaseTag), for every product compared, and `<contract id>/v<semver>` for every contract compared:
 * a repository that tags each contract's releases by its id has no bare `v` tag, and a transitive mode that
 * read none would pass a change that breaks an older release. A repository with several products gets a tag
 * per product release, and a contract's releases are on the commits of all of them: one prefix would miss the others.
 */
function releaseTagPrefixes(config: MeshkitConfig, sides: readonly Side[]): string[] {
  if (config.compat.tagPrefix !== undefined) return [config.compat.tagPrefix];
  const released = sides.flatMap((side) => side.documents).filter((doc) => doc.kind.type === "DataProduct" || doc.kind.type === "DataContract");
  const ids = released.map((doc) => (doc.value as { id?: unknown }).id).filter((id): id is string => typeof id === "string" && id !== "");
  return ["", ...new Set(ids.map((id) => `${id}/`))];
}

/**
 * The tags read, for a message: core's releaseTags reads each prefix's versions with and without the `v`
 * (`v1.2.0` and `1.2.0`), so both forms are named: `<tagPrefix>v<version> or <tagPrefix><version>`, or
 * `v<version> or <version>` (and the `<id>/` forms of the contracts and products compared).
 */
function tagPatterns(prefixes: readonly string[]): string {
  const forms = (prefixes.length > 1 ? ["", "<contract or product id>/"] : [prefixes[0] ?? ""]).flatMap((prefix) => [`${prefix}v<version>`, `${prefix}<version>`]);
  return `${forms.slice(0, -1).join(", ")} or ${forms.at(-1)!}`;
}

/**
 * One tag per commit (the first, by version): products released together tag one commit several times
 * (`orders/v1.2.0`, `billing/v2.0.0`), and its documents are read and compared once.
 */
function oneTagPerCommit(tags: readonly ReleaseTag[]): ReleaseTag[] {
  const seen = new Set<string>();
  return tags.filter((tag) => {
    if (seen.has(tag.commit)) return false;
    seen.add(tag.commit);
    return true;
  });
}
