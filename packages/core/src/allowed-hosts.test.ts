import { describe, expect, it } from "vitest";
import { checkCredentialHost } from "./allowed-hosts.js";
import { UsageError } from "./findings.js";

const env = (list: string) => ({ MESHKIT_ALLOWED_HOSTS: list });

describe("checkCredentialHost", () => {
  it("allows any host when MESHKIT_ALLOWED_HOSTS is unset or blank", () => {
    expect(() => checkCredentialHost("the PostgreSQL server", "evil.example", 5432, {})).not.toThrow();
    expect(() => checkCredentialHost("the PostgreSQL server", "evil.example", 5432, env("  "))).not.toThrow();
  });

  it("allows a listed host, without case, on any port or the listed one; *.domain takes the hosts under it", () => {
    const list = env("DB.internal, opa.example.com:8181 *.warehouse.example.com [::1]:5432");
    for (const [host, port] of [["db.internal", 5432], ["db.internal.", 6432], ["opa.example.com", 8181], ["a.warehouse.example.com", 5432], ["::1", 5432]] as const) {
      expect(() => checkCredentialHost("x", host, port, list), `${host}:${port}`).not.toThrow();
    }
  });

  it("refuses any other host, port or the bare wildcard domain, naming the list", () => {
    const list = env("db.internal,opa.example.com:8181,*.warehouse.example.com");
    expect(() => checkCredentialHost("the PostgreSQL server", "attacker.example", 5432, list)).toThrow(
      new UsageError("the PostgreSQL server attacker.example:5432 is not in MESHKIT_ALLOWED_HOSTS (db.internal, opa.example.com:8181, *.warehouse.example.com): meshkit sends credentials and data only to the hosts listed there"),
    );
    expect(() => checkCredentialHost("OPA", "opa.example.com", 9999, list)).toThrow(UsageError);
    expect(() => checkCredentialHost("x", "warehouse.example.com", 5432, list)).toThrow(UsageError);
    expect(() => checkCredentialHost("x", "db.internal.evil.example", 5432, list)).toThrow(UsageError);
  });

  it("allows a listed PostgreSQL socket directory, colons in its name included (Cloud SQL), as written, on any port", () => {
    const list = env("/cloudsql/acme-prod:europe-west1:orders, /var/run/postgresql/");
    for (const host of ["/cloudsql/acme-prod:europe-west1:orders", "/cloudsql/acme-prod:europe-west1:orders/", "/var/run/postgresql"]) {
      expect(() => checkCredentialHost("the PostgreSQL server", host, 5432, list), host).not.toThrow();
    }
    for (const host of ["/cloudsql/acme-prod:europe-west1:other", "/CLOUDSQL/acme-prod:europe-west1:orders", "/tmp"]) {
      expect(() => checkCredentialHost("the PostgreSQL server", host, 5432, list), host).toThrow(UsageError);
    }
  });

  it("allows a listed link-local IPv6 address with its zone", () => {
    const list = env("[fe80::1%eth0]:5432");
    expect(() => checkCredentialHost("the PostgreSQL server", "fe80::1%eth0", 5432, list)).not.toThrow();
    expect(() => checkCredentialHost("the PostgreSQL server", "[fe80::1%eth0]", 5432, list)).not.toThrow();
    expect(() => checkCredentialHost("the PostgreSQL server", "fe80::1%eth1", 5432, list)).toThrow(UsageError);
  });

  it("refuses an entry that is no host", () => {
    expect(() => checkCredentialHost("x", "db", 1, env("http://db:5432"))).toThrow(/MESHKIT_ALLOWED_HOSTS: "http:\/\/db:5432" is not a host name/);
  });
});
