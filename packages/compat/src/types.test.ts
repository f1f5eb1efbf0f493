import { describe, expect, it } from "vitest";
import { relatePhysicalTypes } from "./types.js";

describe("relatePhysicalTypes", () => {
  it("reads SQL Server's (max) as no length limit: the widest of its family", () => {
    expect(relatePhysicalTypes("varchar(max)", "varchar(100)")).toBe("narrowed");
    expect(relatePhysicalTypes("nvarchar(100)", "NVARCHAR(MAX)")).toBe("widened");
    expect(relatePhysicalTypes("varchar(max)", "text")).toBe("widened");
    expect(relatePhysicalTypes("varchar(max)", "varchar(MAX)")).toBe("same");
  });
});
