import type { Finding, FindingInit, LoadedDocument, MeshkitConfig, Position, RuleLevel, RuleMeta, Severity } from "@meshkit/core";

export type LintedKind = "DataContract" | "DataProduct";

export interface ReportInit {
  path: string;
  message: string;
  target?: "key" | "value";
  /** A rule may lower its own severity (e.g. info for an external reference), never raise it. */
  severity?: Severity;
  /**
   * For a finding at an object about one of its properties (a missing `value`, a quality rule's
   * comparison): that property, as SchemaIssue.about names it. The schema's issue about the same
   * property of the same object is then the same problem, and only this finding is kept.
   */
  about?: string;
}

/** Everything a rule may look at besides its own document. */
export interface RuleContext {
  config: MeshkitConfig;
  /** Reports a finding at `path` in the document under check, at the rule's configured severity. */
  report(init: ReportInit): void;
}

/**
 * How a message names a file (given as the index names it: from the folder lint ran in). A report that shows
 * findings' files from elsewhere (GitHub annotations and SARIF from the workspace, in a step below it) passes
 * the same mapping, so a path in a message reads as the findings' own files do.
 */
export type FileLabel = (file: string) => string;

export interface RepositoryContext extends RuleContext {
  index: DocumentIndex;
  /** How messages name other files (see FileLabel). */
  displayFile: FileLabel;
}

/**
 * A rule checks one document while it is loaded (`check`), or, when it needs the other documents of
 * the repository, after all of them are indexed (`checkRepository`). Only index entries outlive the
 * first pass, so linting thousands of contracts keeps memory flat.
 */
export interface Rule {
  meta: RuleMeta & { defaultSeverity: RuleLevel };
  appliesTo: readonly LintedKind[];
  check?(doc: LoadedDocument, context: RuleContext): void;
  checkRepository?(entry: IndexedDocument, context: RepositoryContext): void;
}

/** What the repository knows of a contract or product after its first pass. */
export interface IndexedDocument {
  kind: LintedKind;
  file: string;
  id: string | undefined;
  version: unknown;
  /** `status` as written: a port reading a retired contract is told so. */
  status: unknown;
  /** The plain value, kept for products only: their port rules read it; contracts are too many to keep. */
  value: unknown;
  locate(pointer: string, target?: "key" | "value"): Position;
  finding(init: FindingInit): Finding;
}

/** Contracts and products of the whole linted repository, by id: cross-file rules read it. */
export interface DocumentIndex {
  contracts: Map<string, IndexedDocument[]>;
  products: Map<string, IndexedDocument[]>;
  /**
   * Contracts of an apiVersion meshkit does not read, by id (the first file holding each): a port naming
   * one is told why it is not found, not that the contract is missing.
   */
  unreadContracts: Map<string, { file: string; apiVersion: unknown }>;
  /** Files of the project (context) that may hold documents but could not be read or parsed: a missing id may be in one. */
  unreadFiles: string[];
}

export function defineRule(rule: Omit<Rule, "meta"> & { meta: Omit<Rule["meta"], "stage"> }): Rule {
  return { ...rule, meta: { ...rule.meta, stage: "lint" } };
}
