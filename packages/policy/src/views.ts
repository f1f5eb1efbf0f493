import { isMapping, toPointer, type PathSegment } from "@meshkit/core";
import { staticInstances, type StaticInstances } from "./terraform-instances.js";

type Mapping = Record<string, unknown>;

/** An element of a document with the JSON pointer a finding about it points at. */
export interface Located {
  path: string;
  name?: string;
  value: unknown;
  [key: string]: unknown;
}

/** The kinds a policy can match. Infrastructure: Terraform JSON configurations and plan output, or any file named for it. */
export type PolicyKind = "DataContract" | "DataProduct" | "Config" | "Infrastructure";

/** The mappings of a list, each with its index in that list: an entry of another type is skipped, and still counted. */
function mappings(value: unknown): [Mapping, number][] {
  const out: [Mapping, number][] = [];
  if (Array.isArray(value)) value.forEach((item, i) => isMapping(item) && out.push([item, i]));
  return out;
}

// Pointers are built by appending segments that need no escaping (indices and fixed keys): the same
// strings toPointer makes, without an array per element.
function located(items: unknown, base: string, nameKey: string): Located[] {
  if (!Array.isArray(items)) return [];
  const out: Located[] = [];
  items.forEach((value, i) => {
    if (isMapping(value)) out.push({ path: `${base}/${i}`, name: typeof value[nameKey] === "string" ? (value[nameKey] as string) : "", value });
  });
  return out;
}

/**
 * Every property with its pointer and its top-level object's name (nested properties included: the
 * `properties` of a property, and of its array `items` at any depth), and, apart, every array's `items`
 * node itself (ODCS's SchemaItemProperty: it may carry a classification, tags, encryption), named
 * `<property>[]` (`emails[]`, `matrix[][]`): a rule about every property (a description, a naming
 * convention) is not asked of an array's items, a rule about what a value holds (PII) reads both.
 * Each carries `enclosing`, the pointers of the properties and items nodes it is nested in, outermost
 * first: what a column declares whole (encrypted, masked, classified) may cover what it holds; `ancestors`,
 * the entries of those properties and items nodes themselves, in the same order; and `fullName`, its
 * name with those it is nested in, as the catalog names nested columns (`address.street`,
 * `phones[].number`, `contact.emails[]`; a column's is its `name`): two nested `street`s of one object
 * are told apart in a message.
 */
function contractProperties(contract: Mapping): { properties: Located[]; arrayItems: Located[] } {
  const properties: Located[] = [];
  const arrayItems: Located[] = [];
  // `enclosing` and `ancestors` run in parallel: the pointers, and the entries themselves.
  const visit = (owner: Mapping, path: string, object: string, enclosing: readonly string[], ancestors: readonly Located[], prefix: string) => {
    for (const [property, i] of mappings(owner.properties)) {
      const at = `${path}/properties/${i}`;
      const name = typeof property.name === "string" ? property.name : "";
      const fullName = `${prefix}${name}`;
      const entry: Located = { path: at, name, fullName, object, value: property, enclosing, ancestors };
      properties.push(entry);
      // Only a property with something nested in it gets a list of its own (most columns have none).
      const nests = Array.isArray(property.properties) || isMapping(property.items);
      let inner = nests ? [...enclosing, at] : enclosing;
      let innerAncestors = nests ? [...ancestors, entry] : ancestors;
      visit(property, at, object, inner, innerAncestors, `${fullName}.`);
      let items = property.items;
      let itemsAt = at;
      let itemsName = name;
      let itemsFullName = fullName;
      while (isMapping(items)) {
        itemsAt = `${itemsAt}/items`;
        itemsName = `${itemsName}[]`;
        itemsFullName = `${itemsFullName}[]`;
        const itemsEntry: Located = { path: itemsAt, name: itemsName, fullName: itemsFullName, object, value: items, enclosing: inner, ancestors: innerAncestors };
        arrayItems.push(itemsEntry);
        inner = [...inner, itemsAt];
        innerAncestors = [...innerAncestors, itemsEntry];
        visit(items, itemsAt, object, inner, innerAncestors, `${itemsFullName}.`);
        items = items.items;
      }
    }
  };
  for (const [object, i] of mappings(contract.schema)) visit(object, `/schema/${i}`, typeof object.name === "string" ? object.name : "", [], [], "");
  return { properties, arrayItems };
}

/**
 * A block level of Terraform's JSON syntax: an object of label → content or, as HCL's JSON spec allows
 * at any level (and `terraformResources` reads), a non-empty array of such objects.
 */
function isBlockLevel(value: unknown): boolean {
  return isMapping(value) || (Array.isArray(value) && value.length > 0 && value.every(isMapping));
}

/** Whether a value looks like Terraform JSON: a configuration (`resource`) or `terraform show -json` output. */
export function isTerraformDocument(value: unknown): boolean {
  if (!isMapping(value)) return false;
  if (isBlockLevel(value.resource) || isBlockLevel(value.provider) || (isBlockLevel(value.module) && isBlockLevel(value.terraform))) return true;
  if (isTerraformStateFile(value)) return true;
  return typeof value.format_version === "string" && (isMapping(value.planned_values) || Array.isArray(value.resource_changes) || isMapping(value.values));
}

/**
 * Whether a value is a state file as Terraform writes it (`terraform.tfstate`, `terraform state pull`):
 * `{"version": 4, "lineage": …, "resources": [{module, mode, type, name, instances: [{attributes}]}]}`,
 * not the `terraform show -json` form. Its format is Terraform's internal one, but it is what a state
 * backend holds, and a file of it named on the command line must not pass unread. One whose `resources`
 * is no list, or of an older format (`modules`, Terraform 0.11 and earlier), is one too: unreadTerraform
 * says what the views could not read of it.
 */
function isTerraformStateFile(value: Mapping): boolean {
  return (typeof value.version === "number" || typeof value.version === "bigint") && typeof value.lineage === "string" && (value.resources !== undefined || value.modules !== undefined);
}

/** Whether a value is a Terraform JSON configuration (what `*.tf.json` files hold), not a plan or state. */
export function isTerraformConfiguration(value: unknown): boolean {
  return isTerraformDocument(value) && (value as Mapping).format_version === undefined && !isTerraformStateFile(value as Mapping);
}

/**
 * The provider blocks of a configuration, one `{name: block}` each, whichever JSON form declares them:
 * `"provider": {"aws": block or [blocks]}` or HCL's array form `"provider": [{"aws": …}, …]`.
 */
export function terraformProviders(value: unknown): Mapping[] {
  if (!isMapping(value)) return [];
  const out: Mapping[] = [];
  for (const [name, content] of labelled(value.provider, [])) {
    for (const block of Array.isArray(content) ? content : [content]) if (isMapping(block)) out.push({ [name]: block });
  }
  return out;
}

/**
 * Resources of a Terraform JSON configuration or plan, with where each one's values are and their
 * `mode` (`managed`, or `data` for a data source of a plan or state). A plan's
 * resources also carry their module path (`modulePrefix`: `module.a.module.b.`, '' at the root), the
 * module instance and instance key of their address (`moduleAddress` `module.a["x"]`, `instanceKey`
 * `[0]`; '' when there is none), and their block in the plan's `configuration` section
 * (`configuration`, with `expressions` and their `references`; null when there is none), so a policy
 * can follow a reference whose value is not known until apply (`bucket = aws_s3_bucket.raw.id`)
 * without walking nested module calls itself, and tell apart the instances a block makes; and their
 * module's input variables as its callers pass them (`moduleInputs`, see moduleInputs), so that a
 * reference to `var.bucket` can be followed out of the module, and the module outputs they refer to
 * (`moduleOutputs`, see moduleOutputs), so that `module.lake.bucket_id` can be followed into it. A
 * state file as Terraform writes it (`terraform.tfstate`) gives its resource instances the same way.
 * A resource a plan forgets (`actions: ["forget"]`: a `removed` block with `destroy = false`) is left out: the
 * plan neither creates nor changes it, and lists it with no values.
 * A configuration's resource blocks carry the instances a literal `count`/`for_each` makes (`instances`,
 * `instancesKnown`, `repeatedBy`: see staticInstances); a plan's and a state's are already expanded.
 */
/**
 * The entries of one label level of Terraform's JSON syntax: an object of label → content, or (HCL's
 * JSON spec, "Blocks") an array of such objects, at any level. With the pointer of each content.
 */
function labelled(level: unknown, at: PathSegment[]): [string, unknown, PathSegment[]][] {
  // A `"//"` property with a string value is a comment in Terraform's JSON syntax, not a label.
  const entries = (object: Mapping) => Object.entries(object).filter(([label, content]) => !(label === "//" && typeof content === "string"));
  if (isMapping(level)) return entries(level).map(([label, content]) => [label, content, [...at, label]]);
  if (!Array.isArray(level)) return [];
  return level.flatMap((item, i) => (isMapping(item) ? entries(item).map(([label, content]): [string, unknown, PathSegment[]] => [label, content, [...at, i, label]]) : []));
}

/** A plan's or state's resource instance: Terraform has expanded its block's count or for_each already. */
const EXPANDED: StaticInstances = { repeatedBy: "", instances: [], instancesKnown: true };

export function terraformResources(value: unknown): Located[] {
  if (!isMapping(value)) return [];
  const out: Located[] = [];
  for (const [type, byName, typeAt] of labelled(value.resource, ["resource"])) {
    for (const [name, values, at] of labelled(byName, typeAt)) {
      // A resource block may be a list of blocks (HCL-to-JSON); the first one holds the arguments.
      const block = Array.isArray(values) ? values[0] : values;
      const blockAt = [...at, ...(Array.isArray(values) ? [0] : [])];
      // A block that is no mapping (`"raw": "acme-raw"`) declares no arguments: unreadTerraform reports it; `null` and `[]` are zero blocks.
      if (!isMapping(block)) continue;
      out.push({ path: toPointer(blockAt), address: `${type}.${name}`, type, name, mode: "managed", value: block, values: block, modulePrefix: "", moduleAddress: "", instanceKey: "", configuration: null, moduleInputs: {}, moduleOutputs: {}, unknown: {}, attributes: argumentNames(block), ...staticInstances(block, blockAt) });
    }
  }
  const { blocks, modules: configurationModules } = configurationSection(value.configuration);
  const inputs = moduleInputs(configurationModules);
  const outputs = moduleOutputs(configurationModules);
  // A plan leaves out of planned_values what is known only after apply; resource_changes says which.
  // A deposed object (an earlier create_before_destroy replacement left behind, now being destroyed)
  // has a change of its own under the same address, with `deposed` set and `after_unknown: {}`: it says
  // nothing of the current object's planned values, and must not replace what that one's change says.
  const unknownAfterApply = new Map<string, unknown>();
  // A resource the plan forgets (a `removed` block with `destroy = false`) is left as it is, no longer managed by
  // this configuration: planned_values lists it, with no values (what it holds after apply is no concern of the plan).
  const forgotten = new Set<string>();
  for (const [change] of mappings(value.resource_changes)) {
    if (change.deposed !== undefined && change.deposed !== null) continue;
    const after = isMapping(change.change) ? change.change.after_unknown : undefined;
    if (typeof change.address === "string" && isMapping(after)) unknownAfterApply.set(change.address, after);
    const actions = isMapping(change.change) ? change.change.actions : undefined;
    if (typeof change.address === "string" && Array.isArray(actions) && actions.length === 1 && actions[0] === "forget") forgotten.add(change.address);
  }
  const modules = (module: unknown, path: PathSegment[]) => {
    if (!isMapping(module)) return;
    for (const [resource, i] of mappings(module.resources)) {
      // A state lists a deposed object (an interrupted create_before_destroy replacement's old one, which
      // the next apply destroys) as a resource of its own under the current one's address, with `deposed_key`.
      if (resource.deposed_key !== undefined && resource.deposed_key !== null) continue;
      // Values that are no mapping say nothing of the resource: unreadTerraform reports them.
      if (resource.values !== undefined && resource.values !== null && !isMapping(resource.values)) continue;
      const at = [...path, "resources", i, "values"];
      const address = String(resource.address ?? "");
      if (forgotten.has(address)) continue;
      const type = String(resource.type ?? "");
      const name = String(resource.name ?? "");
      const base = withoutInstanceKeys(address);
      const own = `${resource.mode === "data" ? "data." : ""}${type}.${name}`;
      const modulePrefix = base.endsWith(own) ? base.slice(0, base.length - own.length) : "";
      // A data source (`mode: data`, in states and in plans that read it at apply) is read, not created.
      const mode = resource.mode === "data" ? "data" : "managed";
      const instance = instanceOf(address, own);
      const configuration = blocks.get(base) ?? null;
      out.push({ path: toPointer(at), address, type, name, mode, value: resource.values ?? {}, values: resource.values ?? {}, modulePrefix, ...instance, configuration, moduleInputs: inputs(instance.moduleAddress), moduleOutputs: outputs(instance.moduleAddress, configuration), unknown: unknownAfterApply.get(address) ?? {}, attributes: argumentNames(resource.values), ...EXPANDED });
    }
    for (const [child, i] of mappings(module.child_modules)) modules(child, [...path, "child_modules", i]);
  };
  const planned = isMapping(value.planned_values) ? value.planned_values : isMapping(value.values) ? value.values : undefined;
  if (planned) modules(planned.root_module, [isMapping(value.planned_values) ? "planned_values" : "values", "root_module"]);
  if (isTerraformStateFile(value)) out.push(...stateFileResources(value));
  return out;
}

/** A state file's resource: its module instance, type, name, mode and block address (`module.lake["eu"].aws_s3_bucket.this`). */
function stateResource(resource: Mapping): { moduleAddress: string; type: string; name: string; mode: "managed" | "data"; block: string } {
  const moduleAddress = typeof resource.module === "string" ? resource.module : "";
  const type = String(resource.type ?? "");
  const name = String(resource.name ?? "");
  const mode = resource.mode === "data" ? "data" : "managed";
  return { moduleAddress, type, name, mode, block: `${moduleAddress === "" ? "" : `${moduleAddress}.`}${mode === "data" ? "data." : ""}${type}.${name}` };
}

/**
 * The resource instances of a state file as Terraform writes it (see isTerraformStateFile), as
 * `terraformResources` gives a `terraform show -json` state's: one per instance, its `attributes` its
 * values, its address as Terraform prints it (`module.lake["eu"].aws_s3_bucket.this[0]`). A deposed
 * object (`deposed`, left by an interrupted create_before_destroy replacement) is the next apply's to
 * destroy, and is left out as the plan that destroys it leaves it out.
 */
function stateFileResources(state: Mapping): Located[] {
  const out: Located[] = [];
  for (const [resource, i] of mappings(state.resources)) {
    const { moduleAddress, type, name, mode, block } = stateResource(resource);
    const modulePrefix = moduleAddress === "" ? "" : `${withoutInstanceKeys(moduleAddress)}.`;
    for (const [instance, j] of mappings(resource.instances)) {
      if (instance.deposed !== undefined && instance.deposed !== null) continue;
      // Attributes that are no mapping, or only in the flat form of Terraform 0.11, say nothing the views read: unreadTerraform reports them.
      if (!stateAttributesRead(instance)) continue;
      const key = instance.index_key;
      // A document's whole numbers are bigints (CEL ints): `"index_key": 0` is one.
      const instanceKey = typeof key === "number" || typeof key === "bigint" ? `[${key}]` : typeof key === "string" ? `[${JSON.stringify(key)}]` : "";
      const values = isMapping(instance.attributes) ? instance.attributes : {};
      out.push({ path: toPointer(["resources", i, "instances", j, "attributes"]), address: block + instanceKey, type, name, mode, value: values, values, modulePrefix, moduleAddress, instanceKey, configuration: null, moduleInputs: {}, moduleOutputs: {}, unknown: {}, attributes: argumentNames(values), ...EXPANDED });
    }
  }
  return out;
}

/**
 * Whether a state file's resource instance has its attributes where the views read them: `attributes`, a
 * mapping. Terraform reads an instance with neither `attributes` nor `attributes_flat` as one of no
 * attributes, as the views do; `attributes_flat` (a state written by Terraform 0.11, not applied since)
 * is a flat map of strings (`"tags.%": "1"`) they do not read.
 */
function stateAttributesRead(instance: Mapping): boolean {
  const absent = (value: unknown) => value === undefined || value === null;
  return absent(instance.attributes) ? absent(instance.attributes_flat) : isMapping(instance.attributes);
}

/**
 * The names of a resource's arguments, those set to `null` included. CEL reads a null as absent, so
 * `values` cannot tell them apart from arguments the resource does not have; but a plan lists every
 * argument of the resource type's schema, so `"tags": null` there says the type takes tags (azurerm
 * resources, which have no `tags_all`, show nothing else when they set none).
 */
function argumentNames(values: unknown): string[] {
  return isMapping(values) ? Object.keys(values) : [];
}

/** `module.a["x"].module.b.aws_s3_bucket.y[0]` → `module.a.module.b.aws_s3_bucket.y`: the address of the block that made an instance. */
function withoutInstanceKeys(address: string): string {
  return address.replace(/\[(?:"(?:[^"\\]|\\.)*"|[^\]"]*)\]/g, "");
}

/**
 * `module.a["x"].aws_s3_bucket.y[0]` (own address `aws_s3_bucket.y`) → module instance `module.a["x"]`
 * and instance key `[0]`, read from the end of the address, where a key in quotes may hold anything.
 */
function instanceOf(address: string, own: string): { moduleAddress: string; instanceKey: string } {
  const instanceKey = /\[(?:"(?:[^"\\]|\\.)*"|[^\]"]*)\]$/.exec(address)?.[0] ?? "";
  const block = address.slice(0, address.length - instanceKey.length);
  if (!block.endsWith(own)) return { moduleAddress: "", instanceKey };
  return { moduleAddress: block.slice(0, block.length - own.length).replace(/\.$/, ""), instanceKey };
}

/**
 * A plan's `configuration` section: its resource blocks by absolute address, and its modules by address
 * without instance keys ('' for the root module, `module.a.module.b`), module calls followed, nested ones too.
 */
function configurationSection(configuration: unknown): { blocks: Map<string, Mapping>; modules: Map<string, Mapping> } {
  const blocks = new Map<string, Mapping>();
  const modules = new Map<string, Mapping>();
  // A module cannot call itself, but a plan is input: the depth bound keeps a crafted one finite.
  const visit = (module: unknown, address: string, depth: number) => {
    if (!isMapping(module) || depth > 64) return;
    modules.set(address, module);
    const prefix = address === "" ? "" : `${address}.`;
    for (const [resource] of mappings(module.resources)) if (typeof resource.address === "string") blocks.set(prefix + resource.address, resource);
    if (!isMapping(module.module_calls)) return;
    for (const [name, call] of Object.entries(module.module_calls)) if (isMapping(call)) visit(call.module, `${prefix}module.${name}`, depth + 1);
  };
  if (isMapping(configuration)) visit(configuration.root_module, "", 0);
  return { blocks, modules };
}

/** Where an input variable of a module instance comes from, as its caller's module call passes it. */
interface ModuleInput {
  /** The module instance the argument is evaluated in ('' for the root module). */
  module: string;
  /**
   * The module instance's key (`["eu"]`) when the argument reads `each.value` of a module call with
   * for_each (its references are then the for_each's), or that of the input it passes on; '' otherwise.
   */
  key: string;
  /** The argument's references, relative to `module`. */
  references: string[];
}

/** `module.a["x"].module.b[0]` → caller `module.a["x"]`, call `b`, key `[0]`. */
const MODULE_INSTANCE = /^(?:(.*)\.)?module\.([A-Za-z0-9_-]+)((?:\[(?:"(?:[^"\\]|\\.)*"|[^\]"]*)\])?)$/;

/**
 * The input variables of each module instance by name, followed through its callers: an argument
 * `bucket = var.bucket` of `module "sse"` in module `storage` comes from what `module "storage"` passes
 * as its `bucket` (`aws_s3_bucket.raw.id`, at the root). So a policy can tell which bucket an encryption
 * configuration inside a module encrypts when the bucket's name is known only after apply.
 */
function moduleInputs(modules: ReadonlyMap<string, Mapping>): (moduleAddress: string) => Record<string, ModuleInput> {
  const known = new Map<string, Record<string, ModuleInput>>();
  // Each caller's address is shorter than its callee's: the recursion ends at the root module.
  const inputsOf = (moduleAddress: string): Record<string, ModuleInput> => {
    const cached = known.get(moduleAddress);
    if (cached) return cached;
    const inputs: [string, ModuleInput][] = [];
    const instance = MODULE_INSTANCE.exec(moduleAddress);
    const caller = instance?.[1] ?? "";
    const calls = instance ? modules.get(withoutInstanceKeys(caller))?.module_calls : undefined;
    const moduleCall = instance && isMapping(calls) ? calls[instance[2]!] : undefined;
    if (instance && isMapping(moduleCall) && isMapping(moduleCall.expressions)) {
      const callerInputs = caller === "" ? {} : inputsOf(caller);
      const forEach = references(moduleCall.for_each_expression);
      for (const [variable, expression] of Object.entries(moduleCall.expressions)) {
        const own = references(expression);
        const perInstance = own.some((r) => r === "each.value" || r.startsWith("each.value."));
        const refs = perInstance ? [...own, ...forEach] : own;
        const passedOn = refs.map((r) => /^var\.([A-Za-z0-9_-]+)/.exec(r)?.[1]).find((name) => name !== undefined && Object.hasOwn(callerInputs, name));
        if (passedOn !== undefined) {
          const from = callerInputs[passedOn]!;
          inputs.push([variable, { module: from.module, key: perInstance ? instance[3]! : from.key, references: from.references }]);
          continue;
        }
        // `for_each = module.zone` with `bucket = each.value.bucket_id`: this instance's is module.zone[<its key>].bucket_id.
        const eachOutput = perInstance ? own.flatMap((r) => /^each\.value\.([A-Za-z0-9_-]+)$/.exec(r)?.[1] ?? []).flatMap((name) => forEach.filter((f) => /^module\.[A-Za-z0-9_-]+$/.test(f)).map((f) => `${f}${instance[3]!}.${name}`)) : [];
        const output = fromModuleOutput(modules, { module: caller, key: "", references: [...eachOutput, ...refs] });
        inputs.push([variable, output ?? { module: caller, key: perInstance ? instance[3]! : "", references: refs }]);
      }
    }
    // Variable names are the plan's: fromEntries keeps even `__proto__` a key of its own.
    const byName = Object.fromEntries(inputs);
    known.set(moduleAddress, byName);
    return byName;
  };
  return (moduleAddress) => (moduleAddress === "" ? {} : inputsOf(moduleAddress));
}

/**
 * What a module call's output refers to, relative to the module instance that declares it (see
 * moduleOutputs), nested modules' outputs followed; undefined when `reference` is no module output.
 */
function followModuleOutput(modules: ReadonlyMap<string, Mapping>, moduleAddress: string, reference: string, depth: number): ModuleInput | undefined {
  const match = MODULE_OUTPUT_REFERENCE.exec(reference);
  // Each step goes one module call deeper, and a plan's module tree is finite; the bound keeps a crafted one so.
  if (!match || depth > 64) return undefined;
  const callee = `${moduleAddress === "" ? "" : `${moduleAddress}.`}module.${match[1]!}${match[2]!}`;
  const declared = modules.get(withoutInstanceKeys(callee))?.outputs;
  const output = isMapping(declared) && Object.hasOwn(declared, match[3]!) ? declared[match[3]!] : undefined;
  if (!isMapping(output)) return undefined;
  const refs = references(output.expression);
  for (const ref of refs) {
    const nested = followModuleOutput(modules, callee, ref, depth + 1);
    if (nested) return nested;
  }
  return { module: callee, key: "", references: refs };
}

/**
 * An input a module call passes, followed into the module whose output it passes when it is one
 * (`module "sse" { bucket = module.lake.bucket_id }`: the bucket `module.lake` creates), so that an
 * encryption configuration given a bucket made by a sibling module is traced to that bucket; undefined
 * when it passes no module output.
 */
function fromModuleOutput(modules: ReadonlyMap<string, Mapping>, input: ModuleInput): ModuleInput | undefined {
  for (const ref of input.references) {
    const output = followModuleOutput(modules, input.module, ref, 0);
    if (output) return output;
  }
  return undefined;
}

/** A reference to an output of a module call, `module.lake.bucket_id` or `module.lake["eu"].bucket_id`: call, instance key, output. */
const MODULE_OUTPUT_REFERENCE = /^module\.([A-Za-z0-9_-]+)((?:\[(?:"(?:[^"\\]|\\.)*"|[^\]"]*)\])?)\.([A-Za-z0-9_-]+)$/;

/**
 * The module outputs a resource's expressions (and its for_each) refer to, by reference as the plan
 * writes it (`module.lake.bucket_id`), each as what the output's own expression refers to, relative to
 * the module instance that declares it: `module "lake"` whose `output "bucket_id"` is
 * `aws_s3_bucket.this.id` gives `{module: "module.lake", key: "", references: ["aws_s3_bucket.this.id",
 * "aws_s3_bucket.this"]}`. An output that is itself a nested module's output is followed into that
 * module. So a policy can tell which bucket an encryption configuration encrypts when it takes the
 * bucket from a module that creates it (`bucket = module.lake.bucket_id`), whose id is known only
 * after apply. A reference whose instance is an expression (`module.lake[each.key].x`) is listed by
 * Terraform as `module.lake` alone and is not followed.
 */
function moduleOutputs(modules: ReadonlyMap<string, Mapping>): (moduleAddress: string, configuration: Mapping | null) => Record<string, ModuleInput> {
  const follow = (moduleAddress: string, reference: string) => followModuleOutput(modules, moduleAddress, reference, 0);
  return (moduleAddress, configuration) => {
    if (!configuration) return {};
    const expressions = isMapping(configuration.expressions) ? Object.values(configuration.expressions) : [];
    const found: [string, ModuleInput][] = [];
    for (const ref of [...expressions, configuration.for_each_expression].flatMap(references)) {
      const resolved = follow(moduleAddress, ref);
      if (resolved) found.push([ref, resolved]);
    }
    return Object.fromEntries(found);
  };
}

/** The references of a plan configuration expression (`{references: [...]}`), strings only. */
function references(expression: unknown): string[] {
  return isMapping(expression) && Array.isArray(expression.references) ? expression.references.filter((r): r is string => typeof r === "string") : [];
}

/**
 * The lists the views read, by kind, with what reads them and the field that names an entry (for the
 * message: the fix shows an entry as the standard writes it, `- property: …` for an SLA).
 */
const VIEW_LISTS: Partial<Record<PolicyKind, readonly [string, readonly string[], string][]>> = {
  DataContract: [
    ["schema", ["schemaObjects", "properties", "arrayItems"], "name"],
    ["servers", ["servers"], "server"],
    ["slaProperties", ["slaProperties"], "property"],
  ],
  DataProduct: [
    ["outputPorts", ["outputPorts"], "name"],
    ["inputPorts", ["inputPorts"], "name"],
  ],
};

/**
 * Fields the views read as lists that the document writes as something else (`schema:` as a mapping of
 * objects, a property's `properties` as a mapping): the views see nothing there, so every policy over
 * them would pass without having looked. Each with its pointer and a message saying so.
 */
export function unreadLists(kind: PolicyKind, value: unknown): { path: string; message: string; views: readonly string[] }[] {
  if (kind === "Infrastructure") return isMapping(value) ? unreadTerraform(value).map((unread) => ({ ...unread, views: ["resources"] })) : [];
  const lists = VIEW_LISTS[kind];
  if (!lists || !isMapping(value)) return [];
  const out: { path: string; message: string; views: readonly string[] }[] = [];
  const check = (owner: Mapping, key: string, path: string, views: readonly string[], entryKey = "name") => {
    const readers = views.length > 1 ? `${views.slice(0, -1).join(", ")} and ${views[views.length - 1]}` : views.join("");
    const field = owner[key];
    if (field === undefined || field === null || Array.isArray(field)) return;
    out.push({ path: `${path}/${key}`, message: `\`${key}\` is ${isMapping(field) ? "a mapping" : `a ${typeof field}`}, not the list ODCS and ODPS write: the policies that read ${readers} did not see it. Write it as a list (\`- ${entryKey}: …\`); meshkit lint reports it too.`, views });
  };
  for (const [key, readers, entryKey] of lists) check(value, key, "", readers, entryKey);
  if (kind === "DataContract") {
    const visit = (owner: Mapping, path: string) => {
      check(owner, "properties", path, ["properties"]);
      for (const [property, i] of mappings(owner.properties)) visit(property, `${path}/properties/${i}`);
    };
    for (const [object, i] of mappings(value.schema)) visit(object, `/schema/${i}`);
  }
  return out;
}

/** `a string`, `a list`, `null`: what a value is, for a message. */
function shapeOf(value: unknown): string {
  if (value === null) return "null";
  if (value === undefined) return "missing";
  if (Array.isArray(value)) return value.length === 0 ? "an empty list" : "a list";
  if (isMapping(value)) return "a mapping";
  return `a ${typeof value === "bigint" ? "number" : typeof value}`;
}

/** Top-level keys only Terraform JSON has (configuration blocks besides `resource`; a plan's `terraform_version`, `planned_values`, `resource_changes`). */
const TERRAFORM_KEYS = ["terraform", "provider", "variable", "locals", "output", "data", "module", "terraform_version", "planned_values", "resource_changes"] as const;

/**
 * A plan's resource changes whose resource is there after the apply, by address: every one but a delete
 * and a deposed object's change (a create, an update, a replace, a no-op, an import, a move, a data source
 * read at apply; not a forget, which the resources view leaves out). `terraform show -json` lists each of them in `planned_values`, and a policy
 * over a whole plan judges them there (an unchanged bucket too).
 */
function keptResources(changes: unknown): { address: string; index: number }[] {
  return mappings(changes).flatMap(([change, index]) => {
    if (change.deposed !== undefined && change.deposed !== null) return [];
    const actions = isMapping(change.change) && Array.isArray(change.change.actions) ? change.change.actions : [];
    // A forget (`removed` with `destroy = false`) leaves the object as it is, no longer this configuration's: see terraformResources.
    const kept = actions.length > 0 && !actions.every((a) => a === "delete" || a === "forget");
    return kept && typeof change.address === "string" ? [{ address: change.address, index }] : [];
  });
}

/** What a plan's resource change is, for a message. */
const RESOURCE_CHANGE = "a resource change (`{address, change: {actions: […]}}`)";

/**
 * Reports a resource change of a plan that keptResources and the resources view cannot read: no mapping, an
 * `address` that is no string, a `change` that is no mapping, or `actions` that is no list of action names
 * (`terraform show -json` writes one at least, `["no-op"]` for an unchanged resource). Such a change cannot
 * be told kept or not, so a plan cut down to it would pass in silence.
 */
function unreadChange(item: unknown, at: PathSegment[], unread: (at: PathSegment[], what: string, expected: string) => void): void {
  if (!isMapping(item)) return unread(at, `\`${toPointer(at)}\` is ${shapeOf(item)}`, RESOURCE_CHANGE);
  if (typeof item.address !== "string") return unread([...at, "address"], `The address of the change \`${toPointer(at)}\` is ${shapeOf(item.address)}`, 'a resource address (`"aws_s3_bucket.raw"`)');
  if (!isMapping(item.change)) return unread([...at, "change"], `The change of \`${item.address}\` is ${shapeOf(item.change)}`, "a mapping of its actions and values (`{actions: […], before, after}`)");
  const { actions } = item.change;
  if (!Array.isArray(actions) || actions.length === 0 || !actions.every((action) => typeof action === "string")) {
    unread([...at, "change", "actions"], `The actions of the change of \`${item.address}\` are ${Array.isArray(actions) && actions.length > 0 ? "not all names" : shapeOf(actions)}`, 'a list of action names (`["create"]`, `["no-op"]`)');
  }
}

/** Reports into `out` a part the `resources` view cannot read: what it is, what it should be, and `fix`. */
function unreadIn(out: { path: string; message: string }[], fix: string): (at: PathSegment[], what: string, expected: string) => void {
  return (at, what, expected) => void out.push({ path: toPointer(at), message: `${what}, not ${expected}: the policies that read resources did not see what it declares. ${fix}` });
}

/**
 * The parts of a Terraform JSON document the `resources` view cannot read, each with its pointer and a
 * message saying so: a `resource` section, a type's blocks or a resource block that is no mapping (a
 * configuration); a plan's or state's `planned_values`/`values`, `root_module`, `resources`,
 * `child_modules` or a resource's `values` that is not what `terraform show -json` writes; a plan with
 * changes of resources it keeps (not deletes) but no `planned_values` to read them from; a state file's
 * parts that are not what Terraform writes (see unreadStateFile). Every policy
 * over `resources` would otherwise pass such a document without having looked at what it declares.
 */
function unreadTerraform(doc: Mapping): { path: string; message: string }[] {
  const out: { path: string; message: string }[] = [];
  const unread = unreadIn(out, "Write it as Terraform does (`terraform show -json`, or HCL's JSON syntax).");
  // Only what is Terraform's: a YAML file of another tool with a `resource` or `format_version` key is not.
  if (!isTerraformDocument(doc) && !TERRAFORM_KEYS.some((key) => doc[key] !== undefined)) return out;
  if (isTerraformStateFile(doc)) return unreadStateFile(doc);
  const configuration = doc.format_version === undefined;
  if (configuration && doc.resource !== undefined) {
    // A label level that names nothing (`{}`, `[]`, `[{}]`, `null`) is not "no resources" in HCL's JSON
    // syntax: Terraform rejects the file ("Missing block label"), which must not pass as a file with
    // nothing to check.
    const namesNothing = (value: unknown, at: PathSegment[], what: string, label: string, example: string) => {
      const empty = value === null || (Array.isArray(value) && value.length === 0) || (isBlockLevel(value) && labelled(value, at).length === 0);
      if (empty) out.push({ path: toPointer(at), message: `${what} names no ${label}: Terraform rejects it ("Missing block label"), and the policies that read resources have nothing there to check. Remove it, or declare what it is for (\`${example}\`).` });
      return empty;
    };
    const blockLevel = (value: unknown, at: PathSegment[], what: string, expected: string) => {
      if (isMapping(value)) return true;
      if (Array.isArray(value) && value.length > 0) {
        value.forEach((item, i) => isMapping(item) || unread([...at, i], `\`${toPointer([...at, i])}\` is ${shapeOf(item)}`, expected));
        return true;
      }
      unread(at, `${what} is ${shapeOf(value)}`, expected);
      return false;
    };
    if (namesNothing(doc.resource, ["resource"], "`resource`", "resource type", '"resource": {"aws_s3_bucket": {"raw": {…}}}')) return out;
    if (blockLevel(doc.resource, ["resource"], "`resource`", 'a mapping of resource types (`"resource": {"aws_s3_bucket": {"raw": {…}}}`)')) {
      // Where each resource is first declared: HCL's array form may declare one again in another item
      // (`"aws_s3_bucket": [{"raw": {…}}, {"raw": {…}}]`), which Terraform rejects as it does a list of blocks.
      const declaredAt = new Map<string, PathSegment[]>();
      for (const [type, byName, typeAt] of labelled(doc.resource, ["resource"])) {
        if (namesNothing(byName, typeAt, `\`${type}\` under \`resource\``, "resource", `"${type}": {"<name>": {…}}`)) continue;
        if (!blockLevel(byName, typeAt, `\`${type}\` under \`resource\``, `a mapping of resource names to blocks (\`"${type}": {"<name>": {…}}\`)`)) continue;
        for (const [name, block, at] of labelled(byName, typeAt)) {
          // `null` or `[]` where a resource's block is are zero blocks of it, as HCL's JSON syntax reads them (Terraform creates nothing).
          if (block === null || (Array.isArray(block) && block.length === 0)) continue;
          const first = Array.isArray(block) ? block[0] : block;
          const earlier = declaredAt.get(`${type}.${name}`);
          if (earlier === undefined) declaredAt.set(`${type}.${name}`, at);
          else {
            out.push({ path: toPointer(at), message: `Resource \`${type}.${name}\` is declared again (first at ${toPointer(earlier)}): Terraform rejects it ("Duplicate resource configuration"), and the policies that read resources would check two blocks of one address. Give each resource its own name.` });
            continue;
          }
          if (!isMapping(first)) unread(Array.isArray(block) && block.length > 0 ? [...at, 0] : at, `Resource \`${type}.${name}\` is ${shapeOf(Array.isArray(block) && block.length > 0 ? first : block)}`, "a block of its arguments (`{…}`)");
          // A list of blocks is several blocks of one resource: Terraform rejects the second ("Duplicate resource
          // configuration"), and the view reads only the first, so what the others declare must not pass unread.
          else if (Array.isArray(block) && block.length > 1) {
            out.push({ path: toPointer([...at, 1]), message: `Resource \`${type}.${name}\` is declared ${block.length} times (a list of ${block.length} blocks): Terraform rejects it ("Duplicate resource configuration"), and the policies that read resources read only the first block. Give each resource its own name.` });
          }
        }
      }
    }
    return out;
  }
  if (typeof doc.format_version !== "string") return out;
  // What a plan changes, and whether planned_values list all it keeps, is read from a list of changes.
  const changes = doc.resource_changes;
  if (Array.isArray(changes)) changes.forEach((item, i) => unreadChange(item, ["resource_changes", i], unread));
  else if (changes !== undefined && changes !== null) unread(["resource_changes"], `\`resource_changes\` is ${shapeOf(changes)}`, `a list of them, each ${RESOURCE_CHANGE}`);
  // (`null` as absent: an empty state has no values.)
  const section = doc.planned_values !== undefined && doc.planned_values !== null ? "planned_values" : doc.values !== undefined && doc.values !== null ? "values" : undefined;
  if (section === undefined) {
    const kept = keptResources(doc.resource_changes);
    if (kept.length > 0) {
      const shown = kept.slice(0, 3).map((c) => `\`${c.address}\``).join(", ") + (kept.length > 3 ? ` and ${kept.length - 3} more` : "");
      out.push({ path: "/resource_changes", message: `This plan has changes of resources it does not delete (${shown}) but no \`planned_values\`, where their planned arguments are read: the policies that read resources did not see them. Check the whole \`terraform show -json\` output of the plan.` });
    }
    return out;
  }
  const values = doc[section];
  if (!isMapping(values)) return (unread([section], `\`${section}\` is ${shapeOf(values)}`, "a mapping with a `root_module`"), out);
  const modules = (module: unknown, at: PathSegment[], depth: number) => {
    if (!isMapping(module)) return unread(at, `\`${toPointer(at)}\` is ${shapeOf(module)}`, "a module (`{resources: […], child_modules: […]}`)");
    if (depth > 64) return;
    for (const [key, expected] of [["resources", "a list of resources"], ["child_modules", "a list of modules"]] as const) {
      const list = module[key];
      if (list === undefined || list === null) continue;
      if (!Array.isArray(list)) {
        unread([...at, key], `\`${toPointer([...at, key])}\` is ${shapeOf(list)}`, expected);
        continue;
      }
      list.forEach((item, i) => {
        if (key === "child_modules") return modules(item, [...at, key, i], depth + 1);
        if (!isMapping(item)) return unread([...at, key, i], `\`${toPointer([...at, key, i])}\` is ${shapeOf(item)}`, "a resource (`{address, type, name, values}`)");
        if (typeof item.address === "string") listed.add(item.address);
        if (item.values !== undefined && item.values !== null && !isMapping(item.values)) {
          unread([...at, key, i, "values"], `The values of resource \`${String(item.address ?? `${String(item.type)}.${String(item.name)}`)}\` are ${shapeOf(item.values)}`, "a mapping of its arguments");
        }
      });
    }
  };
  const listed = new Set<string>();
  modules(values.root_module, [section, "root_module"], 0);
  // A plan lists in planned_values every resource it keeps (no-op ones too); one left out (a plan cut down,
  // a child module dropped) was not seen. Said only where the planned values were read whole.
  if (section === "planned_values" && out.length === 0) {
    for (const { address, index } of keptResources(doc.resource_changes)) {
      if (!listed.has(address)) out.push({ path: `/resource_changes/${index}`, message: `The change of \`${address}\` does not delete it, but \`planned_values\` does not list it, where its planned arguments are read: the policies that read resources did not see it. Check the whole \`terraform show -json\` output of the plan.` });
    }
  }
  return out;
}

/**
 * The parts of a state file as Terraform writes it (see isTerraformStateFile) the `resources` view cannot
 * read, as Terraform's own reader (statefile/version4.go) takes them: a format other than version 4,
 * `resources` that is no list, a resource that is no mapping, its `instances` no list, an instance no
 * mapping, its `attributes` no mapping or only `attributes_flat`. A missing or null list is an empty one.
 */
function unreadStateFile(doc: Mapping): { path: string; message: string }[] {
  const out: { path: string; message: string }[] = [];
  const unread = unreadIn(out, "Check the state as `terraform show -json` prints it.");
  const absent = (value: unknown) => value === undefined || value === null;
  const version = Number(doc.version);
  // An older format holds its resources in `modules` (an empty one, as the backend settings Terraform 0.12
  // to 0.14 kept in `.terraform/terraform.tfstate` are, declares nothing); a newer one is not known. What is
  // in no shape Terraform writes (`modules` as a mapping, a module's `resources` as a string) may declare any.
  const none = (value: unknown) => absent(value) || (Array.isArray(value) ? value.length === 0 : isMapping(value) && Object.keys(value).length === 0);
  const modules = doc.modules;
  const declares = version > 4 || !none(doc.resources) || (!absent(modules) && (!Array.isArray(modules) || modules.some((module) => !isMapping(module) || !none(module.resources))));
  if (version !== 4) {
    if (declares) unread(["version"], `This state file is of format version ${String(doc.version)}`, "version 4, which Terraform 0.12 and later write (and read older ones into)");
    return out;
  }
  const { resources } = doc;
  if (absent(resources)) return out;
  if (!Array.isArray(resources)) {
    unread(["resources"], `\`resources\` is ${shapeOf(resources)}`, "a list of resources (`[{mode, type, name, instances: […]}]`)");
    return out;
  }
  resources.forEach((resource, i) => {
    if (!isMapping(resource)) return unread(["resources", i], `\`/resources/${i}\` is ${shapeOf(resource)}`, "a resource (`{mode, type, name, instances: […]}`)");
    const name = stateResource(resource).block;
    const { instances } = resource;
    if (absent(instances)) return;
    if (!Array.isArray(instances)) return unread(["resources", i, "instances"], `The instances of resource \`${name}\` are ${shapeOf(instances)}`, "a list of instances (`[{attributes: {…}}]`)");
    instances.forEach((instance, j) => {
      const at: PathSegment[] = ["resources", i, "instances", j];
      if (!isMapping(instance)) return unread(at, `An instance of resource \`${name}\` is ${shapeOf(instance)}`, "an instance (`{attributes: {…}}`)");
      if (!absent(instance.attributes) && !isMapping(instance.attributes)) return unread([...at, "attributes"], `The attributes of an instance of resource \`${name}\` are ${shapeOf(instance.attributes)}`, "a mapping of its attributes");
      if (absent(instance.attributes) && !absent(instance.attributes_flat)) return unread([...at, "attributes_flat"], `An instance of resource \`${name}\` has only \`attributes_flat\`, the flat form of Terraform 0.11`, "`attributes`, which Terraform writes at its next apply");
    });
  });
  return out;
}

/** The variables a policy sees for one document, besides object/params/variables/contracts. */
export function documentViews(kind: PolicyKind, value: unknown): Record<string, Located[]> {
  const doc = isMapping(value) ? value : {};
  const empty = { schemaObjects: [], properties: [], arrayItems: [], servers: [], slaProperties: [], outputPorts: [], inputPorts: [], resources: [] };
  switch (kind) {
    case "DataContract":
      return {
        ...empty,
        schemaObjects: located(doc.schema, "/schema", "name"),
        ...contractProperties(doc),
        servers: located(doc.servers, "/servers", "server"),
        slaProperties: located(doc.slaProperties, "/slaProperties", "property"),
      };
    case "DataProduct":
      return { ...empty, outputPorts: located(doc.outputPorts, "/outputPorts", "name"), inputPorts: located(doc.inputPorts, "/inputPorts", "name") };
    case "Infrastructure":
      return { ...empty, resources: terraformResources(doc) };
    default:
      return empty;
  }
}
