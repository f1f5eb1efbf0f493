/**
 * The OPA (Rego) adapter of policy-check: asks an OPA server's Data API about each document and maps
 * its answers onto meshkit findings. See docs/policy-opa.md for the configuration, the input shape and
 * the result shapes understood.
 *
 * Anything that keeps meshkit from getting a clear answer (server down, timeout, an HTTP error, a body
 * that is not OPA's, an undefined package, a result it cannot read) is a `UsageError`: the command exits
 * 2 with one line that names the URL. A broken policy server never passes silently.
 */
import { type Finding, type LoadedDocument, type ResponseText, type RuleMeta, type Severity, type SuppressedFinding, UsageError, checkCredentialUrl, describeFetchError, isMapping, oneLine, readResponseText, toPointer, urlCredentials, withAuthoredInvisiblesShown, withLongQuotesCut, withoutUnparsedUrlCredentials, withoutUrlCredentials } from "@meshkit/core";
import type { PolicyResult, PolicyTarget, WaiverMatcher } from "./engine.js";
import { firstNonFiniteNumber } from "./json-numbers.js";
import { RESERVED_RULE_IDS } from "./reserved-ids.js";
import type { PolicyKind } from "./views.js";

export interface OpaSettings {
  /** Base URL of the OPA server (`http://localhost:8181`); a URL that already ends in `/v1/data` is accepted. */
  url: string;
  /**
   * Rego package to query: dotted (`meshkit.contracts`, quoted segments as in Rego: `teams["data-eng"]`)
   * or the Data API path (`meshkit/contracts`); a leading `data.` (or `data/`) is ignored.
   */
  package: string;
  /** Per-request timeout; default 10 s. */
  timeoutMs?: number;
}

export interface OpaOptions {
  /** The fetch to use (tests, proxies); default the global fetch. */
  fetch?: typeof fetch;
  /** Where `MESHKIT_OPA_TOKEN` is read from; default `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
  /** The waivers of meshkit.yaml: a waived message is a `skip` result with its waiver and a suppressed finding, not a finding. */
  waive?: WaiverMatcher;
  /** The run's parameters (meshkit.yaml's `policy.params` under `--params`), sent as `input.params`. */
  params?: Readonly<Record<string, unknown>>;
  /**
   * The rule ids of the CEL packs in use, each with the policy that defines it (`policy ownership
   * (builtin:platform-baseline/ownership.yaml)`): a message naming one of them is refused, as two packs' rules may
   * not share an id.
   */
  packRules?: ReadonlyMap<string, string>;
}

/** One decision, per document and rule, for the results JSON. */
export interface OpaResult {
  /** `opa:<package>` */
  policy: string;
  rule: string;
  result: "pass" | "fail" | "warn" | "skip";
  /** The document's file. */
  resource: string;
  /** As in a policy's results: the document's place in its file, when it is not the first. */
  document?: number;
  message: string;
  /** Set when a waiver accepted the message. */
  waiver?: PolicyResult["waiver"];
}

/** The `input` sent to OPA for each document. */
export interface OpaInput {
  /**
   * What policy-check checks the document as, as CEL policies see it (`kind`, `spec.match.kinds`): a
   * Terraform configuration or plan, or any infrastructure mapping, is `Infrastructure` (its own `kind`,
   * if any, is the document's); never null, so that a rule can tell every document apart by it.
   */
  kind: PolicyKind;
  file: string;
  /** The document as plain JSON. */
  document: unknown;
  apiVersion: string | null;
  /**
   * The run's parameters: meshkit.yaml's `policy.params` (merged along `extends`) under the `--params`
   * file's, `{}` when none. Without them a per-environment value meant for the Rego policies (`--params
   * params/prod.yaml`, which meshkit accepts as OPA's) would reach no policy at all. The CEL packs' own
   * `spec.params` defaults are theirs, not sent.
   */
  params: Readonly<Record<string, unknown>>;
}

export const DEFAULT_OPA_TIMEOUT_MS = 10_000;
/** How many requests are in flight at once. */
export const OPA_CONCURRENCY = 8;
export const OPA_TOKEN_ENV = "MESHKIT_OPA_TOKEN";

export const WASM_UNSUPPORTED =
  "Rego wasm bundles are not supported in this build: run an OPA server and set policy.opa.url (see docs/policy-opa.md)";

/**
 * Rego wasm bundles (`@open-policy-agent/opa-wasm`) would need an `opa build -t wasm` step that this
 * build cannot run or test honestly; use an OPA server instead.
 */
export function evaluateWasmBundle(..._args: unknown[]): never {
  throw new UsageError(WASM_UNSUPPORTED);
}

/**
 * Evaluates every document against the OPA package `opa.package` (POST `<url>/v1/data/<package path>`
 * with `{ input }`), at most `OPA_CONCURRENCY` requests at a time. Findings and results come in the
 * order of `targets` whatever order the answers arrive in.
 */
export async function evaluateWithOpa(
  targets: readonly PolicyTarget[],
  opa: OpaSettings,
  options: OpaOptions = {},
): Promise<{ findings: Finding[]; waived: SuppressedFinding[]; results: OpaResult[]; rules: RuleMeta[] }> {
  const target = resolveTarget(opa);
  const token = readToken(options.env ?? process.env);
  const doFetch = options.fetch ?? globalThis.fetch;
  const headers: Record<string, string> = { "content-type": "application/json", accept: "application/json" };
  if (token) headers.authorization = `Bearer ${token}`;
  else if (target.basicAuth) headers.authorization = `Basic ${target.basicAuth}`;
  const secrets = [token, target.basicAuth, target.password].filter((s): s is string => !!s);

  const outcomes = await mapBounded(targets, OPA_CONCURRENCY, async (checked) => {
    const result = await queryOpa(doFetch, target, headers, checked, options.params ?? {});
    return interpretResult(checked.doc, result, target, options.waive, options.packRules);
  });

  // The first failing document in input order (all earlier ones have finished), so the message is stable.
  const failed = outcomes.find((o): o is { error: unknown } => "error" in o);
  if (failed) throw asUsageError(failed.error, secrets);

  const findings: Finding[] = [];
  const waived: SuppressedFinding[] = [];
  const results: OpaResult[] = [];
  for (const outcome of outcomes) {
    if ("error" in outcome) continue;
    appendAll(findings, outcome.value.findings);
    appendAll(waived, outcome.value.waived);
    appendAll(results, outcome.value.results);
  }
  return { findings, waived, results, rules: opaRules([...findings, ...waived], target) };
}

/**
 * The rules of OPA's findings, for reports: meshkit documents none of them (they are the platform
 * team's Rego), so each says it has no docs page rather than letting reporters link a meshkit page
 * that does not exist.
 */
function opaRules(findings: readonly Finding[], target: OpaTarget): RuleMeta[] {
  const rules = new Map<string, RuleMeta>();
  for (const f of findings) {
    if (!rules.has(f.ruleId)) rules.set(f.ruleId, { id: f.ruleId, defaultSeverity: f.severity, stage: "policy", description: `OPA package ${target.packageName}: ${f.ruleId}`, docsUrl: null });
  }
  return [...rules.values()];
}

/** The `input` document for one checked document, with the run's parameters. */
export function opaInput({ doc, kind }: PolicyTarget, params: Readonly<Record<string, unknown>> = {}): OpaInput {
  const raw = isMapping(doc.value) ? doc.value : {};
  const document = kind === "Config" ? withoutConfigCredentials(doc.value) : doc.value;
  return { kind, file: doc.file, document: document ?? null, apiVersion: typeof raw.apiVersion === "string" ? raw.apiVersion : null, params };
}

/**
 * meshkit.yaml as OPA sees it: credentials written in its URLs — `policy.opa.url`, and a git `catalog.target`
 * (`git:https://user:token@host/catalog.git#catalog`) — become `***`, since OPA's decision logs record the
 * input. A policy can still tell that some were written (`contains(url, "@")`).
 * The loaded document is shared with the CEL packs, so it is copied along the path, not changed.
 */
function withoutConfigCredentials(config: unknown): unknown {
  return withoutCredentialsAt(withoutCredentialsAt(config, ["policy", "opa", "url"]), ["catalog", "target"]);
}

/** `config` with the URL at `path` (a string) without its credentials; the same object when it has none. */
function withoutCredentialsAt(config: unknown, path: readonly string[]): unknown {
  const [key, ...rest] = path;
  if (key === undefined) return typeof config === "string" ? withoutUrlCredentials(config, "***@") : config;
  if (!isMapping(config) || !Object.hasOwn(config, key)) return config;
  const value = withoutCredentialsAt(config[key], rest);
  return value === config[key] ? config : { ...config, [key]: value };
}

// ---------------------------------------------------------------------------------------------------
// Where to ask

interface OpaTarget {
  /** The request URL, without credentials. */
  url: string;
  /** The same, for messages. */
  display: string;
  /** Package as written for people (`meshkit.contracts`). */
  packageName: string;
  /** Last package segment, for rule ids. */
  lastSegment: string;
  /** The package above it (`meshkit.contracts` for `meshkit.contracts.deny`); undefined for a one-segment package. */
  parentName?: string;
  timeoutMs: number;
  basicAuth?: string;
  password?: string;
}

function resolveTarget(opa: OpaSettings): OpaTarget {
  if (!opa || typeof opa.url !== "string" || typeof opa.package !== "string") {
    throw new UsageError("policy.opa needs both url (the OPA server, e.g. http://localhost:8181) and package (e.g. meshkit.contracts)");
  }
  let base: URL;
  try {
    base = new URL(opa.url);
  } catch {
    throw new UsageError(`policy.opa.url is not a URL: ${oneLine(withoutUnparsedUrlCredentials(opa.url, "***@"), 200)}`);
  }
  if (base.protocol !== "http:" && base.protocol !== "https:") {
    throw new UsageError(`policy.opa.url must be an http:// or https:// URL, not ${base.protocol} (${redactUrl(base)})`);
  }
  // The URL is meshkit.yaml's, which a pull request may change: the token and the documents go only where allowed.
  checkCredentialUrl("the OPA server", base);
  if (base.search !== "") {
    // Dropping it would ask another question than the one configured; keeping it would put it (a key, say) in every message.
    throw new UsageError(`policy.opa.url must not have a query string (?…): meshkit sends its questions to <url>/v1/data/<package path> without one; remove it (${redactUrl(withoutQuery(base))})`);
  }
  const segments = packagePath(opa.package);
  // The Data API endpoint of a package (`…/v1/data/meshkit/contracts`, as OPA's docs and curl examples show it)
  // would have meshkit's own `/v1/data/<package path>` appended: OPA answers that path with no result, which
  // would read as a package not loaded. The address is the server's; the package goes in policy.opa.package.
  const endpoint = /\/v1\/data\/+([^/].*)$/.exec(base.pathname);
  if (endpoint) {
    const server = withoutQuery(base);
    server.pathname = base.pathname.slice(0, endpoint.index) || "/";
    throw new UsageError(
      `policy.opa.url ends in a Data API path (/v1/data/${endpoint[1]!.replace(/\/+$/, "")}), to which meshkit would add /v1/data/<package path> again: set url to the server's address (${redactUrl(server)}) and the package in policy.opa.package (now ${oneLine(opa.package, 100)})`,
    );
  }
  const timeoutMs = opa.timeoutMs ?? DEFAULT_OPA_TIMEOUT_MS;
  if (typeof timeoutMs !== "number" || !Number.isFinite(timeoutMs) || timeoutMs <= 0) {
    throw new UsageError(`policy.opa.timeoutMs must be a positive number of milliseconds, not ${String(opa.timeoutMs)}`);
  }

  let basicAuth: string | undefined;
  let password: string | undefined;
  if (base.username || base.password) {
    // fetch refuses URLs with credentials; send them as HTTP Basic instead, and never show them.
    const credentials = urlCredentials(base);
    password = credentials.password || undefined;
    basicAuth = Buffer.from(`${credentials.username}:${credentials.password}`).toString("base64");
    base.username = "";
    base.password = "";
  }
  base.hash = "";
  const prefix = base.pathname.replace(/\/+$/, "").replace(/\/v1\/data$/, "");
  base.pathname = `${prefix}/v1/data/${segments.map(encodeURIComponent).join("/")}`;
  const url = base.toString();
  return {
    url,
    display: url,
    packageName: regoPackageName(segments),
    lastSegment: segments[segments.length - 1]!,
    ...(segments.length > 1 ? { parentName: regoPackageName(segments.slice(0, -1)) } : {}),
    timeoutMs,
    ...(basicAuth ? { basicAuth } : {}),
    ...(password ? { password } : {}),
  };
}

/** A Rego identifier: a package segment written without quotes. */
const IDENTIFIER_SOURCE = "[A-Za-z_][A-Za-z0-9_]*";
const IDENTIFIER = new RegExp(`^${IDENTIFIER_SOURCE}$`);
const LEADING_IDENTIFIER = new RegExp(`^${IDENTIFIER_SOURCE}`);
/** One step of a dotted package after its first identifier: `.name` or `["any key"]` (a JSON string, as Rego writes one). */
const DOTTED_STEP = new RegExp(`\\.(${IDENTIFIER_SOURCE})|\\[("(?:[^"\\\\\\x00-\\x1f]|\\\\(?:["\\\\/bfnrt]|u[0-9A-Fa-f]{4}))*")\\]`, "y");

/** The Data API path form: two or more segments between slashes, nothing in them that the Rego form would read. */
const PATH_FORM = /^[^\s/[\]"]+(?:\/[^\s/[\]"]+)+$/;

/**
 * The Data API path segments of `policy.opa.package`: the Rego form (`a.b["c-d"]`) or the path form
 * (`a/b/c-d`, each segment one key, percent-encoded later), without a leading `data`.
 */
function packagePath(name: string): string[] {
  const written = name.trim();
  const segments = PATH_FORM.test(written) ? written.split("/") : dottedSegments(written);
  if (!segments || segments.includes("")) {
    throw new UsageError(
      `policy.opa.package is not a Rego package name: "${oneLine(name, 200)}" (write it as in the policy, e.g. meshkit.contracts or teams["data-eng"].rules, or as the Data API path, e.g. meshkit/contracts)`,
    );
  }
  return segments[0] === "data" && segments.length > 1 ? segments.slice(1) : segments;
}

/** `a.b["c-d"]` -> ["a", "b", "c-d"]; undefined when it is not written that way. */
function dottedSegments(written: string): string[] | undefined {
  const first = LEADING_IDENTIFIER.exec(written);
  if (!first) return undefined;
  const segments = [first[0]];
  DOTTED_STEP.lastIndex = first[0].length;
  while (DOTTED_STEP.lastIndex < written.length) {
    const step = DOTTED_STEP.exec(written);
    if (!step) return undefined;
    segments.push(step[1] ?? (JSON.parse(step[2]!) as string));
  }
  return segments;
}

/** The package as Rego writes it, for messages and result names: `meshkit.contracts`, `teams["data-eng"]`. */
function regoPackageName(segments: readonly string[]): string {
  return segments.map((s, i) => (IDENTIFIER.test(s) ? `${i === 0 ? "" : "."}${s}` : `${i === 0 ? "data" : ""}[${JSON.stringify(s)}]`)).join("");
}

function readToken(env: Readonly<Record<string, string | undefined>>): string | undefined {
  const token = env[OPA_TOKEN_ENV]?.trim();
  if (!token) return undefined;
  // Checked here so that fetch never builds an error message that quotes the header value.
  if (!/^[\x21-\x7e]+$/.test(token)) {
    throw new UsageError(`${OPA_TOKEN_ENV} contains characters that cannot be sent in an HTTP header (spaces, line breaks or non-ASCII); check how it is set`);
  }
  return token;
}

// ---------------------------------------------------------------------------------------------------
// Asking

/**
 * Why the document or a parameter cannot go to OPA as JSON: an infinity or NaN (YAML's `.inf`, `.nan`),
 * which JSON cannot spell and `JSON.stringify` would send as `null`, so that a Rego rule comparing it
 * would see no value and could pass silently. OPA's own JSON has no such numbers either.
 */
function unsendableNumber(doc: LoadedDocument, params: Readonly<Record<string, unknown>>): string | undefined {
  const advice = "JSON, in which OPA reads its input, has no infinity or NaN; write a finite number, or quote the value to send it as a string";
  const inDocument = firstNonFiniteNumber(doc.value);
  if (inDocument) {
    const { line, column } = doc.locate(inDocument.pointer);
    // As written: `.inf` in YAML, `1e400` in JSON (past the largest double, read as an infinity).
    return `the value at ${inDocument.pointer} (line ${line}, column ${column}) is ${doc.sourceAt(inDocument.pointer) || inDocument.yaml}: ${advice}`;
  }
  const inParams = firstNonFiniteNumber(params);
  if (inParams) return `the parameter ${inParams.pointer.slice(1)} is ${inParams.yaml}: ${advice}`;
  return undefined;
}

/** A failure to get a usable answer about one document; becomes the command's one-line UsageError. */
class OpaFailure extends Error {}

async function queryOpa(doFetch: typeof fetch, target: OpaTarget, headers: Record<string, string>, checked: PolicyTarget, params: Readonly<Record<string, unknown>>): Promise<unknown> {
  const { doc } = checked;
  const fail = (what: string): never => {
    throw new OpaFailure(`OPA request to ${target.display} failed for ${doc.file}: ${what}`);
  };
  const unsendable = unsendableNumber(doc, params);
  if (unsendable) return fail(unsendable);
  let body: string;
  try {
    body = JSON.stringify({ input: opaInput(checked, params) });
  } catch (error) {
    return fail(`the document cannot be sent as JSON (${oneLine(String((error as Error).message), 200)})`);
  }

  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), target.timeoutMs);
  let status: number;
  let statusText: string;
  let location: string | null;
  let read: ResponseText;
  try {
    const response = await doFetch(target.url, { method: "POST", headers, body, signal: controller.signal, redirect: "manual" });
    status = response.status;
    statusText = response.statusText;
    location = response.headers.get("location");
    // An answer about one document is a few messages: the default bound is ample.
    read = await readResponseText(response);
  } catch (error) {
    if (controller.signal.aborted) return fail(`no answer within ${target.timeoutMs} ms (raise policy.opa.timeoutMs if the server is slow)`);
    return fail(describeFetchError(error, target.url, "OPA"));
  } finally {
    clearTimeout(timer);
  }
  if (!read.ok) return fail(`the server answered HTTP ${status} with ${read.reason}; is policy.opa.url the OPA server?`);
  const text = read.text;

  if (status < 200 || status > 299) {
    if (status >= 300 && status < 400) {
      const to = location ? ` to ${redactUrl(location, target.url)}` : "";
      return fail(`the server answered HTTP ${status}, a redirect${to}; set policy.opa.url to the address OPA answers on`);
    }
    const hint = status === 401 || status === 403 ? ` (check ${OPA_TOKEN_ENV})` : status === 404 ? " (is policy.opa.url the OPA server?)" : "";
    return fail(`the server answered HTTP ${status}${statusText ? ` ${oneLine(statusText, 60)}` : ""}: ${describeErrorBody(text)}${hint}`);
  }

  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return fail(`the server answered HTTP ${status} with a body that is not JSON (${quoteStart(text)}); is policy.opa.url the OPA server?`);
  }
  if (!isMapping(json)) return fail(`the server answered with JSON that is not an OPA Data API response (${describeType(json)}, expected an object with "result")`);
  if (json.result === undefined) {
    // A path to a rule that has no value for the document (`allow if …` with no default) is answered with no result too.
    const rule = namesRuleHint(target, ", which has no value for that document");
    throw new OpaFailure(
      `package ${target.packageName} not found on the OPA server at ${target.display} (the Data API returned no result for ${doc.file}; ${rule || "check policy.opa.package and that the policy is loaded"})`,
    );
  }
  return json.result;
}

/** OPA's own `{ code, message }` when the body is one, else the start of the body. */
function describeErrorBody(text: string): string {
  try {
    const json: unknown = JSON.parse(text);
    if (isMapping(json) && (typeof json.message === "string" || typeof json.code === "string")) {
      const parts = [json.code, json.message].filter((p): p is string => typeof p === "string" && p !== "");
      return oneLine(parts.join(": "), 300);
    }
  } catch {
    // not JSON: quote it below
  }
  return text.trim() ? quoteStart(text) : "empty body";
}

// ---------------------------------------------------------------------------------------------------
// Reading the answer

interface Interpreted {
  findings: Finding[];
  waived: SuppressedFinding[];
  results: OpaResult[];
}

type Source = "deny" | "violation" | "warn";

const SOURCES: ReadonlyArray<{ key: Source; severity: Severity }> = [
  { key: "deny", severity: "error" },
  { key: "violation", severity: "error" },
  { key: "warn", severity: "warning" },
];

/**
 * The rules of a result that carry messages: `deny`, `violation` and `warn`, and, as conftest reads
 * them (`^(deny|violation|warn)(_[a-zA-Z0-9]+)*$`), the same names suffixed with an underscore and an
 * identifier (`deny_unencrypted`), each with its family's severity. Families in that order, then by
 * name, so that findings come out the same every run.
 */
function messageRules(result: Record<string, unknown>): { key: string; severity: Severity }[] {
  const out: { key: string; severity: Severity }[] = [];
  for (const { key, severity } of SOURCES) {
    const suffixed = new RegExp(`^${key}(_[a-zA-Z0-9]+)+$`);
    const names = Object.keys(result)
      .filter((name) => (name === key || suffixed.test(name)) && result[name] !== undefined)
      .sort();
    for (const name of names) out.push({ key: name, severity });
  }
  return out;
}

/** Maps one document's result object onto findings and results; an unreadable result is an OpaFailure. */
function interpretResult(doc: LoadedDocument, result: unknown, target: OpaTarget, waive?: WaiverMatcher, packRules?: ReadonlyMap<string, string>): Interpreted {
  const fail = (what: string): never => {
    throw new OpaFailure(`OPA request to ${target.display} failed for ${doc.file}: the result of package ${target.packageName} ${what} (see docs/policy-opa.md)`);
  };
  if (!isMapping(result)) {
    const rule = namesRuleHint(target);
    return fail(`is ${describeType(result)}, expected an object with deny, violation, warn or allow${rule ? `; ${rule}` : ""}`);
  }
  const rules = messageRules(result);
  if (rules.length === 0 && result.allow === undefined) {
    const keys = Object.keys(result);
    return fail(`has none of deny, violation, warn or allow (${keys.length > 0 ? `it has ${oneLine(keys.slice(0, 8).join(", "), 120)}` : "it is empty"})`);
  }

  const findings: Finding[] = [];
  const waived: SuppressedFinding[] = [];
  const results: OpaResult[] = [];
  const policy = `opa:${target.packageName}`;
  const resource = doc.index > 0 ? { resource: doc.file, document: doc.index } : { resource: doc.file };
  const excepted = exceptedRules(result.exception, fail);
  // Error-level messages, waived and excepted ones included: OPA denied the document.
  let denials = 0;
  const add = (items: unknown[], key: string, source: string, severity: Severity) => {
    items.forEach((item, i) => {
      const message = readMessage(item, `${key}[${i}]`, fail, packRules);
      const finalSeverity = message.severity ?? severity;
      const ruleId = message.rule ?? `opa.${target.lastSegment}.${source}`;
      if (finalSeverity === "error") denials++;
      if (excepted(key)) {
        // The package's own exception: no finding, a skip result that says so (conftest tallies it apart too).
        results.push({ policy, rule: ruleId, result: "skip", ...resource, message: `${message.text} (excepted by the exception rule of package ${target.packageName})` });
        return;
      }
      const pos = doc.locate(message.path);
      const finding: Finding = {
        ruleId,
        severity: finalSeverity,
        // (as a CEL policy's message: a value it quotes cut and its invisible characters shown, the author's text as written)
        message: `${withAuthoredInvisiblesShown(withLongQuotesCut(message.text))} [OPA ${target.packageName}]`,
        file: doc.file,
        line: pos.line,
        column: pos.column,
        ...(pos.endLine !== undefined ? { endLine: pos.endLine, endColumn: pos.endColumn } : {}),
        path: message.path,
        stage: "policy",
      };
      const waiver = waive?.(ruleId, doc, message.path);
      if (waiver) {
        waived.push({ ...finding, suppression: waiver });
        results.push({ policy, rule: ruleId, result: "skip", ...resource, message: message.text, waiver });
        return;
      }
      findings.push(finding);
      results.push({ policy, rule: ruleId, result: finalSeverity === "error" ? "fail" : "warn", ...resource, message: message.text });
    });
  };

  // A conftest-style `deny_<name>` keeps its name in the default rule id (`opa.<segment>.deny_<name>`).
  for (const { key, severity } of rules) add(readItems(result[key], key, fail), key, key, severity);

  if (result.allow !== undefined) {
    if (typeof result.allow !== "boolean") fail(`has allow = ${describeType(result.allow)}, expected true or false`);
    const violations = readOptionalItems(result.violations, "violations", fail);
    const reasons = readOptionalItems(result.reasons, "reasons", fail);
    // allow = false with deny/violation messages already reported (or waived) adds nothing new.
    if (result.allow === false && denials === 0) {
      add(violations, "violations", "deny", "error");
      add(reasons, "reasons", "deny", "error");
      if (violations.length + reasons.length === 0) {
        add([`denied by OPA policy ${target.packageName} (allow is false, no violations or reasons given)`], "allow", "deny", "error");
      }
    }
  }

  if (results.length === 0) {
    results.push({
      policy,
      rule: `opa.${target.lastSegment}`,
      result: "pass",
      ...resource,
      message: `no deny, violation or warn from OPA package ${target.packageName}`,
    });
  }
  return { findings, waived, results };
}

/** The rules meshkit reads from a package, as their names end a Data API path that names one of them. */
const READ_RULE = /^(?:(?:deny|violation|warn)(?:_[a-zA-Z0-9]+)*|allow|violations|reasons|exception)$/;

/**
 * When `policy.opa.package` ends with one of the rules meshkit reads (`meshkit.contracts.deny`, as a
 * request for `POST /v1/data/meshkit/contracts/deny` is often written), OPA answers with that rule's value,
 * a set or a bool, not the package's rules (or with no result, when the rule has no value for the document:
 * `allow if …` with no default): says to name the package instead. Nothing otherwise. `aside`: said of the rule.
 */
function namesRuleHint(target: OpaTarget, aside = ""): string {
  if (target.parentName === undefined || !READ_RULE.test(target.lastSegment)) return "";
  return `policy.opa.package names the rule ${target.lastSegment}${aside}, not a package: set it to ${target.parentName}, the package whose deny, violation, warn and allow rules meshkit reads`;
}

/**
 * conftest's exceptions: `exception contains rules if { …; rules := ["run_as_root"] }` exempts the document
 * from `deny_run_as_root` and `violation_run_as_root` (an empty name: from `deny` and `violation`); `warn`
 * rules are never excepted. Returns whether the messages of a rule of the result are excepted.
 */
function exceptedRules(value: unknown, fail: (what: string) => never): (key: string) => boolean {
  const names = new Set<string>();
  readOptionalItems(value, "exception", fail).forEach((item, i) => {
    // A set of lists of names, as conftest writes it; a set of names is read too.
    const list = Array.isArray(item) ? item : [item];
    list.forEach((name, j) => {
      if (typeof name !== "string") fail(`has exception[${i}]${Array.isArray(item) ? `[${j}]` : ""} = ${describeType(name)}, expected rule names such as "run_as_root" (for deny_run_as_root)`);
      names.add(name as string);
    });
  });
  return (key) => {
    const rule = /^(deny|violation)(?:_(.+))?$/.exec(key);
    return rule !== null && names.has(rule[2] ?? "");
  };
}

function readItems(value: unknown, key: string, fail: (what: string) => never): unknown[] {
  if (Array.isArray(value)) return value;
  return fail(`has ${key} = ${describeType(value)}, expected a set or array of messages`);
}

function readOptionalItems(value: unknown, key: string, fail: (what: string) => never): unknown[] {
  if (value === undefined || value === null) return [];
  return readItems(value, key, fail);
}

interface Message {
  text: string;
  path: string;
  rule?: string;
  severity?: Severity;
}

function readMessage(item: unknown, where: string, fail: (what: string) => never, packRules?: ReadonlyMap<string, string>): Message {
  if (typeof item === "string") return { text: withText(item, where), path: "" };
  if (!isMapping(item)) return fail(`has ${where} = ${describeType(item)}, expected a string or an object with msg`);
  const text = typeof item.msg === "string" ? item.msg : typeof item.message === "string" ? item.message : undefined;
  if (text === undefined) return fail(`has ${where} without a msg or message string`);
  const message: Message = { text: withText(text, where), path: readPath(item.path, where, fail) };
  if (item.rule !== undefined) {
    if (typeof item.rule !== "string" || item.rule.trim() === "") fail(`has ${where}.rule = ${describeType(item.rule)}, expected a rule id string`);
    message.rule = (item.rule as string).trim();
    if (RESERVED_RULE_IDS.has(message.rule)) fail(`has ${where}.rule = "${message.rule}", one of meshkit's own rule ids (docs/rules/${message.rule}.md); give the rule another id`);
    // Its findings would read as that rule's (its description and docs link in reports), while its level in
    // policy.rules would not apply to them, and a waiver of the id would accept both rules' failures.
    const defined = packRules?.get(message.rule);
    if (defined) fail(`has ${where}.rule = "${message.rule}", the id of a rule of ${defined} in use; rule ids are unique across the packs and OPA, so give the rule another id`);
  }
  if (item.severity !== undefined) message.severity = readSeverity(item.severity, where, fail);
  return message;
}

/** A blank message still says what it is (`deny[0] (no message)`): a finding is never blank. */
function withText(text: string, where: string): string {
  return text.trim() === "" ? `${where} (no message)` : text;
}

function readPath(path: unknown, where: string, fail: (what: string) => never): string {
  if (path === undefined || path === null || path === "") return "";
  if (typeof path === "string") {
    if (path.startsWith("/")) return path;
    return fail(`has ${where}.path = "${oneLine(path, 80)}", expected a JSON pointer into the document such as /schema/0/name`);
  }
  if (Array.isArray(path) && path.every((s) => typeof s === "string" || typeof s === "number")) return toPointer(path as Array<string | number>);
  return fail(`has ${where}.path = ${describeType(path)}, expected a JSON pointer string`);
}

/**
 * meshkit's levels, any case, and the scale security tools write (Trivy, Checkov, Regula: CRITICAL, HIGH,
 * MEDIUM, LOW), read as GitHub code scanning reads a security severity: critical and high are errors,
 * medium a warning, low an info. Anything else is refused: a guess would raise or hide a finding.
 */
const SEVERITY_WORDS: Readonly<Record<string, Severity>> = { error: "error", warning: "warning", warn: "warning", info: "info", critical: "error", high: "error", medium: "warning", moderate: "warning", low: "info", note: "info" };

function readSeverity(value: unknown, where: string, fail: (what: string) => never): Severity {
  const severity = typeof value === "string" && Object.hasOwn(SEVERITY_WORDS, value.trim().toLowerCase()) ? SEVERITY_WORDS[value.trim().toLowerCase()] : undefined;
  if (severity) return severity;
  return fail(`has ${where}.severity = ${typeof value === "string" ? `"${oneLine(value, 40)}"` : describeType(value)}, expected error, warning or info (or critical, high, medium, low)`);
}

// ---------------------------------------------------------------------------------------------------
// Helpers

/** Runs `work` over `items` with at most `limit` at once; outcomes in input order. Stops starting new work after a failure. */
async function mapBounded<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<Array<{ value: R } | { error: unknown }>> {
  const outcomes: Array<{ value: R } | { error: unknown }> = new Array(items.length);
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (!failed && next < items.length) {
      const i = next++;
      try {
        outcomes[i] = { value: await work(items[i]!) };
      } catch (error) {
        outcomes[i] = { error };
        failed = true;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  // Items never started (after a failure) are left out; every item before the first failure has an outcome.
  return outcomes.filter((o) => o !== undefined);
}

/**
 * Appends `items` to `target` one by one: one document's answer may hold more messages than a function
 * call takes arguments, so `target.push(...items)` would overflow the stack, and a `concat` per document
 * would copy the growing list again for each.
 */
function appendAll<T>(target: T[], items: readonly T[]): void {
  for (const item of items) target.push(item);
}

function asUsageError(error: unknown, secrets: readonly string[]): UsageError {
  const raw = error instanceof OpaFailure || error instanceof UsageError ? error.message : `OPA evaluation failed: ${error instanceof Error ? error.message : String(error)}`;
  let message = raw;
  // Belt and braces: no message is built from them, but a server could echo one back.
  for (const secret of secrets) if (secret.length >= 6) message = message.split(secret).join("***");
  return new UsageError(oneLine(message, 600));
}

/** A URL for messages: no user, no password. */
function redactUrl(url: URL | string, base?: string): string {
  try {
    const parsed = new URL(String(url), base);
    parsed.username = "";
    parsed.password = "";
    return parsed.toString();
  } catch {
    return withoutUrlCredentials(String(url));
  }
}


function withoutQuery(url: URL): URL {
  const copy = new URL(url);
  copy.search = "";
  copy.hash = "";
  return copy;
}


function quoteStart(text: string): string {
  return JSON.stringify(oneLine(text, 80));
}

function describeType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return "an object";
  if (typeof value === "string") return `the string ${JSON.stringify(oneLine(value, 40))}`;
  return `${typeof value === "boolean" || typeof value === "number" ? String(value) : `a ${typeof value}`}`;
}
