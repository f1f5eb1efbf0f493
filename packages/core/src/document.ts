import jsYaml from "js-yaml";
import { YAML_LOAD_SCHEMA } from "./yaml-schema.js";
import type { CST, Document, LineCounter, Node, Scalar, ScalarTag, YAMLParseError } from "yaml";
import { type Finding, type Stage, docsUrlFor } from "./findings.js";
import { detectKind, type DocumentKind } from "./kinds.js";
import { fromPointer } from "./pointer.js";
import { loadYamlSubset } from "./yaml-fast.js";
import { keyNamed, yamlPropertyName } from "./yaml-keys.js";
import { oneLine, withAuthoredInvisiblesShown, withInvisiblesShown, withLongQuotesCut } from "./message-text.js";
import { readsAsDirective, yamlDirectiveProblems } from "./yaml-directives.js";
import { withoutLoneCr } from "./source.js";
import { yamlLibrary } from "./yaml-library.js";
import { YamlIndex } from "./yaml-locate.js";

/** 1-based source range of a YAML node. */
export interface Position {
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
}

/** One YAML (or JSON) document of a file, with its plain value and a way back to source positions. */
export interface LoadedDocument {
  file: string;
  /** Index of the document in a multi-document YAML stream (0 for most files). */
  index: number;
  value: unknown;
  kind: DocumentKind;
  /**
   * Source range of the node at `pointer`. `target: "key"` points at the mapping key instead of its value
   * (what an "unknown property" finding wants). A pointer that does not exist resolves to its deepest
   * existing ancestor, so a "missing property" finding points at the mapping that lacks it.
   */
  locate(pointer: string, target?: "key" | "value"): Position;
  /**
   * The source text of the value at `pointer`, as written: `1.0` where the value is the number 1.
   * For a pointer that exists; like `locate`, a missing one falls back to its deepest existing ancestor.
   */
  sourceAt(pointer: string): string;
  /**
   * The whole text of the file the document is in (all documents of a YAML stream): a cheap look for what a
   * value may be written as (`sourceAt` locates, which indexes the file). Absent for a document built in memory.
   */
  fileText?(): string;
  /** Builds a finding located at `pointer` in this document. */
  finding(init: FindingInit): Finding;
}

export interface FindingInit {
  ruleId: string;
  severity: Finding["severity"];
  message: string;
  /**
   * Text a user wrote that the message starts with, before `message` (a policy's own message): kept as written
   * but for the values it quotes and the characters no prose needs (withAuthoredInvisiblesShown), where
   * meshkit's `message` shows every invisible character (withInvisiblesShown).
   */
  authored?: string;
  path: string;
  stage: Stage;
  target?: "key" | "value";
  /** The rule's page when not meshkit's docs/rules/<ruleId>.md; null when there is none (a pack's own rule). */
  docsUrl?: string | null;
}

export interface LoadResult {
  documents: LoadedDocument[];
  /** Input problems (syntax, duplicate keys, alias bombs): findings with the `input` stage. */
  findings: Finding[];
}

/** Aliases are where YAML resource-exhaustion attacks live; no contract needs more than this. */
export const MAX_ALIAS_COUNT = 100;

/** Collections nested deeper than this are refused (js-yaml's own limit; no document kind comes close). */
export const MAX_NESTING_DEPTH = 100;

function nestingFinding(file: string, error: unknown): Finding | undefined {
  if (!(error instanceof jsYaml.YAMLException) || !error.reason.startsWith("nesting exceeded maxDepth")) return undefined;
  return tooDeepAt(file, error.mark.line + 1, error.mark.column + 1);
}

function tooDeepAt(file: string, line: number, column: number): Finding {
  const message = `YAML syntax error: collections nested more than ${MAX_NESTING_DEPTH} levels deep; flatten the document.`;
  return { ruleId: "yaml-syntax", severity: "error", message, file, line, column, path: "", stage: "input", docsUrl: docsUrlFor("yaml-syntax") };
}

/**
 * Flow collections nested deeper than the bound in text js-yaml stopped reading before it got there (a
 * syntax error above them): `yaml`, which explains that error, would take seconds and gigabytes over them and
 * report its own stack overflow. Found by the `yaml` lexer, which reads them without recursion (a bracket in a
 * quoted scalar or a comment is none), at the opening bracket one too deep.
 */
function flowNestingFinding(file: string, text: string): Finding | undefined {
  const { CST, Lexer } = yamlLibrary();
  let offset = 0;
  let depth = 0;
  for (const token of new Lexer().lex(text)) {
    const type = CST.tokenType(token);
    if (type === "flow-map-start" || type === "flow-seq-start") {
      if (++depth > MAX_NESTING_DEPTH) {
        const lineStart = text.lastIndexOf("\n", offset - 1) + 1;
        return tooDeepAt(file, text.slice(0, lineStart).split("\n").length, offset - lineStart + 1);
      }
    } else if (type === "flow-map-end" || type === "flow-seq-end") depth = Math.max(0, depth - 1);
    // (a flow collection left open, ended by a line indented too little, ends every one around it too)
    else if (type === "flow-error-end") depth = 0;
    // (the lexer's markers of a document, a scalar and a flow error hold no source text)
    if (type !== "doc-mode" && type !== "scalar" && type !== "flow-error-end") offset += token.length;
  }
  return undefined;
}

/** Characters YAML 1.2 does not allow in a stream, even quoted (outside c-printable): C0 and C1 controls. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL_CHARACTER = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u0084\u0086-\u009F]/;

/** A control character (the `yaml` library would read it into a value unchanged), at its position. */
function controlCharacterFinding(file: string, text: string): Finding | undefined {
  const match = CONTROL_CHARACTER.exec(text);
  if (!match) return undefined;
  const before = text.slice(0, match.index);
  const code = `U+${match[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}`;
  return {
    ruleId: "yaml-syntax",
    severity: "error",
    message: `YAML syntax error: control character ${code} is not allowed in YAML; remove it, or write it as an escape in a double-quoted string ("\\x${match[0].charCodeAt(0).toString(16).padStart(2, "0")}").`,
    file,
    line: before.split("\n").length,
    column: match.index - before.lastIndexOf("\n"),
    path: "",
    stage: "input",
    docsUrl: docsUrlFor("yaml-syntax"),
  };
}

/**
 * A `.json` file must be JSON, not merely YAML that reads the same (a trailing comma, a `#` comment, an
 * unquoted key): tools that read the contract as JSON would refuse it. Its values still come from the YAML
 * parsers, which give the same ones for JSON and the positions.
 */
function strictJsonFinding(file: string, text: string): Finding | undefined {
  if (!/\.json$/i.test(file) || text.trim() === "") return undefined;
  try {
    JSON.parse(text);
    return undefined;
  } catch (error) {
    // V8 quotes the text around an unexpected token (`Unexpected token 'x', "…" is not valid JSON`), line
    // breaks included: that goes, and the token is written as a JSON string, so a line break in it shows.
    const reason = firstLine((error as Error).message.replace(/, (?:\.\.\.)?"[\s\S]*"(?:\.\.\.)? is not valid JSON$/, "")).replace(
      /^Unexpected token '([\s\S]+)'$/,
      (_, token: string) => `Unexpected token ${JSON.stringify(token)}`,
    );
    return strictJsonProblem(file, text, jsonErrorOffset(text, reason), reason);
  }
}

/**
 * What `text` has wrong at `stoppedAt` (where JSON.parse stopped) as a finding: a trailing comma at the comma; an
 * invisible character (a no-break or zero-width space pasted in) named by its code point, which V8's message
 * shows as a space or as nothing at all; anything else with V8's reason.
 */
function strictJsonProblem(file: string, text: string, stoppedAt: number, reason: string): Finding {
  const comma = trailingCommaBefore(text, stoppedAt);
  const offset = comma ?? stoppedAt;
  const before = text.slice(0, offset);
  const char = String.fromCodePoint(text.codePointAt(stoppedAt) ?? 0x20);
  const invisible = char !== " " && withInvisiblesShown(char) !== char;
  const what =
    comma !== undefined
      ? `trailing comma before \`${text[stoppedAt]!}\`; remove it`
      : invisible
        ? `invisible character ${withInvisiblesShown(char)} (U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}), which JSON does not read as white space; delete it or type a plain space`
        : withInvisiblesShown(reason.replace(/ (?:in JSON )?at position \d+.*$/, "").replace(/^JSON\.parse: /, ""));
  return {
    ruleId: "yaml-syntax",
    severity: "error",
    message: terraformStreamMessage(text, stoppedAt, reason) ?? `Not valid JSON: ${what} (a .json file must be strict JSON: no trailing commas, comments or unquoted keys).`,
    file,
    line: before.split("\n").length,
    column: offset - before.lastIndexOf("\n"),
    path: "",
    stage: "input",
    docsUrl: docsUrlFor("yaml-syntax"),
  };
}

/**
 * The message for Terraform's machine-readable UI (`terraform plan -json > plan.json`: one JSON message per
 * line, `{"@level": …, "@message": …}`), which JSON.parse stops reading at its second line: it is no plan, and
 * "non-whitespace character after JSON" does not say which command writes one. Undefined for other text.
 */
function terraformStreamMessage(text: string, stoppedAt: number, reason: string): string | undefined {
  if (!/^Unexpected non-whitespace character after JSON/.test(reason)) return undefined;
  let first: unknown;
  try {
    first = JSON.parse(text.slice(0, stoppedAt));
  } catch {
    return undefined;
  }
  if (first === null || typeof first !== "object" || !("@level" in first) || !("@message" in first)) return undefined;
  return "Not valid JSON: one JSON message per line, the machine-readable output of `terraform plan -json` (or `apply -json`), not a plan; check the plan's JSON form: `terraform plan -out plan.tfplan && terraform show -json plan.tfplan > plan.json`.";
}

/**
 * The offset of the comma before the `}` or `]` JSON.parse stopped at (`"a": 1,\n}`), if only white space is
 * between them: that comma is the mistake, on its own line, where JSON.parse only names the bracket after it.
 */
function trailingCommaBefore(text: string, offset: number): number | undefined {
  if (text[offset] !== "}" && text[offset] !== "]") return undefined;
  let at = offset - 1;
  while (at >= 0 && " \t\n\r".includes(text[at]!)) at--;
  return text[at] === "," ? at : undefined;
}

/**
 * Where JSON.parse stopped reading `text`, as an offset. V8 gives it in most messages (`… in JSON at position
 * 12`), but not for an unexpected token or an early end: there, the longest start of `text` that JSON.parse
 * reads as the start of a JSON text (it ends too early, or fails at its very end) ends at the offending
 * character. Found by halving, so a file of some megabytes takes a few dozen parses, on this error path only.
 */
function jsonErrorOffset(text: string, reason: string): number {
  const at = /at position (\d+)/.exec(reason);
  if (at) return Number(at[1]);
  const end = text.trimEnd().length;
  const startsJson = (length: number): boolean => {
    try {
      JSON.parse(text.slice(0, length));
      return true;
    } catch (error) {
      const message = (error as Error).message;
      return message.startsWith("Unexpected end of JSON input") || Number(/at position (\d+)/.exec(message)?.[1]) === length;
    }
  };
  if (startsJson(end)) return end;
  let read = 0;
  let unread = end;
  while (unread - read > 1) {
    const middle = Math.floor((read + unread) / 2);
    if (startsJson(middle)) read = middle;
    else unread = middle;
  }
  return read;
}

// js-yaml cannot bound alias expansion and reads `0b…` as binary integers (YAML 1.1), so any text it
// read that could contain an alias or such a literal takes the precise path. So does a sequence entry
// that is itself an empty entry (`- -`, or a dash alone on its line with another below it): js-yaml
// folds the next sibling into the inner sequence. A lone dash is rare enough to send to the precise
// path whatever follows. The subset parser takes none of these, so its values need no such check.
const NEEDS_PRECISE_PARSE = /(?:^|[\s,[{:-])\*[^\s,\]}]|\b0b[01]|(?:^|[ \t])-[ \t]+-[ \t]*(?:#.*)?$|^[ \t]*-[ \t]*(?:#.*)?$/m;

/**
 * Parses `text` into documents. Clean files are the common case and must be fast (the pre-commit
 * hook, thousands of contracts in CI), so values come from a parser of the YAML subset contracts are
 * written in (yaml-fast.ts), or, for any other text, from js-yaml with the YAML 1.2 core schema: the
 * same values either way, and about ten times faster than building the `yaml` AST. Positions, when one
 * is asked for, come from a light index of the text (yaml-locate.ts); the `yaml` AST is built only when
 * the text is outside what the index covers, or when js-yaml rejects the text, in which case `yaml`'s
 * errors (with positions) are the findings.
 */
export function loadText(file: string, source: string): LoadResult {
  const text = withoutLoneCr(source);
  const control = controlCharacterFinding(file, text) ?? strictJsonFinding(file, text);
  if (control) return { documents: [], findings: [control] };
  let values = loadYamlSubset(text);
  let readByJsYaml = false;
  if (!values) {
    try {
      // Also for text that takes the precise path: js-yaml still measures its nesting (it keeps aliases as
      // references, so this cannot blow up), and `yaml` would run out of memory on flow collections nested
      // some ten thousand deep, taking the process down. (The subset parser takes no text nested that deep.)
      values = jsYaml.loadAll(text, undefined, { schema: YAML_LOAD_SCHEMA, filename: file });
      readByJsYaml = true;
      if (NEEDS_PRECISE_PARSE.test(text)) values = undefined;
    } catch (error) {
      const tooDeep = nestingFinding(file, error) ?? flowNestingFinding(file, text);
      if (tooDeep) return { documents: [], findings: [tooDeep] };
      values = undefined; // `yaml` below explains what is wrong, with positions.
    }
  }
  // After js-yaml has measured the nesting: the `yaml` parse that judges directives takes seconds and
  // gigabytes on flow collections nested a million deep, which js-yaml refuses at once.
  const directiveErrors = directiveSyntaxFindings(file, text);
  if (directiveErrors.length > 0) return { documents: [], findings: directiveErrors };
  if (values) {
    const source = new LazySource(text);
    // js-yaml reads some text YAML 1.2 refuses (a quoted scalar continued on a line indented less than its
    // mapping, a quote it closes lines later): the `yaml` parse that locates findings would then find them
    // in another tree, at wrong lines. Such text is a syntax error, said where `yaml` finds it. (The subset
    // parser reads the usual contracts: this parse is for the rare text it leaves to js-yaml.)
    if (readByJsYaml && source.documents().some((doc) => documentErrors(doc, text).length > 0)) return loadPrecise(file, text, source);
    // An empty stream (empty file, only comments) is one empty document for the caller to judge.
    if (values.length === 0) values = [null];
    return { documents: values.map((value, index) => makeDocument(file, index, value, source)), findings: [] };
  }
  return loadPrecise(file, text);
}

/** The directives YAML 1.2 refuses (yamlDirectiveProblems' errors) as `yaml-syntax` findings; its warnings are contract-lint's. */
function directiveSyntaxFindings(file: string, text: string): Finding[] {
  return yamlDirectiveProblems(text)
    .filter((problem) => problem.severity === "error")
    .map(({ message, line, column, endLine, endColumn }) => ({ ruleId: "yaml-syntax", severity: "error", message: withInvisiblesShown(message), file, line, column, endLine, endColumn, path: "", stage: "input", docsUrl: docsUrlFor("yaml-syntax") }));
}

/**
 * Where the innermost quoted scalar or flow collection that is never closed begins (an offset), if one
 * is: the place a "missing closing quote" or "must end with a ]" error at the end of the file is about.
 */
function unclosedConstructAt(text: string): number | undefined {
  let found: number | undefined;
  const consider = (token: CST.Token | undefined) => {
    if (token && isUnclosed(token) && (found === undefined || token.offset > found)) found = token.offset;
  };
  const { CST, Parser } = yamlLibrary();
  for (const token of new Parser().parse(text)) {
    if (token.type !== "document") continue;
    consider(token.value);
    CST.visit(token, (item) => {
      consider(item.key ?? undefined);
      consider(item.value);
    });
  }
  return found;
}

function isUnclosed(token: CST.Token): boolean {
  if (token.type === "flow-collection") return !token.end.some((t) => t.type === "flow-map-end" || t.type === "flow-seq-end");
  if (token.type !== "double-quoted-scalar" && token.type !== "single-quoted-scalar") return false;
  return isUnclosedQuote(token.source);
}

/** Whether the source of a quoted scalar lacks its closing quote: it does not end with its quote, or ends with an escaped one. */
function isUnclosedQuote(source: string): boolean {
  const quote = source[0]!;
  const body = source.trimEnd().slice(1);
  // Closed: ends with its quote, not an escaped one (`\"` in double quotes; `''` is a quote in single ones).
  if (quote === '"') return !/(^|[^\\])(\\\\)*"$/.test(body);
  const run = /'*$/.exec(body)![0].length;
  return run % 2 === 0;
}

/**
 * Syntax errors the `yaml` library reads past without a word, each a value no YAML 1.2 reader would give:
 * - a quoted scalar whose last quote on its line is an escaped one (`'It''`, `"C:\\temp\"`), the next line
 *   too little indented for it to go on: the closing quote is missing, but the library ends the scalar at its
 *   line and reads it as closed, its value cut there (found from the scalar's source text, at its opening quote);
 * - an entry with an empty key (`: value`) indented past its block mapping's column, as when a line of a plain
 *   value starts with `: `: bad indentation, but the library adds it to the mapping, under the key "".
 */
function unreportedSyntaxErrors(doc: Document, text: string): YAMLParseError[] {
  const { YAMLParseError, visit } = yamlLibrary();
  const errors: YAMLParseError[] = [];
  const column = (offset: number) => offset - (text.lastIndexOf("\n", offset - 1) + 1);
  visit(doc, {
    Scalar(_, node) {
      if ((node.type !== "QUOTE_DOUBLE" && node.type !== "QUOTE_SINGLE") || !node.range) return;
      const [start, end] = node.range;
      const quote = text[start];
      if ((quote === '"' || quote === "'") && isUnclosedQuote(text.slice(start, end))) {
        errors.push(new YAMLParseError([start, start + 1], "MISSING_CHAR", `Missing closing ${quote}quote`));
      }
    },
    Map(_, map) {
      // (the source tokens keep what the AST drops: where an empty key's `:` is, and the mapping's column)
      const token = map.srcToken;
      if (token?.type !== "block-map") return;
      for (const item of token.items) {
        const colon = item.key || item.explicitKey ? undefined : item.sep?.find((t) => t.type === "map-value-ind");
        if (colon && column(colon.offset) !== token.indent) {
          errors.push(new YAMLParseError([colon.offset, colon.offset + 1], "BAD_INDENT", "All mapping items must start at the same column"));
        }
      }
    },
  });
  return errors;
}

/**
 * What makes a document parsed by `yaml` unreadable: its errors, and a tag meshkit cannot resolve
 * (`!!python/object:…`, `!custom`), which would silently become the plain value under it; a YAML processor
 * is to refuse such a document (js-yaml does). YAML 1.1's own tags are read plain on purpose (see LazySource).
 */
function documentErrors(doc: ReturnType<LazySource["documents"]>[number], text: string) {
  // (a document with errors of its own has them about its quotes too)
  const errors = [...doc.errors, ...duplicateKeyErrors(doc), ...(doc.errors.length === 0 ? unreportedSyntaxErrors(doc, text) : [])].sort((a, b) => a.pos[0] - b.pos[0]);
  return [...errors, ...doc.warnings.filter((w) => w.code === "TAG_RESOLVE_FAILED" && !YAML_1_1_TAG.test(w.message))];
}

/**
 * The `yaml` library's DUPLICATE_KEY errors, found in one pass. Its own check (`uniqueKeys`) compares each
 * key with every earlier key of its mapping: a 3 MB file of one mapping with an anchor (which takes the
 * `yaml` parse) kept a pre-commit hook busy for minutes. Scalar keys compare by the property they become in
 * the document's value (a contract is JSON data): `1` and `"1"`, or `true` and `"true"`, are two YAML keys
 * but one property, as js-yaml (the fast path) reads them too, and so are two equal collection keys
 * (`? [x]` twice); the error is at the repeated key. An alias key is the scalar its anchor names (`*n : x` beside `name: y`, with
 * `&n name` elsewhere), unlike in `yaml`'s check. Either way the value has one such property, the last, and
 * the other entry would be dropped in silence.
 */
function duplicateKeyErrors(doc: Document): YAMLParseError[] {
  const { YAMLParseError, isAlias, isNode, isScalar, visit } = yamlLibrary();
  const errors: YAMLParseError[] = [];
  visit(doc, {
    Map(_, map) {
      const firstAt = new Map<string, number>();
      for (const { key: written } of map.items) {
        const key = isAlias(written) ? written.resolve(doc) : written;
        // A merge key (`<<: *a` then `<<: *b`) is no property: each merges its mapping in, as both libraries read it.
        if (!isNode(key) || !isNode(written) || (isScalar(key) && typeof key.value === "symbol")) continue;
        const at = written.range!;
        // (a collection key is rare: the probe of yamlPropertyName costs nothing that matters there)
        const property = isScalar(key) ? propertyNameOf(key) : yamlPropertyName(key, doc as Document.Parsed);
        if (property === undefined) continue;
        const first = firstAt.get(property);
        if (first === undefined) {
          firstAt.set(property, at[0]);
          continue;
        }
        // The error spans the repeated key, so an annotation or a SARIF region marks the whole key.
        const error = new YAMLParseError([at[0], Math.max(at[1], at[0] + 1)], "DUPLICATE_KEY", "Map keys must be unique");
        duplicateKeys.set(error, { key: property, firstOffset: first });
        errors.push(error);
      }
    },
  });
  return errors;
}

/**
 * The property a scalar key becomes in the document's value: a null written `~` or `null` is `null`, as js-yaml
 * and the fast path name it (and the precise path's value, see withNullKeysNamedNull); an empty key (`: a`) is ``.
 */
function propertyNameOf(key: Scalar): string {
  return key.value === null && !writtenNull(key) ? "" : String(key.value);
}

/** Whether a null key is written (`~`, `null`), not an empty key (`: a`, which js-yaml reads in no block mapping). */
function writtenNull(key: Scalar): boolean {
  return key.range !== undefined && key.range !== null && key.range[1] > key.range[0];
}

/**
 * `doc` with each key written as a null (`~:`, `null:`) made the key `null`, so that its value names it `null` as
 * js-yaml and the fast path do. The `yaml` library names it `` (an empty string): the same text then had another
 * property, at another pointer, when an anchor or alias sent it to the precise path, and `"": a` beside `~: b`
 * became one property (one entry dropped in silence). The key keeps its range, for positions.
 */
function withNullKeysNamedNull(doc: Document.Parsed): Document.Parsed {
  const { Scalar, isAlias, isScalar, visit } = yamlLibrary();
  visit(doc, {
    Pair(_, pair) {
      const key = isAlias(pair.key) ? pair.key.resolve(doc) : pair.key;
      if (!isScalar(key) || key.value !== null || !writtenNull(key)) return;
      const named = new Scalar("null");
      named.range = (pair.key as Node).range;
      pair.key = named;
    },
  });
  return doc;
}

/**
 * Which key a DUPLICATE_KEY error of duplicateKeyErrors repeats, and where it first appears: the message
 * names both, since in a long mapping (a merge conflict kept twice, a pasted block) "a duplicate key" alone
 * leaves the author to find which key, and which of its two entries to keep.
 */
const duplicateKeys = new WeakMap<YAMLParseError, { key: string; firstOffset: number }>();

function duplicateKeyMessage(error: YAMLParseError, lineCounter: LineCounter): string {
  const duplicate = duplicateKeys.get(error);
  if (!duplicate) return "Duplicate key in a mapping: keep one entry per key (YAML keys must be unique).";
  const first = lineCounter.linePos(duplicate.firstOffset);
  return `Duplicate key \`${oneLine(withInvisiblesShown(duplicate.key), 80)}\` in a mapping (first at line ${first.line}, column ${first.col}): keep one entry per key (YAML keys must be unique).`;
}

/**
 * The message for a plain value that starts with `%`, YAML's directive indicator, or undefined for another error.
 * A value at the start of a line that reads as a directive (`%YAML 1.2` after a document with no `...` that
 * ends it) is a directive out of place; another such value is one to quote. The library's "Plain value cannot
 * start with directive indicator character %" says neither.
 */
function percentValueMessage(error: YAMLParseError, text: string, start: number): string | undefined {
  if (!/^Plain value cannot start with directive indicator character %/.test(error.message)) return undefined;
  const lineStart = text.lastIndexOf("\n", start - 1) + 1;
  const line = oneLine(text.slice(lineStart, text.indexOf("\n", start) === -1 ? undefined : text.indexOf("\n", start)), 80);
  if (start === lineStart && readsAsDirective(line)) {
    return `YAML syntax error: \`${line}\` is read as part of the document above it, not as a directive: a directive after a document needs a \`...\` line before it that ends that document (then \`---\` after the directive); add \`...\`, or remove the directive.`;
  }
  return "YAML syntax error: a plain value cannot start with `%` (the directive indicator); quote the value ('%…').";
}

/** What each YAML 1.2 core tag takes, and an example of it, for a value tagged so that is no such value. */
const CORE_TAG_TAKES: Readonly<Record<string, { what: string; write: string }>> = {
  int: { what: "an integer", write: "an integer (42, -7, 0x1F, 0o17)" },
  float: { what: "a number", write: "a number (1.5, -2, 1e3, .inf)" },
  bool: { what: "a boolean", write: "true or false" },
  null: { what: "null", write: "null, ~ or nothing" },
  str: { what: "text", write: "text" },
  map: { what: "a mapping", write: "a mapping" },
  seq: { what: "a list", write: "a list" },
};

/**
 * The message for a YAML 1.2 core tag on a value it does not take (`!!int abc`, `!!float 0x1F`, `!!bool yes`,
 * `!!str` on a mapping), or undefined for another tag. The library says "Unresolved tag:
 * tag:yaml.org,2002:int", and "remove the tag" beside it reads as if meshkit knew no `!!int`: the tag is
 * known, the value is not one it takes, so the message quotes the value and says what the tag takes.
 */
function coreTagMismatchMessage(doc: Document.Parsed, error: YAMLParseError, text: string): string | undefined {
  const tagName = /^Unresolved tag: tag:yaml\.org,2002:(\w+)(?: at line |$)/.exec(firstLine(error.message))?.[1];
  const takes = tagName === undefined ? undefined : CORE_TAG_TAKES[tagName];
  if (!takes) return undefined;
  const written = writtenTagAt(text, error.pos[0]) ?? `!!${tagName}`;
  // The node the tag is on: the first one so tagged at or after the tag.
  const { isCollection, isScalar, isSeq, visit } = yamlLibrary();
  let tagged: Node | undefined;
  visit(doc, (_, node) => {
    if ((isScalar(node) || isCollection(node)) && node.tag === `tag:yaml.org,2002:${tagName}` && (node.range?.[0] ?? -1) >= error.pos[0]) {
      if (!tagged || node.range![0] < tagged.range![0]) tagged = node;
    }
  });
  if (!tagged) return undefined;
  if (!isScalar(tagged)) {
    return `YAML syntax error: \`${written}\` tags ${takes.what}, but the value is ${isSeq(tagged) ? "a list" : "a mapping"}; remove the tag.`;
  }
  const source = oneLine(text.slice(tagged.range![0], tagged.range![1]), 80);
  const value = source === "" ? "an empty value" : `\`${source}\``;
  return `YAML syntax error: ${value} is tagged \`${written}\` but is not ${takes.what} as YAML 1.2 reads it; write ${takes.write}, or remove the tag${tagName === "str" || /^["']/.test(source) ? "" : " (and quote the value to keep it as text)"}.`;
}

/** A TAG_RESOLVE_FAILED error's message: what a core tag takes (coreTagMismatchMessage), or the tag as written (`!!python/object:x`, not its expanded `tag:yaml.org,2002:…`). */
function tagErrorMessage(doc: Document.Parsed, error: YAMLParseError, text: string): string {
  const reason = firstLine(error.message).replace(/ at line \d+, column \d+:?$/, "");
  const written = writtenTagAt(text, error.pos[0]);
  const shown = written && /^Unresolved tag: /.test(reason) ? `Unresolved tag: ${written}` : reason;
  return coreTagMismatchMessage(doc, error, text) ?? cloudFormationTagMessage(written) ?? `YAML syntax error: ${shown}; meshkit documents are plain YAML data, remove the tag.`;
}

/** CloudFormation's short-form intrinsic functions: YAML tags for its `Ref` / `Fn::<name>` keys. */
const CLOUDFORMATION_TAG = /^!(Ref|Condition|Sub|GetAtt|Join|Select|Split|If|Equals|Not|And|Or|FindInMap|Base64|Cidr|ImportValue|GetAZs|Transform)$/;

/**
 * The message for a CloudFormation template's `!Ref`, `!Sub`, …, or undefined for another tag. "Remove the tag"
 * would break the template: a CloudFormation template checked as an infrastructure document says how
 * to write what meshkit reads, the full form of the function, which is the same template to CloudFormation.
 */
function cloudFormationTagMessage(written: string | undefined): string | undefined {
  const name = written === undefined ? undefined : CLOUDFORMATION_TAG.exec(written)?.[1];
  if (name === undefined) return undefined;
  const key = name === "Ref" || name === "Condition" ? name : `Fn::${name}`;
  return `YAML syntax error: Unresolved tag: ${written}, CloudFormation's short form of \`${key}\`; meshkit reads plain YAML data: write the full form (\`${key}: …\`, the same template to CloudFormation), or check the template as JSON.`;
}

/** The tag written at `offset` (`!!int`, `!local`, `!<tag:yaml.org,2002:int>`), if one starts there. */
function writtenTagAt(text: string, offset: number): string | undefined {
  return /^!(?:<[^>\s]*>|[^\s,[\]{}]*)/.exec(text.slice(offset, offset + 1024))?.[0];
}

/** Syntax errors reported per document: after the first few, the rest are mostly consequences of them. */
const MAX_SYNTAX_FINDINGS_PER_DOCUMENT = 5;

function loadPrecise(file: string, text: string, source = new LazySource(text)): LoadResult {
  const parsed = source.documents();
  const findings: Finding[] = [];
  const documents: LoadedDocument[] = [];
  parsed.forEach((doc, index) => {
    const errors = documentErrors(doc, text);
    if (errors.length > 0) {
      // One broken construct often yields several parser errors at the same place with the same text (an
      // unclosed `[` inside an unclosed `{`): report each distinct position and message once, and count only
      // distinct ones towards the cap, so that repeats do not hide a later, different error.
      const reported = new Set<string>();
      // After a line indented with a tab, the `yaml` parser reads that line and the rest of the document as keys
      // written over several lines: "Implicit keys need to be on a single line", "Nested mappings are not allowed
      // in compact mappings", "Implicit map keys need to be followed by map values" came at lines with nothing
      // wrong (`required: true`) down to the end of the file. Only the tabs' own errors are told from there on.
      // A tab-indented list entry (`\t- name: a`) is also misread as a list used as a key, said at the line break
      // before it (`properties:`, with nothing wrong): an error with only blank space between it and the tab is the tab's too.
      const firstTab = errors.find((error) => error.code === "TAB_AS_INDENT")?.pos[0];
      for (const error of errors) {
        if (reported.size === MAX_SYNTAX_FINDINGS_PER_DOCUMENT) break;
        if (firstTab !== undefined && error.code !== "TAB_AS_INDENT" && (error.pos[0] >= firstTab || /^\s*$/.test(text.slice(error.pos[0], firstTab)))) continue;
        // A quote or bracket left open is found at the end of the file, past its last line: point where it opens.
        const opened = error.pos[0] >= text.trimEnd().length ? unclosedConstructAt(text) : undefined;
        const [start, end] = opened !== undefined ? [opened, opened + 1] : error.pos;
        const from = source.lineCounter.linePos(start);
        const to = source.lineCounter.linePos(Math.max(start, end));
        const duplicate = error.code === "DUPLICATE_KEY";
        const message = duplicate
          ? duplicateKeyMessage(error, source.lineCounter)
          : error.code === "TAG_RESOLVE_FAILED"
            ? tagErrorMessage(doc, error, text)
            : (percentValueMessage(error, text, start) ?? `YAML syntax error: ${firstLine(error.message)}`);
        const seen = `${from.line}:${from.col}:${message}`;
        if (reported.has(seen)) continue;
        reported.add(seen);
        findings.push({
          ruleId: duplicate ? "yaml-duplicate-key" : "yaml-syntax",
          severity: "error",
          message: withInvisiblesShown(message),
          file,
          line: from.line,
          column: from.col,
          endLine: to.line,
          endColumn: to.col,
          path: "",
          stage: "input",
          docsUrl: docsUrlFor(duplicate ? "yaml-duplicate-key" : "yaml-syntax"),
        });
      }
      return;
    }
    const cycle = cyclicAliasOffset(doc);
    if (cycle !== undefined) {
      const pos = source.lineCounter.linePos(cycle);
      findings.push({
        ruleId: "yaml-alias-limit",
        severity: "error",
        message: "A YAML alias refers to a node that contains it, so it expands without end; write the values out instead of using anchors.",
        file,
        line: pos.line,
        column: pos.col,
        path: "",
        stage: "input",
        docsUrl: docsUrlFor("yaml-alias-limit"),
      });
      return;
    }
    let value: unknown;
    try {
      value = withNullKeysNamedNull(doc).toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (error) {
      let reason = firstLine(String((error as Error).message));
      // The yaml library says "Merge sources must be maps" for an alias that names no anchor too (`<<: *typo`,
      // or an anchor set only further down): that is the alias's mistake, said as for any unresolved alias.
      const merge = /merge sources must be/i.test(reason) ? badMergeSource(doc) : undefined;
      if (merge?.alias !== undefined) reason = `Unresolved alias (the anchor must be set before the alias): ${merge.alias}`;
      // A merge key (`<<`) whose value is no mapping, nor an alias or list of them, is a syntax error too.
      else if (/merge sources must be/i.test(reason)) {
        const at = source.lineCounter.linePos(merge?.offset ?? doc.range[0]);
        findings.push({
          ruleId: "yaml-syntax",
          severity: "error",
          message: "YAML syntax error: a merge key (`<<`) takes a mapping, an alias of one, or a list of them; quote the key ('<<') for a plain key named <<.",
          file,
          line: at.line,
          column: at.col,
          path: "",
          stage: "input",
          docsUrl: docsUrlFor("yaml-syntax"),
        });
        return;
      }
      // The yaml library also throws here for an alias without an anchor: that is a syntax error, not an attack.
      const unresolved = /unresolved alias/i.test(reason);
      const pos = source.lineCounter.linePos(merge?.offset ?? firstAliasOffset(doc, unresolved ? /: (\S+)$/.exec(reason)?.[1] : undefined));
      findings.push({
        ruleId: unresolved ? "yaml-syntax" : "yaml-alias-limit",
        severity: "error",
        message: unresolved
          ? `YAML syntax error: ${reason.replace(/\.$/, "")}; define the anchor (&name) before the alias (*name), or write the value out.`
          : `YAML aliases expand beyond the limit of ${MAX_ALIAS_COUNT} (${reason}); write the values out instead of using anchors.`,
        file,
        line: pos.line,
        column: pos.col,
        path: "",
        stage: "input",
        docsUrl: docsUrlFor(unresolved ? "yaml-syntax" : "yaml-alias-limit"),
      });
      return;
    }
    documents.push(makeDocument(file, index, value, source));
  });
  if (parsed.length === 0 && findings.length === 0) documents.push(makeDocument(file, 0, null, source));
  return { documents, findings };
}

/**
 * Where an alias sits inside the node its anchor names (`tags: &t [a, *t]`), or undefined. The `yaml`
 * library builds such a value as a cycle, which every reader of documents (schemas, rules, JSON output)
 * would follow for ever.
 */
function cyclicAliasOffset(doc: Document): number | undefined {
  let offset: number | undefined;
  // An alias names the last node anchored so before it, in document order: the nodes are met in that
  // order, so one pass keeps each anchor's node (Alias.resolve would walk the document again per alias).
  const anchored = new Map<string, unknown>();
  const { isAlias, visit } = yamlLibrary();
  visit(doc, {
    Node(_, node) {
      if (!isAlias(node) && node.anchor) anchored.set(node.anchor, node);
    },
    Alias(_, node, path) {
      const target = anchored.get(node.source);
      if (target === undefined || !path.includes(target as never)) return undefined;
      offset = node.range?.[0] ?? 0;
      return visit.BREAK;
    },
  });
  return offset;
}

function makeDocument(file: string, index: number, value: unknown, source: LazySource): LoadedDocument {
  const locate = (pointer: string, target: "key" | "value" = "value"): Position => source.locate(index, pointer, target);
  return {
    file,
    index,
    value,
    kind: detectKind(value),
    locate,
    sourceAt: (pointer) => source.textAt(index, pointer),
    fileText: () => source.text,
    finding(init) {
      const pos = locate(init.path, init.target);
      return {
        ruleId: init.ruleId,
        severity: init.severity,
        // (cut first: an escape is never cut in two)
        message: `${init.authored === undefined ? "" : withAuthoredInvisiblesShown(withLongQuotesCut(init.authored))}${withInvisiblesShown(withLongQuotesCut(init.message))}`,
        file,
        line: pos.line,
        column: pos.column,
        ...(pos.endLine !== undefined ? { endLine: pos.endLine, endColumn: pos.endColumn } : {}),
        path: init.path,
        stage: init.stage,
        ...(init.docsUrl !== null ? { docsUrl: init.docsUrl ?? docsUrlFor(init.ruleId) } : {}),
      };
    },
  };
}

/**
 * `!!float` on a number written without a point or exponent (`!!float 1`, `!!float -7`): the YAML 1.2 core
 * schema's float is `[-+]? ( \. [0-9]+ | [0-9]+ ( \. [0-9]* )? ) ( [eE] [-+]? [0-9]+ )?`, so such text is a
 * float when tagged one (js-yaml, the fast path, reads it so), but each of the `yaml` library's float tags
 * needs a point or an exponent and leaves it unresolved. Added after the library's int tags, which test the
 * same text, so an untagged `1` is still an int.
 */
const INTEGER_WRITTEN_FLOAT: ScalarTag = {
  tag: "tag:yaml.org,2002:float",
  default: true,
  test: /^[-+]?[0-9]+$/,
  resolve: (text: string) => Number(text),
};

/**
 * Positions in a text, shared by every document of the stream: from a light index of the text, built on
 * first use, or from the `yaml` AST when the text is outside what the index covers.
 */
class LazySource {
  private parsed: { documents: Document.Parsed[]; lines: LineCounter } | undefined;
  /** Null once the text proved to be outside the index's subset: undefined means not tried yet. */
  private yamlIndex: YamlIndex | null | undefined;

  constructor(readonly text: string) {}

  documents(): Document.Parsed[] {
    return this.parse().documents;
  }

  /** Where the text's lines start, as the `yaml` parse records them (so it parses first). */
  get lineCounter(): LineCounter {
    return this.parse().lines;
  }

  private parse(): { documents: Document.Parsed[]; lines: LineCounter } {
    if (!this.parsed) {
      const { LineCounter, parseAllDocuments } = yamlLibrary();
      const lines = new LineCounter();
      const documents = parseAllDocuments(this.text, {
        lineCounter: lines,
        uniqueKeys: false, // checked in linear time by duplicateKeyErrors
        keepSourceTokens: true, // for unreportedSyntaxErrors
        merge: true, // `<<: *defaults`, as the fast path reads it (YAML_LOAD_SCHEMA)
        // `!!set`, `!!omap`, `!!binary`, `!!timestamp` (YAML 1.1 tags) would give a Set, a Map, a Buffer or a
        // Date: values no JSON document has, which schemas, policies and diffs cannot read. Unresolved, they are
        // the mapping, list or string written, as js-yaml's core schema (the fast path) reads every value.
        resolveKnownTags: false,
        // YAML 1.2's core schema under a `%YAML 1.1` directive too, as js-yaml and the subset parser read every
        // document (YAML 1.2 reads a 1.1 document as 1.2): the library's 1.1 schema made `yes` true and `010`
        // eight only in a document that took this path (one with an alias), so one text had two values.
        schema: "core",
        customTags: [INTEGER_WRITTEN_FLOAT],
        prettyErrors: false,
        // (a warning, such as that a collection key was stringified, would be printed among the findings)
        logLevel: "error",
      }) as Document.Parsed[];
      // parseAllDocuments returns an EmptyStream (an array with extra fields) for an empty text.
      this.parsed = { documents, lines };
    }
    return this.parsed;
  }

  locate(index: number, pointer: string, target: "key" | "value"): Position {
    const yamlIndex = this.index();
    const range = yamlIndex?.locate(index, pointer, target);
    if (range) return positionOf(range, yamlIndex!);
    const astRange = this.astRange(index, pointer, target);
    return astRange ? positionOf(astRange, this.lineCounter) : { line: 1, column: 1 };
  }

  textAt(index: number, pointer: string): string {
    const yamlIndex = this.index();
    // Through aliases: the text of `b: *v` is what its anchor wrote (`&v 7.0`), so `7.0` stays a double.
    const [start = 0, end = 0] = yamlIndex?.locate(index, pointer, "value") ?? this.astRange(index, pointer, "value", true) ?? [];
    return this.text.slice(start, end);
  }

  /**
   * The light index, built once: a text outside its subset is remembered as null, not tried again for
   * each finding (`??=` would: null is nullish), which made locating n findings scan the text n times.
   */
  private index(): YamlIndex | null {
    if (this.yamlIndex === undefined) this.yamlIndex = YamlIndex.of(this.text) ?? null;
    return this.yamlIndex;
  }

  /**
   * Offsets of the node at `pointer` (or of its deepest existing ancestor), from the `yaml` AST; undefined in an
   * empty document. `throughAliases`: an alias on the way (`b: *m`, pointer `/b/r`) or at the end is read as
   * the node its anchor names, for the value's text; a position stays at the alias, where the document uses it.
   */
  private astRange(index: number, pointer: string, target: "key" | "value", throughAliases = false): readonly number[] | undefined {
    const doc = this.documents()[index];
    if (!doc || !doc.contents) return undefined;
    const { isAlias } = yamlLibrary();
    const anchored = (node: Node): Node => (throughAliases && isAlias(node) ? (node.resolve(doc) ?? node) : node);
    let node: Node = anchored(doc.contents);
    let keyNode: Node | undefined;
    for (const segment of fromPointer(pointer)) {
      const found = mergedChildOf(node, segment, doc, throughAliases);
      const next = found && { key: found.key, value: anchored(found.value) };
      if (!next) {
        keyNode = undefined; // missing: stay on the deepest existing ancestor, pointing at its value
        break;
      }
      node = next.value;
      keyNode = next.key;
    }
    const chosen = target === "key" && keyNode ? keyNode : node;
    return chosen.range ?? [0, 0];
  }
}

/** `range[1]` is where the value ends (before trailing comments). */
function positionOf(range: readonly number[], lines: { linePos(offset: number): { line: number; col: number } }): Position {
  const start = lines.linePos(range[0]!);
  const end = lines.linePos(Math.max(range[0]!, range[1]!));
  return { line: start.line, column: start.col, endLine: end.line, endColumn: end.col };
}

function childOf(node: Node, segment: string, doc: Document.Parsed): { key?: Node; value: Node } | undefined {
  const { isMap, isNode, isPair, isSeq } = yamlLibrary();
  if (isMap(node)) {
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const key = pair.key;
      if (keyNamed(key, segment, doc)) {
        const value = isNode(pair.value) ? pair.value : isNode(key) ? key : undefined;
        return value ? { key: isNode(key) ? key : undefined, value } : undefined;
      }
    }
    return undefined;
  }
  if (isSeq(node)) {
    const i = Number(segment);
    const item = Number.isInteger(i) ? node.items[i] : undefined;
    return isNode(item) ? { value: item } : undefined;
  }
  return undefined;
}

/**
 * A mapping's child, or one that a merge key brings in (`<<: *base`, `<<: [*a, *b]`, `<<: {k: v}`): the
 * mapping's own keys first, then the merged mappings in order, as the document's value is read (`merge: true`).
 * Without `throughAliases` (for a position) a child merged from an alias is the alias, where this mapping uses
 * it; one merged from a mapping written inline is the child itself, which is where the author wrote the value.
 */
function mergedChildOf(node: Node, segment: string, doc: Document.Parsed, throughAliases: boolean, depth = 0): { key?: Node; value: Node } | undefined {
  const own = childOf(node, segment, doc);
  const { isAlias, isMap, isNode, isPair, isScalar, isSeq } = yamlLibrary();
  // (a bound, against merges that name each other; cyclic aliases are refused when the document loads)
  if (own || !isMap(node) || depth > 32) return own;
  for (const pair of node.items) {
    if (!isPair(pair) || !isScalar(pair.key) || typeof pair.key.value !== "symbol" || pair.key.source !== "<<") continue;
    const sources = isSeq(pair.value) ? pair.value.items : [pair.value];
    for (const source of sources) {
      const merged = isAlias(source) ? source.resolve(doc) : source;
      const found = isNode(merged) ? mergedChildOf(merged, segment, doc, throughAliases, depth + 1) : undefined;
      if (found) return throughAliases || !isAlias(source) ? found : { value: source };
    }
  }
  return undefined;
}

/** Where the first alias is (the first one named `name`, when given). */
function firstAliasOffset(doc: Document.Parsed, name?: string): number {
  let offset = doc.range[0];
  const { visit } = yamlLibrary();
  visit(doc, {
    Alias(_, node) {
      if (name !== undefined && node.source !== name) return undefined;
      offset = node.range?.[0] ?? offset;
      return visit.BREAK;
    },
  });
  return offset;
}

/**
 * The first merge key (`<<`) of a document, in document order, that the yaml library cannot merge: its offset
 * (the key's), or, for an alias among its sources that names no anchor, that alias's offset and name.
 */
function badMergeSource(doc: Document.Parsed): { offset: number; alias?: string } | undefined {
  let bad: { offset: number; alias?: string } | undefined;
  const { isAlias, isMap, isScalar, isSeq, visit } = yamlLibrary();
  visit(doc, {
    Pair(_, pair) {
      // (the yaml library's merge key is a scalar whose source is `<<` and whose value is a symbol)
      if (!isScalar(pair.key) || typeof pair.key.value !== "symbol" || pair.key.source !== "<<") return undefined;
      for (const source of isSeq(pair.value) ? pair.value.items : [pair.value]) {
        const merged = isAlias(source) ? source.resolve(doc) : source;
        if (isAlias(source) && merged === undefined) bad = { offset: source.range?.[0] ?? doc.range[0], alias: source.source };
        else if (!isMap(merged)) bad = { offset: pair.key.range?.[0] ?? doc.range[0] };
        if (bad) return visit.BREAK;
      }
      return undefined;
    },
  });
  return bad;
}

/** The YAML 1.1 types a tag may name (`!!binary`, `!!set`, …): LazySource reads them as the plain value. */
const YAML_1_1_TAG = /Unresolved tag: tag:yaml\.org,2002:(?:binary|set|omap|pairs|timestamp|merge|value|yaml)\b/;

function firstLine(message: string): string {
  return message.split("\n")[0]!.trim();
}
