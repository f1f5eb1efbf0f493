import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { UsageError } from "@meshkit/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkWritableFile, inputOptionNames, readBoolean, readDirectory, readEnum, readList, readPath, readPathList, readRequiredString, readString, splitList } from "./inputs.js";
import { setInputs, setupActionEnv, type ActionEnv } from "./testing.js";

let env: ActionEnv;
beforeAll(() => {
  env = setupActionEnv();
});
afterAll(() => env.restore());


function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected an error");
}

describe("input names", () => {
  it("reads INPUT_<NAME> upper-cased with hyphens kept, as the runner sets them", () => {
    process.env["INPUT_FAIL-ON"] = "warning";
    process.env["INPUT_WORKING-DIRECTORY"] = "sub";
    expect(readString("fail-on")).toBe("warning");
    expect(readString("working-directory")).toBe("sub");
  });

  it("names the inputs that stand for the CLI's flags as a workflow's author knows them", () => {
    expect(inputOptionNames({ base: "base", config: "config", data: "data-path" })).toEqual({ base: "the base input", config: "the config input", data: "the data-path input" });
  });
});

describe("readString / readRequiredString", () => {
  it("trims, and falls back when empty or unset", () => {
    setInputs({ config: "  meshkit.yaml \n" });
    expect(readString("config")).toBe("meshkit.yaml");
    expect(readString("missing", "default")).toBe("default");
    setInputs({ config: "   " });
    expect(readString("config", "fallback")).toBe("fallback");
  });

  it("refuses a value of several lines where one value goes, naming the input (not only its first line)", () => {
    for (const read of [() => readString("config"), () => readRequiredString("config"), () => readPath("config"), () => readDirectory("config")]) {
      setInputs({ config: "a.yaml\nb.yaml" });
      const error = thrown(read);
      expect(error).toBeInstanceOf(UsageError);
      expect(error.message).toBe('input "config" takes one value, not several lines: "a.yaml b.yaml"');
    }
  });

  it("names a missing required input", () => {
    setInputs({});
    const error = thrown(() => readRequiredString("token"));
    expect(error).toBeInstanceOf(UsageError);
    expect(error.message).toBe('input "token" is required');
  });
});

describe("readList", () => {
  it("splits on newlines and whitespace, dropping empty items", () => {
    setInputs({ paths: "contracts/a.yaml  contracts/b.yaml\n\n  products/**/*.yaml\r\n\tc.yaml\n" });
    expect(readList("paths")).toEqual(["contracts/a.yaml", "contracts/b.yaml", "products/**/*.yaml", "c.yaml"]);
  });

  it("skips comment lines of a YAML block, as people write them", () => {
    setInputs({ paths: "domains/marketing\n\n  # the customer domain\ndomains/customer\n#domains/old\r\n" });
    expect(readList("paths")).toEqual(["domains/marketing", "domains/customer"]);
    // A `#` inside a line is part of an item (a file name can hold one).
    expect(splitList("a#1.yaml b.yaml")).toEqual(["a#1.yaml", "b.yaml"]);
  });

  it("skips a comment after the items of a line, as YAML would", () => {
    setInputs({ paths: "domains/sales   # the sales contracts\ndomains/finance\t# ledger\na#1.yaml b.yaml #c.yaml" });
    expect(readList("paths")).toEqual(["domains/sales", "domains/finance", "a#1.yaml", "b.yaml"]);
  });

  it("refuses a list written as YAML or with commas, saying how to write it (GitHub passes an input as text)", () => {
    const refused = (value: string) => {
      setInputs({ objects: value });
      return thrown(() => readList("objects")).message;
    };
    const how = ": GitHub passes an input as text, not as a list; write `objects: a b`, or one item per line under `objects: |`";
    expect(refused("orders, customers")).toBe(`input "objects" takes items separated by spaces or newlines, and "orders," ends with a comma${how}`);
    expect(refused("- orders\n- customers\n")).toBe(`input "objects" takes items separated by spaces or newlines, and a line starts with "-", as an item of a YAML list does${how}`);
    expect(refused("[orders, customers]")).toBe(`input "objects" takes items separated by spaces or newlines, and "[orders," starts a YAML list ([a, b])${how}`);
    expect(refused("[orders]")).toMatch(/"\[orders\]" starts a YAML list/);
    // Commas and brackets inside an item are a glob's: `{a,b}`, `[ab]`.
    setInputs({ objects: "orders_{eu,us} [ab]*.yaml" });
    expect(readList("objects")).toEqual(["orders_{eu,us}", "[ab]*.yaml"]);
  });

  it("is empty for an empty or unset input", () => {
    setInputs({ paths: "" });
    expect(readList("paths")).toEqual([]);
    expect(readList("unset")).toEqual([]);
    expect(splitList(" \n \t")).toEqual([]);
  });
});

describe("readPathList", () => {
  it("keeps a line that names an existing file or folder as a whole as one path, spaces and all; splits the others", () => {
    const cwd = mkdtempSync(join(tmpdir(), "meshkit-path-list-"));
    try {
      mkdirSync(join(cwd, "Data Products", "orders"), { recursive: true });
      writeFileSync(join(cwd, "Data Products", "orders", "orders v2.odcs.yaml"), "");
      writeFileSync(join(cwd, "a.yaml"), "");
      writeFileSync(join(cwd, "b.yaml"), "");
      setInputs({ paths: "Data Products/orders/orders v2.odcs.yaml\n  Data Products   # the folder\na.yaml b.yaml\nproducts/**/*.yaml\n" });
      expect(readPathList("paths", cwd)).toEqual(["Data Products/orders/orders v2.odcs.yaml", "Data Products", "a.yaml", "b.yaml", "products/**/*.yaml"]);
      // A line that names nothing as a whole is split, as readList splits it: each item then reports what it is.
      setInputs({ paths: "Data Product/orders" });
      expect(readPathList("paths", cwd)).toEqual(["Data", "Product/orders"]);
      expect(readList("paths")).toEqual(["Data", "Product/orders"]);
      // A glob under such a folder is one path too; a line whose spaces are not all in an existing folder is split.
      setInputs({ paths: "Data Products/**/*.odcs.yaml\nData Products/orders/*.yaml b.yaml\na.yaml Data Products/*\nData Product/*.yaml\n" });
      expect(readPathList("paths", cwd)).toEqual(["Data Products/**/*.odcs.yaml", "Data", "Products/orders/*.yaml", "b.yaml", "a.yaml", "Data", "Products/*", "Data", "Product/*.yaml"]);
      // A list written with commas is refused with how to write it; a file whose name ends with one is that file.
      setInputs({ paths: "a.yaml, b.yaml" });
      expect(() => readPathList("paths", cwd)).toThrow(/^input "paths" takes items separated by spaces or newlines, and "a\.yaml," ends with a comma: /);
      writeFileSync(join(cwd, "a.yaml,"), "");
      expect(readPathList("paths", cwd)).toEqual(["a.yaml,", "b.yaml"]);
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  });
});

describe("readBoolean", () => {
  it("accepts the YAML 1.2 core spellings and falls back when empty", () => {
    for (const [value, expected] of [["true", true], ["True", true], ["TRUE", true], ["false", false], ["False", false], ["FALSE", false]] as const) {
      setInputs({ comment: value });
      expect(readBoolean("comment", !expected)).toBe(expected);
    }
    setInputs({});
    expect(readBoolean("comment", true)).toBe(true);
  });

  it("names the input and the accepted values", () => {
    setInputs({ comment: "yes" });
    const error = thrown(() => readBoolean("comment", false));
    expect(error).toBeInstanceOf(UsageError);
    expect(error.message).toBe('input "comment" must be true or false, not "yes"');
  });
});

describe("readEnum", () => {
  it("returns an allowed value, or the fallback when empty", () => {
    setInputs({ "fail-on": "warning" });
    expect(readEnum("fail-on", ["error", "warning"], "error")).toBe("warning");
    setInputs({});
    expect(readEnum("fail-on", ["error", "warning"], "error")).toBe("error");
  });

  it("names the input and the allowed values, on one line", () => {
    setInputs({ "fail-on": "fatal\nx" });
    const error = thrown(() => readEnum("fail-on", ["error", "warning"], "error"));
    expect(error).toBeInstanceOf(UsageError);
    expect(error.message).toBe('input "fail-on" must be one of error, warning, not "fatal x"');
  });

  it("is case-sensitive, like the action.yml documentation", () => {
    setInputs({ "fail-on": "Error" });
    expect(thrown(() => readEnum("fail-on", ["error", "warning"], "error")).message).toBe('input "fail-on" must be one of error, warning, not "Error"; did you mean error?');
  });

  it("names the value meant for a shortened or misspelt one (ESLint's `warn`)", () => {
    for (const [written, meant] of [["warn", "warning"], ["eror", "error"]] as const) {
      setInputs({ "fail-on": written });
      expect(thrown(() => readEnum("fail-on", ["error", "warning"], "error")).message, written).toBe(`input "fail-on" must be one of error, warning, not "${written}"; did you mean ${meant}?`);
    }
  });
});

describe("paths", () => {
  it("resolves directories against GITHUB_WORKSPACE and checks they exist", () => {
    mkdirSync(join(env.workspace, "domains", "sales"), { recursive: true });
    setInputs({ "working-directory": "domains/sales" });
    expect(readDirectory("working-directory")).toBe(join(env.workspace, "domains", "sales"));
    setInputs({});
    expect(readDirectory("working-directory", ".")).toBe(env.workspace);
    setInputs({ "working-directory": "nope" });
    const error = thrown(() => readDirectory("working-directory"));
    expect(error).toBeInstanceOf(UsageError);
    expect(error.message).toBe('input "working-directory": no such directory: nope');
    writeFileSync(join(env.workspace, "meshkit.yaml"), "");
    setInputs({ "working-directory": "meshkit.yaml" });
    expect(thrown(() => readDirectory("working-directory")).message).toBe('input "working-directory": not a directory: meshkit.yaml');
  });

  it("resolves a path input against a base, keeps absolute paths, and is empty when unset", () => {
    setInputs({ "sarif-file": "out/lint.sarif" });
    expect(readPath("sarif-file", "/base")).toBe(join("/base", "out", "lint.sarif"));
    expect(readPath("sarif-file")).toBe(join(env.workspace, "out", "lint.sarif"));
    setInputs({ "sarif-file": "/abs/x.sarif" });
    expect(readPath("sarif-file", "/base")).toBe("/abs/x.sarif");
    setInputs({});
    expect(readPath("sarif-file", "/base")).toBe("");
  });
});

describe("checkWritableFile", () => {
  it("refuses a file the run reads (a contract, a config, data), naming the input, and writes nothing there", () => {
    const dir = join(env.workspace, "writable");
    const contract = "apiVersion: v3.1.0\nkind: DataContract\nid: orders\nversion: 1.0.0\nstatus: active\n";
    writeFileSync(join(env.workspace, "orders.yaml"), contract);
    mkdirSync(join(dir, "data"), { recursive: true });
    writeFileSync(join(dir, "data", "orders.parquet"), "PAR1");
    writeFileSync(join(dir, "meshkit.yaml"), "apiVersion: meshkit/v1\nkind: Config\n");
    for (const [path, what] of [
      [join(env.workspace, "orders.yaml"), "a meshkit document"],
      [join(dir, "meshkit.yaml"), "a meshkit document"],
      [join(dir, "data", "orders.parquet"), "a data file"],
    ] as const) {
      const error = thrown(() => checkWritableFile(path, "results-file"));
      expect(error).toBeInstanceOf(UsageError);
      expect(error.message).toBe(`input "results-file": ${path} is ${what}; write to another file`);
    }
    expect(readFileSync(join(env.workspace, "orders.yaml"), "utf8")).toBe(contract);
    // An earlier report, or a new file, is written as before.
    writeFileSync(join(dir, "report.sarif"), "{}");
    expect(() => checkWritableFile(join(dir, "report.sarif"), "sarif-file")).not.toThrow();
    expect(() => checkWritableFile(join(dir, "new", "results.json"), "results-file")).not.toThrow();
    expect(existsSync(join(dir, "new"))).toBe(true);
  });
});

describe("checkWritableFile, of a long name", () => {
  it("takes a file whose name is as long as file systems take (255 bytes): its probe's name is cut to fit", () => {
    const dir = join(env.workspace, "long-name");
    // Was "cannot write …: its folder cannot be written (ENAMETOOLONG)": the probe's name was the file's and 21 bytes more.
    expect(() => checkWritableFile(join(dir, `${"s".repeat(249)}.sarif`), "sarif-file")).not.toThrow();
    expect(readdirSync(dir)).toEqual([]);
  });
});
