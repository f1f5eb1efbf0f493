/**
 * contract-test results as Prometheus metrics, and a push of them to a Prometheus Pushgateway.
 *
 * `renderMetrics` turns the results of one data product (one results document per contract) into the
 * text exposition format 0.0.4. The metrics describe the product's last run, so they are gauges:
 *
 * | family | labels | value |
 * |---|---|---|
 * | `domain_data_quality_score` | domain, product | passed checks / checks run, **0..1**; warned, failed and errored checks (a check that could not run) count against it; no sample when no check ran |
 * | `data_quality_checks` | domain, product | checks run (every status) |
 * | `data_quality_checks_failed` | domain, product | checks with status `fail` (error severity) or `error` (could not run): the ones that fail the run |
 * | `data_quality_checks_warned` | domain, product | checks with status `warn`: threshold missed by a warning- or info-severity rule, or not checked (`quality-not-checked`) |
 * | `data_quality_rows_checked` | domain, product, contract, object | rows of the schema object, when they were counted |
 * | `data_product_freshness_seconds` | domain, product, contract, object | age of the newest value of the object's freshness/latency SLA element (the stalest when there are several); `+Inf` when the element has no value at all; no sample when not measured, when the element is classified (measured `***`: the age would give its value away) or its newest value is `infinity` |
 * | `data_quality_last_run_timestamp_seconds` | domain, product | Unix time the run finished (the latest, over the product's contracts) |
 *
 * `domain` and `product` are arguments: the caller decides where they come from. `productLabelsFor`
 * gives the default (the ODPS product's domain and name, else the contract's `domain` and
 * `dataProduct`/`name`/`id`). `contract` is the contract's `name`, else its `id`. Cardinality stays
 * small: one sample per product for the run-level families, one per schema object for the others.
 * Contracts of one product that share a name are told apart by their id (see contractLabelsOf).
 *
 * `pushMetrics` PUTs a rendered body to `<url>/metrics/job/<job>/domain/<domain>/product/<product>`,
 * replacing what the same job pushed for that product before. Credentials come from the URL
 * (`https://user:password@host`), else from `MESHKIT_PUSHGATEWAY_USERNAME` / `MESHKIT_PUSHGATEWAY_PASSWORD`,
 * and are sent as HTTP basic auth, never printed. Any failure is a one-line `UsageError` (exit 2).
 */
import {
  type DataContract,
  type DataProduct,
  type ResponseText,
  UsageError,
  checkCredentialUrl,
  describeFetchError,
  fetchErrorCode,
  oneLine,
  readResponseText,
  toWellFormed,
  urlCredentials,
  withoutUnparsedUrlCredentials,
  withoutUrlCredentials,
} from "@meshkit/core";
import { secondsPerSlaUnit } from "@meshkit/core";
import type { CheckResult, QualityResults } from "./results.js";

// ---------------------------------------------------------------------------------------------------
// The text exposition format

export type MetricType = "gauge" | "counter" | "untyped";

export interface MetricSample {
  /** Label name → value, written in this order. */
  labels: Readonly<Record<string, string>>;
  value: number;
}

export interface MetricFamily {
  name: string;
  help: string;
  type: MetricType;
  samples: readonly MetricSample[];
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/**
 * Families as Prometheus text format 0.0.4: `# HELP` and `# TYPE` lines, then one line per sample;
 * every line ends with `\n`. Families without samples are left out. Throws on a metric or label name
 * Prometheus would reject (and on `__`-prefixed label names, which are reserved).
 */
export function formatExposition(families: readonly MetricFamily[]): string {
  const lines: string[] = [];
  const seen = new Set<string>();
  for (const family of families) {
    if (!METRIC_NAME.test(family.name)) throw new Error(`"${family.name}" is not a Prometheus metric name (${METRIC_NAME.source})`);
    if (seen.has(family.name)) throw new Error(`metric family ${family.name} is given twice`);
    seen.add(family.name);
    if (family.samples.length === 0) continue;
    lines.push(`# HELP ${family.name} ${escapeHelp(family.help)}`, `# TYPE ${family.name} ${family.type}`);
    for (const sample of family.samples) {
      const labels = Object.entries(sample.labels).map(([name, value]) => {
        if (!LABEL_NAME.test(name) || name.startsWith("__")) throw new Error(`"${name}" is not a Prometheus label name (${LABEL_NAME.source}, not starting with __)`);
        return `${name}="${escapeLabelValue(value)}"`;
      });
      lines.push(`${family.name}${labels.length > 0 ? `{${labels.join(",")}}` : ""} ${formatSampleValue(sample.value)}`);
    }
  }
  return lines.map((line) => `${line}\n`).join("");
}

/** `\` → `\\`, `"` → `\"`, line feed → `\n`; a lone UTF-16 surrogate → U+FFFD (the grouping path's value). */
export function escapeLabelValue(value: string): string {
  return toWellFormed(value).replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
}

/** HELP text: `\` → `\\`, line feed → `\n` (quotes stay as they are). */
export function escapeHelp(text: string): string {
  return text.replace(/\\/g, "\\\\").replace(/\n/g, "\\n");
}

/** `NaN`, `+Inf`, `-Inf`, or the number as JavaScript writes it (`0.75`, `1e+21`), which Go parses. */
export function formatSampleValue(value: number): string {
  if (Number.isNaN(value)) return "NaN";
  if (value === Infinity) return "+Inf";
  if (value === -Infinity) return "-Inf";
  return String(value);
}

// ---------------------------------------------------------------------------------------------------
// Quality results as metric families

/** The labels that name a data product in every metric (and in the Pushgateway grouping key). */
export interface ProductLabels {
  domain: string;
  product: string;
}

export const QUALITY_METRIC_NAMES = {
  score: "domain_data_quality_score",
  checks: "data_quality_checks",
  checksFailed: "data_quality_checks_failed",
  checksWarned: "data_quality_checks_warned",
  rowsChecked: "data_quality_rows_checked",
  freshness: "data_product_freshness_seconds",
  lastRun: "data_quality_last_run_timestamp_seconds",
} as const;

const FRESHNESS_RULES: ReadonlySet<string> = new Set(["sla-freshness", "sla-latency"]);

/**
 * The default labels of a contract's metrics: the ODPS product's `domain` and `name` (else its `id`)
 * when the caller knows the product the contract is an output port of; else the contract's `domain`
 * and its deprecated `dataProduct`, else its `name`, else its `id`. A missing domain is `""`; a lone UTF-16
 * surrogate is U+FFFD.
 */
export function productLabelsFor(contract: Pick<DataContract, "id" | "name" | "domain" | "dataProduct">, product?: Pick<DataProduct, "id" | "name" | "domain">): ProductLabels {
  // Well-formed, as the Pushgateway gets them: two names that differ only by a lone surrogate are one product.
  const text = (...values: unknown[]) => values.map((v) => (typeof v === "string" ? toWellFormed(v.trim()) : "")).find((v) => v !== "") ?? "";
  return {
    domain: text(product?.domain, contract.domain),
    product: product ? text(product.name, product.id) : text(contract.dataProduct, contract.name, contract.id),
  };
}

/** The metric families of one data product's results (one results document per contract). */
export function qualityMetricFamilies(results: QualityResults | readonly QualityResults[], labels: ProductLabels): MetricFamily[] {
  const runs: readonly QualityResults[] = Array.isArray(results) ? results : [results as QualityResults];
  const product = { domain: labels.domain, product: labels.product };
  const checks = runs.flatMap((r) => r.checks);
  const count = (...statuses: CheckResult["status"][]) => checks.filter((c) => statuses.includes(c.status)).length;
  const passed = count("pass");

  const rows: MetricSample[] = [];
  const freshness: MetricSample[] = [];
  const contractLabels = contractLabelsOf(runs, labels.product);
  for (const [index, run] of runs.entries()) {
    const contract = contractLabels[index]!;
    for (const [object, objectChecks] of byObject(run.checks)) {
      const objectLabels = { ...product, contract, object };
      const counted = objectChecks.map((c) => c.rowsChecked).filter((n): n is number => typeof n === "number" && Number.isFinite(n));
      if (counted.length > 0) rows.push({ labels: objectLabels, value: Math.max(...counted) });
      const ages = objectChecks.map(freshnessSeconds).filter((a): a is number => a !== undefined);
      if (ages.length > 0) freshness.push({ labels: objectLabels, value: Math.max(...ages) });
    }
  }
  const finished = runs.map((r) => Date.parse(r.finishedAt)).filter((t) => Number.isFinite(t));

  const names = QUALITY_METRIC_NAMES;
  return [
    {
      name: names.score,
      type: "gauge",
      help: "Share of the data product's contract checks that passed in the last meshkit contract-test run (0..1; failed, warned and errored checks count against it).",
      samples: checks.length > 0 ? [{ labels: product, value: passed / checks.length }] : [],
    },
    { name: names.checks, type: "gauge", help: "Contract checks run by the last meshkit contract-test run.", samples: [{ labels: product, value: checks.length }] },
    {
      name: names.checksFailed,
      type: "gauge",
      help: "Checks of the last meshkit contract-test run that failed (error severity) or could not run.",
      samples: [{ labels: product, value: count("fail", "error") }],
    },
    {
      name: names.checksWarned,
      type: "gauge",
      help: "Checks of the last meshkit contract-test run with status warn: missed their threshold at warning or info severity, or could not be checked by meshkit (quality-not-checked).",
      samples: [{ labels: product, value: count("warn") }],
    },
    { name: names.rowsChecked, type: "gauge", help: "Rows of the schema object counted by the last meshkit contract-test run.", samples: rows },
    {
      name: names.freshness,
      type: "gauge",
      help: "Age in seconds of the newest value of the schema object's freshness or latency SLA element at the last meshkit contract-test run (+Inf when it has no value).",
      samples: freshness,
    },
    {
      name: names.lastRun,
      type: "gauge",
      help: "Unix time the last meshkit contract-test run of the data product finished.",
      samples: finished.length > 0 ? [{ labels: product, value: Math.max(...finished) / 1000 }] : [],
    },
  ];
}

/**
 * The `contract` label of each run: the contract's `name`, else its `id`. Two contracts of one product
 * may share a name (ODCS names need not be unique; two versions of one contract share it): the runs whose
 * labels clash are told apart by their `id`, then `id version`, then `id version file`, until no two
 * are the same. Only the same file given twice stays the same, and is refused: its series would repeat.
 */
function contractLabelsOf(runs: readonly QualityResults[], product: string): string[] {
  const levels: ReadonlyArray<(run: QualityResults) => string> = [
    (run) => run.contract.name?.trim() || run.contract.id,
    (run) => run.contract.id,
    (run) => `${run.contract.id} ${run.contract.version}`,
    (run) => `${run.contract.id} ${run.contract.version} ${run.contract.file}`,
  ];
  const level = runs.map(() => 0);
  for (;;) {
    const labels = runs.map((run, i) => levels[level[i]!]!(run));
    const clashing = labels.flatMap((label, i) => (labels.indexOf(label) !== labels.lastIndexOf(label) ? [i] : []));
    const bumped = clashing.filter((i) => level[i]! < levels.length - 1);
    if (bumped.length === 0) {
      if (clashing.length > 0) throw new Error(`The results of contract ${levels[0]!(runs[clashing[0]!]!)} are given twice for product ${product}: render one run per contract`);
      return labels;
    }
    for (const i of bumped) level[i]!++;
  }
}

/** One data product's results as Prometheus text format 0.0.4 (see the table at the top of this file). */
export function renderMetrics(results: QualityResults | readonly QualityResults[], labels: ProductLabels): string {
  return formatExposition(qualityMetricFamilies(results, labels));
}

/** Checks grouped by schema object, objects sorted by name; checks that belong to no object are left out. */
function byObject(checks: readonly CheckResult[]): Array<[string, CheckResult[]]> {
  const groups = new Map<string, CheckResult[]>();
  for (const check of checks) {
    if (!check.object) continue;
    const group = groups.get(check.object);
    if (group) group.push(check);
    else groups.set(check.object, [check]);
  }
  return [...groups].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * A freshness/latency check's measured age in seconds (rounded to the millisecond), `+Inf` when the
 * element had no value at all (the check failed for that), undefined when it was not measured.
 */
function freshnessSeconds(check: CheckResult): number | undefined {
  if (!FRESHNESS_RULES.has(check.rule) || check.status === "error") return undefined;
  const unitSeconds = check.unit === undefined ? undefined : secondsPerSlaUnit(check.unit);
  if (unitSeconds === undefined) return undefined;
  if (typeof check.measured === "number" && Number.isFinite(check.measured)) return Math.round(check.measured * unitSeconds * 1000) / 1000;
  if (check.measured === null && (check.status === "fail" || check.status === "warn")) return Infinity;
  return undefined;
}

// ---------------------------------------------------------------------------------------------------
// Pushing to a Pushgateway

/** The Pushgateway grouping key: all metrics pushed under the same key are replaced by the next push. */
export interface PushGrouping extends ProductLabels {
  job: string;
}

export interface PushOptions {
  /** Per attempt; default 10 s. */
  timeoutMs?: number;
  /** Wait before the one retry (after HTTP 502/503/504 or a connection reset); default 500 ms. */
  retryDelayMs?: number;
  /** Where the credential variables are read; default `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
  /** The fetch to use; default the global one. */
  fetch?: typeof fetch;
}

export interface PushResult {
  /** The URL pushed to, without credentials. */
  url: string;
  status: number;
  attempts: number;
}

/** The job of contract-test pushes: other meshkit stages pushing for the same product use their own job, so a PUT never replaces their metrics. */
export const DEFAULT_PUSH_JOB = "meshkit_contract_test";
export const DEFAULT_PUSH_TIMEOUT_MS = 10_000;
/**
 * The Pushgateway answers a PUT with an empty body, or an error of one line; only its start is ever
 * shown. Anything longer is not a Pushgateway (a web page, a server that never stops), and is not read.
 */
export const MAX_PUSH_ANSWER_BYTES = 64 * 1024;
export const PUSHGATEWAY_USERNAME_ENV = "MESHKIT_PUSHGATEWAY_USERNAME";
export const PUSHGATEWAY_PASSWORD_ENV = "MESHKIT_PUSHGATEWAY_PASSWORD";
export const PUSH_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

const RETRIED_STATUSES: ReadonlySet<number> = new Set([502, 503, 504]);

/**
 * The Pushgateway answered and refused these metrics (HTTP 400: a family of another type or help under
 * the same name in another group): the next product's push may still be taken, where an unreachable
 * server, a timeout or refused credentials would fail them all alike.
 */
export class PushRefusedError extends UsageError {}
const RETRIED_ERRORS: ReadonlySet<string> = new Set(["ECONNRESET", "EPIPE", "UND_ERR_SOCKET", "UND_ERR_CLOSED"]);

/**
 * The grouping key as a Pushgateway URL path, `/metrics/job/<job>/domain/<domain>/product/<product>`.
 * Values are URI-encoded; a value that is empty, holds a `/`, or is `.` or `..` (which URL parsers
 * collapse) is written base64url-encoded after `<name>@base64` instead, `=` for an empty value, as
 * the Pushgateway README prescribes. A lone UTF-16 surrogate (a YAML `"\ud800"` escape) is written as
 * U+FFFD, as the body's UTF-8 carries it: encodeURIComponent throws on it. An empty job is refused (the
 * Pushgateway refuses it too).
 */
export function pushgatewayGroupingPath(grouping: PushGrouping): string {
  if (typeof grouping.job !== "string" || grouping.job === "") throw new UsageError("The Pushgateway job name must not be empty");
  const pairs: Array<[string, string]> = [
    ["job", grouping.job],
    ["domain", grouping.domain],
    ["product", grouping.product],
  ];
  return `/metrics/${pairs.map(([name, value]) => groupingSegment(name, value)).join("/")}`;
}

function groupingSegment(name: string, text: string): string {
  const value = toWellFormed(text);
  if (value === "") return `${name}@base64/=`;
  if (value.includes("/") || value === "." || value === "..") return `${name}@base64/${Buffer.from(value, "utf8").toString("base64url")}`;
  return `${name}/${encodeURIComponent(value)}`;
}

/**
 * PUTs `body` (text format 0.0.4) to the Pushgateway at `url` under `grouping`, replacing that group's
 * metrics. Retries once, after `retryDelayMs`, on HTTP 502/503/504 or a reset connection; a refused
 * connection, a timeout, any other answer than 200/202, or a 200/202 with a body (the Pushgateway's has
 * none: a server that answers a PUT with a page kept nothing) is a one-line `UsageError` naming the URL
 * without its credentials.
 */
export async function pushMetrics(url: string, body: string, grouping: PushGrouping, options: PushOptions = {}): Promise<PushResult> {
  const target = resolvePushTarget(url, grouping, options.env ?? process.env);
  const timeoutMs = options.timeoutMs ?? DEFAULT_PUSH_TIMEOUT_MS;
  const doFetch = options.fetch ?? globalThis.fetch;
  const headers: Record<string, string> = { "content-type": PUSH_CONTENT_TYPE };
  if (target.authorization) headers.authorization = target.authorization;
  const fail = (what: string, Refusal: typeof UsageError = UsageError): never => {
    throw new Refusal(`Pushing metrics to the Pushgateway at ${target.display} failed: ${what}`);
  };

  for (let attempt = 1; ; attempt++) {
    const last = attempt === 2;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    let status: number;
    let statusText: string;
    let location: string | null;
    let read: ResponseText;
    try {
      const response = await doFetch(target.url, { method: "PUT", headers, body, signal: controller.signal, redirect: "manual" });
      status = response.status;
      statusText = response.statusText;
      location = response.headers.get("location");
      read = await readResponseText(response, MAX_PUSH_ANSWER_BYTES);
    } catch (error) {
      if (controller.signal.aborted) return fail(`no answer within ${timeoutMs} ms`);
      const code = fetchErrorCode(error);
      if (!last && code !== undefined && RETRIED_ERRORS.has(code)) {
        await sleep(options.retryDelayMs ?? 500);
        continue;
      }
      return fail(`${describeFetchError(error, target.url, "the Pushgateway")}${attempt > 1 ? " (after one retry)" : ""}`);
    } finally {
      clearTimeout(timer);
    }
    const baseHint = "is the URL the Pushgateway's base address, like http://pushgateway:9091?";
    if (status >= 200 && status < 300) {
      // The Pushgateway takes a push with 200 (202 without its consistency check) and an empty body. Another
      // 2xx, or one with a body (a web page, a login form, a JSON API answering every path), is some other
      // server, which kept nothing: no silent pass.
      if ((status === 200 || status === 202) && read.ok && read.text.trim() === "") return { url: target.display, status, attempts: attempt };
      const answer = `HTTP ${status}${status === 200 || status === 202 || !statusText ? "" : ` ${oneLine(statusText, 60)}`}`;
      const what = !read.ok ? ` with ${read.reason}` : read.text.trim() ? ` with "${oneLine(read.text, 120)}"` : "";
      return fail(`the server answered ${answer}${what}, where a Pushgateway answers a push with HTTP 200 or 202 and an empty body: this is not a Pushgateway (${baseHint})`);
    }
    if (!read.ok) return fail(`the server answered HTTP ${status} with ${read.reason} (${baseHint})`);
    const text = read.text;
    if (!last && RETRIED_STATUSES.has(status)) {
      await sleep(options.retryDelayMs ?? 500);
      continue;
    }
    const answered = `the server answered HTTP ${status}${statusText ? ` ${oneLine(statusText, 60)}` : ""}`;
    const retried = attempt > 1 ? " (after one retry)" : "";
    if (status >= 300 && status < 400) {
      return fail(`${answered}, a redirect${location ? ` to ${redactLocation(location, target.url)}` : ""}; give the address the Pushgateway answers on`);
    }
    if (status === 401 || status === 403) {
      const how = target.authorization ? "check the credentials" : `give credentials in the URL (https://user:password@host) or in ${PUSHGATEWAY_USERNAME_ENV} and ${PUSHGATEWAY_PASSWORD_ENV}`;
      return fail(`${answered}: ${how}`);
    }
    if (status === 400) return fail(`the Pushgateway refused the metrics (HTTP 400): ${describeBody(text)}`, PushRefusedError);
    if (status === 404 || status === 405) return fail(`${answered}: ${describeBody(text)} (${baseHint})`);
    return fail(`${answered}: ${describeBody(text)}${retried}`);
  }
}

/** `renderMetrics` and `pushMetrics` with the same labels, under `job` (default `meshkit_contract_test`). */
export async function pushQualityMetrics(
  url: string,
  results: QualityResults | readonly QualityResults[],
  labels: ProductLabels,
  options: PushOptions & { job?: string } = {},
): Promise<PushResult> {
  const { job = DEFAULT_PUSH_JOB, ...pushOptions } = options;
  return pushMetrics(url, renderMetrics(results, labels), { job, domain: labels.domain, product: labels.product }, pushOptions);
}

interface PushTarget {
  /** Where to PUT, without credentials. */
  url: string;
  /** The same, for messages. */
  display: string;
  host: string;
  authorization?: string;
}

/**
 * Refuses a `--pushgateway` URL that no push could use (no http(s) scheme, a query, a grouping key of its
 * own, credentials for another host), before the checks run: found after them, the run's report said
 * nothing of it while the command failed.
 */
export function checkPushgatewayUrl(url: string, env: Readonly<Record<string, string | undefined>> = process.env): void {
  resolvePushTarget(url, { job: "meshkit", domain: "domain", product: "product" }, env);
}

function resolvePushTarget(url: string, grouping: PushGrouping, env: Readonly<Record<string, string | undefined>>): PushTarget {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(url.trim())) {
    // Not echoed: without a scheme, `user:password@host` would parse as a URL of scheme `user:`.
    throw new UsageError("The Pushgateway URL must start with http:// or https:// (like http://pushgateway:9091)");
  }
  let base: URL;
  try {
    base = new URL(url.trim());
  } catch {
    throw new UsageError(`The Pushgateway URL "${oneLine(withoutUnparsedUrlCredentials(url.trim(), "***@"), 200)}" is not a URL (expected one like http://pushgateway:9091)`);
  }
  let authorization: string | undefined;
  if (base.username || base.password) {
    // fetch refuses URLs with credentials: send them as HTTP basic auth, and never show them.
    const credentials = urlCredentials(base);
    authorization = basic(credentials.username, credentials.password);
    base.username = "";
    base.password = "";
  } else if (env[PUSHGATEWAY_USERNAME_ENV] || env[PUSHGATEWAY_PASSWORD_ENV]) {
    authorization = basic(env[PUSHGATEWAY_USERNAME_ENV] ?? "", env[PUSHGATEWAY_PASSWORD_ENV] ?? "");
  }
  if (base.protocol !== "http:" && base.protocol !== "https:") {
    throw new UsageError(`The Pushgateway URL must be http:// or https://, not ${base.protocol} (${redact(base)})`);
  }
  if (base.search || base.hash) {
    throw new UsageError(`The Pushgateway URL ${redact(base)} has a query or fragment: give the Pushgateway's base address, like http://pushgateway:9091`);
  }
  checkCredentialUrl("the Pushgateway", base, env);
  const prefix = base.pathname.replace(/\/+$/, "").replace(/\/metrics$/, "");
  if (/\/metrics\/job(?:@base64)?\//.test(`${prefix}/`)) {
    throw new UsageError(`The Pushgateway URL ${redact(base)} already has a grouping key: give the Pushgateway's base address; meshkit adds /metrics/job/…/domain/…/product/…`);
  }
  base.pathname = `${prefix}${pushgatewayGroupingPath(grouping)}`;
  const target = base.toString();
  return { url: target, display: target, host: base.host, ...(authorization ? { authorization } : {}) };
}

function basic(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`, "utf8").toString("base64")}`;
}

/** The URL without credentials, query or fragment. */
function redact(url: URL): string {
  const copy = new URL(url.toString());
  copy.username = "";
  copy.password = "";
  copy.search = "";
  copy.hash = "";
  return copy.toString();
}

function redactLocation(location: string, base: string): string {
  try {
    return redact(new URL(location, base));
  } catch {
    return oneLine(withoutUrlCredentials(location), 200);
  }
}


function describeBody(text: string): string {
  return text.trim() ? `"${oneLine(text, 300)}"` : "empty body";
}


function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
