import { readFileSync, readdirSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const SRC = dirname(fileURLToPath(import.meta.url));

/** The value imports (not `import type`, which vanish when compiled) each core module makes of another. */
function importGraph(): Map<string, string[]> {
  const modules = (readdirSync(SRC, { recursive: true }) as string[]).filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts"));
  const graph = new Map<string, string[]>();
  for (const file of modules) {
    const text = readFileSync(join(SRC, file), "utf8");
    const targets = [...text.matchAll(/^(?:import|export)\s+(?!type\s)[^;]*?from\s+"(\.[^"]+)\.js"/gm)].map((m) => relative(SRC, resolve(SRC, dirname(file), `${m[1]}.ts`)));
    graph.set(file, targets.filter((t) => modules.includes(t)));
  }
  return graph;
}

function firstCycle(graph: Map<string, string[]>): string[] | undefined {
  const state = new Map<string, "open" | "done">();
  const path: string[] = [];
  const visit = (node: string): string[] | undefined => {
    if (state.get(node) === "open") return [...path.slice(path.indexOf(node)), node];
    if (state.get(node) === "done") return undefined;
    state.set(node, "open");
    path.push(node);
    for (const next of graph.get(node) ?? []) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    path.pop();
    state.set(node, "done");
    return undefined;
  };
  for (const node of graph.keys()) {
    const cycle = visit(node);
    if (cycle) return cycle;
  }
  return undefined;
}

describe("@meshkit/core module graph", () => {
  // A cycle makes one module see the other's exports as undefined at load time, depending on which is
  // imported first (schemas.ts and quality-metrics.ts once shared the comparator table that way).
  it("has no import cycle between its modules", () => {
    expect(firstCycle(importGraph())).toBeUndefined();
  });
});
