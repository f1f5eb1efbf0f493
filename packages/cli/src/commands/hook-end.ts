/**
 * Where a hook script stops running its top-level lines: its first `exit` (or `exec <command>`, which
 * replaces the shell) that runs whatever happens, i.e. not inside an `if`, `case`, loop, `{ … }` group or
 * function body, nor in a here-document. meshkit's lines go before it, or they would never run; an `exit`
 * inside a block (`if [ "$SKIP" = 1 ]; then` / `exit 0` / `fi`) is no end of the script, and lines put
 * before it would run only when that block does.
 *
 * A reading of the shell's structure by its reserved words, enough for hook scripts: each command's first
 * word (after `;`, `&&`, `||`, `|`, `&`, `then`, `do`, `else`), with quotes and comments left out.
 */

const OPENERS = new Set(["if", "case", "do", "{"]);
const CLOSERS = new Set(["fi", "esac", "done", "}"]);
/** Words after which the next word starts a command. */
const LEADERS = new Set(["then", "do", "else", "elif", "if", "while", "until", "!", "{"]);

/** Where the script's top level ends: the offset in `text` of that line and its command; undefined when it runs to its end. */
export function topLevelEnd(text: string): { offset: number; command: string } | undefined {
  let depth = 0;
  let hereDoc: { delimiter: string; tabs: boolean } | undefined;
  let offset = 0;
  // Where the line before left its command: a line ended by `&&`, `||`, `|` or a `\` goes on on the next one
  // (`[ -n "$CI" ] &&` / `exit 0` exits only in CI), and lines put between the two would be part of that command.
  let state: LineState = START;
  let start = 0;
  // The lines before, ended by a `\` (an odd number of them: `\\` is a backslash), read with this one as one line,
  // as the shell joins them (`exec \` / `npx lint-staged` replaces the shell); its code and its text, each as long.
  let joined: { code: string; content: string } | undefined;
  for (const line of text.split("\n")) {
    if (state === START && joined === undefined) start = offset;
    offset += line.length + 1;
    const content = `${joined?.content ?? ""}${line.replace(/\r$/, "")}`;
    if (hereDoc) {
      const candidate = hereDoc.tabs ? content.replace(/^\t+/, "") : content;
      if (candidate === hereDoc.delimiter) hereDoc = undefined;
      continue;
    }
    const code = `${joined?.code ?? ""}${codeOf(content.slice(joined?.content.length ?? 0))}`;
    // Outside quotes and comments (the code ends where the text does): `# a \` or `echo 'a \'` goes on no further.
    joined = code.length === content.length && /(?<!\\)(?:\\\\)*\\$/.test(code) ? { code: `${code.slice(0, -1)} `, content: `${content.slice(0, -1)} ` } : undefined;
    if (joined) continue;
    const { words, end } = commandWords(code, state);
    for (const [i, word] of words.entries()) {
      if (!word.first) continue;
      if (depth === 0 && endsScript(word, words[i + 1])) return { offset: start, command: word.text };
      if (OPENERS.has(word.text)) depth += 1;
      else if (CLOSERS.has(word.text)) depth = Math.max(0, depth - 1);
    }
    // `f() {` opens a function body with a `{` that is no command's first word.
    if (/\)\s*\{\s*$/.test(code) && !words.some((w) => w.first && w.text === "{")) depth += 1;
    // A `<<` in quotes or a comment starts no here-document; the delimiter is read as written (`<<'EOF'`, `<<\EOF`).
    const at = code.search(/(?<!<)<<(?!<)/);
    const doc = at === -1 ? null : /^<<(-?)\s*(?:\\|(['"]?))([A-Za-z_][\w.-]*)\2/.exec(content.slice(at));
    if (doc) hereDoc = { delimiter: doc[3] ?? "", tabs: doc[1] === "-" };
    state = end;
  }
  return undefined;
}

/** Where a line leaves its command for the next one. */
interface LineState {
  /** Whether the next word starts a command. */
  atCommand: boolean;
  /** Whether the command it is in runs only as the one before it ends. */
  conditional: boolean;
}
/** A line that starts afresh: the one before ended its command. */
const START: LineState = { atCommand: true, conditional: false };

interface Word {
  text: string;
  /** Whether it is a command's first word (where reserved words count). */
  first: boolean;
  /** Whether its command runs only as the one before it ends (after `&&`, `||` or `|`). */
  conditional: boolean;
}

/**
 * The code of a line (`codeOf`), as words, each marked whether it starts a command, from where the line before left
 * its command; and where this line leaves it: afresh, unless it ends with `&&`, `||` or `|` (lines ended by a `\` come joined).
 */
function commandWords(code: string, from: LineState): { words: Word[]; end: LineState } {
  // A blank or comment line after `&&`, `||` or `|` leaves the command waiting for its next part.
  if (code.trim() === "") return { words: [], end: from.atCommand && from.conditional ? from : START };
  const words: Word[] = [];
  let { atCommand, conditional } = from;
  for (const piece of code.split(/(;;|;|&&|\|\||\||&)|\s+/)) {
    if (piece === undefined || piece === "") continue;
    if (/^(?:;;|;|&&|\|\||\||&)$/.test(piece)) {
      atCommand = true;
      conditional = piece === "&&" || piece === "||" || piece === "|";
      continue;
    }
    words.push({ text: piece, first: atCommand, conditional });
    atCommand = atCommand && LEADERS.has(piece);
  }
  const goesOn = /(?:&&|\|\||\|)\s*$/.test(code);
  return { words, end: goesOn ? { atCommand, conditional } : START };
}

/**
 * The line without its comment, each quoted text replaced by a placeholder word as long (`"exit"` or `'if'` count
 * as nothing, nor does a `#` or `<<` in them; what is left stays where it is in the line).
 */
function codeOf(line: string): string {
  return line.replace(/'[^']*'|"(?:[^"\\]|\\.)*"/g, (quoted) => "q".repeat(quoted.length)).replace(/(?<=^|[\s;&|()])#.*$/, "").trimEnd();
}

/**
 * Whether a top-level command ends the script: an `exit`, or an `exec` that runs a command, that runs whatever
 * the commands before it did (`npm test || exit 1` ends only a failing hook, and meshkit's lines after it run as
 * they did before: when the hook goes on).
 */
function endsScript(word: Word, next: Word | undefined): boolean {
  if (word.conditional) return false;
  if (word.text === "exit") return true;
  // `exec < /dev/tty` or `exec 1>&2` only redirects; `exec npx lint-staged` replaces the shell.
  return word.text === "exec" && next !== undefined && !next.first && !/^\d*[<>]/.test(next.text);
}
