import { userInfo } from "node:os";
import { describe, expect, it } from "vitest";
import { loadText } from "./document.js";
import { connectPostgres, type PostgresClientOptions, postgresDatabaseProblem, postgresHostProblem, postgresServerAddress, scrubSecret } from "./postgres-connection.js";

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

// A server entry may write an IPv6 address as a URL does (`[::1]`): the driver resolves no bracketed name.
describe("connectPostgres: the host", () => {
  it("connects to an IPv6 address written in brackets without them, and names it in brackets with its port", async () => {
    for (const [host, connected, shown] of [
      ["[::1]", "::1", "[::1]:5432"],
      ["::1", "::1", "[::1]:5432"],
      ["[fe80::1%eth0]", "fe80::1%eth0", "[fe80::1%eth0]:5432"],
      ["/run/my postgres", "/run/my postgres", "/run/my postgres:5432"],
      ["db.internal", "db.internal", "db.internal:5432"],
    ] as const) {
      const { made, make } = refusedClients();
      const failure = await refusal(connectPostgres({ ...endpoint, host, user: "meshkit" }, options, make));
      expect(made.map((m) => m.host), host).toEqual([connected]);
      expect(failure.message, host).toContain(`at ${shown}/analytics as`);
    }
  });
});

describe("connectPostgres: a server that is not PostgreSQL", () => {
  it("closes the socket before ending a client whose TLS request got no PostgreSQL answer, and does not try again without TLS", async () => {
    const made: PostgresClientOptions[] = [];
    const destroyed: boolean[] = [];
    const make = (options: PostgresClientOptions) => {
      made.push(options);
      let closed = false;
      destroyed.push(false);
      const index = destroyed.length - 1;
      return {
        connect: () => Promise.reject(new Error("There was an error establishing an SSL connection")),
        // As pg's end(): it waits for the server to close the connection, which another service never does.
        end: () => (closed ? Promise.resolve() : new Promise<void>(() => undefined)),
        on: () => undefined,
        connection: {
          stream: {
            destroy: () => {
              closed = true;
              destroyed[index] = true;
            },
          },
        },
      };
    };
    const failure = await refusal(connectPostgres({ ...endpoint, user: "meshkit" }, { tls: { mode: "prefer" }, connectTimeoutMs: 1000 }, make));
    expect(destroyed).toEqual([true]);
    expect(made.map((m) => m.ssl !== false)).toEqual([true]);
    expect(failure.message).toBe(
      "Cannot connect to PostgreSQL server `prod` at 127.0.0.1:5432/analytics as `meshkit`: the server answered the TLS request as no PostgreSQL server does (another service may listen on that port): check the server entry's host and port",
    );
  });
});

describe("scrubSecret", () => {
  it("replaces the password wherever it stands as a whole, never inside a longer word", () => {
    expect(scrubSecret("could not connect with password=Secr3t-pw! to 'Secr3t-pw!' (u:Secr3t-pw!@host)", "Secr3t-pw!")).toBe("could not connect with password=*** to '***' (u:***@host)");
    expect(scrubSecret("bad\nline Secr3tSecr3t", "Secr3t")).toBe("bad line Secr3tSecr3t");
    // A short password inside words: the message stays readable, and the stars do not spell the password out.
    const message = 'Cannot connect to PostgreSQL server `pg` as `meshkit`: password authentication failed for user "meshkit"';
    expect(scrubSecret(message, "e")).toBe(message);
    expect(scrubSecret(message, "meshkit")).toBe('Cannot connect to PostgreSQL server `pg` as `***`: password authentication failed for user "***"');
    expect(scrubSecret("function émcheck_next() … é", "é")).toBe("function émcheck_next() … ***");
    // A password that starts or ends with a non-word character is replaced even next to letters.
    expect(scrubSecret("token:!x!abc", "!x!")).toBe("token:***abc");
    expect(scrubSecret("no secret", undefined)).toBe("no secret");
  });
});

describe("a server entry's host and database carrying credentials", () => {
  it("refuses a connection URI, user:password@ or password= without repeating it", () => {
    for (const host of ["postgresql://u:pw-1@db/x", "u:pw-1@db", "db password=pw-1", "db?Password=pw-1"]) {
      expect(postgresHostProblem("prod", host), host).toMatch(/^server `prod` has a host that is not a host name/);
      expect(postgresHostProblem("prod", host), host).not.toContain("pw-1");
    }
    for (const database of ["postgres://u:pw-1@db/x", "u:pw-1@analytics", "dbname=x PASSWORD=pw-1"]) {
      expect(postgresDatabaseProblem("prod", database), database).toMatch(/^server `prod` has a database that is not a database name/);
      expect(postgresDatabaseProblem("prod", database), database).not.toContain("pw-1");
    }
  });

  it("takes host names, addresses, socket directories and any other database name", () => {
    for (const host of ["db.internal", "127.0.0.1", "::1", "/var/run/postgresql"]) expect(postgresHostProblem("prod", host), host).toBeUndefined();
    for (const database of ["analytics", "my db", "a:b", "sales@eu", "Größe \"x\""]) expect(postgresDatabaseProblem("prod", database), database).toBeUndefined();
  });
});

// contract-test and provision read an entry through this one function: one of them connecting where the other refuses was the defect.
describe("postgresServerAddress", () => {
  it("reads the host without its spaces, a port written as a number or as its digits, 5432 when absent", () => {
    expect(postgresServerAddress("prod", { host: " db.internal ", port: 6432, database: "a" })).toEqual({ ok: true, address: { host: "db.internal", port: 6432, database: "a" } });
    expect(postgresServerAddress("prod", { host: "db", port: "5433", database: "a" })).toEqual({ ok: true, address: { host: "db", port: 5433, database: "a" } });
    expect(postgresServerAddress("prod", { host: "db", database: "a" })).toMatchObject({ ok: true, address: { port: 5432 } });
    expect(postgresServerAddress("prod", { host: "db", port: null, database: "a" })).toMatchObject({ ok: true, address: { port: 5432 } });
  });

  it("refuses a port that is no whole number from 1 to 65535, a boolean, hexadecimal or exponent included", () => {
    for (const port of [true, "0x1538", "5e3", "5432.5", 5432.5, 0, 65536, "", "x", -1]) {
      expect(postgresServerAddress("prod", { host: "db", port, database: "a" }), String(port)).toEqual({
        ok: false,
        problem: `server \`prod\` (postgres) has port ${JSON.stringify(port)}; a port is a whole number from 1 to 65535`,
      });
    }
  });

  it("takes an unquoted YAML 0x1538 as the number YAML 1.2 reads (5432), and refuses it quoted", () => {
    const server = (port: string) => loadText("c.odcs.yaml", `host: db\ndatabase: a\nport: ${port}\n`).documents[0]?.value as Record<string, unknown>;
    expect(postgresServerAddress("prod", server("0x1538"))).toMatchObject({ ok: true, address: { port: 5432 } });
    expect(postgresServerAddress("prod", server("5e3"))).toMatchObject({ ok: true, address: { port: 5000 } });
    expect(postgresServerAddress("prod", server('"0x1538"'))).toMatchObject({ ok: false });
  });

  it("refuses a missing host or database, and one carrying credentials, without repeating it", () => {
    expect(postgresServerAddress("prod", { host: "  ", database: "a" })).toEqual({ ok: false, problem: "server `prod` (postgres) has no `host`" });
    expect(postgresServerAddress("prod", { host: "db" })).toEqual({ ok: false, problem: "server `prod` (postgres) has no `database`" });
    const uri = postgresServerAddress("prod", { host: " u:pw-1@db ", database: "a" });
    expect(uri).toMatchObject({ ok: false });
    expect(JSON.stringify(uri)).not.toContain("pw-1");
  });
});
