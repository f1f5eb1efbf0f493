import { validateContractSchema, validateProductSchema } from "@meshkit/core";
import { defineRule } from "../rule.js";

export const schemaValid = defineRule({
  meta: { id: "schema-valid", defaultSeverity: "error", description: "The document is valid against the ODCS JSON Schema of its apiVersion (3.0.x or 3.1.0) / the ODPS 1.0 one." },
  appliesTo: ["DataContract", "DataProduct"],
  check(doc, { report }) {
    const issues = doc.kind.type === "DataContract" ? validateContractSchema(doc.value) : validateProductSchema(doc.value);
    const standard = doc.kind.type === "DataContract" ? "ODCS" : "ODPS";
    for (const issue of issues) report({ path: issue.pointer, target: issue.target, about: issue.about, message: `${standard} schema: ${issue.message}` });
  },
});
