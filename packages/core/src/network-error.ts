import { oneLine, withoutUrlCredentials } from "./message-text.js";

/**
 * Why a `fetch` to a service failed, in one line a person can act on. Node's fetch (undici) throws
 * "fetch failed" and puts the socket's error, with its code, in `cause`: the code says what happened.
 * `service` names what should answer at `url` ("OPA", "the Pushgateway", "DataHub"). Credentials in a
 * URL the message quotes are left out.
 */
export function describeFetchError(error: unknown, url: string, service: string): string {
  const { host, hostname, port } = new URL(url);
  const code = fetchErrorCode(error);
  switch (code) {
    case "ECONNREFUSED":
      return `connection refused by ${host} (is ${service} running and listening there?)`;
    case "ENOTFOUND":
    case "EAI_AGAIN":
    case "EAI_NONAME":
      return `the host name ${hostname} could not be resolved (${code})`;
    case "ECONNRESET":
    case "EPIPE":
    case "UND_ERR_SOCKET":
    case "UND_ERR_CLOSED":
      return `the connection to ${host} was closed before ${service} answered (${code})`;
    case "ETIMEDOUT":
    case "UND_ERR_CONNECT_TIMEOUT":
    case "UND_ERR_HEADERS_TIMEOUT":
    case "UND_ERR_BODY_TIMEOUT":
      return `the connection to ${host} timed out (${code})`;
    case "EHOSTUNREACH":
    case "ENETUNREACH":
      return `${host} is unreachable (${code})`;
  }
  // A certificate Node cannot verify (self-signed, a private CA's): the code alone leaves the user no way
  // forward, and turning verification off is not one meshkit offers.
  if (code && /SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER/i.test(code)) return `TLS error talking to ${host} (${code}): its certificate is not signed by a CA Node trusts; to trust a private or self-signed CA, point NODE_EXTRA_CA_CERTS at its certificate (a PEM file)`;
  // An https:// URL to a port that answers in plain text: OpenSSL reads its first bytes as a TLS record.
  if (code === "ERR_SSL_WRONG_VERSION_NUMBER" || code === "ERR_SSL_PACKET_LENGTH_TOO_LONG") {
    return `TLS error talking to ${host} (${code}): it does not answer TLS on that port; if ${service} serves plain HTTP there, use an http:// URL`;
  }
  if (code && /CERT|SSL|TLS/i.test(code)) return `TLS error talking to ${host} (${code})`;
  // llhttp's parse errors (HPE_*) say "Response does not match the HTTP/1.1 protocol (Expected HTTP/)", which names
  // no cause: the usual one is another service on that port (SSH, a database) that greets first.
  if (code?.startsWith("HPE_")) return `${host} did not answer in HTTP (${code}): another service may listen on that port; check the URL's host and port`;
  const cause = (error as { cause?: unknown } | undefined)?.cause;
  const message = cause instanceof Error ? cause.message : error instanceof Error ? error.message : String(error);
  // The Fetch standard's "bad ports" (6000, 10080, …): fetch refuses them before connecting, and says only "bad port".
  if (message === "bad port") return `fetch never connects to port ${port || "(default)"} of ${host}, a "bad port" of the Fetch standard (such as 6000 or 10080): serve ${service} on another port`;
  return `${oneLine(withoutUrlCredentials(message), 200)}${code ? ` (${code})` : ""}`;
}

/** The error code of a fetch failure: the error's own, or its causes' (undici nests the socket's error). */
export function fetchErrorCode(error: unknown): string | undefined {
  for (let current: unknown = error, depth = 0; current && depth < 4; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string") return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

