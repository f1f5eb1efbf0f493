import { describe, expect, it } from "vitest";
import { type DocumentKind, detectKind, isContractWithMisspeltKind, isContractWithoutKind, mayBeMeshkitDocument, misspeltKindOf, unsupportedApiVersionText } from "./kinds.js";

describe("detectKind", () => {
  it.each([
    [{ kind: "DataContract", apiVersion: "v3.1.0" }, { type: "DataContract", apiVersion: "v3.1.0" }],
    [{ kind: "DataContract", apiVersion: "v3.0.2" }, { type: "DataContract", apiVersion: "v3.0.2" }],
    [{ kind: "DataProduct", apiVersion: "v1.0.0" }, { type: "DataProduct", apiVersion: "v1.0.0" }],
    [{ kind: "Config", apiVersion: "meshkit/v1" }, { type: "Config", apiVersion: "meshkit/v1" }],
    [{ kind: "Policy", apiVersion: "meshkit/v1" }, { type: "Policy", apiVersion: "meshkit/v1" }],
  ])("recognises %j", (value, kind) => expect(detectKind(value)).toEqual(kind));

  it("flags known kinds with an unreadable apiVersion", () => {
    expect(detectKind({ kind: "DataContract", apiVersion: "v2.2.2" })).toMatchObject({ type: "unsupported", kind: "DataContract" });
    expect(detectKind({ kind: "DataProduct" })).toMatchObject({ type: "unsupported", apiVersion: undefined });
    expect(detectKind({ kind: "Policy", apiVersion: "meshkit/v9" })).toMatchObject({ type: "unsupported" });
  });

  it("leaves other tools' documents alone, whatever the file name", () => {
    expect(detectKind({ kind: "Policy", apiVersion: "kyverno.io/v1" })).toEqual({ type: "other", reason: "no-kind" });
    // A Kubernetes custom resource named like Bitol's kinds: its apiVersion names an API group.
    expect(detectKind({ kind: "DataProduct", apiVersion: "datamesh.example.com/v1" })).toEqual({ type: "other", reason: "no-kind" });
    expect(detectKind({ kind: "DataContract", apiVersion: "example.io/v1alpha1" })).toEqual({ type: "other", reason: "no-kind" });
    expect(detectKind({ kind: "Config", apiVersion: "v1", clusters: [] })).toEqual({ type: "other", reason: "no-kind" });
    expect(detectKind({ name: "x" })).toEqual({ type: "other", reason: "no-kind" });
    expect(detectKind(["kind", "DataContract"])).toEqual({ type: "other", reason: "not-a-mapping" });
    expect(detectKind("DataContract")).toEqual({ type: "other", reason: "not-a-mapping" });
    expect(detectKind({ kind: "toString" })).toEqual({ type: "other", reason: "no-kind" });
  });

  it("pre-filters raw text cheaply", () => {
    expect(mayBeMeshkitDocument("apiVersion: v3.1.0\nkind: DataContract\n")).toBe(true);
    expect(mayBeMeshkitDocument('{"kind": "DataProduct"}')).toBe(true);
    expect(mayBeMeshkitDocument("name: ci\non: push\n")).toBe(false);
    // A contract that lost its kind is read too (lint reports it); other apiVersions are not.
    expect(mayBeMeshkitDocument("apiVersion: v3.1.0\nid: x\n")).toBe(true);
    expect(mayBeMeshkitDocument('{"apiVersion": "v1.0.0", "id": "x"}')).toBe(true);
    expect(mayBeMeshkitDocument("apiVersion: apps/v1\nkind: Deployment\n")).toBe(false);
    expect(mayBeMeshkitDocument("apiVersion: v3.1.01\n")).toBe(false);
  });

  it("pre-filters a document whose kind and apiVersion keys are both look-alikes (lint reports them at the keys)", () => {
    expect(mayBeMeshkitDocument("Kind: DataContract\nApiVersion: v3.1.0\nid: x\n")).toBe(true);
    expect(mayBeMeshkitDocument('{"kind\u200b": "DataProduct", "APIVERSION\u00a0": "v1.0.0"}')).toBe(true);
    expect(mayBeMeshkitDocument("Kind: Deployment\nApiVersion: apps/v1\n")).toBe(false);
  });

  it.each([
    "kind: |-\n  DataContract\n",
    "kind: >\n  DataProduct\n",
    "kind: !!str DataContract\n",
    "kind: &kind 'DataContract'\n",
    "kind: # ODCS\n  DataContract\n",
    "apiVersion: |-\n  v3.1.0\nid: x\n",
  ])("reads a kind or apiVersion written with a block scalar, tag, anchor or comment: %j", (text) => {
    // A folder walk skipped such a contract silently: it was never checked.
    expect(mayBeMeshkitDocument(text)).toBe(true);
    expect(mayBeMeshkitDocument(text.replace(/DataContract|DataProduct|v3\.1\.0/, "Deployment"))).toBe(false);
  });

  it("stays linear on text that nearly looks like a tag, anchor or comment before the kind", () => {
    for (const junk of ["!", "#", "&", "|", " !a", "# \n"]) expect(mayBeMeshkitDocument(`kind: ${junk.repeat(20_000)}x`)).toBe(false);
  });

  it("tells a contract or product that lost its kind (a standard apiVersion and an id) from other YAML", () => {
    expect(isContractWithoutKind({ apiVersion: "v3.1.0", id: "x" })).toBe(true);
    expect(isContractWithoutKind({ apiVersion: "v1.0.0", id: "x" })).toBe(true);
    expect(isContractWithoutKind({ apiVersion: "v3.1.0" })).toBe(false);
    expect(isContractWithoutKind({ apiVersion: "v3.1.0", id: "x", kind: "Other" })).toBe(false);
    expect(isContractWithoutKind({ apiVersion: "v3.1.0", id: "x", kind: null })).toBe(true);
    expect(isContractWithoutKind({ apiVersion: "v3.1.0", id: "x", kind: "" })).toBe(true);
    expect(isContractWithoutKind({ apiVersion: "v2", id: "x" })).toBe(false);
  });

  it("tells a contract or product whose kind is misspelt in case or spaces, or is no text, from another tool's kind", () => {
    for (const kind of ["datacontract", " DataProduct", "DATA CONTRACT", "DataContact", "DataContracts", "dataprodct", ["DataContract"], true, 1.5, {}]) {
      expect(isContractWithMisspeltKind({ apiVersion: "v3.1.0", id: "x", kind }), JSON.stringify(kind)).toBe(true);
    }
    for (const kind of ["DataContract", "DataProduct", "Chart", "Contract", null, undefined]) {
      expect(isContractWithMisspeltKind({ apiVersion: "v3.1.0", id: "x", kind }), String(kind)).toBe(false);
    }
    expect(isContractWithMisspeltKind({ apiVersion: "v3.1.0", kind: "datacontract" })).toBe(false);
    expect(isContractWithMisspeltKind({ apiVersion: "apps/v1", id: "x", kind: "datacontract" })).toBe(false);
  });

  it("names the kind a misspelt one stands for, for the did-you-mean", () => {
    expect(["datacontract", "Data Product", "DataContact", "dataproducts", "DataContract", "Chart", "Contract"].map(misspeltKindOf)).toEqual([
      "DataContract",
      "DataProduct",
      "DataContract",
      "DataProduct",
      undefined,
      undefined,
      undefined,
    ]);
  });
});

describe("unsupportedApiVersionText", () => {
  it("names the apiVersion that is not read, or says there is none (never `undefined`)", () => {
    const unsupported = (value: unknown) => detectKind(value) as Extract<DocumentKind, { type: "unsupported" }>;
    expect(unsupportedApiVersionText(unsupported({ kind: "DataContract", apiVersion: "v9.0.0" }))).toBe('DataContract apiVersion "v9.0.0" is not one meshkit reads (v3.0.0, v3.0.1, v3.0.2, v3.1.0)');
    expect(unsupportedApiVersionText(unsupported({ kind: "DataProduct" }))).toBe("DataProduct has no apiVersion, so it is not one meshkit reads (v0.9.0, v1.0.0)");
    // YAML reads `apiVersion: 1.0` as the number 1: the text shows what the file says.
    expect(unsupportedApiVersionText(unsupported({ kind: "DataProduct", apiVersion: 1 }), "1.0")).toBe("DataProduct apiVersion 1.0 (a number, not a string) is not one meshkit reads (v0.9.0, v1.0.0)");
  });
});
