// Stands in for @bufbuild/cel in the benchmark bundle (see run.mjs): counts parse and plan calls
// (expressions compiled) and program calls (CEL evaluations) in globalThis.__meshkitBenchCel.
// The overhead is one counter increment per call.
import * as cel from "@bufbuild/cel";

export * from "@bufbuild/cel";

const counts = (globalThis.__meshkitBenchCel ??= { parse: 0, plan: 0, evaluate: 0 });

export function parse(...args) {
  counts.parse++;
  return cel.parse(...args);
}

export function plan(...args) {
  counts.plan++;
  const program = cel.plan(...args);
  return (...bindings) => {
    counts.evaluate++;
    return program(...bindings);
  };
}
