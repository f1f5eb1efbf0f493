/**
 * The `yaml` library (its AST, CST and lexer: ~160 KB bundled), loaded on first use. Most runs never
 * need it: a document is read by the fast path (yaml-fast.ts over js-yaml) and placed by the light index
 * (yaml-locate.ts); `yaml` is for texts outside what those cover (aliases, errors, odd keys), for
 * comments in a file that has a suppression, and for writing YAML. Imported, it was compiled on every
 * start, the pre-commit hook's included.
 *
 * `require` with a literal name lets the CLI's bundle keep the library in a file of its own, read only
 * when required (packages/cli/scripts/bundle.mjs), as it does with @bufbuild/cel; where no `require`
 * exists (plain ESM), one is made.
 */
import { createRequire } from "node:module";
import type * as Yaml from "yaml";

let library: typeof Yaml | undefined;

export function yamlLibrary(): typeof Yaml {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use, see above
  return (library ??= (typeof require === "function" ? require("yaml") : createRequire(import.meta.url)("yaml")) as typeof Yaml);
}
