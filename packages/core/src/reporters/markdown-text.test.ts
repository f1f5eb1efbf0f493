import { describe, expect, it } from "vitest";
import { byteLength } from "./common.js";
import { capMarkdown, escapeHtmlText, escapeMarkdown, inlineCode, markdownLink, renderWithinBudget } from "./markdown-text.js";

describe("escapeMarkdown", () => {
  it("escapes inline markup but keeps code spans", () => {
    expect(escapeMarkdown("*a* _b_ [c](d) <e> & ~f~ #g $h$ !i")).toBe("\\*a\\* \\_b\\_ \\[c\\](d) \\<e\\> \\& \\~f\\~ \\#g \\$h\\$ \\!i");
    expect(escapeMarkdown("set `a_b*c` and ``x ` y``")).toBe("set `a_b*c` and ``x ` y``");
    expect(escapeMarkdown("unclosed ` tick")).toBe("unclosed \\` tick");
    // A mention would notify whoever a document names; an e-mail address and code stay as written.
    expect(escapeMarkdown("@octocat, (@org/team) and a@b.com in `@code`")).toBe("@&#8203;octocat, (@&#8203;org/team) and a@b.com in `@code`");
    expect(escapeMarkdown("@ alone, @-x, x@")).toBe("@ alone, @-x, x@");
    expect(escapeMarkdown("back\\slash")).toBe("back\\\\slash");
  });

  it("refers to no issue or pull request: GitHub links #123, owner/repo#123 and GH-123 even when the # is escaped", () => {
    // A reference also puts a "mentioned this" event on that timeline, for every comment meshkit rewrites.
    expect(escapeMarkdown("fixes #123, acme/data#7 and GH-42 (gh-9)")).toBe("fixes \\#&#8203;123, acme/data\\#&#8203;7 and GH-&#8203;42 (gh-&#8203;9)");
    expect(escapeMarkdown("#12", { table: true })).toBe("\\#&#8203;12");
    // Not a reference: no number, a word before GH, or code.
    expect(escapeMarkdown("#channel, SIGH-1, x-1, `#1`")).toBe("\\#channel, SIGH-1, x-1, `#1`");
  });

  it("makes table cells safe: pipes escaped (even in code), line breaks as <br>", () => {
    const table = { table: true };
    expect(escapeMarkdown("a | b", table)).toBe("a \\| b");
    expect(escapeMarkdown("one\r\ntwo\nthree\rfour", table)).toBe("one<br>two<br>three<br>four");
    expect(escapeMarkdown("one\ntwo")).toBe("one two");
    expect(escapeMarkdown("`a|b`", table)).toBe("`a\\|b`");
    expect(escapeMarkdown("`a\nb`", table)).toBe("`a b`");
    // A backslash before a pipe inside code would be ambiguous in a table: fall back to escaped text.
    expect(escapeMarkdown("`a\\|b`", table)).toBe("\\`a\\\\\\|b\\`");
  });

  it("drops control characters and keeps unicode", () => {
    expect(escapeMarkdown("x\u0000y\u001b[1mz ünï 🚀")).toBe("xy\\[1mz ünï 🚀");
  });
});

describe("inlineCode", () => {
  it("uses a fence longer than any backtick run and pads when needed", () => {
    expect(inlineCode("a.yaml")).toBe("`a.yaml`");
    expect(inlineCode("a`b")).toBe("``a`b``");
    expect(inlineCode("`a")).toBe("`` `a ``");
    expect(inlineCode("")).toBe("");
    expect(inlineCode("a|b", { table: true })).toBe("`a\\|b`");
    expect(inlineCode("a\nb")).toBe("`a b`");
  });
});

describe("markdownLink", () => {
  it("links only http(s) URLs and keeps the destination in one piece", () => {
    expect(markdownLink("x", "https://example.com/a b(c)")).toBe("[x](https://example.com/a%20b%28c%29)");
    expect(markdownLink("x", "javascript:alert(1)")).toBe("x");
    expect(markdownLink("x", undefined)).toBe("x");
  });
});

describe("renderWithinBudget", () => {
  const section = (heading: string, rows: string[]) => ({ heading, count: rows.length, row: (index: number) => rows[index]! });

  it("keeps everything when it fits", () => {
    const out = renderWithinBudget("head", [section("h", ["r1", "r2"])], () => "tail", 1000);
    expect(out).toBe("head\n\nh\nr1\nr2\n\ntail\n");
  });

  it("cuts rows, drops sections that do not fit and reports the omitted count", () => {
    const sections = [
      section("h1", Array.from({ length: 10 }, (_, i) => `row ${i} ${"x".repeat(20)}`)),
      section("h2", ["last"]),
    ];
    const out = renderWithinBudget("head", sections, (n) => (n > 0 ? `${n} omitted` : ""), 120);
    expect(byteLength(out)).toBeLessThanOrEqual(120);
    const shown = out.split("\n").filter((l) => l.startsWith("row")).length;
    expect(shown).toBeGreaterThan(0);
    expect(out).toContain(`${11 - shown} omitted`);
    expect(out).not.toContain("h2");
  });

  it("renders only the rows it shows", () => {
    const rendered: number[] = [];
    const many = { heading: "h", count: 100_000, row: (index: number) => (rendered.push(index), `row ${index}`) };
    const out = renderWithinBudget("head", [many], (n) => `${n} omitted`, 200);
    expect(out).toContain(`${100_000 - rendered.length + 1} omitted`);
    expect(rendered.length).toBeLessThan(30);
  });
});

describe("capMarkdown", () => {
  const rows = (n: number, cell: (i: number) => string) => Array.from({ length: n }, (_, i) => `| ${i} | ${cell(i)} |`);

  it("closes meshkit's own folds, whatever the code spans in the rows say", () => {
    // A check or column named `</details>` (or `<details>`) is kept verbatim in a code span: not a fold.
    for (const named of ["</details>", "<details>"]) {
      const text = ["**checks**", "", "<details><summary>40 passing checks</summary>", "", "| # | check |", "|---|---|", ...rows(40, (i) => inlineCode(`orders.${named}${i}`, { table: true })), "", "</details>", "", "next section"].join("\n");
      const cut = capMarkdown(text, 600, "test");
      expect(cut.match(/^<details>/gm)).toHaveLength(1);
      expect(cut.match(/^<\/details>$/gm)).toHaveLength(1);
      expect(byteLength(cut)).toBeLessThanOrEqual(600);
    }
  });

  it("takes a line starting with a code span for text, not a fence: the folds after it are still closed", () => {
    const text = ["```a``` starts this line", "", "<details>", "<summary>rows</summary>", "", ...Array.from({ length: 40 }, (_, i) => `- row ${i}`), "", "</details>"].join("\n");
    const cut = capMarkdown(text, 200, "test");
    expect(cut).toMatch(/_\(cut here: test\.\)_\n<\/details>\n$/);
    expect(cut.split("\n").filter((line) => line.startsWith("```"))).toEqual(["```a``` starts this line"]);
  });

  it("never leaves a code fence open, and sets the note apart from a table it cuts", () => {
    const fenced = ["Plan:", "", "```hcl", ...Array.from({ length: 50 }, (_, i) => `resource "x" "r${i}" {}`), "```", "", "after"].join("\n");
    const cut = capMarkdown(fenced, 300, "test");
    expect(cut).toMatch(/\n```\n\n_\(cut here: test\.\)_\n$/);
    expect(byteLength(cut)).toBeLessThanOrEqual(300);
    // A line right after a table is one more row of it (GFM): the note follows a blank line.
    const table = ["| a | b |", "|---|---|", ...rows(50, () => "x")].join("\n");
    expect(capMarkdown(table, 200, "test")).toMatch(/\|\n\n_\(cut here: test\.\)_\n$/);
  });

  it("keeps the closing of a fold the last kept line opens within the budget", () => {
    const text = ["a".repeat(80), "<details>", "b".repeat(80), "</details>"].join("\n");
    for (let max = 100; max < byteLength(text); max++) expect(byteLength(capMarkdown(text, max, "t"))).toBeLessThanOrEqual(max);
  });
});

describe("escapeHtmlText", () => {
  it("writes text for HTML, where no Markdown is read: entities, no backslashes, no mentions or issue references", () => {
    expect(escapeHtmlText('data_products/a*b & <details> "x"')).toBe("data_products/a*b &amp; &lt;details&gt; &quot;x&quot;");
    expect(escapeHtmlText("@octocat (@org/team) a@b.com #12 acme/x#3 GH-4 &#35;5")).toBe("@&#8203;octocat (@&#8203;org/team) a@b.com #&#8203;12 acme/x#&#8203;3 GH-&#8203;4 &amp;#&#8203;35;5");
    expect(escapeHtmlText("one\ntwo\u202e")).toBe("one two");
  });
});
