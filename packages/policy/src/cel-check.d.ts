export declare const POLICY_VARIABLES: readonly ["object", "kind", "file", "params", "variables", "schemaObjects", "properties", "arrayItems", "servers", "slaProperties", "outputPorts", "inputPorts", "contracts", "unreadFiles", "resources", "module", "item", "index"];
export declare const OPTIONAL_TYPES_UNSUPPORTED: string;
export function checkNames(expr: unknown, scope: Set<string>, positions: Record<string, number>, isFunction: (name: string) => boolean): { message: string; offset: number } | undefined;
export function comprehensionDepth(expr: unknown): number;
export function nestedDeeperThan(expr: unknown, limit: number): boolean;
export function variableReferences(expr: unknown, positions: Record<string, number>): { name: string; offset: number }[];
