import type { plan } from "@bufbuild/cel";
import { OPTIONAL_TYPES_UNSUPPORTED, POLICY_VARIABLES, checkNames as checkTreeNames, comprehensionDepth, nestedDeeperThan, variableReferences } from "./cel-check.js";
import { type CelTypeName, type ParamDefaultProblem, checkTypes } from "./cel-types.js";
import { BAIL, type JsProgram, type JsSource, compileToJs, isPlainData, programFromSource } from "./cel-js.js";
import { INTERPRETER_STEP_LIMIT, celLibrary, interpreterSteps, interpreterTree } from "./cel-lib.js";
import { setOwn } from "./cel-numbers.js";
import { type ParsedExpr, parseSubset } from "./cel-parse.js";
import { CEL_FUNCTIONS } from "./generated/builtin-packs.js";
import { parseParsed } from "./parsed-json.js";

export { POLICY_VARIABLES };

/**
 * The functions of the environment (@bufbuild/cel's standard library and strings extension), as
 * scripts/build-packs.mjs listed them from it: names are checked without loading @bufbuild/cel
 * (parsed-json.test.ts compares the list with the library's).
 */
const FUNCTIONS: ReadonlySet<string> = new Set(CEL_FUNCTIONS);
const isFunction = (name: string) => FUNCTIONS.has(name);

export type Bindings = Partial<Record<(typeof POLICY_VARIABLES)[number], unknown>>;

export interface CompiledExpression {
  source: string;
  /** Deepest nesting of comprehensions (all, exists, map, filter): the exponent of its cost. */
  depth: number;
  /** The value (compiled code, else the interpreter). `keepInts` as JsProgram.run's: CEL ints stay bigints. */
  evaluate(bindings: Bindings, keepInts?: boolean): EvalResult;
  /**
   * The expression compiled to JavaScript over plain data (cel-js.ts; compiled on first use), or
   * undefined when it uses something outside that subset. Its `run` returns the value or BAIL.
   */
  js(): JsProgram | undefined;
  /** Evaluation by @bufbuild/cel's interpreter (planned on first use): the reference semantics. `keepInts` as JsProgram.run's. */
  interpret(bindings: Bindings, keepInts?: boolean): EvalResult;
}

export type EvalResult = { ok: true; value: unknown } | { ok: false; error: string };

export interface CompileError {
  message: string;
  /** 0-based offset in the expression text. */
  offset: number;
}

type Expr = ParsedExpr["expr"];

/**
 * Parses and checks an expression. The common subset of CEL is parsed by cel-parse.ts (the same tree,
 * in microseconds); anything else, and every syntax error, by @bufbuild/cel. `preParsed` is the
 * expression's AST as scripts/build-packs.mjs stored it (built-in packs): the same tree `parse`
 * gives, without parsing's cost ("": the one cel-parse.ts gives); its names are checked here, unless
 * `prechecked` brings what the same checks found when the pack was embedded. `declared`, when given,
 * are the only names it may read from `variables`; `paramTypes` the types of the parameters its policy
 * declares a default for (`params.maxColumns` an int where `spec.params` has `maxColumns: 3`), `paramTexts` their
 * string defaults (a time zone or regex argument is checked in them as in a literal: `paramDefaults`, for the run to
 * report where no value is set over them). A list's result has the
 * `elementType` of its elements when they all have one (a variable keeps it: `variableTypes`' `<name>[]`).
 *
 * Evaluation runs the expression compiled to JavaScript (cel-js.ts) when its inputs are plain data,
 * and @bufbuild/cel's interpreter whenever the compiled code cannot vouch for the result (an error,
 * an unusual value, a construct outside its subset): the interpreter's semantics, at a fraction of
 * its cost. Both are prepared on first use.
 */
export function compileExpression(
  source: string,
  preParsed?: string,
  prechecked?: PrecheckedExpression,
  declared?: ReadonlyMap<string, CelTypeName>,
  returns?: ExpectedResult,
  forEachElement = true,
  paramTypes?: ReadonlyMap<string, CelTypeName>,
  paramTexts?: ReadonlyMap<string, string>,
): { ok: true; expression: CompiledExpression; type: CelTypeName; elementType?: CelTypeName; paramDefaults?: ParamDefaultProblem[] } | { ok: false; error: CompileError } {
  // "": the embedding found that cel-parse.ts gives the tree (see scripts/build-packs.mjs).
  const stored = preParsed === "" ? undefined : preParsed;
  if (preParsed !== undefined && prechecked) {
    // A built-in expression checked when the pack was embedded: its tree is read on first use.
    if (prechecked.problem) return { ok: false, error: prechecked.problem };
    const undeclared = declared && undeclaredVariable((prechecked.variables ?? []).map((name) => ({ name, offset: 0 })), declared);
    if (undeclared) return { ok: false, error: undeclared };
    let tree: ParsedExpr | undefined;
    const read = () => (stored !== undefined ? (parseParsed(stored) as ParsedExpr) : (parseSubset(source) ?? celLibrary().cel.parse(source)));
    // (its type was checked when the pack was embedded; to its readers it is dyn)
    return { ok: true, expression: compiled(source, prechecked.depth, () => (tree ??= read()), prechecked.js), type: "dyn" };
  }
  const tooLarge = exceedsSizeLimits(source);
  if (tooLarge) return { ok: false, error: tooLarge };
  let parsed: ParsedExpr | undefined;
  let subset = false;
  try {
    if (stored !== undefined) parsed = parseParsed(stored) as ParsedExpr;
    else {
      parsed = parseSubset(source);
      subset = parsed !== undefined;
      parsed ??= celLibrary().cel.parse(source);
    }
  } catch (error) {
    return { ok: false, error: syntaxError(source, error) };
  }
  if (nestedDeeperThan(parsed.expr, MAX_EXPRESSION_DEPTH)) return { ok: false, error: NESTED_TOO_DEEPLY };
  let type: CelTypeName = "dyn";
  let elementType: CelTypeName | undefined;
  let paramDefaults: ParamDefaultProblem[] | undefined;
  const problemIn = (tree: ParsedExpr): CompileError | undefined => {
    const positions = tree.sourceInfo?.positions ?? {};
    const named = checkNames(tree.expr, forEachElement, positions) ?? (declared ? undeclaredVariable(variableReferences(tree.expr, positions), declared) : undefined);
    if (named) return named;
    const typed = checkTypes(tree.expr, positions, source, declared, forEachElement ? FOR_EACH_ELEMENT_TYPES : BOUND_TYPES, paramTypes, paramTexts);
    if ("problem" in typed) return typed.problem;
    ({ type, elementType, paramDefaults } = typed);
    return returns && typed.type !== "dyn" && typed.type !== returns.type ? { message: `returns ${typed.type}, but ${returns.what} must return ${returns.type}`, offset: 0 } : undefined;
  };
  let problem = problemIn(parsed);
  // The subset parser keeps no positions: @bufbuild/cel's tree (the same) says where the problem (or default) is.
  if ((problem || paramDefaults) && subset) problem = problemIn(celLibrary().cel.parse(source)) ?? problem;
  if (problem) return { ok: false, error: problem };
  const tree = parsed;
  const unguarded = paramDefaults?.filter((read) => !mayKeepCallFromDefault(read, paramTexts?.get(read.param) ?? ""));
  return { ok: true, expression: compiled(source, comprehensionDepth(tree.expr), () => tree), type, ...(elementType ? { elementType } : {}), ...(unguarded?.length ? { paramDefaults: unguarded } : {}) };
}

/**
 * Whether a condition on the parameter may keep the call from its default `text`: evaluated with the default (and
 * no document), it skips the call (`params.zone == 'none' || …` over `zone: none`), or it reads more than the
 * default and cannot be told before a document. One that lets the call run (`params.zone != '' && …` over
 * `zone: europe/paris`) keeps nothing from it: every document would get the call's error.
 */
function mayKeepCallFromDefault(read: ParamDefaultProblem, text: string): boolean {
  const { cel, env } = celLibrary();
  return read.guards.some(({ operand, skipsWhen }) => {
    try {
      const value = cel.plan(env, interpreterTree(operand))({ params: { [read.param]: text } } as never);
      return value !== !skipsWhen;
    } catch {
      return true;
    }
  });
}

/** What an expression must return where it stands (a validation a bool, a messageExpression a string, …). */
export interface ExpectedResult {
  type: "bool" | "string" | "list";
  /** The expression's role, for the message: "a validation's expression". */
  what: string;
}

/** What scripts/build-packs.mjs found checking a built-in expression (cel-check.js), so loading need not repeat it. */
export interface PrecheckedExpression {
  depth: number;
  problem?: CompileError;
  /** The names of `variables` it reads (checked against its policy's when the pack loads). */
  variables?: string[];
  /** Its generated JavaScript (cel-js.ts), when it is in the compiled subset: used as is, nothing parsed or generated. */
  js?: JsSource;
}

const INTERPRETER_OVER_BUDGET = `cost is over the limit of ${INTERPRETER_STEP_LIMIT.toExponential(0)} interpreted steps (comprehension iterations of an expression outside the compiled subset: \`1u\`, \`timestamp()\`, \`duration()\`…) for one document: nest fewer macros, or precompute a list in a variable`;

/** The first `variables.<name>` that is not one of `declared` (the variables the expression can see). */
function undeclaredVariable(references: readonly { name: string; offset: number }[], declared: ReadonlyMap<string, CelTypeName>): CompileError | undefined {
  const missing = references.find((reference) => !declared.has(reference.name));
  if (!missing) return undefined;
  // (`<name>[]` is the type of a list variable's elements, no name)
  const names = [...declared.keys()].filter((name) => !name.endsWith("[]"));
  const visible = names.length > 0 ? names.map((name) => `variables.${name}`).join(", ") : "none";
  return { message: `undeclared reference to 'variables.${missing.name}' (it can read ${visible}: a variable sees only those declared before it, a matchCondition none)`, offset: missing.offset };
}

/** What the embedded checks of built-in expressions depend on besides the function names: the variables (a stale embedding is checked again). */
export function checkBasis(): string {
  return JSON.stringify(POLICY_VARIABLES);
}

const ELEMENT_VARIABLES = ["item", "index"];
/**
 * The types of the names every expression reads, as the engine binds them (engine.ts's Frame): `kind`
 * and `file` are strings, the views lists. A matchCondition of `kind` (a string, never a bool) is then
 * refused at load, not an error on every document. `object` stays `dyn` (the conformance suite binds
 * its values of every type to it); `params` and `variables` are left out: checkTypes types their fields
 * one by one.
 */
const BOUND_TYPES: ReadonlyMap<string, CelTypeName> = new Map<string, CelTypeName>([
  ["kind", "string"],
  ["file", "string"],
  ["contracts", "map"],
  ["unreadFiles", "list"],
  ["module", "map"],
  ...(["schemaObjects", "properties", "arrayItems", "servers", "slaProperties", "outputPorts", "inputPorts", "resources"] as const).map((view) => [view, "list"] as const),
]);
/** A forEach element's names whose type is known: `index` is an int (`item` is whatever the list holds). */
const FOR_EACH_ELEMENT_TYPES: ReadonlyMap<string, CelTypeName> = new Map([...BOUND_TYPES, ["index", "int"]]);
const OUTSIDE_FOREACH = new Set(POLICY_VARIABLES.filter((name) => !ELEMENT_VARIABLES.includes(name)));

/**
 * Undeclared names and unknown functions. `item` and `index` exist only in a forEach validation's
 * expressions: read anywhere else they would never have a value, so that is a load-time error too.
 */
function checkNames(expr: Expr | undefined, forEachElement: boolean, positions: Record<string, number>): CompileError | undefined {
  const problem = checkTreeNames(expr, forEachElement ? new Set(POLICY_VARIABLES) : OUTSIDE_FOREACH, positions, isFunction);
  const element = problem && /^undeclared reference to '(item|index)' /.exec(problem.message);
  if (!element) return problem;
  return { ...problem, message: `'${element[1]}' is bound only in a validation with forEach (its expression, messageExpression and pathExpression), not here` };
}

function compiled(source: string, depth: number, tree: () => ParsedExpr, generated?: JsSource): CompiledExpression {
  let program: ReturnType<typeof plan> | undefined;
  let js: JsProgram | undefined | null = null;
  const expression: CompiledExpression = {
    source,
    depth,
    js() {
      if (js === null) {
        const expr = generated ? undefined : tree().expr;
        js = generated ? programFromSource(generated) : expr ? compileToJs(expr, POLICY_VARIABLES, isFunction) : undefined;
      }
      return js;
    },
    interpret(bindings, keepInts = false) {
      const { cel, env } = celLibrary();
      program ??= cel.plan(env, interpreterTree(tree()));
      interpreterSteps.left = INTERPRETER_STEP_LIMIT;
      try {
        const value = program(interpreterBindings(bindings) as never);
        // Over the budget, no value counts: an `||` may have absorbed the error, but not the work it cut short.
        if (interpreterSteps.left < 0) return { ok: false, error: INTERPRETER_OVER_BUDGET };
        return cel.isCelError(value) ? { ok: false, error: value.message } : { ok: true, value: toPlain(value, keepInts) };
      } catch (error) {
        return { ok: false, error: (error as Error).message };
      } finally {
        interpreterSteps.left = Number.POSITIVE_INFINITY;
      }
    },
    evaluate(bindings, keepInts = false) {
      const program = expression.js();
      if (program && plainBindings(bindings)) {
        const value = program.run(bindings, Infinity, keepInts);
        if (value !== BAIL) return { ok: true, value };
      }
      return expression.interpret(bindings, keepInts);
    },
  };
  return expression;
}

/**
 * The bindings as @bufbuild/cel can read them. It takes a JS object for a CEL map only when the object's
 * `constructor` is Object's, and one with a `$typeName` key for a protobuf message; a document may have
 * either key (`constructor: 1`), so such objects, wherever they are, are handed over as Maps.
 * Converted once per object (documents are read many times).
 */
function interpreterBindings(bindings: Bindings): Bindings {
  const out: Record<string, unknown> = {};
  // `variables` grows in place as a policy's variables are computed, so it is converted afresh each time
  // (the values in it, which never change once set, come from the cache): a conversion cached before a
  // variable holding a map with a `constructor` key was added would hand that map to @bufbuild/cel as it
  // is, which it rejects ("Unsupported input").
  for (const [name, value] of Object.entries(bindings)) out[name] = name === "variables" ? convertForInterpreter(value) : interpreterValue(value);
  return out as Bindings;
}

const converted = new WeakMap<object, unknown>();

function interpreterValue(value: unknown): unknown {
  if (value === null || typeof value !== "object" || value instanceof Uint8Array) return value;
  const known = converted.get(value);
  if (known !== undefined) return known;
  const result = convertForInterpreter(value);
  converted.set(value, result);
  return result;
}

/** A value as @bufbuild/cel reads it: a mapping with a `constructor` or `$typeName` key as a Map, at any depth. */
function convertForInterpreter(value: unknown): unknown {
  if (value === null || typeof value !== "object" || value instanceof Uint8Array) return value;
  let result: unknown = value;
  if (Array.isArray(value)) {
    const items = value.map(interpreterValue);
    if (items.some((item, i) => item !== value[i])) result = items;
  } else if (Object.getPrototypeOf(value) === Object.prototype) {
    const entries = Object.entries(value).map(([key, item]) => [key, interpreterValue(item)] as const);
    const keys = Object.keys(value);
    if (keys.includes("constructor") || keys.includes("$typeName")) result = new Map(entries);
    else if (entries.some(([key, item]) => item !== (value as Record<string, unknown>)[key])) result = Object.fromEntries(entries);
  }
  return result;
}

/** Whether every variable of a bindings object is plain data, so that compiled code may read it. */
function plainBindings(bindings: Bindings): boolean {
  if (bindings === null || typeof bindings !== "object" || Object.getPrototypeOf(bindings) !== Object.prototype) return false;
  for (const name of POLICY_VARIABLES) {
    const value = (bindings as Record<string, unknown>)[name];
    if (value !== undefined && !isPlainData(value)) return false;
  }
  return true;
}

/**
 * cel-go's default limits (parser.MaxRecursionDepth, ExpressionSizeCodePointLimit): far beyond what a
 * policy writes, and within what every walk of the tree (recursive, as the parser is) can take.
 */
export const MAX_EXPRESSION_DEPTH = 250;
export const MAX_EXPRESSION_CODE_POINTS = 100_000;

const NESTED_TOO_DEEPLY: CompileError = { message: "syntax error: the expression is nested too deeply to parse; split it into variables", offset: 0 };

/** The syntax error of an expression too long to compile in bounded time, or undefined. */
function exceedsSizeLimits(source: string): CompileError | undefined {
  // (UTF-16 length first: counting code points is only needed near the limit)
  if (source.length <= MAX_EXPRESSION_CODE_POINTS) return undefined;
  const codePoints = [...source].length;
  if (codePoints <= MAX_EXPRESSION_CODE_POINTS) return undefined;
  return { message: `syntax error: the expression is ${codePoints} characters long, more than the ${MAX_EXPRESSION_CODE_POINTS} an expression may hold; move its data into params`, offset: 0 };
}

function syntaxError(source: string, error: unknown): CompileError {
  // The parser recurses per level of nesting: an expression nested thousands deep exhausts the stack.
  if (error instanceof RangeError) return NESTED_TOO_DEEPLY;
  const message = String((error as Error).message).split("\n")[0]!;
  // "<input>:1:10: found + but expecting end of input"
  const match = /^<input>:(\d+):(\d+):\s*(.*)$/.exec(message);
  const offset = match ? lineColumnToOffset(source, Number(match[1]), Number(match[2])) : 0;
  // The parser's list of what it expected says nothing useful about `?`: say what to write instead.
  if (optionalSyntaxAt(source, offset)) return { message: `syntax error: ${OPTIONAL_TYPES_UNSUPPORTED}`, offset };
  const reason = match ? match[3]! : message;
  return { message: `syntax error: ${(END_EXPECTED.test(reason) && incompleteAfter(source, offset)) || reason}`, offset };
}

/**
 * The PEG parser's answer when an expression is complete up to some point and what follows cannot
 * continue it: it backtracks to the longest expression it can read, so `a == ` or `size(` come out as
 * "found = but expecting end of input", naming the operator rather than the operand or `)` missing after it.
 */
const END_EXPECTED = /^found .* but expecting end of input$/;
const CONTINUATION = /^(==|!=|<=|>=|&&|\|\||in\b|[<>+\-*/%?([.)\]}])/;

/** What is wrong with the text at `offset`, which cannot continue the complete expression before it. */
function incompleteAfter(source: string, offset: number): string | undefined {
  const rest = source.slice(offset);
  const token = CONTINUATION.exec(rest)?.[1];
  switch (token) {
    case undefined: {
      const word = /^([A-Za-z_][A-Za-z0-9_]*|\S)/.exec(rest)?.[1];
      return word && `\`${word}\` cannot follow the complete expression before it (an operator such as \`&&\` missing?)`;
    }
    case "?":
      return "the conditional `?` is not followed by a complete `<then> : <else>`";
    case "(":
      return "the `(` is not followed by complete arguments and a closing `)`";
    case "[":
      return "the `[` is not followed by a complete index and a closing `]`";
    case ".":
      return "the `.` is not followed by a complete field name or method call";
    case ")":
    case "]":
    case "}":
      return `the \`${token}\` closes nothing that is open`;
    default:
      return `\`${token}\` is not followed by a complete right operand`;
  }
}

/**
 * Whether the syntax error at `offset` is cel-go's optional syntax (`x.?f`, `x[?k]`, `[?v]`, `{?k: v}`), which
 * @bufbuild/cel does not parse: a `?` right after `.`, `[`, `{` or `,`, at the error or right after it.
 */
function optionalSyntaxAt(source: string, offset: number): boolean {
  const question = source[offset] === "?" ? offset : /^[.[{,]\s*\?/.test(source.slice(offset)) ? source.indexOf("?", offset) : -1;
  return question >= 0 && /[.[{,]\s*$/.test(source.slice(0, question));
}

function lineColumnToOffset(text: string, line: number, column: number): number {
  const lines = text.split("\n");
  let offset = 0;
  for (let i = 0; i < line - 1 && i < lines.length; i++) offset += lines[i]!.length + 1;
  return offset + Math.max(0, column - 1);
}

/** CEL values back to plain JS: lists, maps, bigints (ints) as numbers when safe, unless `keepInts`. */
export function toPlain(value: unknown, keepInts = false): unknown {
  if (typeof value === "bigint") return keepInts ? value : Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  const { isCelList, isCelMap } = celLibrary().cel;
  if (isCelList(value)) return [...value].map((v) => toPlain(v, keepInts));
  if (isCelMap(value)) {
    // A variable's map with keys that are not strings is kept as the interpreter made it (see toPlainValue).
    if (keepInts && [...value.keys()].some((k) => typeof k !== "string")) return value;
    const out: Record<string, unknown> = {};
    // A `__proto__` key stays a key (assigned, it would set the prototype, or be lost).
    for (const [k, v] of value.entries()) setOwn(out, String(toPlain(k)), toPlain(v, keepInts));
    return out;
  }
  return value;
}
