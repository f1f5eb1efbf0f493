/**
 * The naming patterns of meshkit.yaml (`lint.naming.*: { pattern }`), compiled with RE2. Any domain
 * writes its own config, and JavaScript's backtracking engine takes exponential time on a pattern such
 * as `^(a+)+$`; RE2 matches in time linear in the name, whatever the pattern.
 *
 * RE2 is loaded on first use, so a config without patterns (most) does not pay for it. `require` with a
 * literal name is what lets a bundler keep the module in the bundle and initialise it lazily; where no
 * `require` exists (plain ESM), one is made.
 */
import { createRequire } from "node:module";
import type * as Re2 from "@bufbuild/re2";

export type NamingPattern = { ok: true; test(name: string): boolean } | { ok: false; reason: string };

let re2: typeof Re2.RE2JS | undefined;
/** By source: a config has a pattern or two, and the rule asks for them once per contract. */
const compiled = new Map<string, NamingPattern>();

/** `source` compiled, or RE2's reason to refuse it (lookaround and backreferences are not RE2). */
export function compileNamingPattern(source: string): NamingPattern {
  let pattern = compiled.get(source);
  if (!pattern) {
    try {
      const re = re2js().compile(source);
      pattern = { ok: true, test: (name) => re.test(name) };
    } catch (error) {
      pattern = { ok: false, reason: (error as Error).message };
    }
    compiled.set(source, pattern);
  }
  return pattern;
}

/** RE2 (@bufbuild/re2), loaded on first use: the naming patterns here, CEL's `matches` in @meshkit/policy. */
export function re2js(): typeof Re2.RE2JS {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use, see above
  re2 ??= ((typeof require === "function" ? require("@bufbuild/re2") : createRequire(import.meta.url)("@bufbuild/re2")) as typeof Re2).RE2JS;
  return re2;
}
