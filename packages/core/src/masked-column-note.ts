/**
 * The note `meshkit provision` writes on a column of its masked view (`<domain>_safe.<table>`, PostgreSQL's view for
 * readers not approved for sensitive data), which `meshkit test` reads back to know that the column's values are
 * not the data's: one format, written and read here, so that the two never drift apart.
 */

/** How a column is masked: the hex SHA-256 digest of each value, or always NULL. */
export type ColumnMasking = "sha256" | "null";

const MASKING_TEXT: Readonly<Record<ColumnMasking, string>> = {
  sha256: "the hex SHA-256 digest of the value (equal values, equal digests)",
  null: "always NULL",
};

/** `Masked (restricted): the hex SHA-256 digest of the value (equal values, equal digests); roles approved for it read crm.customers.` */
export function maskedColumnNote(classification: string, masking: ColumnMasking, table: string): string {
  return `Masked (${classification}): ${MASKING_TEXT[masking]}; roles approved for it read ${table}.`;
}

const MASKED_NOTE = new RegExp(`(?:^|\\s)Masked \\(([^)]*)\\): (${Object.values(MASKING_TEXT).map((text) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|")}); roles approved for it read (.+)\\.$`, "s");

/** The masking a column's comment ends with (maskedColumnNote, after the column's own description); undefined for any other comment. */
export function readMaskedColumnNote(comment: string): { classification: string; masking: ColumnMasking; table: string } | undefined {
  const match = MASKED_NOTE.exec(comment);
  if (!match) return undefined;
  const masking = (Object.keys(MASKING_TEXT) as ColumnMasking[]).find((key) => MASKING_TEXT[key] === match[2])!;
  return { classification: match[1]!, masking, table: match[3]! };
}
