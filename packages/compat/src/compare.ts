import semver from "semver";
import { type Finding, type LoadedDocument, type MeshkitConfig, type Severity, docsUrlFor, fromPointer, isMapping } from "@meshkit/core";
import { type Change, type InvalidList, type InvalidPart, type RetiringContracts, type UnnamedElement, type Withdrawal, NO_CONSUMER_READS_IT, deprecationPassed, diffContracts, diffProducts, documentStatus, retiredWithProducts } from "./diff.js";
import { type Bump, type ChangeKindId, NOTICE_KINDS, KINDS_WITHOUT_VERDICT, type Mode, isTransitive, maxBump, requiredBump } from "./kinds.js";
import type { ConsumerImpact } from "./consumers.js";
import { touchedElements } from "./touches.js";
import { type DeclaredBump, type Verdict, type WrittenVersions, bumpInWords, isSemverVersion, judgeVersion, judgedBaseVersion, judgedBump, productSemverText, suggestedVersion } from "./verdict.js";

type DocKind = "DataContract" | "DataProduct";

/** One side of a comparison: documents with where they came from (a git ref, a folder). */
export interface Side {
  /** Shown in messages: `origin/main`, `v1.2.0`, a folder. */
  label: string;
  documents: LoadedDocument[];
  /**
   * Where a file of this side stands in the head, when its path says otherwise: a base folder's
   * `released/orders.yaml` is the head's `orders.yaml`; a base file compared with one head file is that
   * file. A document that changes its id keeps its place, so that is how an id change is told from a
   * removal and an addition. Without it, a file is in its own place (git sides name files as the head does).
   */
  place?: (file: string) => string;
  /**
   * The side's files are on disk at the paths shown (a base file or folder): a path names its side.
   * A git side names its files as the working tree does, so a message adds its ref (`in origin/main`).
   */
  onDisk?: boolean;
  /** Contracts and products of an apiVersion meshkit does not read (ODCS v3.2.0): found, not compared. */
  unread?: readonly LoadedDocument[];
  /** Files of the side that could not be read or parsed (compat-base-unreadable), as the side names them. */
  unreadFiles?: readonly string[];
}

/**
 * How a message names a file of either side (given as compat names it: from the folder it ran in). The
 * pre-push hook and the actions show findings' files from elsewhere (the repository's top), and a path in
 * a message must be one the reader can find beside the finding's own file: they pass the same mapping.
 */
export type FileLabel = (file: string) => string;

const asNamed: FileLabel = (file) => file;

/** Where a file of `side` is, for a message: the path as shown, and the side's label unless the path says it. */
function whereIn(side: Pick<Side, "label" | "onDisk">, file: string, shown: FileLabel, line?: number): string {
  return `${shown(file)}${line === undefined ? "" : `:${line}`}${side.onDisk ? "" : ` in ${side.label}`}`;
}

/** The head file a document of `side` stands for. */
export function placeOf(side: Side, doc: LoadedDocument): string {
  return side.place ? side.place(doc.file) : doc.file;
}

/** A change as reported: with its bump under the mode and where it is. */
export interface ReportedChange {
  kind: ChangeKindId;
  element: string;
  path: string;
  severity: Severity;
  requiredBump: Bump;
  message: string;
  line: number;
  column: number;
  /** The released version the change is measured against (transitive modes compare with several). */
  against: string;
  /**
   * Contracts only: what the change touches, named as in the released version where it existed
   * there (a rename names the old column): `object.column`, `object.*` for a whole object, `*` for
   * the whole contract. Consumer impact compares it with the columns consumers declare.
   */
  touches?: string[];
  /**
   * Products only, for a change that requires a major bump (or one consumers must hear of, NOTICE_KINDS): the contracts
   * (ids) its consumers lose with it, those of the released output ports it concerns: the port's own, or every
   * port's for a change to the whole product (removed, retired, another id, domain or name). Consumer impact looks
   * up their readers.
   */
  servedContracts?: string[];
}

export interface DocumentReport {
  id: string;
  kind: DocKind;
  file: string;
  /** The document's `name` (the head's; the base's for a removed one), for people: ids are often UUIDs. */
  name?: string;
  /** Its `status` when that says it is no longer served (`deprecated`, `retired`). */
  status?: string;
  baseVersion?: string;
  headVersion?: string;
  declaredBump: DeclaredBump | "new" | "removed";
  requiredBump: Bump;
  /**
   * The next release after `baseVersion` that carries `requiredBump` (`2.0.0` after `1.4.2` for `major`; its
   * pre-releases carry it too), as the version-bump finding names it. Under 0.x it says where the caret range
   * puts the bump, which `requiredBump` alone does not: `major` after `0.3.1` is `0.4.0`, a new minor version.
   * None without a change or a semver base, nor for a removed document (no version can declare it).
   */
  requiredVersion?: string;
  changes: ReportedChange[];
  /** `contract-id-changed`, `product-id-changed` (or a deprecated document given another id): the id on the base side (consumers still name it). */
  previousId?: string;
  /**
   * With a consumer directory (`--catalog`), for a contract whose changes require a major bump: its
   * registered consumers and whether the breaking changes hit the columns they read.
   */
  consumers?: ConsumerImpact[];
}

export interface CompatResult {
  findings: Finding[];
  contracts: DocumentReport[];
}

export interface CompareOptions {
  mode: Mode;
  config: MeshkitConfig["compat"];
  now?: Date;
  /** Earlier released versions (oldest first), for transitive modes. */
  history?: Side[];
  /**
   * Report base documents missing from the head (default true). When only some files are compared, a
   * predicate: which base documents those files answer for (see runCompat).
   */
  reportRemovals?: boolean | ((doc: LoadedDocument) => boolean);
  /** How messages name files (default: as compat names them); see FileLabel. */
  displayFile?: FileLabel;
}

interface Keyed {
  doc: LoadedDocument;
  kind: DocKind;
  id: string;
  version: unknown;
  /** The version as written (`1.0` where YAML reads the number 1): what messages, reports and the verdict use. */
  versionText: string;
}

/**
 * Compares the head documents with the base: each contract and product is matched by its id (not its
 * file, so moves and renames are followed), diffed, and its version change judged against the changes.
 */
export function compareSides(base: Side, head: Side, options: CompareOptions): CompatResult {
  const findings: Finding[] = [];
  const reports: DocumentReport[] = [];
  const baseFindings: Finding[] = [];
  const shown = options.displayFile ?? asNamed;
  const { index: baseIndex, duplicates: baseDuplicates } = indexSide(base, baseFindings, shown);
  const { index: headIndex, duplicates: headDuplicates } = indexSide(head, findings, shown);
  // A base that is the head's own files (`--base .`) repeats the head's duplicate ids: said once, by the head.
  const atHead = new Set(findings.map((f) => `${f.file}:${f.line}:${f.column}`));
  findings.unshift(...baseFindings.filter((f) => !atHead.has(`${f.file}:${f.line}:${f.column}`)));
  const historyIndexes = (options.history ?? []).map((side) => ({ side, index: indexSide(side, [], shown).index }));
  const renamed = idChanges(base, baseIndex, headIndex);
  const renamedBase = new Set(renamed.values());
  // Contracts that go with the products serving them, retired the documented way. A product missing from the
  // head counts as deleted only where the head answers for it (as its removal would be reported).
  const removals = options.reportRemovals ?? true;
  const answersFor = (doc: LoadedDocument) => removals === true || (typeof removals === "function" && removals(doc));
  const withdrawn = withdrawnWithProducts(baseIndex, headIndex, head, answersFor, options.now ?? new Date());
  const retiring = retiringContracts(baseIndex, headIndex);
  const moves = portMoves(baseIndex, headIndex);

  for (const [key, entry] of headIndex) {
    if (baseDuplicates.has(key)) continue; // already reported: nothing to compare with
    const previous = baseIndex.get(key);
    if (!previous) {
      findings.push(...newDocument(entry, renamed.get(key), base, options, reports));
      continue;
    }
    // Retired after a deprecated release (or retired already), or with the products serving it retired so: consumers
    // were told, and no consumer reads it now.
    const retiredNow = documentStatus(statusOf(entry)) === "retired";
    const retiredWith = retiredNow && entry.kind === "DataContract" ? withdrawn.get(entry.id) : undefined;
    const retired = !retiredNow ? undefined : documentStatus(statusOf(previous)) !== undefined ? `the ${entry.kind === "DataContract" ? "contract" : "product"} is retired, after a deprecated release${NO_CONSUMER_READS_IT}` : retiredWith ? `the contract is retired, and ${retiredWithProducts(retiredWith)}` : undefined;
    const changes = diffDocuments(previous, entry, options, base, (problem) => findings.push(invalidListFinding(entry, previous, base, problem, shown)), retired, retiredWith, retiring, moves);
    const [from, to] = [previous.version === undefined ? undefined : semverText(previous), entry.version === undefined ? undefined : semverText(entry)];
    // Transitive modes: the head must also be compatible with every earlier release of the base's line,
    // each judged against its own version (a stable release is no pre-release base's leniency). Any mode:
    // a stable head after a pre-release base must keep what the last stable release before it promised.
    const olderVerdicts: Verdict[] = [];
    const stableAfterPreRelease = from !== undefined && to !== undefined && isPreRelease(from) && semver.valid(to) !== null && !isPreRelease(to);
    // A head that is the base as released (no change, the same version) releases nothing: what the base broke of
    // an older release was released with it, and judging that again would refuse every push and pull request
    // that leaves this document alone, with a bump that no change of theirs asks for.
    const releasesNothing = changes.length === 0 && previous.versionText === entry.versionText;
    if ((isTransitive(options.mode) || stableAfterPreRelease) && !releasesNothing) {
      // Each earlier release of the line, with the head's changes against it (one diff per release).
      const releases = historyIndexes.flatMap(({ side, index }) => {
        const older = index.get(key);
        if (!older || older.doc === previous.doc || !earlierReleaseOfLine(semverText(older), semverText(previous))) return [];
        return [{ side, older, diff: diffDocuments(older, entry, options, side, undefined, retired, retiredWith, retiring) }];
      });
      // Outside a transitive mode only the last stable release before the pre-release base counts (by this
      // document's own version: a tag's version may be a product's, or the repository's).
      const earlier = isTransitive(options.mode) ? releases : releases.filter((release) => !releases.some((other) => semver.gt(semverText(other.older), semverText(release.older))));
      // An element removed after a release deprecated it went the documented way: its absence is no break
      // against the releases before the deprecation either, whether it goes now (a deprecated-element-removed
      // change against the base) or went in a release between (one against that later release: deprecated in
      // 1.1.0 and removed in 1.2.0, it breaks no reader of 1.0.0 when 1.3.0 is compared).
      const documentedAway = (change: ReportedChange) => change.kind === "deprecated-element-removed";
      const awayNow = changes.filter(documentedAway).map((c) => c.element);
      for (const { side, older, diff } of earlier) {
        const seen = new Set(changes.map((c) => `${c.kind}|${c.element}`));
        const later = earlier.filter((release) => semver.gt(semverText(release.older), semverText(older)));
        const deprecatedAway = new Set([...awayNow, ...later.flatMap((release) => release.diff.filter(documentedAway).map((c) => c.element))]);
        const breaking = diff.filter((change) => change.requiredBump === "major" && !deprecatedAway.has(change.element));
        if (breaking.length === 0) continue;
        // Only what the base's comparison did not report is listed again; but the version is judged against this
        // release for every break of it, those the base's comparison found too: a break made after a pre-release
        // base (1.2.3 → 1.3.0-rc.1 → 1.3.0 dropping a column 1.3.0-rc.1 still had) is the base's leniency there,
        // and still breaks what 1.2.3 promised.
        const unseen = breaking.filter((change) => !seen.has(`${change.kind}|${change.element}`));
        changes.push(...unseen.map((change) => ({ ...change, message: `${change.message} Found against ${side.label} (${older.versionText}).` })));
        const verdict = judgeVersion(semverText(older), to, "major", writtenVersions(older, entry));
        olderVerdicts.push({ ...verdict, message: `Against ${side.label} (${older.versionText}): ${verdict.message}` });
      }
    }
    const required = maxBump(changes.map((c) => c.requiredBump));
    const verdict = [...olderVerdicts].reduce((worst, v) => (severityRank(v.severity) > severityRank(worst.severity) ? v : worst), judgeVersion(from, to, required, writtenVersions(previous, entry)));
    reports.push({
      id: entry.id,
      kind: entry.kind,
      file: entry.doc.file,
      ...describedAs(entry),
      baseVersion: previous.versionText,
      headVersion: entry.versionText,
      // An unversioned product that stays unversioned declares nothing (ODPS makes the version optional).
      declaredBump: from === undefined && to === undefined ? "none" : judgedBump(from, to),
      requiredBump: required,
      ...requiredVersion(from, to, required, writtenVersions(previous, entry)),
      changes,
    });
    for (const change of changes) findings.push(changeFinding(entry.doc, change));
    if (verdict.severity) {
      const level = options.config.rules["version-bump"] ?? verdict.severity;
      if (level !== "off") {
        findings.push(entry.doc.finding({ ruleId: "version-bump", severity: level, message: `${label(entry)}: ${verdict.message}`, path: "version" in (entry.doc.value as object) ? "/version" : "", stage: "compat" }));
      }
    }
  }

  for (const [key, entry] of removals === false ? [] : baseIndex) {
    if (headIndex.has(key) || headDuplicates.has(key) || renamedBase.has(entry)) continue; // an id change is reported on the head's document
    if (typeof removals === "function" && !removals(entry.doc)) continue;
    findings.push(...removedDocument(entry, base, head, options, reports, entry.kind === "DataContract" ? withdrawn.get(entry.id) : undefined));
  }
  return { findings, contracts: reports };
}

function isPreRelease(version: string): boolean {
  return (semver.parse(version)?.prerelease.length ?? 0) > 0;
}

function severityRank(severity: Verdict["severity"]): number {
  return severity === "error" ? 3 : severity === "warning" ? 2 : severity === "info" ? 1 : 0;
}

function label(entry: Keyed): string {
  return `${entry.kind === "DataContract" ? "contract" : "product"} ${entry.id}`;
}

/**
 * Whether `older` is a release a transitive mode holds the head to, for a base at `base`: a stable
 * release (a pre-release promises nothing, semver §9), earlier than the base (§11: a later tag, say on
 * another branch, is no history of this one), in the base's line as a caret range reads it — the same
 * major version; under 0.x the same minor (0.1 → 0.2 already declared its breaks); under 0.0.z none.
 */
export function earlierReleaseOfLine(older: string, base: string): boolean {
  const [o, b] = [semver.parse(older), semver.parse(base)];
  if (!o || !b || o.prerelease.length > 0 || !semver.lt(o, b)) return false;
  if (b.major > 0) return o.major === b.major;
  if (b.minor > 0) return o.major === 0 && o.minor === b.minor;
  return false;
}

/** A report's `requiredVersion`: the version judgeVersion names for the changes (see DocumentReport), as the head writes versions. */
function requiredVersion(from: string | undefined, to: string | undefined, required: Bump, written: WrittenVersions): { requiredVersion?: string } {
  if (from === undefined || required === "none") return {};
  const base = judgedBaseVersion(from, to);
  const version = base === undefined ? undefined : suggestedVersion(base, required);
  return version === undefined ? {} : { requiredVersion: `${written.prefix ?? ""}${version}` };
}

/** The version semver judges: as written, except that a product's `v` before a semver version is dropped (productSemverText). */
function semverText(entry: Keyed): string {
  return entry.kind === "DataProduct" ? productSemverText(entry.versionText) : entry.versionText;
}

/**
 * The versions as the verdict shows them: as the documents write them (a product's `v1.2.0`, judged as
 * 1.2.0), and the version it names to make it with the head's `v` (the base's, when the head has none).
 */
function writtenVersions(base: Keyed, head: Keyed): WrittenVersions {
  const withV = (entry: Keyed) => entry.version !== undefined && semverText(entry) !== entry.versionText;
  const style = head.version !== undefined && isSemverVersion(semverText(head)) ? head : base;
  return { base: base.versionText, head: head.versionText, prefix: withV(style) ? "v" : "", vAllowed: head.kind === "DataProduct" };
}

/** A report's `baseVersion` / `headVersion` for a document without a `version`. */
export const UNVERSIONED = "unversioned";

/**
 * A version as the document writes it: YAML reads `version: 1.0` as the number 1, which would show as
 * `1.0.0 → 1`. (Judged as the text too: a number is never a semver version either way.)
 */
function versionText(doc: LoadedDocument, version: unknown): string {
  if (version === undefined) return UNVERSIONED;
  return typeof version === "string" ? version : doc.sourceAt("/version");
}

/**
 * A document's id as text: a number or boolean as written (`id: 5` is the id "5"; lint asks for a
 * string), so such a contract is still compared, not passed over. A list, a mapping or no id at all
 * gives none: lint reports it (schema-valid), and compat cannot match it.
 */
function idOf(doc: LoadedDocument, id: unknown): string | undefined {
  if (typeof id === "string") return id;
  if (typeof id === "number" || typeof id === "boolean") return doc.sourceAt("/id");
  return undefined;
}

/** Contracts and products of one side by kind + id; an id used twice on one side cannot be compared. */
function indexSide(side: Side, findings: Finding[], shown: FileLabel): { index: Map<string, Keyed>; duplicates: Set<string> } {
  const index = new Map<string, Keyed>();
  const duplicates = new Set<string>();
  for (const doc of side.documents) {
    const kind = doc.kind.type;
    if (kind !== "DataContract" && kind !== "DataProduct") continue;
    const value = doc.value as Record<string, unknown>;
    const id = idOf(doc, value.id);
    if (id === undefined) continue;
    const key = `${kind}:${id}`;
    const existing = index.get(key);
    if (existing) {
      duplicates.add(key);
      findings.push(
        doc.finding({
          ruleId: "compat-duplicate-id",
          severity: "error",
          message: `${kind === "DataContract" ? "Contract" : "Product"} id ${id} is also used by ${shown(existing.doc.file)} (${side.label}); compat cannot tell which one to compare. Give each document its own id.`,
          path: "/id",
          stage: "compat",
        }),
      );
      continue;
    }
    index.set(key, { doc, kind, id, version: value.version, versionText: versionText(doc, value.version) });
  }
  for (const key of duplicates) index.delete(key);
  return { index, duplicates };
}

/** A document's `status` as written (documentStatus reads it). */
function statusOf(entry: Keyed): unknown {
  return isMapping(entry.doc.value) ? entry.doc.value.status : undefined;
}

/**
 * The head's changes against `base`, reported. `retired`, why no consumer reads it: the head retires a document
 * released as deprecated (or retired), the documented way, or a contract together with the products serving it
 * (`retiredWith`, see DiffOptions): what goes with it breaks no consumer, as deleting it would not (each change is
 * judged as under mode `none`, its own bump: the version must still say it changed).
 */
function diffDocuments(base: Keyed, head: Keyed, options: CompareOptions, against: Side, onInvalid?: (problem: InvalidPart) => void, retired?: string, retiredWith?: Withdrawal, retiring?: RetiringContracts, moves?: PortMoves): ReportedChange[] {
  const diff = head.kind === "DataContract" ? diffContracts : diffProducts;
  const out: ReportedChange[] = [];
  const files = { base: placeOf(against, base.doc), head: head.doc.file };
  const retiringContracts = head.kind === "DataProduct" && retiring && retiring.size > 0 ? { retiringContracts: retiring } : {};
  for (const change of diff(base.doc.value, head.doc.value, { files, ...(options.now ? { now: options.now } : {}), ...(onInvalid ? { onInvalid } : {}), ...(retiredWith ? { retiredWith } : {}), ...retiringContracts })) {
    const reported = report(change, base, head, options, against, false, retired, moves && head.kind === "DataProduct" ? portMoveHint(change, base, head, moves, options.displayFile ?? asNamed) : "");
    if (reported) out.push(reported);
  }
  return out;
}

/**
 * Whether a removal's finding points at the key of the list it left (`outputPorts:`, `properties:`) rather
 * than at the list's value: a block list's value starts at its first item, another element, which the
 * finding would seem to be about. (A flow list, `[a, b]`, is on its key's line either way.)
 */
function pointsAtListKey(change: Change, head: unknown): boolean {
  if (!/removed/.test(change.kind) || change.basePath === undefined) return false;
  let node = head;
  for (const segment of fromPointer(change.headPath)) {
    if (Array.isArray(node)) node = node[Number(segment)];
    else if (isMapping(node) && Object.hasOwn(node, segment)) node = node[segment];
    else return false;
  }
  return Array.isArray(node) && change.headPath !== "";
}

/**
 * A change with its bump and severity, unless meshkit.yaml ignores it or turns its kind off. `against`:
 * the side `base` is from (a removal says where the element was there).
 */
function report(change: Change, base: Keyed, head: Keyed, options: CompareOptions, against: Pick<Side, "label" | "onDisk">, unversioned = false, retired?: string, hint = ""): ReportedChange | undefined {
  if (isIgnored(change, head.id, options.config.ignore)) return undefined;
  const bump = requiredBump(change.kind, retired ? "none" : options.mode);
  // Said when the retirement is why the change breaks nobody the mode protects.
  const under = bump !== requiredBump(change.kind, options.mode) ? `: ${retired}` : ` under ${options.mode}`;
  // A breaking change is worth a warning even with the right major bump; the version-bump finding fails the run.
  // A change no version verdict carries (the document is gone, or goes on under another id) is an error
  // itself when it breaks: no version can declare it. (A retired document keeps its version: its verdict.)
  const configured = options.config.rules[change.kind];
  const level = configured ?? (bump === "major" ? (unversioned ? "error" : "warning") : "info");
  // An error by meshkit.yaml fails whatever the version says: the bump is not what fixes it.
  const byConfig = configured === "error" ? ` meshkit.yaml's compat.rules make ${change.kind} an error whatever the version says; compat.ignore accepts this change, with its reason.` : "";
  const advice = `${unversioned && bump === "major" ? ` ${UNVERSIONED_ADVICE[change.kind] ?? ""}` : ""}${byConfig}`;
  if (level === "off") return undefined;
  const position = head.doc.locate(change.headPath, pointsAtListKey(change, head.doc.value) ? "key" : "value");
  const touches = head.kind === "DataContract" ? (change.basePath !== undefined ? touchedElements(base.doc.value, change.basePath) : touchedElements(head.doc.value, change.headPath)) : undefined;
  const served = head.kind === "DataProduct" && (bump === "major" || NOTICE_KINDS.has(change.kind)) ? servedContracts(base.doc.value, change.basePath ?? change.headPath) : undefined;
  // A removed element has no line of its own in the head: say where it was (a whole document's message names its file).
  const wasAt = change.basePath !== undefined && change.basePath !== "" && /removed/.test(change.kind) ? ` (was at ${whereIn(against, base.doc.file, options.displayFile ?? asNamed, base.doc.locate(change.basePath).line)})` : "";
  return {
    kind: change.kind,
    element: change.element,
    path: change.headPath,
    severity: level,
    requiredBump: bump,
    message: `${change.message}${wasAt}${hint} Requires ${bumpInWords(bump, judgedBaseVersion(semverText(base), head.version === undefined ? undefined : semverText(head)), false, "version bump")}${under}.${advice}`.trimEnd(),
    line: position.line,
    column: position.column,
    against: against.label,
    ...(touches ? { touches } : {}),
    ...(served && served.length > 0 ? { servedContracts: served } : {}),
  };
}

/**
 * The contracts a breaking product change takes from consumers (see ReportedChange.servedContracts): at
 * `path` in the released product, an output port's contract, or for the product as a whole, every output
 * port's, in order and each once.
 */
function servedContracts(product: unknown, path: string): string[] {
  const ports = isMapping(product) && Array.isArray(product.outputPorts) ? product.outputPorts : [];
  const port = /^\/outputPorts\/(\d+)(?:\/|$)/.exec(path);
  const concerned: unknown[] = port ? [ports[Number(port[1])]] : ports;
  return [...new Set(concerned.flatMap((p) => (isMapping(p) && typeof p.contractId === "string" && p.contractId.trim() !== "" ? [p.contractId] : [])))];
}

/** What to do instead of a breaking change no version can declare. */
const UNVERSIONED_ADVICE: Partial<Record<ChangeKindId, string>> = {
  "contract-removed": "No version can declare it: release it as `status: deprecated` (or retired) first, then delete it; or ignore this change in meshkit.yaml with a reason.",
  "product-removed": "No version can declare it: release it as `status: deprecated` (or retired) first, then delete it; or ignore this change in meshkit.yaml with a reason.",
  "contract-id-changed": "No version can declare it: keep the id (a new contract gets a new file), or release the old one as `status: deprecated` first; or ignore this change in meshkit.yaml with a reason.",
  "product-id-changed": "No version can declare it: keep the id (a new product gets a new file), or release the old one as `status: deprecated` first; or ignore this change in meshkit.yaml with a reason.",
};

function changeFinding(doc: LoadedDocument, change: ReportedChange): Finding {
  return {
    ruleId: change.kind,
    severity: change.severity,
    message: change.message,
    file: doc.file,
    line: change.line,
    column: change.column,
    path: change.path,
    stage: "compat",
    docsUrl: docsUrlFor(change.kind),
  };
}

/** Whether an ignore entry of meshkit.yaml accepts this change: every field it gives must match. */
export function isIgnored(change: Pick<Change, "kind" | "element">, id: string, ignore: MeshkitConfig["compat"]["ignore"]): boolean {
  return ignore.some((entry) => (entry.kind === undefined || entry.kind === change.kind) && (entry.contract === undefined || entry.contract === id) && (entry.path === undefined || elementGlob(entry.path).test(change.element)));
}

const globCache = new Map<string, RegExp>();
/** `orders.*` matches `orders.amount`; `**` also crosses dots (`orders.**` matches `orders.address.city`). */
function elementGlob(pattern: string): RegExp {
  let regex = globCache.get(pattern);
  if (!regex) {
    const source = pattern
      .split("**")
      .map((part) => part.split("*").map((s) => s.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join("[^.]*"))
      .join(".*");
    regex = new RegExp(`^${source}$`);
    globCache.set(pattern, regex);
  }
  return regex;
}

/**
 * Id changes: a head document new to the base whose place held, on the base side, a document of its kind
 * the head no longer has. Head key → that base document (each base document pairs once, in file order).
 */
function idChanges(base: Side, baseIndex: Map<string, Keyed>, headIndex: Map<string, Keyed>): Map<string, Keyed> {
  const gone = [...baseIndex.entries()].filter(([key]) => !headIndex.has(key)).map(([, entry]) => entry);
  const pairs = new Map<string, Keyed>();
  for (const [key, entry] of headIndex) {
    if (baseIndex.has(key)) continue;
    const at = gone.findIndex((b) => b.kind === entry.kind && placeOf(base, b.doc) === entry.doc.file);
    if (at === -1) continue;
    pairs.set(key, gone[at]!);
    gone.splice(at, 1);
  }
  return pairs;
}

/** "New contract …", or, when the base holds it at an apiVersion meshkit does not read, that it was not compared. */
function newDocumentMessage(entry: Keyed, what: string, base: Side, shown: FileLabel): string {
  const unread = base.unread?.find((doc) => doc.kind.type === "unsupported" && doc.kind.kind === entry.kind && (doc.value as Record<string, unknown>).id === entry.id);
  if (unread && unread.kind.type === "unsupported") {
    return `${what === "contract" ? "Contract" : "Product"} ${entry.id} at version ${entry.versionText} is in ${base.label} at apiVersion ${JSON.stringify(unread.kind.apiVersion)} (${whereIn(base, unread.file, shown)}), which meshkit does not read: it is not compared, and is judged as new.`;
  }
  // Its file on the base side could not be read: something was released there, meshkit cannot tell what.
  const unreadFile = base.unreadFiles?.find((file) => (base.place ? base.place(file) : file) === entry.doc.file);
  if (unreadFile !== undefined) {
    return `${what === "contract" ? "Contract" : "Product"} ${entry.id} at version ${entry.versionText}: its file ${whereIn(base, unreadFile, shown)} cannot be read (compat-base-unreadable), so it is not compared, and is judged as new.`;
  }
  return `New ${what} ${entry.id} at version ${entry.versionText}; nothing released to compare with in ${base.label}.`;
}

function newDocument(entry: Keyed, renamedFrom: Keyed | undefined, base: Side, options: CompareOptions, reports: DocumentReport[]): Finding[] {
  const what = entry.kind === "DataContract" ? "contract" : "product";
  const shown = options.displayFile ?? asNamed;
  // An id change drops the old document: announced (released as deprecated or retired), that is the documented way.
  const oldStatus = renamedFrom ? documentStatus((renamedFrom.doc.value as Record<string, unknown>).status) : undefined;
  const kind: ChangeKindId = !renamedFrom ? `${what}-added` : oldStatus ? "deprecated-element-removed" : `${what}-id-changed`;
  const change: Change = {
    kind,
    element: oldStatus && renamedFrom ? renamedFrom.id : entry.id,
    headPath: "/id",
    ...(renamedFrom && !oldStatus ? { basePath: "/id" } : {}),
    message: !renamedFrom
      ? newDocumentMessage(entry, what, base, shown)
      : oldStatus
        ? `The id of ${shown(entry.doc.file)} changed from ${renamedFrom.id} to ${entry.id}: ${renamedFrom.id} was released as ${oldStatus} (${renamedFrom.versionText}), so removing it goes the documented way; ${entry.id} is a new ${what}.`
        : `The id of ${shown(entry.doc.file)} changed from ${renamedFrom.id} to ${entry.id}: consumers and history follow the id, so this is a new ${what} and the old one is gone.`,
  };
  const reported = report(change, renamedFrom ?? entry, entry, options, base, KINDS_WITHOUT_VERDICT.has(kind));
  reports.push({
    id: entry.id,
    kind: entry.kind,
    file: entry.doc.file,
    ...describedAs(entry),
    headVersion: entry.versionText,
    declaredBump: "new",
    requiredBump: reported?.requiredBump ?? "none",
    changes: reported ? [reported] : [],
    ...(renamedFrom ? { previousId: renamedFrom.id } : {}),
  });
  return reported ? [changeFinding(entry.doc, reported)] : [];
}

/**
 * A list the standard requires that one side writes as something else (`outputPorts: orders`): that side
 * is schema-invalid there, and the list is not compared. The head is what is being released, so its
 * problem is an error (its changes there cannot be judged); a released base can no longer be fixed: a warning.
 */
function invalidListFinding(head: Keyed, base: Keyed, against: Side, problem: InvalidPart, shown: FileLabel): Finding {
  const released = () => whereIn(against, base.doc.file, shown, base.doc.locate(problem.path).line);
  const message = problem.kind === "unnamed" ? unnamedMessage(problem, released) : notAListMessage(head, problem, released);
  return head.doc.finding({ ruleId: INVALID_LIST_RULE, severity: problem.side === "head" ? "error" : "warning", message, path: problem.headPath, stage: "compat" });
}

/** `released`: where the base writes the list, as a message names it. */
function notAListMessage(head: Keyed, problem: InvalidList, released: () => string): string {
  const standard = head.kind === "DataContract" ? "ODCS" : "ODPS";
  const entries = problem.key === "outputPorts" ? "output ports" : problem.key === "inputPorts" ? "input ports" : `\`${problem.key}\` entries`;
  return problem.side === "head"
    ? `\`${problem.key}\` is ${problem.found}, not a list as ${standard} requires: the head document is schema-invalid here (meshkit lint shows it), so its ${entries} are not compared and none is reported removed or added. Write it as a list.`
    : `\`${problem.key}\` in the released version (${released()}) is ${problem.found}, not a list as ${standard} requires: its ${entries} are not compared with the head's.`;
}

/**
 * An object or property without a name (see UnnamedElement), and what is not compared because of it: the
 * element, and the other side's unpaired entries of its list (reported neither removed nor added).
 */
function unnamedMessage(problem: UnnamedElement, released: () => string): string {
  const of = problem.owner === undefined ? "" : ` of \`${problem.owner}\``;
  const [one, many] = problem.what === "object" ? ["An object", "object"] : ["A property", "property"];
  const name = problem.found === "missing" ? "has no `name`, which ODCS requires" : `has a \`name\` that is ${problem.found}, not a string as ODCS requires`;
  return problem.side === "head"
    ? `${one}${of} ${name}: the head document is schema-invalid here (meshkit lint shows it), so it is not compared, and no ${many}${of} that the released version has and the head lacks is reported removed (any may be this one). Give it its name.`
    : `${one}${of} in the released version (${released()}) ${name}: it is not compared, and no ${many}${of} that the head adds is reported added (any may be this one).`;
}

/** The rule of a list one side writes as something else (see invalidListFinding). */
export const INVALID_LIST_RULE = "compat-document-invalid";

/** An output port of a product: which product, its name and version as written, where it is. */
interface ServingPort {
  product: Keyed;
  name: string;
  version: string;
  line: number;
}

/**
 * Output ports that moved from one data product to another in the change: by contract id, the ports of the base's
 * products that no longer serve it in the head (`from`), and those of the head's products that did not serve it in
 * the base (`to`). Each side's product diff sees only its own product (a port removed, a port added); this is what
 * tells both that it is one port moving (see portMoveHint).
 */
interface PortMoves {
  from: Map<string, ServingPort[]>;
  to: Map<string, ServingPort[]>;
}

function portMoves(baseIndex: Map<string, Keyed>, headIndex: Map<string, Keyed>): PortMoves {
  const serving = (index: Map<string, Keyed>) => {
    const byContract = new Map<string, ServingPort[]>();
    for (const product of index.values()) {
      if (product.kind !== "DataProduct" || !isMapping(product.doc.value) || !Array.isArray(product.doc.value.outputPorts)) continue;
      product.doc.value.outputPorts.forEach((port: unknown, i) => {
        const [contractId] = servedContracts({ outputPorts: [port] }, "");
        if (contractId === undefined || !isMapping(port)) return;
        const served = { product, name: String(port.name ?? "(unnamed)"), version: String(port.version ?? "(no version)"), line: product.doc.locate(`/outputPorts/${i}`).line };
        byContract.set(contractId, [...(byContract.get(contractId) ?? []), served]);
      });
    }
    return byContract;
  };
  const [before, after] = [serving(baseIndex), serving(headIndex)];
  // Only between products: a port that stays in its product (renamed, upgraded) is its own product's change.
  const others = (ports: readonly ServingPort[] | undefined, other: readonly ServingPort[] | undefined) => (ports ?? []).filter((port) => !(other ?? []).some((o) => o.product.id === port.product.id));
  const moved = (ports: Map<string, ServingPort[]>, other: Map<string, ServingPort[]>) => new Map([...ports.keys()].map((contractId) => [contractId, others(ports.get(contractId), other.get(contractId))] as const).filter(([, list]) => list.length > 0));
  const [from, to] = [moved(before, after), moved(after, before)];
  // A move has both ends: a port gone from one product and one come to another.
  return { from: new Map([...from].filter(([contractId]) => to.has(contractId))), to: new Map([...to].filter(([contractId]) => from.has(contractId))) };
}

/**
 * For an output port removed from one product or added to another when its contract moved between them (see
 * PortMoves), where it went or came from, to end the change's message; else "". The bump is the change's own.
 */
function portMoveHint(change: Change, base: Keyed, head: Keyed, moves: PortMoves, shown: FileLabel): string {
  const named = (ports: readonly ServingPort[], at: boolean) => ports.map((port) => `${port.product.id} (output port \`${port.name}\` ${port.version}${at ? ` at ${shown(port.product.doc.file)}:${port.line}` : ""})`).join(", ");
  if (change.kind === "output-port-removed" && change.basePath !== undefined) {
    const [contractId] = servedContracts(base.doc.value, change.basePath);
    const to = contractId === undefined ? [] : (moves.to.get(contractId) ?? []).filter((port) => port.product.id !== head.id);
    if (to.length === 0 || !(moves.from.get(contractId!) ?? []).some((port) => port.product.id === base.id)) return "";
    return ` It moved to product ${named(to, true)} in this change, with its contract ${contractId}: consumers that follow the contract by its id still read it there; those that reach it through product ${head.id} must follow it.`;
  }
  if (change.kind === "output-port-added") {
    const [contractId] = servedContracts(head.doc.value, change.headPath);
    const from = contractId === undefined ? [] : (moves.from.get(contractId) ?? []).filter((port) => port.product.id !== head.id);
    if (from.length === 0 || !(moves.to.get(contractId!) ?? []).some((port) => port.product.id === head.id)) return "";
    return ` It moved here in this change from product ${named(from, false)}, which no longer serves contract ${contractId}.`;
  }
  return "";
}

/** The contract ids the output ports of a product name, each once. */
function portContracts(product: unknown): string[] {
  return servedContracts(product, "");
}

/**
 * Contracts withdrawn together with what served them: every output port of a released product that names the
 * contract went the documented way, and no head product that is not retired serves it. A port goes so when its
 * product was released as deprecated (or retired) and is now retired or gone, or when the port itself was
 * released with a `deprecated` date that has passed (the head no longer serves the contract, so the port is gone:
 * deprecated-element-removed). Provision leaves a retired product's contracts out, and a removed port serves
 * nothing, so no consumer reads the contract: deleting it breaks nobody, as the announced withdrawal did not. A
 * product missing from the head counts only where `answersFor` it (compat was given its file).
 */
function withdrawnWithProducts(baseIndex: Map<string, Keyed>, headIndex: Map<string, Keyed>, head: Side, answersFor: (doc: LoadedDocument) => boolean, now: Date): Map<string, Withdrawal> {
  const products = (index: Map<string, Keyed>) => [...index.values()].filter((entry) => entry.kind === "DataProduct");
  // Every head product counts, those whose id is used twice too: a duplicate still serves what it names.
  const stillServed = new Set(
    head.documents.filter((doc) => doc.kind.type === "DataProduct" && documentStatus((doc.value as Record<string, unknown>).status) !== "retired").flatMap((doc) => portContracts(doc.value)),
  );
  const servers = new Map<string, { products: string[]; ports: string[]; withdrawn: boolean }>();
  for (const product of products(baseIndex)) {
    const inHead = headIndex.get(`DataProduct:${product.id}`);
    const known = inHead === undefined ? answersFor(product.doc) : true;
    const documented = known && documentStatus(statusOf(product)) !== undefined && (inHead === undefined || documentStatus(statusOf(inHead)) === "retired");
    const ports = isMapping(product.doc.value) && Array.isArray(product.doc.value.outputPorts) ? product.doc.value.outputPorts : [];
    for (const contractId of portContracts(product.doc.value)) {
      const serving = ports.filter((port) => servedContracts({ outputPorts: [port] }, "").includes(contractId));
      const deprecatedPorts = known && !documented && serving.every((port) => deprecationPassed(port, now)) ? serving : [];
      const entry = servers.get(contractId) ?? { products: [], ports: [], withdrawn: true };
      servers.set(contractId, {
        products: documented ? [...entry.products, product.id] : entry.products,
        ports: [...entry.ports, ...deprecatedPorts.map((port) => `\`${String((port as Record<string, unknown>).name)}\` of ${product.id}`)],
        withdrawn: entry.withdrawn && (documented || deprecatedPorts.length > 0),
      });
    }
  }
  return new Map([...servers].filter(([contractId, entry]) => entry.withdrawn && !stillServed.has(contractId)).map(([contractId, { products: ids, ports }]) => [contractId, { products: ids, ports }]));
}

/**
 * The contracts the head retires (status `retired`, released otherwise), each with whether its released version
 * announced it (`deprecated`): an output port moved to such a version serves nothing (see DiffOptions.retiringContracts).
 */
function retiringContracts(baseIndex: Map<string, Keyed>, headIndex: Map<string, Keyed>): RetiringContracts {
  const retiring = new Map<string, { announced: boolean; version: string }>();
  for (const entry of headIndex.values()) {
    const released = baseIndex.get(`DataContract:${entry.id}`);
    if (entry.kind !== "DataContract" || released === undefined || documentStatus(statusOf(entry)) !== "retired") continue;
    const before = documentStatus(statusOf(released));
    if (before !== "retired") retiring.set(entry.id, { announced: before === "deprecated", version: entry.versionText });
  }
  return retiring;
}

/**
 * A contract or product gone from the head side. A deprecated or retired one may go (minor), and so may a
 * contract whose products were retired the documented way (`withProducts`: their ids, see
 * withdrawnWithProducts); anything else breaks its consumers. There is no head file to point at, so the
 * finding names the base file.
 */
function removedDocument(entry: Keyed, base: Side, head: Side, options: CompareOptions, reports: DocumentReport[], withProducts?: Withdrawal): Finding[] {
  const status = (entry.doc.value as Record<string, unknown>).status;
  const retired = documentStatus(status) !== undefined || withProducts !== undefined;
  const kind: ChangeKindId = retired ? "deprecated-element-removed" : entry.kind === "DataContract" ? "contract-removed" : "product-removed";
  const what = entry.kind === "DataContract" ? "contract" : "product";
  const named = options.displayFile ?? asNamed;
  // Its file still holds a document of its kind, whose id was deleted or written as a list or mapping: compat
  // matches by id, so that is what to fix; the finding points at that document.
  const unkeyed = head.documents.find((doc) => doc.kind.type === entry.kind && doc.file === placeOf(base, entry.doc) && idOf(doc, (doc.value as Record<string, unknown>).id) === undefined);
  const hasId = unkeyed !== undefined && "id" in (unkeyed.value as Record<string, unknown>);
  const why = unkeyed ? `: ${named(unkeyed.file)} holds a ${what} ${hasId ? "whose `id` is not text" : "without an `id`"}, and compat matches documents by id; write \`id: ${entry.id}\` again` : "";
  // A file of several documents: its name alone does not say where the document was, its line does.
  const line = base.documents.filter((doc) => doc.file === entry.doc.file).length > 1 ? entry.doc.locate("/id").line : undefined;
  const change: Change = {
    kind,
    element: entry.id,
    headPath: hasId ? "/id" : "",
    basePath: "",
    message: `${what === "contract" ? "Contract" : "Product"} ${entry.id} (${entry.versionText}, ${whereIn(base, entry.doc.file, named, line)}) is not in ${head.label}${documentStatus(status) !== undefined ? `; it was ${String(status)}` : withProducts ? `; ${retiredWithProducts(withProducts)}` : ""}${why}.`,
  };
  const shown: Keyed = unkeyed ? { ...entry, doc: unkeyed } : entry;
  const located = report(change, entry, shown, options, base, KINDS_WITHOUT_VERDICT.has(kind));
  // Without a head document to point at, the position would be the base document's line, which readers
  // (annotations, SARIF) take as a line of the head's file of that name: gone, emptied, or holding other
  // documents now, so that line is past its end or on an unrelated node. The finding is about the file.
  const reported = located && !unkeyed ? { ...located, line: 1, column: 1 } : located;
  reports.push({ id: entry.id, kind: entry.kind, file: entry.doc.file, ...describedAs(entry), baseVersion: entry.versionText, declaredBump: "removed", requiredBump: reported?.requiredBump ?? "none", changes: reported ? [reported] : [] });
  return reported ? [changeFinding(shown.doc, reported)] : [];
}

/** A report's `name` and (when it is no longer served) `status`, from the document. */
function describedAs(entry: { doc: { value: unknown } }): Pick<DocumentReport, "name" | "status"> {
  const value = entry.doc.value as { name?: unknown; status?: unknown };
  const status = documentStatus(value.status);
  return { ...(typeof value.name === "string" && value.name.trim() !== "" ? { name: value.name } : {}), ...(status !== undefined ? { status } : {}) };
}
