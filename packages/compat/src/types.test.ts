import { describe, expect, it } from "vitest";
import { relatePhysicalTypes } from "./types.js";

describe("relatePhysicalTypes", () => {
  it("reads SQL's `timestamp(p) with time zone` and `without time zone` spellings by precision, as timestamptz(p)", () => {
    expect(relatePhysicalTypes("timestamp(6) with time zone", "timestamp(3) with time zone")).toBe("narrowed");
    expect(relatePhysicalTypes("timestamp with time zone", "TIMESTAMP(3) WITH TIME ZONE")).toBe("narrowed");
    expect(relatePhysicalTypes("timestamp(3) without time zone", "timestamp(6) without time zone")).toBe("widened");
    expect(relatePhysicalTypes("timestamp without time zone", "timestamp")).toBe("same");
    expect(relatePhysicalTypes("timestamp with time zone", "timestamptz")).toBe("same");
  });

  it("reads SQL Server's (max) as no length limit: the widest of its family", () => {
    expect(relatePhysicalTypes("varchar(max)", "varchar(100)")).toBe("narrowed");
    expect(relatePhysicalTypes("nvarchar(100)", "NVARCHAR(MAX)")).toBe("widened");
    expect(relatePhysicalTypes("varchar(max)", "text")).toBe("widened");
    expect(relatePhysicalTypes("varchar(max)", "varchar(MAX)")).toBe("same");
  });
});
