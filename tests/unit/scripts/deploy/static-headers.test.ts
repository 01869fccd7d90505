// scripts/deploy/static-headers.ts: the headers verify:deploy's CDN stand-in gives a static file, from the build's
// routes manifest. The rules below are those `next build` (Next 16.4.6) wrote for next.config.ts, regexes verbatim.
import { describe, expect, it } from "vitest";
import { IMMUTABLE_CACHE_CONTROL, modelUrl, BROWSER_MODELS, runtimeUrl } from "@/lib/face/assets";
import { staticHeaders, type RoutesManifest } from "@/scripts/deploy/static-headers";

const ANY = "^(?:/((?:[^/]+?)(?:/(?:[^/]+?))*))?(?:/)?$";
const isolation = [
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
  { key: "Cross-Origin-Embedder-Policy", value: "require-corp" },
];
const immutable = [{ key: "Cache-Control", value: IMMUTABLE_CACHE_CONTROL }];
const manifest: RoutesManifest = {
  caseSensitive: false,
  headers: [
    { source: "/:path*", regex: ANY, headers: [{ key: "X-Frame-Options", value: "DENY" }, { key: "Cache-Control", value: "no-cache" }] },
    { source: "/lab", regex: "^/lab(?:/)?$", headers: isolation },
    { source: "/ort/:path*", regex: "^/ort(?:/((?:[^/]+?)(?:/(?:[^/]+?))*))?(?:/)?$", headers: isolation },
    { source: "/models/:sha([0-9a-f]{64})/:file", regex: "^/models(?:/([0-9a-f]{64}))(?:/([^/]+?))(?:/)?$", headers: immutable },
    { source: "/ort/:sha([0-9a-f]{64})/:file", regex: "^/ort(?:/([0-9a-f]{64}))(?:/([^/]+?))(?:/)?$", headers: immutable },
  ],
};

describe("staticHeaders", () => {
  const headersFor = staticHeaders(manifest);

  it("gives a content-addressed runtime every matching rule's headers, the later rule's value winning", () => {
    expect(headersFor(runtimeUrl("ortWasm"))).toEqual({
      "x-frame-options": "DENY",
      "cache-control": IMMUTABLE_CACHE_CONTROL,
      "cross-origin-opener-policy": "same-origin",
      "cross-origin-embedder-policy": "require-corp",
    });
    for (const m of BROWSER_MODELS) expect(headersFor(modelUrl(m))["cache-control"]).toBe(IMMUTABLE_CACHE_CONTROL);
  });

  it("gives other paths only the rules that match them", () => {
    expect(headersFor("/models/NOTICE.md")).toEqual({ "x-frame-options": "DENY", "cache-control": "no-cache" });
    expect(headersFor("/lab")["cross-origin-embedder-policy"]).toBe("require-corp");
    expect(headersFor("/me")["cross-origin-embedder-policy"]).toBeUndefined();
    expect(headersFor(`/models/${"0".repeat(63)}/x.onnx.gz`)["cache-control"]).toBe("no-cache"); // not a sha256 folder
  });

  it("refuses rules that depend on the request", () => {
    const conditional = { ...manifest, headers: [{ ...manifest.headers[0]!, has: [{ type: "header", key: "x-a" }] }] };
    expect(() => staticHeaders(conditional)).toThrow(/has\/missing.*\/:path\*/);
  });
});
