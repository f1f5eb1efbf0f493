import { userInfo } from "node:os";
import { describe, expect, it } from "vitest";
import { connectPostgres, type PostgresClientOptions } from "./postgres-connection.js";

/** A client that records the options it was made with and is refused as a server refuses a login. */
function refusedClients() {
  const made: PostgresClientOptions[] = [];
  const make = (options: PostgresClientOptions) => {
    made.push(options);
    return {
      connect: () => Promise.reject(Object.assign(new Error('password authentication failed for user "x"'), { code: "28P01" })),
      end: () => Promise.resolve(),
      on: () => undefined,
    };
  };
  return { made, make };
}

/** The error connectPostgres rejects with (it must reject: every client is refused). */
async function refusal(connecting: Promise<unknown>): Promise<Error> {
  return connecting.then(
    () => {
      throw new Error("connected, but every client is refused");
    },
    (error: unknown) => error as Error,
  );
}

const endpoint = { host: "127.0.0.1", port: 5432, database: "analytics", label: "prod" };
const options = { tls: { mode: "disable" }, connectTimeoutMs: 1000 };

describe("connectPostgres: the user", () => {
  it("connects as the operating system's user when no user is set, as libpq does, and names it when refused", async () => {
    const { made, make } = refusedClients();
    const failure = await refusal(connectPostgres(endpoint, options, make));
    const name = userInfo().username;
    expect(made.map((m) => m.user)).toEqual([name]);
    expect(failure.message).toBe(
      `Cannot connect to PostgreSQL server \`prod\` at 127.0.0.1:5432/analytics as \`${name}\`: password authentication failed for user "x" (the password comes from MESHKIT_POSTGRES_PASSWORD or PGPASSWORD)`,
    );
  });

  it("connects as the user set, never another", async () => {
    const { made, make } = refusedClients();
    const failure = await refusal(connectPostgres({ ...endpoint, user: "meshkit", password: "s3cret" }, options, make));
    expect(made.map((m) => m.user)).toEqual(["meshkit"]);
    expect(failure.message).toContain("as `meshkit`:");
  });
});
