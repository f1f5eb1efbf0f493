/**
 * Larger answers are refused while they are read: no service meshkit asks (OPA, DataHub, OpenMetadata,
 * a Pushgateway) answers it this much, and a server that does (broken, or hostile) must not make a
 * command hold its whole answer in memory.
 */
export const MAX_RESPONSE_BYTES = 10 * 1024 * 1024;

/** The body of an HTTP answer as text, or why it was not read (a noun phrase: "an answer of …"). */
export type ResponseText = { ok: true; text: string } | { ok: false; reason: string };

/**
 * Reads an answer's body as UTF-8 text (as `response.text()` does), at most `maxBytes` of it: a
 * Content-Length over the limit is refused before anything is read, and a body that grows past it
 * (no Content-Length, a wrong one, or a compressed body that inflates) is cut off there. Either way the
 * body is cancelled, so the connection is dropped and the rest is never received. Errors of the
 * connection itself (reset, aborted by the caller's timeout) are thrown, as fetch throws them.
 */
export async function readResponseText(response: Response, maxBytes = MAX_RESPONSE_BYTES): Promise<ResponseText> {
  const declared = contentLength(response.headers.get("content-length"));
  if (declared !== undefined && declared > maxBytes) {
    await response.body?.cancel();
    return { ok: false, reason: `an answer of ${formatBytes(declared)} (by its Content-Length), more than the ${formatBytes(maxBytes)} meshkit reads` };
  }
  if (!response.body) return { ok: true, text: "" };
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let length = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    length += value.byteLength;
    if (length > maxBytes) {
      await reader.cancel();
      return { ok: false, reason: `an answer larger than the ${formatBytes(maxBytes)} meshkit reads` };
    }
    chunks.push(value);
  }
  return { ok: true, text: new TextDecoder().decode(Buffer.concat(chunks, length)) };
}

function contentLength(header: string | null): number | undefined {
  return header !== null && /^\s*\d+\s*$/.test(header) ? Number(header) : undefined;
}

/** `10.0 MiB`, `64.0 KiB`, `512 bytes`: one decimal, as core's file size messages. */
function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${bytes} bytes`;
}
