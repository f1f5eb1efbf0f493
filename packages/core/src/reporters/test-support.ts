/**
 * Fixtures and checkers for the reporter tests (imported by *.test.ts only):
 * sample findings, a SARIF 2.1.0 schema validator, and a small XML 1.0 well-formedness parser.
 */
import { createRequire } from "node:module";
import Ajv04 from "ajv-draft-04";
import addFormats from "ajv-formats";
import { summarize, type Finding, type RuleMeta } from "../findings.js";
import type { ReportInput } from "./types.js";

export function finding(init: Partial<Finding> & Pick<Finding, "ruleId" | "file" | "line" | "column">): Finding {
  return { severity: "error", message: "Something is wrong.", path: "", stage: "lint", ...init };
}

/** Deliberately out of order. */
export const SAMPLE_FINDINGS: Finding[] = [
  finding({
    ruleId: "odcs-missing-description",
    severity: "warning",
    message: "Add a description to the contract.",
    file: "contracts/b.yaml",
    line: 2,
    column: 1,
    path: "/description",
  }),
  finding({
    ruleId: "odcs-required-field",
    message: "Add `id`: every contract needs one.",
    file: "contracts/a.yaml",
    line: 10,
    column: 3,
    endLine: 10,
    endColumn: 9,
    path: "/id",
  }),
  finding({
    ruleId: "naming-snake-case",
    severity: "info",
    message: "Rename `orderId` to `order_id`.",
    file: "contracts/a.yaml",
    line: 4,
    column: 7,
    path: "/schema/0/properties/1/name",
    stage: "policy",
    docsUrl: "https://example.com/naming",
  }),
];

export const SAMPLE_RULES: RuleMeta[] = [
  { id: "odcs-required-field", defaultSeverity: "error", description: "Required ODCS fields are present.", stage: "lint" },
  { id: "odcs-missing-description", defaultSeverity: "warning", description: "Contracts have a description.", stage: "lint" },
  { id: "unused-rule", defaultSeverity: "off", description: "A rule that is switched off.", stage: "lint" },
];

export function reportInput(findings: Finding[], overrides: Partial<ReportInput> = {}): ReportInput {
  return {
    findings,
    summary: summarize(findings, overrides.summary?.files ?? 5),
    tool: { name: "meshkit", version: "1.2.3" },
    rules: SAMPLE_RULES,
    title: "contract-lint",
    ...overrides,
  };
}

// ---------------------------------------------------------------------------------------------
// SARIF 2.1.0 schema validation (the OASIS schema shipped with @microsoft/jest-sarif, draft-04).
// unicodeRegExp: false because the schema's `language` pattern ("...[a-zA-Z]{2}]?$") is invalid with the u flag.

const require = createRequire(import.meta.url);
const sarifSchema = require("@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json") as object;
const ajv = new Ajv04({ allErrors: true, strict: false, unicodeRegExp: false });
(addFormats as unknown as (ajv: unknown) => void)(ajv);
const validate = ajv.compile(sarifSchema);

/** Schema errors plus GitHub code scanning's own requirements; empty when the log is acceptable. */
export function sarifProblems(log: unknown): string[] {
  const problems: string[] = [];
  if (!validate(log)) {
    for (const e of validate.errors ?? []) problems.push(`schema: ${e.instancePath} ${e.message ?? ""}`);
  }
  type Rule = { id: string; shortDescription?: { text?: string }; fullDescription?: { text?: string }; help?: { text?: string } };
  const runs = (log as { runs?: { results?: unknown[]; tool?: { driver?: { rules?: Rule[] } } }[] }).runs ?? [];
  for (const run of runs) {
    const rules = run.tool?.driver?.rules ?? [];
    // What GitHub code scanning requires of each rule (sarif-sdk's GitHub ruleset, GH2012).
    for (const [i, rule] of rules.entries()) {
      for (const [name, text] of [["shortDescription", rule.shortDescription?.text], ["fullDescription", rule.fullDescription?.text], ["help", rule.help?.text]] as const) {
        if (typeof text !== "string" || text === "") problems.push(`rule ${i}: no ${name}.text`);
      }
    }
    for (const [i, raw] of (run.results ?? []).entries()) {
      const result = raw as {
        ruleId?: string;
        ruleIndex?: number;
        message?: { text?: string };
        locations?: { physicalLocation?: { artifactLocation?: { uri?: string }; region?: { startLine?: number } } }[];
      };
      const location = result.locations?.[0]?.physicalLocation;
      if (typeof location?.artifactLocation?.uri !== "string") problems.push(`result ${i}: no artifactLocation.uri`);
      if (!(typeof location?.region?.startLine === "number" && location.region.startLine >= 1))
        problems.push(`result ${i}: no region.startLine >= 1`);
      if (typeof result.message?.text !== "string" || result.message.text === "") problems.push(`result ${i}: no message text`);
      if (result.ruleIndex === undefined || rules[result.ruleIndex]?.id !== result.ruleId)
        problems.push(`result ${i}: ruleIndex does not point at ruleId`);
    }
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------
// A small XML 1.0 parser: enough to prove well-formedness and read back elements and attributes.

export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const NAME = /^[A-Za-z_:][\w.:-]*/;
const PREDEFINED: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

function isXmlChar(cp: number): boolean {
  return (
    cp === 0x9 || cp === 0xa || cp === 0xd || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || cp >= 0x10000
  );
}

function decodeReferences(raw: string, where: string): string {
  return raw.replace(/&([^;]*);|&/g, (match, ref: string | undefined) => {
    if (ref === undefined) throw new Error(`bare & in ${where}`);
    if (ref in PREDEFINED) return PREDEFINED[ref]!;
    const numeric = /^#(?:x([0-9a-fA-F]+)|([0-9]+))$/.exec(ref);
    if (!numeric) throw new Error(`unknown entity ${match} in ${where}`);
    const cp = numeric[1] !== undefined ? parseInt(numeric[1], 16) : parseInt(numeric[2]!, 10);
    if (!isXmlChar(cp) || cp > 0x10ffff) throw new Error(`character reference to an invalid character in ${where}`);
    return String.fromCodePoint(cp);
  });
}

/** Parse a document with one root element; throws on anything that is not well-formed. */
export function parseXml(xml: string): XmlElement {
  for (const ch of xml) {
    const cp = ch.codePointAt(0)!;
    if (!isXmlChar(cp)) throw new Error(`invalid XML character U+${cp.toString(16)}`);
  }
  let i = 0;
  const declaration = /^<\?xml version="1\.0" encoding="UTF-8"\?>\n?/.exec(xml);
  if (declaration) i = declaration[0].length;
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  while (i < xml.length) {
    if (xml[i] !== "<") {
      const end = xml.indexOf("<", i);
      const raw = xml.slice(i, end < 0 ? xml.length : end);
      if (raw.includes("]]>")) throw new Error("]]> in text");
      const text = decodeReferences(raw, "text");
      const parent = stack.at(-1);
      if (parent) parent.text += text;
      else if (text.trim() !== "") throw new Error("text outside the root element");
      i = end < 0 ? xml.length : end;
      continue;
    }
    if (xml.startsWith("</", i)) {
      const m = /^<\/([A-Za-z_:][\w.:-]*)\s*>/.exec(xml.slice(i));
      const open = stack.pop();
      if (!m || !open || open.name !== m[1]) throw new Error(`mismatched end tag at ${i}`);
      i += m[0].length;
      continue;
    }
    let j = i + 1;
    const name = NAME.exec(xml.slice(j))?.[0];
    if (!name) throw new Error(`bad tag at ${i}`);
    j += name.length;
    const element: XmlElement = { name, attributes: {}, children: [], text: "" };
    for (;;) {
      const ws = /^\s*/.exec(xml.slice(j))![0];
      j += ws.length;
      if (xml.startsWith("/>", j) || xml[j] === ">") break;
      if (ws === "") throw new Error(`missing whitespace before attribute at ${j}`);
      const attr = /^([A-Za-z_:][\w.:-]*)\s*=\s*(?:"([^"<]*)"|'([^'<]*)')/.exec(xml.slice(j));
      if (!attr) throw new Error(`bad attribute at ${j}`);
      if (attr[1]! in element.attributes) throw new Error(`duplicate attribute ${attr[1]}`);
      element.attributes[attr[1]!] = decodeReferences(attr[2] ?? attr[3]!, `attribute ${attr[1]}`);
      j += attr[0].length;
    }
    const parent = stack.at(-1);
    if (parent) parent.children.push(element);
    else if (root) throw new Error("more than one root element");
    else root = element;
    if (xml.startsWith("/>", j)) i = j + 2;
    else {
      stack.push(element);
      i = j + 1;
    }
  }
  if (stack.length > 0) throw new Error(`unclosed <${stack.at(-1)!.name}>`);
  if (!root) throw new Error("no root element");
  return root;
}

export function childrenNamed(element: XmlElement, name: string): XmlElement[] {
  return element.children.filter((c) => c.name === name);
}
