import { describe, expect, it } from "vitest";
import { MAX_STATIC_INSTANCES, staticInstances } from "./terraform-instances.js";

const at = ["resource", "aws_s3_bucket", "lake"];

describe("staticInstances", () => {
  it("lists the instances of a literal count (a number, a bigint or a string of digits) at the count", () => {
    for (const count of [2, 2n, "2"]) {
      expect(staticInstances({ count }, at)).toEqual({
        repeatedBy: "count",
        instancesKnown: true,
        instances: [
          { key: "[0]", path: "/resource/aws_s3_bucket/lake/count", pattern: "\\[ *0 *\\]" },
          { key: "[1]", path: "/resource/aws_s3_bucket/lake/count", pattern: "\\[ *1 *\\]" },
        ],
      });
    }
  });

  it("lists a literal for_each map's keys at their entries, and a literal set's once each", () => {
    expect(staticInstances({ for_each: { "a.b": 1, raw: 2 } }, at).instances).toEqual([
      { key: '["a.b"]', path: "/resource/aws_s3_bucket/lake/for_each/a.b", pattern: '\\[ *"a\\.b" *\\]' },
      { key: '["raw"]', path: "/resource/aws_s3_bucket/lake/for_each/raw", pattern: '\\[ *"raw" *\\]' },
    ]);
    expect(staticInstances({ for_each: '${toset(["x", "y", "x"])}' }, at).instances.map((i) => i.key)).toEqual(['["x"]', '["y"]']);
    expect(staticInstances({ for_each: {} }, at)).toEqual({ repeatedBy: "for_each", instances: [], instancesKnown: true });
  });

  it("says the instances are not known for an expression, a templated key or too many instances, and a block without either makes one", () => {
    for (const block of [{ for_each: "${var.zones}" }, { for_each: { "${var.k}": 1 } }, { for_each: '${toset([var.a])}' }, { count: "${length(var.z)}" }, { count: MAX_STATIC_INSTANCES + 1 }, { count: 1.5 }]) {
      expect(staticInstances(block, at).instancesKnown).toBe(false);
    }
    expect(staticInstances({ bucket: "x" }, at)).toEqual({ repeatedBy: "", instances: [], instancesKnown: true });
  });
});
