/**
 * Consumer impact: for each contract whose changes require a major bump, the registered consumer
 * products that read it (from a `ConsumerDirectory`, e.g. the catalog) and whether the breaking
 * changes hit the columns they declare (`usedColumns` on their input port); for each product whose
 * changes require one, the consumers of the contracts its breaking changes take away. See
 * docs/compat.md, "Consumer impact".
 */
import { type ConsumerDirectory, type ContractConsumer, type Finding, type LoadedDocument, type MeshkitConfig, type RuleLevel, type Severity, WHOLE_CONTRACT, docsUrlFor, isMapping, objectsHolding, parseColumnName } from "@meshkit/core";
import type { DocumentReport, ReportedChange, Side } from "./compare.js";
import { type ChangeKindId, NOTICE_KINDS } from "./kinds.js";

export const CONSUMERS_RULE = "compat-consumers-affected";

/**
 * `yes`: a breaking change touches a column the consumer declares it reads, or the whole contract;
 * `no`: the consumer declares its columns and no breaking change touches them;
 * `unknown`: the consumer declares no columns, and no breaking change concerns the whole contract.
 */
export type Affected = "yes" | "no" | "unknown";

export interface ImpactHit {
  kind: ChangeKindId;
  element: string;
  /** The declared column the change touches; absent when the change concerns the whole contract. */
  column?: string;
}

export interface ConsumerImpact {
  consumer: ContractConsumer;
  /** For a product's breaking change: the contract the consumer reads from the product (its output port's). */
  contractId?: string;
  affected: Affected;
  /** The breaking changes behind `yes` (empty otherwise). */
  hits: ImpactHit[];
  /** Declared columns the released contract does not have (a typo, or a name already gone): they match nothing. */
  unknownColumns?: string[];
}

function isPrefix(a: readonly string[], b: readonly string[]): boolean {
  return a.length <= b.length && a.every((s, i) => s === b[i]);
}

/**
 * Whether a change touching `touched` can change what a consumer reading `declared` gets: the same
 * object (any object for a bare column), and one name within the other (`orders.address` and
 * `orders.address.city` overlap; a whole object overlaps every column of it).
 */
export function columnsOverlap(declared: string, touched: string): boolean {
  const d = parseColumnName(declared);
  const t = parseColumnName(touched);
  if (d.object === WHOLE_CONTRACT || t.object === WHOLE_CONTRACT) return true;
  if (d.object !== undefined && d.object !== t.object) return false;
  return isPrefix(d.path, t.path) || isPrefix(t.path, d.path);
}

/** Whether the released contract has what a declared name names (object, column, nested field). */
function existsIn(contract: unknown, declared: string): boolean {
  return parseColumnName(declared).object === WHOLE_CONTRACT || objectsHolding(contract, declared).length > 0;
}

/** How the breaking changes of one contract reach one consumer. */
export function assessImpact(breaking: readonly ReportedChange[], consumer: ContractConsumer, contract?: unknown): ConsumerImpact {
  const declared = consumer.columns && consumer.columns.length > 0 ? consumer.columns : undefined;
  const hits: ImpactHit[] = [];
  const seen = new Set<string>();
  const hit = (h: ImpactHit) => {
    const key = JSON.stringify([h.kind, h.element, h.column ?? null]);
    if (!seen.has(key)) {
      seen.add(key);
      hits.push(h);
    }
  };
  let wholeContract = false;
  for (const change of breaking) {
    for (const touched of change.touches ?? [WHOLE_CONTRACT]) {
      if (touched === WHOLE_CONTRACT) {
        wholeContract = true;
        hit({ kind: change.kind, element: change.element });
        continue;
      }
      for (const column of declared ?? []) if (columnsOverlap(column, touched)) hit({ kind: change.kind, element: change.element, column });
    }
  }
  const affected: Affected = wholeContract || hits.length > 0 ? "yes" : declared ? "no" : "unknown";
  const unknownColumns = declared && contract !== undefined ? declared.filter((c) => !existsIn(contract, c)) : [];
  return { consumer, affected, hits: affected === "yes" ? hits : [], ...(unknownColumns.length > 0 ? { unknownColumns } : {}) };
}

const AFFECTED_ORDER: Record<Affected, number> = { yes: 0, unknown: 1, no: 2 };

function compareImpacts(a: ConsumerImpact, b: ConsumerImpact): number {
  const text = (x: string | undefined, y: string | undefined) => ((x ?? "") < (y ?? "") ? -1 : (x ?? "") > (y ?? "") ? 1 : 0);
  return AFFECTED_ORDER[a.affected] - AFFECTED_ORDER[b.affected] || text(a.consumer.domain, b.consumer.domain) || text(a.consumer.productName, b.consumer.productName) || text(a.consumer.productId, b.consumer.productId) || text(a.consumer.port, b.consumer.port);
}

export interface ConsumerContext {
  base: Side;
  head: Side;
  config: MeshkitConfig["compat"];
}

/**
 * A product's breaking changes as its consumers meet them: each consumer of a contract that a breaking
 * change takes away (an output port removed, renamed or pointed elsewhere; the whole product removed,
 * retired or moved) loses all it reads of it. Its own input ports are not its consumers.
 */
async function productImpacts(report: DocumentReport, breaking: readonly ReportedChange[], directory: ConsumerDirectory): Promise<ConsumerImpact[]> {
  const impacts: ConsumerImpact[] = [];
  for (const contractId of new Set(breaking.flatMap((c) => c.servedContracts ?? []))) {
    const hits = breaking.filter((c) => c.servedContracts?.includes(contractId)).map((c): ImpactHit => ({ kind: c.kind, element: c.element }));
    for (const consumer of await directory.consumersOf(contractId)) {
      if (consumer.productId === report.id || consumer.productId === report.previousId) continue;
      impacts.push({ consumer, contractId, affected: "yes", hits });
    }
  }
  return impacts.sort(compareImpacts);
}

/**
 * The notices a breaking release weighs beside its breaking changes: those that break a consumer now or give it no
 * date (the removal a deprecation announced, the release withdrawn). A deprecation with a date breaks nothing yet:
 * alone it is an info, and among breaking changes it would count a consumer that reads the column as affected.
 */
const BREAKING_RELEASE_NOTICES: ReadonlySet<ChangeKindId> = new Set<ChangeKindId>(["deprecated-element-removed", "status-withdrawn"]);

/**
 * Looks up the consumers of every contract whose changes require a major bump, and of the contracts
 * a product's breaking changes take away, attaches them to its report (`consumers`), and returns a
 * `compat-consumers-affected` finding per contract or product that has any. A contract or product whose
 * changes need less, but that removes what its deprecation announced, announces a deprecation or withdraws its
 * release (NOTICE_KINDS), gets the consumers that read what those changes concern: a consumer still reading a
 * column removed after its date breaks, the deprecation path notwithstanding, one reading a column just
 * deprecated has until its date to move off it, and one built on a release withdrawn is told, with no date, that
 * it may change without notice. Consumers those changes do not reach are not listed then. A breaking release
 * weighs those that break or give no date beside its breaking ones (BREAKING_RELEASE_NOTICES), so a withdrawal in
 * a major version reaches every consumer.
 */
export async function attachConsumers(reports: DocumentReport[], directory: ConsumerDirectory, context: ConsumerContext): Promise<Finding[]> {
  const findings: Finding[] = [];
  const level: RuleLevel | undefined = context.config.rules[CONSUMERS_RULE];
  for (const report of reports) {
    const breaking = report.requiredBump === "major";
    // A breaking release says what it announces too: a consumer no breaking change hits still hears the release withdrawn.
    const concerning = report.changes.filter((c) => (breaking ? c.requiredBump === "major" || BREAKING_RELEASE_NOTICES.has(c.kind) : NOTICE_KINDS.has(c.kind)));
    if (!breaking && concerning.length === 0) continue;
    // A removal may break a consumer that declares nothing; an announcement only reaches those that read the element.
    const removal = concerning.some((c) => c.kind === "deprecated-element-removed");
    const previousId = report.previousId ?? report.id;
    const baseDoc = findDocument(context.base, report.kind, previousId);
    const headDoc = findDocument(context.head, report.kind, report.id);
    const all =
      report.kind === "DataProduct"
        ? await productImpacts(report, concerning, directory)
        : (await directory.consumersOf(previousId)).map((consumer) => assessImpact(concerning, consumer, baseDoc?.value)).sort(compareImpacts);
    const impacts = breaking ? all : all.filter((i) => i.affected === "yes" || (removal && i.affected === "unknown"));
    if (!breaking && impacts.length === 0) continue;
    report.consumers = impacts;
    if (impacts.length === 0 || level === "off") continue;
    const doc = headDoc ?? baseDoc;
    if (!doc) continue;
    const withdrawn = concerning.some((c) => c.kind === "status-withdrawn") ? `went back from ${statusOf(baseDoc)} to ${statusOf(headDoc)}` : undefined;
    findings.push(consumerFinding(doc, report, impacts, level, breaking ? "breaking" : removal ? "removal" : withdrawn ? "withdrawal" : "deprecation", withdrawn));
  }
  if (directory.findings) findings.push(...(await directory.findings()).map((f): Finding => ({ ...f, severity: f.severity === "error" ? "warning" : f.severity })));
  return findings;
}

function findDocument(side: Side, kind: DocumentReport["kind"], id: string): LoadedDocument | undefined {
  return side.documents.find((d) => d.kind.type === kind && isMapping(d.value) && d.value.id === id);
}

/** `customer/customer_360 2.1.0`: a consumer as named in messages and the changelog. */
export function consumerLabel(consumer: ContractConsumer): string {
  return `${consumer.domain ? `${consumer.domain}/` : ""}${consumer.productName}${consumer.version ? ` ${consumer.version}` : ""}`;
}

/** Whether only changes it is told of (NOTICE_KINDS) reach the consumer: nothing it reads breaks without notice. */
export function onlyNotices(impact: ConsumerImpact): boolean {
  return impact.hits.length > 0 && impact.hits.every((h) => NOTICE_KINDS.has(h.kind));
}

/** Why a consumer is (or is not) affected, in a few words. */
export function impactReason(impact: ConsumerImpact): string {
  if (impact.affected === "unknown") return "declares no usedColumns on its input port, so it may read what changed";
  if (impact.affected === "no") return `reads none of the changed columns (it declares ${impact.consumer.columns?.join(", ") ?? ""})`;
  // A product's breaking change: the consumer reads the whole contract the change breaks.
  if (impact.contractId !== undefined) return `reads contract ${impact.contractId}, which ${[...new Set(impact.hits.map((h) => `${h.kind} (${h.element})`))].join(", ")} ${onlyNotices(impact) ? "concerns" : "breaks"}`;
  const whole = impact.hits.filter((h) => h.column === undefined);
  const wholeKinds = [...new Set(whole.map((h) => h.kind))].join(", ");
  const verb = onlyNotices({ ...impact, hits: whole }) ? "concerns" : "changes";
  const byColumn = new Map<string, Set<string>>();
  for (const h of impact.hits) if (h.column !== undefined) byColumn.set(h.column, (byColumn.get(h.column) ?? new Set()).add(h.kind));
  if (byColumn.size === 0) return `reads the contract, and ${wholeKinds} ${verb} all of it`;
  // A column broken beside a whole-contract notice (a release withdrawn) is named too: it is what breaks the consumer.
  const columns = `reads ${[...byColumn].map(([column, kinds]) => `${column} (${[...kinds].join(", ")})`).join(", ")}`;
  return whole.length > 0 ? `${columns}, and ${wholeKinds} ${verb} all of the contract` : columns;
}

const MESSAGE_CONSUMERS = 10;

/**
 * What reaches the consumers listed: breaking changes; or, in a release that needs no major version, the removal of
 * what a deprecation announced (with or without notices), the release withdrawn (with or without new deprecations),
 * or only new deprecations.
 */
type Reach = "breaking" | "removal" | "withdrawal" | "deprecation";

/**
 * Warning (or the level meshkit.yaml sets) when a consumer is or may be affected, a withdrawal included (no date
 * protects what consumers built); info when none is, and for a deprecation alone (a notice with a date: nothing
 * breaks before it).
 */
function consumerFinding(doc: LoadedDocument, report: DocumentReport, impacts: readonly ConsumerImpact[], configured: Severity | undefined, reach: Reach, withdrawn?: string): Finding {
  const count = (affected: Affected) => impacts.filter((i) => i.affected === affected).length;
  const reached = count("yes") + count("unknown");
  const severity: Severity = reached === 0 || reach === "deprecation" ? "info" : (configured ?? "warning");
  const name = isMapping(doc.value) && typeof doc.value.name === "string" ? `${doc.value.name} (${report.previousId ?? report.id})` : (report.previousId ?? report.id);
  const what = report.kind === "DataContract" ? "contract" : "product";
  const listed = impacts.slice(0, MESSAGE_CONSUMERS).map((i) => {
    const contact = [i.consumer.owner, i.consumer.support].filter((v) => v !== undefined && v !== "").join(", ");
    const verdict = i.affected === "yes" ? "is affected" : i.affected === "unknown" ? "may be affected" : "is not affected";
    const unknown = i.unknownColumns ? `; the released contract has no ${i.unknownColumns.join(", ")}` : "";
    return `${consumerLabel(i.consumer)} (input port ${i.consumer.port}${contact ? `; ${contact}` : ""}) ${verdict}: it ${impactReason(i)}${unknown}`;
  });
  // Where every consumer is listed, in words that hold for the CLI and the schema-compat action alike (an action has no
  // --format to pass): the changelog, which its job summary, PR comment and `changelog` output carry, as `meshkit changelog` does.
  const more = impacts.length > MESSAGE_CONSUMERS ? `; and ${impacts.length - MESSAGE_CONSUMERS} more (the changelog's Consumers affected table lists them all)` : "";
  const consumers = `${impacts.length} registered consumer${impacts.length === 1 ? "" : "s"}`;
  const summary =
    reach === "breaking"
      ? `Breaking changes to ${what} ${name}${withdrawn ? `, which also ${withdrawn} (status-withdrawn),` : ""} reach ${consumers} (${count("yes")} affected, ${count("unknown")} maybe, ${count("no")} not)`
      : reach === "removal"
        ? `${capitalized(what)} ${name} removes what its deprecation announced (deprecated-element-removed), and ${consumers} still read${impacts.length === 1 ? "s" : ""} it or may (${count("yes")} affected, ${count("unknown")} maybe)`
        : reach === "withdrawal"
          ? `${capitalized(what)} ${name} ${withdrawn ?? ""} (status-withdrawn), and ${consumers} read${impacts.length === 1 ? "s" : ""} it`
          : `${capitalized(what)} ${name} deprecates what ${consumers} read${impacts.length === 1 ? "s" : ""} (element-deprecated)`;
  const advice =
    reach === "breaking"
      ? reached === 0
        ? "None of them reads what changed."
        : "Agree the change with their owners before merging, or publish it as a new major version alongside the old one."
      : reach === "removal"
        ? "The removal went the documented way, so a minor version declares it, but a consumer still reading it breaks: check with their owners before merging."
        : reach === "withdrawal"
          ? `Its status now tells them it may change without notice, and no date gives them time: agree it with their owners before merging, or keep this ${what} released and rework it under a new version.`
          : "Tell their owners to move off it before its deprecation date.";
  const finding = doc.finding({
    ruleId: CONSUMERS_RULE,
    severity,
    message: `${summary}: ${listed.join("; ")}${more}. ${advice}`,
    path: idPath(doc),
    // The consumers come from the catalog; its rule page is hand-written (the compat docs generator
    // renders pages for the rules of stage compat from examples that need no catalog).
    stage: "catalog",
  });
  return { ...finding, docsUrl: docsUrlFor(CONSUMERS_RULE) };
}

/** A document's status as it is written, for messages. */
function statusOf(doc: LoadedDocument | undefined): string {
  return doc && isMapping(doc.value) && typeof doc.value.status === "string" ? doc.value.status : "no status";
}

function capitalized(text: string): string {
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}`;
}

/** The contract's `id` line; a removed contract's whole document. */
function idPath(doc: LoadedDocument): string {
  return isMapping(doc.value) && "id" in doc.value ? "/id" : "";
}
