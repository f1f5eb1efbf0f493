/**
 * An HTTP answer larger than any client should read, for tests of bounded readers: a body of `total`
 * bytes written only as fast as the client takes it (pipeline waits for each chunk to drain), so a test
 * offers hundreds of MiB without allocating them; `sent()` is what left the server, `hungUp` resolves
 * when the client drops the connection before the end.
 */
import { type ServerResponse, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Readable, pipeline } from "node:stream";

export interface OversizedAnswer {
  /** Writes the answer on a response (for a server of the test's own). */
  reply(response: ServerResponse): void;
  sent(): number;
  hungUp: Promise<void>;
}

/** The answer: HTTP `code`, `prefix` (e.g. the start of a JSON string that never ends) then filler, with or without a Content-Length. */
export function oversizedAnswer(code: number, total: number, declared: boolean, prefix = ""): OversizedAnswer {
  let sent = 0;
  let hangUp!: () => void;
  const hungUp = new Promise<void>((resolve) => (hangUp = resolve));
  const chunk = Buffer.alloc(64 * 1024, "x");
  function* body(): Generator<Buffer> {
    for (; sent < total; sent += chunk.length) yield sent === 0 && prefix !== "" ? Buffer.concat([Buffer.from(prefix), chunk]) : chunk;
  }
  const reply = (response: ServerResponse) => {
    response.writeHead(code, { "content-type": "application/json", ...(declared ? { "content-length": String(total) } : {}) });
    response.on("close", () => (response.writableFinished ? undefined : hangUp()));
    pipeline(Readable.from(body()), response, () => undefined);
  };
  return { reply, sent: () => sent, hungUp };
}

/** A loopback server giving every request `oversizedAnswer(code, total, declared, prefix)`. */
export async function startOversizedServer(code: number, total: number, declared: boolean, prefix = ""): Promise<Omit<OversizedAnswer, "reply"> & { url: string; close(): Promise<void> }> {
  const answer = oversizedAnswer(code, total, declared, prefix);
  const server = createServer((request, response) => {
    request.resume();
    answer.reply(response);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    sent: answer.sent,
    hungUp: answer.hungUp,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
