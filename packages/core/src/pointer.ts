/** JSON pointers (RFC 6901): the `path` of every finding. */
export type PathSegment = string | number;

export function toPointer(segments: readonly PathSegment[]): string {
  return segments.map((s) => "/" + String(s).replace(/~/g, "~0").replace(/\//g, "~1")).join("");
}

/** Whether `text` is a JSON pointer (RFC 6901): `""`, or `/`-separated tokens whose `~` is always `~0` or `~1`. */
export function isJsonPointer(text: string): boolean {
  return text === "" || /^(?:\/(?:[^~]|~[01])*)+$/.test(text);
}

export function fromPointer(pointer: string): string[] {
  if (pointer === "") return [];
  if (!pointer.startsWith("/")) throw new Error(`not a JSON pointer: ${pointer}`);
  return pointer
    .slice(1)
    .split("/")
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
}
