import { withoutLoneCr } from "./source.js";
import { yamlLibrary } from "./yaml-library.js";

/** Line breaks as YAML and LINE_BREAK count them: CR LF, CR, LF. */
const LINE_BREAKS = /\r\n?|\n/g;

/** A YAML comment: its 1-based line and its text from `#` to the end of the line. */
export interface YamlComment {
  line: number;
  text: string;
}

/**
 * The comments of a YAML text, as the YAML lexer reads them: a `#` inside a quoted or block scalar is the
 * scalar's text, not a comment. The lexer's tokens are the source in order, but for its markers (document
 * start, flow end, scalar), which are no characters of it: counting the line breaks of the others gives the line.
 */
export function yamlComments(text: string): YamlComment[] {
  const comments: YamlComment[] = [];
  let line = 1;
  const { CST, Lexer } = yamlLibrary();
  // (the lexer ends a comment only at LF or CRLF: in a file of lone CRs it would read one comment to the end)
  for (const token of new Lexer().lex(withoutLoneCr(text))) {
    if (token === CST.DOCUMENT || token === CST.FLOW_END || token === CST.SCALAR) continue;
    if (token.startsWith("#")) comments.push({ line, text: token });
    line += token.match(LINE_BREAKS)?.length ?? 0;
  }
  return comments;
}
