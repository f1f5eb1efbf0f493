import picomatch from "picomatch";
import { type Finding, type LoadedDocument, type PolicyWaiver, type RuleLevel, type Severity, docsUrlFor } from "@meshkit/core";
import type { Bindings, CompiledExpression } from "./cel.js";
import type { CompiledPolicy, CompiledValidation } from "./load.js";
import { type PolicyKind, documentViews } from "./views.js";

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
  /** Today as YYYY-MM-DD: waivers apply through their expiry day. */
  today: string;
}

export interface Evaluation {
  findings: Finding[];
  results: PolicyResult[];
}

/**
 * A bound on work per rule and document. CEL always terminates, but nested comprehensions over a huge
 * document multiply: the estimate is (largest collection)^(nesting depth) × elements of forEach.
 */
export const COST_LIMIT = 50_000_000;

/** Runs every policy over every target it matches; a rule that cannot be evaluated reports `error` and the rest go on. */
export function evaluatePolicies(policies: readonly CompiledPolicy[], targets: readonly PolicyTarget[], options: EvaluateOptions): Evaluation {
  const findings: Finding[] = [];
  const results: PolicyResult[] = [];
  const waivers = options.waivers.map((waiver) => ({ waiver, expired: waiver.expires < options.today, matchesFile: picomatch(waiver.document ?? "**", { dot: true }) }));
  for (const { waiver, expired } of waivers) if (expired) findings.push(expiredWaiver(waiver));

  for (const target of targets) {
    const views = documentViews(target.kind, target.doc.value);
    const size = 1 + Math.max(0, ...Object.values(views).map((v) => v.length));
    const value = target.doc.value as Record<string, unknown> | null;
    const documentId = value && typeof value === "object" && typeof value.id === "string" ? value.id : undefined;
    for (const policy of policies) {
      if (!policy.kinds.includes(target.kind)) continue;
      const bindings: Bindings = { object: target.doc.value, kind: target.kind, file: target.doc.file, params: { ...policy.params, ...options.params }, contracts: options.contracts, variables: {}, ...views };
      const report = (rule: string, result: PolicyResult["result"], message?: string, extra: Partial<PolicyResult> = {}) =>
        results.push({ policy: policy.name, rule, result, resource: target.doc.file, ...(message ? { message } : {}), ...extra });
      const runtimeError = (rule: string, what: string, error: string) => {
        findings.push(target.doc.finding({ ruleId: "policy-runtime-error", severity: "error", message: `Rule ${rule} of policy ${policy.name} (${policy.file}) could not be evaluated: ${what}: ${error}. Guard missing fields with has().`, path: "", stage: "policy" }));
        report(rule, "error", `${what}: ${error}`);
      };

      // matchConditions: every one must hold, or the policy does not apply to this document.
      let applies = true;
      for (const condition of policy.matchConditions) {
        const outcome = condition.expression.evaluate(bindings);
        if (!outcome.ok || typeof outcome.value !== "boolean") {
          for (const v of policy.validations) runtimeError(v.id, `matchCondition ${condition.name}`, outcome.ok ? "not a bool" : outcome.error);
          applies = false;
          break;
        }
        if (!outcome.value) {
          applies = false;
          for (const v of policy.validations) report(v.id, "skip", `matchCondition ${condition.name} is false`);
          break;
        }
      }
      if (!applies) continue;

      const variables: Record<string, unknown> = {};
      let variableError: string | undefined;
      for (const variable of policy.variables) {
        const outcome = guarded(variable.expression, bindings, size, 1);
        if (!outcome.ok) {
          variableError = `variable ${variable.name}: ${outcome.error}`;
          break;
        }
        variables[variable.name] = outcome.value;
        bindings.variables = { ...variables };
      }

      for (const validation of policy.validations) {
        const level = options.rules[validation.id] ?? validation.severity;
        if (level === "off") {
          report(validation.id, "skip", "turned off in meshkit.yaml");
          continue;
        }
        if (variableError) {
          runtimeError(validation.id, "variables", variableError);
          continue;
        }
        const failures = runValidation(validation, bindings, size);
        if ("error" in failures) {
          runtimeError(validation.id, failures.what, failures.error);
          continue;
        }
        if (failures.length === 0) {
          report(validation.id, "pass");
          continue;
        }
        let unwaived = 0;
        for (const failure of failures) {
          const waiver = waivers.find(({ waiver: w, expired, matchesFile }) => !expired && w.rule === validation.id && (w.document === undefined || w.document === documentId || matchesFile(target.doc.file)) && (w.path === undefined || failure.path === w.path || failure.path.startsWith(`${w.path}/`)))?.waiver;
          if (waiver) {
            report(validation.id, "skip", failure.message, { waiver: { approver: waiver.approver, expires: waiver.expires, justification: waiver.justification } });
            continue;
          }
          unwaived++;
          findings.push(policyFinding(target.doc, policy, validation, level, failure));
        }
        if (unwaived > 0) report(validation.id, level === "error" ? "fail" : "warn", failures.length === 1 ? failures[0]!.message : `${unwaived} of ${failures.length} elements fail`);
      }
    }
  }
  return { findings, results };
}

interface Failure {
  path: string;
  message: string;
}

/** Evaluates one validation (once, or per forEach element) and returns its failures, or why it could not run. */
function runValidation(validation: CompiledValidation, bindings: Bindings, size: number): Failure[] | { what: string; error: string } {
  let items: unknown[] | undefined;
  if (validation.forEach) {
    const outcome = guarded(validation.forEach, bindings, size, 1);
    if (!outcome.ok) return { what: "forEach", error: outcome.error };
    if (!Array.isArray(outcome.value)) return { what: "forEach", error: "did not return a list" };
    items = outcome.value;
  }
  const failures: Failure[] = [];
  const scopes: Bindings[] = items ? items.map((item, index) => ({ ...bindings, item, index })) : [bindings];
  for (const scope of scopes) {
    const outcome = guarded(validation.expression, scope, size, scopes.length);
    if (!outcome.ok) return { what: "expression", error: outcome.error };
    if (typeof outcome.value !== "boolean") return { what: "expression", error: `returned ${JSON.stringify(outcome.value)}, not a bool` };
    if (outcome.value) continue;
    failures.push({ path: failurePath(validation, scope), message: failureMessage(validation, scope) });
  }
  return failures;
}

/** Evaluates unless the estimated cost is over the limit. */
function guarded(expression: CompiledExpression, bindings: Bindings, size: number, repeats: number) {
  const cost = Math.pow(size, expression.depth) * repeats;
  if (cost > COST_LIMIT) return { ok: false as const, error: `estimated cost ${cost.toExponential(1)} is over the limit of ${COST_LIMIT.toExponential(0)} steps for one document` };
  return expression.evaluate(bindings);
}

function failurePath(validation: CompiledValidation, scope: Bindings): string {
  if (validation.pathExpression) {
    const outcome = validation.pathExpression.evaluate(scope);
    if (outcome.ok && typeof outcome.value === "string" && (outcome.value === "" || outcome.value.startsWith("/"))) return outcome.value;
  }
  if (validation.path !== undefined) return validation.path;
  const item = scope.item as { path?: unknown } | undefined;
  return item && typeof item === "object" && typeof item.path === "string" ? item.path : "";
}

function failureMessage(validation: CompiledValidation, scope: Bindings): string {
  if (validation.messageExpression) {
    const outcome = validation.messageExpression.evaluate(scope);
    if (outcome.ok && typeof outcome.value === "string" && outcome.value !== "") return outcome.value;
  }
  return validation.message ?? `${validation.id}: \`${validation.expression.source}\` is false`;
}

function policyFinding(doc: LoadedDocument, policy: CompiledPolicy, validation: CompiledValidation, severity: Severity, failure: Failure): Finding {
  const finding = doc.finding({ ruleId: validation.id, severity, message: `${failure.message} [policy ${policy.name}, ${policy.file}]`, path: failure.path, stage: "policy" });
  // A pack's own rule has no page under docs/rules: link only what the policy names.
  const { docsUrl: _generic, ...withoutDocs } = finding;
  return validation.docsUrl ? { ...withoutDocs, docsUrl: validation.docsUrl } : withoutDocs;
}

function expiredWaiver(waiver: PolicyWaiver): Finding {
  const message = `Waiver of ${waiver.rule}${waiver.document ? ` for ${waiver.document}` : ""} (approved by ${waiver.approver}) expired on ${waiver.expires}; it no longer applies. Fix the finding or renew the waiver with a new approval.`;
  if (waiver.source) return waiver.source.doc.finding({ ruleId: "waiver-expired", severity: "warning", message, path: `${waiver.source.pointer}/expires`, stage: "policy" });
  return { ruleId: "waiver-expired", severity: "warning", message, file: "meshkit.yaml", line: 1, column: 1, path: "", stage: "policy", docsUrl: docsUrlFor("waiver-expired") };
}
