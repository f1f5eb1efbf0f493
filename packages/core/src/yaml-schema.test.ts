import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { loadText } from "./document.js";

describe("YAML_CORE_SCHEMA", () => {
  it.each(["-0", "-00", "+0", "-.5", "+.5", ".5", "-.5e3", "-0x1", "+0o7", "0x1f", "0o17", "0b11", "+1", "-1", "012", "1e3", "-1.5e+3", "1e400", "-1.5E+999", "1_000", ".inf", "-.Inf", ".nan", "~", "null", "true", "True", "FALSE", "yes"])(
    "reads the plain scalar %s as the YAML 1.2 core schema (and the `yaml` library) does",
    (scalar) => {
      // Every reader: the fast subset parser, js-yaml (an explicit key is outside the subset) and the `yaml`
      // library (an alias is outside what js-yaml's values are kept for).
      for (const text of [`v: ${scalar}\n`, `? v\n: ${scalar}\n`, `v: &a ${scalar}\nw: *a\n`]) {
        const value = (loadText("f.yaml", text).documents[0]!.value as { v: unknown }).v;
        expect(value, text).toEqual((parse(text) as { v: unknown }).v);
      }
    },
  );
});
