import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { Expr, Raw, escapeTemplate, hclString, jsonDocument, ref, renderJsonFile, toJsonValue, tpl } from "./json.js";
import { bigqueryLabelValue, dnsSlug, labelPart, serviceAccountId, truncate } from "./naming.js";

/** What Terraform reads from an escaped literal: `$${` is `${`, `%%{` is `%{`. */
function unescape(template: string): string {
  return template.replace(/\$\$\{/g, "${").replace(/%%\{/g, "%{");
}

describe("Terraform JSON values", () => {
  it("escapes template sequences in literals and leaves references whole", () => {
    expect(escapeTemplate("a ${b} %{ if c }d%{ endif } $x %y $${z}")).toBe("a $${b} %%{ if c }d%%{ endif } $x %y $$${z}");
    expect(toJsonValue({ description: "${var.x}", bucket: ref("aws_s3_bucket.a.id"), depends_on: [new Raw("aws_s3_bucket.a")] })).toEqual({
      bucket: "${aws_s3_bucket.a.id}",
      depends_on: ["aws_s3_bucket.a"],
      description: "$${var.x}",
    });
  });

  it("escaping is undone exactly by Terraform's reading, for any string without an existing escape", () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        fc.pre(!s.includes("$${") && !s.includes("%%{"));
        const escaped = escapeTemplate(s);
        expect(unescape(escaped)).toBe(s);
        // No interpolation or directive is left open.
        expect(escaped.replace(/\$\$\{|%%\{/g, "")).not.toMatch(/\$\{|%\{/);
      }),
    );
  });

  it("builds templates from literals and references", () => {
    const bucket = ref("aws_s3_bucket.lake.bucket");
    expect(tpl`s3://${bucket}/domain=${"${evil}"}/${3}`).toEqual(new Expr("s3://${aws_s3_bucket.lake.bucket}/domain=$${evil}/3"));
  });

  it("quotes simple HCL strings and refuses anything that would need escaping", () => {
    expect(hclString("customer_profile_reader")).toBe('"customer_profile_reader"');
    for (const bad of ['a"b', "a\\b", "a${b}", "a%{b}", "a\nb"]) expect(() => hclString(bad)).toThrow(/not a simple string/);
  });

  it("renders files with sorted keys, 2-space indentation, no undefined keys and a final newline", () => {
    expect(renderJsonFile({ b: 1, a: { d: true, c: null }, e: undefined, "//": "x" })).toBe('{\n  "//": "x",\n  "a": {\n    "c": null,\n    "d": true\n  },\n  "b": 1\n}\n');
  });

  it("writes JSON documents (policies) as templates with references spliced in and literals escaped", () => {
    const doc = jsonDocument({ Resource: [ref("aws_s3_bucket.a.arn"), tpl`${ref("aws_s3_bucket.a.arn")}/*`], Sid: "${not a ref}", Nul: "a\u0000b" });
    expect(doc.template).toBe('{"Resource":["${aws_s3_bucket.a.arn}","${aws_s3_bucket.a.arn}/*"],"Sid":"$${not a ref}","Nul":"ab"}');
    expect(() => jsonDocument({ x: new Expr('${lookup(var.m, "k", "d")}') })).toThrow(/cannot be spliced/);
  });
});

describe("names on the targets", () => {
  it("makes DNS-style slugs and label parts", () => {
    expect(dnsSlug("supply_chain")).toBe("supply-chain");
    expect(dnsSlug("_Sales__EU_")).toBe("sales-eu");
    expect(labelPart("true")).toBe("true");
    expect(labelPart("CC-220")).toMatch(/^cc_220_[0-9a-f]{6}$/);
    expect(labelPart("2024")).toMatch(/^v_2024_[0-9a-f]{6}$/);
    expect(labelPart("CC-220")).not.toBe(labelPart("cc_220"));
  });

  it("makes valid, unique GCP service account ids", () => {
    const valid = /^[a-z](?:[-a-z0-9]{4,28}[a-z0-9])$/;
    expect(serviceAccountId("customer", "customer_360")).toBe("dp-customer-customer-360");
    expect(serviceAccountId("a", "b")).toBe("dp-a-b");
    const long = serviceAccountId("supply_chain_operations", "inventory_snapshot_daily");
    expect(long).toMatch(valid);
    expect(long).not.toBe(serviceAccountId("supply_chain_operations", "inventory_snapshot_weekly"));
    fc.assert(fc.property(fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,62}$/), fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,62}$/), (d, p) => {
      fc.pre(/[A-Za-z0-9]/.test(d + p));
      expect(serviceAccountId(d, p)).toMatch(valid);
    }));
  });

  it("makes BigQuery label values and truncates text at character boundaries", () => {
    expect(bigqueryLabelValue("CC-220")).toBe("cc-220");
    expect(bigqueryLabelValue("2.1.0")).toBe("2_1_0");
    expect(bigqueryLabelValue("x".repeat(80))).toMatch(/^x{56}_[0-9a-f]{6}$/);
    expect(truncate("short", 10)).toBe("short");
    expect(truncate("😀".repeat(10), 5)).toBe("😀😀...");
  });
});
