export function stringifyParsed(parsed: { $typeName: string; expr?: unknown }): string;
export function parseParsed(text: string): unknown;
