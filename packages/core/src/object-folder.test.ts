import { describe, expect, it } from "vitest";
import { fillObjectPlaceholders, namesObject, objectFolderPath, objectPhysicalName } from "./object-folder.js";

describe("objectFolderPath", () => {
  it("ends at the segment naming the object, filled in, whichever placeholder names it", () => {
    expect(objectFolderPath("bucket/data/{model}/*.json", "orders", false)).toBe("bucket/data/orders");
    expect(objectFolderPath("data/{object}_v1/part-*.parquet", "orders", true)).toBe("data/orders_v1");
  });

  it("takes the folder of one object's files as its folder, and gives objects sharing files a folder each", () => {
    expect(objectFolderPath("bucket/data/*.parquet", "orders", false)).toBe("bucket/data");
    expect(objectFolderPath("bucket/data/*.parquet", "orders", true)).toBe("bucket/data/orders");
  });

  it("reads a placeholder in a file pattern as naming files, not a folder: no wildcard in the folder", () => {
    expect(objectFolderPath("bucket/data/{object}_*.parquet", "orders", false)).toBe("bucket/data");
    expect(objectFolderPath("bucket/data/{model}-part-?.json", "orders", true)).toBe("bucket/data/orders");
    expect(objectFolderPath("bucket/data/{object}/{object}_*.parquet", "orders", true)).toBe("bucket/data/orders");
  });

  it("puts each object in a folder of its own below a plain folder", () => {
    expect(objectFolderPath("bucket/prefix/", "orders", false)).toBe("bucket/prefix/orders");
    expect(objectFolderPath("", "orders", false)).toBe("orders");
  });

  it("puts a name with `$` in as written (no replacement pattern)", () => {
    expect(objectFolderPath("bucket/data/{model}/*.json", "o$&$1", false)).toBe("bucket/data/o$&$1");
  });
});

describe("objectPhysicalName: what `{object}` stands for in every stage", () => {
  it("is the physicalName, else the name; an empty physicalName names nothing", () => {
    expect(objectPhysicalName({ name: "sales_orders", physicalName: "orders" })).toBe("orders");
    expect(objectPhysicalName({ name: "orders" })).toBe("orders");
    expect(objectPhysicalName({ name: "orders", physicalName: "" })).toBe("orders");
    // A physicalName that is no text is none; a name that is none is returned for the caller to say so.
    expect(objectPhysicalName({ name: "orders", physicalName: 7 })).toBe("orders");
    expect(objectPhysicalName({ name: 7 })).toBe(7);
  });

  it("fills both spellings of the placeholder, every time it occurs", () => {
    expect(fillObjectPlaceholders("./data/{model}/{object}.csv", "orders")).toBe("./data/orders/orders.csv");
    expect(fillObjectPlaceholders("./data/{model}.csv", "a$&b$$")).toBe("./data/a$&b$$.csv");
    expect(fillObjectPlaceholders("./data/{Model}.csv", "orders")).toBe("./data/{Model}.csv");
  });

  it("tells a path that names the object", () => {
    expect([namesObject("./data/{model}.csv"), namesObject("s3://b/{object}/*.parquet"), namesObject("./data/"), namesObject("./data/{Model}.csv")]).toEqual([true, true, false, false]);
  });
});
