import jsYaml from "js-yaml";

/**
 * The YAML 1.2 core schema, as js-yaml reads it but for departures of its CORE_SCHEMA: every text the core
 * schema's float pattern matches is a number, where js-yaml leaves a string for a float with a sign before
 * its point (`-.5`, `+.5e3`) and for one beyond a double's range (`1e400`, which the core schema and the
 * `yaml` library read as Infinity); and an int with a sign before `0x`/`0o`, or in binary (`-0x1`, `0b11`),
 * is a string, not a number. The `yaml` library (source positions, and the errors of text js-yaml refuses)
 * reads all of them as the core schema says, so the two now agree.
 */
/** The core schema's float: `[-+]? ( \. [0-9]+ | [0-9]+ ( \. [0-9]* )? ) ( [eE] [-+]? [0-9]+ )?` (ints match it too, but are tried first). */
const CORE_FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;
const NOT_CORE_INT = /^(?:[-+]0[xXoObB]|0[bB])/;

// js-yaml's own types (its typings do not list `jsYaml.types`): null, bool, int, float.
const CORE_TYPES = (jsYaml.CORE_SCHEMA as unknown as { compiledImplicit: jsYaml.Type[] }).compiledImplicit;
const typeOf = (tag: string): jsYaml.Type => CORE_TYPES.find((type) => (type as unknown as { tag: string }).tag === `tag:yaml.org,2002:${tag}`)!;
const [nullType, boolType, int, float] = (["null", "bool", "int", "float"] as const).map(typeOf) as [jsYaml.Type, jsYaml.Type, jsYaml.Type, jsYaml.Type];
type Resolve = (data: string | null) => boolean;

const coreFloat = new jsYaml.Type("tag:yaml.org,2002:float", {
  kind: "scalar",
  resolve: (data: string | null) => (float.resolve as Resolve)(data) || (data !== null && CORE_FLOAT.test(data)),
  construct: float.construct,
});

const coreInt = new jsYaml.Type("tag:yaml.org,2002:int", {
  kind: "scalar",
  resolve: (data: string | null) => (int.resolve as Resolve)(data) && !(data !== null && NOT_CORE_INT.test(data)),
  // js-yaml reads `-0` as 0; the core schema's int is the number written, -0 (as the `yaml` library reads it).
  construct: (data: string) => {
    const value = (int.construct as (data: string) => unknown)(data);
    return value === 0 && data.startsWith("-") ? -0 : value;
  },
});

export const YAML_CORE_SCHEMA = jsYaml.FAILSAFE_SCHEMA.extend({ implicit: [nullType, boolType, coreInt, coreFloat] });

/**
 * The core schema with merge keys (`<<: *defaults`): not part of YAML 1.2, but read by every YAML tool
 * contracts are written with (PyYAML, go-yaml, js-yaml's default schema, the `yaml` library's `merge`),
 * so a contract that uses them means the merged mapping. (The subset parser leaves `<<` to this one.)
 */
const mergeType = (jsYaml.DEFAULT_SCHEMA as unknown as { compiledImplicit: jsYaml.Type[] }).compiledImplicit.find((type) => (type as unknown as { tag: string }).tag === "tag:yaml.org,2002:merge")!;
export const YAML_LOAD_SCHEMA = YAML_CORE_SCHEMA.extend({ implicit: [mergeType] });
