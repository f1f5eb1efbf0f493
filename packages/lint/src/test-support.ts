import { type Finding, type MeshkitConfig, defaultConfig, loadText } from "@meshkit/core";
import { lintSources } from "./engine.js";
import type { Rule } from "./rule.js";
import { type LintSource, bytesSource } from "./sources.js";
import type { Mapping } from "./walk.js";

/** A small valid ODCS v3.1.0 contract; tests change one thing at a time. */
export const VALID_CONTRACT = `apiVersion: v3.1.0
kind: DataContract
id: 0a6d2a3c-orders
name: orders
version: 1.2.0
status: active
team:
  name: sales-data
  members:
    - username: ana
      role: owner
schema:
  - name: orders
    physicalType: table
    properties:
      - name: order_id
        logicalType: string
        primaryKey: true
        primaryKeyPosition: 1
        required: true
        classification: internal
        quality:
          - metric: nullValues
            mustBe: 0
      - name: ordered_at
        logicalType: timestamp
        classification: internal
    quality:
      - metric: rowCount
        mustBeGreaterThan: 0
slaProperties:
  - property: latency
    value: 4
    unit: h
    element: orders
`;

export function config(overrides: Partial<MeshkitConfig["lint"]> = {}): MeshkitConfig {
  const base = defaultConfig("/repo");
  return { ...base, lint: { ...base.lint, ...overrides } };
}

/** Lints in-memory files; the first is named explicitly, as on a command line. */
export function lint(files: Record<string, string>, cfg: MeshkitConfig = config(), context: Record<string, string> = {}): Finding[] {
  const toSources = (entries: Record<string, string>, explicit: boolean): LintSource[] =>
    Object.entries(entries).map(([file, text]) => bytesSource(file, text, explicit));
  return lintSources(toSources(files, true), toSources(context, false), cfg).findings;
}

export function lintOne(text: string, cfg?: MeshkitConfig): Finding[] {
  return lint({ "c.yaml": text }, cfg);
}

/** `ruleId@line:column` of each finding, the compact form tests compare. */
export function where(findings: Finding[]): string[] {
  return findings.map((f) => `${f.ruleId}@${f.line}:${f.column}`);
}

/**
 * How often `rule` reads the `properties` list of the contract's first schema object while it checks the
 * contract: a rule that searches the list for each reference reads it once per reference; one that looks
 * names up in an index reads it a fixed number of times, however many references there are.
 */
export function propertyListReads(rule: Rule, text: string): number {
  const doc = loadText("c.yaml", text).documents[0]!;
  const object = ((doc.value as Mapping).schema as Mapping[])[0]!;
  const properties = object.properties;
  let reads = 0;
  Object.defineProperty(object, "properties", {
    enumerable: true,
    get: () => {
      reads++;
      return properties;
    },
  });
  rule.check!(doc, { config: config(), report: () => {} });
  return reads;
}
