import { describe, expect, it } from "vitest";
import { nameProblem } from "./names.js";

describe("nameProblem", () => {
  // Each of these names reads as a valid identifier (or as letters) on screen: the message must say which character is wrong.
  it.each([
    ["a zero-width space", "order\u200Bid", 'The column name "order\\u{200B}id" is not an identifier: it holds U+200B (an invisible character), often pasted in with the name: remove it'],
    ["a byte order mark", "\uFEFForders", 'The column name "\\u{FEFF}orders" is not an identifier: it holds U+FEFF (an invisible character), often pasted in with the name: remove it'],
    ["a soft hyphen", "orders\u00AD", 'The column name "orders\\u{00AD}" is not an identifier: it holds U+00AD (an invisible character), often pasted in with the name: remove it'],
    ["a no-break space", "order\u00A0id", 'The column name "order\\u{00A0}id" is not an identifier: it holds U+00A0 (a space that is not the ASCII one), often pasted in with the name: write _ instead'],
    // é as e and a combining accent (as macOS writes it): made of letters and marks, like größe.
    ["a combining accent", "e\u0301tat", 'The column name "e\\u{0301}tat" is not an identifier: only ASCII letters (A-Z, a-z), digits and _ are, and U+0301 (a combining mark, on the character before it) is not ASCII'],
    ["a leading digit", "1abc", 'The column name "1abc" is not an identifier: it starts with a digit; start it with a letter or _'],
    ["an emoji", "order_\u{1F600}", 'The column name "order_😀" is not an identifier: use letters, digits and _ (starting with a letter or _), no quotes, spaces, ; or path separators ("😀" is not ASCII)'],
  ])("names the character that is not taken: %s", (_label, name, message) => {
    expect(nameProblem("column", name)).toBe(message);
  });

  it("counts characters, not UTF-16 code units, against the 63 an identifier may have", () => {
    expect(nameProblem("table", "\u{1F600}".repeat(40))).toBe(`The table name "${"\u{1F600}".repeat(40)}" is not an identifier: use letters, digits and _ (starting with a letter or _), no quotes, spaces, ; or path separators ("😀" is not ASCII)`);
    expect(nameProblem("table", "a".repeat(64))).toBe(`The table name "${"a".repeat(64)}" is longer than 63 characters`);
    // 63 letters and a zero-width space: what shows is 63 characters long, and the invisible one is what is wrong.
    expect(nameProblem("table", `${"a".repeat(40)}\u200B${"b".repeat(23)}`)).toBe(`The table name "${"a".repeat(40)}\\u{200B}${"b".repeat(23)}" is not an identifier: it holds U+200B (an invisible character), often pasted in with the name: remove it`);
    expect(nameProblem("table", `${"a".repeat(64)}\u200B`)).toBe(`The table name "${"a".repeat(64)}\\u{200B}" is longer than 63 characters`);
  });

  it("keeps the messages of visible characters as they were", () => {
    expect(nameProblem("column", "größe")).toBe('The column name "größe" is not an identifier: only ASCII letters (A-Z, a-z), digits and _ are, and "ö" is not ASCII');
    expect(nameProblem("role", "order analyst")).toBe('The role name "order analyst" is not an identifier: use letters, digits and _ (starting with a letter or _), no quotes, spaces, ; or path separators');
    expect(nameProblem("table", "order")).toBeUndefined();
  });
});
