import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { mentionsContracts, readParams } from "./stream.js";

describe("readParams: the --params file", () => {
  const file = (text: string): string => {
    const dir = mkdtempSync(join(tmpdir(), "meshkit-params-"));
    writeFileSync(join(dir, "params.yaml"), text);
    return dir;
  };

  it("reads one mapping, and refuses a second document rather than ignore its parameters", () => {
    expect(readParams("params.yaml", file("minRetentionYears: 10\n---\n"))).toEqual({ minRetentionYears: 10 });
    expect(() => readParams("params.yaml", file("minRetentionYears: 10\n---\nrequiredTags: [Owner]\n"))).toThrow(
      "params file params.yaml:3: expected one mapping of parameter names to values, found a second document; merge them",
    );
  });

  it("reads a file with nothing in it (empty, comments only) as no parameters, and still refuses a value that is no mapping", () => {
    for (const text of ["", "\n", "# prod: no overrides yet\n# minRetentionYears: 10\n", "---\n", "# none\n---\n# still none\n", "---\n...\n"]) {
      expect(readParams("params.yaml", file(text)), JSON.stringify(text)).toEqual({});
    }
    for (const text of ["null\n", "~\n", "[]\n", "minRetentionYears\n", "# a comment\n- 10\n"]) {
      expect(() => readParams("params.yaml", file(text)), JSON.stringify(text)).toThrow("params file params.yaml: expected a mapping of parameter names to values");
    }
  });
});

describe("mentionsContracts: whether CEL source reads the contracts index", () => {
  it("sees the variable wherever it is code", () => {
    for (const source of [
      "item.value.contractId in contracts",
      "contracts[item.value.contractId].status == 'active'",
      "size(contracts) > 0",
      "'x' + string(size(contracts))",
      '"a" == "b" || contracts.all(k, k != "")',
      "r'raw' == 'raw' && has(contracts.x)",
    ]) {
      expect(mentionsContracts(source), source).toBe(true);
    }
  });

  it("does not count the word inside string literals of any CEL form, or in longer names", () => {
    for (const source of [
      "'Sales contracts are owned by ' + object.team",
      '"contracts" == object.kind',
      "'''multi contracts''' != ''",
      '"""contracts"""',
      "r'contracts\\' == 'x'",
      "b'contracts' == b''",
      "'it\\'s contracts' + \"more \\\" contracts\"",
      "object.contracts_total > 0",
      "has(object.subcontracts)",
    ]) {
      expect(mentionsContracts(source), source).toBe(false);
    }
  });

  it("says yes when a literal does not end, rather than guess", () => {
    expect(mentionsContracts("'contracts")).toBe(true);
    expect(mentionsContracts("'contracts\n' + x")).toBe(true);
  });
});
