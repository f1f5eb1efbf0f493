import type { Document, Node } from "yaml";
import { yamlLibrary } from "./yaml-library.js";

/**
 * Whether a mapping key became the property `name`. Values come from js-yaml for most texts, and from
 * the yaml library for texts with aliases, and the two name some keys differently: js-yaml writes a
 * collection key (`? [a, b]`) as `String()` does, `a,b`; the yaml library writes it as YAML, `[ a, b ]`.
 * A key written as a null (`~`, `null`) is `null` in both (the precise path makes it so before reading its
 * value); an empty key (`: a`) is an empty string in the yaml library.
 */
export function keyNamed(key: unknown, name: string, doc: Document.Parsed): boolean {
  const { isNode, isScalar } = yamlLibrary();
  if (!isNode(key)) return false;
  if (String(isScalar(key) ? key.value : key.toJSON()) === name) return true;
  return !(isScalar(key) && key.value !== null) && yamlPropertyName(key, doc) === name;
}

/** The yaml library's name for a key (its stringifyKey is internal): the one property of a mapping of that key alone. */
export function yamlPropertyName(key: Node, doc: Document.Parsed): string | undefined {
  const { Pair, YAMLMap } = yamlLibrary();
  const probe = new YAMLMap<Node, null>();
  probe.items.push(new Pair(key, null));
  return Object.keys(probe.toJS(doc) as object)[0];
}
