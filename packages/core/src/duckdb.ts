/**
 * DuckDB (@duckdb/node-api), meshkit's embedded warehouse, for contract-test and the local provisioner.
 *
 * Required on first use, not imported: Node loads a CommonJS package into an ES module by first scanning
 * its files for their exports (cjs-module-lexer), and node-api's take that ~150 ms of the ~350 ms the
 * import cost on the development machine, on every `meshkit test`, `provision` and `ci`. `require` with a
 * literal name also lets the CLI and action bundles keep the package external (it is a native addon).
 */
import { createRequire } from "node:module";
import type * as DuckDB from "@duckdb/node-api";
import { UsageError } from "./findings.js";

let api: typeof DuckDB | undefined;

export function duckdb(): typeof DuckDB {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use, see above
  return (api ??= loadDuckDB(() => (typeof require === "function" ? require("@duckdb/node-api") : createRequire(import.meta.url)("@duckdb/node-api")) as typeof DuckDB));
}

/**
 * DuckDB from `load`. Its native library is one package per platform (`@duckdb/node-bindings-linux-x64`, …),
 * and the actions bundle the Linux x64 one only: on an ARM or macOS runner, or in a container whose C library
 * cannot load it, `require` fails. That is the machine, not a bug in meshkit, so it is a `UsageError` that says
 * what to run on (it was "internal error: Cannot find module '@duckdb/node-bindings-linux-arm64/duckdb.node'").
 * Any other error is thrown as it is.
 */
export function loadDuckDB(load: () => typeof DuckDB, machine = `${process.platform} ${process.arch}`): typeof DuckDB {
  try {
    return load();
  } catch (error) {
    if (!isUnloadableNativeDuckDB(error)) throw error;
    const reason = String((error as Error).message).split(/\r?\n/, 1)[0];
    throw new UsageError(
      `DuckDB cannot load on this machine (${machine}): ${reason}. meshkit's actions bundle DuckDB for Linux x64 only: ` +
        "run this job on an x64 Linux runner (e.g. ubuntu-latest). The meshkit command installs DuckDB for its own machine: reinstall it without --omit=optional.",
    );
  }
}

/** A DuckDB package or native library that is not installed for this platform, or that the system cannot load. */
function isUnloadableNativeDuckDB(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  if (code === "ERR_DLOPEN_FAILED") return true;
  return code === "MODULE_NOT_FOUND" && typeof message === "string" && /'@duckdb\//.test(message);
}

/** What every DuckDB meshkit opens is set to: it downloads and loads no extension on its own (there is no network). */
export const DUCKDB_NO_DOWNLOADS = { autoinstall_known_extensions: "false", autoload_known_extensions: "false" };
