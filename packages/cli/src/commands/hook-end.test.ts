import { describe, expect, it } from "vitest";
import { topLevelEnd } from "./hook-end.js";

/** The line where the script's top level ends, or undefined when it runs to its end. */
function endLine(script: string): string | undefined {
  const end = topLevelEnd(script);
  return end === undefined ? undefined : script.slice(end.offset).split("\n")[0];
}

describe("topLevelEnd", () => {
  it("finds a top-level exit, indented or not, and an exec that replaces the shell", () => {
    expect(endLine("echo a\nexit 0\n")).toBe("exit 0");
    expect(endLine("case $x in\n  a) exit 0;;\nesac\n  exit 4\n")).toBe("  exit 4");
    expect(endLine("while true; do exit; done\necho hi; exit 5\n")).toBe("echo hi; exit 5");
    expect(endLine("exec < /dev/tty\nexec 1>&2\nexec npx lint-staged\n")).toBe("exec npx lint-staged");
    expect(topLevelEnd("npm test\nexec npx lint-staged\n")?.command).toBe("exec");
  });

  it("takes no exit inside a block, a function, a here-document, quotes or a comment for the end", () => {
    expect(endLine('if [ "$SKIP_ALL" = 1 ]; then\nexit 0\nfi\necho own-check\n')).toBeUndefined();
    expect(endLine("fail() {\nexit 1\n}\nnpm test || fail\n")).toBeUndefined();
    expect(endLine("for f in a b; do\nexit\ndone\n")).toBeUndefined();
    expect(endLine("cat <<EOF\nexit\nEOF\necho 'exit'\n# exit\necho done\n")).toBeUndefined();
    expect(endLine("cat <<-'END'\n\texit\n\tEND\nexit 3\n")).toBe("exit 3");
    expect(endLine('cat <<\\EOF\nexit codes: 1 when a check fails\nEOF\necho own-check\n')).toBeUndefined();
  });

  it("takes a conditional exit for no end: the lines after it run whenever the hook goes on", () => {
    expect(endLine('[ -n "$CI" ] && exit 0\nnpm test || exit 1\n')).toBeUndefined();
  });

  it("reads a command on to the next line after `&&`, `||`, `|` or a `\\`: an exit there is as conditional, and one that ends the hook ends it from the command's first line", () => {
    expect(endLine('[ "$SKIP" = 1 ] &&\n  exit 0\necho own-check\n')).toBeUndefined();
    expect(endLine('[ "$SKIP" = 1 ] &&\n\n  # nothing more to check\n  exit 0\necho own-check\n')).toBeUndefined();
    expect(endLine("npx lint-staged || \\\n  exit 1\necho own-check\n")).toBeUndefined();
    expect(endLine("echo done; \\\n  exit 0\n")).toBe("echo done; \\");
    expect(endLine("npm test \\\n  --silent\nexit 3\n")).toBe("exit 3");
  });

  it("joins the lines a `\\` continues as the shell does: an `exec` whose command is on the next line ends the hook; `\\\\`, or a `\\` in quotes or a comment, continues nothing", () => {
    // Was undefined: the `exec` had no word after it on its line, and meshkit's lines went after the shell was replaced.
    expect(endLine("exec \\\n  npx lint-staged\n")).toBe("exec \\");
    expect(endLine("npm test\nexec \\\n  \\\n  npx lint-staged\n")).toBe("exec \\");
    expect(endLine("exec \\\n  1>&2\necho own-check\n")).toBeUndefined();
    // Was undefined: `\\` is a backslash, and the exit on the next line was taken for that line's argument.
    expect(endLine("echo C:\\\\\nexit 0\n")).toBe("exit 0");
    expect(endLine("echo 'a \\'\nexit 1\n")).toBe("exit 1");
    expect(endLine("npm test # then \\\nexit 2\n")).toBe("exit 2");
    expect(endLine("npm test || \\\n  \\\n  exit 1\necho own-check\n")).toBeUndefined();
  });

  it("starts no here-document at a `<<` in quotes or a comment, nor at bash's `<<<`", () => {
    expect(endLine('echo "usage: cat <<EOF"\nexit 0\n')).toBe("exit 0");
    expect(endLine("# cat <<EOF\nexit 1\n")).toBe("exit 1");
    expect(endLine("cat <<< word\nexit 2\n")).toBe("exit 2");
    expect(endLine("echo 'a' \"# b\"; exit 4 # c <<EOF\n")).toBe("echo 'a' \"# b\"; exit 4 # c <<EOF");
    expect(endLine("npm test;# <<EOF\nexit 5\n")).toBe("exit 5");
  });
});
