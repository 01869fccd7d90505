// scripts/deploy/traces.ts: what each function of a build ships, read from `.nft.json` traces (verify:deploy).
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { functionTraces, routeOf, unmet } from "@/scripts/deploy/traces";

function file(p: string, bytes: number) {
  mkdirSync(path.dirname(p), { recursive: true });
  writeFileSync(p, Buffer.alloc(bytes));
}

/** A miniature build: two routes, the minimal server's trace, a shared file and a linked external. */
function fakeBuild() {
  const root = mkdtempSync(path.join(tmpdir(), "clockface-traces-"));
  const dist = path.join(root, ".next");
  file(path.join(root, "node_modules/onnxruntime-node/bin/napi-v6/linux/x64/libonnxruntime.so.1"), 5000);
  file(path.join(root, "node_modules/onnxruntime-node/bin/napi-v6/linux/x64/onnxruntime_binding.node"), 300);
  file(path.join(root, "node_modules/next/server.js"), 1000);
  mkdirSync(path.join(dist, "node_modules"), { recursive: true });
  symlinkSync(path.join(root, "node_modules/onnxruntime-node"), path.join(dist, "node_modules/onnxruntime-node-1234"));
  file(path.join(dist, "server/app/check-in/page.js"), 200);
  file(path.join(dist, "server/app/(auth)/sign-in/page.js"), 100);
  writeFileSync(
    path.join(dist, "server/app/check-in/page.js.nft.json"),
    JSON.stringify({ files: ["../../../../node_modules/onnxruntime-node/bin/napi-v6/linux/x64/onnxruntime_binding.node", "../../../node_modules/onnxruntime-node-1234/bin/napi-v6/linux/x64/libonnxruntime.so.1"] }),
  );
  writeFileSync(path.join(dist, "server/app/(auth)/sign-in/page.js.nft.json"), JSON.stringify({ files: [] }));
  writeFileSync(path.join(dist, "next-minimal-server.js.nft.json"), JSON.stringify({ files: ["../node_modules/next/server.js"] }));
  return dist;
}

describe("function traces", () => {
  it("names routes as Next does (groups and the page/route suffix dropped)", () => {
    expect(routeOf("/x/.next/server/app", "/x/.next/server/app/(auth)/sign-in/page.js.nft.json")).toBe("/sign-in");
    expect(routeOf("/x/.next/server/app", "/x/.next/server/app/api/health/route.js.nft.json")).toBe("/api/health");
    expect(routeOf("/x/.next/server/app", "/x/.next/server/app/page.js.nft.json")).toBe("/");
  });

  it("sizes each function as its own files plus the server runtime's, each file once, symlinks followed, largest first", () => {
    const fns = functionTraces(fakeBuild());
    expect(fns.map((f) => [f.route, f.bytes])).toEqual([
      ["/check-in", 200 + 300 + 5000 + 1000],
      ["/sign-in", 100 + 1000],
    ]);
  });

  it("reports what a function lacks or must not ship", () => {
    const [checkIn] = functionTraces(fakeBuild());
    const reqs = [
      { what: "libonnxruntime", pattern: /libonnxruntime\.so\.1$/, present: true },
      { what: "a model", pattern: /public\/models\/.*\.onnx$/, present: true },
      { what: "darwin binaries", pattern: /napi-v6\/darwin\//, present: false },
      { what: "linux binaries", pattern: /napi-v6\/linux\//, present: false },
    ];
    expect(unmet(checkIn!, reqs)).toEqual(["/check-in: missing a model", "/check-in: ships linux binaries"]);
  });
});
