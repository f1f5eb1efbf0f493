import { describe, expect, it } from "vitest";
import { objectFolderPath } from "./object-folder.js";

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
});
