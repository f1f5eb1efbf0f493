import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parse as parseWithYaml } from "yaml";
import { loadText, MAX_ALIAS_COUNT } from "./document.js";

const contract = `apiVersion: v3.1.0
kind: DataContract
id: orders
version: 1.0.0
schema:
  - name: orders
    properties:
      - name: order_id
        logicalType: string
      - name: amount
        logicalType: number
`;

describe("loadText", () => {
  it("reads values and detects the kind by content", () => {
    const { documents, findings } = loadText("c.yaml", contract);
    expect(findings).toEqual([]);
    expect(documents).toHaveLength(1);
    expect(documents[0]!.kind).toEqual({ type: "DataContract", apiVersion: "v3.1.0" });
    expect((documents[0]!.value as { schema: { properties: { name: string }[] }[] }).schema[0]!.properties[1]!.name).toBe("amount");
  });

  it("locates values and keys by JSON pointer, 1-based", () => {
    const [doc] = loadText("c.yaml", contract).documents;
    expect(doc!.locate("/schema/0/properties/1/name")).toMatchObject({ line: 10, column: 15 });
    expect(doc!.locate("/schema/0/properties/1/logicalType", "key")).toMatchObject({ line: 11, column: 9 });
    expect(doc!.locate("/version")).toEqual({ line: 4, column: 10, endLine: 4, endColumn: 15 });
  });

  it("locates a missing node at its deepest existing ancestor", () => {
    const [doc] = loadText("c.yaml", contract).documents;
    expect(doc!.locate("/schema/0/properties/1/classification")).toMatchObject({ line: 10, column: 9 });
    expect(doc!.locate("/nope/deeper")).toMatchObject({ line: 1, column: 1 });
  });

  it("builds findings with position, pointer and docs link", () => {
    const [doc] = loadText("c.yaml", contract).documents;
    const finding = doc!.finding({ ruleId: "x-rule", severity: "warning", message: "m", path: "/id", stage: "lint" });
    expect(finding).toMatchObject({ file: "c.yaml", line: 3, column: 5, path: "/id", ruleId: "x-rule", severity: "warning" });
    expect(finding.docsUrl).toMatch(/docs\/rules\/x-rule\.md$/);
  });

  it("reports a syntax error with its position", () => {
    const { documents, findings } = loadText("bad.yaml", "a: 1\nb: [1, 2\nc: 3\n");
    expect(documents).toEqual([]);
    expect(findings[0]).toMatchObject({ ruleId: "yaml-syntax", file: "bad.yaml", severity: "error", stage: "input" });
    expect(findings[0]!.line).toBeGreaterThanOrEqual(2);
  });

  it("reports duplicate keys at the second key", () => {
    const { findings } = loadText("dup.yaml", "id: a\nversion: 1.0.0\nid: b\n");
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ ruleId: "yaml-duplicate-key", line: 3, column: 1 });
  });

  it("refuses alias bombs within the alias limit instead of expanding them", () => {
    const lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"];
    for (let i = 1; i < 12; i++) lines.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10).fill(`*${String.fromCharCode(96 + i)}`).join(", ")}]`);
    const started = Date.now();
    const { documents, findings } = loadText("bomb.yaml", lines.join("\n"));
    expect(documents).toEqual([]);
    expect(findings[0]).toMatchObject({ ruleId: "yaml-alias-limit", severity: "error" });
    expect(findings[0]!.message).toContain(String(MAX_ALIAS_COUNT));
    expect(Date.now() - started).toBeLessThan(10_000); // bounded: it would never finish if expanded
  });

  it("keeps a few harmless aliases", () => {
    const { documents, findings } = loadText("ok.yaml", "base: &b {x: 1}\nother: *b\n");
    expect(findings).toEqual([]);
    expect(documents[0]!.value).toEqual({ base: { x: 1 }, other: { x: 1 } });
  });

  it("treats an empty file as one empty document", () => {
    for (const text of ["", "# only a comment\n"]) {
      const { documents, findings } = loadText("empty.yaml", text);
      expect(findings).toEqual([]);
      expect(documents).toHaveLength(1);
      expect(documents[0]!.value).toBeNull();
      expect(documents[0]!.kind).toEqual({ type: "other", reason: "not-a-mapping" });
    }
  });

  it("reads multi-document streams with positions per document", () => {
    const { documents } = loadText("multi.yaml", "kind: A\n---\nkind: DataProduct\napiVersion: v1.0.0\nid: p\n");
    expect(documents).toHaveLength(2);
    expect(documents[1]!.kind.type).toBe("DataProduct");
    expect(documents[1]!.locate("/id")).toMatchObject({ line: 5, column: 5 });
  });

  it("reads JSON documents", () => {
    const { documents } = loadText("c.json", '{"kind": "DataContract", "apiVersion": "v3.0.2", "id": "x"}');
    expect(documents[0]!.kind).toEqual({ type: "DataContract", apiVersion: "v3.0.2" });
    expect(documents[0]!.locate("/id")).toMatchObject({ line: 1, column: 56 });
  });

  it("reads a sequence entry that is an empty entry (`- -`) as the yaml library does (js-yaml folds the next sibling into it)", () => {
    expect(loadText("s.yaml", "- -\n- 0\n").documents[0]!.value).toEqual([[null], 0]);
    expect(loadText("s.yaml", "a:\n  - -  # empty\n  - 0\n").documents[0]!.value).toEqual({ a: [[null], 0] });
    expect(loadText("s.yaml", "- - x\n- 0\n").documents[0]!.value).toEqual([["x"], 0]);
  });

  it("gives the same values as the yaml library (YAML 1.2 core schema) on generated documents", () => {
    const scalar = fc.oneof(
      fc.string(),
      fc.integer(),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.boolean(),
      fc.constant(null),
      fc.constantFrom("0b101", "0o17", "0x1F", "1_000", "2024-01-31", "yes", "no", "~", ".inf", "-.Inf", "1e3", "+12", "010", "null", "True", "NO"),
    );
    const tree = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: "small" }, scalar, fc.array(tie("node"), { maxLength: 4 }), fc.dictionary(fc.string({ minLength: 1 }), tie("node"), { maxKeys: 4 })),
    })).node;
    let compared = 0;
    fc.assert(
      fc.property(tree, fc.boolean(), (value, flow) => {
        // Serialize plain scalars (strings written unquoted when they look like other types) to probe both parsers.
        const text = toYaml(value, flow);
        const ours = loadText("p.yaml", text);
        let reference: unknown;
        try {
          reference = parseWithYaml(text, { uniqueKeys: true });
        } catch {
          return; // text the reference rejects is not a case for value agreement
        }
        expect(ours.findings).toEqual([]);
        expect(ours.documents[0]!.value).toEqual(reference === undefined ? null : reference);
        compared++;
      }),
      { numRuns: 500 },
    );
    // The writer must produce mostly valid YAML, or this test would prove little.
    expect(compared).toBeGreaterThan(300);
  });
});

/** A YAML writer that leaves strings plain (unquoted) whenever YAML allows, to exercise scalar resolution. */
function toYaml(value: unknown, flow: boolean, indent = ""): string {
  const scalarText = (v: unknown): string => {
    if (typeof v !== "string") return v === null ? "null" : Number.isNaN(v) ? ".nan" : String(v);
    return /^[A-Za-z0-9_.+~-][A-Za-z0-9_. +~-]*$/.test(v) && !v.endsWith(" ") ? v : JSON.stringify(v);
  };
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    if (flow) return `[${value.map((v) => toYaml(v, true)).join(", ")}]`;
    return "\n" + value.map((v) => `${indent}- ${toYaml(v, false, indent + "  ").replace(/^\n\s*/, "")}`).join("\n");
  }
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value);
    if (entries.length === 0) return "{}";
    if (flow) return `{${entries.map(([k, v]) => `${JSON.stringify(k)}: ${toYaml(v, true)}`).join(", ")}}`;
    return "\n" + entries.map(([k, v]) => `${indent}${JSON.stringify(k)}: ${toYaml(v, false, indent + "  ")}`).join("\n");
  }
  return scalarText(value);
}
