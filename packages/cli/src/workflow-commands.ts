/**
 * Text the CLI prints for people (the `text` and `markdown` formats, `meshkit ci`'s stage lines, a plan, a one-line error)
 * carries names, descriptions and messages from the documents, which a pull request writes. Inside GitHub
 * Actions the runner reads every line a step prints, on stdout and stderr, for workflow commands: `::name::`
 * at the start of a line (after blanks: a file or folder named `::error::x`), and the legacy `##[name]`
 * anywhere in a line (a column named `x ##[error]y`, `##[add-mask]…`, `##[stop-commands]…`). Such text is
 * written between `::stop-commands::<random token>` and `::<token>::`, as the actions write their logs, so
 * it is shown as it is and runs nothing. The machine formats (json, sarif, junit) are left alone: they are
 * read by programs, and the `github` format is workflow commands on purpose.
 */
import { createRequire } from "node:module";

/**
 * A token nobody can guess to end the stop with. node:crypto is required here, when a text needs stopping,
 * not imported: loading it costs every command ~7 ms at start (and @meshkit/core's nodeCrypto is not imported
 * here, so that the CLI's error paths do not load the core library).
 */
function stopToken(): string {
  const { randomBytes } = createRequire(import.meta.url)("node:crypto") as typeof import("node:crypto");
  return `meshkit-${randomBytes(16).toString("hex")}`;
}

/** `::` at the start of a line (after blanks), or `##[` anywhere: what the runner would read as a command. */
const COMMAND_LIKE = /^\s*::|##\[/m;

/** Whether `text` holds something the GitHub Actions runner would read as a workflow command. */
export function mayHoldWorkflowCommand(text: string): boolean {
  return COMMAND_LIKE.test(text);
}

/**
 * Writes `text` to `stream`; inside GitHub Actions (`GITHUB_ACTIONS=true`), text that holds a command-like
 * sequence is written with workflow commands stopped around it. Elsewhere, or without such a sequence, as is.
 */
export function writeInert(text: string, stream: NodeJS.WritableStream = process.stdout, env: NodeJS.ProcessEnv = process.env): void {
  if (env.GITHUB_ACTIONS !== "true" || !mayHoldWorkflowCommand(text)) {
    stream.write(text);
    return;
  }
  const token = stopToken();
  stream.write(`::stop-commands::${token}\n${text}${text.endsWith("\n") ? "" : "\n"}::${token}::\n`);
}

/**
 * writeInert for a text made in pieces of whole lines, too long to hold whole (a plan of 40,000 contracts):
 * inside GitHub Actions `pieces` is called twice, once to look for a command-like sequence, once to write.
 */
export function writeInertPieces(pieces: () => Iterable<string>, stream: NodeJS.WritableStream = process.stdout, env: NodeJS.ProcessEnv = process.env): void {
  const stopped = env.GITHUB_ACTIONS === "true" && anyPiece(pieces(), mayHoldWorkflowCommand);
  const token = stopped ? stopToken() : undefined;
  if (token) stream.write(`::stop-commands::${token}\n`);
  for (const piece of pieces()) stream.write(piece);
  if (token) stream.write(`::${token}::\n`);
}

function anyPiece(pieces: Iterable<string>, test: (piece: string) => boolean): boolean {
  for (const piece of pieces) if (test(piece)) return true;
  return false;
}
