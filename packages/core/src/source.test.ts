import { mkdtempSync, readdirSync, writeFileSync, truncateSync, mkdirSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { MAX_FILE_BYTES, decodeSource, readSourceFile } from "./source.js";

const dir = mkdtempSync(join(tmpdir(), "meshkit-source-"));

describe("readSourceFile", () => {
  it("reads UTF-8 text and drops a BOM", async () => {
    writeFileSync(join(dir, "ok.yaml"), "\uFEFFid: é\n");
    expect(readSourceFile(join(dir, "ok.yaml"), "ok.yaml")).toEqual({ ok: true, text: "id: é\n" });
  });

  it("says a folder given as a file is a folder", () => {
    mkdirSync(join(dir, "folder.yaml"));
    expect(readSourceFile(join(dir, "folder.yaml"), "folder.yaml")).toMatchObject({ ok: false, finding: { ruleId: "file-unreadable", message: "Not a regular file: a folder.", file: "folder.yaml" } });
  });

  it("refuses a file over the size limit without reading it", async () => {
    const big = join(dir, "big.yaml");
    writeFileSync(big, "");
    truncateSync(big, 50 * 1024 * 1024);
    const result = readSourceFile(big, "big.yaml");
    expect(result).toMatchObject({ ok: false, finding: { ruleId: "file-too-large", file: "big.yaml", line: 1, column: 1, stage: "input" } });
    expect(!result.ok && result.finding.message).toContain("50.0 MiB");
    expect(MAX_FILE_BYTES).toBe(10 * 1024 * 1024);
  });

  it("reads each file alone, whatever was read before it (small files share one buffer)", () => {
    writeFileSync(join(dir, "long.yaml"), `id: ${"a".repeat(40_000)}\n`);
    writeFileSync(join(dir, "short.yaml"), "id: b\n");
    writeFileSync(join(dir, "empty.yaml"), "");
    writeFileSync(join(dir, "huge.yaml"), `id: ${"c".repeat(2 * 1024 * 1024)}\n`);
    writeFileSync(join(dir, "binary.yaml"), "id: x\n\0");
    expect(readSourceFile(join(dir, "long.yaml"))).toEqual({ ok: true, text: `id: ${"a".repeat(40_000)}\n` });
    expect(readSourceFile(join(dir, "short.yaml"))).toEqual({ ok: true, text: "id: b\n" });
    expect(readSourceFile(join(dir, "empty.yaml"))).toEqual({ ok: true, text: "" });
    expect(readSourceFile(join(dir, "huge.yaml"))).toEqual({ ok: true, text: `id: ${"c".repeat(2 * 1024 * 1024)}\n` });
    expect(readSourceFile(join(dir, "binary.yaml"), "binary.yaml")).toMatchObject({ ok: false, finding: { ruleId: "file-not-text", line: 2, column: 1 } });
    // A text read earlier is not changed by the reads after it.
    const first = readSourceFile(join(dir, "short.yaml"));
    readSourceFile(join(dir, "long.yaml"));
    expect(first).toEqual({ ok: true, text: "id: b\n" });
  });

  it("explains missing files, symlink loops and directories, with the system's code", async () => {
    expect(readSourceFile(join(dir, "nope.yaml"), "nope.yaml")).toMatchObject({ ok: false, finding: { ruleId: "file-unreadable", message: expect.stringMatching(/^No such file or directory \(ENOENT\)/) } });
    // A Latin-1 name, as a folder listing gives it (U+FFFD for the byte that is not UTF-8): says why, not "check the path".
    const latin1 = mkdtempSync(join(tmpdir(), "meshkit-source-latin1-"));
    writeFileSync(Buffer.from(`${latin1}/caf\xe9.odcs.yaml`, "latin1"), "id: x\n");
    const [listed] = readdirSync(latin1);
    expect(listed).toBe("caf\uFFFD.odcs.yaml");
    expect(readSourceFile(join(latin1, listed!), listed)).toMatchObject({ ok: false, finding: { ruleId: "file-unreadable", message: expect.stringMatching(/^The file's name is not UTF-8 \(shown with �\).*rename it/) } });
    symlinkSync("loop-b", join(dir, "loop-a"));
    symlinkSync("loop-a", join(dir, "loop-b"));
    expect(readSourceFile(join(dir, "loop-a"), "loop-a")).toMatchObject({ ok: false, finding: { ruleId: "file-unreadable", message: expect.stringMatching(/^A symbolic link loop \(ELOOP\)/) } });
    mkdirSync(join(dir, "sub"));
    expect(readSourceFile(join(dir, "sub"), "sub")).toMatchObject({ ok: false, finding: { ruleId: "file-unreadable" } });
  });
});

describe("decodeSource", () => {
  it("points at the first NUL byte of binary content", () => {
    const bytes = Buffer.from("id: x\nab\0cd");
    expect(decodeSource(bytes, "b.yaml")).toMatchObject({ ok: false, finding: { ruleId: "file-not-text", line: 2, column: 3 } });
  });

  it("points at the first byte that is not UTF-8", () => {
    const bytes = Buffer.concat([Buffer.from("id: x\nname: caf"), Buffer.from([0xe9]), Buffer.from("\n")]); // Latin-1 é
    const result = decodeSource(bytes, "latin1.yaml");
    expect(result).toMatchObject({ ok: false, finding: { ruleId: "file-not-text", line: 2, column: 10 } });
    expect(!result.ok && result.finding.message).toContain("0xe9");
  });

  it("counts the column in UTF-16 code units, as every other finding, not in bytes", () => {
    const umlaut = Buffer.concat([Buffer.from("description:\n  purpose: Bäst"), Buffer.from([0xe4])]);
    expect(decodeSource(umlaut, "u.yaml")).toMatchObject({ ok: false, finding: { line: 2, column: 16 } });
    const emoji = Buffer.concat([Buffer.from("\uFEFFa: 😀"), Buffer.from([0xff])]); // (a BOM is no column)
    expect(decodeSource(emoji, "e.yaml")).toMatchObject({ ok: false, finding: { line: 1, column: 6 } });
  });

  it("counts CR, LF and CRLF as the line breaks YAML reads", () => {
    const bytes = Buffer.concat([Buffer.from("a: b\rc: d\r\ne: caf"), Buffer.from([0xe9])]);
    expect(decodeSource(bytes, "cr.yaml")).toMatchObject({ ok: false, finding: { line: 3, column: 7 } });
  });

  it("says a zip archive, such as a saved Terraform plan, is one, and how to get the plan's JSON", () => {
    const saved = Buffer.concat([Buffer.from("PK\x03\x04\x14\x00\x00\x00\x08\x00"), Buffer.from("tfplan")]);
    expect(decodeSource(saved, "plan.tfplan")).toMatchObject({
      ok: false,
      finding: {
        ruleId: "file-not-text",
        line: 1,
        column: 6,
        message: "Binary content: a zip archive, not a YAML or JSON document (byte 0x00 at offset 5); a saved Terraform plan (`terraform plan -out`) is one: check its JSON form, `terraform show -json <plan> > plan.json`.",
      },
    });
  });

  it("points at the first bad byte of UTF-16 text, with or without a byte order mark, and gives its offset", () => {
    const at = (bytes: Buffer) => {
      const result = decodeSource(bytes, "w.yaml");
      return result.ok ? undefined : [result.finding.line, result.finding.column, result.finding.message.match(/at offset (\d+)/)?.[1]];
    };
    expect(at(Buffer.from("\uFEFFid: x\n", "utf16le"))).toEqual([1, 1, "0"]);
    expect(at(Buffer.from("id: x\n", "utf16le"))).toEqual([1, 2, "1"]);
    expect(at(Buffer.from("id: x\n", "utf16le").swap16())).toEqual([1, 1, "0"]);
    expect(at(Buffer.from("\uFEFFid: x\n", "utf16le").swap16())).toEqual([1, 1, "0"]);
    expect(decodeSource(Buffer.from("\uFEFFid: x\n", "utf16le"), "w.yaml")).toMatchObject({ finding: { message: expect.stringContaining("UTF-16") } });
    expect(decodeSource(Buffer.from("id: x\n", "utf16le"), "w.yaml")).toMatchObject({ finding: { message: expect.stringContaining("UTF-16") } });
  });
});
