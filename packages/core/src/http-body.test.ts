import { describe, expect, it } from "vitest";
import { MAX_RESPONSE_BYTES, readResponseText } from "./http-body.js";

/** A body of `total` bytes in 1 KiB chunks, made only as they are read; `pulled` counts what was made. */
function lazyBody(total: number): { stream: ReadableStream<Uint8Array>; pulled: () => number; cancelled: () => boolean } {
  let made = 0;
  let cancelled = false;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (made >= total) return controller.close();
      const chunk = new Uint8Array(Math.min(1024, total - made)).fill(0x61);
      made += chunk.byteLength;
      controller.enqueue(chunk);
    },
    cancel() {
      cancelled = true;
    },
  }, { highWaterMark: 0 });
  return { stream, pulled: () => made, cancelled: () => cancelled };
}

describe("readResponseText", () => {
  it("reads a body up to the limit, UTF-8 decoded across chunk boundaries", async () => {
    const euro = new TextEncoder().encode("€"); // 3 bytes, split over two chunks
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(euro.subarray(0, 2));
        controller.enqueue(euro.subarray(2));
        controller.close();
      },
    });
    expect(await readResponseText(new Response(stream), 3)).toEqual({ ok: true, text: "€" });
    expect(await readResponseText(new Response(null, { status: 204 }))).toEqual({ ok: true, text: "" });
  });

  it("stops at the first byte over the limit and cancels the rest", async () => {
    const body = lazyBody(1024 * 1024);
    expect(await readResponseText(new Response(body.stream), 4096)).toEqual({ ok: false, reason: "an answer larger than the 4.0 KiB meshkit reads" });
    expect(body.pulled()).toBeLessThanOrEqual(4096 + 1024);
    expect(body.cancelled()).toBe(true);
  });

  it("refuses a Content-Length over the limit without reading", async () => {
    const body = lazyBody(400 * 1024 * 1024);
    const response = new Response(body.stream, { headers: { "content-length": String(400 * 1024 * 1024) } });
    expect(await readResponseText(response)).toEqual({ ok: false, reason: "an answer of 400.0 MiB (by its Content-Length), more than the 10.0 MiB meshkit reads" });
    expect(body.pulled()).toBe(0);
    expect(body.cancelled()).toBe(true);
  });

  it("does not trust a Content-Length under the limit", async () => {
    const body = lazyBody(MAX_RESPONSE_BYTES + 1);
    const response = new Response(body.stream, { headers: { "content-length": "10" } });
    expect(await readResponseText(response)).toEqual({ ok: false, reason: "an answer larger than the 10.0 MiB meshkit reads" });
  });
});
