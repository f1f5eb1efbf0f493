import { createServer } from "node:net";
import { describe, expect, it } from "vitest";
import { describeFetchError } from "./network-error.js";

/** What Node's fetch throws: "fetch failed", the socket's error (with its code) as the cause. */
function fetchFailure(code: string | undefined, message = "socket error"): TypeError {
  return new TypeError("fetch failed", { cause: Object.assign(new Error(message), code ? { code } : {}) });
}

describe("describeFetchError", () => {
  const url = "http://gms.example:8080/aspects";

  it("says what the socket's error code means, naming the service that should answer", () => {
    expect(describeFetchError(fetchFailure("ECONNREFUSED"), url, "DataHub")).toBe("connection refused by gms.example:8080 (is DataHub running and listening there?)");
    expect(describeFetchError(fetchFailure("ENOTFOUND"), url, "DataHub")).toBe("the host name gms.example could not be resolved (ENOTFOUND)");
    expect(describeFetchError(fetchFailure("ECONNRESET"), url, "OPA")).toBe("the connection to gms.example:8080 was closed before OPA answered (ECONNRESET)");
    expect(describeFetchError(fetchFailure("UND_ERR_CONNECT_TIMEOUT"), url, "OPA")).toBe("the connection to gms.example:8080 timed out (UND_ERR_CONNECT_TIMEOUT)");
    expect(describeFetchError(fetchFailure("EHOSTUNREACH"), url, "OPA")).toBe("gms.example:8080 is unreachable (EHOSTUNREACH)");
    // A certificate Node cannot verify: how to trust its CA.
    expect(describeFetchError(fetchFailure("DEPTH_ZERO_SELF_SIGNED_CERT"), url, "OPA")).toBe(
      "TLS error talking to gms.example:8080 (DEPTH_ZERO_SELF_SIGNED_CERT): its certificate is not signed by a CA Node trusts; to trust a private or self-signed CA, point NODE_EXTRA_CA_CERTS at its certificate (a PEM file)",
    );
    expect(describeFetchError(fetchFailure("CERT_HAS_EXPIRED"), url, "OPA")).toBe("TLS error talking to gms.example:8080 (CERT_HAS_EXPIRED)");
    // Another error: its message on one line, the credentials of every URL in it left out, its code after it.
    expect(describeFetchError(fetchFailure("EWEIRD", "odd\nfailure at https://user:secret@host/x and git://t@b.example"), url, "OPA")).toBe("odd failure at https://host/x and git://b.example (EWEIRD)");
  });

  it("says a port fetch refuses to connect to is one, as Node's fetch says only 'bad port'", async () => {
    // 6000 (X11) is one of the Fetch standard's bad ports: fetch fails before connecting.
    const error = await fetch("http://127.0.0.1:6000/").catch((e: unknown) => e);
    expect(describeFetchError(error, "http://127.0.0.1:6000/metrics", "the Pushgateway")).toBe(
      'fetch never connects to port 6000 of 127.0.0.1:6000, a "bad port" of the Fetch standard (such as 6000 or 10080): serve the Pushgateway on another port',
    );
  });

  it("says a port that does not answer in HTTP, or not in TLS for an https:// URL, may be another service's", async () => {
    // An SSH server greets first: what fetch reads is no HTTP answer.
    const greeter = createServer((socket) => socket.write("SSH-2.0-OpenSSH_9.6\r\n"));
    await new Promise<void>((done) => greeter.listen(0, "127.0.0.1", done));
    const { port } = greeter.address() as { port: number };
    try {
      const plain = await fetch(`http://127.0.0.1:${port}/`).catch((e: unknown) => e);
      expect(describeFetchError(plain, `http://127.0.0.1:${port}/`, "the Pushgateway")).toBe(
        `127.0.0.1:${port} did not answer in HTTP (HPE_INVALID_CONSTANT): another service may listen on that port; check the URL's host and port`,
      );
      const tls = await fetch(`https://127.0.0.1:${port}/`).catch((e: unknown) => e);
      expect(describeFetchError(tls, `https://127.0.0.1:${port}/`, "the Pushgateway")).toBe(
        `TLS error talking to 127.0.0.1:${port} (ERR_SSL_WRONG_VERSION_NUMBER): it does not answer TLS on that port; if the Pushgateway serves plain HTTP there, use an http:// URL`,
      );
    } finally {
      greeter.close();
    }
  });

  it("describes a real refused connection", async () => {
    const server = createServer();
    await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
    const { port } = server.address() as { port: number };
    await new Promise<void>((done) => server.close(() => done()));
    const error = await fetch(`http://127.0.0.1:${port}/`).catch((e: unknown) => e);
    expect(describeFetchError(error, `http://127.0.0.1:${port}/`, "OPA")).toBe(`connection refused by 127.0.0.1:${port} (is OPA running and listening there?)`);
  });
});
