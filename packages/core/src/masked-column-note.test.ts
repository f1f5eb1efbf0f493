import { describe, expect, it } from "vitest";
import { maskedColumnNote, readMaskedColumnNote } from "./masked-column-note.js";

describe("the masked column note provision writes and contract-test reads", () => {
  it("reads back what it writes, after the column's own description too", () => {
    for (const masking of ["sha256", "null"] as const) {
      const note = maskedColumnNote("restricted", masking, "crm.customers");
      expect(readMaskedColumnNote(note)).toEqual({ classification: "restricted", masking, table: "crm.customers" });
      expect(readMaskedColumnNote(`Where we write to. ${note}`)).toEqual({ classification: "restricted", masking, table: "crm.customers" });
    }
    expect(maskedColumnNote("pii", "null", "sales.orders")).toBe("Masked (pii): always NULL; roles approved for it read sales.orders.");
  });

  it("reads no other comment as a mask: a description that mentions masking, a note cut short, another way of masking", () => {
    expect(readMaskedColumnNote("Masked (restricted): always NULL")).toBeUndefined();
    expect(readMaskedColumnNote("Masked (restricted): redacted; roles approved for it read crm.customers.")).toBeUndefined();
    expect(readMaskedColumnNote("The value is masked in reports.")).toBeUndefined();
    expect(readMaskedColumnNote("NotMasked (pii): always NULL; roles approved for it read a.b.")).toBeUndefined();
  });
});
