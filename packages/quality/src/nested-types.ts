/**
 * Nested properties in the data: DuckDB's type names of STRUCT and LIST columns, as DESCRIBE writes them
 * (`STRUCT(email VARCHAR, "ship to" STRUCT(zip VARCHAR))[]`), read into a tree, and the type found at a
 * nested property's path (fields of structs, items of lists). Used to check that a nested property
 * exists and has its declared type before its row-level checks run inside the object's one scan.
 */

/** A step from a column into its value: a field of a struct, or every item of a list. */
export type NestedStep = { kind: "field"; name: string } | { kind: "items" };

/** A type name read: a struct's fields, a list's item type, or any other type as written. */
export type ParsedType =
  | { kind: "struct"; fields: { name: string; type: ParsedType }[]; text: string }
  | { kind: "list"; item: ParsedType; text: string }
  | { kind: "other"; text: string };

/** Reads a DuckDB type name; undefined when it is not one this reader understands (then nothing nested is judged by it). */
export function parseDuckDbType(text: string): ParsedType | undefined {
  const reader = new TypeReader(text);
  try {
    const type = reader.type();
    reader.skipSpaces();
    return reader.atEnd() ? type : undefined;
  } catch {
    return undefined;
  }
}

class TypeReader {
  private at = 0;

  constructor(private readonly text: string) {}

  atEnd(): boolean {
    return this.at >= this.text.length;
  }

  skipSpaces(): void {
    while (this.at < this.text.length && /\s/.test(this.text[this.at]!)) this.at++;
  }

  type(): ParsedType {
    this.skipSpaces();
    const start = this.at;
    let type: ParsedType;
    if (/^STRUCT\s*\(/i.test(this.text.slice(this.at))) {
      this.at = this.text.indexOf("(", this.at) + 1;
      const fields: { name: string; type: ParsedType }[] = [];
      this.skipSpaces();
      while (this.text[this.at] !== ")") {
        const name = this.identifier();
        const fieldType = this.type();
        fields.push({ name, type: fieldType });
        this.skipSpaces();
        if (this.text[this.at] === ",") this.at++;
        else if (this.text[this.at] !== ")") throw new Error("expected , or )");
        this.skipSpaces();
      }
      this.at++;
      type = { kind: "struct", fields, text: this.text.slice(start, this.at) };
    } else {
      this.plain();
      type = { kind: "other", text: this.text.slice(start, this.at).trim() };
    }
    // `T[]` is a LIST of T; `T[3]` a fixed-size ARRAY, read the same way here.
    for (;;) {
      this.skipSpaces();
      if (this.text[this.at] !== "[") return type;
      const close = this.text.indexOf("]", this.at);
      if (close === -1 || !/^\d*$/.test(this.text.slice(this.at + 1, close))) throw new Error("bad list suffix");
      this.at = close + 1;
      type = { kind: "list", item: type, text: this.text.slice(start, this.at).trim() };
    }
  }

  /** A field name: `"…"` with `""` for a quote, or a bare word. */
  private identifier(): string {
    this.skipSpaces();
    if (this.text[this.at] === '"') {
      let name = "";
      for (this.at++; ; this.at++) {
        if (this.at >= this.text.length) throw new Error("unterminated name");
        const ch = this.text[this.at]!;
        if (ch === '"') {
          if (this.text[this.at + 1] === '"') {
            name += '"';
            this.at++;
          } else {
            this.at++;
            return name;
          }
        } else name += ch;
      }
    }
    const match = /^[^\s",()[\]]+/.exec(this.text.slice(this.at));
    if (!match) throw new Error("expected a name");
    this.at += match[0].length;
    return match[0];
  }

  /** Any other type: words, and parentheses with what they hold (`DECIMAL(12,2)`, `MAP(VARCHAR, INTEGER)`, `ENUM('a', 'b')`). */
  private plain(): void {
    let depth = 0;
    while (this.at < this.text.length) {
      const ch = this.text[this.at]!;
      if (ch === "'" || ch === '"') {
        const end = this.text.indexOf(ch, this.at + 1);
        if (end === -1) throw new Error("unterminated quote");
        this.at = end + 1;
        continue;
      }
      if (ch === "(") depth++;
      else if (ch === ")") {
        if (depth === 0) return;
        depth--;
      } else if (depth === 0 && (ch === "," || ch === "[")) return;
      this.at++;
    }
  }
}

/** What is at a nested path of a column's type: the type there, a field that is not there, or a value that is no STRUCT or LIST. */
export type NestedResolution =
  | { kind: "found"; type: string }
  | { kind: "missing"; field: string; fields: string[]; depth: number }
  | { kind: "notNested"; type: string; step: NestedStep; depth: number };

/** Follows `steps` through a column's type name (DuckDB's). Field names match exactly. */
export function resolveNestedType(columnType: string, steps: readonly NestedStep[]): NestedResolution {
  let type = parseDuckDbType(columnType);
  if (!type) return { kind: "notNested", type: columnType, step: steps[0] ?? { kind: "items" }, depth: 0 };
  for (const [depth, step] of steps.entries()) {
    if (step.kind === "field") {
      if (type.kind !== "struct") return { kind: "notNested", type: type.text, step, depth };
      const field: { name: string; type: ParsedType } | undefined = type.fields.find((f) => f.name === step.name);
      if (!field) return { kind: "missing", field: step.name, fields: type.fields.map((f) => f.name), depth };
      type = field.type;
    } else {
      if (type.kind !== "list") return { kind: "notNested", type: type.text, step, depth };
      type = type.item;
    }
  }
  return { kind: "found", type: type.text };
}
