/**
 * MESHKIT_ALLOWED_HOSTS: a host a pull request's contract or meshkit.yaml names, outside the list, is
 * refused before any credential or document is sent — for every command that sends one.
 */
import { cpSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO_ROOT, meshkit, requireBuiltCli, tempDir } from "./test-support.js";

beforeAll(requireBuiltCli);

// A listener that counts what reaches it: nothing may.
const received: string[] = [];
const server = createServer((req, res) => {
  received.push(`${req.method} ${req.url}`);
  res.end("{}");
});
let port = 0;
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

const ALLOWED = { MESHKIT_ALLOWED_HOSTS: "db.internal,opa.internal:8181", MESHKIT_POSTGRES_PASSWORD: "s3cret-pw", MESHKIT_OPA_TOKEN: "opa-t0ken" };
const refused = (what: string) => new RegExp(`${what} 127\\.0\\.0\\.1:\\d+ is not in MESHKIT_ALLOWED_HOSTS \\(db\\.internal, opa\\.internal:8181\\): meshkit sends credentials and data only to the hosts listed there`);

/** The shipment example, with its contract's server pointed at this test's listener as a PostgreSQL server. */
function project(): { dir: string; contract: string } {
  const dir = join(tempDir("allowed-hosts"), "repo");
  cpSync(join(REPO_ROOT, "examples/domain-repo"), dir, { recursive: true });
  const contract = join(dir, "products/shipment_events/shipment_events.odcs.yaml");
  const text = readFileSync(contract, "utf8").replace(/^servers:\n/m, `servers:\n  - server: warehouse\n    type: postgres\n    host: 127.0.0.1\n    port: ${port}\n    database: analytics\n    schema: logistics\n`);
  writeFileSync(contract, text);
  return { dir, contract };
}

describe("MESHKIT_ALLOWED_HOSTS", () => {
  it("refuses a PostgreSQL server, an OPA server, a catalog service and a Pushgateway outside the list, sending nothing", () => {
    const { dir, contract } = project();
    const test = meshkit(["test", contract, "--server", "warehouse"], dir, ALLOWED);
    expect([test.status, `${test.stdout}${test.stderr}`]).toEqual([2, expect.stringMatching(refused("the PostgreSQL server"))]);
    const plan = meshkit(["provision", "plan", "--target", "postgres", "--server", "warehouse"], dir, ALLOWED);
    expect([plan.status, `${plan.stdout}${plan.stderr}`]).toEqual([2, expect.stringMatching(refused("the PostgreSQL server"))]);
    const config = join(dir, "meshkit.yaml");
    writeFileSync(config, readFileSync(config, "utf8").replace(/^policy:\n/m, `policy:\n  opa: { url: "http://127.0.0.1:${port}", package: meshkit.contracts }\n`));
    const policy = meshkit(["policy"], dir, ALLOWED);
    expect([policy.status, policy.stderr]).toEqual([2, expect.stringMatching(refused("the OPA server"))]);
    const publish = meshkit(["publish", "--catalog", `datahub:http://127.0.0.1:${port}`], dir, { ...ALLOWED, DATAHUB_TOKEN: "dh-t0ken" });
    expect([publish.status, publish.stderr]).toEqual([2, expect.stringMatching(refused("the DataHub server"))]);
    const push = meshkit(["test", contract, "--pushgateway", `http://127.0.0.1:${port}`, "--now", "2026-01-15T06:00:00Z"], dir, ALLOWED);
    expect([push.status, push.stderr]).toEqual([2, expect.stringMatching(refused("the Pushgateway"))]);
    expect(received).toEqual([]);
    // Listed, the same host is used (here: the PostgreSQL test reaches the listener, which is no PostgreSQL).
    const listed = meshkit(["test", contract, "--server", "warehouse"], dir, { ...ALLOWED, MESHKIT_ALLOWED_HOSTS: "127.0.0.1" });
    expect(`${listed.stdout}${listed.stderr}`).not.toMatch(/MESHKIT_ALLOWED_HOSTS/);
    for (const run of [test, plan, policy, publish, push, listed]) expect(`${run.stdout}${run.stderr}`).not.toMatch(/s3cret-pw|opa-t0ken|dh-t0ken/);
  });
});
