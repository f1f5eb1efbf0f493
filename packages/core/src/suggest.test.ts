import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { abbreviatedFrom, alternatives, closeCandidates, closest, familyMembers, meantCandidates, meantValue, typoDistance, typoFinder } from "./suggest.js";

describe("closeCandidates", () => {
  it("takes one edit as a typo of a short word, two only between words of five letters or more", () => {
    expect(closest("tag", ["tags", "id"])).toBe("tags");
    expect(closest("typ", ["type"])).toBe("type");
    expect(closest("nmae", ["name"])).toBe("name");
    // Two edits turn any short word into another.
    for (const word of ["pii", "pk", "min", "x", "zz"]) expect(closest(word, ["id"]), word).toBeUndefined();
    expect(closest("note", ["name"])).toBeUndefined();
    expect(closest("ttl", ["url"])).toBeUndefined();
    // Long words keep their two edits.
    expect(closest("physcalNme", ["physicalName"])).toBe("physicalName");
    expect(closeCandidates("depreacted", ["deprecated"])).toEqual(["deprecated"]);
  });

  it("reads case-only differences as the word itself, whatever its length", () => {
    expect(closest("ID", ["id"])).toBe("id");
    expect(closest("Kind", ["kind"])).toBe("kind");
  });
});

describe("familyMembers", () => {
  it("names every member of the family a word names without the part that tells them apart, or a typo of that name", () => {
    const kinds = ["property-removed-optional", "property-removed-required", "property-renamed", "property-reordered", "logical-type-widened", "logical-type-narrowed", "logical-type-changed"];
    // Each member is as far from the word as the other: closest() names neither.
    expect(closest("property-removd", kinds)).toBeUndefined();
    expect(familyMembers("property-removd", kinds)).toEqual(["property-removed-optional", "property-removed-required"]);
    expect(familyMembers("Property-Removed", kinds)).toEqual(["property-removed-optional", "property-removed-required"]);
    expect(familyMembers("logical-typ", kinds)).toEqual(["logical-type-widened", "logical-type-narrowed", "logical-type-changed"]);
    // A family of one is no family (naming-convention is not what `naming` means), and a word near no family's name gets none.
    expect(familyMembers("naming", ["naming-convention", "id-format"])).toEqual([]);
    expect(familyMembers("server-gone", kinds)).toEqual([]);
  });
});

describe("meantCandidates", () => {
  it("names the closest candidate, else the family the word names, else none; alternatives lists them", () => {
    const ids = ["naming-convention", "sla-element", "sla-property"];
    expect(meantCandidates("naming-convension", ids)).toEqual(["naming-convention"]);
    expect(meantCandidates("sla", ids)).toEqual(["sla-element", "sla-property"]);
    expect(meantCandidates("no-such-rule", ids)).toEqual([]);
    expect([[], ["a"], ["a", "b"], ["a", "b", "c"]].map(alternatives)).toEqual(["", "a", "a or b", "a, b or c"]);
  });
});

describe("abbreviatedFrom", () => {
  it("names the one candidate a word of three letters or more begins, in any case", () => {
    expect(abbreviatedFrom("warn", ["off", "info", "warning", "error"])).toBe("warning");
    expect(abbreviatedFrom("Int", ["string", "number", "integer"])).toBe("integer");
    // Of several, the shortest when it begins the others too (`backward-transitive` is `backward` and more).
    expect(abbreviatedFrom("back", ["backward", "forward", "backward-transitive"])).toBe("backward");
    expect(abbreviatedFrom("Data", ["DataContract", "DataProduct"])).toBeUndefined();
    // Under three letters, the word itself, or a word no candidate begins: no suggestion.
    expect(abbreviatedFrom("of", ["off"])).toBeUndefined();
    expect(abbreviatedFrom("off", ["off"])).toBeUndefined();
    expect(abbreviatedFrom("gcs", ["local", "postgres"])).toBeUndefined();
  });
});

/** Optimal string alignment distance, the whole table filled: what typoDistance computes with its shortcuts. */
function fullTableDistance(a: string, b: string): number {
  const table = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) {
      table[i]![j] = Math.min(table[i - 1]![j]! + 1, table[i]![j - 1]! + 1, table[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) table[i]![j] = Math.min(table[i]![j]!, table[i - 2]![j - 2]! + 1);
    }
  return table[a.length]![b.length]!;
}

describe("typoDistance", () => {
  it("is the optimal string alignment distance; with a limit, up to the limit, and one more past it", () => {
    // Shared beginnings and ends, swaps and repeats are frequent with two or four letters.
    for (const letters of [["a", "b"], ["a", "b", "c", "-"]]) {
      const text = fc.string({ unit: fc.constantFrom(...letters), maxLength: 16 });
      fc.assert(
        fc.property(text, text, fc.option(fc.integer({ min: 0, max: 4 }), { nil: undefined }), (a, b, limit) => {
          const full = fullTableDistance(a, b);
          expect(typoDistance(a, b, limit)).toBe(limit === undefined ? full : Math.min(full, limit + 1));
        }),
        { numRuns: 3000 },
      );
    }
  });
});

describe("typoFinder", () => {
  it("answers as closest() does over the same candidates", () => {
    // A small alphabet, so that many candidates are within a typo of the word (and of each other).
    const text = fc.string({ unit: fc.constantFrom("a", "B", "b", "c", "-"), maxLength: 14 });
    fc.assert(
      fc.property(fc.array(text, { maxLength: 12 }), text, (candidates, word) => {
        expect(typoFinder(candidates)(word)).toBe(closest(word, candidates));
      }),
      { numRuns: 2000 },
    );
  });

  it("finds typos of long ids: swaps, case, and edits at either end", () => {
    const ids = Array.from({ length: 200 }, (_, i) => `776c618b-3130-4fcd-8699-e5aa488b${String(1000 + i)}`);
    const find = typoFinder(ids);
    expect(find("776c618b-3130-4fcd-8699-e5aa488b1042")).toBe(ids[42]);
    expect(find("776C618B-3130-4FCD-8699-E5AA488B1042")).toBe(ids[42]);
    expect(find("76c618b-3130-4fcd-8699-e5aa488b1042x")).toBe(ids[42]);
    expect(find("776c618b-3130-4fcd-8699-e5aa488b0142")).toBe(ids[42]);
    expect(find("b1d1ae0e-0000-4000-8000-000000000000")).toBeUndefined();
  });

  it("compares a word with the candidates that share a piece with it, not with all of them", () => {
    // Every contract id of a large repository, asked once per port naming none: the answer for each unknown id
    // must not read every candidate (that took minutes for thousands of ports and contracts).
    const ids = Array.from({ length: 5000 }, (_, i) => `${i.toString(16).padStart(8, "0")}-3130-4fcd-8699-${(i * 7919).toString(16).padStart(12, "0")}`);
    let reads = 0;
    const counted = new Proxy(ids, {
      get(target, key, receiver) {
        if (typeof key === "string" && /^\d+$/.test(key)) reads++;
        return Reflect.get(target, key, receiver) as unknown;
      },
    });
    const find = typoFinder(counted);
    reads = 0;
    for (let i = 0; i < 100; i++) expect(find(`ffff${String(i).padStart(4, "0")}-0000-4000-8000-${String(i).padStart(12, "0")}`)).toBeUndefined();
    expect(reads).toBeLessThan(100 * 50);
  });
});

describe("meantValue", () => {
  it("names the value a misspelt, miscased or shortened one was meant to be, and none for a short typo or a stranger", () => {
    const levels = ["error", "warning"];
    expect([meantValue("warn", levels), meantValue("Error", levels), meantValue("eror", levels)]).toEqual(["warning", "error", "error"]);
    // Under four letters only a change of case is taken: `jsn` is as near other words as it is to `json`.
    expect([meantValue("jsn", ["text", "json"]), meantValue("JSON", ["text", "json"]), meantValue("fatal", levels)]).toEqual([undefined, "json", undefined]);
  });
});
