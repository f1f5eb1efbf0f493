/**
 * Checks that read a string property's values as text (lengths, patterns, value lists), made to cast the
 * columns an engine does not hold as text: a UUID or enum column, or a string property stored in a type of no
 * family its physicalType names (PostgreSQL's `inet`). Shared by the runners, which know each column's type
 * from the data, and `--emit-sql`, which knows only the contract's physicalType.
 */
import type { Check, RowCondition } from "./checks.js";
import { resolveNestedType } from "./nested-types.js";
import { isStringHeldAsNonText } from "./type-families.js";

/**
 * The check, with its conditions reading as text the string values the engine does not hold as text (a UUID
 * column, or a UUID inside a STRUCT or LIST; a column `castColumn` says is a string property stored in another
 * type): lengths, patterns and value lists treat a string property's values as text, and a UUID has no
 * `length()`, no `regexp_matches()` and is no `''`. Only those are cast: a text column's SQL stays as it is.
 * `typeOf`: a column's type in the data.
 */
export function withTextComparisons(check: Check, typeOf: (column: string) => string | undefined, castColumn: (column: string) => boolean): Check {
  const measure = check.measure;
  if (measure.kind !== "failingRows") return check;
  const condition = conditionReadingText(measure.condition, typeOf, castColumn);
  return condition === measure.condition ? check : { ...check, measure: { ...measure, condition } };
}

function conditionReadingText(condition: RowCondition, typeOf: (column: string) => string | undefined, castColumn: (column: string) => boolean): RowCondition {
  switch (condition.kind) {
    case "inList":
    case "notInList":
    case "notMatching":
    case "length": {
      const type = typeOf(condition.column);
      return !condition.text && type !== undefined && (isStringHeldAsNonText(type) || castColumn(condition.column)) ? { ...condition, text: true } : condition;
    }
    case "anyOf": {
      const conditions = condition.conditions.map((c) => conditionReadingText(c, typeOf, castColumn));
      return conditions.some((c, i) => c !== condition.conditions[i]) ? { ...condition, conditions } : condition;
    }
    case "nested": {
      // The nested condition names the value at the path; its type is found inside the column's type.
      const columnType = typeOf(condition.column);
      const resolved = columnType === undefined ? undefined : resolveNestedType(columnType, condition.steps);
      const typeAtPath = resolved?.kind === "found" ? resolved.type : undefined;
      const inner = conditionReadingText(condition.condition, () => typeAtPath, () => false);
      return inner === condition.condition ? condition : { ...condition, condition: inner };
    }
    default:
      return condition;
  }
}
