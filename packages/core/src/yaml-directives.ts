/**
 * What YAML 1.2 (section 6.8) says of directives that the parsers leave unsaid: a second `%YAML` for one
 * document is an error, as are a second `%TAG` for one handle and a higher major version (`%YAML 2.0`); a
 * higher minor version (`%YAML 1.3`) is read as 1.2 with a warning; so is `%YAML 1.1` ("a version 1.2 processor should process version 1.1
 * documents as if they were version 1.2, giving a warning on points of incompatibility"); an unknown
 * directive is ignored with a warning, but a `%` that names none (`%` alone on a line) is an error. Directives that no document follows are an error too: the stream
 * ends where a document (`---`) must begin. js-yaml and the `yaml` library each let some of these pass.
 */
import { withoutLoneCr } from "./source.js";
import { yamlLibrary } from "./yaml-library.js";

export interface YamlDirectiveProblem {
  severity: "error" | "warning";
  message: string;
  /** 1-based, of the directive. */
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** A line that starts with `%`: only such a text can hold a directive (the common case skips the parse). */
const DIRECTIVE_LINE = /^\uFEFF?%/m;

/** The directives of every document of `text` judged as YAML 1.2 judges them (see the module's comment). */
export function yamlDirectiveProblems(source: string): YamlDirectiveProblem[] {
  if (!DIRECTIVE_LINE.test(source)) return [];
  // (a lone CR ends a line, as loadText reads it; the `yaml` parser knows only LF and CRLF)
  const text = withoutLoneCr(source);
  const problems: YamlDirectiveProblem[] = [];
  const at = (offset: number, source: string, severity: YamlDirectiveProblem["severity"], message: string): void => {
    const start = linePosition(text, offset);
    problems.push({ severity, message, line: start.line, column: start.column, endLine: start.line, endColumn: start.column + source.length });
  };
  let pending: { offset: number; source: string }[] = [];
  const judge = () => {
    let firstYaml: { offset: number; source: string } | undefined;
    const tagHandles = new Map<string, number>();
    for (const directive of pending) {
      const [name, ...parts] = directiveWords(directive.source);
      if (name === "%") {
        at(directive.offset, directive.source, "error", namelessDirectiveMessage(directive.source));
        continue;
      }
      if (name === "%TAG") {
        // (the `yaml` library refuses a %TAG without a handle and a prefix, and takes a handle's second prefix)
        const handle = parts[0];
        const first = handle === undefined ? undefined : tagHandles.get(handle);
        if (first !== undefined) {
          at(directive.offset, directive.source, "error", `YAML syntax error: a second %TAG directive for the handle \`${handle}\` in one document (the first is at line ${linePosition(text, first).line}); YAML allows one per handle: keep one.`);
        } else if (handle !== undefined) tagHandles.set(handle, directive.offset);
        continue;
      }
      if (name !== "%YAML") {
        at(directive.offset, directive.source, "warning", `Unknown directive \`${name}\` is ignored (YAML defines %YAML and %TAG); remove it.`);
        continue;
      }
      if (firstYaml) {
        const first = linePosition(text, firstYaml.offset);
        at(directive.offset, directive.source, "error", `YAML syntax error: a second %YAML directive for one document (the first is at line ${first.line}); YAML allows one per document: keep one, \`%YAML 1.2\`.`);
        continue;
      }
      firstYaml = directive;
      const version = parts.length === 1 ? /^(\d+)\.(\d+)$/.exec(parts[0]!) : null;
      if (!version) {
        // (`%YAML 1.2 1.1` names a version, and more: YAML's %YAML takes the one version alone)
        const what = parts.length > 1 && /^\d+\.\d+$/.test(parts[0]!) ? "names more than a YAML version" : "names no YAML version";
        at(directive.offset, directive.source, "error", `YAML syntax error: \`${directive.source.trim()}\` ${what}; a %YAML directive takes one, as \`%YAML 1.2\` (or remove the directive).`);
        continue;
      }
      const [major, minor] = [Number(version[1]), Number(version[2])];
      const written = `%YAML ${parts[0]!}`;
      if (major !== 1) at(directive.offset, directive.source, "error", `YAML syntax error: ${written} declares a YAML version meshkit cannot read (it reads YAML 1.2); write \`%YAML 1.2\` or remove the directive.`);
      else if (minor > 2) at(directive.offset, directive.source, "warning", `${written} is newer than the YAML 1.2 meshkit reads; the document is read as YAML 1.2: write \`%YAML 1.2\` or remove the directive.`);
      else if (minor < 2) {
        const message = `${written}: meshkit reads every document as YAML 1.2, as that standard says to read a 1.1 one (yes, no, on and off are text, not booleans; 010 is ten; 1_000 is text); write the values as YAML 1.2 reads them, and \`%YAML 1.2\` or no directive.`;
        at(directive.offset, directive.source, "warning", message);
      }
    }
  };
  const { Parser } = yamlLibrary();
  for (const token of new Parser().parse(text)) {
    if (token.type === "directive") pending.push({ offset: token.offset, source: token.source });
    else if (token.type === "document") {
      judge();
      // (a nameless `%` is refused above: removing it is the fix, not a `---` after it)
      const last = pending.filter(isNamed).at(-1);
      if (last && !token.start.some((t) => t.type === "doc-start")) {
        const key = keyReadAsDirective(pending);
        if (key) at(key.offset, key.source, "error", keyAsDirectiveMessage(key.source));
        else at(last.offset, last.source, "error", `YAML syntax error: the directive \`${last.source.trim()}\` must be followed by a \`---\` line, where the document starts; add \`---\` after it.`);
      }
      pending = [];
    }
  }
  if (pending.length > 0) judge();
  const last = pending.find(isNamed);
  if (last) {
    const key = keyReadAsDirective(pending);
    if (key) at(key.offset, key.source, "error", keyAsDirectiveMessage(key.source));
    else at(last.offset, last.source, "error", `YAML syntax error: the directive \`${last.source.trim()}\` has no document after it; start the document with a \`---\` line after the directive, or remove the directive.`);
  }
  return problems;
}

/**
 * Whether a line starting with `%` reads as a directive (`%YAML 1.2`, `%TAG ! tag:x,2000:`, `%FOO bar`) rather
 * than as a mapping entry whose key starts with `%` (`%done: 5`, a key to quote, not a directive to move).
 */
export function readsAsDirective(line: string): boolean {
  if (/^%(?:YAML|TAG)(?:[ \t]|$)/.test(line)) return true;
  return /^%[A-Za-z][^\s:]*(?:[ \t]|$)/.test(line) && !/:(?:[ \t]|$)/.test(line.replace(/[ \t]#.*$/, ""));
}

/** The first of directives with no `---` after them that is a mapping entry whose key starts with `%` (`%done: 5`), if one is. */
function keyReadAsDirective(pending: readonly { offset: number; source: string }[]): { offset: number; source: string } | undefined {
  return pending.find((directive) => isNamed(directive) && !readsAsDirective(directive.source.trim()));
}

/** A directive line's words, its comment left out: the `%` and name first (`%YAML`), then its parameters. */
function directiveWords(source: string): string[] {
  return source.replace(/\s+#.*$/, "").trim().split(/[ \t]+/);
}

/**
 * Whether a directive line names a directive: YAML 1.2's `l-directive` is `%` followed at once by a name of at
 * least one non-space character (`ns-directive-name ::= ns-char+`), so a `%` alone, or one a space follows
 * (`% foo`), is no directive an unknown one's warning would ignore: it is a syntax error.
 */
function isNamed(directive: { source: string }): boolean {
  return directiveWords(directive.source)[0] !== "%";
}

function namelessDirectiveMessage(source: string): string {
  const written = source.trim();
  const what = written === "%" ? "`%` alone on a line" : `\`${written}\``;
  return `YAML syntax error: ${what} names no directive: before a document, a line that starts with \`%\` is a directive, whose name follows the \`%\` at once (\`%YAML 1.2\`); remove the line (or quote text that starts with \`%\`).`;
}

/** A line before a document that starts with `%` is a directive to YAML: said of one meant as a key (`%done: 5`). */
function keyAsDirectiveMessage(source: string): string {
  return `YAML syntax error: \`${source.trim()}\` is read as a directive, not as a mapping entry: YAML reads a line that starts with \`%\` before a document as a directive; quote a key that starts with \`%\` ('%…').`;
}

function linePosition(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf("\n"); i !== -1 && i < offset; i = text.indexOf("\n", i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}
