// The load-time checks of a parsed CEL expression: undeclared names and unknown functions (the part
// of type checking that catches typos), and how deeply its comprehensions nest (the exponent of its
// cost). Plain JavaScript so that scripts/build-packs.mjs runs the very same checks on the built-in
// packs when it embeds them, and loading a built-in pack need not repeat them (see cel.ts).

/**
 * The names every policy expression may read. Documents are arbitrary JSON, so every variable is
 * `dyn`; what checkNames adds is the part of type checking that catches typos: undeclared names and
 * unknown functions, at load time, with their column.
 */
export const POLICY_VARIABLES = /** @type {const} */ ([
  "object",
  "kind",
  "file",
  "params",
  "variables",
  "schemaObjects",
  "properties",
  "arrayItems",
  "servers",
  "slaProperties",
  "outputPorts",
  "inputPorts",
  "contracts",
  "unreadFiles",
  "resources",
  "module",
  "item",
  "index",
]);

/**
 * The first undeclared variable or unknown function of a parsed expression.
 * @param {any} expr
 * @param {Set<string>} scope
 * @param {Record<string, number>} positions
 * @param {(name: string) => boolean} isFunction
 * @returns {{ message: string, offset: number } | undefined}
 */
/** CEL's type denotations, values of their own (`type(x) == string`), as the interpreter resolves them. */
const TYPE_NAMES = new Set(["int", "uint", "double", "bool", "string", "bytes", "list", "map", "null_type", "type", "dyn"]);

/** What to write instead of cel-go's optional types, which meshkit's CEL (@bufbuild/cel) does not have. */
export const OPTIONAL_TYPES_UNSUPPORTED =
  "optional types (`x.?field`, `x[?key]`, `optional.of`, `.orValue()`) are not supported; test the field first: `has(x.field) ? x.field : <default>`";

/** The methods of cel-go's optional values: an unknown function of that name is most likely one. */
const OPTIONAL_METHODS = new Set(["hasValue", "orValue", "value", "or", "optMap", "optFlatMap"]);

/**
 * How CEL's macros are written. The parser expands only these shapes; any other (`m.all(k, v, p)`,
 * cel-go's two-variable form; `l.exists(1, p)`; `has(m)`) stays a call of a function that does not
 * exist, which "unknown function 'all'" would call a typo.
 * @type {Map<string, string>}
 */
const MACRO_SHAPES = new Map([
  ["has", "`has(x.field)`, one field selection (for a key that is no identifier: `'key' in x`)"],
  ["all", "`list.all(x, <predicate>)`, with x a plain name"],
  ["exists", "`list.exists(x, <predicate>)`, with x a plain name"],
  ["exists_one", "`list.exists_one(x, <predicate>)`, with x a plain name"],
  ["filter", "`list.filter(x, <predicate>)`, with x a plain name"],
  ["map", "`list.map(x, <value>)` or `list.map(x, <predicate>, <value>)`, with x a plain name"],
]);

/**
 * What to say of a call of `name`, a function that does not exist: a typo, a macro in a shape the
 * parser does not expand, or cel-go's optional types.
 * @param {string} name
 * @param {string | undefined} qualified
 * @returns {string}
 */
function unknownFunctionMessage(name, qualified) {
  // cel-go's optional types (`optional.of(x)`, `.orValue(d)`) are an extension @bufbuild/cel does not have.
  if (qualified === "optional" || OPTIONAL_METHODS.has(name)) return `unknown function '${qualified === "optional" ? `optional.${name}` : name}': ${OPTIONAL_TYPES_UNSUPPORTED}`;
  const shape = MACRO_SHAPES.get(name);
  if (!shape) return `unknown function '${name}'`;
  if (name === "has") return `${name}() is a macro, written ${shape}`;
  // A map iterates over its keys, as a list does over its elements; the two-variable forms are a cel-go extension.
  return `${name}() is a macro, written ${shape}; over a map, x is each key (two-variable forms such as \`m.all(k, v, …)\` are not supported)`;
}

export function checkNames(expr, scope, positions, isFunction) {
  /** @param {any} e */
  const at = (e) => positions[String(e.id)] ?? 0;
  /**
   * @param {any} e
   * @param {Set<string>} bound
   * @returns {{ message: string, offset: number } | undefined}
   */
  const visit = (e, bound) => {
    if (!e) return undefined;
    const kind = e.exprKind;
    switch (kind.case) {
      case "identExpr":
        return bound.has(kind.value.name) || TYPE_NAMES.has(kind.value.name) || kind.value.name.startsWith("@") ? undefined : { message: `undeclared reference to '${kind.value.name}' (policies can read ${POLICY_VARIABLES.join(", ")})`, offset: at(e) };
      case "selectExpr":
        return visit(kind.value.operand, bound);
      case "callExpr": {
        const name = kind.value.function;
        // `strings.quote(s)`: the parser reads a namespaced function as a method of `strings`; the
        // planner calls the function `strings.quote` when one is declared, as cel-js.ts resolves it.
        const qualified = kind.value.target ? qualifiedName(kind.value.target) : undefined;
        if (qualified !== undefined && isFunction(`${qualified}.${name}`)) {
          for (const child of kind.value.args) {
            const problem = visit(child, bound);
            if (problem) return problem;
          }
          return undefined;
        }
        if (!/^[_@!]/.test(name) && !isFunction(name)) {
          return { message: unknownFunctionMessage(name, qualified), offset: at(e) };
        }
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

/**
 * `a.b.c` of a target made of an identifier and selects, or undefined (as cel-js.ts's qualifiedName).
 * @param {any} e
 * @returns {string | undefined}
 */
function qualifiedName(e) {
  const kind = e.exprKind;
  if (kind.case === "identExpr") return kind.value.name;
  if (kind.case === "selectExpr" && !kind.value.testOnly && kind.value.operand) {
    const parent = qualifiedName(kind.value.operand);
    return parent === undefined ? undefined : `${parent}.${kind.value.field}`;
  }
  return undefined;
}

/**
 * The `variables.<name>` (and `variables['<name>']`) an expression reads, each with the offset of its
 * `variables`, outside comprehensions that bind a variable of that name. The names a policy declares
 * are known when it loads: a misspelt or not-yet-computed variable is a load error, as in a
 * ValidatingAdmissionPolicy, not a runtime error on every document.
 * @param {any} expr
 * @param {Record<string, number>} positions
 * @returns {{ name: string, offset: number }[]}
 */
export function variableReferences(expr, positions) {
  /** @type {{ name: string, offset: number }[]} */
  const found = [];
  /** @param {any} e */
  const isVariables = (e, /** @type {boolean} */ shadowed) => !shadowed && e?.exprKind.case === "identExpr" && e.exprKind.value.name === "variables";
  /**
   * @param {any} e
   * @param {boolean} shadowed
   */
  const visit = (e, shadowed) => {
    if (!e) return;
    const kind = e.exprKind;
    switch (kind.case) {
      case "selectExpr":
        if (isVariables(kind.value.operand, shadowed)) found.push({ name: kind.value.field, offset: positions[String(kind.value.operand.id)] ?? 0 });
        visit(kind.value.operand, shadowed);
        return;
      case "callExpr": {
        const [target, key] = kind.value.args;
        if (kind.value.function === "_[_]" && isVariables(target, shadowed) && key?.exprKind.case === "constExpr" && key.exprKind.value.constantKind.case === "stringValue") {
          found.push({ name: key.exprKind.value.constantKind.value, offset: positions[String(target.id)] ?? 0 });
        }
        for (const child of [kind.value.target, ...kind.value.args]) visit(child, shadowed);
        return;
      }
      case "listExpr":
        for (const element of kind.value.elements) visit(element, shadowed);
        return;
      case "structExpr":
        for (const entry of kind.value.entries) {
          if (entry.keyKind.case === "mapKey") visit(entry.keyKind.value, shadowed);
          visit(entry.value, shadowed);
        }
        return;
      case "comprehensionExpr": {
        const c = kind.value;
        const inner = shadowed || [c.iterVar, c.iterVar2, c.accuVar].includes("variables");
        visit(c.iterRange, shadowed);
        visit(c.accuInit, shadowed);
        visit(c.loopCondition, inner);
        visit(c.loopStep, inner);
        visit(c.result, inner);
        return;
      }
      default:
        return;
    }
  };
  visit(expr, false);
  return found;
}

/**
 * Deepest nesting of comprehensions (all, exists, map, filter): the exponent of an expression's cost.
 * @param {any} e
 * @returns {number}
 */
export function comprehensionDepth(e) {
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
      return Math.max(0, ...kind.value.entries.map((/** @type {any} */ entry) => comprehensionDepth(entry.value)));
    case "comprehensionExpr": {
      const c = kind.value;
      return Math.max(comprehensionDepth(c.iterRange), comprehensionDepth(c.accuInit), 1 + Math.max(comprehensionDepth(c.loopCondition), comprehensionDepth(c.loopStep)), comprehensionDepth(c.result));
    }
    default:
      return 0;
  }
}

/**
 * Whether an expression's tree is more than `limit` levels deep, walked without recursion: a chain
 * such as `1 + 1 + … + 1` parses (the parser loops over it) into a tree as deep as it is long, which
 * every recursive walk after parsing (checks, types, compilation, evaluation) would overflow on.
 * @param {any} expr
 * @param {number} limit
 * @returns {boolean}
 */
export function nestedDeeperThan(expr, limit) {
  /** @type {[any, number][]} */
  const pending = [[expr, 1]];
  while (pending.length > 0) {
    const [e, depth] = /** @type {[any, number]} */ (pending.pop());
    if (!e) continue;
    if (depth > limit) return true;
    const kind = e.exprKind;
    /** @type {any[]} */
    let children = [];
    switch (kind.case) {
      case "selectExpr":
        children = [kind.value.operand];
        break;
      case "callExpr":
        children = [kind.value.target, ...kind.value.args];
        break;
      case "listExpr":
        children = kind.value.elements;
        break;
      case "structExpr":
        for (const entry of kind.value.entries) children.push(entry.value, entry.keyKind.case === "mapKey" ? entry.keyKind.value : undefined);
        break;
      case "comprehensionExpr": {
        const c = kind.value;
        children = [c.iterRange, c.accuInit, c.loopCondition, c.loopStep, c.result];
        break;
      }
    }
    for (const child of children) pending.push([child, depth + 1]);
  }
  return false;
}
