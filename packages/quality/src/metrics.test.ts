import { mkdtempSync, writeFileSync } from "node:fs";
import { type IncomingMessage, type Server, type ServerResponse, createServer } from "node:http";
import { createServer as createNetServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UsageError } from "@meshkit/core";
import { oversizedAnswer } from "@meshkit/core/testing/oversized";
import { type RunningPushgateway, startPushgateway } from "@meshkit/core/testing/pushgateway";
import {
  DEFAULT_PUSH_JOB,
  MAX_PUSH_ANSWER_BYTES,
  PUSH_CONTENT_TYPE,
  formatExposition,
  productLabelsFor,
  pushMetrics,
  pushQualityMetrics,
  pushgatewayGroupingPath,
  renderMetrics,
} from "./metrics.js";
import { pushRunMetrics, testContracts } from "./project.js";
import { type CheckResult, type QualityResults, summarizeResults } from "./results.js";

// ---------------------------------------------------------------------------------------------------
// Fixtures

function check(id: string, rule: CheckResult["rule"], object: string, status: CheckResult["status"], extra: Partial<CheckResult> = {}): CheckResult {
  return {
    id,
    rule,
    object,
    status,
    severity: status === "warn" ? "warning" : "error",
    measured: null,
    threshold: null,
    rowsChecked: null,
    failedRows: null,
    message: id,
    path: "/schema/0",
    ...extra,
  };
}

function results(contract: QualityResults["contract"], checks: CheckResult[], finishedAt: string): QualityResults {
  return {
    kind: "meshkit-quality-results",
    version: 1,
    contract,
    source: "local",
    engine: "duckdb",
    startedAt: "2024-01-06T00:00:00.000Z",
    finishedAt,
    summary: summarizeResults(checks),
    checks,
  };
}

/** 7 checks: 2 pass, 2 fail, 1 warn, 2 error; orders is 0.875 d = 75 600 s old. */
const ORDERS = results(
  { id: "c-1", version: "1.0.0", name: "orders", file: "orders.odcs.yaml" },
  [
    check("orders.order_id.required", "schema-required", "orders", "pass", { measured: 0, rowsChecked: 100, failedRows: 0 }),
    check("orders.email.nullValues", "quality-null-values", "orders", "fail", { measured: 5, rowsChecked: 100, failedRows: 5 }),
    check("orders.status.invalidValues", "quality-invalid-values", "orders", "warn", { measured: 3, rowsChecked: 100, failedRows: 3 }),
    check("orders.created_at.freshness", "sla-freshness", "orders", "fail", { measured: 0.875, unit: "d", rowsChecked: 100 }),
    check("order_lines.primaryKey", "schema-primary-key", "order_lines", "pass", { measured: 0, rowsChecked: 33, failedRows: 0 }),
    check("order_lines.sql", "quality-sql", "order_lines", "error"),
    check("sla.latency", "sla-latency", "", "error"),
  ],
  "2024-01-06T00:00:01.500Z",
);

/** 3 checks: 1 pass, 1 fail (no shipped_at at all), 1 error; no contract name. */
const SHIPMENTS = results(
  { id: "c-2", version: "2.1.0", file: "shipments.odcs.yaml" },
  [
    check("shipments.rowCount", "quality-row-count", "shipments", "pass", { measured: 0, rowsChecked: 0, unit: "rows" }),
    check("shipments.shipped_at.latency", "sla-latency", "shipments", "fail", { measured: null, unit: "d", rowsChecked: 0 }),
    check("shipments.shipped_at.freshness", "sla-freshness", "shipments", "error", { measured: null, unit: "h" }),
  ],
  "2024-01-06T00:10:00.000Z",
);

const SALES_ORDERS = { domain: "sales", product: "orders" };

// ---------------------------------------------------------------------------------------------------
// Text format

describe("formatExposition", () => {
  it("writes HELP and TYPE lines, escapes label values and help text, and spells NaN and infinities as Prometheus does", () => {
    const text = formatExposition([
      {
        name: "meshkit_example",
        type: "gauge",
        help: 'A help text with a backslash \\ a "quote" and a\nline feed.',
        samples: [
          { labels: { domain: "sales", product: 'back\\slash "quoted"\nnext line' }, value: 0.75 },
          { labels: { domain: "", product: "Προμηθεύς" }, value: Number.NaN },
          { labels: { domain: "a", product: "b" }, value: Infinity },
          { labels: { domain: "a", product: "c" }, value: -Infinity },
          { labels: { domain: "a", product: "d" }, value: 1e21 },
          { labels: { domain: "a", product: "e" }, value: -0 },
        ],
      },
      { name: "meshkit:no_labels_total", type: "counter", help: "", samples: [{ labels: {}, value: 3 }] },
      { name: "meshkit_empty", type: "gauge", help: "No samples: left out.", samples: [] },
    ]);
    expect(text).toBe(
      [
        '# HELP meshkit_example A help text with a backslash \\\\ a "quote" and a\\nline feed.',
        "# TYPE meshkit_example gauge",
        'meshkit_example{domain="sales",product="back\\\\slash \\"quoted\\"\\nnext line"} 0.75',
        'meshkit_example{domain="",product="Προμηθεύς"} NaN',
        'meshkit_example{domain="a",product="b"} +Inf',
        'meshkit_example{domain="a",product="c"} -Inf',
        'meshkit_example{domain="a",product="d"} 1e+21',
        'meshkit_example{domain="a",product="e"} 0',
        "# HELP meshkit:no_labels_total ",
        "# TYPE meshkit:no_labels_total counter",
        "meshkit:no_labels_total 3",
        "",
      ].join("\n"),
    );
  });

  it("is empty for no samples at all", () => {
    expect(formatExposition([])).toBe("");
    expect(formatExposition([{ name: "a", type: "gauge", help: "h", samples: [] }])).toBe("");
  });

  it("refuses names Prometheus would reject", () => {
    const family = (name: string, label = "domain") => [{ name, type: "gauge" as const, help: "h", samples: [{ labels: { [label]: "x" }, value: 1 }] }];
    expect(() => formatExposition(family("1st_metric"))).toThrow('"1st_metric" is not a Prometheus metric name');
    expect(() => formatExposition(family("data-quality"))).toThrow('"data-quality" is not a Prometheus metric name');
    expect(() => formatExposition(family(""))).toThrow("is not a Prometheus metric name");
    expect(() => formatExposition(family("ok", "a:b"))).toThrow('"a:b" is not a Prometheus label name');
    expect(() => formatExposition(family("ok", "__name__"))).toThrow('"__name__" is not a Prometheus label name');
    expect(() => formatExposition([...family("twice"), ...family("twice")])).toThrow("metric family twice is given twice");
  });
});

describe("renderMetrics", () => {
  it("renders one product's results (two contracts) with exact families, labels and values", () => {
    expect(renderMetrics([ORDERS, SHIPMENTS], SALES_ORDERS)).toBe(
      [
        "# HELP domain_data_quality_score Share of the data product's contract checks that passed in the last meshkit contract-test run (0..1; failed, warned and errored checks count against it).",
        "# TYPE domain_data_quality_score gauge",
        'domain_data_quality_score{domain="sales",product="orders"} 0.3',
        "# HELP data_quality_checks Contract checks run by the last meshkit contract-test run.",
        "# TYPE data_quality_checks gauge",
        'data_quality_checks{domain="sales",product="orders"} 10',
        "# HELP data_quality_checks_failed Checks of the last meshkit contract-test run that failed (error severity) or could not run.",
        "# TYPE data_quality_checks_failed gauge",
        'data_quality_checks_failed{domain="sales",product="orders"} 6',
        "# HELP data_quality_checks_warned Checks of the last meshkit contract-test run with status warn: missed their threshold at warning or info severity, or could not be checked by meshkit (quality-not-checked).",
        "# TYPE data_quality_checks_warned gauge",
        'data_quality_checks_warned{domain="sales",product="orders"} 1',
        "# HELP data_quality_rows_checked Rows of the schema object counted by the last meshkit contract-test run.",
        "# TYPE data_quality_rows_checked gauge",
        'data_quality_rows_checked{domain="sales",product="orders",contract="orders",object="order_lines"} 33',
        'data_quality_rows_checked{domain="sales",product="orders",contract="orders",object="orders"} 100',
        'data_quality_rows_checked{domain="sales",product="orders",contract="c-2",object="shipments"} 0',
        "# HELP data_product_freshness_seconds Age in seconds of the newest value of the schema object's freshness or latency SLA element at the last meshkit contract-test run (+Inf when it has no value).",
        "# TYPE data_product_freshness_seconds gauge",
        'data_product_freshness_seconds{domain="sales",product="orders",contract="orders",object="orders"} 75600',
        'data_product_freshness_seconds{domain="sales",product="orders",contract="c-2",object="shipments"} +Inf',
        "# HELP data_quality_last_run_timestamp_seconds Unix time the last meshkit contract-test run of the data product finished.",
        "# TYPE data_quality_last_run_timestamp_seconds gauge",
        'data_quality_last_run_timestamp_seconds{domain="sales",product="orders"} 1704499800',
        "",
      ].join("\n"),
    );
  });

  it("accepts one contract's results, escapes the product labels, and takes the stalest of several freshness checks", () => {
    const twoElements = results(
      { id: "c-3", version: "1.0.0", name: "events", file: "events.odcs.yaml" },
      [
        check("events.a.freshness", "sla-freshness", "events", "pass", { measured: 30, unit: "min", rowsChecked: 7 }),
        check("events.b.latency", "sla-latency", "events", "fail", { measured: 2.5, unit: "h", rowsChecked: 7 }),
        check("events.c.retention", "sla-retention", "events", "fail", { measured: 400, unit: "d", rowsChecked: 7 }),
      ],
      "2024-01-06T00:00:00.250Z",
    );
    const text = renderMetrics(twoElements, { domain: 'mar"keting', product: "events\\v2" });
    expect(text).toContain('domain_data_quality_score{domain="mar\\"keting",product="events\\\\v2"} 0.3333333333333333\n');
    expect(text).toContain('data_product_freshness_seconds{domain="mar\\"keting",product="events\\\\v2",contract="events",object="events"} 9000\n');
    expect(text).toContain('data_quality_last_run_timestamp_seconds{domain="mar\\"keting",product="events\\\\v2"} 1704499200.25\n');
  });

  it("has counts but no score, rows, freshness or run time when there is nothing to report", () => {
    expect(renderMetrics([], { domain: "", product: "empty" })).toBe(
      [
        "# HELP data_quality_checks Contract checks run by the last meshkit contract-test run.",
        "# TYPE data_quality_checks gauge",
        'data_quality_checks{domain="",product="empty"} 0',
        "# HELP data_quality_checks_failed Checks of the last meshkit contract-test run that failed (error severity) or could not run.",
        "# TYPE data_quality_checks_failed gauge",
        'data_quality_checks_failed{domain="",product="empty"} 0',
        "# HELP data_quality_checks_warned Checks of the last meshkit contract-test run with status warn: missed their threshold at warning or info severity, or could not be checked by meshkit (quality-not-checked).",
        "# TYPE data_quality_checks_warned gauge",
        'data_quality_checks_warned{domain="",product="empty"} 0',
        "",
      ].join("\n"),
    );
  });

  it("leaves out rows and freshness that were not measured (data unreadable)", () => {
    const unreadable = results(
      { id: "c-4", version: "1.0.0", name: "lost", file: "lost.odcs.yaml" },
      [check("lost.id.required", "schema-required", "lost", "error"), check("lost.ts.freshness", "sla-freshness", "lost", "error", { unit: "h" })],
      "not a date",
    );
    const text = renderMetrics(unreadable, SALES_ORDERS);
    expect(text).toContain('domain_data_quality_score{domain="sales",product="orders"} 0\n');
    expect(text).toContain('data_quality_checks_failed{domain="sales",product="orders"} 2\n');
    expect(text).not.toContain("data_quality_rows_checked");
    expect(text).not.toContain("data_product_freshness_seconds");
    expect(text).not.toContain("data_quality_last_run_timestamp_seconds");
  });

  it("leaves out the freshness of a classified element (its age and the run's time would give its newest value) and of a newest value of infinity", () => {
    const hidden = results({ id: "c-5", version: "1.0.0", name: "people", file: "people.odcs.yaml" }, [
      check("people.dob.latency", "sla-latency", "people", "fail", { measured: "***", unit: "d", rowsChecked: 3 }),
      check("people.valid_to.latency", "sla-latency", "people", "pass", { measured: null, unit: "d", rowsChecked: 3 }),
    ], "2024-01-06T00:01:00.000Z");
    const text = renderMetrics(hidden, SALES_ORDERS);
    expect(text).toContain('data_quality_rows_checked{domain="sales",product="orders",contract="people",object="people"} 3\n');
    expect(text).not.toContain("data_product_freshness_seconds");
  });

  it("refuses the same contract twice (the Pushgateway would refuse the duplicate series)", () => {
    expect(() => renderMetrics([ORDERS, ORDERS], SALES_ORDERS)).toThrow("The results of contract orders are given twice for product orders");
  });

  it("tells contracts of one product that share a name apart by their id, then their version, then their file", () => {
    const named = (id: string, version: string, file: string) => ({ ...ORDERS, contract: { id, version, name: "orders", file } });
    const rowsOf = (text: string) => text.split("\n").filter((line) => line.startsWith("data_quality_rows_checked{") && line.includes('object="orders"'));
    const contractOf = (line: string) => line.match(/contract="([^"]*)"/)![1];
    // Two contracts named orders (ids c-1, c-2), and a contract of another name: that one keeps its name.
    const shipments = { ...SHIPMENTS, contract: { ...SHIPMENTS.contract, name: "shipments" } };
    expect(rowsOf(renderMetrics([named("c-1", "1.0.0", "a.odcs.yaml"), named("c-3", "1.0.0", "b.odcs.yaml"), shipments], SALES_ORDERS)).map(contractOf)).toEqual(["c-1", "c-3"]);
    expect(renderMetrics([named("c-1", "1.0.0", "a.odcs.yaml"), named("c-3", "1.0.0", "b.odcs.yaml"), shipments], SALES_ORDERS)).toContain('contract="shipments",object="shipments"');
    // An id that is another contract's label (SHIPMENTS has no name: its label is its id, c-2) is told apart further, and that one keeps its label.
    const clash = renderMetrics([named("c-1", "1.0.0", "a.odcs.yaml"), named("c-2", "1.0.0", "b.odcs.yaml"), SHIPMENTS], SALES_ORDERS);
    expect(rowsOf(clash).map(contractOf)).toEqual(["c-1", "c-2 1.0.0"]);
    expect(clash).toContain('contract="c-2",object="shipments"');
    // Two versions of one contract, in two files; then one version in two files.
    const versions = rowsOf(renderMetrics([named("c-1", "1.0.0", "v1.odcs.yaml"), named("c-1", "2.0.0", "v2.odcs.yaml")], SALES_ORDERS));
    expect(versions.map(contractOf)).toEqual(["c-1 1.0.0", "c-1 2.0.0"]);
    const files = rowsOf(renderMetrics([named("c-1", "1.0.0", "a.odcs.yaml"), named("c-1", "1.0.0", "b.odcs.yaml")], SALES_ORDERS));
    expect(files.map(contractOf)).toEqual(["c-1 1.0.0 a.odcs.yaml", "c-1 1.0.0 b.odcs.yaml"]);
  });
});

describe("productLabelsFor", () => {
  const contract = { id: "c-1", name: "customer_profile", domain: "customer", dataProduct: "legacy_360" };
  it("prefers the ODPS product's domain and name, then its id", () => {
    expect(productLabelsFor(contract, { id: "p-1", name: "customer_360", domain: "crm" })).toEqual({ domain: "crm", product: "customer_360" });
    expect(productLabelsFor(contract, { id: "p-1" })).toEqual({ domain: "customer", product: "p-1" });
  });
  it("falls back on the contract's domain and dataProduct, name, id", () => {
    expect(productLabelsFor(contract)).toEqual({ domain: "customer", product: "legacy_360" });
    expect(productLabelsFor({ id: "c-1", name: " customer_profile " })).toEqual({ domain: "", product: "customer_profile" });
    expect(productLabelsFor({ id: "c-1", name: "  " })).toEqual({ domain: "", product: "c-1" });
  });
  it("writes a lone UTF-16 surrogate as U+FFFD, as the Pushgateway gets it, so that one grouping key is one product", () => {
    expect(productLabelsFor({ id: "c-1", name: "orders\uD800", domain: "\uDC00sales" })).toEqual({ domain: "\uFFFDsales", product: "orders\uFFFD" });
  });
});

// ---------------------------------------------------------------------------------------------------
// Grouping key and URL handling

describe("pushgatewayGroupingPath", () => {
  it("URI-encodes values, and base64url-encodes the empty value, values with a slash, . and ..", () => {
    expect(pushgatewayGroupingPath({ job: "meshkit_contract_test", domain: "sales", product: "orders" })).toBe("/metrics/job/meshkit_contract_test/domain/sales/product/orders");
    expect(pushgatewayGroupingPath({ job: "j", domain: "", product: "orders v2 Προ?#%" })).toBe(
      "/metrics/job/j/domain@base64/=/product/orders%20v2%20%CE%A0%CF%81%CE%BF%3F%23%25",
    );
    expect(pushgatewayGroupingPath({ job: "a/b", domain: "..", product: "." })).toBe("/metrics/job@base64/YS9i/domain@base64/Li4/product@base64/Lg");
    expect(pushgatewayGroupingPath({ job: "j", domain: "d", product: "/var/tmp" })).toBe("/metrics/job/j/domain/d/product@base64/L3Zhci90bXA");
  });
  it("writes a lone UTF-16 surrogate as U+FFFD, as the metrics' UTF-8 body does, instead of throwing", () => {
    expect(pushgatewayGroupingPath({ job: "j", domain: "\uD800x", product: "a/\uDC00" })).toBe("/metrics/job/j/domain/%EF%BF%BDx/product@base64/YS_vv70");
  });
  it("refuses an empty job", () => {
    expect(() => pushgatewayGroupingPath({ job: "", domain: "d", product: "p" })).toThrow(UsageError);
  });
});

interface Received {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: string;
}

/** A loopback HTTP server answering with the scripted replies, in order; records what it received. */
async function scriptedServer(replies: Array<(res: ServerResponse) => void>): Promise<{ url: string; received: Received[]; close(): Promise<void> }> {
  const received: Received[] = [];
  const open = new Set<ServerResponse>();
  const server: Server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
    req.on("end", () => {
      received.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, body });
      const reply = replies.shift();
      if (reply) reply(res);
      else open.add(res); // never answered: for the timeout test
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: () => {
      for (const res of open) res.destroy();
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** The error a push rejects with; fails the test when it resolves. */
async function failure(push: Promise<unknown>): Promise<Error> {
  return push.then(
    (result) => {
      throw new Error(`expected the push to fail, it returned ${JSON.stringify(result)}`);
    },
    (error: unknown) => error as Error,
  );
}

const ok = (res: ServerResponse) => res.writeHead(200).end();
const status = (code: number, body = "") => (res: ServerResponse) => res.writeHead(code, { "content-type": "text/plain" }).end(body);
const GROUPING = { job: DEFAULT_PUSH_JOB, ...SALES_ORDERS };
const NO_ENV = {};

describe("pushMetrics (scripted loopback server)", () => {
  it("PUTs the body as text format 0.0.4 under the grouping path, keeping a base path and dropping a trailing /metrics", async () => {
    const server = await scriptedServer([ok, ok]);
    try {
      const result = await pushMetrics(`${server.url}/gateway/`, "a 1\n", GROUPING, { env: NO_ENV });
      await pushMetrics(`${server.url}/metrics`, "a 2\n", GROUPING, { env: NO_ENV });
      expect(result).toEqual({ url: `${server.url}/gateway/metrics/job/meshkit_contract_test/domain/sales/product/orders`, status: 200, attempts: 1 });
      expect(server.received.map((r) => [r.method, r.url, r.headers["content-type"], r.headers.authorization, r.body])).toEqual([
        ["PUT", "/gateway/metrics/job/meshkit_contract_test/domain/sales/product/orders", PUSH_CONTENT_TYPE, undefined, "a 1\n"],
        ["PUT", "/metrics/job/meshkit_contract_test/domain/sales/product/orders", PUSH_CONTENT_TYPE, undefined, "a 2\n"],
      ]);
    } finally {
      await server.close();
    }
  });

  it("sends credentials from the URL, else from the environment, as basic auth and never shows them", async () => {
    const server = await scriptedServer([ok, ok, status(401, "Unauthorized")]);
    try {
      const withUrl = server.url.replace("http://", "http://pusher:p%40ss%3Aword@");
      const result = await pushMetrics(withUrl, "a 1\n", GROUPING, { env: { MESHKIT_PUSHGATEWAY_USERNAME: "ignored", MESHKIT_PUSHGATEWAY_PASSWORD: "ignored" } });
      expect(result.url).not.toContain("pusher");
      await pushMetrics(server.url, "a 1\n", GROUPING, { env: { MESHKIT_PUSHGATEWAY_USERNAME: "ci", MESHKIT_PUSHGATEWAY_PASSWORD: "from-env" } });
      const error = await failure(pushMetrics(withUrl, "a 1\n", GROUPING, { env: NO_ENV }));
      expect(server.received.map((r) => Buffer.from(String(r.headers.authorization).replace(/^Basic /, ""), "base64").toString("utf8"))).toEqual([
        "pusher:p@ss:word",
        "ci:from-env",
        "pusher:p@ss:word",
      ]);
      expect(error).toBeInstanceOf(UsageError);
      expect(error.message).toBe(
        `Pushing metrics to the Pushgateway at ${server.url}/metrics/job/meshkit_contract_test/domain/sales/product/orders failed: the server answered HTTP 401 Unauthorized: check the credentials`,
      );
    } finally {
      await server.close();
    }
  });

  it("sends a password with a % that starts no escape as written, not an internal error", async () => {
    // decodeURIComponent threw URIError on `50%off`: a hand-typed password stopped the run with a stack.
    const server = await scriptedServer([ok]);
    try {
      await pushMetrics(server.url.replace("http://", "http://pusher:50%off@"), "a 1\n", GROUPING, { env: NO_ENV });
      expect(Buffer.from(String(server.received[0]!.headers.authorization).replace(/^Basic /, ""), "base64").toString("utf8")).toBe("pusher:50%off");
    } finally {
      await server.close();
    }
  });

  it("retries once on 503, then reports the second answer", async () => {
    const server = await scriptedServer([status(503), ok, status(503), status(502, "bad gateway\nupstream down")]);
    try {
      const retried = await pushMetrics(server.url, "a 1\n", GROUPING, { env: NO_ENV, retryDelayMs: 1 });
      expect(retried.attempts).toBe(2);
      const error = await failure(pushMetrics(server.url, "a 1\n", GROUPING, { env: NO_ENV, retryDelayMs: 1 }));
      expect(error.message).toMatch(/failed: the server answered HTTP 502 Bad Gateway: "bad gateway upstream down" \(after one retry\)$/);
      expect(server.received).toHaveLength(4);
    } finally {
      await server.close();
    }
  });

  it("reports a 400 with the Pushgateway's explanation, a redirect, and a 404 with a hint, each on one line", async () => {
    const redirect = (res: ServerResponse) => res.writeHead(301, { location: "https://user:secret@elsewhere.example/pgw?token=abc" }).end();
    const server = await scriptedServer([status(400, "pushed metrics are invalid or inconsistent\nwith existing metrics"), redirect, status(404, "404 page not found\n")]);
    try {
      const messages: string[] = [];
      for (let i = 0; i < 3; i++) messages.push(await pushMetrics(server.url, "a 1\n", GROUPING, { env: NO_ENV }).then(() => "", (e: Error) => e.message));
      expect(messages[0]).toMatch(/failed: the Pushgateway refused the metrics \(HTTP 400\): "pushed metrics are invalid or inconsistent with existing metrics"$/);
      expect(messages[1]).toMatch(/failed: the server answered HTTP 301 Moved Permanently, a redirect to https:\/\/elsewhere\.example\/pgw; give the address the Pushgateway answers on$/);
      expect(messages[2]).toMatch(/failed: the server answered HTTP 404 Not Found: "404 page not found" \(is the URL the Pushgateway's base address, like http:\/\/pushgateway:9091\?\)$/);
      for (const message of messages) expect(message).not.toMatch(/\n|secret|token/);
    } finally {
      await server.close();
    }
  });

  it("refuses a 200 or 202 with a body (a web page, a JSON API answering every path) and another 2xx: the Pushgateway answers a push with 200 or 202 and no body, and an empty or blank one is a push", async () => {
    const page = (res: ServerResponse) => res.writeHead(200, { "content-type": "text/html" }).end("<!doctype html>\n<html><body>Welcome to nginx!</body></html>");
    const json = (res: ServerResponse) => res.writeHead(202, { "content-type": "application/json" }).end('{"status":"ok"}');
    const huge = oversizedAnswer(200, 1024 * 1024, true).reply;
    const blank = (res: ServerResponse) => res.writeHead(202).end("\n");
    const server = await scriptedServer([page, json, huge, status(204), blank]);
    try {
      const messages: string[] = [];
      for (let i = 0; i < 4; i++) messages.push((await failure(pushMetrics(`http://u:secret@${server.url.slice("http://".length)}`, "a 1\n", GROUPING, { env: NO_ENV }))).message);
      expect(messages[0]).toMatch(/failed: the server answered HTTP 200 with "<!doctype html> <html><body>Welcome to nginx!<\/body><\/html>", where a Pushgateway answers a push with HTTP 200 or 202 and an empty body: this is not a Pushgateway \(is the URL the Pushgateway's base address, like http:\/\/pushgateway:9091\?\)$/);
      expect(messages[1]).toMatch(/failed: the server answered HTTP 202 with "\{"status":"ok"\}", where a Pushgateway answers/);
      expect(messages[2]).toMatch(/failed: the server answered HTTP 200 with an answer of 1.0 MiB \(by its Content-Length\), more than the 64.0 KiB meshkit reads, where a Pushgateway answers/);
      expect(messages[3]).toMatch(/failed: the server answered HTTP 204 No Content, where a Pushgateway answers a push with HTTP 200 or 202 and an empty body: this is not a Pushgateway/);
      for (const message of messages) expect(message).not.toMatch(/\n|secret/);
      expect(await pushMetrics(server.url, "a 1\n", GROUPING, { env: NO_ENV })).toMatchObject({ status: 202, attempts: 1 });
      expect(server.received).toHaveLength(5);
    } finally {
      await server.close();
    }
  });

  it("pushes every product when the Pushgateway refuses one product's metrics (HTTP 400), and stops at a server that cannot be pushed to at all", async () => {
    const dir = mkdtempSync(join(tmpdir(), "meshkit-push-products-"));
    const contract = (id: string, domain: string) =>
      `apiVersion: v3.1.0\nkind: DataContract\nid: ${id}\nversion: 1.0.0\nstatus: active\ndomain: ${domain}\nservers:\n  - { server: local, type: local, path: ./${id}.csv, format: csv }\nschema:\n  - name: ${id}\n    properties:\n      - { name: id, logicalType: integer, required: true }\n`;
    for (const id of ["ca", "cb", "cc"]) {
      writeFileSync(join(dir, `${id}.odcs.yaml`), contract(id, `d-${id}`));
      writeFileSync(join(dir, `${id}.csv`), "id\n1\n");
    }
    const { run } = await testContracts({ cwd: dir, paths: [] });
    const refusal = status(400, "pushed metrics are invalid or inconsistent with existing metrics");
    const refusedOnce = await scriptedServer([refusal, ok, ok]);
    try {
      const error = await failure(pushRunMetrics(refusedOnce.url, run, { cwd: dir }));
      expect(error).toBeInstanceOf(UsageError);
      expect(error.message).toMatch(/failed: the Pushgateway refused the metrics \(HTTP 400\): "pushed metrics are invalid or inconsistent with existing metrics" \(product ca of domain d-ca; the metrics of 1 of 3 products were refused, the others pushed\)$/);
      expect(refusedOnce.received.map((r) => r.url)).toEqual(["ca", "cb", "cc"].map((id) => `/metrics/job/meshkit_contract_test/domain/d-${id}/product/${id}`));
    } finally {
      await refusedOnce.close();
    }
    const refusedAll = await scriptedServer([refusal, refusal, refusal]);
    try {
      const error = await failure(pushRunMetrics(refusedAll.url, run, { cwd: dir }));
      expect(error.message).toMatch(/\(product ca of domain d-ca; the metrics of all 3 products were refused, none pushed\)$/);
      expect(refusedAll.received).toHaveLength(3);
    } finally {
      await refusedAll.close();
    }
    const unauthorized = await scriptedServer([status(401, "Unauthorized"), ok, ok]);
    try {
      expect((await failure(pushRunMetrics(unauthorized.url, run, { cwd: dir }))).message).toMatch(/HTTP 401 Unauthorized: give credentials/);
      expect(unauthorized.received).toHaveLength(1);
    } finally {
      await unauthorized.close();
    }
  });

  it("does not push a product of which the run tested only some contracts (its push would drop the others' series), and pushes the others", async () => {
    const dir = mkdtempSync(join(tmpdir(), "meshkit-push-partial-"));
    const contract = (id: string, extra = "") =>
      `apiVersion: v3.1.0\nkind: DataContract\nid: ${id}\nversion: 1.0.0\nstatus: active\ndomain: sales\n${extra}servers:\n  - { server: local, type: local, path: ./${id}.csv, format: csv }\nschema:\n  - name: ${id}\n    properties:\n      - { name: id, logicalType: integer, required: true }\n`;
    const product = (name: string, ids: string[]) =>
      `apiVersion: v1.0.0\nkind: DataProduct\nid: ${name}\nname: ${name}\nstatus: active\ndomain: sales\noutputPorts:\n${ids.map((id) => `  - { name: ${id}, version: 1.0.0, contractId: ${id} }\n`).join("")}`;
    writeFileSync(join(dir, "orders.odps.yaml"), product("orders", ["lines", "heads"]));
    for (const id of ["lines", "heads", "refunds"]) {
      writeFileSync(join(dir, `${id}.odcs.yaml`), contract(id, id === "refunds" ? "dataProduct: refunds\n" : ""));
      writeFileSync(join(dir, `${id}.csv`), "id\n1\n");
    }
    // Another version of a contract, which no output port names: not one of the product's.
    writeFileSync(join(dir, "heads-v0.odcs.yaml"), contract("heads").replace("version: 1.0.0", "version: 0.9.0"));
    const { run } = await testContracts({ cwd: dir, paths: ["lines.odcs.yaml", "refunds.odcs.yaml"] });
    const server = await scriptedServer([ok, ok, ok, ok]);
    try {
      const error = await failure(pushRunMetrics(server.url, run, { cwd: dir }));
      expect(error).toBeInstanceOf(UsageError);
      expect(error.message).toBe(
        "Not pushing the metrics of product orders of domain sales: the run tested 1 of its 2 contracts (not heads.odcs.yaml), and a push replaces all of the product's metrics; test every contract of the product (its folder, or meshkit test without paths) to push them (the metrics of 1 of 2 products were left out, the others pushed)",
      );
      expect(server.received.map((r) => r.url)).toEqual(["/metrics/job/meshkit_contract_test/domain/sales/product/refunds"]);
      // The whole product (its descriptor stands for its contracts) is pushed.
      const whole = await testContracts({ cwd: dir, paths: ["orders.odps.yaml"] });
      expect(await pushRunMetrics(server.url, whole.run, { cwd: dir })).toBe(1);
      expect(server.received.at(-1)!.url).toBe("/metrics/job/meshkit_contract_test/domain/sales/product/orders");
      expect(server.received.at(-1)!.body).toContain('data_quality_rows_checked{domain="sales",product="orders",contract="heads",object="heads"} 1');
    } finally {
      await server.close();
    }
  });

  it("pushes a contract the output ports of two products name with each of them, and a run of one product pushes it alone", async () => {
    const dir = mkdtempSync(join(tmpdir(), "meshkit-push-shared-"));
    const contract = (id: string) =>
      `apiVersion: v3.1.0\nkind: DataContract\nid: ${id}\nversion: 1.0.0\nstatus: active\nname: ${id}\ndomain: sales\nservers:\n  - { server: local, type: local, path: ./${id}.csv, format: csv }\nschema:\n  - name: ${id}\n    properties:\n      - { name: id, logicalType: integer, required: true }\n`;
    const product = (name: string, ids: string[]) =>
      `apiVersion: v1.0.0\nkind: DataProduct\nid: ${name}\nname: ${name}\nstatus: active\ndomain: sales\noutputPorts:\n${ids.map((id) => `  - { name: ${id}, version: 1.0.0, contractId: ${id} }\n`).join("")}`;
    writeFileSync(join(dir, "orders.odps.yaml"), product("orders", ["customers", "lines"]));
    writeFileSync(join(dir, "billing.odps.yaml"), product("billing", ["customers", "invoices"]));
    for (const id of ["customers", "lines", "invoices"]) {
      writeFileSync(join(dir, `${id}.odcs.yaml`), contract(id));
      writeFileSync(join(dir, `${id}.csv`), "id\n1\n");
    }
    const server = await scriptedServer([ok, ok, ok]);
    const url = (product: string) => `/metrics/job/meshkit_contract_test/domain/sales/product/${product}`;
    const customers = (product: string) => `data_quality_rows_checked{domain="sales",product="${product}",contract="customers",object="customers"} 1`;
    try {
      const everything = await testContracts({ cwd: dir, paths: [] });
      expect(await pushRunMetrics(server.url, everything.run, { cwd: dir })).toBe(2);
      const pushed = new Map(server.received.map((r) => [r.url, r.body]));
      expect([...pushed.keys()].sort()).toEqual([url("billing"), url("orders")]);
      expect(pushed.get(url("orders"))).toContain(customers("orders"));
      expect(pushed.get(url("billing"))).toContain(customers("billing"));
      expect(pushed.get(url("billing"))).toContain('data_quality_checks{domain="sales",product="billing"} 6');
      // The run of one product pushes that one: the other, whose own contract was not tested, is left as it is.
      const orders = await testContracts({ cwd: dir, paths: ["orders.odps.yaml"] });
      expect(await pushRunMetrics(server.url, orders.run, { cwd: dir })).toBe(1);
      expect(server.received.map((r) => r.url).slice(2)).toEqual([url("orders")]);
    } finally {
      await server.close();
    }
  });

  it("pushes a product's metrics of the contract versions its output ports name, alike whether the run tested other versions too", async () => {
    const dir = mkdtempSync(join(tmpdir(), "meshkit-push-versions-"));
    const contract = (version: string, data: string) =>
      `apiVersion: v3.1.0\nkind: DataContract\nid: heads\nversion: ${version}\nstatus: active\nname: heads\ndomain: sales\nservers:\n  - { server: local, type: local, path: ./${data}, format: csv }\nschema:\n  - name: heads\n    properties:\n      - { name: id, logicalType: integer, required: true }\n`;
    writeFileSync(join(dir, "orders.odps.yaml"), "apiVersion: v1.0.0\nkind: DataProduct\nid: orders\nname: orders\nstatus: active\ndomain: sales\noutputPorts:\n  - { name: heads, version: 2.0.0, contractId: heads }\n");
    writeFileSync(join(dir, "heads.odcs.yaml"), contract("2.0.0", "heads.csv"));
    writeFileSync(join(dir, "heads.csv"), "id\n1\n");
    // The old version, kept beside for its consumers, over data of its own that fails its check.
    writeFileSync(join(dir, "heads-v1.odcs.yaml"), contract("1.0.0", "heads-v1.csv"));
    writeFileSync(join(dir, "heads-v1.csv"), "id\n\n1\n");
    const server = await scriptedServer([ok, ok]);
    try {
      const everything = await testContracts({ cwd: dir, paths: [] });
      expect(everything.run.contracts.map((c) => c.contract.version).sort()).toEqual(["1.0.0", "2.0.0"]);
      expect(await pushRunMetrics(server.url, everything.run, { cwd: dir })).toBe(1);
      const product = await testContracts({ cwd: dir, paths: ["orders.odps.yaml"] });
      expect(await pushRunMetrics(server.url, product.run, { cwd: dir })).toBe(1);
      const series = (body: string) => body.split("\n").filter((line) => line !== "" && !line.startsWith("#") && !line.startsWith("data_quality_last_run"));
      const [whole, ofProduct] = server.received.map((r) => series(r.body));
      expect(whole).toEqual(ofProduct);
      expect(whole).toContain('domain_data_quality_score{domain="sales",product="orders"} 1');
      expect(whole).toContain('data_quality_rows_checked{domain="sales",product="orders",contract="heads",object="heads"} 1');
      expect(server.received.map((r) => r.url)).toEqual(Array(2).fill("/metrics/job/meshkit_contract_test/domain/sales/product/orders"));
      // The old version alone: nothing to push, and said.
      const old = await testContracts({ cwd: dir, paths: ["heads-v1.odcs.yaml"] });
      expect((await failure(pushRunMetrics(server.url, old.run, { cwd: dir }))).message).toBe(
        "Not pushing metrics: heads-v1.odcs.yaml (contract heads 1.0.0) is not the version a data product's output port names, so no product's output; test the version the port names, or the product, to push its metrics",
      );
      expect(server.received).toHaveLength(2);
    } finally {
      await server.close();
    }
  });

  it("pushes nothing while a file of the project cannot be read: it may be a product, or one of a product's contracts", async () => {
    const dir = mkdtempSync(join(tmpdir(), "meshkit-push-unreadable-"));
    const contract = (id: string) =>
      `apiVersion: v3.1.0\nkind: DataContract\nid: ${id}\nversion: 1.0.0\nstatus: active\nname: ${id}\ndomain: sales\nservers:\n  - { server: local, type: local, path: ./${id}.csv, format: csv }\nschema:\n  - name: ${id}\n    properties:\n      - { name: id, logicalType: integer, required: true }\n`;
    const product = "apiVersion: v1.0.0\nkind: DataProduct\nid: orders\nname: orders\nstatus: active\ndomain: sales\noutputPorts:\n  - { name: lines, version: 1.0.0, contractId: lines }\n  - { name: heads, version: 1.0.0, contractId: heads }\n";
    for (const id of ["lines", "heads"]) {
      writeFileSync(join(dir, `${id}.odcs.yaml`), contract(id));
      writeFileSync(join(dir, `${id}.csv`), "id\n1\n");
    }
    const server = await scriptedServer([ok, ok]);
    try {
      // The product cannot be read: its contracts were pushed as a product named `lines`, of their own.
      writeFileSync(join(dir, "orders.odps.yaml"), `${product}  - [\n`);
      const lines = await testContracts({ cwd: dir, paths: ["lines.odcs.yaml"] });
      const error = await failure(pushRunMetrics(server.url, lines.run, { cwd: dir }));
      expect(error).toBeInstanceOf(UsageError);
      expect(error.message).toMatch(
        /^Not pushing metrics: orders\.odps\.yaml:10:5 cannot be read \(yaml-syntax\), and the project's data products and contracts say which product each contract's metrics belong to; fix it \(meshkit lint\) to push$/,
      );
      // One of the product's contracts cannot be read: the product was pushed without it.
      writeFileSync(join(dir, "orders.odps.yaml"), product);
      writeFileSync(join(dir, "heads.odcs.yaml"), `${contract("heads")}  - [\n`);
      const all = await testContracts({ cwd: dir, paths: [] });
      expect((await failure(pushRunMetrics(server.url, all.run, { cwd: dir }))).message).toMatch(/^Not pushing metrics: heads\.odcs\.yaml:\d+:\d+ cannot be read/);
      expect(server.received).toEqual([]);
      // Once it reads, the product is pushed.
      writeFileSync(join(dir, "heads.odcs.yaml"), contract("heads"));
      expect(await pushRunMetrics(server.url, (await testContracts({ cwd: dir, paths: [] })).run, { cwd: dir })).toBe(1);
      expect(server.received.map((r) => r.url)).toEqual(["/metrics/job/meshkit_contract_test/domain/sales/product/orders"]);
    } finally {
      await server.close();
    }
  });

  it.each([
    ["with a Content-Length", true],
    ["without a Content-Length", false],
  ])("stops reading an answer larger than it reads, %s: one line naming the URL without credentials", async (_name, declared) => {
    const total = 400 * 1024 * 1024;
    const answer = oversizedAnswer(500, total, declared);
    const server = await scriptedServer([answer.reply]);
    try {
      const error = await failure(pushMetrics(server.url.replace("http://", "http://pusher:s3cret@"), "a 1\n", GROUPING, { env: NO_ENV }));
      expect(error).toBeInstanceOf(UsageError);
      const what = declared ? "an answer of 400.0 MiB (by its Content-Length), more than the 64.0 KiB meshkit reads" : "an answer larger than the 64.0 KiB meshkit reads";
      expect(error.message).toBe(
        `Pushing metrics to the Pushgateway at ${server.url}/metrics/job/meshkit_contract_test/domain/sales/product/orders failed: the server answered HTTP 500 with ${what} (is the URL the Pushgateway's base address, like http://pushgateway:9091?)`,
      );
      // The client hung up: what left the server is what socket buffers hold, not the 400 MiB.
      await answer.hungUp;
      expect(answer.sent()).toBeLessThan(MAX_PUSH_ANSWER_BYTES + 32 * 1024 * 1024);
    } finally {
      await server.close();
    }
  });

  it("gives up after the timeout when the server never answers", async () => {
    const server = await scriptedServer([]);
    try {
      await expect(pushMetrics(server.url, "a 1\n", GROUPING, { env: NO_ENV, timeoutMs: 100 })).rejects.toThrow(/failed: no answer within 100 ms$/);
    } finally {
      await server.close();
    }
  });

  it("refuses URLs it cannot push to, without showing their credentials", async () => {
    const refused = (url: string) => pushMetrics(url, "a 1\n", GROUPING, { env: NO_ENV }).then(() => "", (e: Error) => e.message);
    expect(await refused("http://user:secret@[not a host")).toBe('The Pushgateway URL "http://***@[not a host" is not a URL (expected one like http://pushgateway:9091)');
    // A password with a character that ends a URL's authority, unencoded, is not shown either.
    expect(await refused("http://user:se#cret@host:9091")).toBe('The Pushgateway URL "http://***@host:9091" is not a URL (expected one like http://pushgateway:9091)');
    expect(await refused("http://user:se/cret@host:9091")).toBe('The Pushgateway URL "http://***@host:9091" is not a URL (expected one like http://pushgateway:9091)');
    expect(await refused("user:secret@host:9091")).toBe("The Pushgateway URL must start with http:// or https:// (like http://pushgateway:9091)");
    expect(await refused("")).toBe("The Pushgateway URL must start with http:// or https:// (like http://pushgateway:9091)");
    expect(await refused("ftp://user:secret@host/")).toBe("The Pushgateway URL must be http:// or https://, not ftp: (ftp://host/)");
    expect(await refused("http://user:secret@host:9091/?token=abc")).toBe(
      "The Pushgateway URL http://host:9091/ has a query or fragment: give the Pushgateway's base address, like http://pushgateway:9091",
    );
    expect(await refused("http://host:9091/metrics/job/other")).toBe(
      "The Pushgateway URL http://host:9091/metrics/job/other already has a grouping key: give the Pushgateway's base address; meshkit adds /metrics/job/…/domain/…/product/…",
    );
  });
});

// ---------------------------------------------------------------------------------------------------
// A real Pushgateway

interface ApiMetric {
  labels: Record<string, string>;
  value: string;
}
type ApiGroup = { labels: Record<string, string> } & Record<string, unknown>;

async function readGroups(gateway: RunningPushgateway): Promise<ApiGroup[]> {
  const response = await fetch(`${gateway.url}/api/v1/metrics`);
  expect(response.status).toBe(200);
  const json = (await response.json()) as { status: string; data: ApiGroup[] };
  expect(json.status).toBe("success");
  return json.data;
}

/** family → "label=value,…" (without the labels of the group) → value, for one group. */
function samplesOf(groups: ApiGroup[], grouping: Record<string, string>): Record<string, Record<string, number>> {
  const group = groups.find((g) => JSON.stringify(g.labels) === JSON.stringify(Object.fromEntries(Object.entries(grouping).sort())));
  if (!group) throw new Error(`no group ${JSON.stringify(grouping)} in ${JSON.stringify(groups.map((g) => g.labels))}`);
  const out: Record<string, Record<string, number>> = {};
  for (const [name, family] of Object.entries(group)) {
    if (name === "labels" || name === "last_push_successful" || name.startsWith("push_")) continue;
    const { type, metrics } = family as { type: string; metrics: ApiMetric[] };
    expect(type).toBe("GAUGE");
    out[name] = Object.fromEntries(
      metrics.map((m) => [
        Object.entries(m.labels)
          .filter(([k]) => !(k in grouping) && k !== "instance")
          .map(([k, v]) => `${k}=${v}`)
          .join(","),
        m.value === "+Inf" ? Infinity : m.value === "-Inf" ? -Infinity : Number(m.value),
      ]),
    );
  }
  return out;
}

async function closedLoopbackPort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe("pushMetrics to a real Prometheus Pushgateway", () => {
  let gateway: RunningPushgateway;
  beforeAll(async () => {
    gateway = await startPushgateway();
  });
  afterAll(async () => {
    await gateway?.stop();
  });

  const RETURNS = { domain: "", product: "returns/eu v2" };

  it("keeps each product's metrics under its own grouping key, with their labels and values", async () => {
    await pushQualityMetrics(gateway.url, [ORDERS, SHIPMENTS], SALES_ORDERS, { env: NO_ENV });
    await pushQualityMetrics(gateway.url, ORDERS, RETURNS, { env: NO_ENV });

    const groups = await readGroups(gateway);
    expect(samplesOf(groups, { job: DEFAULT_PUSH_JOB, ...SALES_ORDERS })).toEqual({
      domain_data_quality_score: { "": 0.3 },
      data_quality_checks: { "": 10 },
      data_quality_checks_failed: { "": 6 },
      data_quality_checks_warned: { "": 1 },
      data_quality_rows_checked: { "contract=orders,object=order_lines": 33, "contract=orders,object=orders": 100, "contract=c-2,object=shipments": 0 },
      data_product_freshness_seconds: { "contract=orders,object=orders": 75600, "contract=c-2,object=shipments": Infinity },
      data_quality_last_run_timestamp_seconds: { "": 1704499800 },
    });
    expect(samplesOf(groups, { job: DEFAULT_PUSH_JOB, ...RETURNS })).toMatchObject({
      domain_data_quality_score: { "": 2 / 7 },
      data_quality_checks: { "": 7 },
      data_product_freshness_seconds: { "contract=orders,object=orders": 75600 },
    });

    // What Prometheus scrapes: the same samples, with the grouping labels (and instance="") added.
    const scrape = await (await fetch(`${gateway.url}/metrics`)).text();
    expect(scrape).toContain('domain_data_quality_score{domain="sales",instance="",job="meshkit_contract_test",product="orders"} 0.3\n');
    expect(scrape).toContain('domain_data_quality_score{domain="",instance="",job="meshkit_contract_test",product="returns/eu v2"} 0.2857142857142857\n');
    expect(scrape).toContain('data_product_freshness_seconds{contract="c-2",domain="sales",instance="",job="meshkit_contract_test",object="shipments",product="orders"} +Inf\n');
  });

  it("replaces a product's metrics on the next push (PUT), leaving other products alone", async () => {
    const rerun = results(
      { id: "c-1", version: "1.0.1", name: "orders", file: "orders.odcs.yaml" },
      [check("orders.order_id.required", "schema-required", "orders", "pass", { measured: 0, rowsChecked: 120, failedRows: 0 })],
      "2024-01-07T00:00:00.000Z",
    );
    await pushQualityMetrics(gateway.url, rerun, SALES_ORDERS, { env: NO_ENV });

    const groups = await readGroups(gateway);
    expect(samplesOf(groups, { job: DEFAULT_PUSH_JOB, ...SALES_ORDERS })).toEqual({
      domain_data_quality_score: { "": 1 },
      data_quality_checks: { "": 1 },
      data_quality_checks_failed: { "": 0 },
      data_quality_checks_warned: { "": 0 },
      data_quality_rows_checked: { "contract=orders,object=orders": 120 },
      data_quality_last_run_timestamp_seconds: { "": 1704585600 },
    });
    expect(samplesOf(groups, { job: DEFAULT_PUSH_JOB, ...RETURNS }).data_quality_checks).toEqual({ "": 7 });
  });

  it("pushes a product whose labels hold a lone UTF-16 surrogate, under the grouping key its samples carry", async () => {
    const labels = { domain: "sales\uD800", product: "orders\uDC00/eu" };
    await pushQualityMetrics(gateway.url, ORDERS, labels, { env: NO_ENV });
    const groups = await readGroups(gateway);
    expect(samplesOf(groups, { job: DEFAULT_PUSH_JOB, domain: "sales\uFFFD", product: "orders\uFFFD/eu" }).data_quality_checks).toEqual({ "": 7 });
  });

  it("reports a closed port as a refused connection, without the URL's credentials", async () => {
    const port = await closedLoopbackPort();
    const error = await failure(pushMetrics(`http://pusher:hunter2@127.0.0.1:${port}`, renderMetrics(ORDERS, SALES_ORDERS), GROUPING, { env: NO_ENV }));
    expect(error).toBeInstanceOf(UsageError);
    expect(error.message).toBe(
      `Pushing metrics to the Pushgateway at http://127.0.0.1:${port}/metrics/job/meshkit_contract_test/domain/sales/product/orders failed: connection refused by 127.0.0.1:${port} (is the Pushgateway running and listening there?)`,
    );
  });
});

describe("pushMetrics to a real Pushgateway with basic auth", () => {
  // bcrypt (cost 4) of "not-a-real-secret", made with Python's crypt.crypt(…, mksalt(METHOD_BLOWFISH, rounds=16)).
  const HASH = "$2b$04$hq6hGWPdZ7gGIUkUL4kENuvkxf.gksl4vDWRO7szH9YKTJSykXLr.";
  let gateway: RunningPushgateway;
  beforeAll(async () => {
    gateway = await startPushgateway({ basicAuthUsers: { meshkit: HASH } });
  });
  afterAll(async () => {
    await gateway?.stop();
  });

  it("pushes with credentials from the URL or the environment, and says what to do without them", async () => {
    const body = renderMetrics(ORDERS, SALES_ORDERS);
    const withUrl = gateway.url.replace("http://", "http://meshkit:not-a-real-secret@");
    await expect(pushMetrics(withUrl, body, GROUPING, { env: NO_ENV })).resolves.toMatchObject({ status: 200 });
    const env = { MESHKIT_PUSHGATEWAY_USERNAME: "meshkit", MESHKIT_PUSHGATEWAY_PASSWORD: "not-a-real-secret" };
    await expect(pushMetrics(gateway.url, body, GROUPING, { env })).resolves.toMatchObject({ status: 200 });

    const missing = await failure(pushMetrics(gateway.url, body, GROUPING, { env: NO_ENV }));
    expect(missing.message).toMatch(
      /failed: the server answered HTTP 401 Unauthorized: give credentials in the URL \(https:\/\/user:password@host\) or in MESHKIT_PUSHGATEWAY_USERNAME and MESHKIT_PUSHGATEWAY_PASSWORD$/,
    );
    const wrong = await failure(pushMetrics(gateway.url.replace("http://", "http://meshkit:wrong-password@"), body, GROUPING, { env: NO_ENV }));
    expect(wrong.message).toMatch(/failed: the server answered HTTP 401 Unauthorized: check the credentials$/);
    expect(wrong.message).not.toContain("wrong-password");

    const read = await fetch(`${gateway.url}/api/v1/metrics`, { headers: { authorization: `Basic ${Buffer.from("meshkit:not-a-real-secret").toString("base64")}` } });
    const groups = ((await read.json()) as { data: ApiGroup[] }).data;
    expect(samplesOf(groups, GROUPING).data_quality_checks).toEqual({ "": 7 });
  });
});
