// Security headers from next.config.ts, matched against paths the way Next matches `headers()` sources: every path
// gets the CSP (own origin only, WASM and workers allowed), frame-ancestors 'none', nosniff, Referrer-Policy and
// (production) HSTS; cross-origin isolation only on the pages whose WASM needs threads and the worker scripts
// they load. tests/e2e/security-edges.spec.ts reads the same headers off a real `next start`.
import { describe, expect, it } from "vitest";
import { buildCustomRoute } from "next/dist/lib/build-custom-route";
import { BROWSER_MODELS, modelUrl, RUNTIME_FILES, runtimeUrl, type RuntimeKey } from "@/lib/face/assets";

async function headersFor(production: boolean) {
  const env = process.env as Record<string, string | undefined>;
  const was = env.NODE_ENV;
  env.NODE_ENV = production ? "production" : "development";
  try {
    const { default: config } = await import("@/next.config");
    // Compiled as `next build` compiles them into the routes manifest.
    const rules = (await config.headers!()).map((r) => ({ ...r, re: new RegExp(buildCustomRoute("header", r).regex) }));
    return (path: string) => {
      const out = new Map<string, string>();
      for (const r of rules) if (r.re.test(path)) for (const h of r.headers) out.set(h.key.toLowerCase(), h.value);
      return out;
    };
  } finally {
    env.NODE_ENV = was;
  }
}

const PAGES = ["/", "/sign-in", "/admin", "/admin/staff/abc", "/me", "/go", "/api/health", "/api/auth/session", "/api/reports/csv", "/models/x.onnx", "/invite/tok"];
const ISOLATED = ["/check-in", "/enrol", "/kiosk", "/lab", "/check-in/x"];

describe("security headers", () => {
  it("are on every path, with a CSP limited to the app's origin", async () => {
    const of = await headersFor(true);
    for (const p of [...PAGES, ...ISOLATED, "/_next/static/chunks/a.js"]) {
      const h = of(p);
      const csp = h.get("content-security-policy") ?? "";
      expect(csp, p).toContain("default-src 'self'");
      expect(csp, p).toContain("frame-ancestors 'none'");
      expect(csp, p).toMatch(/script-src 'self'[^;]*'wasm-unsafe-eval'/);
      expect(csp, p).toMatch(/worker-src 'self'/);
      expect(csp, p).not.toMatch(/https?:|\*/); // no other origin, no wildcard
      expect(csp, p).not.toContain("'unsafe-eval'");
      expect(h.get("x-frame-options"), p).toBe("DENY");
      expect(h.get("x-content-type-options"), p).toBe("nosniff");
      expect(h.get("referrer-policy"), p).toBe("strict-origin-when-cross-origin");
      expect(h.get("strict-transport-security"), p).toMatch(/^max-age=\d{8}/);
    }
  });

  it("omit HSTS in development", async () => {
    const of = await headersFor(false);
    expect(of("/sign-in").has("strict-transport-security")).toBe(false);
    expect(of("/sign-in").get("content-security-policy")).toContain("frame-ancestors 'none'");
  });

  it("isolate only the pages whose WASM needs threads (and the worker scripts they load)", async () => {
    const of = await headersFor(true);
    for (const p of [...ISOLATED, "/_next/static/media/face-worker.js", runtimeUrl("ortMjs"), runtimeUrl("mediapipeLoader")]) {
      expect(of(p).get("cross-origin-opener-policy"), p).toBe("same-origin");
      expect(of(p).get("cross-origin-embedder-policy"), p).toBe("require-corp");
    }
    for (const p of PAGES) {
      expect(of(p).has("cross-origin-opener-policy"), p).toBe(false);
      expect(of(p).has("cross-origin-embedder-policy"), p).toBe(false);
    }
  });

  it("cache models and runtimes for good only under their content-addressed URLs", async () => {
    const of = await headersFor(true);
    const addressed = [...BROWSER_MODELS.map(modelUrl), ...(Object.keys(RUNTIME_FILES) as RuntimeKey[]).map(runtimeUrl)];
    for (const p of addressed) expect(of(p).get("cache-control"), p).toBe("public, max-age=31536000, immutable");
    for (const p of ["/models/mobilefacenet.onnx", "/models/NOTICE.md", "/ort/ort-wasm-simd-threaded.wasm", `/models/${"0".repeat(63)}/x.onnx`]) {
      expect(of(p).has("cache-control"), p).toBe(false);
    }
  });

  it("turn off x-powered-by", async () => {
    const { default: config } = await import("@/next.config");
    expect(config.poweredByHeader).toBe(false);
  });
});
