/**
 * Whether `name` is a valid git ref name below `refs/` (a branch or tag name), by the rules of
 * `git check-ref-format` that a name written by hand can break, without running git: no empty or
 * `.`-led component, no `..`, `@{`, `//`, space, control character or `~ ^ : ? * [ \`, not led by `-`
 * or `/`, not ending in `/`, `.` or `.lock`, not `@` alone.
 */
export function isValidRefName(name: string): boolean {
  return !(
    name === "" ||
    name === "@" ||
    name.startsWith("-") ||
    name.startsWith("/") ||
    name.endsWith("/") ||
    name.endsWith(".") ||
    name.includes("..") ||
    name.includes("//") ||
    name.includes("@{") ||
    /[\s~^:?*[\\\u007f]/.test(name) ||
    [...name].some((char) => char.charCodeAt(0) < 0x20) ||
    name.split("/").some((part) => part.startsWith(".") || part.endsWith(".lock"))
  );
}
