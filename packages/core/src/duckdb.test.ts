import { describe, expect, it } from "vitest";
import { duckdb, loadDuckDB } from "./duckdb.js";
import { ExitCode, UsageError } from "./findings.js";

function failing(code: string, message: string): () => never {
  return () => {
    throw Object.assign(new Error(message), { code });
  };
}

describe("loadDuckDB", () => {
  it("says which machine cannot load DuckDB and what to run on, as a bad input (exit 2), not an internal error", () => {
    const load = failing("MODULE_NOT_FOUND", "Cannot find module '@duckdb/node-bindings-linux-arm64/duckdb.node'\nRequire stack:\n- /x/index.js");
    let thrown: unknown;
    try {
      loadDuckDB(load, "linux arm64");
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(UsageError);
    expect((thrown as UsageError).exitCode).toBe(ExitCode.badInput);
    const message = (thrown as Error).message;
    expect(message).toContain("DuckDB cannot load on this machine (linux arm64): Cannot find module '@duckdb/node-bindings-linux-arm64/duckdb.node'.");
    expect(message).toContain("run this job on an x64 Linux runner");
    expect(message).not.toContain("\n");
  });

  it("treats a native library the system cannot load (another C library) the same way", () => {
    expect(() => loadDuckDB(failing("ERR_DLOPEN_FAILED", "Error relocating duckdb.node: __memcpy_chk: symbol not found"), "linux x64")).toThrow(UsageError);
  });

  it("throws any other error as it is", () => {
    const other = failing("MODULE_NOT_FOUND", "Cannot find module 'left-pad'");
    expect(() => loadDuckDB(other)).toThrow(/^Cannot find module 'left-pad'$/);
    expect(() => loadDuckDB(other)).not.toThrow(UsageError);
  });

  it("loads the installed DuckDB", () => {
    expect(typeof duckdb().DuckDBInstance.create).toBe("function");
  });
});
