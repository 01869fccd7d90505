import { createHash } from "node:crypto";
import { createServer } from "node:http";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BrowserAsset } from "@/lib/face/assets";
import { fetchAssets } from "@/lib/face/worker/asset-cache";

const body = Buffer.from("pretend this is a model file ".repeat(1000));
const gz = gzipSync(body);
const sha = createHash("sha256").update(body).digest("hex");
let base = "";
const server = createServer((req, res) => {
  const send = (b: Buffer, type: string) => res.writeHead(200, { "Content-Length": String(b.length), "Content-Type": type }).end(b);
  if (req.url === "/models/m.bin.gz") send(gz, "application/gzip");
  else if (req.url === "/models/plain.bin") send(body, "application/octet-stream"); // a host that decoded it on the way
  else if (req.url === "/ort/rt.wasm") send(body, "application/wasm");
  else res.writeHead(404).end();
});

const model = (path: string, hash = sha): BrowserAsset => ({ url: `${base}${path}`, bytes: body.length, sha256: hash, gzip: true, kind: "model" });

beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const a = server.address();
  base = `http://127.0.0.1:${typeof a === "object" && a ? a.port : 0}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe("fetchAssets", () => {
  it("inflates a gzip model, checks its sha256 and reports progress up to the total", async () => {
    const seen: number[] = [];
    const [a] = await fetchAssets([model("/models/m.bin.gz")], (p) => seen.push(p.loaded));
    expect(Buffer.from(a!.data!).equals(body)).toBe(true);
    expect(a!.fromCache).toBe(false);
    expect(seen[seen.length - 1]).toBe(gz.length); // progress counts the bytes that travel
  });

  it("accepts a model the host already decoded (no gzip header in the bytes)", async () => {
    const [a] = await fetchAssets([model("/models/plain.bin")]);
    expect(Buffer.from(a!.data!).equals(body)).toBe(true);
  });

  it("reads a runtime through without keeping its bytes (its loader fetches it again from the HTTP cache)", async () => {
    const [a] = await fetchAssets([{ url: `${base}/ort/rt.wasm`, bytes: body.length, sha256: sha, gzip: false, kind: "runtime" }]);
    expect(a!.data).toBeUndefined();
    expect(a!.transferredBytes).toBeGreaterThan(0);
  });

  it("rejects a model whose sha256 does not match the registry", async () => {
    await expect(fetchAssets([model("/models/m.bin.gz", "0".repeat(64))])).rejects.toThrow(/does not match the registry/);
  });

  it("reports a missing file clearly", async () => {
    await expect(fetchAssets([model("/models/nope.bin")])).rejects.toThrow(/HTTP 404/);
  });
});
