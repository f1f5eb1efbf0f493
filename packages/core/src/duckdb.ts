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

let api: typeof DuckDB | undefined;

export function duckdb(): typeof DuckDB {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use, see above
  return (api ??= (typeof require === "function" ? require("@duckdb/node-api") : createRequire(import.meta.url)("@duckdb/node-api")) as typeof DuckDB);
}

/** What every DuckDB meshkit opens is set to: it downloads and loads no extension on its own (there is no network). */
export const DUCKDB_NO_DOWNLOADS = { autoinstall_known_extensions: "false", autoload_known_extensions: "false" };
