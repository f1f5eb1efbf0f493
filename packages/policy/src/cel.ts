import { CelScalar, type CelEnv, celEnv, isCelError, isCelList, isCelMap, parse, plan } from "@bufbuild/cel";
import { strings } from "@bufbuild/cel/ext";
import { parseParsed } from "./parsed-json.js";

/**
 * The names every policy expression may read. Documents are arbitrary JSON, so every variable is
 * `dyn`; what the checker below adds is the part of type checking that catches typos: undeclared
 * names and unknown functions, at load time, with their column.
 */
export const POLICY_VARIABLES = [
  "object",
  "kind",
  "file",
  "params",
  "variables",
  "schemaObjects",
  "properties",
  "servers",
  "slaProperties",
  "outputPorts",
  "inputPorts",
  "contracts",
  "resources",
  "item",
  "index",
] as const;

const ENV: CelEnv = celEnv({
  variables: Object.fromEntries(POLICY_VARIABLES.map((name) => [name, CelScalar.DYN])),
  funcs: strings,
});

export type Bindings = Partial<Record<(typeof POLICY_VARIABLES)[number], unknown>>;

export interface CompiledExpression {
  source: string;
  /** Deepest nesting of comprehensions (all, exists, map, filter): the exponent of its cost. */
  depth: number;
  evaluate(bindings: Bindings): EvalResult;
}

export type EvalResult = { ok: true; value: unknown } | { ok: false; error: string };

export interface CompileError {
  message: string;
  /** 0-based offset in the expression text. */
  offset: number;
}

type Expr = ReturnType<typeof parse>["expr"];

/**
 * Parses and checks an expression; the program is planned once and evaluated for every document.
 * `preParsed` is the expression's AST as scripts/build-packs.mjs stored it (built-in packs): the same
 * tree `parse` gives, without parsing's cost; its names are still checked here.
 */
export function compileExpression(source: string, preParsed?: string): { ok: true; expression: CompiledExpression } | { ok: false; error: CompileError } {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = preParsed !== undefined ? (parseParsed(preParsed) as ReturnType<typeof parse>) : parse(source);
  } catch (error) {
    const message = String((error as Error).message).split("\n")[0]!;
    // "<input>:1:10: found + but expecting end of input"
    const match = /^<input>:(\d+):(\d+):\s*(.*)$/.exec(message);
    const offset = match ? lineColumnToOffset(source, Number(match[1]), Number(match[2])) : 0;
    return { ok: false, error: { message: `syntax error: ${match ? match[3] : message}`, offset } };
  }
  const problem = checkNames(parsed.expr, new Set(POLICY_VARIABLES), parsed.sourceInfo?.positions ?? {});
  if (problem) return { ok: false, error: problem };
  const program = plan(ENV, parsed);
  return {
    ok: true,
    expression: {
      source,
      depth: comprehensionDepth(parsed.expr),
      evaluate(bindings) {
        try {
          const value = program(bindings as never);
          return isCelError(value) ? { ok: false, error: value.message } : { ok: true, value: toPlain(value) };
        } catch (error) {
          return { ok: false, error: (error as Error).message };
        }
      },
    },
  };
}

function lineColumnToOffset(text: string, line: number, column: number): number {
  const lines = text.split("\n");
  let offset = 0;
  for (let i = 0; i < line - 1 && i < lines.length; i++) offset += lines[i]!.length + 1;
  return offset + Math.max(0, column - 1);
}

/** The first undeclared variable or unknown function of a parsed expression. */
function checkNames(expr: Expr, scope: Set<string>, positions: Record<string, number>): CompileError | undefined {
  const at = (e: Expr) => positions[String(e.id)] ?? 0;
  const visit = (e: Expr | undefined, bound: Set<string>): CompileError | undefined => {
    if (!e) return undefined;
    const kind = e.exprKind;
    switch (kind.case) {
      case "identExpr":
        return bound.has(kind.value.name) || kind.value.name.startsWith("@") ? undefined : { message: `undeclared reference to '${kind.value.name}' (policies can read ${POLICY_VARIABLES.join(", ")})`, offset: at(e) };
      case "selectExpr":
        return visit(kind.value.operand, bound);
      case "callExpr": {
        const name = kind.value.function;
        if (!/^[_@!]/.test(name) && !ENV.funcs.find(name)) return { message: `unknown function '${name}'`, offset: at(e) };
        for (const child of [kind.value.target, ...kind.value.args]) {
          const problem = visit(child, bound);
          if (problem) return problem;
        }
        return undefined;
      }
      case "listExpr":
        for (const element of kind.value.elements) {
          const problem = visit(element, bound);
          if (problem) return problem;
        }
        return undefined;
      case "structExpr":
        for (const entry of kind.value.entries) {
          const key = entry.keyKind.case === "mapKey" ? visit(entry.keyKind.value, bound) : undefined;
          const problem = key ?? visit(entry.value, bound);
          if (problem) return problem;
        }
        return undefined;
      case "comprehensionExpr": {
        const c = kind.value;
        const inner = new Set([...bound, c.iterVar, c.accuVar, ...(c.iterVar2 ? [c.iterVar2] : [])]);
        return visit(c.iterRange, bound) ?? visit(c.accuInit, bound) ?? visit(c.loopCondition, inner) ?? visit(c.loopStep, inner) ?? visit(c.result, inner);
      }
      default:
        return undefined;
    }
  };
  return visit(expr, scope);
}

function comprehensionDepth(e: Expr | undefined): number {
  if (!e) return 0;
  const kind = e.exprKind;
  switch (kind.case) {
    case "selectExpr":
      return comprehensionDepth(kind.value.operand);
    case "callExpr":
      return Math.max(0, ...[kind.value.target, ...kind.value.args].map(comprehensionDepth));
    case "listExpr":
      return Math.max(0, ...kind.value.elements.map(comprehensionDepth));
    case "structExpr":
      return Math.max(0, ...kind.value.entries.map((entry) => comprehensionDepth(entry.value)));
    case "comprehensionExpr": {
      const c = kind.value;
      return Math.max(comprehensionDepth(c.iterRange), comprehensionDepth(c.accuInit), 1 + Math.max(comprehensionDepth(c.loopCondition), comprehensionDepth(c.loopStep)), comprehensionDepth(c.result));
    }
    default:
      return 0;
  }
}

/** CEL values back to plain JS: lists, maps, bigints (ints) as numbers when safe. */
export function toPlain(value: unknown): unknown {
  if (typeof value === "bigint") return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  if (isCelList(value)) return [...value].map(toPlain);
  if (isCelMap(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of value.entries()) out[String(toPlain(k))] = toPlain(v);
    return out;
  }
  return value;
}
