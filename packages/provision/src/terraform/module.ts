/**
 * One Terraform root module being rendered: resources, variables, outputs, providers, each in a named
 * `*.tf.json` file. Every resource address and every name in a target namespace (an S3 bucket, a
 * Snowflake table, a BigQuery dataset) is *claimed* by an owner: the domain, the product or the role
 * that needs it. Two owners claiming one address or name is a conflict — two validated names that
 * fold to the same bucket, label or table — which the renderer turns into a finding instead of a
 * configuration Terraform would reject or, worse, one that silently merges two products.
 */
import type { LoadedDocument } from "@meshkit/core";
import { type TfObject, type TfValue, compareCodeUnits, renderJsonFile } from "./json.js";

/** Where a finding about a claim points: a node of a contract. */
export interface SourceAt {
  document: LoadedDocument;
  pointer: string;
}

export interface Owner {
  /** Who owns the address or name: `domain:<d>`, `product:<d>/<p>`, `role:<r>`. Equal owners share. */
  share: string;
  at?: SourceAt;
}

export interface Claim extends Owner {
  key: string;
  /** For people: `S3 bucket acme-lake`, `resource aws_glue_catalog_table.sales_orders_orders`. */
  what: string;
  /**
   * Why another owner may not hold it, and what to do, when that is not two names folding to one (the usual
   * reason): given the holder as people read it, the rest of the finding after `what`.
   */
  clash?: (holder: string, heldKey?: string) => string;
  /**
   * The key ends in a folder (`/`) another folder claim may not be inside of, nor hold: a Glue table reads every file
   * under its location, and its lifecycle rules expire them all.
   */
  folder?: boolean;
}

/** Whether two folder claims overlap: one's folder is the other's, or inside it. */
export function foldersOverlap(a: Claim, b: Claim): boolean {
  return a.folder === true && b.folder === true && (a.key.startsWith(b.key) || b.key.startsWith(a.key));
}

export interface Conflict {
  claim: Claim;
  /** The owner that claimed it first. */
  holder: string;
  /** Where the owner that claimed it first needs it, when known: a finding names both places. */
  heldAt?: SourceAt;
  /** The key the owner that claimed it first holds, when it is another folder the claim's overlaps (`foldersOverlap`). */
  heldKey?: string;
}

interface ResourceEntry {
  file: string;
  type: string;
  label: string;
  body: TfObject;
}

/** How every rendered file starts (its `"//"` comment); `writeTerraformFiles` only removes such files. */
export const RENDERED_HEADER = "Rendered by meshkit provision";
export const PROVIDERS_FILE = "meshkit-providers.tf.json";
export const VARIABLES_FILE = "meshkit-variables.tf.json";

/** `claim` clashing with `held`, a claim of another owner. */
export function conflictWith(claim: Claim, held: Claim): Conflict {
  return { claim, holder: held.share, ...(held.at ? { heldAt: held.at } : {}), ...(held.key !== claim.key ? { heldKey: held.key } : {}) };
}

export class TerraformModule {
  private readonly resources = new Map<string, ResourceEntry>();
  private readonly data = new Map<string, ResourceEntry>();
  private readonly outputs = new Map<string, { file: string; body: TfObject }>();
  private readonly variables = new Map<string, TfObject>();
  private readonly providers = new Map<string, TfObject>();
  private readonly requiredProviders = new Map<string, TfObject>();
  private readonly claimed = new Map<string, Claim>();
  private readonly headers = new Map<string, string>();
  readonly conflicts: Conflict[] = [];

  /** The `"//"` comment at the top of a file. */
  header(file: string, comment: string): void {
    if (!this.headers.has(file)) this.headers.set(file, comment);
  }

  /** Claims `key` for `owner`; a different owner holding it already is a conflict (returns false). */
  claim(key: string, what: string, owner: Owner, clash?: Claim["clash"], folder = false): boolean {
    const claim: Claim = { key, what, ...owner, ...(clash ? { clash } : {}), ...(folder ? { folder } : {}) };
    const held = this.claimed.get(key) ?? (folder ? [...this.claimed.values()].find((c) => c.share !== owner.share && foldersOverlap(c, claim)) : undefined);
    if (held && held.share !== owner.share) {
      this.conflicts.push(conflictWith(claim, held));
      return false;
    }
    if (!held) this.claimed.set(key, claim);
    return true;
  }

  /**
   * Adds `resource.<type>.<label>`. A second add of the same address by the same owner must be the same
   * body (shared resources are added once per render); by another owner it is a conflict.
   */
  resource(owner: Owner, file: string, type: string, label: string, body: TfObject): string {
    const address = `${type}.${label}`;
    if (!/^[A-Za-z_][A-Za-z0-9_-]*$/.test(label)) throw new Error(`not a Terraform label: ${label}`);
    if (this.claim(`resource:${address}`, `resource ${address}`, owner)) {
      const existing = this.resources.get(address);
      if (existing && renderJsonFile(existing.body) !== renderJsonFile(body)) {
        this.conflicts.push({ claim: { key: `resource:${address}`, what: `resource ${address}`, ...owner }, holder: owner.share });
      } else if (!existing) this.resources.set(address, { file, type, label, body });
    }
    return address;
  }

  dataSource(file: string, type: string, label: string, body: TfObject): string {
    const address = `data.${type}.${label}`;
    if (!this.data.has(address)) this.data.set(address, { file, type, label, body });
    return address;
  }

  output(file: string, name: string, body: TfObject): void {
    this.outputs.set(name, { file, body });
  }

  variable(name: string, body: TfObject): string {
    this.variables.set(name, body);
    return `var.${name}`;
  }

  /** Adds a `validation` block to the variable `name`, if it is declared (some are only when a product needs them). */
  validateVariable(name: string, validation: TfObject): void {
    const body = this.variables.get(name);
    if (!body) return;
    const existing = Array.isArray(body.validation) ? body.validation : [];
    this.variables.set(name, { ...body, validation: [...existing, validation] });
  }

  provider(name: string, source: string, version: string, config: TfObject): void {
    this.requiredProviders.set(name, { source, version });
    this.providers.set(name, config);
  }

  /** Every claim, resource addresses included, for checking one product's claims against others'. */
  claims(): Claim[] {
    return [...this.claimed.values()];
  }

  /** The names of the files the render writes resources, data sources or outputs to. */
  fileNames(): string[] {
    const names = new Set<string>();
    for (const { file } of [...this.resources.values(), ...this.data.values(), ...this.outputs.values()]) names.add(file);
    return [...names].sort(compareCodeUnits);
  }

  resourceCount(): number {
    return this.resources.size;
  }

  /** The files: one JSON text per file name, in file-name order. */
  render(requiredVersion: string): Record<string, string> {
    const files = new Map<string, TfObject>();
    const file = (name: string): TfObject => {
      let f = files.get(name);
      if (!f) files.set(name, (f = {}));
      return f;
    };
    const section = (f: TfObject, key: string): Record<string, TfValue> => (f[key] ??= {}) as Record<string, TfValue>;

    if (this.providers.size > 0) {
      const f = file(PROVIDERS_FILE);
      f.terraform = { required_version: requiredVersion, required_providers: Object.fromEntries(this.requiredProviders) };
      f.provider = Object.fromEntries(this.providers);
    }
    if (this.variables.size > 0) file(VARIABLES_FILE).variable = Object.fromEntries(this.variables);
    for (const entry of this.resources.values()) {
      const byType = section(section(file(entry.file), "resource"), entry.type) as Record<string, TfValue>;
      byType[entry.label] = entry.body;
    }
    for (const entry of this.data.values()) {
      const byType = section(section(file(entry.file), "data"), entry.type) as Record<string, TfValue>;
      byType[entry.label] = entry.body;
    }
    for (const [name, { file: f, body }] of this.outputs) section(file(f), "output")[name] = body;

    const out: Record<string, string> = {};
    for (const name of [...files.keys()].sort(compareCodeUnits)) {
      const content = files.get(name)!;
      const comment = this.headers.get(name) ?? `${RENDERED_HEADER}. Do not edit: change the contracts and render again.`;
      out[name] = renderJsonFile({ "//": comment, ...content });
    }
    return out;
  }
}
