import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { diffContracts } from "./diff.js";
import { type Bump, type ChangeKindId, MODES, maxBump, requiredBump } from "./kinds.js";
import { type Json, baseContract, clone, prop } from "./test-support.js";
import { judgeVersion } from "./verdict.js";

/** Independent single-property mutations, each producing exactly one change kind. */
const MUTATIONS: { kind: ChangeKindId; apply: (c: Json, p: Json) => void }[] = [
  { kind: "logical-type-widened", apply: (_c, p) => (p.logicalType = p.logicalType === "integer" ? "number" : "timestamp") },
  { kind: "property-made-optional", apply: (_c, p) => (p.required = false) },
  { kind: "unique-added", apply: (_c, p) => (p.unique = true) },
  { kind: "classification-raised", apply: (_c, p) => (p.classification = "secret") },
  { kind: "description-changed", apply: (_c, p) => (p.description = "changed") },
  { kind: "tags-changed", apply: (_c, p) => (p.tags = ["x"]) },
];

/** Properties whose base state lets every mutation above apply once. */
const TARGETS = ["amount", "ordered_at"];

const propertyArbitrary = fc.record({
  name: fc.stringMatching(/^[a-z][a-z0-9_]{0,12}$/),
  logicalType: fc.constantFrom("string", "integer", "number", "date", "timestamp", "boolean"),
  required: fc.boolean(),
  unique: fc.boolean(),
  classification: fc.constantFrom("public", "internal", "confidential"),
  description: fc.string(),
});

describe("diff properties", () => {
  it("diff(a, a) has no changes, for any contract", () => {
    fc.assert(
      fc.property(fc.uniqueArray(propertyArbitrary, { selector: (p) => p.name, maxLength: 30 }), (properties) => {
        const contract = baseContract();
        contract.schema[0].properties = properties;
        expect(diffContracts(contract, clone(contract))).toEqual([]);
      }),
    );
  });

  it("a generated change is detected as exactly its kind, on the property it touched", () => {
    fc.assert(
      fc.property(fc.constantFrom(...MUTATIONS), fc.constantFrom(...TARGETS), (mutation, target) => {
        const base = baseContract();
        const head = clone(base);
        mutation.apply(head, prop(head, target));
        expect(diffContracts(base, head).map((c) => `${c.kind} ${c.element}`)).toEqual([`${mutation.kind} orders.${target}`]);
      }),
    );
  });

  it("the verdict for a combined change is the maximum of its parts, under every mode", () => {
    fc.assert(
      fc.property(fc.subarray(MUTATIONS, { minLength: 1 }), fc.constantFrom(...MODES), (mutations, mode) => {
        const base = baseContract();
        const head = clone(base);
        mutations.forEach((m, i) => m.apply(head, prop(head, TARGETS[i % TARGETS.length]!)));
        const changes = diffContracts(base, head);
        const expected = maxBump(mutations.map((m) => requiredBump(m.kind, mode)));
        expect(maxBump(changes.map((c) => requiredBump(c.kind, mode)))).toBe(expected);
        // and the version check agrees: the exact bump passes, one level less fails
        const bumped: Record<Bump, string> = { major: "2.0.0", minor: "1.5.0", patch: "1.4.3", none: "1.4.2" };
        expect(judgeVersion("1.4.2", bumped[expected], expected).severity).toBeUndefined();
      }),
    );
  });
});
