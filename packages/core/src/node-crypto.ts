import { createRequire } from "node:module";
import type * as Crypto from "node:crypto";

let crypto: typeof Crypto | undefined;

/**
 * node:crypto, loaded on first use. It is not in Node's start-up snapshot: loading it costs ~7 ms on Node 20
 * (its internals are compiled, webcrypto's among them), which every command paid at start, the pre-commit
 * hook's included, for uses most runs never reach (a temporary file's name, SARIF fingerprints).
 */
export function nodeCrypto(): typeof Crypto {
  return (crypto ??= createRequire(import.meta.url)("node:crypto") as typeof Crypto);
}
