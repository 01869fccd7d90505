// The server's JPEG decoder (lib/face/node/jpeg.ts) on real and hostile input: crops come from the client.
import { readFileSync } from "node:fs";
import path from "node:path";
import jpeg from "jpeg-js";
import { describe, expect, it } from "vitest";
import { decodeJpegRgba, jpegSize, MAX_JPEG_BYTES } from "@/lib/face/node/jpeg";

const photo = new Uint8Array(readFileSync(path.join(__dirname, "../fixtures/silent-face-print-F1.jpg")));

/** The same JPEG with the frame size in its SOF header replaced. */
function withDeclaredSize(bytes: Uint8Array, width: number, height: number): Uint8Array {
  const out = bytes.slice();
  for (let i = 2; i < out.length - 9; i++) {
    if (out[i] === 0xff && out[i + 1]! >= 0xc0 && out[i + 1]! <= 0xc2) {
      out.set([height >> 8, height & 255, width >> 8, width & 255], i + 5);
      return out;
    }
  }
  throw new Error("no SOF marker");
}

describe("server JPEG decoding", () => {
  it("decodes a real photo to RGBA, within a few levels of jpeg-js's decode", async () => {
    const img = await decodeJpegRgba(photo);
    const ref = jpeg.decode(photo, { useTArray: true, formatAsRGBA: true });
    expect([img.width, img.height]).toEqual([ref.width, ref.height]);
    expect(img.data.length).toBe(ref.width * ref.height * 4);
    let far = 0;
    let sum = 0;
    for (let i = 0; i < img.data.length; i++) {
      const d = Math.abs(img.data[i]! - ref.data[i]!);
      if (d > 4) far++;
      sum += d;
    }
    // Two IDCTs and two chroma upsamplers (libjpeg's "fancy" one against pixel replication) differ by rounding
    // everywhere and by more only at a few sharp colour edges (measured: mean 0.41 level, worst 19).
    expect(sum / img.data.length).toBeLessThan(1);
    expect(far / img.data.length).toBeLessThan(0.005);
    // Alpha is opaque everywhere.
    for (let i = 3; i < img.data.length; i += 4 * 97) expect(img.data[i]).toBe(255);
  });

  it("reads the size from the header alone", () => {
    const ref = jpeg.decode(photo, { useTArray: true });
    expect(jpegSize(photo)).toEqual({ width: ref.width, height: ref.height });
    expect(() => jpegSize(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 73, 72, 68, 82, 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0]))).toThrow(
      /not a JPEG/,
    );
  });

  it("rejects a truncated file instead of returning a grey-padded image", async () => {
    await expect(decodeJpegRgba(photo.subarray(0, Math.floor(photo.length / 2)))).rejects.toThrow(/JPEG unreadable: .*(Premature end|corrupt)/i);
  });

  it("rejects garbage, an empty input and a corrupt scan", async () => {
    await expect(decodeJpegRgba(new Uint8Array(0))).rejects.toThrow(/not a JPEG/);
    await expect(decodeJpegRgba(new Uint8Array(4000).map((_, i) => (i * 7919) % 251))).rejects.toThrow(/not a JPEG/);
    const corrupt = photo.slice();
    for (let i = Math.floor(corrupt.length / 3); i < corrupt.length - 200; i += 13) corrupt[i] = 0xff;
    await expect(decodeJpegRgba(corrupt)).rejects.toThrow(/JPEG unreadable/);
  });

  it("refuses a small file that declares a huge image before decoding it, and too many bytes", async () => {
    const bomb = withDeclaredSize(photo, 60000, 60000);
    expect(jpegSize(bomb)).toEqual({ width: 60000, height: 60000 });
    await expect(decodeJpegRgba(bomb)).rejects.toThrow(/60000x60000 is over/);
    await expect(decodeJpegRgba(photo, 100 * 100)).rejects.toThrow(/is over 10000 pixels/);
    await expect(decodeJpegRgba(new Uint8Array(MAX_JPEG_BYTES + 1))).rejects.toThrow(/too large/);
  });

  it("still decodes after every kind of failure (the WASM module survives libjpeg's errors)", async () => {
    await decodeJpegRgba(photo.subarray(0, 500)).catch(() => {});
    await decodeJpegRgba(withDeclaredSize(photo, 300, 300)).catch(() => {});
    const img = await decodeJpegRgba(photo);
    expect(img.width).toBeGreaterThan(0);
  });
});
