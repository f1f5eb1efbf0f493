import type { LoadedDocument, MeshkitConfig, RuleLevel, RuleMeta, Severity } from "@meshkit/core";

export type LintedKind = "DataContract" | "DataProduct";

/** Everything a rule may look at besides its own document. */
export interface RuleContext {
  config: MeshkitConfig;
  index: DocumentIndex;
  /** Reports a finding at `path` in the document under check, at the rule's configured severity unless one is given. */
  report(init: { path: string; message: string; target?: "key" | "value"; severity?: Severity }): void;
}

export interface Rule {
  meta: RuleMeta & { defaultSeverity: RuleLevel };
  appliesTo: readonly LintedKind[];
  check(doc: LoadedDocument, context: RuleContext): void;
}

export interface IndexedDocument {
  doc: LoadedDocument;
  id: string;
  version: unknown;
}

/** Contracts and products of the whole linted repository, by id: cross-file rules read it. */
export interface DocumentIndex {
  contracts: Map<string, IndexedDocument[]>;
  products: Map<string, IndexedDocument[]>;
}

export function defineRule(rule: Omit<Rule, "meta"> & { meta: Omit<Rule["meta"], "stage"> }): Rule {
  return { ...rule, meta: { ...rule.meta, stage: "lint" } };
}
