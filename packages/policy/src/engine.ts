import picomatch from "picomatch";
import { type Finding, type LoadedDocument, type PolicyWaiver, type RuleLevel, type Severity, type SuppressedFinding, closest, docsUrlFor, fromPointer, isJsonPointer, toPointer } from "@meshkit/core";
import { BAIL, LazyValueMap, OVER_BUDGET, isPlainData } from "./cel-js.js";
import { celLibrary } from "./cel-lib.js";
import { asDeclared, mergedWithCelInts, readFromOf, setOwn, withCelInts } from "./cel-numbers.js";
import type { CompiledExpression, EvalResult } from "./cel.js";
import type { CompiledPolicy, CompiledValidation } from "./load.js";
import { addressCovers, resourceAddressAt } from "./resource-address.js";
import { type ModuleOf, NO_MODULE, type TerraformModule } from "./terraform-module.js";
import { describeCelValue } from "./value-text.js";
import { type Located, type PolicyKind, documentViews, terraformResources, unreadLists } from "./views.js";

/** A document under check. */
export interface PolicyTarget {
  doc: LoadedDocument;
  kind: PolicyKind;
}

/** One rule's verdict on one document, as in a Kubernetes PolicyReport. */
export interface PolicyResult {
  policy: string;
  rule: string;
  result: "pass" | "fail" | "warn" | "error" | "skip";
  resource: string;
  /**
   * The document's place in its file, from 0, when it is not the first: a file of several YAML
   * documents has one resource per document, and the results of each must be told apart.
   */
  document?: number;
  message?: string;
  /** Set when a waiver accepted the failure. */
  waiver?: { approver: string; expires: string; justification: string };
}

export interface EvaluateOptions {
  /** Parameters from meshkit.yaml and --params, over each policy's own defaults. */
  params: Record<string, unknown>;
  rules: Record<string, RuleLevel>;
  waivers: readonly PolicyWaiver[];
  /** Every contract of the checked set and the repository, by id (products read their ports' contracts). */
  contracts: Record<string, unknown>;
  /**
   * The files of the run and the repository that could not be read or parsed: a contract missing from
   * `contracts` may be in one, and a message saying it is not in the repository would be wrong.
   */
  unreadFiles?: readonly string[];
  /** Today as YYYY-MM-DD: waivers apply through their expiry day. */
  today: string;
  /**
   * The latest expiry (YYYY-MM-DD) a waiver may have and still apply: today plus meshkit.yaml's
   * `policy.maxWaiverDays`. A waiver that runs longer than the platform allows accepts nothing (see
   * waiverDateFindings); without it, any expiry.
   */
  latestExpiry?: string;
  /**
   * A document's path as waivers' `document` globs read it: relative to the project's folder (the one
   * meshkit.yaml is in), as its packs and infrastructure globs are, wherever meshkit runs from. Without
   * it, the path as reported.
   */
  waiverPath?: (file: string) => string;
  /**
   * The module of a Terraform configuration (its folder's other `*.tf.json` files), read by policies
   * through `module`. Without it (a pack's own tests: each fixture stands alone), every document's
   * module is empty.
   */
  moduleOf?: ModuleOf;
  /** Filled with what the waivers accepted, for the run to tell which waived nothing (and why). */
  usedWaivers?: WaiverUse;
  /** Filled with the messageExpressions and pathExpressions that could not give a failure its text or node (see detailErrorFindings). */
  detailErrors?: DetailErrors;
}

/**
 * The `messageExpression`s that could not give a failure its text (a runtime error, a non-string, a blank or
 * multi-line text) and the `pathExpression`s that could not give it its node (a runtime error, no JSON
 * pointer), by rule id (unique across the packs) and field, each with its validation, the first document and
 * why, and on how many documents: the failures
 * still fail, with `message` (or the default text) and at the default node (pathExpression excludes `path`), as in a
 * ValidatingAdmissionPolicy, which logs the error.
 */
export type DetailErrors = Map<string, { policy: CompiledPolicy; validation: CompiledValidation; field: "messageExpression" | "pathExpression"; file: string; error: string; files: Set<string> }>;

/** A messageExpression's or pathExpression's failure (detailErrorFindings): a warning, the only policy-runtime-error that is one. */
export function isDetailError(finding: Finding): boolean {
  return finding.ruleId === "policy-runtime-error" && finding.severity === "warning";
}

/**
 * One `policy-runtime-error` warning per messageExpression or pathExpression that failed in the run, at that
 * field in the policy file: the platform team that wrote it learns it is broken (where Kubernetes would
 * log it), without the failures it was for losing their result or a document's author being blamed for it.
 */
export function detailErrorFindings(errors: DetailErrors | undefined): Finding[] {
  return [...(errors ?? new Map()).values()].map(({ policy, validation, field, file, error, files }) => {
    const written = validation.fieldAt(field);
    const more = files.size > 1 ? ` (and ${files.size - 1} more file${files.size > 2 ? "s" : ""})` : "";
    const instead =
      field === "messageExpression"
        ? `its text: ${error}; the findings show ${validation.message !== undefined ? "its `message`" : "the default text"} instead`
        : `its node: ${error}; the findings point at the default node instead`;
    return {
      ruleId: "policy-runtime-error",
      severity: "warning" as const,
      message: `Rule ${validation.id} of policy ${policy.name} (${policy.file}): its ${field} could not give the failure on ${file}${more} ${instead}. Fix the ${field}${MISSING_FIELD.test(error) ? " (guard missing fields with has())" : ""}.`,
      file: policy.file,
      line: written.at.line,
      column: written.at.column,
      path: written.path,
      stage: "policy" as const,
      docsUrl: docsUrlFor("policy-runtime-error"),
    };
  });
}

/** What the waivers of a run accepted, for unusedWaiverFindings. */
export interface WaiverUse {
  /** Each waiver that accepted a failure. */
  used: Set<PolicyWaiver>;
  /**
   * A waiver whose rule failed on its document at a parent of its `path` (the first such failure's
   * pointer): the waiver covers only what is below its path, so it did not accept that failure, though
   * the rule does not pass there.
   */
  failedAbove: Map<PolicyWaiver, string>;
  /** Of those, a waiver whose failure above it another waiver (one at that parent, or with no path) accepted. */
  acceptedAbove: Map<PolicyWaiver, PolicyWaiver>;
  /**
   * A waiver whose `resource` is an instance or a part of the resource a failure of its rule is reported at
   * (that resource's address): a configuration file's failures are at a resource block, not at one of the
   * instances its `for_each` makes, so `aws_s3_bucket.lake["raw"]` never matches them.
   */
  failedInWholeResource: Map<PolicyWaiver, string>;
  /**
   * Each waiver whose `document` names a document the run checked (its `id`, or a glob its path
   * matches): one that names none (a misspelt id, a moved folder) accepted nothing because it points
   * nowhere, not because the rule passes there.
   */
  documentFound: Set<PolicyWaiver>;
  /**
   * Each waiver whose `path` names a node of a document it covers: one whose path names none (an index
   * past the list's end, a misspelt key) accepted nothing because it points nowhere, not because the
   * rule passes there.
   */
  pathFound: Set<PolicyWaiver>;
  /**
   * Each waiver whose `resource` names a Terraform resource of a document it covers (that resource, one of its
   * instances, a module instance holding it, or the configuration block an instance of it comes from): one
   * that names none (a misspelt address, a resource waiver of a rule that fails in contracts) accepted
   * nothing because it points nowhere, not because the rule passes there. For the others, the addresses the
   * documents they cover do hold, for a did-you-mean.
   */
  resourceFound: Set<PolicyWaiver>;
  resourcesSeen: Map<PolicyWaiver, Set<string>>;
  /**
   * A waiver that covers a failure which another waiver, earlier in `policy.waivers`, accepted: waivers
   * are tried in the order they are listed, so this one accepted nothing though the rule fails there.
   */
  acceptedFirstBy: Map<PolicyWaiver, PolicyWaiver>;
  /** Each waiver of a pack's rule whose rule was evaluated on a document the waiver covers. */
  ruleEvaluated: Set<PolicyWaiver>;
  /**
   * Why the rule of a waiver was not evaluated on a document it covers (the first such document): its
   * policy matches other kinds of document, or a matchCondition is false there. A waiver whose rule was
   * evaluated on none of its documents accepted nothing because the rule does not check them, not
   * because the rule passes there.
   */
  ruleNotApplied: Map<PolicyWaiver, string>;
  /**
   * A waiver whose `rule` is no rule id of the packs but the `metadata.name` of one of their policies, with that
   * policy's rule ids: with an OPA server, whose ids are not known before it answers, the config accepts it.
   */
  policyNamed: Map<PolicyWaiver, readonly string[]>;
}

export function waiverUse(): WaiverUse {
  return {
    used: new Set(),
    failedAbove: new Map(),
    acceptedAbove: new Map(),
    failedInWholeResource: new Map(),
    documentFound: new Set(),
    pathFound: new Set(),
    resourceFound: new Set(),
    resourcesSeen: new Map(),
    acceptedFirstBy: new Map(),
    ruleEvaluated: new Set(),
    ruleNotApplied: new Map(),
    policyNamed: new Map(),
  };
}

export interface Evaluation {
  findings: Finding[];
  results: PolicyResult[];
  /** The failures waivers accepted, as findings with their waiver (made when the first one is). */
  waived?: SuppressedFinding[];
}

/**
 * A bound on the work of one expression on one document (a forEach's expression: over all its
 * elements). CEL always terminates, but nested comprehensions multiply, over a huge document or over
 * lists the expression builds itself, and so does the memory of what they build. Compiled code counts
 * its loop steps and stops at the limit; before the interpreter runs an expression, its cost is
 * estimated as (largest collection of the document)^(nesting depth) × elements of forEach.
 */
export const COST_LIMIT = 10_000_000;

const OVER_BUDGET_ERROR = `cost is over the limit of ${COST_LIMIT.toExponential(0)} steps (comprehension iterations, scans, what is built) for one document: nest fewer macros, or precompute a list in a variable`;

/** Runs every policy over every target it matches; a rule that cannot be evaluated reports `error` and the rest go on. */
export function evaluatePolicies(policies: readonly CompiledPolicy[], targets: readonly PolicyTarget[], options: EvaluateOptions): Evaluation {
  // Expired waivers are the caller's to report (see waiverDateFindings): which to report depends on what the run checked.
  const out: Evaluation = { findings: [], results: [] };
  const evaluate = policyEvaluator(policies, options, evaluationCache());
  for (const target of targets) evaluate(target, out);
  return out;
}

/** The waiver that accepts a failure, as a result shows it; undefined when none applies. */
export type WaiverMatcher = (rule: string, doc: LoadedDocument, path: string) => PolicyResult["waiver"] | undefined;

/**
 * Finds the current waiver of a failure: same rule, the document's `id` or a glob of its file (or no
 * document), a `path` that is the failure's pointer or one of its parents (or no path), and a
 * `resource` whose address covers the Terraform resource the failure is in (or no resource). Expired
 * waivers apply to nothing. CEL rules and OPA's messages are waived alike.
 */
export function waiverMatcher(options: Pick<EvaluateOptions, "waivers" | "today" | "latestExpiry" | "waiverPath" | "usedWaivers">): WaiverMatcher {
  const waivers = currentWaivers(options);
  return (rule, doc, path) => {
    const forDocument = waiversOfDocument(waivers, doc, options).filter(({ waiver: w }) => w.rule === rule);
    // The failure's resource address, read only when a waiver of the rule names one.
    let address: string | null | undefined = null;
    const inResource = (waived: string | undefined): boolean => {
      if (waived === undefined) return true;
      if (address === null) address = resourceAddressAt(doc.value, path);
      return address !== undefined && addressCovers(waived, address);
    };
    const found = forDocument.find(({ waiver: w }) => (w.path === undefined || path === w.path || path.startsWith(`${w.path}/`)) && inResource(w.resource))?.waiver;
    // A failure at a parent of a waiver's path (a failing list, the whole document) is not waived by it, whether
    // another waiver accepts it or none does.
    const use = options.usedWaivers;
    for (const { waiver: w } of forDocument) {
      if (!use || w === found || w.path === undefined || !(path === "" || w.path.startsWith(`${path}/`)) || use.failedAbove.has(w)) continue;
      use.failedAbove.set(w, path);
      if (found) use.acceptedAbove.set(w, found);
    }
    // A later waiver that covers the same failure accepted nothing: the one listed first did.
    for (const { waiver: w } of forDocument) {
      if (!use || !found || w === found || use.acceptedFirstBy.has(w)) continue;
      if ((w.path === undefined || path === w.path || path.startsWith(`${w.path}/`)) && inResource(w.resource)) use.acceptedFirstBy.set(w, found);
    }
    for (const { waiver: w } of forDocument) {
      if (!use || w === found || w.resource === undefined || use.failedInWholeResource.has(w)) continue;
      if (w.path !== undefined && path !== w.path && !path.startsWith(`${w.path}/`)) continue;
      if (address === null) address = resourceAddressAt(doc.value, path);
      if (address !== undefined && address !== w.resource && addressCovers(address, w.resource)) use.failedInWholeResource.set(w, address);
    }
    if (!found) return undefined;
    use?.used.add(found);
    return { approver: found.approver, expires: found.expires, justification: found.justification };
  };
}

interface CurrentWaiver {
  waiver: PolicyWaiver;
  matchesFile: (file: string) => boolean;
}

/** The dates that decide whether a waiver applies today. */
export type WaiverWindow = Pick<EvaluateOptions, "today" | "latestExpiry">;

/** Today's window: `today` (YYYY-MM-DD; UTC's date by default) and, with `policy.maxWaiverDays`, the latest expiry that applies. */
export function waiverWindow(today: string | undefined, maxDays: number | undefined): WaiverWindow {
  const day = today ?? new Date().toISOString().slice(0, 10);
  if (maxDays === undefined) return { today: day };
  const latest = new Date(`${day}T00:00:00Z`);
  latest.setUTCDate(latest.getUTCDate() + maxDays);
  return { today: day, latestExpiry: latest.toISOString().slice(0, 10) };
}

/** Whether a waiver applies today: it has not expired, and it does not run longer than the platform allows. */
function inForce(waiver: PolicyWaiver, window: WaiverWindow): boolean {
  return waiver.expires >= window.today && (window.latestExpiry === undefined || waiver.expires <= window.latestExpiry);
}

/** The waivers in force, with their `document` glob compiled once. */
function currentWaivers(options: Pick<EvaluateOptions, "waivers" | "today" | "latestExpiry">): CurrentWaiver[] {
  return withDocumentGlobs(options.waivers.filter((waiver) => inForce(waiver, options)));
}

function withDocumentGlobs(waivers: readonly PolicyWaiver[]): CurrentWaiver[] {
  return waivers.map((waiver) => ({ waiver, matchesFile: documentGlob(waiver.document ?? "**") }));
}

/** The waivers whose `document` covers a document: none given, the document's `id`, or a glob of its path. */
function waiversOfDocument(waivers: readonly CurrentWaiver[], doc: LoadedDocument, options: Pick<EvaluateOptions, "waiverPath">): CurrentWaiver[] {
  const value = doc.value as Record<string, unknown> | null;
  const documentId = value && typeof value === "object" && typeof value.id === "string" ? value.id : undefined;
  const file = options.waiverPath ? options.waiverPath(doc.file) : doc.file;
  return waivers.filter(({ waiver: w, matchesFile }) => w.document === undefined || w.document === documentId || matchesFile(file));
}

/**
 * Notes, in `usedWaivers`, the waivers whose `document` names a document the run checks (expired ones
 * too: see waiverDateFindings) and the current ones whose `path` names a node of one they cover,
 * whether or not a rule fails there (see WaiverUse.documentFound and WaiverUse.pathFound). Does nothing
 * without `usedWaivers`.
 */
export function waiverDocumentNoter(options: Pick<EvaluateOptions, "waivers" | "today" | "latestExpiry" | "waiverPath" | "usedWaivers">): (doc: LoadedDocument) => void {
  const use = options.usedWaivers;
  const named = withDocumentGlobs(options.waivers.filter((waiver) => waiver.document !== undefined || ((waiver.path !== undefined || waiver.resource !== undefined) && inForce(waiver, options))));
  if (!use || named.length === 0) return () => {};
  return (doc) => {
    let addresses: string[] | undefined;
    for (const { waiver } of waiversOfDocument(named, doc, options)) {
      if (waiver.document !== undefined) use.documentFound.add(waiver);
      if (!inForce(waiver, options)) continue;
      if (waiver.path !== undefined && !use.pathFound.has(waiver) && hasNodeAt(doc.value, waiver.path)) use.pathFound.add(waiver);
      const resource = waiver.resource;
      if (resource === undefined || use.resourceFound.has(waiver)) continue;
      addresses ??= terraformResources(doc.value).map((r) => String(r.address));
      if (addresses.some((address) => addressCovers(resource, address) || addressCovers(address, resource))) {
        use.resourceFound.add(waiver);
        use.resourcesSeen.delete(waiver);
      } else {
        const seen = use.resourcesSeen.get(waiver) ?? new Set<string>();
        // (a bounded sample: it only suggests a likely typo)
        for (const address of addresses) if (seen.size < MAX_ADDRESSES_SEEN) seen.add(address);
        use.resourcesSeen.set(waiver, seen);
      }
    }
  };
}

const MAX_ADDRESSES_SEEN = 1000;

/** Notes that a policy was evaluated on the document (no reason), or why it was skipped there (a false matchCondition). */
type PolicyReachNote = (policy: CompiledPolicy, skipped?: string) => void;

/**
 * Notes, in `usedWaivers`, whether the rule of each waiver (of a pack's rule) was evaluated on a document
 * the waiver covers, or why it was not (WaiverUse.ruleEvaluated, WaiverUse.ruleNotApplied). Called once per
 * document; returns what to call per policy of that document, or undefined when no waiver covers it.
 */
function waiverReachNoter(policies: readonly CompiledPolicy[], options: Pick<EvaluateOptions, "waivers" | "today" | "latestExpiry" | "waiverPath" | "usedWaivers">): (target: PolicyTarget) => PolicyReachNote | undefined {
  const use = options.usedWaivers;
  const policyOf = new Map<string, CompiledPolicy>();
  for (const policy of policies) for (const validation of policy.validations) policyOf.set(validation.id, policy);
  if (use) {
    const byName = new Map(policies.map((policy) => [policy.name, policy]));
    for (const waiver of options.waivers) {
      const named = policyOf.has(waiver.rule) ? undefined : byName.get(waiver.rule);
      if (named) use.policyNamed.set(waiver, named.validations.map((v) => v.id));
    }
  }
  const waivers = use ? currentWaivers(options).filter(({ waiver }) => policyOf.has(waiver.rule)) : [];
  if (!use || waivers.length === 0) return () => undefined;
  return (target) => {
    const covering = waiversOfDocument(waivers, target.doc, options).map(({ waiver }) => ({ waiver, policy: policyOf.get(waiver.rule)! }));
    if (covering.length === 0) return undefined;
    for (const { waiver, policy } of covering) {
      if (!policy.kinds.includes(target.kind) && !use.ruleNotApplied.has(waiver)) {
        use.ruleNotApplied.set(waiver, `${target.doc.file} is checked as ${target.kind}, and policy ${policy.name} (${policy.file}) matches ${policy.kinds.join(", ")} only (spec.match.kinds)`);
      }
    }
    return (evaluated, skipped) => {
      for (const { waiver, policy } of covering) {
        if (policy !== evaluated) continue;
        if (skipped === undefined) use.ruleEvaluated.add(waiver);
        else if (!use.ruleNotApplied.has(waiver)) use.ruleNotApplied.set(waiver, `${skipped} for ${target.doc.file} (policy ${policy.name}, ${policy.file}), so the policy skips it`);
      }
    };
  };
}

/** Whether a JSON pointer names a node of a document's value (own keys only: `/constructor` names none). */
function hasNodeAt(value: unknown, pointer: string): boolean {
  let node = value;
  for (const segment of fromPointer(pointer)) {
    if (node === null || typeof node !== "object") return false;
    if (Array.isArray(node) ? !/^(?:0|[1-9]\d*)$/.test(segment) || Number(segment) >= node.length : !Object.hasOwn(node, segment)) return false;
    node = (node as Record<string, unknown>)[segment];
  }
  return true;
}

/**
 * A waiver's `document` as a glob of paths from the project's folder: a path with a slash (`contracts/`,
 * `domains/sales`) also covers every file under it, and a file name without one (`orders.odcs.yaml`,
 * `*.tf.json`) matches at any depth. A bare word stays a file name, not a folder: it may be a contract's
 * id (`orders`), which must not waive a folder of that name.
 */
function documentGlob(document: string): (file: string) => boolean {
  const glob = document.replace(/\/+$/, "");
  return picomatch(document.includes("/") ? [glob, `${glob}/**`] : [`**/${glob}`], { dot: true });
}

/**
 * A warning for each waiver that does not apply today, reported once per run, before the documents'
 * findings: its expiry date has passed (`waiver-expired`), or it runs longer than `policy.maxWaiverDays`
 * allows (`waiver-too-long`). Each of the project's own waivers (`ownConfig`'s, or one written nowhere), and
 * each of a config it `extends` that covers every document or names one the run checked (`use.documentFound`).
 * A shared config is written for many projects: domain B is not told (nor, with `--fail-on warning`,
 * failed) over domain A's expired waiver, which only domain A can act on.
 */
export function waiverDateFindings(waivers: readonly PolicyWaiver[], window: WaiverWindow, ownConfig: LoadedDocument | undefined, use: Pick<WaiverUse, "documentFound">): Finding[] {
  const reported = (waiver: PolicyWaiver) => !waiver.source || waiver.source.doc === ownConfig || waiver.document === undefined || use.documentFound.has(waiver);
  return waivers.filter((waiver) => !inForce(waiver, window) && reported(waiver)).map((waiver) => (waiver.expires < window.today ? expiredWaiver(waiver, window) : tooLongWaiver(waiver, window)));
}

/**
 * The waivers whose `rule` none of `packRules` is that a run reports (unknownRuleWaiverFindings): the project's own,
 * and those of a config it `extends` that cover every document (one that names a document is that domain's to
 * remove, and is reported in the run of the project whose config it is).
 */
export function unknownRuleWaivers(waivers: readonly PolicyWaiver[], packRules: ReadonlySet<string>, ownConfig: LoadedDocument | undefined): PolicyWaiver[] {
  return waivers.filter((waiver) => waiver.source && !packRules.has(waiver.rule) && (waiver.source.doc === ownConfig || waiver.document === undefined));
}

/**
 * A `waiver-unused` warning for each of `waivers` (unknownRuleWaivers), in every run: a rule the platform
 * removes from its pack leaves the domains' waivers of it accepting nothing, which is no reason to stop their
 * checks (exit 2 in every domain until each removes its waiver), and a misspelt id accepts nothing either, the
 * failure it was meant for staying reported next to this warning.
 */
export function unknownRuleWaiverFindings(waivers: readonly PolicyWaiver[], packRules: ReadonlySet<string>): Finding[] {
  return waivers.flatMap((waiver) => {
    const source = waiver.source;
    if (!source) return [];
    const message =
      `Waiver of ${describeWaiver(waiver)} (approved by ${waiver.approver}, until ${waiver.expires}) accepts no failure: no pack in use defines \`${waiver.rule}\`${didYouMean(waiver.rule, packRules)}. ` +
      "Correct the waiver's rule if it is misspelt; if the rule was removed from its pack, remove the waiver.";
    return [source.doc.finding({ ruleId: "waiver-unused", severity: "warning", message, path: `${source.pointer}/rule`, stage: "policy" })];
  });
}

/**
 * A warning for each current waiver that accepted no failure in a run over the whole project: the
 * failure it was written for is fixed (or the document is gone), and a waiver left in place would
 * silently accept that failure again when it comes back. `waivers`: the ones the caller can judge.
 * `knownRules`: the rule ids the run knows of (the packs' rules, and those an OPA server's answers named),
 * for a waiver of an id none of them is, which only an OPA server's id can be (accepted unchecked when
 * the config loads, since OPA's ids are known only from its answers): a misspelt one is said to be so.
 */
export function unusedWaiverFindings(waivers: readonly PolicyWaiver[], use: WaiverUse, window: WaiverWindow, knownRules?: ReadonlySet<string>): Finding[] {
  return waivers.flatMap((waiver) => {
    const source = waiver.source;
    if (!source || !inForce(waiver, window) || use.used.has(waiver)) return [];
    const above = use.failedAbove.get(waiver);
    const acceptedBy = use.acceptedAbove.get(waiver);
    const whole = use.failedInWholeResource.get(waiver);
    const first = use.acceptedFirstBy.get(waiver);
    const at = above === "" ? "the whole document" : above;
    const policyRules = use.policyNamed.get(waiver);
    const why =
      knownRules && !knownRules.has(waiver.rule) && policyRules
        ? `\`${waiver.rule}\` is the name of a policy, not a rule id, and no answer of the OPA server named a rule of that id: a waiver accepts the failures of one rule; write one for each rule of it to waive (${policyRules.join(", ")}), or remove the waiver.`
        : knownRules && !knownRules.has(waiver.rule)
        ? `no pack in use defines \`${waiver.rule}\`, and no answer of the OPA server named a rule of that id (OPA's rule ids are known only from its answers). Correct the waiver's rule${didYouMean(waiver.rule, knownRules)}; if it is right, the rule passes everywhere now: remove the waiver, so that the failure is reported if it comes back.`
        : waiver.document !== undefined && !use.documentFound.has(waiver)
        ? `no document checked is \`${waiver.document}\`: no contract or product has that id, and no file's path from the project's folder matches it. Correct the waiver's document (an id, or a glob such as contracts/orders.odcs.yaml or domains/sales/**), or remove the waiver.`
        : // A rule that checks none of its documents: whatever its path names there, the waiver cannot accept anything.
        above === undefined && !use.ruleEvaluated.has(waiver) && use.ruleNotApplied.has(waiver)
        ? `the rule does not check ${waiver.document !== undefined ? "that document" : "the documents it covers"}: ${use.ruleNotApplied.get(waiver)}. Correct the waiver's document or rule, or remove the waiver.`
        : first !== undefined
        ? `the rule fails there, and the waiver of ${describeWaiver(first)} (approved by ${first.approver}, until ${first.expires})${first.source && first.source.doc !== source.doc ? ` in ${first.source.doc.file}` : ""}, tried before it, accepts those failures first (waivers are tried in the order listed, an extended config's first). Remove one of the two.`
        : whole !== undefined && above === undefined
        ? `the rule fails at resource ${whole}, which holds the waiver's resource: a failure is reported at the whole resource (a configuration file's at its block, not at each instance its count or for_each makes). Set the waiver's resource to ${whole} to waive that failure, or fix it.`
        : above === undefined && waiver.resource !== undefined && !use.resourceFound.has(waiver)
        ? `its resource ${waiver.resource} names no Terraform resource of ${waiver.document !== undefined ? `\`${waiver.document}\`` : "the documents checked"}${didYouMean(waiver.resource, use.resourcesSeen.get(waiver) ?? new Set())}: a waiver's resource covers only failures inside that resource of an infrastructure document. Correct the resource (an address as the plan or configuration names it, such as aws_s3_bucket.lake or module.lake), leave it out to waive the rule's failures in other documents, or remove the waiver.`
        : above === undefined && waiver.path !== undefined && !use.pathFound.has(waiver)
        ? `its path ${waiver.path} matches nothing in ${waiver.document !== undefined ? `\`${waiver.document}\`` : "any document checked"}: no node is there (an index past a list's end, a misspelt key). Correct the path (a JSON pointer into the document as written, such as /servers/0/location), or remove the waiver.`
        : above === undefined
        ? "the rule passes there now. Remove the waiver, so that the failure is reported if it comes back."
        : acceptedBy !== undefined
          ? `the rule fails at ${at}, a parent of the waiver's path, and the waiver of ${acceptedBy.rule}${acceptedBy.path !== undefined ? ` at ${describeWaiverPath(acceptedBy.path)}` : " with no path"} (approved by ${acceptedBy.approver}) accepts that failure. Remove this waiver, which adds nothing to that one.`
          : `the rule fails at ${at}, a parent of the waiver's path, which covers only what is below it. ${above === "" ? "Leave the waiver's path out" : `Set the waiver's path to ${above}`} to waive that failure, or fix it.`;
    const message = `Waiver of ${describeWaiver(waiver)} (approved by ${waiver.approver}, until ${waiver.expires}) accepted no failure: ${why}`;
    return [source.doc.finding({ ruleId: "waiver-unused", severity: "warning", message, path: source.pointer, stage: "policy" })];
  });
}

/** ` (did you mean \`x\`?)` for a likely typo of one of `ids`, else nothing. */
function didYouMean(written: string, ids: ReadonlySet<string>): string {
  const meant = closest(written, [...ids]);
  return meant === undefined ? "" : ` (did you mean \`${meant}\`?)`;
}

/** A waiver as messages name it: its rule, and the document, path and resource it is limited to. */
function describeWaiver(waiver: PolicyWaiver): string {
  return `${waiver.rule}${waiver.document ? ` for ${waiver.document}` : ""}${waiver.path !== undefined ? ` at ${describeWaiverPath(waiver.path)}` : ""}${waiver.resource ? ` in ${waiver.resource}` : ""}`;
}

/**
 * A waiver's `path` in a sentence: `""` is a valid JSON pointer, the whole document, and printed as
 * itself it would leave an empty "at" (and be told from no path at all by nothing).
 */
function describeWaiverPath(path: string): string {
  return path === "" ? "the whole document (path \"\")" : path;
}

/**
 * What a run shares between documents: plain-data checks already made (a document is checked once,
 * whether as a target or in the contracts index). It keeps the documents alive: for runs that hold
 * them all anyway.
 */
export interface EvaluationCache {
  plain: Set<unknown>;
}

export function evaluationCache(): EvaluationCache {
  return { plain: new Set() };
}

/** EvaluateOptions as meshkit policy streams documents: the contracts index may be a map whose contracts are made on first read. */
export interface EvaluatorOptions extends Omit<EvaluateOptions, "contracts"> {
  contracts: Record<string, unknown> | LazyValueMap<string, unknown>;
  /** With a LazyValueMap index: whether all its contracts are plain data. */
  contractsPlain?: boolean;
}

/** Evaluates one document into `out`; `plain`, when known, says whether its value is plain data. */
export type DocumentEvaluator = (target: PolicyTarget, out: Evaluation, plain?: boolean) => void;

/** The variables of one document's evaluation: one object, reused by its policies and forEach elements. */
interface Frame {
  object: unknown;
  kind: PolicyKind;
  file: string;
  params: Record<string, unknown>;
  contracts: Record<string, unknown> | LazyValueMap<string, unknown>;
  unreadFiles: readonly string[];
  variables: Record<string, unknown>;
  schemaObjects: Located[];
  properties: Located[];
  arrayItems: Located[];
  servers: Located[];
  slaProperties: Located[];
  outputPorts: Located[];
  inputPorts: Located[];
  resources: Located[];
  module: TerraformModule;
  item: unknown;
  /** A CEL int, as a list index is (`index % 2`, `string(index + 1)`). */
  index: bigint | undefined;
}

/** How the current expression may be evaluated. */
interface Mode {
  /** Every variable of the frame is plain data: compiled code may run. */
  fast: boolean;
  /** The last result came from compiled code (so it is plain data too). */
  compiled: boolean;
}

const MENTIONS_CONTRACTS = /\bcontracts\b/;
/** `module` as a variable (not a field: `s.module`); a mention in a string literal only costs a read of the folder. */
const MENTIONS_MODULE = /(?<![.\w$])module\b/;
/**
 * The interpreter's errors for a field or key the document lacks: the ones `has()` prevents. A failed
 * variable's error is prefixed with its name (`variable retention: field not found: …`).
 */
const MISSING_FIELD = /^(?:variable \w+: )?field not found: /;

/**
 * Evaluates documents one at a time (findings and results appended to `out`), as evaluatePolicies
 * does; `meshkit policy` streams documents through one. `options.contracts` must be complete before
 * the first document whose policies name `contracts`.
 */
export function policyEvaluator(policies: readonly CompiledPolicy[], options: EvaluatorOptions, cache?: EvaluationCache): DocumentEvaluator {
  const waiverOf = waiverMatcher(options);
  const noteWaivedDocument = waiverDocumentNoter(options);
  const noteReach = waiverReachNoter(policies, options);
  const plainDocument = (value: unknown): boolean => {
    if (!cache || value === null || typeof value !== "object") return isPlainData(value);
    if (cache.plain.has(value)) return true;
    if (!isPlainData(value)) return false;
    cache.plain.add(value);
    return true;
  };
  // Per policy, for the whole run: its parameters (the policy's defaults under meshkit.yaml's and --params).
  const paramsOf = new Map<CompiledPolicy, { params: Record<string, unknown>; plain: boolean }>();
  for (const policy of policies) {
    // As CEL types them (whole numbers are ints), once for the run.
    const params = asDeclared(
      mergedWithCelInts([
        { values: policy.params, from: readFromOf(policy.params) },
        { values: options.params ?? {}, from: readFromOf(options.params) },
      ]),
      withCelInts(policy.params, readFromOf(policy.params)) as Record<string, unknown>,
    );
    paramsOf.set(policy, { params, plain: isPlainData(params) });
  }
  // The contracts index, checked once (its documents are mostly targets, already checked) and, for the
  // interpreter, converted once: @bufbuild/cel would copy it into a Map on every access.
  let plainContracts: boolean | undefined;
  // A contracts object given whole is converted as documents are (a LazyValueMap converts each contract it makes).
  const celContracts = () => (options.contracts instanceof LazyValueMap ? options.contracts : (withCelInts(options.contracts) as Record<string, unknown>));
  // A list of strings: plain data, the same for every document.
  const unreadFiles = [...(options.unreadFiles ?? [])];
  let interpreterContracts: unknown;
  const contractsArePlain = () => {
    const index = celContracts();
    return (plainContracts ??= index instanceof LazyValueMap ? options.contractsPlain === true : plainIndex(index, plainDocument));
  };
  const contractsForInterpreter = () => {
    const index = celContracts();
    return (interpreterContracts ??= index instanceof LazyValueMap ? celLibrary().cel.celMap(index as unknown as Map<string, never>) : celMapOf(index));
  };

  /**
   * Evaluates an expression: compiled when it may (counting its steps), else (or when the compiled code
   * bails) interpreted, unless the interpreter's estimated cost is over the limit. The interpreter counts its
   * comprehension iterations (INTERPRETER_STEP_LIMIT, cel.ts) but not what it builds or scans, so an expression it
   * runs must also fit before it starts: its cost is estimated (only then) from
   * `size()`, the largest collection of the document and of the policy's variables so far, and the
   * expression's nesting. A `+` chain builds up to one input's size per operand, without any loop:
   * variables that concatenate earlier ones grow geometrically. (No closure per call: this runs for every
   * expression on every document.)
   */
  const guarded = (expression: CompiledExpression, frame: Frame, mode: Mode, size: () => number, repeats: number, keepInts = false): EvalResult => {
    if (mode.fast) {
      const js = expression.js();
      if (js && (!js.readsContracts || contractsArePlain())) {
        const value = js.run(frame, COST_LIMIT, keepInts);
        if (value === OVER_BUDGET) return { ok: false, error: OVER_BUDGET_ERROR };
        if (value !== BAIL) {
          mode.compiled = true;
          return { ok: true, value };
        }
      }
    }
    mode.compiled = false;
    const cost = Math.max(Math.pow(size(), expression.depth), size() * (concatenations(expression) + 1)) * repeats;
    if (cost > COST_LIMIT) return { ok: false, error: `estimated cost ${cost.toExponential(1)} is over the limit of ${COST_LIMIT.toExponential(0)} steps for one document` };
    return expression.interpret(MENTIONS_CONTRACTS.test(expression.source) ? { ...frame, contracts: contractsForInterpreter() } : frame, keepInts);
  };
  /** A message or path expression, once per failure (made only for a failure: most checks pass). */
  const onceWith =
    (size: () => number): Run =>
    (expression, scope, scopeMode) =>
      guarded(expression, scope, scopeMode, size, 1);
  /** A result the compiled code may read later (variables, forEach items). */
  const plainResult = (mode: Mode, value: unknown) => mode.compiled || isPlainData(value);

  /** Evaluates one validation (once, or per forEach element) and returns its failures among how many checks, or why it could not run. */
  const runValidation = (validation: CompiledValidation, frame: Frame, mode: Mode, size: () => number): Checked | RuleError => {
    if (!validation.forEach) {
      const outcome = guarded(validation.expression, frame, mode, size, 1);
      if (!outcome.ok) {
        const afterApply = planKnownAfterApply(frame, outcome.error);
        return afterApply === undefined ? { what: "expression", error: outcome.error } : { failures: [], elements: 1, afterApply: `${afterApply} is known only after apply: not checked until the plan knows it` };
      }
      if (typeof outcome.value !== "boolean") return { what: "expression", error: `returned ${describeCelValue(outcome.value)}, not a bool` };
      // Most checks pass: they share one answer instead of allocating their own.
      if (outcome.value) return PASSED;
      const runOnce = onceWith(size);
      return { failures: [failureOf(validation, frame, mode, runOnce)], elements: 1 };
    }
    // Its ints stay ints (`forEach: "[1, 2]"`, a list a variable built): `item` is the element as the list holds it.
    const outcome = guarded(validation.forEach, frame, mode, size, 1, true);
    if (!outcome.ok) return { what: "forEach", error: outcome.error };
    if (!Array.isArray(outcome.value)) return { what: "forEach", error: `returned ${describeCelValue(outcome.value)}, not a list` };
    const items = outcome.value as unknown[];
    const fast = mode.fast;
    mode.fast = fast && plainResult(mode, items);
    try {
      // Every element in one call of the compiled code; element by element (below) if it bails.
      const js = mode.fast && items.length > 0 ? validation.expression.js() : undefined;
      if (js && (!js.readsContracts || contractsArePlain())) {
        const failed = js.runEach(frame, items, COST_LIMIT);
        if (failed === OVER_BUDGET) return { what: "expression", error: OVER_BUDGET_ERROR };
        if (failed !== BAIL) {
          mode.compiled = true;
          if (failed.length === 0) return PASSED;
          const runOnce = onceWith(size);
          const failures: Failure[] = [];
          for (const index of failed) {
            frame.item = items[index];
            frame.index = BigInt(index);
            failures.push(failureOf(validation, frame, mode, runOnce, items));
          }
          return { failures, elements: items.length };
        }
      }
      // An element that cannot be evaluated makes the rule an error for the document; the other elements
      // are still checked, and their failures reported beside it (one broken column hides no other).
      const runOnce = onceWith(size);
      const failures: Failure[] = [];
      let firstError: RuleError | undefined;
      // Elements that read an argument a plan knows only after apply: neither failed nor in error (see afterApply).
      const unknown: string[] = [];
      for (let index = 0; index < items.length; index++) {
        frame.item = items[index];
        frame.index = BigInt(index);
        const result = guarded(validation.expression, frame, mode, size, items.length);
        // Which element could not be evaluated, and where it is.
        const element = () => ({ what: `expression on element ${index} of its forEach${resourceNamed(items[index])}`, path: failurePath(validation, frame, mode, runOnce, items) });
        const afterApply = result.ok ? undefined : knownAfterApply(items[index], result.error);
        if (afterApply !== undefined) unknown.push(afterApply);
        else if (!result.ok) firstError ??= { ...element(), error: result.error };
        else if (typeof result.value !== "boolean") firstError ??= { ...element(), error: `returned ${describeCelValue(result.value)}, not a bool` };
        else if (!result.value) failures.push(failureOf(validation, frame, mode, runOnce, items));
      }
      if (firstError) return { ...firstError, failures };
      const afterApply = unknown.length === 0 ? undefined : `${unknown[0]} is known only after apply${unknown.length > 1 ? ` (and ${unknown.length - 1} more element${unknown.length > 2 ? "s" : ""})` : ""}: not checked until the plan knows it`;
      return { failures, elements: items.length, afterApply };
    } finally {
      frame.item = undefined;
      frame.index = undefined;
      mode.fast = fast;
    }
  };

  // Per kind, the policies that match it, with their parameters: looked up once per run, not per document.
  // Also per policy, each validation's level (meshkit.yaml's rule levels over its severity), and the
  // message of the results it skips when a match condition is false (one string, not one per result).
  const byKind = new Map<PolicyKind, { policy: CompiledPolicy; params: Record<string, unknown>; plain: boolean; levels: (RuleLevel | Severity)[]; skipMessages: string[] }[]>();
  const policiesFor = (kind: PolicyKind) => {
    let list = byKind.get(kind);
    if (!list) {
      list = policies
        .filter((policy) => policy.kinds.includes(kind))
        .map((policy) => ({
          policy,
          ...paramsOf.get(policy)!,
          levels: policy.validations.map((v) => options.rules[v.id] ?? v.severity),
          skipMessages: policy.matchConditions.map((c) => `matchCondition ${c.name} is false`),
        }));
      byKind.set(kind, list);
    }
    return list;
  };

  // Per kind, whether a policy reads `module` (else no folder is read for it).
  const modulesRead = new Map<PolicyKind, boolean>();
  const readsModule = (kind: PolicyKind) => {
    let reads = modulesRead.get(kind);
    if (reads === undefined) {
      reads = options.moduleOf !== undefined && policiesFor(kind).some(({ policy }) => policyExpressions(policy).some((e) => MENTIONS_MODULE.test(e.source)));
      modulesRead.set(kind, reads);
    }
    return reads;
  };

  return (target, out, knownPlain) => {
    const { findings, results } = out;
    noteWaivedDocument(target.doc);
    const reached = noteReach(target);
    // The document as CEL reads it: its whole numbers ints (cel-numbers.ts), converted once.
    const value = withCelInts(target.doc.value, { doc: target.doc, at: "" });
    const resource = target.doc.file;
    const views = documentViews(target.kind, value);
    const { module: parsedModule, plain: plainModule } = readsModule(target.kind) ? options.moduleOf!(target) : { module: NO_MODULE, plain: true };
    const module = withCelInts(parsedModule) as TerraformModule;
    let largest: number | undefined;
    // Views count too: `properties` flattens the nested properties of every object into one list.
    const size = () => (largest ??= 1 + Math.max(largestCollection(value), module.resources.length, ...Object.values(views).map((v) => v.length)));
    const plain = (knownPlain ?? plainDocument(value)) && plainModule;
    const frame: Frame = {
      object: value,
      kind: target.kind,
      file: resource,
      params: {},
      contracts: celContracts(),
      unreadFiles,
      variables: {},
      schemaObjects: views.schemaObjects!,
      properties: views.properties!,
      arrayItems: views.arrayItems!,
      servers: views.servers!,
      slaProperties: views.slaProperties!,
      outputPorts: views.outputPorts!,
      inputPorts: views.inputPorts!,
      resources: views.resources!,
      module,
      item: undefined,
      index: undefined,
    };
    const mode: Mode = { fast: false, compiled: false };
    // The largest collection of the variables of the policy under evaluation (reset per policy): one
    // closure per document, not per policy.
    const variableSizes = { largest: 0, unmeasured: [] as object[] };
    const policySize = () => {
      for (const value of variableSizes.unmeasured.splice(0)) variableSizes.largest = Math.max(variableSizes.largest, largestCollection(value));
      return Math.max(size(), 1 + variableSizes.largest);
    };
    /** One result per document and rule: { policy, rule, result, resource, message?, waiver? }, built without spreads. */
    const report = (policy: CompiledPolicy, rule: string, result: PolicyResult["result"], message?: string, waiver?: PolicyResult["waiver"]) => {
      const entry: PolicyResult = { policy: policy.name, rule, result, resource };
      if (target.doc.index > 0) entry.document = target.doc.index;
      if (message) entry.message = message;
      if (waiver) entry.waiver = waiver;
      results.push(entry);
    };
    /**
     * A failure: a finding, or, when a current waiver covers it, a `skip` result carrying the waiver and a
     * suppressed finding (shown, not counted). Whether the rule could be evaluated on the other elements
     * or not: a waived failure stays in view either way. Returns whether the failure is a finding.
     */
    const recordFailure = (policy: CompiledPolicy, validation: CompiledValidation, level: Severity, failure: Failure): boolean => {
      if (options.detailErrors) {
        const note = (field: "messageExpression" | "pathExpression", expression: CompiledExpression | undefined, error: string | undefined) => {
          if (error === undefined || !expression) return;
          const key = `${validation.id} ${field}`;
          const known = options.detailErrors!.get(key);
          if (known) known.files.add(target.doc.file);
          else options.detailErrors!.set(key, { policy, validation, field, file: target.doc.file, error, files: new Set([target.doc.file]) });
        };
        note("messageExpression", validation.messageExpression, failure.messageError);
        note("pathExpression", validation.pathExpression, failure.pathError);
      }
      const waiver = waiverOf(validation.id, target.doc, failure.path);
      if (!waiver) {
        findings.push(policyFinding(target.doc, policy, validation, level, failure));
        return true;
      }
      report(policy, validation.id, "skip", failure.message, waiver);
      (out.waived ??= []).push({ ...policyFinding(target.doc, policy, validation, level, failure), suppression: waiver });
      return false;
    };
    const runtimeError = (policy: CompiledPolicy, rule: string, what: string, error: string, path = "") => {
      findings.push(target.doc.finding({ ruleId: "policy-runtime-error", severity: "error", message: `Rule ${rule} of policy ${policy.name} (${policy.file}) could not be evaluated: ${what}: ${error}.${MISSING_FIELD.test(error) ? " Guard missing fields with has()." : ""}`, path, stage: "policy" }));
      report(policy, rule, "error", `${what}: ${error}`);
    };
    const matching = policiesFor(target.kind);
    // A list written as something else would let every policy over it pass unseen: said, as an error.
    // …and a rule over such a view that found nothing to fail has not passed: it saw nothing there.
    const unseen = new Map<string, string>();
    if (matching.length > 0) {
      for (const unread of unreadLists(target.kind, value)) {
        findings.push(target.doc.finding({ ruleId: "policy-runtime-error", severity: "error", message: unread.message, path: unread.path, stage: "policy" }));
        for (const view of unread.views) if (!unseen.has(view)) unseen.set(view, unread.message);
      }
    }
    for (const { policy, params, plain: plainParams, levels, skipMessages } of matching) {
      frame.params = params;
      frame.variables = {};
      mode.fast = plain && plainParams;
      mode.compiled = false;

      // matchConditions, as a ValidatingAdmissionPolicy reads them: one that is false skips the policy,
      // even when another one errors (a guard in any order); an error counts only when none is false.
      let firstError: { name: string; error: string } | undefined;
      // The message of the results a false condition skips.
      let skipped: string | undefined;
      for (let c = 0; c < policy.matchConditions.length; c++) {
        const condition = policy.matchConditions[c]!;
        const outcome = guarded(condition.expression, frame, mode, size, 1);
        if (outcome.ok && outcome.value === false) {
          skipped = skipMessages[c];
          break;
        }
        if (!outcome.ok || typeof outcome.value !== "boolean") firstError ??= { name: condition.name, error: outcome.ok ? `returned ${describeCelValue(outcome.value)}, not a bool` : outcome.error };
      }
      const blind = unseen.size > 0 ? viewsRead(policy).find((view) => unseen.has(view)) : undefined;
      if (skipped !== undefined) {
        reached?.(policy, skipped);
        for (const v of policy.validations) report(policy, v.id, blind ? "error" : "skip", blind ? unseen.get(blind) : skipped);
        continue;
      }
      if (firstError) {
        for (const v of policy.validations) runtimeError(policy, v.id, `matchCondition ${firstError.name}`, firstError.error);
        continue;
      }
      reached?.(policy);

      let variables: Record<string, unknown> | undefined;
      // As in a ValidatingAdmissionPolicy, where variables are evaluated lazily, a variable's error is the
      // error of the expressions that read it (and of the variables built on it), not of every rule of the
      // policy: a failed variable is left out of the frame, so a read of it errors (and a guard that skips
      // the read, `has(object.x) && variables.y > 0`, decides as it would), and that error is shown as the
      // variable's own.
      // (Made on the first failed variable: most documents have none.)
      let variableErrors: Map<string, string> | undefined;
      // What a comprehension may iterate from here on: the document's collections, and the variables'.
      // (Measured when the interpreter needs an estimate, which compiled code never does: not per variable.)
      variableSizes.largest = 0;
      variableSizes.unmeasured.length = 0;
      for (const variable of policy.variables) {
        // A variable keeps its ints (`size(…)`): `variables.count * 2` is int arithmetic, as in a
        // ValidatingAdmissionPolicy, where a plain number would read back as a double.
        const seen = variableErrors && failedVariableSeen(variableErrors, [variable.expression]);
        if (seen !== undefined) {
          variableErrors!.set(variable.name, variableErrors!.get(seen)!);
          continue;
        }
        const outcome = guarded(variable.expression, frame, mode, policySize, 1, true);
        if (!outcome.ok) {
          const failedInput = variableErrors && failedVariableIn(variableErrors, [variable.expression], outcome.error);
          variableErrors ??= new Map();
          variableErrors.set(variable.name, failedInput !== undefined ? variableErrors.get(failedInput)! : `variable ${variable.name}: ${outcome.error}`);
          continue;
        }
        variables ??= {};
        // (A variable may be named `__proto__`: an own key, not the object's prototype.)
        setOwn(variables, variable.name, outcome.value);
        if (outcome.value !== null && typeof outcome.value === "object") variableSizes.unmeasured.push(outcome.value);
        // A policy that reads `variables` only by name sees them grow in place; one that may hold the object
        // itself (`variables` as a value, `has(variables.x)`) gets a copy per variable, so a value it built
        // never changes, nor holds variables defined after it.
        frame.variables = readsVariablesOnlyByName(policy) ? variables : { ...variables };
        mode.fast = mode.fast && plainResult(mode, outcome.value);
      }

      const validations = policy.validations;
      for (let v = 0; v < validations.length; v++) {
        const validation = validations[v]!;
        const level = levels[v]!;
        if (level === "off") {
          report(policy, validation.id, "skip", "turned off in meshkit.yaml");
          continue;
        }
        const expressions = variableErrors && [validation.expression, validation.forEach, validation.pathExpression];
        const seen = expressions && failedVariableSeen(variableErrors!, expressions);
        if (seen !== undefined) {
          runtimeError(policy, validation.id, "variables", variableErrors!.get(seen)!);
          continue;
        }
        const checked = runValidation(validation, frame, mode, policySize);
        if ("error" in checked) {
          const failedVariable = expressions && failedVariableIn(variableErrors!, expressions, checked.error);
          if (failedVariable !== undefined) runtimeError(policy, validation.id, "variables", variableErrors!.get(failedVariable)!);
          else runtimeError(policy, validation.id, checked.what, checked.error, checked.path);
          // The elements that could be checked and fail are findings too (the result stays the error); waived
          // ones are skip results with their waiver, as beside a pass.
          for (const failure of checked.failures ?? []) recordFailure(policy, validation, level, failure);
          continue;
        }
        const { failures, elements } = checked;
        if (failures.length === 0) {
          if (blind) report(policy, validation.id, "error", unseen.get(blind));
          else if (checked.afterApply !== undefined) report(policy, validation.id, "skip", checked.afterApply);
          else report(policy, validation.id, "pass");
          continue;
        }
        let unwaived = 0;
        for (const failure of failures) if (recordFailure(policy, validation, level, failure)) unwaived++;
        const waived = failures.length - unwaived;
        if (unwaived > 0) report(policy, validation.id, level === "error" ? "fail" : "warn", failures.length === 1 ? failures[0]!.message : `${unwaived} of ${elements} elements fail${waived > 0 ? ` (${waived} more waived)` : ""}`);
      }
    }
  };
}

/** Whether the contracts index (an object of documents by id) is plain data, its documents checked through `plainDocument`. */
function plainIndex(index: Record<string, unknown>, plainDocument: (value: unknown) => boolean): boolean {
  if (index === null || typeof index !== "object" || Object.getPrototypeOf(index) !== Object.prototype) return false;
  const keys = Object.keys(index);
  if (Reflect.ownKeys(index).length !== keys.length) return false;
  for (const key of keys) {
    if (key === "constructor" || key === "__proto__" || key === "$typeName") return false;
    if (!plainDocument(index[key])) return false;
  }
  return true;
}

/**
 * The contracts index as @bufbuild/cel's `toCel` converts an object (a CEL map of its entries), built
 * once instead of on every access; an object `toCel` would treat otherwise is passed as it is.
 */
function celMapOf(index: Record<string, unknown>): unknown {
  const ordinary = index !== null && typeof index === "object" && Object.getPrototypeOf(index) === Object.prototype && !Object.hasOwn(index, "constructor") && typeof (index as { $typeName?: unknown }).$typeName !== "string";
  return ordinary ? celLibrary().cel.celMap(new Map(Object.entries(index)) as Map<string, never>) : index;
}

interface Failure {
  path: string;
  message: string;
  /** Why the validation's messageExpression gave no text (`message` or the default text is used). */
  messageError?: string;
  /** Why the validation's pathExpression gave no node (`path` or the default node is used). */
  pathError?: string;
}

/** Why a validation could not be evaluated on a document, and the failures of the forEach elements that could. */
interface RuleError {
  what: string;
  error: string;
  path?: string;
  failures?: Failure[];
}

/** A validation's failures on one document, and how many checks it made (forEach elements; 1 without forEach). */
interface Checked {
  failures: readonly Failure[];
  elements: number;
  /** Why elements of a forEach were not checked: what they read is known only after apply (see knownAfterApply). */
  afterApply?: string;
}

/** A validation with no failures (shared: never changed). */
const PASSED: Checked = Object.freeze({ failures: Object.freeze([]), elements: 0 });

type Run = (expression: CompiledExpression, frame: Frame, mode: Mode) => EvalResult;

/** Every expression of a policy: its match conditions, variables and validations'. */
export function policyExpressions(policy: CompiledPolicy): CompiledExpression[] {
  return [
    ...policy.matchConditions.map((c) => c.expression),
    ...policy.variables.map((v) => v.expression),
    ...policy.validations.flatMap((v) => [v.expression, v.forEach, v.messageExpression, v.pathExpression]).filter((e): e is CompiledExpression => e !== undefined),
  ];
}

const VIEW_NAMES = /(?<![.\w$])(schemaObjects|properties|arrayItems|servers|slaProperties|outputPorts|inputPorts|resources)\b/g;
const viewsReadBy = new WeakMap<CompiledPolicy, string[]>();
/** The views a policy's expressions name (as variables, not as fields: `object.properties` is no view). */
function viewsRead(policy: CompiledPolicy): string[] {
  let views = viewsReadBy.get(policy);
  if (!views) {
    const sources = [...policy.matchConditions.map((c) => c.expression), ...policy.variables.map((v) => v.expression), ...policy.validations.flatMap((v) => [v.expression, ...(v.forEach ? [v.forEach] : [])])].map((e) => e.source);
    views = [...new Set(sources.flatMap((source) => [...source.matchAll(VIEW_NAMES)].map((m) => m[1]!)))];
    viewsReadBy.set(policy, views);
  }
  return views;
}

const VARIABLE_NAMES = /\bvariables\s*(?:\.\s*([A-Za-z_]\w*)|\[\s*(?:'([^']*)'|"([^"]*)")\s*\])/g;
const variablesNamedBy = new WeakMap<CompiledExpression, string[]>();
/** The variables an expression reads (`variables.x`, `variables['x']`). */
function variablesNamed(expression: CompiledExpression): string[] {
  let names = variablesNamedBy.get(expression);
  if (!names) {
    names = [...expression.source.matchAll(VARIABLE_NAMES)].map((m) => (m[1] ?? m[2] ?? m[3])!);
    variablesNamedBy.set(expression, names);
  }
  return names;
}

const variablesReadByName = new WeakMap<CompiledPolicy, boolean>();
/** Whether every expression of a policy reads `variables` only by name (readsVariablesByNameOnly). */
function readsVariablesOnlyByName(policy: CompiledPolicy): boolean {
  let byName = variablesReadByName.get(policy);
  if (byName === undefined) {
    const expressions = [...policy.matchConditions.map((c) => c.expression), ...policy.variables.map((v) => v.expression), ...policy.validations.flatMap((v) => [v.expression, v.forEach, v.messageExpression, v.pathExpression])];
    byName = expressions.every((e) => e === undefined || readsVariablesByNameOnly(e));
    variablesReadByName.set(policy, byName);
  }
  return byName;
}

/** Whether an expression reads `variables` only by name (`variables.x`, `variables['x']`), and tests none with has(). */
function readsVariablesByNameOnly(expression: CompiledExpression): boolean {
  const source = expression.source;
  return !/\bhas\s*\(\s*variables\b/.test(source) && !/\bvariables\b/.test(source.replace(VARIABLE_NAMES, ""));
}

/** The first variable the expressions read by name that failed (`variableErrors`: the policy's failed variables). */
function failedVariableRead(variableErrors: ReadonlyMap<string, string>, expressions: readonly (CompiledExpression | undefined)[]): string | undefined {
  return variableErrors.size === 0 ? undefined : expressions.flatMap((e) => (e ? variablesNamed(e) : [])).find((name) => variableErrors.has(name));
}

/**
 * Left out of the frame, a failed variable would read as absent to `has(variables.x)` or `'x' in variables`:
 * an expression that looks at `variables` other than by name keeps the variable's error, unevaluated.
 */
function failedVariableSeen(variableErrors: ReadonlyMap<string, string>, expressions: readonly (CompiledExpression | undefined)[]): string | undefined {
  const failed = failedVariableRead(variableErrors, expressions);
  return failed !== undefined && expressions.some((e) => e !== undefined && !readsVariablesByNameOnly(e)) ? failed : undefined;
}

/**
 * An expression that reads a failed variable and errors has the variable's error (a cost estimate its
 * absence upset included), unless the error is another missing field, which is the expression's own.
 * A missing field is matched against every failed variable the expressions read, not the first: a
 * `forEach: variables.a` whose `expression` reads `variables.b`, built on `a`, fails on `a`, and
 * "field not found: a. Guard missing fields with has()" would hide a's own error behind wrong advice.
 */
function failedVariableIn(variableErrors: ReadonlyMap<string, string>, expressions: readonly (CompiledExpression | undefined)[], error: string): string | undefined {
  const missing = /(?:field not found|no such key): '?([A-Za-z_]\w*)/.exec(error)?.[1];
  if (missing === undefined) return failedVariableRead(variableErrors, expressions);
  return variableErrors.has(missing) && expressions.some((e) => e !== undefined && variablesNamed(e).includes(missing)) ? missing : undefined;
}

const concatenationCounts = new WeakMap<CompiledExpression, number>();
/** The `+` signs of an expression (those in string literals too: an estimate may only err high). */
function concatenations(expression: CompiledExpression): number {
  let count = concatenationCounts.get(expression);
  if (count === undefined) {
    count = expression.source.split("+").length - 1;
    concatenationCounts.set(expression, count);
  }
  return count;
}

/** The most elements of any list (or entries of any mapping) in a document or value: what one comprehension level may iterate. */
function largestCollection(root: unknown): number {
  let largest = 0;
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const value = stack.pop();
    if (value === null || typeof value !== "object") continue;
    // Lists, mappings and the interpreter's Maps (a map with non-string keys) hold elements; any other
    // object (a timestamp, a duration: protobuf messages that reach their descriptors) is one value.
    const proto = Object.getPrototypeOf(value) as unknown;
    if (!Array.isArray(value) && !(value instanceof Map) && proto !== Object.prototype && proto !== null) continue;
    const children = Array.isArray(value) ? value : value instanceof Map ? [...value.values()] : Object.values(value);
    largest = Math.max(largest, children.length);
    for (const child of children) if (child !== null && typeof child === "object") stack.push(child);
  }
  return largest;
}

/** A failure: where it points and what it says, and why a pathExpression or messageExpression could not say it. */
function failureOf(validation: CompiledValidation, scope: Frame, mode: Mode, run: Run, items?: readonly unknown[]): Failure {
  let pathError: string | undefined;
  const path = failurePath(validation, scope, mode, run, items, (error) => (pathError = error));
  const failure: Failure = { path, ...failureMessage(validation, scope, mode, run) };
  if (pathError !== undefined) failure.pathError = pathError;
  return failure;
}

/** Where a failure points (docs/policy.md, "Where a finding points"); `items`: the list a forEach returned. */
function failurePath(validation: CompiledValidation, scope: Frame, mode: Mode, run: Run, items?: readonly unknown[], onError?: (error: string) => void): string {
  if (validation.pathExpression) {
    const outcome = run(validation.pathExpression, scope, mode);
    if (outcome.ok && typeof outcome.value === "string" && isJsonPointer(outcome.value)) return outcome.value;
    onError?.(!outcome.ok ? outcome.error : typeof outcome.value !== "string" ? `returned ${describeCelValue(outcome.value)}, not a string` : `returned ${JSON.stringify(outcome.value)}, no JSON pointer ("" or one starting with /)`);
  }
  if (validation.path !== undefined) return validation.path;
  if (items === undefined || scope.index === undefined) return "";
  // An element of one of the document's own lists (`forEach: object.tags`, `object.servers`) is its node:
  // the list is found by identity and the element by its position, so that strings and numbers (which
  // have no identity, and may repeat: `tags: [x, x]`) point at their own nodes too.
  const pointers = nodePointers(scope.object);
  const list = pointers.get(items);
  if (list !== undefined) return `${list}/${scope.index}`;
  const item = scope.item as { path?: unknown; value?: unknown } | undefined;
  // A node of the document in a list the pack built (`object.servers.filter(…)`) is its node as parsed: its
  // own `path` field (an ODCS server's `s3://bucket/x`, or `/schema/0`) is data, never read as a pointer.
  // A view's element (and a map a pack builds the same way) carries its pointer in `path`, beside `value`.
  const node = item && typeof item === "object" ? pointers.get(item) : undefined;
  if (node !== undefined) return node;
  // The interpreter's values are copies (a policy with a timestamp variable, a document with a
  // `constructor` key): the same list, or the same node, is then found by its content.
  // Of equal nodes, which one a copy is cannot be told: the last is taken.
  const equalList = equalNodes(pointers, items).at(-1);
  if (equalList !== undefined) return `${equalList}/${scope.index}`;
  if (!item || typeof item !== "object") return "";
  const nodes = equalNodes(pointers, item);
  if (nodes.length === 0) return typeof item.path === "string" && isJsonPointer(item.path) ? item.path : "";
  if (nodes.length === 1) return nodes[0]!;
  // Elements equal in content (two tables' identical `{name: id}` columns, concatenated) are told
  // apart by their order when the list holds as many of them as the document: the n-th in the list is
  // the n-th in the document, as a list built by concatenating and filtering the document's lists
  // keeps its elements in their order. With fewer, which ones it holds is unknown.
  let earlier = 0;
  let equal = 0;
  items.forEach((other, i) => {
    if (!sameData(other, item)) return;
    equal++;
    if (i < Number(scope.index)) earlier++;
  });
  return equal === nodes.length ? nodes[earlier]! : nodes.at(-1)!;
}

/**
 * The pointers of the object and list nodes of a document equal to `value`, in document order (ints as
 * bigints equal to their numbers). Only the nodes of its shape are compared: a pack's own maps (`{path,
 * label, secured}`) match no node, and comparing each of them with every node of the document made a
 * policy with 5,000 failures on a 20,000-column contract compare 10^8 nodes.
 */
function equalNodes(pointers: Map<object, string>, value: unknown): string[] {
  if (value === null || typeof value !== "object") return [];
  const out: string[] = [];
  for (const [node, pointer] of nodesByShape(pointers).get(shapeOf(value)) ?? []) if (sameData(node, value)) out.push(pointer);
  return out;
}

/** What nodes equal in content (sameData) have in common: a list's length, a mapping's keys. */
function shapeOf(value: object): string {
  return Array.isArray(value) ? `[${value.length}` : `{${Object.keys(value).sort().join("\u0000")}`;
}

const NODES_BY_SHAPE = new WeakMap<Map<object, string>, Map<string, [object, string][]>>();

/** A document's nodes (nodePointers) by shape, each shape's in the order of `pointers`: made once per document, on its first search by content. */
function nodesByShape(pointers: Map<object, string>): Map<string, [object, string][]> {
  let byShape = NODES_BY_SHAPE.get(pointers);
  if (byShape) return byShape;
  byShape = new Map();
  for (const [node, pointer] of pointers) {
    const shape = shapeOf(node);
    const nodes = byShape.get(shape);
    if (nodes) nodes.push([node, pointer]);
    else byShape.set(shape, [[node, pointer]]);
  }
  NODES_BY_SHAPE.set(pointers, byShape);
  return byShape;
}

function sameData(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  const numeric = (x: unknown) => typeof x === "number" || typeof x === "bigint";
  if (typeof a === "bigint" || typeof b === "bigint") return numeric(a) && numeric(b) && Number(a) === Number(b);
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object") return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) return a.length === (b as unknown[]).length && a.every((x, i) => sameData(x, (b as unknown[])[i]));
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && sameData((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

const NODE_POINTERS = new WeakMap<object, Map<object, string>>();

/**
 * Every object and list node of a document by identity, with its JSON pointer, in document order (a
 * node before what it holds, and before its next siblings): made once per document, on its first
 * failure that needs it.
 */
function nodePointers(root: unknown): Map<object, string> {
  if (root === null || typeof root !== "object") return new Map();
  let pointers = NODE_POINTERS.get(root);
  if (pointers) return pointers;
  pointers = new Map();
  const stack: [object, string[]][] = [[root, []]];
  while (stack.length > 0) {
    const [value, segments] = stack.pop()!;
    pointers.set(value, toPointer(segments));
    const entries = Object.entries(value);
    // Pushed last to first, so that the first is taken (and set) first.
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, child] = entries[i]!;
      if (child !== null && typeof child === "object") stack.push([child, [...segments, key]]);
    }
  }
  NODE_POINTERS.set(root, pointers);
  return pointers;
}

function failureMessage(validation: CompiledValidation, scope: Frame, mode: Mode, run: Run): { message: string; messageError?: string } {
  let messageError: string | undefined;
  if (validation.messageExpression) {
    const outcome = run(validation.messageExpression, scope, mode);
    // As in a ValidatingAdmissionPolicy: a blank or multi-line text is no message (a finding is one line).
    if (outcome.ok && typeof outcome.value === "string" && outcome.value.trim() !== "" && !/[\r\n]/.test(outcome.value)) return { message: outcome.value };
    messageError = !outcome.ok
      ? outcome.error
      : typeof outcome.value !== "string"
        ? `returned ${describeCelValue(outcome.value)}, not a string`
        : outcome.value.trim() === ""
          ? "returned a blank text"
          : "returned a text of several lines (a finding is one line)";
  }
  const fallback = (message: string) => (messageError === undefined ? { message } : { message, messageError });
  if (validation.message !== undefined) return fallback(validation.message);
  // A forEach's failures may share a node (elements the policy built, found nowhere in the document): the
  // element's position tells them apart, as a runtime error's "on element 2 of its forEach" does.
  const element = validation.forEach && scope.index !== undefined ? ` for element ${scope.index} of its forEach${resourceNamed(scope.item)}` : "";
  return fallback(`${validation.id}: \`${validation.expression.source}\` is false${element}`);
}

/**
 * ` (resource \`module.lake.aws_s3_bucket.this[0]\`)` for a forEach element that names a Terraform resource
 * (an element of `resources`, or a map a pack builds with its `address`), else '': the element's index alone
 * does not tell a reader of the finding which resource of the plan failed.
 */
function resourceNamed(item: unknown): string {
  const address = entryOf(item, "address");
  return typeof address === "string" && address !== "" ? ` (resource \`${address}\`)` : "";
}

/**
 * `\`bucket\` of resource \`aws_s3_bucket.raw\`` when a forEach element that is a plan's resource (an element of
 * `resources`, or a map with its `address` and `unknown`) or resource change (an element of the plan's
 * `resource_changes`, with its `change.after_unknown`) could not be evaluated for want of a field its
 * `unknown` (the resource change's `after_unknown`) marks as known only after apply: a bucket named from
 * `bucket_prefix`, a tag `Domain = random_pet.x.id` (`{tags: {Domain: true}}`). The plan leaves such a value
 * out of `values` and of the change's `after`, so reading it is no error of the policy's, and the resource is
 * not known to fail: as a CEL evaluation with unknowns would, the rule does not judge it. Else undefined.
 */
function knownAfterApply(item: unknown, error: string): string | undefined {
  const field = /(?:field not found|no such key): '?([A-Za-z_][\w-]*)/.exec(error)?.[1];
  if (field === undefined) return undefined;
  const marks = (unknown: unknown): boolean => {
    if (entryOf(unknown, field) === true) return true;
    const values = unknown instanceof Map ? [...unknown.values()] : unknown !== null && typeof unknown === "object" ? Object.values(unknown) : [];
    return values.some(marks);
  };
  // Policies written for conftest or OPA iterate `resource_changes` and read `change.after`.
  if (!marks(entryOf(item, "unknown") ?? entryOf(entryOf(item, "change"), "after_unknown"))) return undefined;
  const address = entryOf(item, "address");
  return `\`${field}\`${typeof address === "string" && address !== "" ? ` of resource \`${address}\`` : ""}`;
}

/**
 * knownAfterApply for an expression outside a forEach that failed for want of a field (`resources.all(r,
 * r.values.bucket.startsWith('acme-'))`, `object.resource_changes.all(c, c.change.after.bucket …)`): no element tells
 * which resource was read, so the first of the plan's resources, or resource changes, whose `unknown` marks that
 * field. As in cel-go, where an unknown absorbs an error (a false still decides: `all` with a failing bucket fails,
 * so it never gets here), the rule does not judge the document: the plan does not know the value yet.
 */
function planKnownAfterApply(frame: Frame, error: string): string | undefined {
  const changes = entryOf(frame.object, "resource_changes");
  for (const resource of [...frame.resources, ...(Array.isArray(changes) ? changes : [])]) {
    const field = knownAfterApply(resource, error);
    if (field !== undefined) return field;
  }
  return undefined;
}

/** The entry `key` of a map a CEL expression returned (a plain object, or a Map from the interpreter), else undefined. */
function entryOf(value: unknown, key: string): unknown {
  if (value instanceof Map) return value.get(key);
  return value !== null && typeof value === "object" && !Array.isArray(value) && Object.hasOwn(value, key) ? (value as Record<string, unknown>)[key] : undefined;
}

function policyFinding(doc: LoadedDocument, policy: CompiledPolicy, validation: CompiledValidation, severity: Severity, failure: Failure): Finding {
  // A pack's own rule has no page under docs/rules: link only what the policy names. (Built in one literal:
  // a finding copied without its docsUrl by object rest got a hidden class of its own, ~250 bytes each.)
  return doc.finding({ ruleId: validation.id, severity, authored: failure.message, message: ` [policy ${policy.name}, ${policy.file}]`, path: failure.path, stage: "policy", docsUrl: validation.docsUrl || null });
}

// Today is UTC's: west of it, the evening of the expiry day is already the next day there, so the message says
// whose day it is, lest a waiver that "expires today" on a domain engineer's clock read as dropped too early.
function expiredWaiver(waiver: PolicyWaiver, window: WaiverWindow): Finding {
  return waiverDateFinding(waiver, "waiver-expired", `expired after ${waiver.expires}, its last day (today is ${window.today} in UTC, by which waivers are judged); it no longer applies. Fix the finding or renew the waiver with a new approval.`);
}

function tooLongWaiver(waiver: PolicyWaiver, window: WaiverWindow): Finding {
  return waiverDateFinding(
    waiver,
    "waiver-too-long",
    `expires on ${waiver.expires}, later than policy.maxWaiverDays allows (${window.latestExpiry} at the latest, from today ${window.today}); it does not apply. Set an expiry within that limit, and renew the waiver with a new approval when it comes.`,
  );
}

/** A waiver that does not apply today, at its `expires` line (meshkit.yaml's first line for one written nowhere). */
function waiverDateFinding(waiver: PolicyWaiver, ruleId: "waiver-expired" | "waiver-too-long", why: string): Finding {
  const message = `Waiver of ${describeWaiver(waiver)} (approved by ${waiver.approver}) ${why}`;
  if (waiver.source) return waiver.source.doc.finding({ ruleId, severity: "warning", message, path: `${waiver.source.pointer}/expires`, stage: "policy" });
  return { ruleId, severity: "warning", message, file: "meshkit.yaml", line: 1, column: 1, path: "", stage: "policy", docsUrl: docsUrlFor(ruleId) };
}
