import { createHash } from "node:crypto";
import { createServer } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fetchAssets } from "@/lib/face/worker/asset-cache";

const body = Buffer.from("pretend this is a model file ".repeat(1000));
const sha = createHash("sha256").update(body).digest("hex");
let base = "";
const server = createServer((req, res) => {
  if (req.url === "/models/m.bin") {
    res.writeHead(200, { "Content-Length": String(body.length) });
    res.end(body);
  } else {
    res.writeHead(404).end();
  }
});

beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const a = server.address();
  base = `http://127.0.0.1:${typeof a === "object" && a ? a.port : 0}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe("fetchAssets (no Cache Storage in Node: always downloads)", () => {
  it("returns the bytes and reports progress up to the total", async () => {
    const seen: number[] = [];
    const [a] = await fetchAssets([{ url: `${base}/models/m.bin`, bytes: body.length, sha256: sha, version: sha }], (p) => seen.push(p.loaded));
    expect(Buffer.from(a!.data).equals(body)).toBe(true);
    expect(a!.fromCache).toBe(false);
    expect(seen[seen.length - 1]).toBe(body.length);
  });

  it("rejects a file whose sha256 does not match the registry", async () => {
    await expect(fetchAssets([{ url: `${base}/models/m.bin`, bytes: body.length, sha256: "0".repeat(64), version: "x" }])).rejects.toThrow(
      /does not match the registry/,
    );
  });

  it("reports a missing file clearly", async () => {
    await expect(fetchAssets([{ url: `${base}/models/nope.bin`, bytes: 1, version: "x" }])).rejects.toThrow(/HTTP 404/);
  });
});
