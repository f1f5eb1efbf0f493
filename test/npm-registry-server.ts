/**
 * A local HTTP server that answers as an npm registry does (registry.npmjs.org, GitHub Packages) for the
 * calls npm makes to publish, view and install a package: `PUT /<name>` with the packument and the
 * tarball as a base64 `_attachments` entry (npm publish; a bearer token required, 401 without; 403 when
 * the version exists, as registries refuse to publish over a version), `GET /-/whoami` (npm whoami: the
 * token's user, 401 without or with another token), `GET /<name>` (the packument:
 * `dist-tags`, `versions` with `dist.tarball`, `dist.integrity`, `dist.shasum`; 404 when unknown) and
 * `GET /<name>/-/<file>.tgz`. For tests only: no registry but npm's public one can be reached from here,
 * and tests must not publish there.
 *
 * Packages not published to it are served from a `node_modules` folder (packed with npm on first
 * request), so that installing a published package resolves its dependencies without the network.
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, lstatSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { type IncomingMessage, type Server, type ServerResponse, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

interface Packument {
  _id: string;
  name: string;
  "dist-tags": Record<string, string>;
  versions: Record<string, Record<string, unknown> & { dist: { tarball: string; shasum: string; integrity: string } }>;
}

export interface NpmRegistryServer {
  url: string;
  /** Every publish received (name, version, dist-tag), in order. */
  published: { name: string; version: string; tag: string }[];
  /** The tarball published for name@version. */
  tarball(name: string, version: string): Buffer | undefined;
  /** Makes the next `count` publishes fail with a 500 (a registry outage). */
  failPublishes(count: number): void;
  close(): Promise<void>;
}

export async function startNpmRegistry(options: { token: string; nodeModules?: string }): Promise<NpmRegistryServer> {
  const packuments = new Map<string, Packument>();
  const tarballs = new Map<string, Buffer>();
  const published: NpmRegistryServer["published"] = [];
  const packDir = mkdtempSync(join(tmpdir(), "meshkit-npm-registry-"));
  let failing = 0;
  let base = "";

  const send = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify(body));
  };
  const tarballUrl = (name: string, file: string) => `${base}${name}/-/${file}`;
  const addVersion = (manifest: Record<string, unknown>, data: Buffer, tag?: string) => {
    const name = String(manifest.name);
    const version = String(manifest.version);
    const file = `${name.replace(/^@[^/]+\//, "")}-${version}.tgz`;
    tarballs.set(`${name}/-/${file}`, data);
    const dist = { tarball: tarballUrl(name, file), shasum: createHash("sha1").update(data).digest("hex"), integrity: `sha512-${createHash("sha512").update(data).digest("base64")}` };
    const doc = packuments.get(name) ?? { _id: name, name, "dist-tags": {}, versions: {} };
    doc.versions[version] = { ...manifest, _id: `${name}@${version}`, dist };
    if (tag) doc["dist-tags"][tag] = version;
    packuments.set(name, doc);
  };
  /** A package of node_modules, packed as npm would serve it. */
  const fromNodeModules = (name: string): Packument | undefined => {
    const dir = options.nodeModules ? join(options.nodeModules, name) : "";
    // Installed packages only: a workspace's link (private, never published) is not the registry's.
    if (!dir || !existsSync(join(dir, "package.json")) || lstatSync(dir).isSymbolicLink()) return undefined;
    const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as Record<string, unknown>;
    if (manifest.private === true) return undefined;
    const out = execFileSync("npm", ["pack", dir, "--json", "--ignore-scripts", "--pack-destination", packDir], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    const [{ filename }] = JSON.parse(out) as [{ filename: string }];
    addVersion(manifest, readFileSync(join(packDir, filename)), "latest");
    return packuments.get(name);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const path = decodeURIComponent(new URL(req.url ?? "/", base).pathname.slice(1));
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (req.method === "GET" && path === "-/whoami") {
      if (req.headers.authorization !== `Bearer ${options.token}`) return send(res, 401, { error: "Unauthorized" });
      return send(res, 200, { username: "release-bot" });
    }
    if (req.method === "GET" && path.includes("/-/")) {
      const data = tarballs.get(path);
      if (!data) return send(res, 404, { error: "Not found" });
      res.writeHead(200, { "content-type": "application/octet-stream", "content-length": data.length });
      return res.end(data);
    }
    if (req.method === "GET") {
      const doc = packuments.get(path) ?? fromNodeModules(path);
      return doc ? send(res, 200, doc) : send(res, 404, { error: "Not found" });
    }
    if (req.method === "PUT") {
      if (req.headers.authorization !== `Bearer ${options.token}`) return send(res, 401, { error: "You must be logged in to publish packages." });
      if (failing > 0) {
        failing -= 1;
        return send(res, 500, { error: "Internal Server Error" });
      }
      const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { name: string; "dist-tags": Record<string, string>; versions: Record<string, Record<string, unknown>>; _attachments: Record<string, { data: string }> };
      const [version] = Object.keys(body.versions);
      const [tag] = Object.keys(body["dist-tags"]);
      if (!version || !tag || Object.keys(body._attachments).length !== 1) return send(res, 400, { error: "a publish carries one version, one dist-tag and one tarball" });
      if (packuments.get(body.name)?.versions[version]) return send(res, 403, { error: `You cannot publish over the previously published versions: ${version}.` });
      addVersion(body.versions[version]!, Buffer.from(Object.values(body._attachments)[0]!.data, "base64"), tag);
      published.push({ name: body.name, version, tag });
      return send(res, 201, { ok: true, id: body.name });
    }
    send(res, 405, { error: "Method not allowed" });
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => send(res, 500, { error: String(error) }));
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  return {
    url: base,
    published,
    tarball: (name, version) => {
      const file = packuments.get(name)?.versions[version]?.dist.tarball;
      return file ? tarballs.get(file.slice(base.length)) : undefined;
    },
    failPublishes: (count) => {
      failing = count;
    },
    close: () =>
      new Promise<void>((done) => {
        rmSync(packDir, { recursive: true, force: true });
        server.close(() => done());
      }),
  };
}
