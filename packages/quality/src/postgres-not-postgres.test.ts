/**
 * A contract's postgres server entry that names another service's port (SSH, MySQL, anything that greets the
 * client first): the run ends at once with one finding, exit 2, instead of waiting for ever on a socket that
 * service never closes. Needs no PostgreSQL: the "server" here is a loopback socket that writes a greeting.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { type AddressInfo, type Server, type Socket, createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { QUALITY_INPUT_RULE_IDS } from "./rules.js";
import { contractYaml, runContract } from "./test-support.js";

const GREETINGS = {
  ssh: Buffer.from("SSH-2.0-OpenSSH_9.6\r\n"),
  // MySQL's handshake packet: a 3-byte length, sequence 0, protocol 10, the server's version.
  mysql: Buffer.from([0x4a, 0x00, 0x00, 0x00, 0x0a, 0x38, 0x2e, 0x30, 0x2e, 0x33, 0x36, 0x00]),
  text: Buffer.from("garbage\n"),
};

let dir: string;
const servers: Server[] = [];
const sockets = new Set<Socket>();

/** A loopback server that writes `greeting` to every client and then keeps the connection open, saying nothing more. */
async function greetingServer(greeting: Buffer): Promise<number> {
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on("error", () => undefined);
    socket.on("close", () => sockets.delete(socket));
    socket.write(greeting);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return (server.address() as AddressInfo).port;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "meshkit-not-postgres-"));
});

afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("a server entry whose port is not PostgreSQL's", () => {
  it.each(Object.keys(GREETINGS) as (keyof typeof GREETINGS)[])("ends with one unreadable finding when %s answers (PGSSLMODE prefer, libpq's default)", async (name) => {
    const port = await greetingServer(GREETINGS[name]);
    const yaml = contractYaml(`servers:
  - server: prod
    type: postgres
    host: 127.0.0.1
    port: ${port}
    database: analytics
schema:
  - name: orders
    properties:
      - { name: id, logicalType: integer, required: true }
`);
    // A connect timeout longer than the test's: without the fix the run waited on the greeting's socket for good.
    const run = await runContract(dir, yaml, { server: "prod", env: { MESHKIT_POSTGRES_USER: "tester", MESHKIT_POSTGRES_PASSWORD: "s3cret-pw", PGSSLMODE: "prefer" }, postgres: { connectTimeoutMs: 60_000 } });
    expect(run.findings.map((f) => [f.ruleId, f.path, f.message])).toEqual([
      [
        "quality-data-unreadable",
        "/servers/0",
        `Cannot connect to PostgreSQL server \`prod\` at 127.0.0.1:${port}/analytics as \`tester\`: the server answered the TLS request as no PostgreSQL server does (another service may listen on that port): check the server entry's host and port`,
      ],
    ]);
    expect(QUALITY_INPUT_RULE_IDS.has(run.findings[0]!.ruleId as never)).toBe(true);
    expect(JSON.stringify(run)).not.toContain("s3cret-pw");
  }, 20_000);
});
