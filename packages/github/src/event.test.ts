import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { UsageError } from "@meshkit/core";
import { afterAll, describe, expect, it } from "vitest";
import { eventValue, readEvent } from "./event.js";

const dir = mkdtempSync(join(tmpdir(), "meshkit-event-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function payloadFile(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe("readEvent", () => {
  it("reads the event name and its JSON payload", () => {
    const path = payloadFile("pr.json", JSON.stringify({ pull_request: { base: { sha: "a".repeat(40) } } }));
    const event = readEvent({ GITHUB_EVENT_NAME: "pull_request", GITHUB_EVENT_PATH: path });
    expect(event).toEqual({ name: "pull_request", payload: { pull_request: { base: { sha: "a".repeat(40) } } } });
  });

  it("is undefined outside a workflow run", () => {
    expect(readEvent({})).toBeUndefined();
    expect(readEvent({ GITHUB_EVENT_PATH: payloadFile("x.json", "{}") })).toBeUndefined();
  });

  it("says what is wrong with a missing or bad payload, without printing it", () => {
    const read = (path: string | undefined) => () => readEvent({ GITHUB_EVENT_NAME: "push", ...(path === undefined ? {} : { GITHUB_EVENT_PATH: path }) });
    expect(read(undefined)).toThrow(new UsageError("cannot read the push event: GITHUB_EVENT_PATH is not set"));
    expect(read(join(dir, "missing.json"))).toThrow("cannot read the push event payload (GITHUB_EVENT_PATH): no such file");
    expect(read(payloadFile("bad.json", '{"token": "s3cr3t", '))).toThrow(/^cannot read the push event payload \(GITHUB_EVENT_PATH\): it is not valid JSON$/);
    expect(read(payloadFile("array.json", "[1]"))).toThrow("it is not a JSON object");
    expect(read(dir)).toThrow(UsageError);
  });
});

describe("eventValue", () => {
  it("follows a path of keys, undefined when a step is missing or not an object", () => {
    const payload = { pull_request: { base: { sha: "abc" } }, list: [1], nothing: null };
    expect(eventValue(payload, ["pull_request", "base", "sha"])).toBe("abc");
    expect(eventValue(payload, ["pull_request", "head", "sha"])).toBeUndefined();
    expect(eventValue(payload, ["list", "0"])).toBeUndefined();
    expect(eventValue(payload, ["nothing", "x"])).toBeUndefined();
    expect(eventValue(payload, ["pull_request", "toString"])).toBeUndefined();
    expect(eventValue(payload, [])).toBe(payload);
  });
});
