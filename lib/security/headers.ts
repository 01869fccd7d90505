// Response headers for every route (pure: next.config.ts applies them, proxy.ts adds them to the answers it gives
// itself, tests read them from here).
//
// The CSP names only the app's own origin. What the face pipeline needs on top of 'self':
// - 'wasm-unsafe-eval': compiling WebAssembly (MediaPipe tasks-vision, onnxruntime-web) — not 'unsafe-eval';
// - nothing else for the face pipeline: its worker, onnxruntime-web's pthread workers (its loader, same-origin),
//   MediaPipe's loader (importScripts) and every runtime and model are same-origin, content-addressed URLs
//   (lib/face/assets.ts) — no blob: URL is scripted, fetched or started as a worker;
// - img-src / media-src blob: and data: the camera preview, captured crops shown back, Next's image placeholders.
// Next.js inlines its bootstrap scripts and styles without nonces: 'unsafe-inline' for script-src and style-src
// (a nonce needs every page rendered per request). In development React and Turbopack also need 'unsafe-eval'.

export interface HeaderPair {
  key: string;
  value: string;
}

export function contentSecurityPolicy(dev: boolean): string {
  const directives: Record<string, string[]> = {
    "default-src": ["'self'"],
    "script-src": ["'self'", "'unsafe-inline'", "'wasm-unsafe-eval'", ...(dev ? ["'unsafe-eval'"] : [])],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "blob:", "data:"],
    "media-src": ["'self'", "blob:", "mediastream:"],
    "font-src": ["'self'", "data:"],
    "connect-src": ["'self'", ...(dev ? ["ws:"] : [])],
    "worker-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
  };
  return Object.entries(directives)
    .map(([k, v]) => `${k} ${v.join(" ")}`)
    .join("; ");
}

/** Headers on every response. HSTS only in production (a dev server on http://localhost must stay reachable). */
export function securityHeaders(env: { production: boolean }): HeaderPair[] {
  return [
    { key: "Content-Security-Policy", value: contentSecurityPolicy(!env.production) },
    { key: "X-Frame-Options", value: "DENY" },
    { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
    { key: "X-Content-Type-Options", value: "nosniff" },
    { key: "Permissions-Policy", value: "camera=(self), microphone=(), geolocation=(), payment=()" },
    ...(env.production ? [{ key: "Strict-Transport-Security", value: "max-age=31536000; includeSubDomains" }] : []),
  ];
}

/**
 * Cross-origin isolation (COOP + COEP) lets onnxruntime-web use WASM threads (SharedArrayBuffer). Only the pages
 * that run the face pipeline get it: it forbids cross-origin popups and embeds, which no other page needs to give up.
 */
export const isolationHeaders: HeaderPair[] = [
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
  { key: "Cross-Origin-Embedder-Policy", value: "require-corp" },
];

/** The pages whose WASM needs threads (their sub-paths included). */
export const ISOLATED_PAGES = ["/check-in", "/enrol", "/kiosk", "/lab"] as const;

/**
 * Next.js `headers()` sources for the isolation headers: each isolated page and what it loads as a worker script
 * (a dedicated worker of an isolated page must itself be served with COEP: the bundled face worker under
 * /_next/static, onnxruntime's and MediaPipe's runtimes under /ort and /mediapipe). A script's COEP means nothing
 * on a page that is not isolated.
 */
export const isolationSources: string[] = [
  ...ISOLATED_PAGES.flatMap((p) => [p, `${p}/:path*`]),
  "/_next/static/:path*",
  "/ort/:path*",
  "/mediapipe/:path*",
];
