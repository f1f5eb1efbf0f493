/**
 * The type check of a parsed CEL expression at load time. Documents are arbitrary JSON, so whatever an
 * expression reads from them is `dyn` and may be anything; but literals, operators and functions have
 * types of their own, and a combination no overload accepts (`'abc' - 1`, `size(x) > 'a'`,
 * `name.startsWith(1)`) fails on every document it reaches. Such a mistake is reported when the
 * policy loads, at its column, as cel-go's checker reports it. The check is conservative: `dyn`
 * matches every overload, so only what must fail is reported.
 */
import { re2js } from "@meshkit/core";
import type { ParsedExpr } from "./cel-parse.js";
import { MAX_TIMESTAMP_SECONDS, MIN_TIMESTAMP_SECONDS, parseGoDuration, parseRfc3339, timestampFields, zoneIgnoringCase } from "./cel-time.js";

type Expr = NonNullable<ParsedExpr["expr"]>;
type Comprehension = Extract<Expr["exprKind"], { case: "comprehensionExpr" }>["value"];

export type CelTypeName = "bool" | "int" | "uint" | "double" | "string" | "bytes" | "null" | "list" | "map" | "timestamp" | "duration" | "type" | "dyn";

export interface TypeProblem {
  message: string;
  offset: number;
}

/** A parameter's string default that a call cannot take (a time zone or pattern): wrong only where nothing sets the parameter. */
export interface ParamDefaultProblem extends TypeProblem {
  param: string;
  /** The conditions on the parameter that may keep the call from running (see ParamGuard): the default is wrong unless one does. */
  guards: ParamGuard[];
}

/**
 * A condition on a parameter beside a call that reads it (`params.zone == 'none'` in `params.zone == 'none' || ….getHours(params.zone)`):
 * the call is not evaluated, or its error absorbed, when `operand` is `skipsWhen`.
 */
export interface ParamGuard {
  param: string;
  operand: Expr;
  skipsWhen: boolean;
}

const MIN_INT = -(2n ** 63n);
const MAX_INT = 2n ** 63n - 1n;
const MAX_UINT = 2n ** 64n - 1n;
const NUMERIC = new Set<CelTypeName>(["int", "uint", "double"]);
const ORDERED = new Set<CelTypeName>(["int", "uint", "double", "string", "bytes", "bool", "timestamp", "duration"]);
const TYPE_DENOTATIONS: Record<string, CelTypeName> = { int: "type", uint: "type", double: "type", bool: "type", string: "type", bytes: "type", list: "type", map: "type", null_type: "type", type: "type", dyn: "type" };

/** `(result, accepted argument lists)`: a function's overloads by their argument types; `*` is any type. */
type Overloads = readonly (readonly [CelTypeName, ...(CelTypeName | "*")[]])[];

const ARITHMETIC: Record<string, Overloads> = {
  "_+_": [
    ["int", "int", "int"],
    ["uint", "uint", "uint"],
    ["double", "double", "double"],
    ["string", "string", "string"],
    ["bytes", "bytes", "bytes"],
    ["list", "list", "list"],
    ["timestamp", "timestamp", "duration"],
    ["timestamp", "duration", "timestamp"],
    ["duration", "duration", "duration"],
  ],
  "_-_": [
    ["int", "int", "int"],
    ["uint", "uint", "uint"],
    ["double", "double", "double"],
    ["duration", "timestamp", "timestamp"],
    ["timestamp", "timestamp", "duration"],
    ["duration", "duration", "duration"],
  ],
  "_*_": [
    ["int", "int", "int"],
    ["uint", "uint", "uint"],
    ["double", "double", "double"],
  ],
  "_/_": [
    ["int", "int", "int"],
    ["uint", "uint", "uint"],
    ["double", "double", "double"],
  ],
  "_%_": [
    ["int", "int", "int"],
    ["uint", "uint", "uint"],
  ],
  "-_": [
    ["int", "int"],
    ["double", "double"],
    ["duration", "duration"],
  ],
};

const TIMESTAMP_ACCESSORS = ["getFullYear", "getMonth", "getDayOfYear", "getDayOfMonth", "getDate", "getDayOfWeek", "getHours", "getMinutes", "getSeconds", "getMilliseconds"];
/** Those a duration has too: its whole hours, minutes and seconds, and the milliseconds of its fraction of a second. */
const DURATION_ACCESSORS = ["getHours", "getMinutes", "getSeconds", "getMilliseconds"];

function timestampAccessor(ofDuration: boolean): Overloads {
  return [["int", "timestamp"], ["int", "timestamp", "string"], ...(ofDuration ? [["int", "duration"] as const] : [])];
}

/** Functions and methods (`target.f(args)`: the target is the first argument) with the types they take. */
const FUNCTIONS: Record<string, Overloads> = {
  size: [
    ["int", "string"],
    ["int", "bytes"],
    ["int", "list"],
    ["int", "map"],
  ],
  startsWith: [["bool", "string", "string"]],
  endsWith: [["bool", "string", "string"]],
  contains: [["bool", "string", "string"]],
  matches: [["bool", "string", "string"]],
  lowerAscii: [["string", "string"]],
  upperAscii: [["string", "string"]],
  trim: [["string", "string"]],
  charAt: [["string", "string", "int"]],
  indexOf: [
    ["int", "string", "string"],
    ["int", "string", "string", "int"],
  ],
  lastIndexOf: [
    ["int", "string", "string"],
    ["int", "string", "string", "int"],
  ],
  substring: [
    ["string", "string", "int"],
    ["string", "string", "int", "int"],
  ],
  replace: [
    ["string", "string", "string", "string"],
    ["string", "string", "string", "string", "int"],
  ],
  split: [
    ["list", "string", "string"],
    ["list", "string", "string", "int"],
  ],
  join: [
    ["string", "list"],
    ["string", "list", "string"],
  ],
  // The strings extension's format takes its values as one list: `'%s of %d'.format([name, n])`.
  format: [["string", "string", "list"]],
  // Timestamp and duration accessors: an int, on a timestamp in UTC or the time zone given (`'Europe/Paris'`).
  ...Object.fromEntries(TIMESTAMP_ACCESSORS.map((name) => [name, timestampAccessor(DURATION_ACCESSORS.includes(name))])),
  // Conversions take many types; what they return is what matters here.
  int: [["int", "*"]],
  uint: [["uint", "*"]],
  double: [["double", "*"]],
  string: [["string", "*"]],
  bytes: [["bytes", "*"]],
  bool: [["bool", "*"]],
  timestamp: [["timestamp", "*"]],
  duration: [["duration", "*"]],
  dyn: [["dyn", "*"]],
  type: [["type", "*"]],
};

/**
 * How FUNCTIONS' functions are called, where only one way exists (`size` is both): the strings' functions are
 * methods (`name.contains('x')`, not `contains(name, 'x')`), the conversions functions (`int(x)`, not `x.int()`).
 * The other way is no overload either: it fails on every document as an arity does.
 */
const METHODS = new Set(["startsWith", "endsWith", "contains", "matches", "lowerAscii", "upperAscii", "trim", "charAt", "indexOf", "lastIndexOf", "substring", "replace", "split", "join", "format", ...TIMESTAMP_ACCESSORS]);
const CONVERSIONS = new Set(["int", "uint", "double", "string", "bytes", "bool", "timestamp", "duration", "dyn", "type"]);

/** The CEL type of a value as the engine hands it to expressions (whole numbers as bigints: ints); `null` is no declared type. */
export function celTypeOfValue(value: unknown): CelTypeName {
  if (typeof value === "bigint") return "int";
  if (typeof value === "number") return "double";
  if (typeof value === "string") return "string";
  if (typeof value === "boolean") return "bool";
  if (Array.isArray(value)) return "list";
  return value !== null && typeof value === "object" ? "map" : "dyn";
}

const show = (types: readonly CelTypeName[]) => `(${types.join(", ")})`;

/**
 * The type an expression returns, or the first combination of types no overload accepts (its offset
 * in `source`). Names comprehensions bind are `dyn`, their accumulator the type of its initial value;
 * `variables.<name>` is the type of that variable's expression (`variableTypes`), so a variable keeps it;
 * `params.<name>` (or `params['<name>']`) the type of the parameter's default in the policy's `spec.params`
 * (`paramTypes`), which every value set over it must have (stream.ts refuses another kind before the run), and
 * its elements (`params.tags[0]`, `t` in `params.tags.exists(t, …)`) the type `paramTypes` has for `<name>[]`,
 * that of a default whose elements are all of one type, as every value set over it must have them too (so are
 * those of a list literal whose elements are: `t` in `['a', 'b'].exists(t, …)`);
 * a variable's elements the type `variableTypes` has for `<name>[]` (`elementType` of its expression's check);
 * `names` are other names whose type is known (a forEach's `index`, an int); `paramTexts` the parameters whose
 * default is a string, checked as a constant argument is (`getHours(params.zone)` with `zone: europe/paris`).
 */
export function checkTypes(
  expr: Expr | undefined,
  positions: Record<string, number>,
  source = "",
  variableTypes: ReadonlyMap<string, CelTypeName> = new Map(),
  names: ReadonlyMap<string, CelTypeName> = new Map(),
  paramTypes: ReadonlyMap<string, CelTypeName> = new Map(),
  paramTexts: ReadonlyMap<string, string> = new Map(),
): { type: CelTypeName; elementType?: CelTypeName; paramDefaults?: ParamDefaultProblem[] } | { problem: TypeProblem } {
  let problem: TypeProblem | undefined;
  const paramDefaults: ParamDefaultProblem[] = [];
  /** The conditions on parameters around the operand being visited (`params.zone == 'none' || …`): see guardsOf. */
  const guarded: ParamGuard[] = [];
  /** The accumulators of the comprehensions visited (`@result`): `all`'s and `exists`' steps join them with `&&`, `||`. */
  const accumulators = new Set<string>();
  /**
   * The parameters that the other operands of a call read, for each operand another one may keep from being evaluated
   * or whose error it absorbs: both of `&&` and `||` (commutative in CEL), the branches of `?:` (its condition's).
   * None for the step of `all` or `exists`, which evaluates its predicate on every element.
   */
  const guardsOf = (name: string, operands: readonly Expr[], scope: ReadonlyMap<string, CelTypeName>): ParamGuard[][] => {
    const reads = (e: Expr, skipsWhen: boolean) => subExpressions(e).flatMap((sub) => paramRead(sub, scope) ?? []).map((param) => ({ param, operand: e, skipsWhen }));
    // The `then` branch runs when the condition is true, the `else` branch when it is false.
    if (name === "_?_:_") return operands.map((_, i) => (i === 0 ? [] : reads(operands[0]!, i === 2)));
    const accumulated = operands.some((o) => o.exprKind.case === "identExpr" && accumulators.has(o.exprKind.value.name));
    if ((name !== "_&&_" && name !== "_||_") || accumulated) return operands.map(() => []);
    return operands.map((_, i) => operands.flatMap((other, j) => (j === i ? [] : reads(other, name === "_||_"))));
  };
  // An operator's recorded position may be the blank before it: the column shown is the operator's own.
  const at = (e: Expr) => {
    let offset = positions[String(e.id)] ?? 0;
    while (source[offset] === " ") offset++;
    return offset;
  };
  const fail = (e: Expr, message: string): CelTypeName => {
    problem ??= { message, offset: at(e) };
    return "dyn";
  };

  /** The result of the first overload the argument types fit (`dyn` fits any), `dyn` when several results are possible. */
  const resolve = (e: Expr, name: string, overloads: Overloads, args: CelTypeName[], member: boolean): CelTypeName => {
    if ((METHODS.has(name) && !member) || (CONVERSIONS.has(name) && member)) return fail(e, `found no matching overload for '${name}' applied to '${show(args)}' (${member ? `a function: write ${name}(x), not x.${name}()` : `a method: write x.${name}(…), not ${name}(x, …)`})`);
    const fitting = overloads.filter((o) => o.length - 1 === args.length && o.slice(1).every((t, i) => t === "*" || args[i] === "dyn" || args[i] === t));
    // Another number of arguments fails too, whatever they hold (`'%s of %s'.format(a, b)`, as printf takes them).
    if (fitting.length === 0) return fail(e, `found no matching overload for '${name}' applied to '${show(args)}'`);
    const results = new Set(fitting.map((o) => o[0]));
    return results.size === 1 ? [...results][0]! : "dyn";
  };

  /** The parameter `e` reads (`params.tags`, `params['tags']`), unless a comprehension binds the name `params` itself. */
  const paramRead = (e: Expr | undefined, scope: ReadonlyMap<string, CelTypeName>): string | undefined => {
    const kind = e?.exprKind;
    if (scope.has("params")) return undefined;
    if (kind?.case === "selectExpr" && !kind.value.testOnly && kind.value.operand?.exprKind.case === "identExpr" && kind.value.operand.exprKind.value.name === "params") return kind.value.field;
    if (kind?.case !== "callExpr" || kind.value.function !== "_[_]" || kind.value.target) return undefined;
    const [from, key] = kind.value.args;
    const constant = key?.exprKind.case === "constExpr" ? key.exprKind.value.constantKind : undefined;
    return from?.exprKind.case === "identExpr" && from.exprKind.value.name === "params" && constant?.case === "stringValue" ? constant.value : undefined;
  };
  /** The variable `e` reads (`variables.tags`), unless a comprehension binds the name `variables` itself. */
  const variableRead = (e: Expr | undefined, scope: ReadonlyMap<string, CelTypeName>): string | undefined => {
    const kind = e?.exprKind;
    if (scope.has("variables") || kind?.case !== "selectExpr" || kind.value.testOnly) return undefined;
    return kind.value.operand?.exprKind.case === "identExpr" && kind.value.operand.exprKind.value.name === "variables" ? kind.value.field : undefined;
  };
  /**
   * The element type of each list visited whose elements all have one, as cel-go's list(string): a literal's
   * (`['a', 'b']`), and a `map` or `filter` over a list whose results have one (`params.tags.map(t, t.upperAscii())`).
   */
  const listElementTypes = new Map<Expr, CelTypeName>();
  /** The type of the elements of a list `e` (already visited): a literal's or macro's, or a list parameter's or variable's when it declares one. */
  const elementType = (e: Expr | undefined, scope: ReadonlyMap<string, CelTypeName>): CelTypeName => {
    const listed = e && listElementTypes.get(e);
    if (listed) return listed;
    const variable = variableRead(e, scope);
    if (variable !== undefined) return variableTypes.get(variable) === "list" ? (variableTypes.get(`${variable}[]`) ?? "dyn") : "dyn";
    const name = paramRead(e, scope);
    return name === undefined || paramTypes.get(name) !== "list" ? "dyn" : (paramTypes.get(`${name}[]`) ?? "dyn");
  };
  /**
   * The element type of the list a comprehension builds: `map` and `filter` start from `[]` and append one-element
   * lists (`accu + [f(x)]`); when every one appended has the same element type, so has the result. Else dyn.
   */
  const builtElementType = (c: Comprehension): CelTypeName => {
    const empty = c.accuInit?.exprKind.case === "listExpr" && c.accuInit.exprKind.value.elements.length === 0;
    if (!empty || c.result?.exprKind.case !== "identExpr" || c.result.exprKind.value.name !== c.accuVar) return "dyn";
    const appended = new Set<CelTypeName>();
    const walk = (e: Expr | undefined): void => {
      if (e?.exprKind.case !== "callExpr") return;
      const [accu, added] = e.exprKind.value.args;
      if (e.exprKind.value.function === "_+_" && accu?.exprKind.case === "identExpr" && accu.exprKind.value.name === c.accuVar && added) appended.add(listElementTypes.get(added) ?? "dyn");
      else e.exprKind.value.args.forEach(walk);
    };
    walk(c.loopStep);
    const [only] = appended;
    return appended.size === 1 ? only! : "dyn";
  };

  const visit = (e: Expr | undefined, scope: ReadonlyMap<string, CelTypeName>): CelTypeName => {
    if (!e) return "dyn";
    const kind = e.exprKind;
    switch (kind.case) {
      case "constExpr":
        switch (kind.value.constantKind.case) {
          case "boolValue":
            return "bool";
          // Both parsers read any number of digits; CEL's ints are 64 bits, and cel-go refuses a literal past them.
          case "int64Value":
            return kind.value.constantKind.value < MIN_INT || kind.value.constantKind.value > MAX_INT ? fail(e, "invalid int literal: out of the 64-bit range") : "int";
          case "uint64Value":
            return kind.value.constantKind.value > MAX_UINT ? fail(e, "invalid uint literal: out of the 64-bit range") : "uint";
          case "doubleValue":
            return "double";
          case "stringValue":
            return "string";
          case "bytesValue":
            return "bytes";
          case "nullValue":
            return "null";
          default:
            return "dyn";
        }
      case "identExpr":
        return scope.get(kind.value.name) ?? TYPE_DENOTATIONS[kind.value.name] ?? "dyn";
      case "selectExpr": {
        const variable = variableRead(e, scope);
        if (variable !== undefined) return variableTypes.get(variable) ?? "dyn";
        const param = paramRead(e, scope);
        if (param !== undefined) return paramTypes.get(param) ?? "dyn";
        const operand = visit(kind.value.operand, scope);
        if (operand !== "dyn" && operand !== "map") return fail(e, `type '${operand}' does not support field selection (.${kind.value.field})`);
        return kind.value.testOnly ? "bool" : "dyn";
      }
      case "listExpr": {
        const types = new Set(kind.value.elements.map((element) => visit(element, scope)));
        const [only] = types;
        // (an optional element `?x` is of another type than its value)
        if (types.size === 1 && only !== "dyn" && only !== "null" && kind.value.optionalIndices.length === 0) listElementTypes.set(e, only!);
        return "list";
      }
      case "structExpr":
        for (const entry of kind.value.entries) {
          if (entry.keyKind.case === "mapKey") visit(entry.keyKind.value, scope);
          visit(entry.value, scope);
        }
        return kind.value.messageName === "" ? "map" : "dyn";
      case "comprehensionExpr": {
        const c = kind.value;
        const range = visit(c.iterRange, scope);
        if (range !== "dyn" && range !== "list" && range !== "map") return fail(c.iterRange ?? e, `expression of type '${range}' cannot be the range of a comprehension (a list or a map is)`);
        const inner = new Map(scope);
        // Over a list, the one variable (or the second of two, after the index) is an element.
        const element = range === "list" ? elementType(c.iterRange, scope) : "dyn";
        inner.set(c.iterVar, c.iterVar2 ? "dyn" : element);
        if (c.iterVar2) inner.set(c.iterVar2, element);
        // Macros (all, exists, exists_one, map, filter) keep their accumulator's type: bool, int or list.
        inner.set(c.accuVar, visit(c.accuInit, scope));
        accumulators.add(c.accuVar);
        visit(c.loopCondition, inner);
        visit(c.loopStep, inner);
        const result = visit(c.result, inner);
        const built = result === "list" ? builtElementType(c) : "dyn";
        if (built !== "dyn") listElementTypes.set(e, built);
        return result;
      }
      case "callExpr":
        return call(e, kind.value.function, kind.value.target, kind.value.args, scope);
      default:
        return "dyn";
    }
  };

  const call = (e: Expr, name: string, target: Expr | undefined, argExprs: readonly Expr[], scope: ReadonlyMap<string, CelTypeName>): CelTypeName => {
    const operands = [...(target ? [target] : []), ...argExprs];
    const guards = guardsOf(name, operands, scope);
    const args = operands.map((a, i) => {
      guarded.push(...guards[i]!);
      const type = visit(a, scope);
      guarded.splice(guarded.length - guards[i]!.length);
      return type;
    });
    if (problem) return "dyn";
    const last = argExprs.at(-1);
    const constant = last?.exprKind.case === "constExpr" && last.exprKind.value.constantKind.case === "stringValue" ? last.exprKind.value.constantKind.value : undefined;
    // A parameter's string default is the value every run that sets no other one reads (the run, knowing the values
    // set, reports it then), unless a condition keeps the call from it (`params.zone == 'none' || ….getHours(params.zone)`).
    const param = constant === undefined ? paramRead(last, scope) : undefined;
    const paramText = param === undefined ? undefined : paramTexts.get(param);
    const text = constant ?? paramText;
    const invalid = text === undefined ? undefined : constantArgumentProblem(name, args.length, text);
    if (invalid && paramText === undefined) return fail(last!, invalid);
    // A parameter is shown where `params` is written, not at the `.` or `[` after it, where its read is recorded.
    if (invalid) paramDefaults.push({ param: param!, message: `${invalid} (the default of params.${param} in spec.params)`, offset: at(readOperand(last!)), guards: guarded.filter((guard) => guard.param === param) });
    switch (name) {
      case "_&&_":
      case "_||_":
      case "!_":
      case "@not_strictly_false": {
        const bad = args.findIndex((t) => t !== "bool" && t !== "dyn");
        if (bad === -1 || name === "@not_strictly_false") return "bool";
        // The logical operators are recorded where the whole chain starts: the operand that is not a bool is shown instead.
        const operand = [...(target ? [target] : []), ...argExprs][bad]!;
        return fail(name === "!_" ? e : operand, `found no matching overload for '${name}' applied to '${show(args)}'`);
      }
      case "_==_":
      case "_!=_":
        // Equality is heterogeneous at run time (`1 == 'a'` is false, not an error): nothing to refuse.
        return "bool";
      case "_<_":
      case "_<=_":
      case "_>_":
      case "_>=_": {
        const [a, b] = args as [CelTypeName, CelTypeName];
        const known = (t: CelTypeName) => t !== "dyn";
        const orderable = (t: CelTypeName) => !known(t) || ORDERED.has(t);
        const ok = orderable(a) && orderable(b) && (!known(a) || !known(b) || a === b || (NUMERIC.has(a) && NUMERIC.has(b)));
        return ok ? "bool" : fail(e, `found no matching overload for '${name}' applied to '${show(args)}'`);
      }
      case "_?_:_": {
        const [condition, yes, no] = args as [CelTypeName, CelTypeName, CelTypeName];
        if (condition !== "bool" && condition !== "dyn") return fail(e, `found no matching overload for '_?_:_' applied to '${show(args)}'`);
        return yes === no ? yes : "dyn";
      }
      case "_[_]": {
        const container = args[0]!;
        // `params['maxColumns']` is the parameter, as `params.maxColumns` is.
        const param = paramRead(e, scope);
        if (param !== undefined) return paramTypes.get(param) ?? "dyn";
        if (container !== "dyn" && container !== "list" && container !== "map") return fail(e, `found no matching overload for '_[_]' applied to '${show(args)}'`);
        if (container === "list" && args[1] !== "dyn" && args[1] !== "int" && args[1] !== "uint") return fail(e, `found no matching overload for '_[_]' applied to '${show(args)}'`);
        return container === "list" ? elementType(argExprs[0], scope) : "dyn";
      }
      case "@in": {
        const container = args[1]!;
        return container === "dyn" || container === "list" || container === "map" ? "bool" : fail(e, `found no matching overload for '@in' applied to '${show(args)}'`);
      }
      default: {
        const overloads = ARITHMETIC[name] ?? FUNCTIONS[name];
        return overloads ? resolve(e, name, overloads, args, target !== undefined) : "dyn";
      }
    }
  };

  const type = visit(expr, names);
  if (problem) return { problem };
  const elements = type === "list" ? elementType(expr, names) : "dyn";
  return { type, ...(elements === "dyn" ? {} : { elementType: elements }), ...(paramDefaults.length > 0 ? { paramDefaults } : {}) };
}

/**
 * Why a constant argument (`text`: a string literal's, or a parameter's default) makes a call fail on every
 * document that reads it: a regular expression RE2 refuses, a timestamp or duration text that does not parse, a time zone the timestamp accessors do not know.
 * cel-go reports a constant regex when the program is built, as Kubernetes does when a policy is
 * created; meshkit does so when the pack loads.
 */
function constantArgumentProblem(name: string, arity: number, text: string): string | undefined {
  try {
    if (name === "matches" && arity === 2) re2js().compile(text);
    else if (name === "timestamp" && arity === 1) {
      const { seconds } = parseRfc3339(text);
      if (seconds < MIN_TIMESTAMP_SECONDS || seconds > MAX_TIMESTAMP_SECONDS) return `timestamp ${JSON.stringify(text)} is out of range (years 1 to 9999)`;
    } else if (name === "duration" && arity === 1) parseGoDuration(text);
    else if (TIMESTAMP_ACCESSORS.includes(name) && arity === 2 && !timeZoneKnown(text)) {
      // A name in another case (`us/eastern`), which Intl would read: say which zone was meant.
      const meant = /^[+-]?\d/.test(text) ? undefined : zoneIgnoringCase(text);
      const hint = meant ? `zone names are case-sensitive, as cel-go reads them: write ${meant}` : "give an IANA name (Europe/Paris) or a fixed offset (+01:00)";
      return `unknown time zone ${JSON.stringify(text)}: ${hint}`;
    }
    return undefined;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return name === "matches" ? `invalid regular expression ${JSON.stringify(text)}: ${reason}` : reason;
  }
}

/** `e` and every expression inside it. */
function subExpressions(e: Expr | undefined): Expr[] {
  const kind = e?.exprKind;
  if (!e || !kind) return [];
  const inner: (Expr | undefined)[] =
    kind.case === "selectExpr"
      ? [kind.value.operand]
      : kind.case === "callExpr"
        ? [kind.value.target, ...kind.value.args]
        : kind.case === "listExpr"
          ? kind.value.elements
          : kind.case === "structExpr"
            ? kind.value.entries.flatMap((entry) => [entry.keyKind.case === "mapKey" ? entry.keyKind.value : undefined, entry.value])
            : kind.case === "comprehensionExpr"
              ? [kind.value.iterRange, kind.value.accuInit, kind.value.loopCondition, kind.value.loopStep, kind.value.result]
              : [];
  return [e, ...inner.flatMap(subExpressions)];
}

/** The operand of a field selection or an index: `params` in `params.zone` and `params['zone']`. */
function readOperand(e: Expr): Expr {
  const kind = e.exprKind;
  if (kind.case === "selectExpr") return kind.value.operand ?? e;
  return kind.case === "callExpr" ? (kind.value.args[0] ?? e) : e;
}

/** Whether the timestamp accessors read a time zone name (the run's own reading: timestampFields). */
function timeZoneKnown(timeZone: string): boolean {
  try {
    timestampFields({ seconds: 0n, nanos: 0 }, timeZone);
    return true;
  } catch {
    return false;
  }
}
